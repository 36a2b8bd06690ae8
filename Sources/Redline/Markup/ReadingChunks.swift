/// Where a reading can be cut into pieces that cmark-gfm parses independently, with the same
/// result as parsing the whole: before a top-level ATX heading that follows a blank line.
///
/// Why: a 10 MB policy parsed whole keeps cmark-gfm's entire node tree (about 7× the text) alive
/// at once, and one parse uses one core. Parsed in pieces of a few hundred kilobytes, the trees
/// are small and the pieces go to both cores.
///
/// Why that cut is safe: at a blank line every open paragraph and table has ended, and a line
/// that starts in column 0 continues no list item, block quote or indented code. What it could
/// continue is a top-level fenced code block or a raw HTML block; the converter checks each
/// piece's last block and joins the piece to the next when it is one of those. The other
/// document-wide state cmark keeps is link reference definitions and footnotes: a text that may
/// hold either (it contains `]:` or `[^`) is not cut at all.
struct ReadingChunks {
    /// Byte ranges, in order, covering the text; with the 1-based line each starts on.
    let pieces: [(range: Range<Int>, firstLine: Int)]

    static let defaultTarget = 64 * 1024

    /// Pieces of at least `target` bytes (the last may be shorter).
    init(_ text: UnsafeBufferPointer<UInt8>, target: Int = defaultTarget) {
        guard text.count > target, !ReadingChunks.hasDocumentWideState(text) else {
            pieces = [(0..<text.count, 1)]
            return
        }
        var pieces: [(range: Range<Int>, firstLine: Int)] = []
        var start = 0, startLine = 1
        var line = 1, lineStart = 0
        var previousBlank = false
        let newline = UInt8(ascii: "\n")
        while lineStart < text.count {
            // A line is blank when its first byte that is not a space or tab ends it.
            var first = lineStart
            while first < text.count, text[first] == UInt8(ascii: " ") || text[first] == UInt8(ascii: "\t") || text[first] == UInt8(ascii: "\r") {
                first += 1
            }
            let end = text.offset(of: newline, from: lineStart) ?? text.count
            let blank = first >= end
            if previousBlank, lineStart - start >= target, ReadingChunks.isHeading(text, at: lineStart, end: end) {
                pieces.append((start..<lineStart, startLine))
                start = lineStart
                startLine = line
            }
            previousBlank = blank
            lineStart = end + 1
            line += 1
        }
        pieces.append((start..<text.count, startLine))
        self.pieces = pieces
    }

    /// `#` to `######` in column 0, then a space, a tab or the end of the line.
    static func isHeading(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Bool {
        var i = start
        while i < end, i - start < 7, text[i] == UInt8(ascii: "#") { i += 1 }
        let hashes = i - start
        guard hashes >= 1, hashes <= 6 else { return false }
        return i == end || text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t") || text[i] == UInt8(ascii: "\r")
    }

    /// Link reference definitions and footnotes are resolved across the whole document.
    static func hasDocumentWideState(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // Brackets are rare: find each with memchr, then look at its neighbour.
        for (bracket, neighbour) in [(UInt8(ascii: "]"), UInt8(ascii: ":")), (UInt8(ascii: "["), UInt8(ascii: "^"))] {
            var at = 0
            while let i = text.offset(of: bracket, from: at) {
                if i + 1 < text.count, text[i + 1] == neighbour { return true }
                at = i + 1
            }
        }
        return false
    }
}
