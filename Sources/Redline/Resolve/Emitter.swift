/// Builds a resolved text from pieces of the source, tidying white space where a change was
/// removed, and remembering where each output byte came from.
///
/// The tidy rules are what keep a reading free of artefacts (pandoc #4427, and the same
/// `a  b` in MultiMarkdown 6 and pymdownx): see docs/markup.md §11.
struct Emitter {
    private(set) var output: [UInt8] = []
    /// Copied runs: output offset, source offset, length. Sorted by output offset.
    private(set) var runs: [(out: Int, source: Int, count: Int)] = []

    /// Set after a change was removed; applied when the next bytes arrive.
    private var pending: Removal?

    struct Removal {
        var paragraphMark: Bool
        var block: Bool
        /// Not a removal: the edge of a change's kept text, where only doubled spaces are tidied.
        var soft = false
    }

    /// Where the Markdown body starts: a change removed before any body text leaves no blank lines.
    let bodyStart: Int

    init(capacity: Int, bodyStart: Int = 0) {
        output.reserveCapacity(capacity)
        self.bodyStart = bodyStart
    }

    /// Marks the edge of a change's kept text: `a {~~x~> y~~} b` accepted is `a y b`.
    mutating func edge() {
        if pending == nil { pending = Removal(paragraphMark: false, block: false, soft: true) }
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private static func isHorizontalSpace(_ b: UInt8) -> Bool { b == space || b == tab }

    private static func isClosingPunctuation(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
             UInt8(ascii: "?"), UInt8(ascii: ")"), UInt8(ascii: "]"): true
        default: false
        }
    }

    mutating func removed(paragraphMark: Bool = false, block: Bool = false) {
        if var p = pending, !p.soft {
            p.paragraphMark = p.paragraphMark || paragraphMark
            p.block = p.block || block
            pending = p
        } else {
            pending = Removal(paragraphMark: paragraphMark, block: block)
        }
    }

    /// Appends `source[range]`, first tidying the join with a change removed just before.
    mutating func copy(_ range: Range<Int>, from source: [UInt8]) {
        guard !range.isEmpty else { return }
        var start = range.lowerBound
        if let removal = pending {
            pending = nil
            start = tidy(removal, next: range, source: source)
        }
        guard start < range.upperBound else { return }
        if let last = runs.last, last.out + last.count == output.count, last.source + last.count == start {
            runs[runs.count - 1].count += range.upperBound - start
        } else {
            runs.append((output.count, start, range.upperBound - start))
        }
        output.append(contentsOf: source[start..<range.upperBound])
    }

    /// Appends bytes that do not come from the source as they stand (a rewritten prefix).
    mutating func insert(_ bytes: [UInt8]) {
        output.append(contentsOf: bytes)
    }

    /// Returns where copying `next` should start.
    private mutating func tidy(_ removal: Removal, next: Range<Int>, source: [UInt8]) -> Int {
        var start = next.lowerBound
        let first = source[start]
        let last = output.last
        if removal.soft {
            if let last, Self.isHorizontalSpace(last), Self.isHorizontalSpace(first) {
                while start < next.upperBound, Self.isHorizontalSpace(source[start]) { start += 1 }
            }
            return start
        }
        if first == Self.newline || first == Self.cr, let line = emptiedListItemLine(), !continuesItem(after: line, next, source: source) {
            // `- {--report absences--}⏎` accepted: the item goes with its marker. A marker
            // left alone on its line is an empty item, and right under a paragraph line a `-`
            // alone would make that paragraph a heading.
            output.removeSubrange(line...)
            trimRuns()
            return start + (first == Self.cr && start + 1 < next.upperBound && source[start + 1] == Self.newline ? 2 : 1)
        }
        if output.count <= bodyStart, first == Self.newline || first == Self.cr {
            // Removed at the very start of the body: no blank lines before the first block.
            while start < next.upperBound, source[start] == Self.newline || source[start] == Self.cr { start += 1 }
            return start
        }
        if next.upperBound == source.count, source[next].allSatisfy({ $0 == Self.newline || $0 == Self.cr }), last == Self.newline {
            // Removed at the very end: the file ends with one line break.
            while trailingLineBreaks() > 0, output.last == Self.newline || output.last == Self.cr { output.removeLast() }
            trimRuns()
            return next.upperBound - (source[next.upperBound - 1] == Self.newline ? (next.count >= 2 && source[next.upperBound - 2] == Self.cr ? 2 : 1) : 0)
        }
        if let last, last == UInt8(ascii: "(") || last == UInt8(ascii: "["), Self.isHorizontalSpace(first) {
            // `({++x++} a)` → `(a)`
            while start < next.upperBound, Self.isHorizontalSpace(source[start]) { start += 1 }
            return start
        }
        if let last, Self.isHorizontalSpace(last) {
            if Self.isHorizontalSpace(first) {
                // `a {++x++} b` → `a b`
                while start < next.upperBound, Self.isHorizontalSpace(source[start]) { start += 1 }
                return start
            }
            if Self.isClosingPunctuation(first) || first == Self.newline || first == Self.cr {
                // `word {++x++}.` → `word.`; no trailing space before a line break.
                trimTrailingSpace()
                return start
            }
        }
        if !removal.block, last == nil || last == Self.newline, Self.isHorizontalSpace(first) {
            // A removed change at the start of a line leaves no indentation behind.
            while start < next.upperBound, Self.isHorizontalSpace(source[start]) { start += 1 }
            return start
        }
        if last == Self.newline, first == Self.newline || (first == Self.cr && start + 1 < next.upperBound && source[start + 1] == Self.newline) {
            // Keep as many line breaks as the larger side had: a removed block leaves one blank line.
            let a = trailingLineBreaks()
            var b = 0, j = start
            while j < next.upperBound {
                if source[j] == Self.newline { b += 1; j += 1 }
                else if source[j] == Self.cr, j + 1 < next.upperBound, source[j + 1] == Self.newline { b += 1; j += 2 }
                else { break }
            }
            var drop = min(a, b)
            while drop > 0 {
                if source[start] == Self.cr { start += 1 }
                start += 1
                drop -= 1
            }
            return start
        }
        if removal.paragraphMark, let last, !Self.isWhitespace(last), !Self.isWhitespace(first) {
            // Joining two paragraphs never glues two words together.
            output.append(Self.space)
        }
        return start
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab || b == newline || b == cr }

    /// Where the output's last line starts, when all it holds is a list item's marker (`- `,
    /// `* `, `+ `, `3. `, `3) `, indented or not): an item whose text a removal just took.
    private func emptiedListItemLine() -> Int? {
        var start = output.count
        while start > bodyStart, output[start - 1] != Self.newline { start -= 1 }
        guard start >= bodyStart else { return nil }
        var i = start
        while i < output.count, output[i] == Self.space { i += 1 }
        guard i < output.count else { return nil }
        let digits = output[i...].prefix { (0x30...0x39).contains($0) }.count
        if digits > 0 {
            guard digits <= 9, i + digits < output.count, output[i + digits] == UInt8(ascii: ".") || output[i + digits] == UInt8(ascii: ")") else { return nil }
            i += digits + 1
        } else {
            guard output[i] == UInt8(ascii: "-") || output[i] == UInt8(ascii: "*") || output[i] == UInt8(ascii: "+") else { return nil }
            i += 1
        }
        return output[i...].allSatisfy(Self.isHorizontalSpace) ? start : nil
    }

    /// Whether the line after the line break `next` starts with is indented more than the
    /// output's last line (from `start`): it goes on the item (a nested list), which keeps
    /// its marker.
    private func continuesItem(after start: Int, _ next: Range<Int>, source: [UInt8]) -> Bool {
        let indent = output[start...].prefix { $0 == Self.space }.count
        guard let lineBreak = source[next].firstIndex(of: Self.newline) else { return false }
        let following = source[(lineBreak + 1)..<next.upperBound].prefix { $0 == Self.space || $0 == Self.tab }
        return following.count > indent && lineBreak + 1 + following.count < next.upperBound
            && source[lineBreak + 1 + following.count] != Self.newline && source[lineBreak + 1 + following.count] != Self.cr
    }

    private func trailingLineBreaks() -> Int {
        var count = 0, i = output.count - 1
        while i >= 0 {
            if output[i] == Self.newline { count += 1 }
            else if output[i] != Self.cr { break }
            i -= 1
        }
        return count
    }

    private mutating func trimTrailingSpace() {
        while let last = output.last, Self.isHorizontalSpace(last) {
            output.removeLast()
            trimRuns()
        }
    }

    private mutating func trimRuns() {
        while let last = runs.last, last.out + last.count > output.count {
            let count = output.count - last.out
            if count <= 0 { runs.removeLast() } else { runs[runs.count - 1].count = count }
        }
    }

    /// At the end: a change removed at the very end leaves no extra blank lines or spaces.
    /// A change's kept text that ends the file is kept as it is, blank lines included (a
    /// redline's `a{~~⏎⏎~>~~}` must give back the `a⏎⏎` it was written from).
    mutating func finish() {
        guard let removal = pending, !removal.soft else { return }
        pending = nil
        if let line = emptiedListItemLine() {
            output.removeSubrange(line...)
            trimRuns()
        }
        trimTrailingSpace()
        while trailingLineBreaks() > 1, output.last == Self.newline {
            output.removeLast()
            if output.last == Self.cr { output.removeLast() }
            trimRuns()
        }
    }

    /// The source offset an output offset came from (for inserted bytes, the nearest run's).
    func sourceOffset(of outOffset: Int) -> Int {
        var lo = 0, hi = runs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if runs[mid].out <= outOffset { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return runs.first?.source ?? 0 }
        let run = runs[lo - 1]
        return run.source + min(outOffset - run.out, run.count)
    }
}
