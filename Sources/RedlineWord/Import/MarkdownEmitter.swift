import Redline
import Foundation

/// Writes ``WordContent`` as a Redline source: GFM Markdown with every Word revision as
/// CriticMarkup carrying its author and date.
///
/// - Runs inside `w:ins`/`w:del` become `{++…++}`/`{--…--}`; a deletion followed directly by an
///   insertion from the same author and date is one substitution `{~~old~>new~~}`; a deletion
///   inside an insertion stays nested, as Redline allows; moves carry their name (`"move"`).
/// - A paragraph whose text and paragraph mark are all in one revision is a whole inserted or
///   deleted block, and consecutive ones are one block change (`{++⏎…⏎++}`); a paragraph mark
///   revised on its own is a split or join (`{++⏎⏎++}`, `{--⏎⏎--}`).
/// - A comment on a revision follows it (`{++x++}{>>note<<}`), with its replies after it; a
///   comment on plain text highlights it (`{==text==}{>>note<<}`); others stand where they end.
struct MarkdownEmitter {
    let content: WordContent
    /// The file-wide attribution the front matter sets; a change's prefix leaves these out.
    let defaultAuthor: String?
    let defaultDate: String?
    private(set) var warnings: [String] = []

    private var out = ""
    private var atLineStart = true
    /// The latest inline closer written, so that a mark reopened right after it with the same
    /// opener continues it instead (`{++a++}{++b++}` → `{++ab++}`).
    private var lastClose: (end: Int, closer: String, opener: String)?
    /// The emphasis delimiters open (`**`, `*`, `***`), the number of marks open when it
    /// opened, and white space from its end not yet written.
    private var emphasis = "", emphasisDepth = -1, heldSpace = ""
    private var footnoteNumbers: [String: Int] = [:]
    private var footnoteOrder: [String] = []
    private var emittedComments = Set<String>()
    private let replyIDs: Set<String>

    init(content: WordContent, defaultAuthor: String?, defaultDate: String?) {
        self.content = content
        self.defaultAuthor = defaultAuthor
        self.defaultDate = defaultDate
        replyIDs = Set(content.replies.values.flatMap { $0 })
    }

    mutating func emit() -> String {
        writeBlocks(Self.normalized(content.body))
        writeFootnotes()
        while out.hasSuffix("\n") { out.removeLast() }
        return out.isEmpty ? "" : out + "\n"
    }

    // MARK: Blocks

    /// Word marks a paragraph inserted after the last one by revising the mark before it (the
    /// document's last mark cannot be revised); read that as the last paragraph inserted whole.
    /// Empty paragraphs have no Markdown form and hold no text: they go.
    static func normalized(_ blocks: [WordBlock]) -> [WordBlock] {
        var result = blocks.filter {
            if case .paragraph(let p) = $0 { return p.pieces.contains { !$0.isComment } || p.role == .thematicBreak }
            return true
        }
        if result.count >= 2, case .paragraph(var last) = result[result.count - 1], last.mark == nil,
           let whole = last.wholeChange, case .paragraph(var previous) = result[result.count - 2], previous.mark == whole,
           previous.wholeChange != whole {
            previous.mark = nil
            last.mark = whole
            result[result.count - 2] = .paragraph(previous)
            result[result.count - 1] = .paragraph(last)
        }
        return result
    }

    /// The revision a block is wholly inside (text, paragraph mark or rows), if any.
    private static func wholeChange(_ block: WordBlock) -> WordChange? {
        switch block {
        case .paragraph(let p):
            guard let mark = p.mark else { return nil }
            if p.role == .thematicBreak { return mark }
            return p.wholeChange == mark ? mark : nil
        case .table(let t):
            guard let first = t.rows.first?.change else { return nil }
            let cells = t.rows.flatMap { $0.cells.flatMap { $0 } }.filter { $0.pieces.contains { !$0.isComment } }
            return t.rows.allSatisfy({ $0.change == first }) && cells.allSatisfy({ $0.wholeChange == first }) ? first : nil
        }
    }

    /// List nesting: the column where each level's item content starts.
    private var listIndents: [Int] = []
    private var previous: WordParagraph.Role?
    /// Set right after a block change's opener line: its first block needs no break before it.
    private var groupStart = false

    /// Writes the blocks a step at a time (a block, a block change, or two paragraphs joined by
    /// a split or join), checking each step: where its emphasis and marks cross in a way Markdown
    /// cannot spell (the scanner finds a broken mark), the step is written again without bold
    /// and italic, and a warning says so; the text and the changes are what must survive.
    private mutating func writeBlocks(_ blocks: [WordBlock]) {
        var i = 0
        while i < blocks.count {
            // The state to go back to, without the output so far: that stays in place rather
            // than being copied at every step (a long document would take quadratic time).
            let start = out.utf8.count
            var saved = self
            saved.out = ""
            unspellable = false
            var next = writeStep(blocks, at: i)
            // A step starts on a line of its own with every mark closed: it is checked alone.
            // Where it does not read back, it is written again without emphasis; where even that
            // fails (revisions nested in a way the markup cannot hold, from a damaged or unusual
            // file), with each piece in its outer revision only and comments outside the marks.
            func broken(_ emitter: MarkdownEmitter) -> Bool {
                emitter.unspellable || !Document.markupErrors(in: String(decoding: emitter.out.utf8.dropFirst(start), as: UTF8.self)).isEmpty
            }
            if broken(self) {
                let kept = String(decoding: out.utf8.prefix(start), as: UTF8.self)
                var flattened = false
                for flat in [false, true] {
                    self = saved
                    out = kept
                    unspellable = false
                    plainEmphasis = true
                    flatRevisions = flat
                    next = writeStep(blocks, at: i)
                    plainEmphasis = false
                    flatRevisions = false
                    flattened = flat
                    if !broken(self) { break }
                }
                warnings.append("bold and italic are not kept where they cross tracked changes in a way Markdown cannot write (the text and the changes are)")
                if flattened {
                    warnings.append("revisions nested in a way revision markup cannot hold are written as their outer revision (the text is kept)")
                }
            }
            i = next
        }
    }

    /// One step of ``writeBlocks(_:)``: the index of the block after it.
    private mutating func writeStep(_ blocks: [WordBlock], at i: Int) -> Int {
        if let change = Self.wholeChange(blocks[i]) {
            var j = i + 1
            while j < blocks.count, Self.wholeChange(blocks[j]) == change { j += 1 }
            separate(before: nil)
            let opener = Self.opener(change.kind) + prefix(change)
            write(opener + "\n")
            lastClose = nil
            atLineStart = true
            groupStart = true
            for block in blocks[i..<j] { writeBlock(block, stripping: 1) }
            write("\n" + Self.closer(change.kind) + "\n")
            previous = nil
            listIndents = []
            return j
        }
        writeBlock(blocks[i], stripping: 0)
        // A paragraph mark revised on its own: a split or a join, written in place of the
        // break between the two paragraphs (and so on along a chain of them: one step, since a
        // mark may run on from one paragraph into the next).
        var k = i
        while case .paragraph(let p) = blocks[k], let mark = p.mark, k + 1 < blocks.count,
              case .paragraph(let next) = blocks[k + 1], Self.wholeChange(blocks[k + 1]) == nil {
            // The break, inside the mark: between two items of one list (an item split in two,
            // or two joined) a line break and the next item's marker; before a paragraph or a
            // heading a blank line (and the heading's `#` marks), after any block that ends in a
            // line of text. (`Text.{--⏎⏎## --}Title`: rejected, a paragraph and a heading;
            // accepted, one paragraph.)
            let endsInText: Bool = switch p.role {
            case .paragraph, .heading, .quote: true
            case .listItem(_, let marker): marker != nil
            default: false
            }
            let brk: (text: String, linePrefix: String)? =
                if case .listItem(let l1, let m1?) = p.role, case .listItem(let l2, let m2?) = next.role,
                   l1 == l2, m1.last == m2.last, p.itemHeading == nil, next.itemHeading == nil {
                    ("\n" + itemIndent + listMarker(m2, level: l2, list: next.listID) + " ", itemLinePrefix)
                } else if endsInText, next.role == .paragraph, next.label == nil {
                    ("\n\n", "")
                } else if endsInText, case .heading(let level) = next.role {
                    ("\n\n" + String(repeating: "#", count: level) + " " + (next.label.map { escape($0, lineStart: false) + " " } ?? ""), "")
                } else { nil }
            guard let brk else {
                warnings.append("a paragraph break \(mark.kind == .insertion ? "inserted" : "deleted") before a list or other block is kept as an ordinary break: Markdown cannot mark it there")
                break
            }
            writeInline(Self.opener(mark.kind) + prefix(mark), mergeable: mark)
            out += brk.text
            writeInline(Self.closer(mark.kind), mergeable: nil, closing: OpenMark(change: mark, substitution: false))
            previous = next.role
            if case .heading = next.role { listIndents = [] }
            if next.role == .paragraph { listIndents = [] }
            writeInlines(next.pieces, stripping: 0, linePrefix: brk.linePrefix, joined: true)
            k += 1
        }
        return k + 1
    }

    private mutating func writeBlock(_ block: WordBlock, stripping: Int) {
        switch block {
        case .paragraph(let p): writeParagraph(p, stripping: stripping)
        case .table(let t): writeTable(t, stripping: stripping)
        }
    }

    /// The break before a block: a line within a list, else a blank line.
    private mutating func separate(before role: WordParagraph.Role?) {
        guard !out.isEmpty, !groupStart else {
            groupStart = false
            return
        }
        var tight = false
        if case .listItem(_, let marker) = role, marker != nil, case .listItem(_, let m) = previous, m != nil { tight = true }
        if case .code = role, case .code = previous { tight = true }
        // Quoted paragraphs one after another are one quote: the blank line between them is quoted.
        if case .quote = role, case .quote = previous, !out.hasSuffix("\n") {
            write("\n>\n")
            atLineStart = true
            lastClose = nil
            return
        }
        write(tight ? "\n" : (out.hasSuffix("\n") ? "\n" : "\n\n"))
        atLineStart = true
        lastClose = nil
    }

    private mutating func writeParagraph(_ p: WordParagraph, stripping: Int) {
        separate(before: p.role)
        defer { previous = p.role }
        var linePrefix = ""
        switch p.role {
        case .paragraph, .metadata:
            // (Metadata with revisions in it stays in the text, where they can be seen.)
            listIndents = []
            if let label = p.label { write(escape(label) + " ") }
        case .heading(let level):
            listIndents = []
            if let (old, change) = p.levelChange, stripping == 0 {
                // The level's change as the `#` marks it adds or takes away.
                let shared = min(old, level), extra = String(repeating: "#", count: abs(level - old))
                write(String(repeating: "#", count: shared))
                writeInline(Self.opener(change.kind) + prefix(change), mergeable: nil)
                write(extra)
                writeInline(Self.closer(change.kind), mergeable: nil)
                lastClose = nil
                write(" ")
            } else {
                write(String(repeating: "#", count: level) + " ")
            }
            atLineStart = false
            if let label = p.label, !label.isEmpty { write(escape(label) + " ") }
        case .listItem(let level, let wordMarker):
            let indent = level == 0 ? 0 : (listIndents.count >= level ? listIndents[level - 1] : listIndents.last ?? 0)
            listIndents = Array(listIndents.prefix(level))
            write(String(repeating: " ", count: indent))
            if let marker = wordMarker.map({ listMarker($0, level: level, list: p.listID) }) {
                write(marker + " " + (p.itemHeading.map { String(repeating: "#", count: $0) + " " } ?? ""))
                listIndents.append(indent + marker.count + 1)
                linePrefix = String(repeating: " ", count: indent + marker.count + 1)
                itemIndent = String(repeating: " ", count: indent)
                itemLinePrefix = linePrefix
            } else {
                // Word's label (II., A., iv)) is not a Markdown list marker: it is written as text.
                listIndents.append(indent)
                linePrefix = String(repeating: " ", count: indent)
                atLineStart = true
                write(escape(p.label ?? "") + " ")
            }
            atLineStart = false
        case .listContinuation:
            // The item it continues: by its own indentation where it has one (after a nested
            // list it belongs to the outer item), else the last item.
            if let depth = p.continuationDepth, depth < listIndents.count { listIndents.removeLast(listIndents.count - depth) }
            let indent = listIndents.last ?? 0
            write(String(repeating: " ", count: indent))
            linePrefix = String(repeating: " ", count: indent)
        case .quote:
            listIndents = []
            write("> ")
            linePrefix = "> "
        case .code:
            listIndents = []
            writeCode(p, stripping: stripping)
            return
        case .thematicBreak:
            listIndents = []
            write("* * *")
            return
        }
        writeInlines(p.pieces, stripping: stripping, linePrefix: linePrefix)
    }

    /// A code paragraph as a fenced block (consecutive ones as one block, separated by a line).
    private mutating func writeCode(_ p: WordParagraph, stripping: Int) {
        let text = p.pieces.map { piece -> String in
            switch piece {
            case .text(let t, _, _): t
            case .lineBreak: "\n"
            default: ""
            }
        }.joined()
        if p.pieces.contains(where: { $0.changes.count > stripping }) {
            warnings.append("a change inside a code paragraph is kept as its accepted text in the code block")
        }
        var fence = "```"
        while text.contains(fence) { fence += "`" }
        if case .code = previous, out.hasSuffix(fence + "\n") || out.hasSuffix("```\n") {
            // Continue the block just written: drop its closing fence.
            if let range = out.range(of: "\n" + fence, options: .backwards) { out.removeSubrange(range.lowerBound...) }
            write("\n" + text.replacingOccurrences(of: "\t", with: "    ") + "\n" + fence)
        } else {
            write(fence + "\n" + text + "\n" + fence)
        }
    }

    private mutating func writeTable(_ table: WordTable, stripping: Int) {
        separate(before: nil)
        listIndents = []
        previous = nil
        let columns = table.rows.map(\.cells.count).max() ?? 0
        guard columns > 0 else { return }
        if table.rows.contains(where: { $0.change != nil }) && stripping == 0 {
            warnings.append("a table row inserted or deleted in Word is shown as its cells' text inserted or deleted: Markdown tables cannot mark a row")
        }
        let headerCount = max(1, table.rows.prefix { $0.isHeader }.count)
        for (r, row) in table.rows.enumerated() {
            if r > 0 { write("\n") }
            write("|")
            for c in 0..<columns {
                write(" ")
                atLineStart = false
                if c < row.cells.count {
                    let pieces = row.cells[c].enumerated().flatMap { i, p in (i > 0 ? [WordPiece.text(" ", WordFormat(), p.pieces.first?.changes ?? [])] : []) + p.pieces }
                    writeInlines(pieces, stripping: stripping, linePrefix: "", inTable: true)
                }
                write(" |")
            }
            if r == headerCount - 1 {
                let alignments = (0..<columns).map { c -> String in
                    switch table.rows.first?.cells[safe: c]?.first?.alignment {
                    case "center": return ":-:"
                    case "right", "end": return "--:"
                    case "left", "start": return ":--"
                    default: return "---"
                    }
                }
                write("\n|" + alignments.map { " \($0) |" }.joined())
            }
        }
    }

    // MARK: Inlines

    private struct OpenMark {
        var change: WordChange
        var substitution: Bool
    }

    /// The bulleted list written last at each level, and whether it used `*`: a bulleted list
    /// that follows another at the same level without a block between (two lists in Word) takes
    /// the other bullet, or Markdown would make the two one list. Numbered lists keep Word's
    /// marker (`1.` or `1)`): Word often gives one list's first item a numbering instance of its
    /// own (to carry its start), so a change of instance there is no sign of a new list.
    private var bulletsAtLevel: [Int: (id: String?, star: Bool)] = [:]

    private mutating func listMarker(_ marker: String, level: Int, list: String?) -> String {
        guard marker == "-" else { return marker }
        var star = false
        let inList: Bool = switch previous {
        case .listItem(let previousLevel, _)?: previousLevel >= level
        case .listContinuation?: true
        default: false
        }
        if inList, let last = bulletsAtLevel[level] { star = last.id == list ? last.star : !last.star }
        bulletsAtLevel = bulletsAtLevel.filter { $0.key < level }
        bulletsAtLevel[level] = (list, star)
        return star ? "*" : "-"
    }

    /// The indentation of the last list item's marker and of its continuation lines: an item
    /// split or joined writes the next item's marker inside the mark, at the same place.
    private var itemIndent = "", itemLinePrefix = ""

    /// Set when a closing delimiter had to be written at the start of a line (after a hard line
    /// break inside a change), where it cannot close: the step is written again without emphasis.
    private var unspellable = false

    /// Whether the paragraph being written has a `]` in its text (else its `[` need no escape).
    private var paragraphHasCloser = true

    /// Each piece is written in its outer revision only, and no mark is opened around a link
    /// (set while a block whose revisions nest beyond what the markup holds is written again).
    private var flatRevisions = false

    /// Bold and italic are left out (set while a block whose emphasis could not be written
    /// across its changes is written again).
    private var plainEmphasis = false

    /// `joined`: the pieces go on from a split or join mark, where a space they begin with is
    /// part of the text (not a line's indentation).
    private mutating func writeInlines(_ raw: [WordPiece], stripping: Int, linePrefix: String, inTable: Bool = false, joined: Bool = false) {
        let pieces = Self.merged(raw.map { piece in
            let stripped = Self.strip(piece, stripping)
            return flatRevisions ? stripped.withChanges(Array(stripped.changes.prefix(1))) : stripped
        })
        paragraphHasCloser = inTable || pieces.contains { if case .text(let t, _, _) = $0 { t.contains("]") } else { false } }
        defer { paragraphHasCloser = true }
        // (Written flat, a comment stays a comment at its end, never a highlight across marks.)
        let highlights = flatRevisions ? [] : highlightRanges(pieces)
        var marks: [OpenMark] = []
        var link: String?
        var first = true
        func closeMarks(_ emitter: inout MarkdownEmitter, to depth: Int) {
            while marks.count > depth {
                // Emphasis opened inside the mark closes inside it.
                if emitter.emphasisDepth >= marks.count { emitter.closeEmphasis() }
                let mark = marks.removeLast()
                emitter.writeInline(mark.substitution ? "~~}" : Self.closer(mark.change.kind), mergeable: nil, closing: mark)
            }
        }
        /// Keeps the marks open that `target` shares with them, closes the rest, opens the new.
        /// How many of the open marks `target` shares, outermost first.
        func shared(_ target: [WordChange]) -> Int {
            var common = 0
            while common < marks.count, common < target.count, marks[common].change == target[common] { common += 1 }
            return common
        }
        func openMarks(_ emitter: inout MarkdownEmitter, to target: [WordChange], at index: Int) {
            var common = shared(target)
            if common < marks.count, marks[common].substitution, marks[common].change.kind == .deletion,
               target.count == common + 1, target[common].kind == .insertion, marks.count == common + 1 {
                // The deleted side of a substitution ends here; the inserted side follows.
                if emitter.emphasisDepth > common { emitter.closeEmphasis() }
                emitter.writeInline("~>", mergeable: nil)
                marks[common] = OpenMark(change: target[common], substitution: true)
                common += 1
            }
            closeMarks(&emitter, to: common)
            for depth in common..<target.count {
                let change = target[depth]
                let substitution = depth == 0 && change.kind == .deletion && emitter.isSubstitution(pieces, from: index, change: change)
                let opener = (substitution ? "{~~" : Self.opener(change.kind)) + emitter.prefix(change)
                emitter.writeInline(opener, mergeable: substitution ? nil : change)
                marks.append(OpenMark(change: change, substitution: substitution))
            }
        }
        // Marks opened outside the open link, around it: a link inserted or deleted whole is
        // marked whole (`{--[text](url)--}`), so no reading is left with an empty link.
        var linkDepth = 0
        for (index, piece) in pieces.enumerated() {
            if case .commentStart(let id) = piece, highlights.contains(id) {
                closeMarks(&self, to: link == nil ? 0 : linkDepth)
                closeEmphasis()
                writeInline("{==", mergeable: nil)
                continue
            }
            if case .commentEnd(let id) = piece {
                if highlights.contains(id) { closeEmphasis(); writeInline("==}", mergeable: nil) }
                // Written after the change it is on, so that it belongs to it.
                if pendingComment(id) { closeMarks(&self, to: link == nil ? 0 : linkDepth) }
                writeComment(id)
                continue
            }
            if case .commentReference(let id) = piece {
                if pendingComment(id) { closeMarks(&self, to: link == nil ? 0 : linkDepth) }
                writeComment(id)
                continue
            }
            if case .commentStart = piece { continue }
            let target = piece.changes
            let pieceLink: String? = if case .text(_, let format, _) = piece { format.link } else { link }
            if pieceLink != link {
                closeMarks(&self, to: link == nil ? 0 : linkDepth)
                closeEmphasis()
                if let link { writeInline("](\(Self.destination(link)))", mergeable: nil) }
                linkDepth = 0
                if let pieceLink {
                    let around = flatRevisions ? [] : Self.sharedChanges(pieces, from: index, link: pieceLink)
                    openMarks(&self, to: around, at: index)
                    closeEmphasis()
                    writeInline("[", mergeable: nil)
                    linkDepth = around.count
                }
                link = pieceLink
            }
            if case .text(let text, let format, _) = piece, !format.code, let first = text.first, first != " ", first != "\t" {
                // Emphasis that begins with a change and goes on after it opens outside the
                // mark (`*{~~Professional~>Expert~~} Services*`), so it is not cut in two.
                let common = shared(target)
                let wanted = delimiters(format)
                if common < target.count, !wanted.isEmpty, wanted != emphasis,
                   Self.emphasisOutlasts(pieces, from: index, depth: common, format: format) {
                    closeMarks(&self, to: common)
                    closeEmphasis()
                    write(wanted)
                    emphasis = wanted
                    emphasisDepth = common
                }
            }
            openMarks(&self, to: target, at: index)
            switch piece {
            case .text(let text, let format, _):
                var text = text
                if first, !inTable, !joined { text = String(text.drop { $0 == " " || $0 == "\t" }) }
                writeText(text, format, inTable: inTable, depth: marks.count)
            case .lineBreak:
                // Emphasis closes before the break: a delimiter at the start of the next line,
                // after the break, could not close it.
                // (Not emphasis opened outside the marks now open: it must close outside them.)
                if emphasisDepth >= marks.count { closeEmphasis() }
                // A table cell holds one line, and a paragraph cannot end in a hard break (`\`
                // would be a backslash): there the break is `<br>`, which the editions draw as one.
                let last = !pieces[(index + 1)...].contains { piece in
                    switch piece {
                    case .text(let t, _, _): !t.isEmpty
                    case .lineBreak, .footnote: true
                    default: false
                    }
                }
                if inTable || last { write("<br>") } else { write("\\\n" + linePrefix); atLineStart = true }
            case .footnote(let id, _):
                writeInline("[^\(footnoteNumber(id))]", mergeable: nil)
            default:
                break
            }
            first = false
        }
        closeMarks(&self, to: 0)
        closeEmphasis()
        if let link { writeInline("](\(Self.destination(link)))", mergeable: nil) }
    }

    /// A deletion is written as the old side of a substitution when the run it starts is
    /// followed directly by an insertion from the same author and date, with nothing nested.
    private func isSubstitution(_ pieces: [WordPiece], from start: Int, change: WordChange) -> Bool {
        guard change.move == nil else { return false }
        var i = start
        let link = Self.link(of: pieces[start])
        while i < pieces.count, !pieces[i].isComment, pieces[i].changes == [change], Self.link(of: pieces[i]) == link { i += 1 }
        guard i < pieces.count, let inserted = pieces[i].changes.first, pieces[i].changes.count == 1,
              inserted.kind == .insertion, inserted.move == nil, inserted.author == change.author, inserted.date == change.date,
              Self.link(of: pieces[i]) == link else { return false }
        return true
    }

    private static func link(of piece: WordPiece) -> String? {
        if case .text(_, let format, _) = piece { return format.link }
        return nil
    }

    private static func strip(_ piece: WordPiece, _ count: Int) -> WordPiece {
        count > 0 ? piece.withChanges(Array(piece.changes.dropFirst(count))) : piece
    }

    private func delimiters(_ format: WordFormat) -> String {
        plainEmphasis ? "" : (format.bold ? "**" : "") + (format.italic ? "*" : "")
    }

    /// Whether the text from `index` keeps this bold and italic through the changes that start
    /// there and on into text outside them (at `depth` or shallower), with no link between.
    private static func emphasisOutlasts(_ pieces: [WordPiece], from index: Int, depth: Int, format: WordFormat) -> Bool {
        for piece in pieces[index...] {
            guard case .text(_, let f, let changes) = piece else { continue }
            guard f.bold == format.bold, f.italic == format.italic, f.link == format.link else { return false }
            if changes.count <= depth { return true }
        }
        return false
    }

    /// The changes every text piece of the link starting at `index` is inside (outermost first).
    private static func sharedChanges(_ pieces: [WordPiece], from index: Int, link: String) -> [WordChange] {
        var shared: [WordChange]?
        for piece in pieces[index...] {
            guard case .text(_, let format, _) = piece else { continue }
            guard format.link == link else { break }
            let changes = piece.changes
            guard let so = shared else { shared = changes; continue }
            var n = 0
            while n < so.count, n < changes.count, so[n] == changes[n] { n += 1 }
            shared = Array(so.prefix(n))
        }
        return shared ?? []
    }

    /// Adjacent text with the same formatting and revisions is one piece.
    private static func merged(_ pieces: [WordPiece]) -> [WordPiece] {
        var result: [WordPiece] = []
        for piece in pieces {
            if case .text(let t, let f, let c) = piece, case .text(let pt, let pf, let pc)? = result.last, pf == f, pc == c {
                result[result.count - 1] = .text(pt + t, f, c)
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// Comments whose range is plain, unlinked text in this paragraph (no revision inside, not
    /// empty, not overlapping another): they become highlights.
    private func highlightRanges(_ pieces: [WordPiece]) -> Set<String> {
        var result = Set<String>()
        var start: [String: Int] = [:]
        var lastEnd = -1
        for (i, piece) in pieces.enumerated() {
            switch piece {
            case .commentStart(let id): start[id] = i
            case .commentEnd(let id):
                guard let s = start[id], s > lastEnd, !replyIDs.contains(id) else { continue }
                let inside = pieces[(s + 1)..<i]
                let hasText = inside.contains { if case .text(let t, _, _) = $0 { return !t.trimmingCharacters(in: .whitespaces).isEmpty }; return false }
                let plain = inside.allSatisfy { $0.changes.isEmpty && !$0.isComment && Self.link(of: $0) == nil }
                if hasText && plain {
                    result.insert(id)
                    lastEnd = i
                }
            default: continue
            }
        }
        return result
    }

    /// Whether a comment is still to be written here (a reply is written after its parent).
    private func pendingComment(_ id: String) -> Bool {
        !replyIDs.contains(id) && !emittedComments.contains(id) && content.comments[id] != nil
    }

    /// A comment and its replies, once, where its range ends (or at its reference).
    private mutating func writeComment(_ id: String) {
        guard pendingComment(id), let comment = content.comments[id] else { return }
        emittedComments.insert(id)
        for entry in [comment] + (content.replies[id] ?? []).compactMap({ content.comments[$0] }) {
            let body = entry.text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "<", with: "\\<")
                .replacingOccurrences(of: "{", with: "\\{").replacingOccurrences(of: "}", with: "\\}")
            writeInline("{>>" + attributionPrefix(author: entry.author, date: entry.date, move: nil) + body + "<<}", mergeable: nil)
        }
        lastClose = nil
    }

    private mutating func footnoteNumber(_ id: String) -> Int {
        if let n = footnoteNumbers[id] { return n }
        footnoteOrder.append(id)
        footnoteNumbers[id] = footnoteOrder.count
        return footnoteOrder.count
    }

    private mutating func writeFootnotes() {
        var written = 0
        while written < footnoteOrder.count {
            // A footnote may refer to another; those are numbered as they are met.
            let id = footnoteOrder[written]
            written += 1
            let paragraphs = (content.footnotes[id] ?? []).compactMap { block -> WordParagraph? in
                if case .paragraph(let p) = block, p.pieces.contains(where: { !$0.isComment }) { return p }
                return nil
            }
            separate(before: nil)
            write("[^\(footnoteNumbers[id]!)]: ")
            atLineStart = false
            for (i, p) in paragraphs.enumerated() {
                if i > 0 { write("\n\n    ") }
                writeInlines(p.pieces, stripping: 0, linePrefix: "    ")
            }
        }
        let unreferenced = content.footnotes.keys.filter { footnoteNumbers[$0] == nil && !(content.footnotes[$0] ?? []).isEmpty }
        if !unreferenced.isEmpty {
            warnings.append("\(unreferenced.count) footnote(s) never referenced from the text; their text is not imported")
        }
    }

    // MARK: Writing

    private mutating func write(_ s: String) {
        if !heldSpace.isEmpty, !s.isEmpty {
            let space = heldSpace
            heldSpace = ""
            out += space
        }
        out += s
        if !s.isEmpty { atLineStart = s.hasSuffix("\n") }
    }

    /// An inline delimiter. Reopening the change that was just closed continues it instead.
    private mutating func writeInline(_ s: String, mergeable change: WordChange?, closing: OpenMark? = nil) {
        if !heldSpace.isEmpty {
            out += heldSpace
            heldSpace = ""
        }
        if change != nil, let last = lastClose, last.end == out.utf8.count, last.opener == s {
            out.removeLast(last.closer.count)
            lastClose = nil
            return
        }
        out += s
        atLineStart = false
        if let closing, !closing.substitution {
            lastClose = (out.utf8.count, s, Self.opener(closing.change.kind) + prefix(closing.change))
        } else if change == nil {
            lastClose = nil
        }
    }

    /// Text in its emphasis. Emphasis stays open across changes and pieces while the formatting
    /// stays the same (`*a {++b++} c*`, not `*a* {++*b*++} *c*`, which would not parse), and white
    /// space at its edges is kept outside the delimiters, where it lets them open and close.
    private mutating func writeText(_ text: String, _ format: WordFormat, inTable: Bool, depth: Int) {
        guard !text.isEmpty else { return }
        if format.strike {
            warnings.append("strike-through formatting that is not a tracked deletion is not kept (the text is)")
        }
        var text = Substring(text)
        let wanted = delimiters(format)
        if wanted != emphasis {
            closeEmphasis()
            let lead = text.prefix { $0 == " " || $0 == "\t" }
            write(escape(String(lead), inTable: inTable))
            text = text.dropFirst(lead.count)
            guard !text.isEmpty else { return }
            if !wanted.isEmpty {
                write(wanted)
                emphasis = wanted
                emphasisDepth = depth
            }
        }
        // Inside emphasis, trailing white space is held back until the next text (which
        // `write` puts it before) or the closing delimiter (which it goes after).
        let trail = emphasis.isEmpty ? 0 : text.reversed().prefix { $0 == " " || $0 == "\t" }.count
        let core = text.dropLast(trail)
        if format.code, !core.isEmpty {
            var ticks = "`"
            while core.contains(ticks) { ticks += "`" }
            let pad = core.hasPrefix("`") || core.hasSuffix("`") ? " " : ""
            write(ticks + pad + core.replacingOccurrences(of: "\n", with: " ") + pad + ticks)
        } else {
            write(escape(String(core), inTable: inTable))
        }
        heldSpace += text.suffix(trail)
    }

    /// Closes the open emphasis, then writes the white space held back from inside it.
    private mutating func closeEmphasis() {
        if !emphasis.isEmpty {
            if out.reversed().drop(while: { $0 == " " }).first == "\n" { unspellable = true }
            out += String(emphasis.reversed())
            atLineStart = false
            emphasis = ""
            emphasisDepth = -1
        }
        if !heldSpace.isEmpty {
            let space = heldSpace
            heldSpace = ""
            write(escape(space))
        }
    }

    /// Markdown and revision-markup punctuation escaped, so text stays text.
    private func escape(_ text: String, inTable: Bool = false, lineStart: Bool? = nil) -> String {
        var result = ""
        let scalars = Array(text.unicodeScalars)
        let start = lineStart ?? atLineStart
        // A line that begins with digits and `.` or `)` would be an ordered list item.
        var leadingDigits = start
        for (i, c) in scalars.enumerated() {
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            let previous = i > 0 ? scalars[i - 1] : nil
            var escaped: Bool
            switch c {
            case "\\", "`", "*", "_", "]", "<", ">", "{", "}", "~": escaped = true
            // A `[` can open a link, an image or a reference only with a `]` after it: in a
            // paragraph without one it stays as written, as cmark-gfm read it (an open `[`
            // also keeps it from linking a bare URL after it).
            case "[": escaped = paragraphHasCloser
            case "|": escaped = inTable
            case "+": escaped = next == "+" || previous == "+" || (i == 0 && start)
            case "&": escaped = next.map { CharacterSet.alphanumerics.contains($0) || $0 == "#" } ?? false
            case "#", "-", "=": escaped = i == 0 && start
            case ".", ")": escaped = leadingDigits && i > 0
            default: escaped = false
            }
            if !CharacterSet.decimalDigits.contains(c) { leadingDigits = false }
            if escaped { result += "\\" }
            if c == "\n" { result += " " } else { result.unicodeScalars.append(c) }
        }
        return result
    }

    private static func destination(_ url: String) -> String {
        let needsAngle = url.contains { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" }
        if needsAngle { return "<" + url.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E") + ">" }
        return url
    }

    private static func opener(_ kind: WordChange.Kind) -> String { kind == .insertion ? "{++" : "{--" }
    private static func closer(_ kind: WordChange.Kind) -> String { kind == .insertion ? "++}" : "--}" }

    private func prefix(_ change: WordChange) -> String {
        attributionPrefix(author: change.author, date: change.date, move: change.move)
    }

    /// `{"author":"Legal","date":"2024-03-01"}@@`, without what the front matter already says.
    private func attributionPrefix(author: String?, date: String?, move: String?) -> String {
        var fields: [String] = []
        if let author, author != defaultAuthor { fields.append("\"author\":" + Self.json(author)) }
        if let date, date != defaultDate { fields.append("\"date\":" + Self.json(date)) }
        if let move { fields.append("\"move\":" + Self.json(move)) }
        return fields.isEmpty ? "" : "{" + fields.joined(separator: ",") + "}@@"
    }

    /// A string as a JSON string literal (also a valid YAML scalar, for front matter).
    static func json(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
