/// The word script of one long pair of blocks, found sentence by sentence.
///
/// Why sentences first: in a long paragraph or list, Myers over all its words matches common
/// words ("the", "of", ",") across sentences that have nothing to do with each other, and on a
/// heavily edited paragraph it runs out of its step budget and gives up on the whole block.
/// Aligning whole sentences (and list lines) first keeps every unchanged sentence whole and
/// confines word-level comparison, and its budget, to the runs of sentences that changed.
enum SentenceAlignment {
    /// Blocks shorter than this many tokens a side are compared word by word directly.
    static let minimumTokens = 80
    /// Steps allowed to Myers over sentence keys; past it, words over the whole pair again.
    static let sentenceBudget = 4000

    /// The token ranges of the sentences of `t[r]`: each ends after the white space that
    /// follows `.`, `?`, `!` or `:` (closing quotes and brackets included), or after a line break.
    static func sentences(_ t: TokenizedText, _ r: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = r.lowerBound
        var ended = false
        for i in r {
            if t.ids[i] < 0 {
                let breaksLine = t.bytes[t.range(i)].contains(0x0A)
                if ended || breaksLine {
                    result.append(start..<(i + 1))
                    start = i + 1
                }
                ended = false
                continue
            }
            let token = t.bytes[t.range(i)]
            if token.count == 1, let b = token.first, b == UInt8(ascii: ".") || b == UInt8(ascii: "?") || b == UInt8(ascii: "!") || b == UInt8(ascii: ":") {
                // Not the `.` of an ordered list item's number (`2. The Board…`): the item's
                // marker goes with its sentence.
                ended = !(b == UInt8(ascii: ".") && isItemNumber(t, i - 1, from: r.lowerBound))
            } else {
                ended = ended && isCloser(token)
            }
        }
        if start < r.upperBound { result.append(start..<r.upperBound) }
        return result
    }

    /// How many lines of `t[r]` open with a list item's marker (`-`, `*`, `+`, or a number and
    /// `.` or `)`), after indentation.
    static func itemLines(_ t: TokenizedText, _ r: Range<Int>) -> Int {
        var count = 0
        for k in r {
            // At the start of the range, or after a line break and spaces.
            guard k == r.lowerBound || (t.isWhitespace(k - 1) && t.slice(k - 1).contains(0x0A)), !t.isWhitespace(k) else { continue }
            let token = t.slice(k)
            if token.count == 1, let b = token.first, b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+"),
               k + 1 < r.upperBound, t.isWhitespace(k + 1) {
                count += 1
            } else if isItemNumber(t, k, from: r.lowerBound), k + 1 < r.upperBound, t.isByte(k + 1, UInt8(ascii: ".")) || t.isByte(k + 1, UInt8(ascii: ")")) {
                count += 1
            }
        }
        return count
    }

    /// Token `k` is a number at the start of a line (or of the range): an ordered list item's.
    private static func isItemNumber(_ t: TokenizedText, _ k: Int, from start: Int) -> Bool {
        guard k >= start, t.ids[k] >= 0, t.slice(k).count <= 9, t.slice(k).allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        if k == start { return true }
        return t.isWhitespace(k - 1) && t.slice(k - 1).lastIndex(of: 0x0A).map { i in t.bytes[(i + 1)..<t.range(k - 1).upperBound].allSatisfy { $0 == 0x20 } } == true
    }

    /// A closing quote or bracket, which stays with the sentence it ends.
    private static func isCloser(_ token: ArraySlice<UInt8>) -> Bool {
        if token.count == 1, let b = token.first {
            return b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "*") || b == UInt8(ascii: "_")
        }
        // ’ and ” in UTF-8.
        return token.elementsEqual([0xE2, 0x80, 0x99]) || token.elementsEqual([0xE2, 0x80, 0x9D])
    }

    /// The word script turning `x[rx]` into `y[ry]`, or nil where the pair is short, a single
    /// sentence, a table, or past the sentence budget (the caller compares its words directly).
    static func script(_ x: TokenizedText, _ rx: Range<Int>, _ y: TokenizedText, _ ry: Range<Int>,
                       wordBudget: Int) -> [(Myers.Operation, Int)]? {
        // A list is aligned line by line however short: word by word, items swapped or
        // reordered paired each item's words with another's (`1. {~~Warning~>Detention~~}`,
        // which reads as the response changed).
        guard max(rx.count, ry.count) >= minimumTokens || (itemLines(x, rx) >= 2 && itemLines(y, ry) >= 2) else { return nil }
        // Tables are compared whole: a change may not cross a cell border, and the word script
        // over the whole table keeps changes inside their cells more often than row by row.
        func hasPipe(_ t: TokenizedText, _ r: Range<Int>) -> Bool { t.bytes[t.byteRange(r)].contains(UInt8(ascii: "|")) }
        guard !hasPipe(x, rx), !hasPipe(y, ry) else { return nil }
        let sx = sentences(x, rx), sy = sentences(y, ry)
        guard sx.count > 1 || sy.count > 1 else { return nil }
        // A sentence's key: its words and punctuation without the white space.
        var keys: [[Int32]: Int32] = [:]
        func key(_ t: TokenizedText, _ r: Range<Int>) -> Int32 {
            let words = r.compactMap { t.ids[$0] >= 0 ? t.ids[$0] : nil }
            if let k = keys[words] { return k }
            let k = Int32(keys.count)
            keys[words] = k
            return k
        }
        let kx = sx.map { key(x, $0) }, ky = sy.map { key(y, $0) }
        guard let sentenceScript = Myers.diff(kx[...], ky[...], maxCost: sentenceBudget) else { return nil }
        var result: [(Myers.Operation, Int)] = []
        func add(_ script: [(Myers.Operation, Int)]) {
            for (op, n) in script where n > 0 {
                if let last = result.last, last.0 == op { result[result.count - 1].1 += n } else { result.append((op, n)) }
            }
        }
        // Words compared within each run: equal sentences one by one (their white space may
        // differ), each run of changed sentences as a whole, with the word budget.
        func words(_ ox: Range<Int>, _ oy: Range<Int>) {
            add(Myers.diff(x.ids[ox], y.ids[oy], maxCost: wordBudget) ?? [(.delete, ox.count), (.insert, oy.count)])
        }
        var i = 0, j = 0
        var changed: (x: Range<Int>, y: Range<Int>)?
        // Where sentence k starts (the end of the block past the last one).
        func start(_ s: [Range<Int>], _ k: Int, _ r: Range<Int>) -> Range<Int> {
            let at = k < s.count ? s[k].lowerBound : r.upperBound
            return at..<at
        }
        func flush() {
            if let run = changed { words(run.x, run.y) }
            changed = nil
        }
        for (op, n) in sentenceScript {
            switch op {
            case .equal:
                flush()
                for d in 0..<n { words(sx[i + d], sy[j + d]) }
                i += n
                j += n
            case .delete:
                let span = sx[i].lowerBound..<sx[i + n - 1].upperBound
                changed = changed.map { ($0.x.lowerBound..<span.upperBound, $0.y) } ?? (span, start(sy, j, ry))
                i += n
            case .insert:
                let span = sy[j].lowerBound..<sy[j + n - 1].upperBound
                changed = changed.map { ($0.x, $0.y.lowerBound..<span.upperBound) } ?? (start(sx, i, rx), span)
                j += n
            }
        }
        flush()
        return result
    }
}
