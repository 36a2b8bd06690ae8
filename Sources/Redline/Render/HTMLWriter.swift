/// Writes an edition's blocks as HTML: the state machine behind ``HTMLRenderer``.
///
/// Changes arrive as milestones (``Inline/changeStart(_:)``/``Inline/changeEnd(_:)``) that may
/// cross emphasis, links, paragraphs and table cells. The writer keeps a stack of open changes
/// and writes their `<ins>`/`<del>` tags lazily, only when text follows: before any container tag
/// opens or closes, and at the end of every block, it closes the change tags it has written; the
/// next text reopens them. So a change is split into pieces at every boundary, and the output
/// nests whatever the change crosses. Only the first piece carries the change's `id`, and only
/// the true start and end carry the visually hidden "insertion starts/ends" text.
struct HTMLWriter {
    let edition: Edition
    private(set) var out = HTMLOutput()
    /// Open changes, outermost first.
    private var open: [ChangeMarker] = []
    /// How many of ``open`` have their tag written at this point of the output.
    private var written = 0
    /// Change IDs whose anchor (`id="change-…"`) has been written.
    private var anchored = Set<String>()
    /// Changes whose comments have been written.
    private var commented = Set<String>()
    /// Footnote label → references written so far (for the back-links).
    private(set) var footnoteReferences: [String: Int] = [:]
    /// Inside a link, where no other link may open.
    private var linkDepth = 0
    /// Where text inside a change, and text outside every change, was last written (to tell
    /// whether a block held any).
    private var changeTextAt = -1, plainTextAt = -1

    init(edition: Edition) {
        self.edition = edition
    }

    /// Bytes written and not yet taken.
    var outputSize: Int { out.count }

    /// The output; the writer is empty afterwards.
    mutating func takeOutput() -> [UInt8] {
        defer { out = HTMLOutput() }
        return out.bytes
    }

    /// What `body` writes, returned instead of added to the output; the writer's other state
    /// (footnote reference counts, anchors written) carries on, so ids stay unique.
    mutating func capture(_ body: (inout HTMLWriter) -> Void) -> String {
        let saved = out
        out = HTMLOutput()
        body(&self)
        let captured = out.string
        out = saved
        return captured
    }

    /// Markup the caller writes between blocks (section tags).
    mutating func append(_ html: String) {
        out += html
    }

    // MARK: Blocks

    mutating func block(_ block: Block, tight: Bool = false) {
        if let marker = block.change {
            switch block.kind {
            case .item, .tableRow, .tableCell:
                // These cannot sit inside an <ins>: the wrapper goes inside them instead.
                blockBody(block, tight: tight, inside: marker)
            default:
                openBlockChange(marker)
                blockBody(block, tight: tight, inside: nil)
                closeBlockChange(marker)
            }
        } else {
            blockBody(block, tight: tight, inside: nil)
        }
    }

    private mutating func blockBody(_ block: Block, tight: Bool, inside marker: ChangeMarker?) {
        let changed = marker != nil || hasChange(block, tight: tight)
        let bar = changed ? " class=\"changed\"" : ""
        switch block.kind {
        case .document:
            for child in block.children { self.block(child) }
        case .paragraph:
            if tight {
                inlines(block.inlines)
            } else {
                out += changed ? "<p class=\"changed\">" : "<p>"
                inlines(block.inlines)
                out += "</p>\n"
            }
        case .heading(let level):
            // Tags by table, not by interpolation: a long policy has thousands of headings.
            let n = min(max(level, 1), 6) - 1
            out += changed ? Self.changedHeadingTags[n] : Self.headingTags[n]
            inlines(block.inlines)
            out += Self.headingEndTags[n]
        case .blockQuote:
            out += "<blockquote>\n"
            for child in block.children { self.block(child) }
            out += "</blockquote>\n"
        case .list(let ordered, let start, let isTight, _):
            if ordered {
                out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
            } else {
                out += "<ul>\n"
            }
            for child in block.children { self.block(child, tight: isTight) }
            out += ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            out += changed ? "<li class=\"changed\">" : "<li>"
            if let marker { openBlockChange(marker) }
            for (i, child) in block.children.enumerated() {
                if tight, case .paragraph = child.kind {
                    self.block(child, tight: true)
                } else {
                    if i == 0 || (tight && isParagraph(block.children[i - 1])) { out += "\n" }
                    self.block(child, tight: tight)
                }
            }
            if let marker { closeBlockChange(marker) }
            out += "</li>\n"
        case .codeBlock(let info):
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            out += language.isEmpty ? "<pre\(bar)><code>" : "<pre\(bar)><code class=\"language-\(HTMLEscape.text(language))\">"
            inLiteral = true
            inlines(block.inlines)
            inLiteral = false
            out += "</code></pre>\n"
        case .htmlBlock:
            rawBlock(block, bar: bar)
        case .thematicBreak:
            out += "<hr>\n"
        case .table(let alignments):
            table(block, alignments: alignments, inside: marker)
        case .tableRow, .tableCell:
            // Rows and cells are written by ``table(_:alignments:inside:)``.
            for child in block.children { self.block(child) }
        case .footnoteDefinition:
            for child in block.children { self.block(child) }
        case .other:
            for child in block.children { self.block(child) }
            if !block.inlines.isEmpty {
                out += "<p\(bar)>"
                inlines(block.inlines)
                out += "</p>\n"
            }
        }
    }

    private func isParagraph(_ block: Block) -> Bool {
        if case .paragraph = block.kind { return true }
        return false
    }

    /// Raw HTML is never passed through (see ``RawHTML``): a comment is left out, anything else
    /// is shown as the literal text it is.
    private mutating func rawBlock(_ block: Block, bar: String) {
        let hasMilestone = block.inlines.contains { if case .text = $0 { false } else { true } }
        let text = block.inlines.map(\.plainText).joined()
        // (Inside a change, a comment is text the change holds: shown, below.)
        if !hasMilestone, open.isEmpty, blockChanges == 0 {
            switch RawHTML(text) {
            case .comment: return
            case .lineBreak: out += "<p><br></p>\n"; return
            case .literal: break
            }
        }
        out += "<pre class=\"raw-html\"><code>"
        inLiteral = true
        inlines(block.inlines)
        inLiteral = false
        out += "</code></pre>\n"
    }

    private mutating func table(_ table: Block, alignments: [Block.Alignment], inside marker: ChangeMarker?) {
        out += "<div class=\"table-wrap\"><table>\n"
        var bodyOpen = false
        for row in table.children {
            guard case .tableRow(let header) = row.kind else { continue }
            if header {
                out += "<thead>\n"
            } else if !bodyOpen {
                out += "<tbody>\n"
                bodyOpen = true
            }
            let rowMarker = marker ?? row.change
            out += "<tr>\n"
            for (column, cell) in row.children.enumerated() {
                let tag = header ? "th" : "td"
                let align: String
                switch column < alignments.count ? alignments[column] : .none {
                case .none: align = ""
                case .left: align = " align=\"left\""
                case .center: align = " align=\"center\""
                case .right: align = " align=\"right\""
                }
                let cellMarker = rowMarker ?? cell.change
                let changed = cellMarker != nil || hasChange(cell, tight: false)
                out += "<"
                out += tag
                out += align
                out += changed ? " class=\"changed\">" : ">"
                if let cellMarker { openBlockChange(cellMarker) }
                inlines(cell.inlines)
                if let cellMarker { closeBlockChange(cellMarker) }
                out += header ? "</th>\n" : "</td>\n"
            }
            out += "</tr>\n"
            if header { out += "</thead>\n" }
        }
        if bodyOpen { out += "</tbody>\n" }
        out += "</table></div>\n"
    }

    /// True when a change bar belongs beside this block: a change starts, ends or is open in it.
    private func hasChange(_ block: Block, tight: Bool) -> Bool {
        // Only the redline has milestones: the clean and original pages skip the search.
        guard edition.view == .redline else { return false }
        if !open.isEmpty { return true }
        switch block.kind {
        case .paragraph, .heading, .tableCell, .codeBlock, .htmlBlock:
            return block.inlines.contains(where: Self.isMilestone)
        case .item where tight:
            return block.children.contains { isParagraph($0) && $0.inlines.contains(where: Self.isMilestone) }
        default:
            return false
        }
    }

    private static func isChangeBoundary(_ inline: Inline) -> Bool {
        switch inline {
        case .changeStart, .changeEnd: true
        default: false
        }
    }

    private static func isMilestone(_ inline: Inline) -> Bool {
        switch inline {
        case .changeStart, .changeEnd, .comment: true
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c): c.contains(where: isMilestone)
        default: false
        }
    }

    // MARK: Whole-block changes

    /// How many block changes are open around the block being written.
    private var blockChanges = 0
    /// Writing code or raw HTML, whose white space is shown as it is.
    private var inLiteral = false

    private mutating func openBlockChange(_ marker: ChangeMarker) {
        blockChanges += 1
        let (tag, verb) = Self.tag(for: marker.role)
        let blockTag = tag == "mark" ? "div" : tag
        // The anchor first, on its own: a mutating call inside `out += …` makes Swift copy the
        // whole writer (its sets included) at every change, which made a paragraph quadratic.
        let anchorAttribute = anchor(marker)
        out += "<\(blockTag) class=\"change-block \(marker.role.rawValue)\"\(anchorAttribute) data-change=\"\(HTMLEscape.text(marker.id))\"\(title(marker))>"
        out += "<span class=\"sr-only\">[\(verb) block:] </span>"
    }

    private mutating func closeBlockChange(_ marker: ChangeMarker) {
        blockChanges -= 1
        let (tag, verb) = Self.tag(for: marker.role)
        let blockTag = tag == "mark" ? "div" : tag
        out += "<span class=\"sr-only\"> [end of \(verb.lowercased()) block]</span>\(meta(marker))</\(blockTag)>\n"
    }

    // MARK: Inlines

    /// Writes a block's inlines and closes the change tags written inside it; the changes stay
    /// open and reopen at the next text.
    mutating func inlines(_ inlines: [Inline]) {
        let start = changeTextAt, plainStart = plainTextAt
        for inline in inlines { self.inline(inline) }
        // A change whose text was written in this block, beside unchanged text, goes on into the
        // next block (`- a {--x⏎- b--} y`): the block's end is part of it, shown as `¶` inside
        // it, or the redline would show two blocks where the reading has one. (A block inside
        // the change whole needs no sign.) Not in code, not for a highlight, nor for a change
        // that already shows a sign for white space.
        if written > 0, changeTextAt != start, plainTextAt != plainStart, !inLiteral, case let marker = open[written - 1], marker.role != .highlighted,
           edition.change(marker.id)?.isParagraphMark != true, edition.whitespaceSign(marker) == nil {
            let verb = Self.tag(for: marker.role).verb.lowercased()
            out += "<span aria-hidden=\"true\">¶</span><span class=\"sr-only\">[paragraph break \(verb)]</span>"
        }
        closeWritten()
    }

    private mutating func inline(_ inline: Inline) {
        switch inline {
        case .text(let s):
            materialize()
            out.appendEscaped(s)
            if open.isEmpty { plainTextAt = out.count } else { changeTextAt = out.count }
        case .code(let s):
            materialize()
            out += "<code>"
            out.appendEscaped(s)
            out += "</code>"
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br>\n"
        case .html(let s):
            switch RawHTML(s) {
            // An HTML comment shows nowhere, but inside a change it is text the change holds:
            // left out, an inserted comment would show as an empty insertion.
            case .comment:
                if open.contains(where: { $0.role != .highlighted }) || blockChanges > 0 {
                    materialize()
                    out.appendEscaped(s)
                }
            case .lineBreak: out += "<br>"
            case .literal(let text):
                materialize()
                out.appendEscaped(text)
            }
        case .emphasis(let c): container("em", c)
        case .strong(let c): container("strong", c)
        case .strikethrough(let c): container("s", c)
        case .link(let destination, let title, let c):
            if let safe = SafeURL.link(destination) {
                linkDepth += 1
                container("a", c) { out in
                    out += " href=\""
                    out += SafeURL.escapeHref(safe)
                    out += "\""
                    if !title.isEmpty {
                        out += " title=\""
                        out.appendEscaped(title)
                        out += "\""
                    }
                }
                linkDepth -= 1
            } else {
                // The destination is dropped; the words of the link stay.
                for child in c { self.inline(child) }
            }
        case .image(let source, let title, let c):
            materialize()
            let alt = HTMLEscape.text(c.map(\.plainText).joined())
            if let safe = SafeURL.image(source) {
                let titleAttribute = title.isEmpty ? "" : " title=\"\(HTMLEscape.text(title))\""
                out += "<img src=\"\(SafeURL.escapeHref(safe))\" alt=\"\(alt)\"\(titleAttribute)>"
            } else {
                out += "<span class=\"image-omitted\">[image: \(alt)]</span>"
            }
            // The alt text is an attribute: only the change milestones in it still need writing.
            for child in c where Self.isChangeBoundary(child) { self.inline(child) }
        case .footnoteReference(let label):
            materialize()
            if linkDepth > 0 {
                // A link cannot hold another link: the number only, without its own link.
                out += "<sup class=\"footnote-ref\">\(edition.footnoteNumbers[label].map(String.init) ?? HTMLEscape.text(label))</sup>"
                return
            }
            let n = (footnoteReferences[label] ?? 0) + 1
            footnoteReferences[label] = n
            let id = HTMLEscape.identifier(label)
            let number = edition.footnoteNumbers[label].map(String.init) ?? HTMLEscape.text(label)
            out += "<sup class=\"footnote-ref\"><a href=\"#fn-\(id)\" id=\"fnref-\(id)\(n > 1 ? "-\(n)" : "")\">\(number)</a></sup>"
        case .changeStart(let marker):
            startChange(marker)
        case .changeEnd(let marker):
            endChange(marker)
        case .comment(let id):
            comment(id)
        }
    }

    /// An inline container: change tags close before it opens and before it closes, so they
    /// never straddle its edges.
    /// Its tags are written piece by piece, not interpolated: a long policy has tens of
    /// thousands of them.
    private mutating func container(_ tag: String, _ children: [Inline], attributes: (inout HTMLOutput) -> Void = { _ in }) {
        closeWritten()
        out += "<"
        out += tag
        attributes(&out)
        out += ">"
        for child in children { inline(child) }
        closeWritten()
        out += "</"
        out += tag
        out += ">"
    }

    private static let headingTags = (1...6).map { "<h\($0)>" }
    private static let changedHeadingTags = (1...6).map { "<h\($0) class=\"changed\">" }
    private static let headingEndTags = (1...6).map { "</h\($0)>\n" }

    // MARK: Change pieces

    private static func tag(for role: ChangeMarker.Role) -> (tag: String, verb: String) {
        switch role {
        case .inserted: ("ins", "Inserted")
        case .deleted: ("del", "Deleted")
        case .highlighted: ("mark", "Highlighted")
        }
    }

    private static func noun(for role: ChangeMarker.Role) -> String {
        switch role {
        case .inserted: "insertion"
        case .deleted: "deletion"
        case .highlighted: "highlight"
        }
    }

    private mutating func anchor(_ marker: ChangeMarker) -> String {
        guard !anchored.contains(marker.id) else { return "" }
        anchored.insert(marker.id)
        return " id=\"change-\(HTMLEscape.identifier(marker.id))\""
    }

    /// The hover text: what the change does, who made it and when.
    private func title(_ marker: ChangeMarker) -> String {
        let verb = Self.tag(for: marker.role).verb
        guard let change = edition.change(marker.id) else { return " title=\"\(verb)\"" }
        var text = change.move == nil ? verb : "Moved (\(marker.role == .deleted ? "from here" : "to here"))"
        if change.renumber != nil { text = "Renumbered (\(marker.role == .deleted ? "old label" : "new label"); one renumbering)" }
        if let author = change.attribution.author { text += " by \(author)" }
        if let date = change.attribution.date { text += " on \(date)" }
        return " title=\"\(HTMLEscape.text(text))\""
    }

    /// Author and date as text: hidden on screen (the title shows them on hover), printed.
    private func meta(_ marker: ChangeMarker) -> String {
        guard let change = edition.change(marker.id) else { return "" }
        let parts = [change.attribution.author, change.attribution.date].compactMap { $0 }
        guard !parts.isEmpty else { return "" }
        return "<span class=\"change-meta\"> [\(HTMLEscape.text(parts.joined(separator: ", ")))]</span>"
    }

    private func openTag(_ marker: ChangeMarker, anchor: String) -> String {
        let tag = Self.tag(for: marker.role).tag
        let change = edition.change(marker.id)
        let moved = change?.move.map { " moved\" data-move=\"\(HTMLEscape.text($0))" }
            ?? change?.renumber.map { " renumbered\" data-renumber=\"\(HTMLEscape.text($0))" } ?? ""
        return "<\(tag) class=\"change \(marker.role.rawValue)\(moved)\"\(anchor) data-change=\"\(HTMLEscape.text(marker.id))\"\(title(marker))>"
    }

    private func closeTag(_ marker: ChangeMarker) -> String {
        "</\(Self.tag(for: marker.role).tag)>"
    }

    /// Writes the tags of open changes that have none at this point.
    private mutating func materialize() {
        while written < open.count {
            out += openTag(open[written], anchor: "")
            written += 1
        }
    }

    /// Closes every change tag written so far; the changes stay open.
    private mutating func closeWritten() {
        while written > 0 {
            written -= 1
            out += closeTag(open[written])
        }
    }

    private mutating func startChange(_ marker: ChangeMarker) {
        materialize()
        let anchorAttribute = anchor(marker)  // (not inside `out += …`: see openBlockChange)
        out += openTag(marker, anchor: anchorAttribute)
        open.append(marker)
        written = open.count
        let verb = Self.tag(for: marker.role).verb.lowercased()
        let change = edition.change(marker.id)
        if change?.isParagraphMark == true {
            out += "<span class=\"sr-only\">[paragraph break \(verb)]</span><span aria-hidden=\"true\">¶</span>"
        } else {
            let moved = change?.move == nil ? "" : (marker.role == .deleted ? "moved-away " : "moved-in ")
            out += "<span class=\"sr-only\">[\(moved)\(Self.noun(for: marker.role)) starts:] </span>"
            if !inLiteral, let (sign, name) = edition.whitespaceSign(marker) {
                out += "<span aria-hidden=\"true\">\(sign)</span><span class=\"sr-only\">\(name)</span>"
            }
        }
    }

    private mutating func endChange(_ marker: ChangeMarker) {
        guard let index = open.lastIndex(of: marker) else { return }
        // The end is announced inside the change's own tag, so the tag must be written here.
        if written <= index {
            materialize()
        }
        // Close the changes nested inside it first; they reopen at the next text.
        while written > index + 1 {
            written -= 1
            out += closeTag(open[written])
        }
        if edition.change(marker.id)?.isParagraphMark != true {
            out += "<span class=\"sr-only\"> [\(Self.noun(for: marker.role)) ends]</span>"
        }
        out += meta(marker) + closeTag(marker)
        written = index
        open.remove(at: index)
    }

    /// The comment thread of a change, or a free-standing comment, beside the text it is about.
    private mutating func comment(_ id: String) {
        guard !commented.contains(id), let change = edition.change(id) else { return }
        commented.insert(id)
        let thread = change.commentThread
        guard !thread.isEmpty else { return }
        // A comment is not part of the change's text: it stands outside the change tags.
        closeWritten()
        let anchorAttribute = change.kind == .comment ? anchor(ChangeMarker(id: id, role: .highlighted)) : ""
        out += "<span class=\"comment\" role=\"note\"\(anchorAttribute)>"
        for entry in thread {
            out += "<span class=\"comment-entry\"><span class=\"sr-only\">[comment:] </span>\(HTMLEscape.text(entry.text.trimmingWhitespace))"
            let by = [entry.attribution.author, entry.attribution.date].compactMap { $0 }
            if !by.isEmpty { out += " <span class=\"comment-by\">— \(HTMLEscape.text(by.joined(separator: ", ")))</span>" }
            out += "</span>"
        }
        out += "</span>"
    }

    /// Closes whatever a malformed tree left open (the writer's output must always nest).
    mutating func finish() {
        closeWritten()
        open.removeAll()
    }
}
