import Foundation
import Redline

/// Writes an ``Edition``'s blocks as WordprocessingML: the body, and beside it the footnotes,
/// comments, hyperlink targets and list instances the other parts need.
///
/// Every change becomes a real Word revision, so a reviewer can accept and reject in Word:
/// runs inside a change sit in `w:ins`/`w:del` (`w:moveTo`/`w:moveFrom` for a move), a deletion
/// nested in an insertion as `w:del` inside `w:ins` (as Word records striking another's
/// addition), and a paragraph whose end falls inside a change — a whole inserted or deleted
/// block, a split or a join — has its paragraph mark revised too (`w:pPr/w:rPr/w:ins`).
struct BodyWriter {
    let edition: Edition

    /// The parts' contents, filled by ``write()``.
    private(set) var body: [XMLTree] = []
    private(set) var footnotes: [(id: Int, paragraphs: [XMLTree])] = []
    private(set) var comments: [WordComment] = []
    /// Hyperlink targets; the n-th is relationship `rIdLink<n>`.
    private(set) var links: [String] = []
    /// List instances in order; the n-th is `w:num` n + 1.
    private(set) var lists: [(ordered: Bool, start: Int, level: Int, delimiter: Character)] = []

    /// Inline changes open at this point of the walk (they may span paragraphs).
    private var open: [ChangeMarker] = []
    /// Whole-block changes of the blocks being written, outermost first.
    private var blockChanges: [ChangeMarker] = []
    private var nextID = 1
    private var commentIDs: [String: [Int]] = [:]
    private var paragraph = ParagraphContent()

    init(edition: Edition) {
        self.edition = edition
    }

    /// Where a paragraph stands: its style, its list level and number, its alignment.
    struct Context {
        var style: String?
        var numbering: (id: Int, level: Int)?
        var listLevel = 0
        var indent = 0
        var alignment: String?
        /// A heading's changed level: the style it had, and the revision that changed it.
        var styleChange: (old: String, revision: WordRevision)?
    }

    mutating func write() {
        var anchors: [Int: String] = [:]
        for heading in edition.headings { anchors[heading.blockIndex] = heading.anchor }
        for (index, block) in edition.root.children.enumerated() {
            if case .footnoteDefinition(let label) = block.kind {
                let number = edition.footnoteNumbers[label] ?? footnotes.count + 1
                var paragraphs: [XMLTree] = []
                withBlockChange(block.change) {
                    for child in block.children { $0.write(child, Context(style: "FootnoteText"), into: &paragraphs) }
                }
                if paragraphs.isEmpty { paragraphs.append(XMLPart.element("w:p")) }
                let hasProperties = paragraphs[0].children.first?.name == "w:pPr"
                paragraphs[0].children.insert(Self.footnoteRefRun(), at: hasProperties ? 1 : 0)
                footnotes.append((number, paragraphs))
                continue
            }
            var blocks = body
            body = []
            write(block, Context(), into: &blocks, anchor: anchors[index])
            body = blocks
        }
    }

    private mutating func withBlockChange(_ marker: ChangeMarker?, _ body: (inout BodyWriter) -> Void) {
        if let marker { blockChanges.append(marker) }
        body(&self)
        if marker != nil { blockChanges.removeLast() }
    }

    private mutating func write(_ block: Block, _ context: Context, into out: inout [XMLTree], anchor: String? = nil) {
        withBlockChange(block.change) { writer in
            switch block.kind {
            case .paragraph:
                var inlines = block.inlines
                // Word numbers a list's items itself: an item's changed number (`{~~3~>4~~}.`, as
                // the edition shows a renumbered item) has no place in its text.
                if context.numbering != nil { Self.dropNumberChange(&inlines) }
                out.append(writer.paragraph(inlines, context))
            case .heading(let level):
                var heading = context
                heading.style = Self.headingStyle(level)
                var inlines = block.inlines
                if let change = writer.levelChange(&inlines, level: level) {
                    // Word records a changed level as a revision of the paragraph's style.
                    heading.styleChange = (Self.headingStyle(change.oldLevel), change.revision)
                }
                out.append(writer.paragraph(inlines, heading, bookmark: anchor))
            case .blockQuote:
                var quote = context
                quote.style = "Quote"
                quote.indent += 1
                for child in block.children { writer.write(child, quote, into: &out) }
            case .list(let ordered, let start, _, let delimiter):
                writer.lists.append((ordered, start, context.listLevel, delimiter))
                let number = writer.lists.count
                for item in block.children {
                    var itemContext = context
                    itemContext.numbering = (number, context.listLevel)
                    writer.write(item, itemContext, into: &out)
                }
            case .item:
                var first = true
                for child in block.children {
                    var childContext = context
                    childContext.listLevel = context.listLevel + 1
                    if case .list = child.kind {
                        childContext.numbering = nil
                    } else if first {
                        childContext.style = "ListParagraph"
                        first = false
                    } else {
                        childContext.numbering = nil
                        childContext.style = "ListContinue"
                        childContext.indent = context.listLevel + 1
                    }
                    writer.write(child, childContext, into: &out)
                }
                if first {
                    // An empty item still shows its number.
                    var empty = context
                    empty.style = "ListParagraph"
                    out.append(writer.paragraph([], empty))
                }
            case .htmlBlock where RawHTML(block.inlines.map(\.plainText).joined()) == .comment:
                // An HTML comment is an author's note: left out, as the editions leave it out.
                break
            case .codeBlock, .htmlBlock:
                // Raw HTML is shown as the text it is, never passed on as markup.
                var code = context
                code.style = "SourceCode"
                // The literal ends with its last line's break: that is no line of its own.
                var inlines = block.inlines
                if case .text(let last)? = inlines.last, last.hasSuffix("\n") { inlines[inlines.count - 1] = .text(String(last.dropLast())) }
                out.append(writer.paragraph(inlines, code, verbatim: true))
            case .thematicBreak:
                var rule = context
                rule.style = "ThematicBreak"
                out.append(writer.paragraph([], rule))
            case .table(let alignments):
                out.append(writer.table(block, alignments: alignments))
            case .footnoteDefinition, .tableRow, .tableCell, .document, .other:
                for child in block.children { writer.write(child, context, into: &out) }
                if !block.inlines.isEmpty { out.append(writer.paragraph(block.inlines, context)) }
            }
        }
    }

    // MARK: Tables

    private mutating func table(_ table: Block, alignments: [Block.Alignment]) -> XMLTree {
        let columns = max(alignments.count, table.children.map(\.children.count).max() ?? 0)
        let properties = XMLPart.element("w:tblPr", [], [
            XMLPart.element("w:tblStyle", [("w:val", "Table")]),
            XMLPart.element("w:tblW", [("w:w", "0"), ("w:type", "auto")]),
        ])
        let grid = XMLPart.element("w:tblGrid", [], (0..<max(columns, 1)).map { _ in XMLPart.element("w:gridCol") })
        var rows: [XMLTree] = []
        for row in table.children {
            var header = false
            if case .tableRow(let h) = row.kind { header = h }
            var cells: [XMLTree] = []
            withBlockChange(row.change) { writer in
                var rowProperties: [XMLTree] = []
                if header { rowProperties.append(XMLPart.element("w:tblHeader")) }
                if let revision = writer.currentRevisions().last {
                    // A whole row inserted or deleted is a row revision in Word.
                    let name = revision.kind.removesText ? "w:del" : "w:ins"
                    rowProperties.append(XMLPart.element(name, revision.attributes(id: writer.takeID())))
                }
                if !rowProperties.isEmpty { cells.append(XMLPart.element("w:trPr", [], rowProperties)) }
                for (column, cell) in row.children.enumerated() {
                    var context = Context()
                    context.alignment = column < alignments.count ? Self.justification(alignments[column]) : nil
                    var paragraphs: [XMLTree] = []
                    writer.withBlockChange(cell.change) { $0.write(cell, context, into: &paragraphs) }
                    if paragraphs.isEmpty { paragraphs.append(writer.paragraph([], context)) }
                    cells.append(XMLPart.element("w:tc", [], [XMLPart.element("w:tcPr")] + paragraphs))
                }
            }
            rows.append(XMLPart.element("w:tr", [], cells))
        }
        return XMLPart.element("w:tbl", [], [properties, grid] + rows)
    }

    private static func justification(_ alignment: Block.Alignment) -> String? {
        switch alignment {
        case .none: nil
        case .left: "left"
        case .center: "center"
        case .right: "right"
        }
    }

    // MARK: Paragraphs

    /// A paragraph: its properties (style, list number, indent, alignment, and the revision of
    /// its mark when its end falls inside a change), then its runs.
    private mutating func paragraph(_ inlines: [Inline], _ context: Context, bookmark: String? = nil, verbatim: Bool = false) -> XMLTree {
        paragraph = ParagraphContent()
        if let bookmark {
            let id = String(takeID())
            paragraph.add(XMLPart.element("w:bookmarkStart", [("w:id", id), ("w:name", bookmark)]))
            walk(inlines, RunFormat(verbatim: verbatim))
            closeChain()
            paragraph.add(XMLPart.element("w:bookmarkEnd", [("w:id", id)]))
        } else {
            walk(inlines, RunFormat(verbatim: verbatim))
        }
        closeChain()
        var properties: [XMLTree] = []
        if let style = context.style { properties.append(XMLPart.element("w:pStyle", [("w:val", style)])) }
        if let numbering = context.numbering {
            properties.append(XMLPart.element("w:numPr", [], [
                XMLPart.element("w:ilvl", [("w:val", String(min(numbering.level, 8)))]),
                XMLPart.element("w:numId", [("w:val", String(numbering.id))]),
            ]))
        }
        if context.indent > 0, context.numbering == nil {
            properties.append(XMLPart.element("w:ind", [("w:left", String(720 * context.indent))]))
        }
        if let alignment = context.alignment { properties.append(XMLPart.element("w:jc", [("w:val", alignment)])) }
        if let revision = currentRevisions().last, !(context.style?.hasPrefix("Heading") == true && lineEndsEither(revision)) {
            properties.append(XMLPart.element("w:rPr", [], [
                XMLPart.element("w:" + revision.kind.rawValue, revision.attributes(id: takeID())),
            ]))
        }
        // Last among the properties, as the schema orders them.
        if let (oldStyle, revision) = context.styleChange {
            properties.append(XMLPart.element("w:pPrChange", revision.attributes(id: takeID()), [
                XMLPart.element("w:pPr", [], [XMLPart.element("w:pStyle", [("w:val", oldStyle)])]),
            ]))
        }
        let children: [XMLTree] = (properties.isEmpty ? [] : [XMLPart.element("w:pPr", [], properties)]) + paragraph.content
        return XMLPart.element("w:p", [], children)
    }

    /// Whether a change at a heading's end only adds or takes away line breaks while a line
    /// break follows it in the source (`### Term{++⏎++}⏎⏎Text`): the heading ends there in
    /// both readings, so its paragraph mark is not revised (that would join it to the text).
    private mutating func lineEndsEither(_ revision: WordRevision) -> Bool {
        guard let change = edition.change(revision.changeID), (change.oldText + change.newText).allSatisfy(\.isWhitespace) else { return false }
        if sourceBytes == nil { sourceBytes = Array(edition.document.source.utf8) }
        let end = change.range.offsets.upperBound
        return end >= sourceBytes!.count || sourceBytes![end] == UInt8(ascii: "\n")
    }

    /// The source's bytes, made once and only when a heading's end needs them (the document
    /// gives its source as a String, which is the whole file each time).
    private var sourceBytes: [UInt8]?

    /// Takes out a renumbered item's number change at the start of its text (the old and the
    /// new number, each all digits, one change) and the space after it.
    static func dropNumberChange(_ inlines: inout [Inline]) {
        guard inlines.count >= 7, case .changeStart(let a) = inlines[0], a.role == .deleted, case .text(let old) = inlines[1],
              case .changeEnd = inlines[2], case .changeStart(let b) = inlines[3], b.id == a.id, b.role == .inserted,
              case .text(let new) = inlines[4], case .changeEnd = inlines[5], case .text(let rest) = inlines[6], rest.hasPrefix(" "),
              [old, new].allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return }
        inlines.removeFirst(6)
        inlines[0] = .text(String(rest.dropFirst()))
        if case .text("") = inlines[0] { inlines.removeFirst() }
    }

    private static func headingStyle(_ level: Int) -> String { "Heading\(min(max(level, 1), 6))" }

    /// A heading's changed level, as the redline edition shows it: its inserted or deleted `#`
    /// marks at the start of its text (`{+#+} Title`). Those inlines and the space after them are
    /// taken out; the level the heading had, and the change's revision, are returned.
    private func levelChange(_ inlines: inout [Inline], level: Int) -> (oldLevel: Int, revision: WordRevision)? {
        guard inlines.count >= 3, case .changeStart(let marker) = inlines[0], case .text(let hashes) = inlines[1],
              !hashes.isEmpty, hashes.allSatisfy({ $0 == "#" }), case .changeEnd(let end) = inlines[2], end == marker,
              marker.role != .highlighted else { return nil }
        var rest = Array(inlines.dropFirst(3))
        // A substitution of `#` marks (`{~~####~>###~~}`) shows both sides: the inserted side next.
        var oldLevel = marker.role == .deleted ? level + hashes.count : level - hashes.count
        if marker.role == .deleted, rest.count >= 3, case .changeStart(let m2) = rest[0], m2.id == marker.id, m2.role == .inserted,
           case .text(let new) = rest[1], new.allSatisfy({ $0 == "#" }), case .changeEnd = rest[2] {
            oldLevel = level - new.count + hashes.count
            rest.removeFirst(3)
        }
        // The edition puts a space between the changed marks and the title; without it the `#`
        // is a change in the title's text (`## {++#++}Topic`), not in its level.
        guard (1...6).contains(oldLevel), oldLevel != level, case .text(let text) = rest.first, text.hasPrefix(" ") else { return nil }
        rest[0] = .text(String(text.dropFirst()))
        if case .text("") = rest[0] { rest.removeFirst() }
        inlines = rest
        return (oldLevel, WordRevision(marker: marker, change: edition.change(marker.id)))
    }

    /// Character formatting from the inline containers around a run.
    private struct RunFormat {
        var bold = false, italic = false, strike = false, code = false
        var verbatim = false
        var link: String?
    }

    private mutating func walk(_ inlines: [Inline], _ format: RunFormat) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                if format.verbatim {
                    // Code keeps its lines: a break between them, no trailing break.
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    for (i, line) in lines.enumerated() {
                        if i > 0 { run(XMLPart.element("w:br"), format) }
                        if !line.isEmpty { textRun(String(line), format) }
                    }
                } else {
                    textRun(text, format)
                }
            case .code(let text):
                var code = format
                code.code = true
                textRun(text, code)
            case .html(let text):
                // As in the editions: an HTML comment is left out, `<br>` is a line break, any
                // other tag is its literal text.
                switch RawHTML(text) {
                case .comment: break
                case .lineBreak: run(XMLPart.element("w:br"), format)
                case .literal(let literal): textRun(literal, format)
                }
            case .softBreak:
                textRun(" ", format)
            case .lineBreak:
                run(XMLPart.element("w:br"), format)
            case .emphasis(let children):
                var inner = format
                inner.italic = true
                walk(children, inner)
            case .strong(let children):
                var inner = format
                inner.bold = true
                walk(children, inner)
            case .strikethrough(let children):
                var inner = format
                inner.strike = true
                walk(children, inner)
            case .link(let destination, _, let children):
                var inner = format
                inner.link = destination
                walk(children, inner)
            case .image(_, _, let children):
                // An image is not carried into Word: its description stands in its place.
                walk(children, format)
            case .footnoteReference(let label):
                let id = edition.footnoteNumbers[label] ?? 0
                var reference = format
                reference.link = nil
                run(XMLPart.element("w:footnoteReference", [("w:id", String(id))]), reference, style: "FootnoteReference")
            case .changeStart(let marker):
                open.append(marker)
                startComments(for: marker.id)
            case .changeEnd(let marker):
                if let index = open.lastIndex(of: marker) { open.remove(at: index) }
            case .comment(let id):
                endComments(for: id, format)
            }
        }
    }

    private mutating func textRun(_ text: String, _ format: RunFormat) {
        guard !text.isEmpty else { return }
        let deleted = currentRevisions().contains { $0.kind.removesText }
        run(XMLPart.text(deleted ? "w:delText" : "w:t", text, [("xml:space", "preserve")]), format,
            style: format.code ? "VerbatimChar" : format.link != nil ? "Hyperlink" : nil)
    }

    /// A run holding `content`, inside the hyperlink and revisions now open.
    private mutating func run(_ content: XMLTree, _ format: RunFormat, style: String? = nil) {
        var properties: [XMLTree] = []
        if let style { properties.append(XMLPart.element("w:rStyle", [("w:val", style)])) }
        if format.bold { properties.append(XMLPart.element("w:b")) }
        if format.italic { properties.append(XMLPart.element("w:i")) }
        if format.strike { properties.append(XMLPart.element("w:strike")) }
        let run = XMLPart.element("w:r", [], (properties.isEmpty ? [] : [XMLPart.element("w:rPr", [], properties)]) + [content])
        let key = ParagraphContent.Key(link: format.link, revisions: currentRevisions())
        if paragraph.pending?.key != key { closeChain() }
        // Appended in place: building a new array of the chain's runs at each run made a long
        // paragraph quadratic (20,000 footnote references took 25 s).
        if paragraph.pending == nil { paragraph.pending = (key, []) }
        paragraph.pending!.runs.append(run)
    }

    // MARK: Containers

    /// The revisions a run written now sits in, outermost first.
    private func currentRevisions() -> [WordRevision] {
        var result: [WordRevision] = []
        var seen = Set<ChangeMarker>()
        for marker in blockChanges + open where marker.role != .highlighted && seen.insert(marker).inserted {
            result.append(WordRevision(marker: marker, change: edition.change(marker.id)))
        }
        return result
    }

    /// Writes the runs gathered so far inside their revisions and hyperlink: runs that share
    /// them share one container, so one change is one `w:ins` per paragraph, not one per run.
    private mutating func closeChain() {
        guard let (key, runs) = paragraph.pending else { return }
        paragraph.pending = nil
        var nodes = runs
        for revision in key.revisions.reversed() {
            let element = XMLPart.element("w:" + revision.kind.rawValue, revision.attributes(id: takeID()), nodes)
            if let move = revision.move {
                // Word pairs the two halves of a move by the name on their range marks.
                let range = revision.kind == .moveTo ? "w:moveToRange" : "w:moveFromRange"
                let rangeID = String(takeID())
                let start = XMLPart.element(range + "Start", [("w:id", rangeID), ("w:name", move)] + revision.attributes(id: 0).dropFirst())
                nodes = [start, element, XMLPart.element(range + "End", [("w:id", rangeID)])]
            } else {
                nodes = [element]
            }
        }
        if let link = key.link {
            if link.hasPrefix("#") {
                nodes = [XMLPart.element("w:hyperlink", [("w:anchor", String(link.dropFirst()))], nodes)]
            } else {
                links.append(link)
                nodes = [XMLPart.element("w:hyperlink", [("r:id", "rIdLink\(links.count)")], nodes)]
            }
        }
        paragraph.content += nodes
    }

    private mutating func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: Comments

    /// A change with comments opens their ranges where it starts.
    private mutating func startComments(for changeID: String) {
        guard commentIDs[changeID] == nil, let change = edition.change(changeID), !change.commentThread.isEmpty else { return }
        openCommentRange(changeID, thread: change.commentThread)
    }

    private mutating func openCommentRange(_ changeID: String, thread: [Comment]) {
        var ids: [Int] = []
        for (i, comment) in thread.enumerated() {
            let id = comments.count
            comments.append(WordComment(id: id, comment: comment, parent: i == 0 ? nil : ids.first))
            ids.append(id)
        }
        commentIDs[changeID] = ids
        closeChain()
        for id in ids { paragraph.add(XMLPart.element("w:commentRangeStart", [("w:id", String(id))])) }
    }

    /// At a comment milestone: the comments' ranges close and their references are written
    /// (a free-standing comment opens and closes its range here).
    private mutating func endComments(for changeID: String, _ format: RunFormat) {
        if commentIDs[changeID] == nil {
            guard let change = edition.change(changeID), !change.commentThread.isEmpty else { return }
            openCommentRange(changeID, thread: change.commentThread)
        }
        guard let ids = commentIDs[changeID], !ids.isEmpty else { return }
        closeChain()
        for id in ids { paragraph.add(XMLPart.element("w:commentRangeEnd", [("w:id", String(id))])) }
        var plain = format
        plain.link = nil
        for id in ids {
            run(XMLPart.element("w:commentReference", [("w:id", String(id))]), plain, style: "CommentReference")
        }
        closeChain()
        commentIDs[changeID] = []
    }

    private static func footnoteRefRun() -> XMLTree {
        XMLPart.element("w:r", [], [
            XMLPart.element("w:rPr", [], [XMLPart.element("w:rStyle", [("w:val", "FootnoteReference")])]),
            XMLPart.element("w:footnoteRef"),
        ])
    }
}

/// A comment as Word stores it: its own ID, and for a reply the comment it answers.
struct WordComment {
    var id: Int
    var comment: Comment
    var parent: Int?
}

/// The content of the paragraph being written, and the runs waiting for their container.
struct ParagraphContent {
    struct Key: Equatable {
        var link: String?
        var revisions: [WordRevision]
    }

    var content: [XMLTree] = []
    var pending: (key: Key, runs: [XMLTree])?

    mutating func add(_ node: XMLTree) { content.append(node) }
}
