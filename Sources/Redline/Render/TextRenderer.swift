/// Renders an ``Edition`` as plain text: wrapped paragraphs, numbered and underlined headings,
/// lists with hanging indents, tables in columns, footnotes collected at the end, links as
/// `text <url>`; in the redline, `[-deleted-]{+inserted+}` as wdiff and git's word diff write
/// them, highlights as `{=text=}` and comments as `[>>comment<<]`.
///
/// Written from Redline's own tree, not cmark-gfm's plain-text renderer, which keeps struck text.
public struct TextRenderer: Sendable {
    public let edition: Edition
    /// Columns to wrap at.
    public var width: Int
    /// ANSI colour for a terminal: insertions green, deletions red, comments cyan.
    public var color: Bool

    public init(edition: Edition, width: Int = 72, color: Bool = false) {
        self.edition = edition
        self.width = max(width, 20)
        self.color = color
    }

    /// The edition; `fragment` leaves out the header (title, status, view, change count).
    public func render(fragment: Bool = false) -> String {
        var writer = TextWriter(edition: edition, color: color)
        var sections: [[String]] = []
        if !fragment { sections.append(header()) }
        var footnotes: [Block] = []
        for block in edition.root.children {
            if case .footnoteDefinition = block.kind {
                footnotes.append(block)
                continue
            }
            let lines = writer.lines(for: block, width: width)
            if !lines.isEmpty { sections.append(lines) }
        }
        if !footnotes.isEmpty {
            var notes = [String(repeating: "-", count: min(20, width))]
            for definition in footnotes {
                guard case .footnoteDefinition(let label) = definition.kind else { continue }
                let number = "[\(edition.footnoteNumbers[label] ?? 0)] "
                let body = writer.footnoteLines(definition, width: width - number.count)
                for (i, line) in body.enumerated() {
                    notes.append(line.isEmpty ? "" : (i == 0 ? number : String(repeating: " ", count: number.count)) + line)
                }
                notes.append("")
            }
            if notes.last == "" { notes.removeLast() }
            sections.append(notes)
        }
        return sections.map { $0.map { $0.trailingSpacesTrimmed }.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    private func header() -> [String] {
        let front = edition.document.frontMatter
        let title = front.title ?? edition.headings.first?.title ?? ""
        var lines: [String] = []
        if !title.isEmpty {
            var w = WordWrapper()
            w.text(title)
            w.finishWord()
            let titleLines = WordWrapper.fill(w.words, width: width)
            lines += titleLines
            lines.append(String(repeating: "=", count: min(width, titleLines.map(\.displayWidth).max() ?? 0)))
        }
        let meta = HTMLPage.metaFields(front).map { "\($0.label): \($0.value)" }
        if !meta.isEmpty {
            var w = WordWrapper()
            for (i, field) in meta.enumerated() {
                w.unbreakable(field + (i < meta.count - 1 ? " |" : ""))
                w.finishWord()
            }
            lines += WordWrapper.fill(w.words, width: width)
        }
        lines.append(edition.view.caption)
        if !front.isAdopted {
            let status = front.status?.trimmingWhitespace ?? ""
            switch HTMLPage.bannerLabel(status) {
            case "NOT IN FORCE": lines.append("NOT IN FORCE: this version is \(status.lowercased()).")
            case "REJECTED": lines.append("REJECTED: not an adopted policy.")
            default: lines.append("DRAFT: not an adopted policy.")
            }
        }
        if edition.view == .redline {
            var w = WordWrapper()
            w.text(ChangeReport.countSummary(edition.document.changes.filter { !$0.isLayout }) + ".")
            w.finishWord()
            lines += WordWrapper.fill(w.words, width: width)
            let moves = edition.document.changes.contains { $0.move != nil } ? " (moved m1) moved text" : ""
            lines.append("Key: [-deleted-] {+inserted+} {=highlighted=} [>>comment<<]\(moves)")
        }
        return lines
    }
}

/// The stateful half of ``TextRenderer``: lays out blocks and carries open changes across them.
struct TextWriter {
    let edition: Edition
    let color: Bool
    /// Open changes, outermost first, and how many have their opener written in this block.
    private var open: [ChangeMarker] = []
    private var written = 0
    /// Changes with some text written (a change with none still shows as an empty pair).
    private var shown = Set<String>()
    private var commented = Set<String>()
    /// Whole-block changes around the block being laid out.
    private var blockChanges: [ChangeMarker] = []

    init(edition: Edition, color: Bool) {
        self.edition = edition
        self.color = color
    }

    // MARK: Blocks

    mutating func lines(for block: Block, width: Int) -> [String] {
        let width = max(width, 10)
        if let marker = block.change { blockChanges.append(marker) }
        defer { if block.change != nil { blockChanges.removeLast() } }
        switch block.kind {
        case .paragraph:
            return paragraph(block.inlines, width: width)
        case .heading(let level):
            let text = paragraph(block.inlines, width: width)
            let rule: Character = level <= 1 ? "=" : level == 2 ? "-" : "~"
            let length = min(width, text.map(\.displayWidth).max() ?? 0)
            return text + [String(repeating: rule, count: max(length, 3))]
        case .blockQuote:
            return stacked(block.children, width: width - 2, loose: true).map { $0.isEmpty ? ">" : "> " + $0 }
        case .list(let ordered, let start, let tight, let delimiter):
            return list(block, ordered: ordered, start: start, tight: tight, delimiter: delimiter, width: width)
        case .item:
            return stacked(block.children, width: width, loose: true)
        case .codeBlock, .htmlBlock:
            return literal(block)
        case .thematicBreak:
            // A rule inserted or deleted whole is marked, or it would show as no change at all.
            let rule = blockChanges.map(opener).joined() + "* * *" + blockChanges.reversed().map { closer($0, restoring: nil) }.joined()
            let visible = 5 + blockChanges.reduce(0) { $0 + openerWidth($1) + 2 }
            return [String(repeating: " ", count: max(0, (width - visible) / 2)) + rule]
        case .table(let alignments):
            return table(block, alignments: alignments, width: width)
        default:
            return stacked(block.children, width: width, loose: true)
        }
    }

    /// A footnote definition's blocks, a blank line between them; a definition inserted or
    /// deleted whole is marked as such.
    mutating func footnoteLines(_ definition: Block, width: Int) -> [String] {
        if let marker = definition.change { blockChanges.append(marker) }
        defer { if definition.change != nil { blockChanges.removeLast() } }
        return Array(definition.children.flatMap { lines(for: $0, width: width) + [""] }.dropLast())
    }

    /// Child blocks one after another, a blank line between them when the container is loose.
    private mutating func stacked(_ children: [Block], width: Int, loose: Bool) -> [String] {
        var result: [String] = []
        for child in children {
            let lines = self.lines(for: child, width: width)
            if lines.isEmpty { continue }
            if !result.isEmpty, loose { result.append("") }
            result += lines
        }
        return result
    }

    private mutating func list(_ list: Block, ordered: Bool, start: Int, tight: Bool, delimiter: Character, width: Int) -> [String] {
        let count = list.children.count
        let markerWidth = ordered ? String(start + max(count - 1, 0)).count + 2 : 2
        var result: [String] = []
        for (i, item) in list.children.enumerated() {
            let marker = ordered ? "\(start + i)\(delimiter)" : "-"
            if let change = item.change { blockChanges.append(change) }
            let body = stacked(item.children, width: width - markerWidth, loose: !tight)
            if item.change != nil { blockChanges.removeLast() }
            if !result.isEmpty, !tight { result.append("") }
            let lines = body.isEmpty ? [""] : body
            for (j, line) in lines.enumerated() {
                let prefix = j == 0 ? marker.padding(to: markerWidth) : String(repeating: " ", count: markerWidth)
                result.append(line.isEmpty ? "" : prefix + line)
            }
        }
        return result
    }

    /// Code and raw HTML: kept line for line, indented four spaces, never wrapped.
    private mutating func literal(_ block: Block) -> [String] {
        var text = ""
        if case .htmlBlock = block.kind, block.change == nil, blockChanges.isEmpty, open.isEmpty,
           !block.inlines.contains(where: { if case .text = $0 { false } else { true } }) {
            switch RawHTML(block.inlines.map(\.plainText).joined()) {
            case .comment: return []
            case .lineBreak: return [""]
            case .literal: break
            }
        }
        for marker in blockChanges { text += opener(marker) }
        for inline in block.inlines {
            switch inline {
            case .text(let s): text += s.caretEscaped
            case .changeStart(let marker): text += opener(marker)
            case .changeEnd(let marker): text += closer(marker, restoring: nil)
            case .comment(let id): text += commentText(id) ?? ""
            default: text += inline.plainText
            }
        }
        // The closers go on the last line of the code, not on a line of their own.
        if !blockChanges.isEmpty, text.hasSuffix("\n") { text.removeLast() }
        for marker in blockChanges.reversed() { text += closer(marker, restoring: nil) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.isEmpty ? "" : "    " + $0 }
    }

    private mutating func table(_ table: Block, alignments: [Block.Alignment], width: Int) -> [String] {
        let rows = table.children
        let columns = rows.map(\.children.count).max() ?? 0
        guard columns > 0 else { return [] }
        // Each cell as words, then column widths: natural widths, shrunk to fit if need be.
        var cells: [[[WordWrapper.Word]]] = []
        for row in rows {
            if let change = row.change { blockChanges.append(change) }
            cells.append((0..<columns).map { c in c < row.children.count ? words(row.children[c].inlines, change: row.children[c].change) : [] })
            if row.change != nil { blockChanges.removeLast() }
        }
        let natural = (0..<columns).map { c in max(3, cells.map { row in row[c].reduce(0) { $0 + $1.width } + max(row[c].count - 1, 0) }.max() ?? 0) }
        let longest = (0..<columns).map { c in max(3, cells.map { row in row[c].map(\.width).max() ?? 0 }.max() ?? 0) }
        let gap = 2
        let available = width - gap * (columns - 1)
        var widths = natural
        while widths.reduce(0, +) > available {
            // Shrink the widest column that can still give way, never below its longest word.
            guard let c = widths.indices.filter({ widths[$0] > min(longest[$0], 12) && widths[$0] > 6 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        var result: [String] = []
        var wrapped = false
        var rendered: [[[String]]] = []
        for row in cells {
            let lines = (0..<columns).map { c in WordWrapper.fill(row[c], width: widths[c]) }
            if lines.contains(where: { $0.count > 1 }) { wrapped = true }
            rendered.append(lines)
        }
        for (r, row) in rendered.enumerated() {
            let height = row.map(\.count).max() ?? 1
            for line in 0..<height {
                let parts = (0..<columns).map { c -> String in
                    let text = line < row[c].count ? row[c][line] : ""
                    return align(text, width: widths[c], alignments.indices.contains(c) ? alignments[c] : .none)
                }
                result.append(parts.joined(separator: String(repeating: " ", count: gap)))
            }
            if case .tableRow(header: true) = rows[r].kind {
                result.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: String(repeating: " ", count: gap)))
            } else if wrapped, r < rendered.count - 1 {
                result.append("")
            }
        }
        return result
    }

    private func align(_ text: String, width: Int, _ alignment: Block.Alignment) -> String {
        let space = max(0, width - text.displayWidth)
        switch alignment {
        case .right: return String(repeating: " ", count: space) + text
        case .center: return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        case .left, .none: return text + String(repeating: " ", count: space)
        }
    }

    // MARK: Inlines

    private mutating func paragraph(_ inlines: [Inline], width: Int) -> [String] {
        WordWrapper.fill(words(inlines, change: nil), width: width)
    }

    /// An inline block's words: the changes around it open first, and every change written in
    /// it closes at its end (and reopens in the next block it reaches).
    private mutating func words(_ inlines: [Inline], change: ChangeMarker?) -> [WordWrapper.Word] {
        var wrapper = WordWrapper()
        (changeTextInBlock, plainTextInBlock) = (false, false)
        let around = blockChanges + (change.map { [$0] } ?? [])
        for marker in around { startChange(marker, into: &wrapper) }
        for inline in inlines { self.inline(inline, into: &wrapper) }
        let (changeText, plainText) = (changeTextInBlock, plainTextInBlock)
        for marker in around.reversed() { endChange(marker, into: &wrapper) }
        if changeText, plainText, continuingChange() != nil { wrapper.glued("¶", width: 1) }
        closeWritten(into: &wrapper)
        wrapper.finishWord()
        return wrapper.words
    }

    private mutating func inline(_ inline: Inline, into w: inout WordWrapper) {
        switch inline {
        case .text(let s):
            visible(s, into: &w)
        case .code(let s):
            // Plain text shows no code formatting; a long span wraps like prose.
            visible(s, into: &w)
        case .softBreak:
            w.text(" ")
        case .lineBreak:
            w.lineBreak()
        case .html(let s):
            switch RawHTML(s) {
            // An HTML comment shows nowhere, but inside a change it is text the change holds:
            // left out, an inserted comment would show as an empty insertion.
            case .comment: if open.contains(where: { $0.role != .highlighted }) || !blockChanges.isEmpty { visible(s, into: &w) }
            case .lineBreak: w.lineBreak()
            case .literal(let text): visible(text, into: &w)
            }
        case .emphasis(let c), .strong(let c), .strikethrough(let c):
            for child in c { self.inline(child, into: &w) }
        case .link(let destination, _, let c):
            let text = c.map(\.plainText).joined()
            for child in c { self.inline(child, into: &w) }
            if let safe = SafeURL.link(destination), !safe.hasPrefix("#") {
                let bare = safe.hasPrefix("mailto:") ? String(safe.dropFirst(7)) : safe
                if text != safe, text != bare {
                    w.text(" ")
                    materialize(into: &w)
                    w.unbreakable("<\(safe)>")
                }
            }
        case .image(let source, _, let c):
            visible("[image: " + c.map(\.plainText).joined() + "]", into: &w)
            if let safe = SafeURL.image(source) {
                w.text(" ")
                w.unbreakable("<\(safe)>")
            }
        case .footnoteReference(let label):
            materialize(into: &w)
            w.glued("[\(edition.footnoteNumbers[label].map(String.init) ?? label)]", width: 2 + (edition.footnoteNumbers[label].map { String($0).count } ?? label.count))
        case .changeStart(let marker):
            startChange(marker, into: &w)
        case .changeEnd(let marker):
            endChange(marker, into: &w)
        case .comment(let id):
            guard let text = commentText(id) else { return }
            let (on, off) = colorCodes(.comment)
            var aside = WordWrapper()
            aside.opener(on + "[>>", width: 3)
            aside.text(text)
            aside.closer("<<]" + off + restore(), width: 3)
            aside.finishWord()
            w.afterCurrentWord(aside.words)
        }
    }

    private mutating func visible(_ s: String, into w: inout WordWrapper) {
        if s.contains(where: { !$0.isWhitespace }) {
            materialize(into: &w)
            if open.isEmpty { plainTextInBlock = true } else { changeTextInBlock = true }
        }
        w.text(s)
    }

    // MARK: Changes

    private enum Paint { case inserted, deleted, highlighted, comment }

    private func colorCodes(_ paint: Paint) -> (on: String, off: String) {
        guard color else { return ("", "") }
        switch paint {
        case .inserted: return ("\u{1B}[32m", "\u{1B}[0m")
        case .deleted: return ("\u{1B}[31m", "\u{1B}[0m")
        case .highlighted: return ("\u{1B}[33m", "\u{1B}[0m")
        case .comment: return ("\u{1B}[36m", "\u{1B}[0m")
        }
    }

    private func paint(_ role: ChangeMarker.Role) -> Paint {
        switch role {
        case .inserted: .inserted
        case .deleted: .deleted
        case .highlighted: .highlighted
        }
    }

    private static func delimiters(_ role: ChangeMarker.Role) -> (String, String) {
        switch role {
        case .inserted: ("{+", "+}")
        case .deleted: ("[-", "-]")
        case .highlighted: ("{=", "=}")
        }
    }

    private func opener(_ marker: ChangeMarker) -> String {
        colorCodes(paint(marker.role)).on + Self.delimiters(marker.role).0 + moveLabel(marker)
    }

    /// Visible width of a marker's opener.
    private func openerWidth(_ marker: ChangeMarker) -> Int { 2 + moveLabel(marker).count }

    /// A moved passage names its move at both ends, `[-(moved m1) …-]` where it was and
    /// `{+(moved m1) …+}` where it went, so that plain text shows a move as a move.
    private func moveLabel(_ marker: ChangeMarker) -> String {
        guard marker.role != .highlighted, let move = edition.change(marker.id)?.move else { return "" }
        return "(moved \(move)) "
    }

    /// A closer, then the colour of the change still written around it.
    private func closer(_ marker: ChangeMarker, restoring outer: ChangeMarker?) -> String {
        let off = colorCodes(paint(marker.role)).off
        return Self.delimiters(marker.role).1 + off + (outer.map { colorCodes(paint($0.role)).on } ?? "")
    }

    /// The colour of the innermost written change, to resume after a comment.
    private func restore() -> String {
        written > 0 ? colorCodes(paint(open[written - 1].role)).on : ""
    }

    /// Whether the block being laid out holds text inside a change, and text outside every one.
    private var changeTextInBlock = false, plainTextInBlock = false

    /// The change a block ends inside of, its text written in this block beside unchanged text
    /// and going on into the next (`- a {--x⏎- b--} y`): the block's end is part of it, shown
    /// as `¶` inside it, or the redline would show the two blocks where the reading has one.
    /// Not a highlight, nor a change that already shows a sign for white space.
    private func continuingChange() -> ChangeMarker? {
        guard written > 0 else { return nil }
        let marker = open[written - 1]
        guard marker.role != .highlighted, edition.change(marker.id)?.isParagraphMark != true,
              edition.whitespaceSign(marker) == nil else { return nil }
        return marker
    }

    private mutating func materialize(into w: inout WordWrapper, upTo limit: Int? = nil) {
        while written < min(limit ?? open.count, open.count) {
            w.opener(opener(open[written]), width: openerWidth(open[written]))
            shown.insert(open[written].id + open[written].role.rawValue)
            written += 1
        }
    }

    private mutating func closeWritten(into w: inout WordWrapper) {
        while written > 0 {
            written -= 1
            w.closer(closer(open[written], restoring: written > 0 ? open[written - 1] : nil), width: 2)
        }
        // Openers still waiting for text are dropped with their changes' pieces in this block.
        _ = w.dropPending()
    }

    private mutating func startChange(_ marker: ChangeMarker, into w: inout WordWrapper) {
        if edition.change(marker.id)?.isParagraphMark == true, !blockChanges.contains(marker) {
            materialize(into: &w)
            let (open, close) = Self.delimiters(marker.role)
            let (on, off) = colorCodes(paint(marker.role))
            w.glued(on + open + "¶" + close + off + restore(), width: 5)
            return
        }
        open.append(marker)
        if let (sign, _) = edition.whitespaceSign(marker) { visible(sign, into: &w) }
    }

    private mutating func endChange(_ marker: ChangeMarker, into w: inout WordWrapper) {
        guard let index = open.lastIndex(of: marker) else { return }
        let key = marker.id + marker.role.rawValue
        if written > index {
            while written > index + 1 {
                written -= 1
                w.closer(closer(open[written], restoring: open[written - 1]), width: 2)
            }
            w.closer(closer(marker, restoring: index > 0 ? open[index - 1] : nil), width: 2)
            written = index
        } else if !shown.contains(key) {
            // A change with nothing visible (spaces only) still shows that it is there.
            materialize(into: &w, upTo: index)
            w.glued(opener(marker) + closer(marker, restoring: index > 0 && written >= index ? open[index - 1] : nil), width: openerWidth(marker) + 2)
        }
        shown.insert(key)
        open.remove(at: index)
    }

    /// A change's comment thread, or a free-standing comment, once.
    private mutating func commentText(_ id: String) -> String? {
        guard !commented.contains(id), let change = edition.change(id) else { return nil }
        commented.insert(id)
        let thread = change.commentThread
        guard !thread.isEmpty else { return nil }
        return thread.map { entry in
            let by = [entry.attribution.author, entry.attribution.date].compactMap { $0 }
            return entry.text.trimmingWhitespace + (by.isEmpty ? "" : " (\(by.joined(separator: ", ")))")
        }.joined(separator: " | ")
    }
}

extension String {
    func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth))
    }

    var trailingSpacesTrimmed: String {
        // By bytes: a space is one byte, and stepping back by Characters measured each line's
        // grapheme clusters (every line of a long policy's text edition passes here).
        let count = utf8.reversed().prefix { $0 == UInt8(ascii: " ") }.count
        guard count > 0 else { return self }
        return String(Substring(utf8.dropLast(count)))
    }
}
