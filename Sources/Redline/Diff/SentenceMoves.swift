/// Sentences that left one edited block and turned up in another (or elsewhere in the same
/// block), unchanged or lightly edited: each is one move, moved-from where it stood and
/// moved-to where it stands, as Word shows a moved sentence.
///
/// Why a pass of its own, after block alignment and before writing: a block moved whole is a
/// move already (``BlockAlignment``). What remains are the changes inside edited blocks, and a
/// sentence deleted by one of them and inserted by another would otherwise read as two
/// unrelated edits, which is exactly what a legal reviewer must not be told. The pass sees
/// every change of the comparison, so it can pair a sentence across the whole document; the
/// writer then only looks a sentence up where it writes a change.
struct SentenceMoves {
    /// One half of a move: the sentence's tokens in the change on this side, its words (first
    /// to last) on this side and on the other, and the move's number.
    struct Half: Equatable {
        var range: Range<Int>
        var words: Range<Int>
        var otherWords: Range<Int>
        var move: Int
    }

    /// Where a change deleted or inserted tokens: the block it is in, the change's tokens, and
    /// the change's number (a substitution has the same number on both sides).
    struct Change {
        var block: Range<Int>
        var tokens: Range<Int>
        var id: Int
    }

    /// The moved-from halves by their first old token, and the moved-to halves by their first new one.
    private(set) var from: [Int: Half] = [:]
    private(set) var to: [Int: Half] = [:]
    /// How many moves were found.
    var count: Int { from.count }

    /// A moved sentence carries at least this many words: shorter ones ("See below.", "Yes.")
    /// recur by chance, and calling them moves would be noise.
    static let minimumWords = 5
    /// Pairs of sentences compared for a lightly edited move, at most. Past it only unchanged
    /// sentences are paired (a budget in operations, so the same inputs give the same moves).
    static let comparisonBudget = 250_000

    init() {}

    /// - Parameters:
    ///   - deleted / inserted: every change's old and new tokens, in document order.
    ///   - firstMove: the number of the first move (block moves are numbered before).
    ///   - newFirst: pair from the new side (the side the comparison orients by), so that
    ///     comparing the other way round finds the same moves.
    init(old: TokenizedText, new: TokenizedText, deleted: [Change], inserted: [Change], firstMove: Int, newFirst: Bool) {
        let outs = Self.candidates(old, deleted), ins = Self.candidates(new, inserted)
        guard !outs.isEmpty, !ins.isEmpty else { return }
        // Pair from the side the comparison is oriented by: `a` is searched in `b`.
        let (a, b) = newFirst ? (ins, outs) : (outs, ins)
        let (ta, tb) = newFirst ? (new, old) : (old, new)
        var pairs: [(a: Int, b: Int)] = []
        var taken = [Bool](repeating: false, count: b.count)
        // Unchanged sentences first: the k-th copy on one side goes with the k-th on the other.
        var waiting: [[Int32]: [Int]] = [:]
        for k in b.indices.reversed() { waiting[Self.words(tb, b[k].tokens), default: []].append(k) }
        var paired = [Bool](repeating: false, count: a.count)
        for k in a.indices {
            let key = Self.words(ta, a[k].tokens)
            // Not the same change on both sides: that is a sentence rewritten where it stands.
            guard var list = waiting[key], let at = list.lastIndex(where: { b[$0].change != a[k].change }) else { continue }
            let m = list.remove(at: at)
            waiting[key] = list
            pairs.append((k, m))
            taken[m] = true
            paired[k] = true
        }
        // Then lightly edited ones: most of their words shared.
        if a.count * b.count <= Self.comparisonBudget {
            let setsB = b.map { BlockAlignment.wordSet(Self.words(tb, $0.tokens)) }
            for k in a.indices where !paired[k] {
                let set = BlockAlignment.wordSet(Self.words(ta, a[k].tokens))
                var best: (score: Double, m: Int)?
                for m in b.indices where !taken[m] && b[m].change != a[k].change {
                    let score = BlockAlignment.overlap(set, setsB[m])
                    if score >= BlockAlignment.movedOverlap, best == nil || score > best!.score { best = (score, m) }
                }
                if let best {
                    pairs.append((k, best.m))
                    taken[best.m] = true
                }
            }
        }
        // Numbered in the oriented side's order, as block moves are.
        pairs.sort { a[$0.a].tokens.lowerBound < a[$1.a].tokens.lowerBound }
        for (n, pair) in pairs.enumerated() {
            let (o, w) = newFirst ? (b[pair.b], a[pair.a]) : (a[pair.a], b[pair.b])
            from[o.tokens.lowerBound] = Half(range: o.tokens, words: o.words, otherWords: w.words, move: firstMove + n)
            to[w.tokens.lowerBound] = Half(range: w.tokens, words: w.words, otherWords: o.words, move: firstMove + n)
        }
    }

    /// Leaves out the moves with these numbers (the writer could not write one of their halves);
    /// whether any of them was a sentence move.
    mutating func removing(_ moves: Set<Int>) -> Bool {
        let before = from.count
        from = from.filter { !moves.contains($0.value.move) }
        to = to.filter { !moves.contains($0.value.move) }
        return from.count != before
    }

    /// A sentence a change removed or added whole: its tokens without the white space around
    /// them, and which change it came from.
    private struct Candidate {
        var tokens: Range<Int>
        var words: Range<Int>
        var change: Int
    }

    /// The whole sentences inside each change that are long enough to be a move.
    private static func candidates(_ t: TokenizedText, _ changes: [Change]) -> [Candidate] {
        var result: [Candidate] = []
        var block: Range<Int>?
        var sentences: [Range<Int>] = []
        var next = 0
        for change in changes {
            // Most changes are a word or two: no sentence fits in them, and the block need not
            // be cut into sentences for them.
            guard change.tokens.count >= minimumWords, wordCount(t, change.tokens) >= minimumWords else { continue }
            if change.block != block {
                block = change.block
                sentences = SentenceAlignment.sentences(t, change.block)
                next = 0
            }
            // Changes come in order within a block: the sentences before this one are done.
            while next < sentences.count, sentences[next].upperBound <= change.tokens.lowerBound { next += 1 }
            let found = result.count
            defer { if result.count == found, let group = itemGroup(t, change) { result.append(group) } }
            var k = next
            while k < sentences.count, sentences[k].lowerBound < change.tokens.upperBound {
                // Every word of the sentence is in the change; a full stop or quote at its edge
                // may not be (the comparison kept the neighbouring sentence's instead).
                // (An ordered item's number is a word, and no part of the sentence.)
                let words = wordSpan(t, withoutMarker(t, sentences[k], block: change.block))
                if !words.isEmpty, words.lowerBound >= change.tokens.lowerBound, words.upperBound <= change.tokens.upperBound,
                   wordCount(t, words) >= minimumWords {
                    let core = trimmed(t, withoutMarker(t, trimmed(t, sentences[k].clamped(to: change.tokens)), block: change.block))
                    // A sentence that cuts a link in two (`(see [Section B:` …) is no move: its
                    // halves could not each be a link.
                    if balancedLinks(t, core) { result.append(Candidate(tokens: core, words: words, change: change.id)) }
                }
                k += 1
            }
        }
        return result
    }

    /// A change of whole list lines, none of them a sentence long enough to move on its own (an
    /// item with its sub-items, `1. Detention⏎   - lunch detention⏎   - after-school detention`,
    /// or a few short items): the lines together, without the first one's marker, when they
    /// hold enough words. Items swapped showed as taken out and put back, not as a move.
    private static func itemGroup(_ t: TokenizedText, _ change: Change) -> Candidate? {
        let lines = trimmed(t, change.tokens)
        guard !lines.isEmpty, SentenceAlignment.itemLines(t, lines) >= 2,
              lines.upperBound == change.block.upperBound || (t.isWhitespace(lines.upperBound) && t.slice(lines.upperBound).contains(0x0A)) else { return nil }
        let body = withoutMarker(t, lines, block: change.block)
        guard body.lowerBound > lines.lowerBound, wordCount(t, body) >= minimumWords, balancedLinks(t, body) else { return nil }
        return Candidate(tokens: body, words: wordSpan(t, body), change: change.id)
    }

    /// A sentence at the start of a line without the list item's marker or the quote's `>`
    /// before it: those belong to the line, not to the sentence that moved.
    private static func withoutMarker(_ t: TokenizedText, _ r: Range<Int>, block: Range<Int>) -> Range<Int> {
        var i = r.lowerBound
        guard i == block.lowerBound || (i > 0 && t.isWhitespace(i - 1) && t.slice(i - 1).contains(0x0A)) else { return r }
        func token(_ k: Int) -> ArraySlice<UInt8>? { k < r.upperBound ? t.slice(k) : nil }
        func spaceAfter(_ k: Int) -> Bool { k < r.upperBound && t.isWhitespace(k) }
        while token(i)?.elementsEqual([UInt8(ascii: ">")]) == true { i += spaceAfter(i + 1) ? 2 : 1 }
        if let m = token(i), m.count == 1, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(m.first!), spaceAfter(i + 1) {
            i += 2
        } else if let m = token(i), m.allSatisfy({ (0x30...0x39).contains($0) }), let d = token(i + 1),
                  d.elementsEqual([UInt8(ascii: ".")]) || d.elementsEqual([UInt8(ascii: ")")]), spaceAfter(i + 2) {
            i += 3
        }
        return min(i, r.upperBound)..<r.upperBound
    }

    /// Every `[` closed (by `]` or a link's destination `](…)`) and none closed unopened.
    private static func balancedLinks(_ t: TokenizedText, _ r: Range<Int>) -> Bool {
        var depth = 0
        for i in r where !t.isWhitespace(i) {
            let token = t.slice(i)
            if token.elementsEqual([UInt8(ascii: "[")]) { depth += 1 }
            if token.first == UInt8(ascii: "]") { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    /// From a sentence's first word to its last.
    private static func wordSpan(_ t: TokenizedText, _ r: Range<Int>) -> Range<Int> {
        guard let first = r.first(where: { isWord(t, $0) }), let last = r.last(where: { isWord(t, $0) }) else { return r.lowerBound..<r.lowerBound }
        return first..<(last + 1)
    }

    private static func isWord(_ t: TokenizedText, _ i: Int) -> Bool {
        !t.isWhitespace(i) && t.slice(i).first.map(TokenizedText.isWordByte) == true
    }

    private static func trimmed(_ t: TokenizedText, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, t.isWhitespace(lo) { lo += 1 }
        while hi > lo, t.isWhitespace(hi - 1) { hi -= 1 }
        return lo..<hi
    }

    /// Words, not punctuation: tokens that begin with a letter or digit (or any non-ASCII).
    private static func wordCount(_ t: TokenizedText, _ r: Range<Int>) -> Int {
        r.reduce(0) { n, i in isWord(t, i) ? n + 1 : n }
    }

    /// A sentence's words, without white space or punctuation: what makes it the same sentence
    /// wherever it stands and however the comparison cut its edges.
    private static func words(_ t: TokenizedText, _ r: Range<Int>) -> [Int32] {
        r.compactMap { isWord(t, $0) ? t.ids[$0] : nil }
    }
}
