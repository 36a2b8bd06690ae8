import Foundation

/// The redline reading: old and new text side by side, with every change marked in the tree.
///
/// Built by writing the source with each mark's delimiters replaced by private-use sentinel
/// characters between two punctuation marks (cmark-gfm treats them as ordinary text, so they
/// cannot open or close a block; see ``guardMark`` for emphasis beside them), parsing that with cmark-gfm, and turning the sentinels in the parsed text back into
/// ``Inline/changeStart(_:)`` and ``Inline/changeEnd(_:)`` milestones. Block changes get no
/// sentinels — a character before `## ` would stop it being a heading — and instead mark the
/// blocks they contain (``Block/change``).
struct RedlineReading {
    let document: Document

    // Sentinels: an opener per role, a comment, a closer; then the mark index in private-use
    // digits, then a terminator.
    static let openBase: UInt32 = 0xE000, comment: UInt32 = 0xE003, close: UInt32 = 0xE004
    static let digitBase: UInt32 = 0xE010, terminator: UInt32 = 0xE01F

    /// Each sentinel stands between two punctuation marks (U+2E2E), because cmark-gfm reads a
    /// private-use character as a letter: `*note.*` followed by a letter-like closer would not
    /// close its emphasis (`.*x` is not right-flanking), and the page would show the asterisks.
    /// Beside punctuation, emphasis flanks a change the way it flanks the text around it; only
    /// emphasis inside a word that a change begins or ends (`foo**{++bar++}**baz`) is lost.
    static let guardMark: UInt32 = 0x2E2E

    private static func sentinel(_ code: UInt32, _ index: Int) -> [UInt8] {
        var scalars = String(Unicode.Scalar(guardMark)!)
        scalars.unicodeScalars.append(Unicode.Scalar(code)!)
        for digit in String(index).unicodeScalars {
            scalars.unicodeScalars.append(Unicode.Scalar(digitBase + digit.value - 48)!)
        }
        scalars.unicodeScalars.append(Unicode.Scalar(terminator)!)
        scalars.unicodeScalars.append(Unicode.Scalar(guardMark)!)
        return Array(scalars.utf8)
    }

    private static func roleCode(_ role: ChangeMarker.Role) -> UInt32 {
        switch role {
        case .inserted: openBase
        case .deleted: openBase + 1
        case .highlighted: openBase + 2
        }
    }

    /// The block change spans, as source offsets, with their markers.
    /// `range`: the changed text; `end`: where the change's delimiters after it end; `mark`:
    /// the mark's index.
    private var blockSpans: [(range: Range<Int>, end: Int, marker: ChangeMarker, mark: Int)] = []

    init(document: Document) { self.document = document }

    func marker(for index: Int, role: ChangeMarker.Role) -> ChangeMarker {
        ChangeMarker(id: id(of: index), role: role)
    }

    private func id(of index: Int) -> String {
        let owner = document.marks[index].owner ?? index
        return document.changeIndex[owner].map { document.changes[$0].id } ?? ""
    }

    /// Reads the document; a change read as whole blocks none of which is parsed as a block
    /// starting inside it (inside code or raw HTML, where there are no blocks) would show
    /// nowhere, so it is read again inline, with sentinels.
    mutating func build() -> Block {
        var root = buildOnce()
        for _ in 0..<3 {
            let unmarked = Set(blockSpans.map(\.mark)).subtracting(markedSpans)
            guard !unmarked.isEmpty else { break }
            readInline.formUnion(unmarked)
            root = buildOnce()
        }
        return root
    }

    /// Marks read inline even where they would be whole blocks.
    private var readInline: Set<Int> = []
    /// Marks of ``blockSpans`` that marked at least one block.
    private var markedSpans: Set<Int> = []

    private mutating func buildOnce() -> Block {
        blockSpans = []
        markedSpans = []
        var emitter = Emitter(capacity: document.bytes.count + document.marks.count * 16, bodyStart: document.bodyStart)
        var position = 0
        let roots = document.rootMarks
        // Where code fences open, when some mark is in code (it may be in a fence's info string).
        let fences = document.marks.contains(where: \.inCode) ? CodeRegions(bytes: document.bytes, start: document.bodyStart) : nil
        for (k, index) in roots.enumerated() {
            emitter.copy(position..<document.marks[index].range.lowerBound, from: document.bytes)
            let next = k + 1 < roots.count ? document.marks[roots[k + 1]].range.lowerBound : document.bytes.count
            if let after = listNumberChange(index), after <= next {
                emitListNumber(index, through: after, into: &emitter)
                position = after
            } else if let fences, let after = fenceInfoChange(index, fences: fences), after <= next {
                emitFenceInfo(index, through: after, into: &emitter)
                position = after
            } else {
                emit(index, into: &emitter)
                position = document.marks[index].range.upperBound
            }
        }
        emitter.copy(position..<document.bytes.count, from: document.bytes)
        let start = document.bodyStart
        let bodyStart = min(start, emitter.output.count)
        let bodyLines = LineIndex(emitter.output[bodyStart...])
        let sourceLines = document.lines
        let finished = emitter
        var root = CmarkConverter.parse(emitter.output, from: bodyStart) { sl, sc, el, ec in
            let from = finished.sourceOffset(of: start + bodyLines.offset(of: SourceLocation(line: sl, column: sc)))
            let to = finished.sourceOffset(of: start + bodyLines.offset(of: SourceLocation(line: el, column: ec + 1)))
            return sourceLines.range(from..<max(from, to))
        }
        root = resolveSentinels(root)
        openRoles = [:]
        markBlocks(&root, inside: nil)
        return root
    }

    private mutating func emit(_ index: Int, into emitter: inout Emitter) {
        let mark = document.marks[index]
        let bytes = document.bytes
        if mark.isBlock, standsApart(mark), !readInline.contains(index) {
            // Whole blocks: no sentinels, the blocks are marked after parsing.
            switch mark.kind {
            case .insertion, .deletion, .highlight:
                let role: ChangeMarker.Role = mark.kind == .insertion ? .inserted : mark.kind == .deletion ? .deleted : .highlighted
                blockSpans.append((mark.content, mark.range.upperBound, marker(for: index, role: role), index))
                emitContent(mark.content, children: mark.children, into: &emitter)
            case .substitution:
                blockSpans.append((mark.content, mark.newContent?.lowerBound ?? mark.range.upperBound, marker(for: index, role: .deleted), index))
                emitter.copy(mark.content, from: bytes)
                if let new = mark.newContent {
                    blockSpans.append((new, mark.range.upperBound, marker(for: index, role: .inserted), index))
                    if !mark.content.isEmpty, bytes[mark.content.upperBound - 1] != UInt8(ascii: "\n") { emitter.insert([UInt8(ascii: "\n")]) }
                    emitter.insert([UInt8(ascii: "\n")])
                    emitter.copy(new, from: bytes)
                }
            case .comment:
                emitter.insert(Self.sentinel(Self.comment, index))
            }
            return
        }
        // At the start of a line of the reading: in the source, or after a heading line that
        // the mark before this one wrote (`{--# Old⏎⏎--}{++# New⏎⏎++}Text`, a first heading
        // reworded whole).
        let lineStart = emitter.output.count == document.bodyStart || emitter.output.last == UInt8(ascii: "\n")
        let afterBlankLine = Self.endsWithBlankLine(emitter.output[min(document.bodyStart, emitter.output.count)...])
        if !readInline.contains(index),
           let role = wholeBlocks(mark, afterBlankLine: afterBlankLine || startsItsReadingsLine(index)) {
            // Whole blocks written inline where nothing comes before them to hang the change
            // on (`{--- a⏎- b⏎⏎--}{++- c⏎⏎++}Text`, a list replaced at the start of a file):
            // no sentinels, which would stand before the list's markers; marked as blocks.
            // After the other side's text on the same line (`{--Old title.--}{++# Title⏎⏎++}`),
            // a paragraph break of the redline's own sets them apart.
            if !afterBlankLine { emitter.insert(Array("\n\n".utf8)) }
            blockSpans.append((mark.content, mark.range.upperBound, marker(for: index, role: role), index))
            emitter.copy(mark.content, from: bytes)
            return
        }
        if !readInline.contains(index), let (role, lineEnd) = headingLine(mark, atLineStart: lineStart) {
            // A heading line inserted or deleted right above a paragraph (`{--## Old title⏎--}Text`,
            // as `policy diff` writes one): a heading block in the redline, marked whole; what
            // the change holds after that line (the start of the paragraph) is marked inline.
            let line = mark.content.lowerBound..<lineEnd
            blockSpans.append((line, lineEnd, marker(for: index, role: role), index))
            emitter.copy(line, from: bytes)
            if lineEnd < mark.content.upperBound {
                emitter.insert(Self.sentinel(Self.roleCode(role), index))
                emitter.copy(lineEnd..<mark.content.upperBound, from: bytes)
                emitter.insert(Self.sentinel(Self.close, index))
            }
            return
        }
        if isListMarkerChange(mark) {
            // `{~~-~>*~~} Text` or `{~~1.~>-~~} Text`, a list's marker restyled: sentinels
            // before the marker would leave the line a paragraph (the list ran together into
            // one). The new marker is written plain, so the item stays an item of the new
            // list, and the change is shown at the start of its text.
            emitter.copy(mark.newContent ?? mark.content, from: bytes)
            emitter.insert([UInt8(ascii: " ")])
        }
        if isHeadingLevelChange(mark) {
            // `###{--#--} Title`: a sentinel among the `#` marks would stop the line being a
            // heading. The accepted marks are written plain, so the heading has its new level,
            // and the change is shown at the start of its text.
            if mark.kind != .deletion { emitter.copy(mark.newContent ?? mark.content, from: bytes) }
            emitter.insert([UInt8(ascii: " ")])
        }
        // Decided once, when the document's changes were listed.
        let layout = document.changeIndex[index].map { document.changes[$0].isLayout } ?? false
        switch mark.kind {
        case .comment:
            emitter.insert(Self.sentinel(Self.comment, index))
        case .substitution where layout:
            // Whitespace for whitespace within a paragraph (a re-wrapped line, as `policy diff`
            // writes it): the page looks the same either way, so the new layout is shown plain.
            emitter.copy(mark.newContent ?? mark.content, from: document.bytes)
        case .insertion where layout:
            // An extra blank line between blocks: shown plain, as the new layout.
            emitter.copy(mark.content, from: document.bytes)
        case .deletion where layout:
            break
        case .substitution:
            span(mark.content, role: .deleted, index: index, into: &emitter)
            span(mark.newContent ?? mark.content.upperBound..<mark.content.upperBound, role: .inserted, index: index, into: &emitter)
        case .insertion, .deletion, .highlight:
            let role: ChangeMarker.Role = mark.kind == .insertion ? .inserted : mark.kind == .deletion ? .deleted : .highlighted
            // A change that starts a line with a block's marker and goes on past it on that line
            // (`{--- item⏎- item--}`): the marker is written before the sentinel, which would
            // otherwise stand in front of it and leave the line a paragraph showing a literal
            // `- `. Not a change that is the marker alone (`{--# --}Title`, a heading made a
            // paragraph): that is the change, and it shows as one.
            var start = mark.content.lowerBound, atLineStart = lineStart
            let firstChild = mark.children.first.map { document.marks[$0].range.lowerBound } ?? mark.content.upperBound
            // A change that starts at the end of a table row, a code fence, a code line or an
            // HTML block's line with a line break (`| a |{++⏎⏎Text++}`, as `policy diff` writes a paragraph
            // added after a table): a sentinel there is a cell past the table's columns
            // (dropped), or text after a closing fence (which then is none, and the rest of the
            // page would be code). It goes to where the change's text begins, on its own line;
            // the line breaks and indentation before it are shown plain.
            // So does a change whose text begins a footnote's definition on a line of its own
            // (`(e).{++⏎[^2]: See …++}`, a note added after another): cmark moves definitions
            // to the notes in the order they are cited, so the change could not be followed
            // from the note before it, and the new note showed unmarked. (A note nobody cites
            // is dropped by cmark-gfm: its label is then not hoisted, and the line reads as text.)
            if !lineStart, let next = Self.lineAfterLeadingBreaks(bytes, start..<min(firstChild, mark.content.upperBound)),
               mark.inCode || Self.endsAClosedLine(bytes, before: mark.range.lowerBound)
                || Self.footnoteLabelLength(bytes[next..<mark.content.upperBound]) > 0 {
                emitter.copy(start..<next, from: bytes)
                start = next
                atLineStart = true
            }
            if atLineStart {
                let blockMarker = Self.blockMarkerLength(bytes[start..<mark.content.upperBound])
                let marker = min(blockMarker > 0 ? blockMarker : citedNoteMarkerLength(bytes[start..<mark.content.upperBound]), firstChild - start)
                let restOfLine = bytes[(start + marker)..<mark.content.upperBound].prefix { $0 != UInt8(ascii: "\n") }
                if restOfLine.contains(where: { !MarkupScanner.isWhitespace($0) }) {
                    emitter.copy(start..<(start + marker), from: bytes)
                    start += marker
                }
            }
            emitter.insert(Self.sentinel(Self.roleCode(role), index))
            // The closing sentinel goes before the line breaks the change ends with: at the
            // start of the next line it would stand before that line's block marker or
            // indentation (`{++- b⏎++}- c` would leave `- c` no list item).
            let lastChild = mark.children.last.map { document.marks[$0].range.upperBound } ?? start
            // (A block mark read inline keeps its closer on a line of its own: see below. In
            // code the line breaks are the code's own lines, shown as they are: they stay in.)
            let end = mark.isBlock || mark.inCode ? mark.content.upperBound
                : Self.endBeforeBlankLines(bytes, max(start, lastChild)..<mark.content.upperBound)
            emitContent(start..<end, children: mark.children, into: &emitter)
            emitter.insert(Self.sentinel(Self.close, index))
            emitter.copy(end..<mark.content.upperBound, from: bytes)
        }
        // A block change read inline: its closing delimiter line's break still ends a line.
        if mark.isBlock { emitter.insert([UInt8(ascii: "\n")]) }
    }

    /// Where the text of `range` begins (past its indentation), when the range starts with a
    /// line break and holds text after the white space; nil otherwise.
    private static func lineAfterLeadingBreaks(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound, MarkupScanner.isWhitespace(bytes[i]) { i += 1 }
        guard i < range.upperBound, bytes[range.lowerBound] == UInt8(ascii: "\n") || bytes[range.lowerBound] == UInt8(ascii: "\r") else { return nil }
        return i
    }

    /// Whether the source line that `offset` ends is one that text after it would break: a
    /// table row (it holds a `|`), a code fence, an HTML block's line, or an indented line (an
    /// indented code block's: the change's sentinel would be code, and its text a paragraph
    /// that never opens the change; a list item's continuation reads the same either way).
    private static func endsAClosedLine(_ bytes: [UInt8], before offset: Int) -> Bool {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let line = bytes[start..<offset]
        if line.contains(UInt8(ascii: "|")) { return true }
        // The indentation's width in columns, a tab to the next multiple of four.
        var column = 0
        let rest = line.drop { b in
            guard b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") else { return false }
            column = b == UInt8(ascii: " ") ? column + 1 : (column / 4 + 1) * 4
            return true
        }
        if column >= 4 { return !rest.isEmpty }
        return rest.starts(with: "```".utf8) || rest.starts(with: "~~~".utf8) || rest.first == UInt8(ascii: "<")
    }

    /// Whether the mark starts a line in its own reading although text stands before it on its
    /// source line: everything there is the other side's (an insertion after deletions that
    /// reach back to the line's start), so that reading has the mark at the start of a line.
    private mutating func startsItsReadingsLine(_ index: Int) -> Bool {
        let mark = document.marks[index], bytes = document.bytes
        guard mark.kind == .insertion || mark.kind == .deletion, !mark.inCode else { return false }
        if rootMarkEndingAt.isEmpty {
            for root in document.rootMarks { rootMarkEndingAt[document.marks[root].range.upperBound] = root }
        }
        var p = mark.range.lowerBound, crossed = false
        while p > document.bodyStart, bytes[p - 1] != UInt8(ascii: "\n") {
            guard let before = rootMarkEndingAt[p], document.marks[before].kind == (mark.kind == .insertion ? .deletion : .insertion)
            else { return false }
            p = document.marks[before].range.lowerBound
            crossed = true
        }
        // And a block may start on that line: it follows a blank line (or the body's start),
        // not a paragraph that the line would go on.
        return crossed && Self.endsWithBlankLine(bytes[document.bodyStart..<p])
    }

    /// Root marks by where they end (for ``startsItsReadingsLine(_:)``), made when first needed.
    private var rootMarkEndingAt: [Int: Int] = [:]

    /// An insertion or deletion of whole blocks: it starts where a block may start (the body's
    /// start, or after a blank line of the reading) and its text ends with a blank line, so
    /// the blocks in it are neither the end of one before it nor the start of one after it.
    private func wholeBlocks(_ mark: Mark, afterBlankLine: Bool) -> ChangeMarker.Role? {
        guard afterBlankLine, mark.kind == .insertion || mark.kind == .deletion, mark.children.isEmpty, mark.comments.isEmpty,
              Self.endsWithBlankLine(document.bytes[mark.content]),
              document.bytes[mark.content].contains(where: { !MarkupScanner.isWhitespace($0) }) else { return nil }
        return mark.kind == .insertion ? .inserted : .deleted
    }

    /// Whether `text` is empty or ends with a blank line (two line breaks with at most carriage
    /// returns between them).
    private static func endsWithBlankLine(_ text: ArraySlice<UInt8>) -> Bool {
        var breaks = 0
        for byte in text.reversed() {
            if byte == UInt8(ascii: "\n") { breaks += 1 } else if byte != UInt8(ascii: "\r") { break }
            if breaks == 2 { return true }
        }
        return text.isEmpty
    }

    /// An insertion or deletion that starts a line with an ATX heading line (its line break
    /// included) and goes on into the text after it (the start of the paragraph below, or
    /// nothing more): its role, and where the heading's line ends. Shown as a heading block.
    private func headingLine(_ mark: Mark, atLineStart: Bool) -> (role: ChangeMarker.Role, lineEnd: Int)? {
        guard mark.kind == .insertion || mark.kind == .deletion, mark.children.isEmpty, mark.comments.isEmpty, atLineStart else { return nil }
        let bytes = document.bytes, content = mark.content
        guard content.count > 2, let newline = bytes[content].firstIndex(of: UInt8(ascii: "\n")),
              mark.range.upperBound < bytes.count, bytes[mark.range.upperBound] != UInt8(ascii: "\n"),
              bytes[mark.range.upperBound] != UInt8(ascii: "\r") else { return nil }
        // After the heading's line, text of the paragraph below on the same line as it goes on
        // (no blank line, no second line break inside the change).
        // (Or a blank line, which goes with the heading's block.)
        let rest = bytes[(newline + 1)..<content.upperBound]
        let blank = !rest.isEmpty && rest.allSatisfy { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard blank || (!rest.contains(UInt8(ascii: "\n")) && !Self.startsBlock(rest)) else { return nil }
        var i = content.lowerBound
        while i < content.upperBound, bytes[i] == UInt8(ascii: "#") { i += 1 }
        guard (1...6).contains(i - content.lowerBound), bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") else { return nil }
        return (mark.kind == .insertion ? .inserted : .deleted, blank ? content.upperBound : newline + 1)
    }

    /// Where `range` ends without the line breaks it ends with (and the blank lines: empty, or
    /// a quote's `>` alone); its end if it ends with no line break.
    static func endBeforeBlankLines(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        // Line breaks alone (a paragraph mark) stay inside.
        guard bytes[range].contains(where: { !MarkupScanner.isWhitespace($0) }) else { return range.upperBound }
        var end = range.upperBound
        while true {
            var k = end
            while k > range.lowerBound, MarkupScanner.isWhitespace(bytes[k - 1]) { k -= 1 }
            guard bytes[k..<end].contains(UInt8(ascii: "\n")) else { return end }
            end = k
            // A line of `>` alone (a quote's blank line) goes with the breaks.
            var lineStart = end
            while lineStart > range.lowerBound, bytes[lineStart - 1] == UInt8(ascii: ">") || bytes[lineStart - 1] == UInt8(ascii: " ") { lineStart -= 1 }
            guard lineStart < end, lineStart > range.lowerBound, bytes[lineStart - 1] == UInt8(ascii: "\n") else { return end }
            end = lineStart
        }
    }

    /// The length of the block marker `text` starts with, white space after it included: up to
    /// three spaces, then an ATX heading's `#`s, a bullet, an ordered item's number and `.` or
    /// `)`, or a quote's `>`; or the indentation of indented code. Zero when it starts with none.
    static func blockMarkerLength(_ text: ArraySlice<UInt8>) -> Int {
        var i = text.startIndex
        while i < text.endIndex, i - text.startIndex < 3, text[i] == UInt8(ascii: " ") { i += 1 }
        guard i < text.endIndex else { return 0 }
        // Indented code: its indentation is its marker.
        if text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") {
            while i < text.endIndex, text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") { i += 1 }
            return i - text.startIndex
        }
        let markerStart = i
        switch text[i] {
        case UInt8(ascii: "#"):
            while i < text.endIndex, text[i] == UInt8(ascii: "#") { i += 1 }
            guard i - markerStart <= 6 else { return 0 }
        case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
            i += 1
        case UInt8(ascii: ">"):
            i += 1
            if i < text.endIndex, text[i] == UInt8(ascii: " ") { i += 1 }
            return i - text.startIndex
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while i < text.endIndex, i - markerStart < 9, (0x30...0x39).contains(text[i]) { i += 1 }
            guard i < text.endIndex, text[i] == UInt8(ascii: ".") || text[i] == UInt8(ascii: ")") else { return 0 }
            i += 1
        default:
            return 0
        }
        // A marker is followed by a space or a tab.
        guard i < text.endIndex, text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") else { return 0 }
        while i < text.endIndex, text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") { i += 1 }
        return i - text.startIndex
    }

    /// The length of the `[^label]:` a footnote's definition starts with, white space after it
    /// included, when the note is cited somewhere in the document (cmark-gfm drops a definition
    /// nobody cites: written before a change's sentinel, the change would go with it); zero
    /// otherwise. A changed note's label counts as a block's marker then.
    private func citedNoteMarkerLength(_ text: ArraySlice<UInt8>) -> Int {
        let length = Self.footnoteLabelLength(text)
        guard length > 0 else { return 0 }
        let label = Array(text[text.startIndex..<(text.startIndex + length - 1)])
        let bytes = document.bytes
        var cited = false
        bytes.withUnsafeBufferPointer { all in
            label.withUnsafeBufferPointer { needle in
                var from = 0
                while let at = all.offset(of: UInt8(ascii: "["), from: from) {
                    if at + needle.count <= all.count, memcmp(all.baseAddress! + at, needle.baseAddress!, needle.count) == 0,
                       at + needle.count == all.count || all[at + needle.count] != UInt8(ascii: ":") { cited = true; return }
                    from = at + 1
                }
            }
        }
        guard cited else { return 0 }
        var i = text.startIndex + length
        while i < text.endIndex, text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") { i += 1 }
        return i - text.startIndex
    }

    /// The length of the `[^label]:` a footnote's definition starts with (a label of up to 999
    /// bytes, none of them white space or a bracket), white space after it not included; zero
    /// when `text` starts with none.
    static func footnoteLabelLength(_ text: ArraySlice<UInt8>) -> Int {
        var i = text.startIndex
        guard text.count >= 5, text[i] == UInt8(ascii: "["), text[i + 1] == UInt8(ascii: "^") else { return 0 }
        i += 2
        while i < text.endIndex, i - text.startIndex < 1001 {
            switch text[i] {
            case UInt8(ascii: "]"):
                guard i > text.startIndex + 2, i + 1 < text.endIndex, text[i + 1] == UInt8(ascii: ":") else { return 0 }
                return i + 2 - text.startIndex
            case UInt8(ascii: "["), 0x20, 0x09, 0x0A, 0x0D: return 0
            default: i += 1
            }
        }
        return 0
    }

    /// Whether text at the start of a line would begin a block of its own (a list item, a quote,
    /// a heading, a table row, code): then it is no paragraph's first words.
    private static func startsBlock(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return true }
        if "-*+>#|`~<".utf8.contains(first) { return true }
        let digits = text.prefix { (0x30...0x39).contains($0) }
        let after = text.dropFirst(digits.count).first
        return !digits.isEmpty && (after == UInt8(ascii: ".") || after == UInt8(ascii: ")"))
    }

    /// A change in a code fence's info string (`` ```{~~swift~>python~~} ``): where the fence's
    /// line ends, its line break included, or nil. A sentinel there would be read as part of
    /// the info string, that is of the code's `class`, which no page shows.
    private func fenceInfoChange(_ index: Int, fences: CodeRegions) -> Int? {
        let mark = document.marks[index], bytes = document.bytes
        guard mark.inCode, mark.kind != .comment, mark.kind != .highlight, mark.children.isEmpty, mark.comments.isEmpty, !mark.isBlock
        else { return nil }
        var lineStart = mark.range.lowerBound
        while lineStart > document.bodyStart, mark.range.lowerBound - lineStart < 4096, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        guard lineStart == document.bodyStart || bytes[lineStart - 1] == UInt8(ascii: "\n"), fences.opensFence(atLine: lineStart) else { return nil }
        // The mark stands after the fence's backticks or tildes.
        var i = lineStart
        while i < mark.range.lowerBound, bytes[i] == UInt8(ascii: " ") { i += 1 }
        let fence = i
        while i < mark.range.lowerBound, bytes[i] == bytes[fence] { i += 1 }
        guard i - fence >= 3 else { return nil }
        // The mark and the rest of the line hold no line break (the info string is one line).
        let changed = [mark.content] + (mark.newContent.map { [$0] } ?? [])
        guard !changed.contains(where: { bytes[$0].contains(UInt8(ascii: "\n")) }),
              let lineEnd = bytes[mark.range.upperBound...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return lineEnd + 1
    }

    /// The fence's line with its accepted info string, then the change as the code's first
    /// line: the old words deleted, the new inserted (in the redline only; both readings have
    /// the code as it is).
    private mutating func emitFenceInfo(_ index: Int, through end: Int, into emitter: inout Emitter) {
        let mark = document.marks[index], bytes = document.bytes
        let old: Range<Int>? = mark.kind == .insertion ? nil : mark.content
        let new: Range<Int>? = mark.kind == .deletion ? nil : (mark.newContent ?? mark.content)
        if let new { emitter.copy(new, from: bytes) }
        emitter.copy(mark.range.upperBound..<end, from: bytes)
        if let old, !old.isEmpty {
            emitter.insert(Self.sentinel(Self.roleCode(.deleted), index) + bytes[old] + Self.sentinel(Self.close, index))
        }
        if let new, !new.isEmpty {
            emitter.insert(Self.sentinel(Self.roleCode(.inserted), index) + bytes[new] + Self.sentinel(Self.close, index))
        }
        emitter.insert([UInt8(ascii: "\n")])
    }

    /// A list item's number changed (`{~~3~>4~~}. Three`, as `policy diff` writes an item
    /// renumbered after one inserted above it): where the marker stands after the source's
    /// delimiter and the white space after it, or nil. A sentinel before `. ` would stop the
    /// line being a list item, and the item would run into the one before it.
    private func listNumberChange(_ index: Int) -> Int? {
        let mark = document.marks[index], bytes = document.bytes
        guard mark.kind == .substitution, mark.children.isEmpty, mark.comments.isEmpty, let new = mark.newContent else { return nil }
        func digits(_ r: Range<Int>) -> Bool { (1...9).contains(r.count) && bytes[r].allSatisfy { (0x30...0x39).contains($0) } }
        guard digits(mark.content), digits(new) else { return nil }
        var start = mark.range.lowerBound
        // Only indentation and quote markers before it on its line.
        while start > document.bodyStart, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: ">") { start -= 1 }
        guard startsLine(start) else { return nil }
        var after = mark.range.upperBound
        guard after < bytes.count, bytes[after] == UInt8(ascii: ".") || bytes[after] == UInt8(ascii: ")") else { return nil }
        after += 1
        guard after == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")].contains(bytes[after]) else { return nil }
        while after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") { after += 1 }
        return Self.block(at: mark.range.upperBound, in: document.blocks, { if case .item = $0 { true } else { false } }) ? after : nil
    }

    /// The new number plain, so the line stays a list item; then the delimiter; then the change,
    /// shown at the start of the item's text, as a heading's changed level is.
    private mutating func emitListNumber(_ index: Int, through after: Int, into emitter: inout Emitter) {
        let mark = document.marks[index]
        emitter.copy(mark.newContent ?? mark.content, from: document.bytes)
        emitter.copy(mark.range.upperBound..<after, from: document.bytes)
        emit(index, into: &emitter)
        emitter.insert([UInt8(ascii: " ")])
    }

    /// Whether `offset` starts a line of the reading: the body's start, after a line break, or
    /// after a change whose text ends with one (`{++1. New item⏎++}{~~1~>2~~}. Old item`, an
    /// item inserted first in its list, then the next renumbered).
    private func startsLine(_ offset: Int) -> Bool {
        let bytes = document.bytes
        if offset == document.bodyStart || bytes[offset - 1] == UInt8(ascii: "\n") { return true }
        guard offset - 4 >= document.bodyStart, bytes[offset - 1] == UInt8(ascii: "}"), bytes[offset - 4] == UInt8(ascii: "\n") else { return false }
        let closer = bytes[(offset - 3)..<(offset - 1)]
        return closer.elementsEqual("++".utf8) || closer.elementsEqual("--".utf8)
    }

    /// A substitution of one list item marker for another (`-`, `*`, `+`, or a number with
    /// `.` or `)`) at the start of a line, white space after it.
    private func isListMarkerChange(_ mark: Mark) -> Bool {
        guard mark.kind == .substitution, !mark.inCode, mark.children.isEmpty, mark.comments.isEmpty, !mark.isBlock, let new = mark.newContent else { return false }
        let bytes = document.bytes, after = mark.range.upperBound
        guard after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") else { return false }
        // Only indentation and quote markers before it on its line.
        var start = mark.range.lowerBound
        while start > document.bodyStart, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">")].contains(bytes[start - 1]) { start -= 1 }
        guard startsLine(start) else { return false }
        // A list item indeed (in the accepted reading), not a line of code or a paragraph.
        return ListItemMarker.matches(bytes[mark.content]) && ListItemMarker.matches(bytes[new])
            && Self.block(at: mark.range.upperBound, in: document.blocks) { if case .item = $0 { true } else { false } }
    }

    /// An inline change of only `#` marks that ends the run of `#` marks opening a heading of
    /// the accepted reading, a heading on both sides: `##{++#++} Scope`, `{~~####~>###~~} Scope`.
    private func isHeadingLevelChange(_ mark: Mark) -> Bool {
        guard mark.kind != .comment, mark.kind != .highlight, mark.children.isEmpty else { return false }
        let bytes = document.bytes, hash = UInt8(ascii: "#")
        var start = mark.range.lowerBound, before = 0
        while start > document.bodyStart, bytes[start - 1] == hash { start -= 1; before += 1 }
        var indent = 0
        while start > document.bodyStart, bytes[start - 1] == UInt8(ascii: " "), indent < 4 { start -= 1; indent += 1 }
        guard indent < 4, start == document.bodyStart || bytes[start - 1] == UInt8(ascii: "\n") else { return false }
        let after = mark.range.upperBound
        guard after == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[after]) else { return false }
        func hashes(_ r: Range<Int>) -> Int? { bytes[r].allSatisfy { $0 == hash } ? r.count : nil }
        let empty = mark.content.upperBound..<mark.content.upperBound
        let (old, new): (Range<Int>, Range<Int>) = switch mark.kind {
        case .insertion: (empty, mark.content)
        case .deletion: (mark.content, empty)
        default: (mark.content, mark.newContent ?? empty)
        }
        guard let o = hashes(old), let n = hashes(new), (1...6).contains(before + o), (1...6).contains(before + n) else { return false }
        // A heading indeed, not `##` in a code block.
        return Self.block(at: mark.range.upperBound, in: document.blocks) { if case .heading = $0 { true } else { false } }
    }

    /// Whether a block of the accepted reading that `matches` holds source offset `offset`
    /// (a heading, a list item: what a mark beside `#` marks or an item's number stands in).
    private static func block(at offset: Int, in block: Block, _ matches: (Block.Kind) -> Bool) -> Bool {
        if matches(block.kind), let range = block.range?.offsets, range.lowerBound <= offset, offset <= range.upperBound { return true }
        return block.children.contains { child in
            guard let range = child.range?.offsets else { return Self.block(at: offset, in: child, matches) }
            return range.lowerBound <= offset && offset <= range.upperBound && Self.block(at: offset, in: child, matches)
        }
    }

    /// A block change is a block of its own only with a blank line (or the file's edge) before
    /// and after it. Written against a paragraph line, its text is part of that paragraph in
    /// both readings, so the redline marks it inline as well: as Markdown reads it.
    private func standsApart(_ mark: Mark) -> Bool {
        let bytes = document.bytes, newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var before = mark.range.lowerBound
        if before > document.bodyStart {
            guard bytes[before - 1] == newline else { return false }
            before -= 1
            if before > document.bodyStart, bytes[before - 1] == cr { before -= 1 }
            guard before == document.bodyStart || bytes[before - 1] == newline else { return false }
        }
        let after = mark.range.upperBound
        return after >= bytes.count || bytes[after] == newline || (bytes[after] == cr && after + 1 < bytes.count && bytes[after + 1] == newline)
    }

    private func span(_ range: Range<Int>, role: ChangeMarker.Role, index: Int, into emitter: inout Emitter) {
        emitter.insert(Self.sentinel(Self.roleCode(role), index))
        emitter.copy(range, from: document.bytes)
        emitter.insert(Self.sentinel(Self.close, index))
    }

    private mutating func emitContent(_ range: Range<Int>, children: [Int], into emitter: inout Emitter) {
        var position = range.lowerBound
        for child in children {
            emitter.copy(position..<document.marks[child].range.lowerBound, from: document.bytes)
            emit(child, into: &emitter)
            position = document.marks[child].range.upperBound
        }
        emitter.copy(position..<range.upperBound, from: document.bytes)
    }

    // MARK: - From sentinels to milestones

    /// Which role each open mark index was opened with, so that its closer — often in another
    /// text node, after emphasis or a line break — ends the same side. Walked in document order.
    private var openRoles: [Int: ChangeMarker.Role] = [:]

    private mutating func resolveSentinels(_ block: Block) -> Block {
        var block = block
        block.inlines = resolveAll(block.inlines)
        block.children = block.children.map { resolveSentinels($0) }
        return block
    }

    private mutating func resolveAll(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for inline in inlines { result += resolve(inline) }
        return result
    }

    private mutating func resolve(_ inline: Inline) -> [Inline] {
        switch inline {
        case .text(let s): split(s, as: Inline.text)
        case .code(let s): split(s, as: Inline.code)
        case .html(let s): split(s, as: Inline.html)
        case .emphasis(let c): [.emphasis(resolveAll(c))]
        case .strong(let c): [.strong(resolveAll(c))]
        case .strikethrough(let c): [.strikethrough(resolveAll(c))]
        case .link(let d, let t, let c):
            if let cut = d.unicodeScalars.firstIndex(where: Self.isSentinelScalar) {
                autolinkCut(destination: String(d.unicodeScalars[..<cut]), title: t, resolveAll(c))
            } else {
                [.link(destination: d, title: t, resolveAll(c))]
            }
        case .image(let d, let t, let c): [.image(source: d, title: t, resolveAll(c))]
        default: [inline]
        }
    }

    private static func isSentinelScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == guardMark || (openBase...terminator).contains(scalar.value)
    }

    /// A bare URL (GFM's autolink extension ends one only at white space or `<`) that ran on
    /// over a change's sentinels: `(see https://x.org/a)` with a change right after it. The URL
    /// ends where the first sentinel stood, less the trailing punctuation GFM would have left
    /// out there (`.`, `,`, an unbalanced `)` …); the link keeps that much of its text, and the
    /// rest (the punctuation, the change, the words it swallowed) follows it as text again.
    private func autolinkCut(destination url: String, title: String, _ children: [Inline]) -> [Inline] {
        // The link's own text: up to its first milestone.
        let leading = children.prefix { if case .text = $0 { true } else { false } }
        let display = leading.map(\.plainText).joined()
        let kept = Self.trimmedAutolink(display)
        let removed = display.unicodeScalars.count - kept.unicodeScalars.count
        guard url.hasSuffix(display) || url.hasSuffix(kept) else {
            return [.link(destination: url, title: title, children)]
        }
        let destination = url.hasSuffix(display) ? String(url.unicodeScalars.dropLast(removed)) : url
        var rest = Array(children.dropFirst(leading.count))
        let tail = String(display.unicodeScalars.suffix(removed))
        if !tail.isEmpty { rest.insert(.text(tail), at: 0) }
        return [.link(destination: destination, title: title, kept.isEmpty ? [] : [.text(kept)])] + rest
    }

    /// GFM's rule for the end of an extended autolink: trailing `?`, `!`, `.`, `,`, `:`, `*`,
    /// `_`, `~` are not part of it, nor a `)` without its `(`.
    static func trimmedAutolink(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last {
            if "?!.,:*_~".unicodeScalars.contains(last) {
                scalars.removeLast()
            } else if last == ")", scalars.filter({ $0 == ")" }).count > scalars.filter({ $0 == "(" }).count {
                scalars.removeLast()
            } else {
                break
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Splits a literal at its sentinels; the pieces between them keep their kind.
    private mutating func split(_ s: String, as make: (String) -> Inline) -> [Inline] {
        guard s.unicodeScalars.contains(where: { $0.value >= Self.openBase && $0.value <= Self.terminator }) else { return [make(s)] }
        var result: [Inline] = []
        var text = String.UnicodeScalarView()
        var scalars = s.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            let v = scalar.value
            guard v >= Self.openBase, v <= Self.close else {
                text.append(scalar)
                continue
            }
            var index = 0
            while let d = scalars.next(), d.value != Self.terminator { index = index * 10 + Int(d.value - Self.digitBase) }
            // The guard marks on either side go with the sentinel.
            if text.last?.value == Self.guardMark { text.removeLast() }
            var rest = scalars
            if rest.next()?.value == Self.guardMark { scalars = rest }
            if !text.isEmpty { result.append(make(String(text))); text = String.UnicodeScalarView() }
            switch v {
            case Self.comment: result.append(.comment(id: id(of: index)))
            case Self.close: result.append(.changeEnd(marker(for: index, role: openRoles.removeValue(forKey: index) ?? roleOf(index))))
            default:
                let role: ChangeMarker.Role = v == Self.openBase ? .inserted : v == Self.openBase + 1 ? .deleted : .highlighted
                openRoles[index] = role
                result.append(.changeStart(marker(for: index, role: role)))
            }
        }
        if !text.isEmpty { result.append(make(String(text))) }
        return result
    }

    /// The role a closer ends when its opener stood in another text node: a substitution's
    /// closers follow the new side, so a closer seen alone ends the side opened last.
    private func roleOf(_ index: Int) -> ChangeMarker.Role {
        switch document.marks[index].kind {
        case .insertion: .inserted
        case .deletion: .deleted
        case .highlight: .highlighted
        case .substitution, .comment: .inserted
        }
    }

    // MARK: - Block changes

    private mutating func markBlocks(_ block: inout Block, inside: ChangeMarker?) {
        for i in block.children.indices {
            var marker: ChangeMarker? = nil
            // A block belongs to a block change when it starts inside it and ends there too, or
            // runs on past it over white space only (cmark's end positions of lists and quotes
            // run on past trailing blank lines). A list that runs on into the next change (a
            // deleted list straight before an inserted one reads as one list) is not the
            // change's: its items are, each by its own range.
            if inside == nil, let range = block.children[i].range?.offsets,
               let span = blockSpans.first(where: { $0.range.contains(range.lowerBound) }),
               range.upperBound <= span.end
                || document.bytes[span.end..<min(range.upperBound, document.bytes.count)].allSatisfy(MarkupScanner.isWhitespace) {
                marker = span.marker
                block.children[i].change = marker
                markedSpans.insert(span.mark)
            }
            markBlocks(&block.children[i], inside: inside ?? marker)
        }
    }
}

extension Document {
    /// The redline reading: old and new text both present, each change marked by milestones in
    /// the inlines (``Inline/changeStart(_:)``, ``Inline/changeEnd(_:)``, ``Inline/comment(id:)``)
    /// and whole inserted or deleted blocks by ``Block/change``. Computed on demand: only the
    /// redline editions need it.
    public func redline() -> Block {
        var reading = RedlineReading(document: self)
        return Document.labelFootnotes(reading.build(), bytes: bytes)
    }
}
