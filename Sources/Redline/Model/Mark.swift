/// A revision mark as the scanner found it: byte ranges into the file, nothing resolved.
///
/// Internal: the public face of a mark is ``Change``. Marks live in one flat array in source
/// order; nesting is by index, so walking them never recurses deeply.
struct Mark: Hashable, Sendable {
    var kind: Change.Kind
    var style: Change.Style
    /// The whole mark, delimiters included; for a block change its delimiter lines too.
    var range: Range<Int>
    /// The JSON attribution prefix with its `@@`, if any.
    var prefix: Range<Int>?
    /// The content after the prefix; for a substitution its old side.
    var content: Range<Int>
    /// A substitution's new side.
    var newContent: Range<Int>?
    var isBlock: Bool
    var parent: Int?
    var children: [Int] = []
    /// For a comment written directly after a change: that change's index.
    var owner: Int?
    /// Comments attached to this mark, in order.
    var comments: [Int] = []
    var attribution = Attribution()
    var explicitID: String?
    var move: String?
    var renumber: String?
    /// The mark starts in a code span or a fenced code block, where white space is content.
    var inCode = false
}

extension Mark {
    /// Dashes and spaces inserted, deleted or replaced on a table's delimiter row
    /// (`|------{++---++}|`, a table re-padded to line its columns up): how wide a column is drawn
    /// in the source. Layout, shown as the new row: a change marked in the row would keep GFM
    /// from reading the table at all, and the redline showed a paragraph of pipes. (Colons, an
    /// alignment changed, stay a change.)
    func isColumnWidth(in bytes: [UInt8]) -> Bool {
        func widthOnly(_ r: Range<Int>) -> Bool { bytes[r].allSatisfy { $0 == UInt8(ascii: "-") || $0 == 0x20 || $0 == 0x09 } }
        switch kind {
        case .substitution: guard let new = newContent, widthOnly(content), widthOnly(new) else { return false }
        case .insertion, .deletion: guard !content.isEmpty, widthOnly(content) else { return false }
        default: return false
        }
        // The mark's line: a delimiter row (pipes, dashes, colons, spaces, and the marks'
        // own delimiters), under a line with a pipe.
        var start = range.lowerBound, end = range.upperBound
        while start > 0, range.lowerBound - start < 4096, bytes[start - 1] != 0x0A { start -= 1 }
        while end < bytes.count, end - range.upperBound < 4096, bytes[end] != 0x0A { end += 1 }
        guard start > 0 else { return false }
        var pipe = false, dash = false
        for b in bytes[start..<end] {
            switch b {
            case UInt8(ascii: "|"): pipe = true
            case UInt8(ascii: "-"): dash = true
            case UInt8(ascii: ":"), 0x20, 0x09, 0x0D, UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "+"), UInt8(ascii: "~"), UInt8(ascii: ">"): break
            default: return false
            }
        }
        guard pipe, dash else { return false }
        var header = start - 1
        while header > 0, start - header < 4096, bytes[header - 1] != 0x0A { header -= 1 }
        return bytes[header..<(start - 1)].contains(UInt8(ascii: "|"))
    }

    /// A change of layout only, shown as nothing in the editions (kept so that both readings
    /// come back exactly, as `policy diff` writes them): white space for white space inside a
    /// paragraph (a re-wrapped line) or between paragraphs (other line endings, more blank
    /// lines), or line breaks inserted or deleted where a blank line stands in both readings (an
    /// extra blank line between two blocks, which Markdown ignores) or at the file's start or
    /// end. Never where the white space is structure: in code (spans, fences, indented code,
    /// HTML blocks), a hard line break made or lost, a line break that starts or ends a block
    /// (a heading, a list item, a quote, a fence, a table row), indentation changed after a line
    /// break (a list nested, a paragraph made code), or spaces and tabs inserted or deleted alone.
    /// Also dashes and spaces on a table's delimiter row (``isColumnWidth(in:)``).
    func isLayout(in bytes: [UInt8]) -> Bool {
        guard children.isEmpty, comments.isEmpty, !isBlock, !inCode else { return false }
        if isColumnWidth(in: bytes) { return true }
        func newlines(_ r: Range<Int>) -> Int? {
            var count = 0
            for b in bytes[r] {
                if b == 0x0A { count += 1 } else if b != 0x20, b != 0x09, b != 0x0D { return nil }
            }
            return count
        }
        // Only white space is layout: settled before anything is looked up around the mark.
        switch kind {
        case .substitution:
            guard let new = newContent, newlines(content) != nil, newlines(new) != nil else { return false }
        case .insertion, .deletion:
            guard !content.isEmpty, bytes[content].allSatisfy({ $0 == 0x0A || $0 == 0x0D }) || isTrailingSpace(in: bytes) else { return false }
        default:
            return false
        }
        // The line the mark starts on (searched back a few kilobytes at most, so a file of one
        // long line stays linear), and the line its text goes on with after it: neither may be
        // code or raw HTML (four spaces of indentation, or a line opening with `<`).
        var lineStart = range.lowerBound
        while lineStart > 0, range.lowerBound - lineStart < 4096, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard !Self.isCodeOrHTMLLine(bytes, at: lineStart), !Self.isCodeOrHTMLLine(bytes, at: Self.lineOfText(bytes, after: range.upperBound)) else { return false }
        switch kind {
        case .substitution:
            guard let new = newContent, let a = newlines(content), let b = newlines(new) else { return false }
            func indentation(_ r: Range<Int>) -> ArraySlice<UInt8> { bytes[r].reversed().prefix { $0 == 0x20 || $0 == 0x09 }[...] }
            if a >= 2 || b >= 2 {
                // A paragraph break for a paragraph break, the next line's indentation kept
                // (four spaces more and the paragraph after is code).
                return a >= 2 && b >= 2 && indentation(content).elementsEqual(indentation(new))
            }
            guard a > 0 || b > 0 else { return true }
            func hardBreak(_ r: Range<Int>) -> Bool {
                guard let n = bytes[r].firstIndex(of: 0x0A) else { return false }
                return bytes[r.lowerBound..<n].filter { $0 == 0x20 }.count >= 2
            }
            // A line break for a line break (other line endings, other spaces around it): inside
            // a paragraph the next line's indentation does not matter (it goes on the paragraph);
            // after a heading or a table row, or before a list item or another block, it does.
            let line = bytes[lineStart...].drop { $0 == 0x20 }.first
            let inParagraph = line != UInt8(ascii: "#") && line != UInt8(ascii: "|") && !Self.startsBlock(bytes, at: range.upperBound)
            if a > 0 && b > 0 {
                return hardBreak(content) == hardBreak(new) && (inParagraph || indentation(content).elementsEqual(indentation(new)))
            }
            // A line break made or taken away inside a paragraph (a list item's, a quote's): only
            // where no block starts with it, no heading or table row ends with it, no hard line
            // break comes or goes, and the indentation after it stays.
            let textBefore = range.lowerBound > lineStart && bytes[range.lowerBound - 1] != 0x20 && bytes[range.lowerBound - 1] != 0x09
            guard textBefore, bytes[range.lowerBound - 1] != UInt8(ascii: "\\"), inParagraph else { return false }
            return !hardBreak(content) && !hardBreak(new)
        case .insertion, .deletion:
            if isTrailingSpace(in: bytes) { return true }
            guard !content.isEmpty, bytes[content].allSatisfy({ $0 == 0x0A || $0 == 0x0D }) else { return false }
            // Line breaks right around the mark, outside it: two make a blank line on their own.
            var before = 0, i = range.lowerBound
            while i > 0, let b = Optional(bytes[i - 1]), b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D {
                if b == 0x0A { before += 1 }
                i -= 1
            }
            var after = 0, j = range.upperBound
            while j < bytes.count, let b = Optional(bytes[j]), b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D {
                if b == 0x0A { after += 1 }
                j += 1
            }
            // The file's start and end count as blank lines: line breaks there show nowhere.
            // Nor beside an ATX heading, where a line break outside the mark ends the heading's
            // line in both readings: a heading is one line whatever follows, and it breaks off
            // a paragraph, so a blank line added or taken away next to it changes no block.
            return i == 0 || j == bytes.count || before + after >= 2
                || (before + after == 1 && Self.besideHeading(bytes, textBefore: i, textAfter: j))
        default:
            return false
        }
    }

    /// Spaces or tabs inserted or deleted at the end of a block's last line (a blank line or
    /// the file's end after it): Markdown drops them there, even two (a hard line break needs
    /// a line after it in its paragraph). Elsewhere spaces alone are no layout.
    private func isTrailingSpace(in bytes: [UInt8]) -> Bool {
        guard kind == .insertion || kind == .deletion, !content.isEmpty, bytes[content].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return false }
        var j = range.upperBound
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
        guard j < bytes.count else { return true }
        guard bytes[j] == 0x0A else { return false }
        j += 1
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
        return j == bytes.count || bytes[j] == 0x0A
    }

    /// The start of the line on which the text after `offset` goes on, when white space from
    /// `offset` holds a line break; else the file's end (nothing to check).
    private static func lineOfText(_ bytes: [UInt8], after offset: Int) -> Int {
        var k = offset, start = bytes.count
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0D || bytes[k] == 0x0A {
            if bytes[k] == 0x0A { start = k + 1 }
            k += 1
        }
        return start
    }

    /// A heading ends the text before the white space from `i` to `j`, or starts the text
    /// after it, and stands on its own: no list item, quote or raw block around it.
    private static func besideHeading(_ bytes: [UInt8], textBefore i: Int, textAfter j: Int) -> Bool {
        if let heading = atxHeadingLine(bytes, holding: i - 1) {
            return heading == 0 || (lineStart(bytes, of: heading - 1).map { paragraphLines(bytes, from: $0) } ?? false)
        }
        guard atxHeadingLine(bytes, holding: j) != nil, let before = lineStart(bytes, of: i - 1) else { return false }
        return paragraphLines(bytes, from: before)
    }

    /// The start of the line holding `offset` (searched back a few kilobytes at most).
    private static func lineStart(_ bytes: [UInt8], of offset: Int) -> Int? {
        var s = offset
        while s > 0, offset - s < 4096, bytes[s - 1] != 0x0A { s -= 1 }
        return s == 0 || bytes[s - 1] == 0x0A ? s : nil
    }

    /// The start of the line holding `offset` if it is an ATX heading: one to six `#` at the
    /// start of the line (an indented one may be a list item's), then white space or its end.
    private static func atxHeadingLine(_ bytes: [UInt8], holding offset: Int) -> Int? {
        guard offset >= 0, offset < bytes.count, let line = lineStart(bytes, of: offset) else { return nil }
        let heading = bytes.withUnsafeBufferPointer { text in
            ReadingChunks.isHeading(text, at: line, end: text.offset(of: 0x0A, from: line) ?? text.count)
        }
        return heading ? line : nil
    }

    /// Whether the lines from the one starting at `line` up to a blank line (or the file's
    /// start) are a paragraph's: none opens a list item, a quote, a table, code or raw HTML, in
    /// which a heading would be that block's and a blank line might end the block.
    private static func paragraphLines(_ bytes: [UInt8], from line: Int) -> Bool {
        var line = line
        while true {
            var end = line
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let text = bytes[line..<end]
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
            if let first = text.first, [0x20, 0x09].contains(first) || "<>|`~#".utf8.contains(first) || startsBlock(bytes, at: line) { return false }
            guard line > 0 else { return true }
            guard let above = lineStart(bytes, of: line - 1) else { return false }
            line = above
        }
    }

    /// A line indented four spaces or a tab (code, or a list's nested content), or opening
    /// with `<` (raw HTML: `<pre>` keeps white space).
    private static func isCodeOrHTMLLine(_ bytes: [UInt8], at start: Int) -> Bool {
        var k = start, spaces = 0
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { spaces += bytes[k] == 0x09 ? 4 : 1; k += 1 }
        return spaces >= 4 || (k < bytes.count && bytes[k] == UInt8(ascii: "<"))
    }

    /// Whether the text at `offset` (its indentation skipped) opens a block a line break in
    /// front of it would start: a heading, a list item, a quote, a fence, a table row, a rule
    /// or a setext underline.
    static func startsBlock(_ bytes: [UInt8], at offset: Int) -> Bool {
        var k = offset
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0D || bytes[k] == 0x0A { k += 1 }
        guard k < bytes.count else { return false }
        let c = bytes[k]
        func next(_ d: Int) -> UInt8? { k + d < bytes.count ? bytes[k + d] : nil }
        switch c {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: "`"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return next(1) == 0x20 || next(1) == 0x09 || next(1) == c || next(1) == 0x0A || next(1) == nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var d = 1
            while let n = next(d), n >= UInt8(ascii: "0"), n <= UInt8(ascii: "9"), d < 10 { d += 1 }
            return (next(d) == UInt8(ascii: ".") || next(d) == UInt8(ascii: ")")) && (next(d + 1) == 0x20 || next(d + 1) == nil || next(d + 1) == 0x0A)
        default: return false
        }
    }
}
