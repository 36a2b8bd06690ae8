import Redline
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads WordprocessingML parts into ``WordContent``: paragraphs by style and outline level,
/// lists by their numbering definitions (so `II.`, `A.`, `1)` come out as Word shows them),
/// runs with their formatting and revisions (`w:ins`, `w:del`, `w:moveTo`/`w:moveFrom` with the
/// move's name), paragraph-mark and table-row revisions, comments with their ranges and
/// replies, footnotes and endnotes.
///
/// An element it does not know is reported once as a warning and its text is still read, so
/// nothing is dropped without a word.
struct DocumentReader {
    /// Relationship ID → target, for hyperlinks.
    var relationships: [String: String] = [:]
    var styles = StyleSheet()
    var numbering = Numbering()
    private(set) var warnings: [String] = []
    private var warned = Set<String>()
    /// The move names open in the body, by the ID of their range start.
    private var moveNames: (from: String?, to: String?) = (nil, nil)
    private var counters = Numbering.Counters()
    /// Word fields open around the runs being read (`w:fldChar` begin … separate … end): their
    /// instruction so far, and whether their result (the text shown) has begun. A `HYPERLINK`
    /// field's result is a link.
    private var fields: [(instruction: String, showing: Bool)] = []

    // MARK: Body

    mutating func blocks(of container: XMLElement) -> [WordBlock] {
        var result: [WordBlock] = []
        for element in container.elementChildren {
            switch element.local {
            case "p": result.append(.paragraph(paragraph(element)))
            case "tbl": result.append(.table(table(element)))
            case "sdt", "sdtContent", "customXml", "smartTag":
                result += blocks(of: element)
            case "sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                 "commentRangeStart", "commentRangeEnd", "sdtPr", "sdtEndPr", "tcPr", "tblPr", "tblGrid", "trPr":
                break
            case "moveFromRangeStart", "moveToRangeStart", "moveFromRangeEnd", "moveToRangeEnd":
                moveRange(element)
            default:
                warn(element)
                // Whatever text it holds is kept, as paragraphs.
                let inner = blocks(of: element)
                result += inner.isEmpty ? textParagraphs(of: element) : inner
            }
        }
        return result
    }

    /// The text an element shows: its `w:t` (and `w:delText`) text, paragraphs and breaks as
    /// spaces, and of an `mc:AlternateContent` only one branch (a text box is written twice,
    /// for new and old readers; its text must come in once). Not `stringValue`, which would
    /// take both branches and the layout's white space between elements.
    static func shownText(_ element: XMLElement) -> String {
        switch element.local {
        case "t", "delText": return element.stringValue ?? ""
        case "tab", "br", "cr": return " "
        case "AlternateContent":
            let branch = element.elementChildren.first { $0.local == "Choice" } ?? element.elementChildren.first { $0.local == "Fallback" }
            return branch.map(shownText) ?? ""
        case "instrText", "delInstrText", "rPr", "pPr": return ""
        case "drawing", "pict":
            // A picture is not imported: its description (alternative text) stands in its place,
            // as on export, unless it is a text box, whose text is what it shows.
            let boxes = textBoxes(in: element).map(shownText).joined()
            if !boxes.trimmingCharacters(in: .whitespaces).isEmpty { return boxes }
            return firstDescription(in: element) ?? ""
        default:
            // An element of text alone (no elements inside) shows that text.
            if element.elementChildren.isEmpty, element.local != "p" { return element.stringValue ?? "" }
            let inner = element.elementChildren.map(shownText).joined()
            return element.local == "p" ? inner + " " : inner
        }
    }

    /// The text boxes' contents (`w:txbxContent`) inside a drawing.
    private static func textBoxes(in element: XMLElement) -> [XMLElement] {
        element.local == "txbxContent" ? [element] : element.elementChildren.flatMap(textBoxes)
    }

    private static func firstDescription(in element: XMLElement) -> String? {
        if element.local == "docPr", let description = element.value("descr") ?? element.value("title"), !description.isEmpty { return description }
        return element.elementChildren.lazy.compactMap(firstDescription).first
    }

    private mutating func textParagraphs(of element: XMLElement) -> [WordBlock] {
        let text = Self.shownText(element).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        var paragraph = WordParagraph()
        paragraph.pieces = [.text(text, WordFormat(), [])]
        return [.paragraph(paragraph)]
    }

    mutating func paragraph(_ element: XMLElement) -> WordParagraph {
        var paragraph = WordParagraph()
        let properties = element.child("pPr")
        let styleID = properties?.childValue("pStyle")
        let style = styleID.flatMap { styles.styles[$0] }
        // A move's name is on its range start, which comes after the paragraph's properties:
        // read it first, so that a moved paragraph's mark has it too.
        for child in element.elementChildren where child.local.hasSuffix("RangeStart") { moveRange(child) }
        if let mark = properties?.child("rPr").flatMap(revision(in:)) { paragraph.mark = mark }
        paragraph.alignment = properties?.childValue("jc")
        let outline = (properties?.childValue("outlineLvl")).flatMap(Int.init) ?? style?.outlineLevel
        let numbering = properties?.child("numPr").map { (numId: $0.childValue("numId"), level: $0.childValue("ilvl").flatMap(Int.init) ?? 0) }
            ?? style?.numbering.map { (numId: Optional($0.numId), level: $0.level) }
        switch style?.kind {
        case .heading(let level): paragraph.role = .heading(level)
        case .quote: paragraph.role = .quote
        case .code: paragraph.role = .code
        case .thematicBreak: paragraph.role = .thematicBreak
        case .listContinuation:
            paragraph.role = .listContinuation
            // Half an inch (720 twentieths of a point) a level, as `policy export` indents it.
            if let left = (properties?.child("ind")).flatMap({ $0.value("left") ?? $0.value("start") }).flatMap(Int.init), left > 0 {
                paragraph.continuationDepth = max(1, (left + 360) / 720)
            }
        case .metadata(let key): paragraph.role = .metadata(key)
        case .plain, nil:
            if let outline, outline < 9 { paragraph.role = .heading(min(outline + 1, 6)) }
        }
        if let numbering, let numId = numbering.numId, numId != "0",
           let label = self.numbering.label(numId: numId, level: numbering.level, counters: &counters) {
            if case .heading(let level) = paragraph.role, properties?.child("numPr") != nil, let marker = label.marker {
                // A heading numbered on its own as a list item, not by its style's outline
                // numbering: a list item that is a heading.
                paragraph.role = .listItem(level: numbering.level, marker: marker)
                paragraph.itemHeading = level
                paragraph.listID = numId
            } else if case .heading = paragraph.role {
                paragraph.label = label.text
            } else {
                paragraph.role = .listItem(level: numbering.level, marker: label.marker)
                paragraph.listID = numId
                if label.marker == nil { paragraph.label = label.text }
            }
        }
        if case .heading(let level) = paragraph.role, let formatting = properties?.child("pPrChange"),
           let oldStyle = formatting.child("pPr")?.childValue("pStyle").flatMap({ styles.styles[$0] }),
           case .heading(let oldLevel) = oldStyle.kind, oldLevel != level {
            // Only a change of heading level has a form in Markdown (`##{++#++} Title`); other
            // formatting changes are accepted as they stand.
            paragraph.levelChange = (oldLevel, change(formatting, oldLevel < level ? .insertion : .deletion))
        } else if properties?.child("pPrChange") != nil {
            warn("paragraph formatting changes tracked in Word are taken as they now stand (only a heading's change of level has a form in Markdown)")
        }
        inline(element, WordFormat(), [], into: &paragraph.pieces)
        paragraph.pieces = paragraph.pieces.map(\.nestable)
        return paragraph
    }

    /// The revision recorded on a paragraph mark or a table row (`w:ins`, `w:del`, `w:moveTo`,
    /// `w:moveFrom` among its properties).
    private func revision(in properties: XMLElement) -> WordChange? {
        for child in properties.elementChildren {
            switch child.local {
            case "ins": return change(child, .insertion)
            case "del": return change(child, .deletion)
            case "moveTo": return change(child, .insertion, move: moveNames.to ?? "move")
            case "moveFrom": return change(child, .deletion, move: moveNames.from ?? "move")
            default: continue
            }
        }
        return nil
    }

    private func change(_ element: XMLElement, _ kind: WordChange.Kind, move: String? = nil) -> WordChange {
        let author = element.value("author").flatMap { $0.isEmpty ? nil : $0 }
        return WordChange(kind: kind, author: author, date: element.value("date").flatMap(Self.date), move: move)
    }

    /// Midnight UTC is a date alone (as `policy export` writes a date); any other time is kept.
    /// What is no date at all is none (LibreOffice writes `0-00-00T00:00:00Z` for "no date").
    static func date(_ value: String) -> String? {
        for suffix in ["T00:00:00Z", "T00:00:00.000Z", "T00:00:00"] where value.hasSuffix(suffix) && value.count == 10 + suffix.count {
            let day = String(value.prefix(10))
            return Attribution.isDate(day) ? day : nil
        }
        return Attribution.isDate(value) ? value : nil
    }

    private mutating func moveRange(_ element: XMLElement) {
        switch element.local {
        case "moveFromRangeStart": moveNames.from = element.value("name")
        case "moveToRangeStart": moveNames.to = element.value("name")
        default: break
        }
    }

    private mutating func inline(_ element: XMLElement, _ format: WordFormat, _ changes: [WordChange], into pieces: inout [WordPiece]) {
        for child in element.elementChildren {
            switch child.local {
            case "r":
                run(child, format, changes, into: &pieces)
            case "ins":
                inline(child, format, changes + [change(child, .insertion)], into: &pieces)
            case "del":
                inline(child, format, changes + [change(child, .deletion)], into: &pieces)
            case "moveTo":
                inline(child, format, changes + [change(child, .insertion, move: moveNames.to ?? "move")], into: &pieces)
            case "moveFrom":
                inline(child, format, changes + [change(child, .deletion, move: moveNames.from ?? "move")], into: &pieces)
            case "hyperlink":
                var linked = format
                if let id = child.value("id"), let target = relationships[id] {
                    linked.link = target + (child.value("anchor").map { "#" + $0 } ?? "")
                } else if let anchor = child.value("anchor") {
                    linked.link = "#" + anchor
                }
                inline(child, linked, changes, into: &pieces)
            case "fldSimple":
                var linked = format
                if let target = child.value("instr").flatMap(Self.hyperlinkTarget) { linked.link = target }
                inline(child, linked, changes, into: &pieces)
            case "smartTag", "customXml", "sdt", "sdtContent":
                inline(child, format, changes, into: &pieces)
            case "commentRangeStart":
                if let id = child.value("id") { pieces.append(.commentStart(id)) }
            case "commentRangeEnd":
                if let id = child.value("id") { pieces.append(.commentEnd(id)) }
            case "moveFromRangeStart", "moveToRangeStart", "moveFromRangeEnd", "moveToRangeEnd":
                moveRange(child)
            case "pPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "sdtPr", "sdtEndPr":
                break
            default:
                warn(child)
                let text = Self.shownText(child)
                if !text.isEmpty { pieces.append(.text(text, format, changes)) }
            }
        }
    }

    private mutating func run(_ run: XMLElement, _ format: WordFormat, _ changes: [WordChange], into pieces: inout [WordPiece]) {
        var format = format
        if let properties = run.child("rPr") {
            func on(_ name: String) -> Bool? {
                guard let element = properties.child(name) else { return nil }
                let value = element.value("val") ?? "true"
                return !["0", "false", "off", "none"].contains(value)
            }
            if let bold = on("b") { format.bold = bold }
            if let italic = on("i") { format.italic = italic }
            if let strike = on("strike") ?? on("dstrike") { format.strike = strike }
            if let style = properties.childValue("rStyle"), styles.codeCharacterStyles.contains(style) { format.code = true }
            if properties.child("rPrChange") != nil {
                warn("formatting changes tracked in Word (bold, italic and the like) are taken as they now stand: Redline marks changes to text, not to formatting")
            }
        }
        let base = format
        for child in run.elementChildren {
            format = base
            if let link = fields.last(where: \.showing).flatMap({ Self.hyperlinkTarget($0.instruction) }) { format.link = link }
            switch child.local {
            case "t", "delText":
                pieces.append(.text(child.stringValue ?? "", format, changes))
            case "tab", "ptab":
                pieces.append(.text("\t", format, changes))
            case "br", "cr":
                // A page or column break is layout, not a line of the text.
                if child.value("type") == nil || child.value("type") == "textWrapping" { pieces.append(.lineBreak(changes)) }
            case "noBreakHyphen":
                pieces.append(.text("\u{2011}", format, changes))
            case "softHyphen":
                pieces.append(.text("\u{00AD}", format, changes))
            case "sym":
                if let code = child.value("char").flatMap({ UInt32($0, radix: 16) }), let scalar = Unicode.Scalar(code) {
                    pieces.append(.text(String(scalar), format, changes))
                }
            case "footnoteReference":
                if let id = child.value("id") { pieces.append(.footnote(id, changes)) }
            case "endnoteReference":
                if let id = child.value("id") { pieces.append(.footnote("e" + id, changes)) }
            case "commentReference":
                if let id = child.value("id") { pieces.append(.commentReference(id)) }
            case "fldChar":
                switch child.value("fldCharType") {
                case "begin": fields.append(("", false))
                case "separate": if !fields.isEmpty { fields[fields.count - 1].showing = true }
                case "end": _ = fields.popLast()
                default: break
                }
            case "instrText", "delInstrText":
                if !fields.isEmpty { fields[fields.count - 1].instruction += child.stringValue ?? "" }
            case "rPr", "annotationRef", "footnoteRef", "endnoteRef", "separator", "continuationSeparator",
                 "lastRenderedPageBreak":
                break
            default:
                warn(child)
                // A text box or other container: its text is kept in place.
                let text = Self.shownText(child).trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { pieces.append(.text(text, format, changes)) }
            }
        }
    }

    /// The target of a `HYPERLINK "url" [\\l "anchor"]` field instruction (switches such as
    /// `\\o "tip"` left out), or nil for any other field.
    static func hyperlinkTarget(_ instruction: String) -> String? {
        let words = instruction.trimmingCharacters(in: .whitespaces)
        guard words.uppercased().hasPrefix("HYPERLINK") else { return nil }
        var url: String?, anchor: String?, pendingSwitch: String?
        var rest = Substring(words.dropFirst("HYPERLINK".count))
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            let token: String
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                token = String(body[..<end])
                rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                switch pendingSwitch {
                case "\\l": anchor = token
                case nil: if url == nil { url = token }
                default: break
                }
                pendingSwitch = nil
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                token = String(rest[..<end])
                rest = rest[end...]
                if token.hasPrefix("\\") { pendingSwitch = token } else if pendingSwitch == nil, url == nil { url = token } else { pendingSwitch = nil }
            }
        }
        guard url != nil || anchor != nil else { return nil }
        return (url ?? "") + (anchor.map { "#" + $0 } ?? "")
    }

    private mutating func table(_ element: XMLElement) -> WordTable {
        var table = WordTable()
        for row in element.elementChildren where row.local == "tr" {
            let properties = row.child("trPr")
            var cells: [[WordParagraph]] = []
            for cell in row.elementChildren where cell.local == "tc" {
                var paragraphs: [WordParagraph] = []
                for block in blocks(of: cell) {
                    switch block {
                    case .paragraph(let p): paragraphs.append(p)
                    case .table(let nested):
                        warn("a table inside a table cell is read as the cell's paragraphs")
                        paragraphs += nested.rows.flatMap { $0.cells.flatMap { $0 } }
                    }
                }
                cells.append(paragraphs)
            }
            table.rows.append(WordTable.Row(cells: cells, isHeader: properties?.child("tblHeader") != nil,
                                            change: properties.flatMap(revision(in:))))
        }
        return table
    }

    // MARK: Other parts

    mutating func footnotes(_ root: XMLElement, prefix: String) -> [String: [WordBlock]] {
        var result: [String: [WordBlock]] = [:]
        for note in root.elementChildren where note.local == "footnote" || note.local == "endnote" {
            guard let id = note.value("id"), note.value("type") == nil || note.value("type") == "normal" else { continue }
            result[prefix + id] = blocks(of: note)
        }
        return result
    }

    /// Comments by ID, and the replies of each (from commentsExtended's paragraph IDs).
    static func comments(_ root: XMLElement, extended: XMLElement?) -> (comments: [String: WordCommentEntry], replies: [String: [String]]) {
        var comments: [String: WordCommentEntry] = [:]
        var byParagraph: [String: String] = [:]
        var order: [String] = []
        for comment in root.elementChildren where comment.local == "comment" {
            guard let id = comment.value("id") else { continue }
            let paragraphs = comment.elementChildren.filter { $0.local == "p" }
            let text = paragraphs.map(plainText).joined(separator: "\n\n")
            let author = comment.value("author").flatMap { $0.isEmpty ? nil : $0 }
            comments[id] = WordCommentEntry(author: author, date: comment.value("date").flatMap(Self.date), text: text)
            if let last = paragraphs.last, let paraID = last.value("paraId") { byParagraph[paraID] = id }
            order.append(id)
        }
        var replies: [String: [String]] = [:]
        for entry in extended?.elementChildren ?? [] where entry.local == "commentEx" {
            guard let paraID = entry.value("paraId"), let parentParagraph = entry.value("paraIdParent"),
                  let id = byParagraph[paraID], let parent = byParagraph[parentParagraph] else { continue }
            replies[parent, default: []].append(id)
        }
        for (parent, ids) in replies {
            replies[parent] = ids.sorted { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
        }
        return (comments, replies)
    }

    /// A paragraph's text, for comments: runs' text, tabs as spaces.
    private static func plainText(_ paragraph: XMLElement) -> String {
        var text = ""
        func walk(_ element: XMLElement) {
            for child in element.elementChildren {
                switch child.local {
                case "t", "delText": text += child.stringValue ?? ""
                case "tab": text += " "
                case "br", "cr": text += " "
                case "rPr", "pPr", "instrText": break
                default: walk(child)
                }
            }
        }
        walk(paragraph)
        return text
    }

    private mutating func warn(_ element: XMLElement) {
        warn("unsupported element <\(element.name ?? element.local)>; any text in it is kept as plain text")
    }

    mutating func warn(_ message: String) {
        if warned.insert(message).inserted { warnings.append(message) }
    }
}
