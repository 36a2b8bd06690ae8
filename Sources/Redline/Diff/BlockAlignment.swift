/// Which block of the old text goes with which block of the new: the structure-first half of a
/// comparison.
///
/// Blocks are the texts between blank lines (paragraphs, headings, lists, tables, code). Their
/// keys are their words without the whitespace, so re-wrapping leaves a block equal. Equal keys
/// are aligned first, anchored on keys that occur once on each side (patience diff), then Myers
/// inside the gaps with a step budget. Blocks left over in a gap are paired in order when their
/// words overlap enough (the edited paragraph), or found elsewhere (the moved one), or else
/// stand as whole insertions and deletions. Word-level differencing then runs only inside
/// pairs, so its cost stays small and a reworded heading stays the same section.
struct BlockAlignment {
    enum Fate: Equatable {
        /// Paired with a block on the other side (equal or edited).
        case paired(Int)
        /// Moved: paired with a block elsewhere; the move's number.
        case moved(Int, move: Int)
        /// Joined to the block before it on this side: one paragraph on the other side was
        /// split into these two (or these two were joined into one there).
        case joined
        case alone
    }

    /// Fates of the old blocks and of the new blocks.
    private(set) var old: [Fate]
    private(set) var new: [Fate]
    private(set) var moveCount = 0

    /// Least share of words two blocks have in common to be the same block edited in place, and
    /// to be one block moved and edited.
    static let editedOverlap = 0.4
    static let movedOverlap = 0.7
    /// A move carries at least this many words; shorter repeats ("Yes.", a lone heading word)
    /// are boilerplate, not moves.
    static let movedWords = 4

    init(old oldKeys: [Int], new newKeys: [Int], oldWords: [[Int32]], newWords: [[Int32]], detectMoves: Bool) {
        old = Array(repeating: .alone, count: oldKeys.count)
        new = Array(repeating: .alone, count: newKeys.count)
        var pairs: [(Int, Int)] = []
        BlockAlignment.align(oldKeys, 0..<oldKeys.count, newKeys, 0..<newKeys.count, into: &pairs)
        for (i, j) in pairs {
            old[i] = .paired(j)
            new[j] = .paired(i)
        }
        if detectMoves { pairExactMoves(oldKeys, newKeys, oldWords: oldWords) }
        pairEditedInPlace(oldWords: oldWords, newWords: newWords)
        if detectMoves { pairEditedMoves(oldWords: oldWords, newWords: newWords) }
    }

    // MARK: Equal blocks

    /// Appends the pairs of equal keys of a[ra] and b[rb], in order.
    private static func align(_ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>, into pairs: inout [(Int, Int)]) {
        var lo = ra.lowerBound, hi = ra.upperBound, blo = rb.lowerBound, bhi = rb.upperBound
        while lo < hi, blo < bhi, a[lo] == b[blo] { pairs.append((lo, blo)); lo += 1; blo += 1 }
        var tail: [(Int, Int)] = []
        while lo < hi, blo < bhi, a[hi - 1] == b[bhi - 1] { hi -= 1; bhi -= 1; tail.append((hi, bhi)) }
        if lo < hi, blo < bhi {
            let anchors = uniqueAnchors(a, lo..<hi, b, blo..<bhi)
            if anchors.isEmpty {
                alignByMyers(a, lo..<hi, b, blo..<bhi, into: &pairs)
            } else {
                var pa = lo, pb = blo
                for (i, j) in anchors {
                    align(a, pa..<i, b, pb..<j, into: &pairs)
                    pairs.append((i, j))
                    pa = i + 1
                    pb = j + 1
                }
                align(a, pa..<hi, b, pb..<bhi, into: &pairs)
            }
        }
        pairs.append(contentsOf: tail.reversed())
    }

    /// Keys that occur exactly once in each range, in the longest run that is in order on both
    /// sides (patience sorting).
    private static func uniqueAnchors(_ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>) -> [(Int, Int)] {
        var countA: [Int: Int] = [:], countB: [Int: Int] = [:]
        var whereB: [Int: Int] = [:]
        for i in ra { countA[a[i], default: 0] += 1 }
        for j in rb { countB[b[j], default: 0] += 1; whereB[b[j]] = j }
        var candidates: [(Int, Int)] = []
        for i in ra where countA[a[i]] == 1 && countB[a[i]] == 1 { candidates.append((i, whereB[a[i]]!)) }
        guard !candidates.isEmpty else { return [] }
        // Longest increasing subsequence of the new positions, in O(n log n).
        var tails: [Int] = []
        var previous = Array(repeating: -1, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if candidates[tails[mid]].1 < candidate.1 { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { previous[index] = tails[lo - 1] }
            if lo == tails.count { tails.append(index) } else { tails[lo] = index }
        }
        var result: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 { result.append(candidates[k]); k = previous[k] }
        return result.reversed()
    }

    /// Steps allowed to Myers in a gap without unique anchors; past it the gap's blocks are
    /// left for pairing by overlap.
    static let gapBudget = 512

    private static func alignByMyers(_ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>, into pairs: inout [(Int, Int)]) {
        // Keys are interned numbers, far below 2^31.
        let x = ra.map { Int32(a[$0]) }
        let y = rb.map { Int32(b[$0]) }
        guard let script = Myers.diff(x[...], y[...], maxCost: gapBudget) else { return }
        var i = ra.lowerBound, j = rb.lowerBound
        for (op, n) in script {
            switch op {
            case .equal:
                for d in 0..<n { pairs.append((i + d, j + d)) }
                i += n; j += n
            case .delete: i += n
            case .insert: j += n
            }
        }
    }

    // MARK: Left-over blocks

    private func aloneOld() -> [Int] { old.indices.filter { old[$0] == .alone } }
    private func aloneNew() -> [Int] { new.indices.filter { new[$0] == .alone } }

    /// A block deleted here and inserted there with the same words is a move.
    private mutating func pairExactMoves(_ oldKeys: [Int], _ newKeys: [Int], oldWords: [[Int32]]) {
        var waiting: [Int: [Int]] = [:]
        for j in aloneNew().reversed() { waiting[newKeys[j], default: []].append(j) }
        for i in aloneOld() where oldWords[i].count >= Self.movedWords {
            guard var list = waiting[oldKeys[i]], let j = list.popLast() else { continue }
            waiting[oldKeys[i]] = list
            old[i] = .moved(j, move: moveCount)
            new[j] = .moved(i, move: moveCount)
            moveCount += 1
        }
    }

    /// Between two aligned blocks, the left-over old and new blocks are paired in order when
    /// enough of their words are shared: the paragraph edited where it stands.
    private mutating func pairEditedInPlace(oldWords: [[Int32]], newWords: [[Int32]]) {
        // Aligned pairs are in order on both sides; the gaps lie between consecutive ones.
        var anchors: [(Int, Int)] = old.indices.compactMap { i in
            if case .paired(let j) = old[i] { return (i, j) }
            return nil
        }
        anchors.append((old.count, new.count))
        var previousOld = -1, previousNew = -1
        for (ai, aj) in anchors {
            let gapOld = ((previousOld + 1)..<ai).filter { old[$0] == .alone }
            let gapNew = ((previousNew + 1)..<aj).filter { new[$0] == .alone }
            pairSplitsAndJoins(gapOld, gapNew, oldWords: oldWords, newWords: newWords)
            let leftOld = gapOld.filter { old[$0] == .alone }, leftNew = gapNew.filter { new[$0] == .alone }
            var next = 0
            for oi in leftOld where next < leftNew.count {
                // A bounded look ahead keeps a gap of thousands of blocks linear.
                for k in next..<min(leftNew.count, next + 64) where Self.overlap(oldWords[oi], newWords[leftNew[k]]) >= Self.editedOverlap {
                    old[oi] = .paired(leftNew[k])
                    new[leftNew[k]] = .paired(oi)
                    next = k + 1
                    break
                }
            }
            previousOld = ai
            previousNew = aj
        }
    }

    /// One block whose words are exactly those of two adjacent blocks on the other side: a
    /// paragraph split in two, or two joined.
    private mutating func pairSplitsAndJoins(_ gapOld: [Int], _ gapNew: [Int], oldWords: [[Int32]], newWords: [[Int32]]) {
        let newSet = Set(gapNew), oldSet = Set(gapOld)
        for i in gapOld where old[i] == .alone {
            for j in gapNew where new[j] == .alone && newSet.contains(j + 1) && new[j + 1] == .alone {
                if newWords[j] + newWords[j + 1] == oldWords[i] {
                    old[i] = .paired(j); new[j] = .paired(i); new[j + 1] = .joined
                    break
                }
            }
        }
        for j in gapNew where new[j] == .alone {
            for i in gapOld where old[i] == .alone && oldSet.contains(i + 1) && old[i + 1] == .alone {
                if oldWords[i] + oldWords[i + 1] == newWords[j] {
                    old[i] = .paired(j); new[j] = .paired(i); old[i + 1] = .joined
                    break
                }
            }
        }
    }

    /// A left-over old block most of whose words turn up in a left-over new block elsewhere:
    /// moved and edited. Candidates share the block's rarest word, so the search stays linear.
    private mutating func pairEditedMoves(oldWords: [[Int32]], newWords: [[Int32]]) {
        let leftNew = aloneNew().filter { newWords[$0].count >= Self.movedWords }
        guard !leftNew.isEmpty else { return }
        var frequency: [Int32: Int] = [:]
        for words in newWords { for w in Set(words) { frequency[w, default: 0] += 1 } }
        var containing: [Int32: [Int]] = [:]
        for j in leftNew { for w in Set(newWords[j]) { containing[w, default: []].append(j) } }
        for i in aloneOld() where oldWords[i].count >= Self.movedWords {
            let rare = Set(oldWords[i]).sorted { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) }.prefix(3)
            var best: (score: Double, j: Int)?
            for w in rare {
                for j in (containing[w] ?? []).prefix(32) where new[j] == .alone {
                    let score = Self.overlap(oldWords[i], newWords[j])
                    if score >= Self.movedOverlap, best == nil || score > best!.score || (score == best!.score && j < best!.j) {
                        best = (score, j)
                    }
                }
            }
            if let best {
                old[i] = .moved(best.j, move: moveCount)
                new[best.j] = .moved(i, move: moveCount)
                moveCount += 1
            }
        }
    }

    /// Jaccard index of the two blocks' word sets.
    static func overlap(_ x: [Int32], _ y: [Int32]) -> Double {
        if x.isEmpty && y.isEmpty { return 1 }
        let sx = Set(x), sy = Set(y)
        let shared = sx.intersection(sy).count
        return Double(shared) / Double(max(1, sx.union(sy).count))
    }
}
