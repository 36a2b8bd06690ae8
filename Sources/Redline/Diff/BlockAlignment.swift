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
    enum Fate: Equatable, Sendable {
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

    /// `headings`: which blocks start with a heading, on each side (a heading is never taken
    /// for a paragraph that merely contains its words).
    init(old oldKeys: [Int], new newKeys: [Int], oldWords: [[Int32]], newWords: [[Int32]], detectMoves: Bool,
         headings: (old: [Bool], new: [Bool]), plainWords: (old: (Int) -> [Int32], new: (Int) -> [Int32])) {
        old = Array(repeating: .alone, count: oldKeys.count)
        new = Array(repeating: .alone, count: newKeys.count)
        var pairs: [(Int, Int)] = []
        BlockAlignment.align(oldKeys, 0..<oldKeys.count, newKeys, 0..<newKeys.count, into: &pairs)
        for (i, j) in pairs {
            old[i] = .paired(j)
            new[j] = .paired(i)
        }
        if detectMoves { pairExactMoves(oldKeys, newKeys, oldWords: oldWords) }
        // Word sets as sorted arrays, made once for the blocks still alone: overlaps are
        // measured many times per block. Each side's on a core of its own when they are long.
        let (oldSets, newSets) = Self.wordSets((oldWords, old), (newWords, new))
        pairEditedInPlace(oldWords: oldWords, newWords: newWords, oldSets: oldSets, newSets: newSets)
        if detectMoves { pairEditedMoves(oldWords: oldWords, newWords: newWords, oldSets: oldSets, newSets: newSets) }
        pairContainedInPlace(oldWords: oldWords, newWords: newWords, oldSets: oldSets, newSets: newSets, headings: headings)
        pairSharingARunInPlace(plainWords: plainWords, headings: headings)
    }

    /// The same alignment seen from the other side: what was old is new.
    var mirrored: BlockAlignment {
        var m = self
        (m.old, m.new) = (new, old)
        return m
    }

    // MARK: Equal blocks

    /// Appends the pairs of equal keys of a[ra] and b[rb] (in no particular order).
    ///
    /// A work list rather than recursion: a long document splits into thousands of gaps, and
    /// their nesting must not grow the stack.
    private static func align(_ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>, into pairs: inout [(Int, Int)]) {
        var work = [(ra, rb)]
        while let (ra, rb) = work.popLast() {
            var lo = ra.lowerBound, hi = ra.upperBound, blo = rb.lowerBound, bhi = rb.upperBound
            while lo < hi, blo < bhi, a[lo] == b[blo] { pairs.append((lo, blo)); lo += 1; blo += 1 }
            while lo < hi, blo < bhi, a[hi - 1] == b[bhi - 1] { hi -= 1; bhi -= 1; pairs.append((hi, bhi)) }
            guard lo < hi, blo < bhi else { continue }
            var anchors = anchors(a, lo..<hi, b, blo..<bhi, maxCount: 1)
            // No block occurs once on each side (a text that repeats itself, such as a manual
            // built from the same model policies): anchor on the rarest blocks instead, the
            // longest chain of their matches in order on both sides.
            if anchors.isEmpty { anchors = Self.anchors(a, lo..<hi, b, blo..<bhi, maxCount: repeatedAnchorCount) }
            if anchors.isEmpty {
                alignByMyers(a, lo..<hi, b, blo..<bhi, into: &pairs)
                continue
            }
            var pa = lo, pb = blo
            for (i, j) in anchors {
                work.append((pa..<i, pb..<j))
                pairs.append((i, j))
                pa = i + 1
                pb = j + 1
            }
            work.append((pa..<hi, pb..<bhi))
        }
    }

    /// How often a key may occur on either side of a gap to anchor it when no key is unique.
    static let repeatedAnchorCount = 16

    /// Matches of keys that occur at most `maxCount` times in each range, in the longest chain
    /// that is in order on both sides (patience sorting; with `maxCount` 1, patience diff's
    /// unique anchors).
    private static func anchors(_ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>, maxCount: Int) -> [(Int, Int)] {
        var countA: [Int: Int] = [:], inB: [Int: [Int]] = [:]
        for i in ra { countA[a[i], default: 0] += 1 }
        for j in rb where countA[b[j]] != nil { inB[b[j], default: []].append(j) }
        // Candidates by old position, and for one old position the later new one first, so
        // the chain takes at most one match per old block.
        var candidates: [(Int, Int)] = []
        for i in ra where countA[a[i]]! <= maxCount {
            guard let js = inB[a[i]], js.count <= maxCount else { continue }
            for j in js.reversed() { candidates.append((i, j)) }
        }
        guard !candidates.isEmpty else { return [] }
        // Longest strictly increasing subsequence of the new positions, in O(n log n).
        var tails: [Int] = []
        var previous = Array(repeating: -1, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if candidates[tails[mid]].1 < candidate.1 { lo = mid + 1 } else { hi = mid }
            }
            if lo == tails.count {
                if lo > 0 { previous[index] = tails[lo - 1] }
                tails.append(index)
            } else if candidate.1 < candidates[tails[lo]].1 || candidate.0 == candidates[tails[lo]].0 {
                // Among matches that chain equally well, the earliest on both sides wins (a
                // later old block does not displace an earlier one with the same new position),
                // so comparing the other way round pairs the same blocks.
                if lo > 0 { previous[index] = tails[lo - 1] }
                tails[lo] = index
            }
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
    private mutating func pairEditedInPlace(oldWords: [[Int32]], newWords: [[Int32]], oldSets: [[Int32]], newSets: [[Int32]]) {
        for (gapOld, gapNew) in gaps() {
            pairSplitsAndJoins(gapOld, gapNew, oldWords: oldWords, newWords: newWords, oldSets: oldSets, newSets: newSets)
            let leftOld = gapOld.filter { old[$0] == .alone }, leftNew = gapNew.filter { new[$0] == .alone }
            pairInOrder(leftOld, leftNew) { oi, ni in Self.overlap(oldSets[oi], newSets[ni]) >= Self.editedOverlap }
        }
    }

    /// Last, a block left alone that is nearly all of one on the other side in the same gap,
    /// in order, with more around it: a paragraph that gained or lost a sentence. Their word
    /// sets overlap little when the sentence is long, but a reader sees the same paragraph
    /// edited. After moves, so a block found moved elsewhere is not taken for it.
    /// Of the candidates, the one that holds most of the block's words side by side as it has
    /// them (``adjacentShare(_:in:)``; then the most alike by ``overlap(_:_:)``): a sentence kept
    /// word for word in one paragraph goes with it, not with one that scatters its words.
    private mutating func pairContainedInPlace(oldWords: [[Int32]], newWords: [[Int32]], oldSets: [[Int32]], newSets: [[Int32]],
                                               headings: (old: [Bool], new: [Bool])) {
        for (gapOld, gapNew) in gaps() {
            pairBest(gapOld, gapNew) { oi, ni in
                guard headings.old[oi] == headings.new[ni] else { return nil }
                let (part, whole) = oldWords[oi].count < newWords[ni].count ? (oldWords[oi], newWords[ni]) : (newWords[ni], oldWords[oi])
                guard Self.isContained(oldWords[oi], oldSets[oi], in: newWords[ni], newSets[ni])
                        || Self.isContained(newWords[ni], newSets[ni], in: oldWords[oi], oldSets[oi]) else { return nil }
                // Most of its words side by side there too: common words ("to", "of", "the")
                // found one by one across an unrelated paragraph are no containment.
                let adjacent = Self.adjacentShare(part, in: whole)
                guard adjacent >= Self.containedAdjacentShare else { return nil }
                return adjacent + Self.overlap(oldSets[oi], newSets[ni]) / 1000
            }
        }
    }

    /// Last of all, in a small gap (a few blocks rewritten between unchanged ones), a block
    /// left alone that keeps a run of words of another there word for word: a paragraph whose
    /// first sentence was rewritten and whose second was kept shares too few of its words for
    /// the overlap test, but it is the same paragraph edited, as Word's compare shows it.
    private mutating func pairSharingARunInPlace(plainWords: (old: (Int) -> [Int32], new: (Int) -> [Int32]), headings: (old: [Bool], new: [Bool])) {
        for (gapOld, gapNew) in gaps() where gapOld.count <= Self.runGapBlocks && gapNew.count <= Self.runGapBlocks {
            let oldPlain = Dictionary(uniqueKeysWithValues: gapOld.map { ($0, plainWords.old($0)) })
            let newPlain = Dictionary(uniqueKeysWithValues: gapNew.map { ($0, plainWords.new($0)) })
            pairBest(gapOld, gapNew) { oi, ni in
                guard headings.old[oi] == headings.new[ni], let a = oldPlain[oi], let b = newPlain[ni] else { return nil }
                guard a.count * b.count <= 1 << 18 else { return nil }
                let run = Self.longestCommonRun(a, b), sentence = Self.longestSharedSentence(a, b)
                let words = min(a.count(where: { $0 != Self.sentenceEnd }), b.count(where: { $0 != Self.sentenceEnd }))
                guard run >= Self.sharedRunWords || sentence >= Self.sharedSentenceWords,
                      Double(max(run, sentence)) >= Self.sharedRunShare * Double(words) else { return nil }
                return Double(max(run, sentence))
            }
        }
    }

    /// What kept words must be for that: a whole sentence of at least this many words, or a
    /// run of at least this many (a phrase such as "in accordance with the policy", or a
    /// link's text, recurs in unrelated paragraphs), and this share of the shorter block's
    /// words; in gaps of at most this many blocks on a side.
    static let sharedSentenceWords = 5
    static let sharedRunWords = 10
    static let sharedRunShare = 0.2
    static let runGapBlocks = 4
    /// Marks a sentence's end among a block's words proper.
    static let sentenceEnd: Int32 = -3

    /// The most words of a sentence that `a` and `b` both hold whole (words proper, sentences
    /// ended by ``sentenceEnd``, or by the block's start and end).
    static func longestSharedSentence(_ a: [Int32], _ b: [Int32]) -> Int {
        func sentences(_ x: [Int32]) -> [ArraySlice<Int32>] { x.split(separator: sentenceEnd) }
        let theirs = Set(sentences(b).map(Array.init))
        return sentences(a).filter { theirs.contains(Array($0)) }.map(\.count).max() ?? 0
    }

    /// The length of the longest run of words `a` and `b` share, in order and side by side
    /// (a sentence's end is no word: runs stop there).
    static func longestCommonRun(_ a: [Int32], _ b: [Int32]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1), current = previous
        var best = 0
        for x in a {
            for (k, y) in b.enumerated() {
                current[k + 1] = x == y && x != sentenceEnd ? previous[k] + 1 : 0
                best = max(best, current[k + 1])
            }
            swap(&previous, &current)
        }
        return best
    }

    /// The blocks still alone between consecutive paired blocks (which are in order on both
    /// sides), old and new, for each gap with some on both sides.
    private func gaps() -> [(old: [Int], new: [Int])] {
        var result: [(old: [Int], new: [Int])] = []
        var previousOld = -1, previousNew = -1
        // Pairs made inside a gap (a join, then an edited block) may cross; the gaps lie
        // between the pairs that go forward on both sides.
        for (i, j) in anchors() where i > previousOld && j > previousNew {
            let gapOld = ((previousOld + 1)..<i).filter { old[$0] == .alone }
            let gapNew = ((previousNew + 1)..<j).filter { new[$0] == .alone }
            if !gapOld.isEmpty, !gapNew.isEmpty { result.append((gapOld, gapNew)) }
            (previousOld, previousNew) = (i, j)
        }
        return result
    }

    /// The paired blocks, in order on both sides, and the end of both as the last.
    private func anchors() -> [(Int, Int)] {
        var anchors: [(Int, Int)] = old.indices.compactMap { i in
            if case .paired(let j) = old[i] { return (i, j) }
            return nil
        }
        anchors.append((old.count, new.count))
        return anchors
    }

    /// Pairs the old blocks with the new ones in order, each with the first of the next few
    /// that `matches` it. A bounded look ahead keeps a gap of thousands of blocks linear.
    private mutating func pairInOrder(_ leftOld: [Int], _ leftNew: [Int], where matches: (Int, Int) -> Bool) {
        var next = 0
        for oi in leftOld where next < leftNew.count {
            for k in next..<min(leftNew.count, next + 64) where matches(oi, leftNew[k]) {
                old[oi] = .paired(leftNew[k])
                new[leftNew[k]] = .paired(oi)
                next = k + 1
                break
            }
        }
    }

    /// Pairs old and new blocks that `score` (nil: no match), near the same place in their
    /// gap, best first and in order: a pair that would cross one already made, or one the gap
    /// held already (a join, a block edited in place), is left out. Either side may hold the
    /// better match for a block, so neither side's order decides.
    private mutating func pairBest(_ leftOld: [Int], _ leftNew: [Int], scoring score: (Int, Int) -> Double?) {
        guard let firstOld = leftOld.first, let lastOld = leftOld.last else { return }
        var candidates: [(score: Double, i: Int, j: Int)] = []
        for (p, i) in leftOld.enumerated() {
            // The same share of the way along the other side, and the blocks around it.
            let centre = p * leftNew.count / leftOld.count
            for q in max(0, centre - 32)..<min(leftNew.count, centre + 33) {
                if let s = score(i, leftNew[q]) { candidates.append((s, i, leftNew[q])) }
            }
        }
        guard !candidates.isEmpty else { return }
        candidates.sort { ($0.score, $1.i, $1.j) > ($1.score, $0.i, $0.j) }
        // Pairs by old block; their new blocks increase with them.
        var made: [(i: Int, j: Int)] = (firstOld...lastOld).compactMap { i in
            if case .paired(let j) = old[i] { return (i, j) }
            return nil
        }
        for c in candidates {
            var low = 0, high = made.count
            while low < high {
                let mid = (low + high) / 2
                if made[mid].i < c.i { low = mid + 1 } else { high = mid }
            }
            if low < made.count, made[low].i == c.i || made[low].j <= c.j { continue }
            if low > 0, made[low - 1].j >= c.j { continue }
            guard old[c.i] == .alone, new[c.j] == .alone else { continue }
            made.insert((c.i, c.j), at: low)
            old[c.i] = .paired(c.j)
            new[c.j] = .paired(c.i)
        }
    }

    /// Least share of a block's words found, in order, in a longer block for it to be that
    /// block with words added; and the fewest words it must have (a two-word line is found in
    /// almost any paragraph).
    static let containedShare = 0.8
    static let containedWords = 4
    /// Least share of its neighbouring words that stay neighbours in the longer block.
    static let containedAdjacentShare = 0.5

    /// Whether most of `part`'s words occur in `whole` in the same order. Their word sets
    /// (``wordSet(_:)``) are compared first, which rules out nearly every pair cheaply; then a
    /// greedy subsequence match: each word at its first occurrence after the last one matched.
    static func isContained(_ part: [Int32], _ partSet: [Int32], in whole: [Int32], _ wholeSet: [Int32]) -> Bool {
        guard part.count >= containedWords, part.count < whole.count,
              Double(sharedCount(partSet, wholeSet)) >= containedShare * Double(partSet.count) else { return false }
        var positions: [Int32: [Int]] = [:]
        for (k, word) in whole.enumerated() { positions[word, default: []].append(k) }
        var matched = 0, at = 0
        for word in part {
            guard let places = positions[word] else { continue }
            // The first place at or after `at` (places are in increasing order).
            var low = 0, high = places.count
            while low < high {
                let mid = (low + high) / 2
                if places[mid] < at { low = mid + 1 } else { high = mid }
            }
            if low < places.count {
                matched += 1
                at = places[low] + 1
            }
        }
        return Double(matched) >= containedShare * Double(part.count)
    }

    /// The share of `part`'s pairs of neighbouring words that are neighbours in `whole` too.
    static func adjacentShare(_ part: [Int32], in whole: [Int32]) -> Double {
        guard part.count > 1 else { return 0 }
        func pair(_ x: Int32, _ y: Int32) -> UInt64 { UInt64(UInt32(bitPattern: x)) << 32 | UInt64(UInt32(bitPattern: y)) }
        let pairs = Set(zip(whole, whole.dropFirst()).map(pair))
        let found = zip(part, part.dropFirst()).reduce(0) { $0 + (pairs.contains(pair($1.0, $1.1)) ? 1 : 0) }
        return Double(found) / Double(part.count - 1)
    }

    /// One block whose words are those of two adjacent blocks on the other side: a paragraph
    /// split in two, or two joined (a heading whose blank line went, with its level changed).
    /// Exactly the same words first, then nearly (``joinedOverlap``).
    private mutating func pairSplitsAndJoins(_ gapOld: [Int], _ gapNew: [Int], oldWords: [[Int32]], newWords: [[Int32]],
                                             oldSets: [[Int32]], newSets: [[Int32]]) {
        for exact in [true, false] {
            Self.pairJoins(wholes: &old, gapOld, oldWords, oldSets, parts: &new, gapNew, newWords, newSets, exact: exact)
            Self.pairJoins(wholes: &new, gapNew, newWords, newSets, parts: &old, gapOld, oldWords, oldSets, exact: exact)
        }
    }

    /// Pairs each block left alone on one side (`wholes`) with two adjacent alone blocks on the
    /// other (`parts`) that it joins; the second of the two becomes `.joined`. Either side may be
    /// the old one. Candidates lie within a window of the same place in the gap, so a gap of
    /// thousands of blocks stays linear.
    private static func pairJoins(wholes: inout [Fate], _ gapWholes: [Int], _ wholeWords: [[Int32]], _ wholeSets: [[Int32]],
                                  parts: inout [Fate], _ gapParts: [Int], _ partWords: [[Int32]], _ partSets: [[Int32]], exact: Bool) {
        for (p, i) in gapWholes.enumerated() where wholes[i] == .alone {
            for q in min(gapParts.count, max(0, p - 16))..<min(gapParts.count, p + 17) where q + 1 < gapParts.count {
                let j = gapParts[q]
                guard parts[j] == .alone, gapParts[q + 1] == j + 1, parts[j + 1] == .alone else { continue }
                if exact ? partWords[j] + partWords[j + 1] == wholeWords[i]
                         : isJoin(wholeSets[i], of: partSets[j], partSets[j + 1],
                                  counts: (wholeWords[i].count, partWords[j].count + partWords[j + 1].count)) {
                    wholes[i] = .paired(j); parts[j] = .paired(i); parts[j + 1] = .joined
                    break
                }
            }
        }
    }

    /// Least share of words a block has in common with two adjacent blocks on the other side
    /// to be them joined (each of the two mostly found in it too).
    static let joinedOverlap = 0.7

    /// Whether `whole` is `first` and `second` joined, with light edits: about as long as the
    /// two together (`counts`: its words, theirs), and made of mostly their words.
    static func isJoin(_ whole: [Int32], of first: [Int32], _ second: [Int32], counts: (whole: Int, parts: Int)) -> Bool {
        guard !first.isEmpty, !second.isEmpty,
              Double(min(counts.whole, counts.parts)) >= joinedOverlap * Double(max(counts.whole, counts.parts)) else { return false }
        func contained(_ part: [Int32]) -> Double { Double(sharedCount(part, whole)) / Double(part.count) }
        return overlap(union(first, second), whole) >= joinedOverlap && contained(first) >= joinedOverlap && contained(second) >= joinedOverlap
    }

    /// A left-over old block most of whose words turn up in a left-over new block elsewhere:
    /// moved and edited. Candidates share the block's rarest word, so the search stays linear.
    private mutating func pairEditedMoves(oldWords: [[Int32]], newWords: [[Int32]], oldSets: [[Int32]], newSets: [[Int32]]) {
        let leftNew = aloneNew().filter { newWords[$0].count >= Self.movedWords }
        guard !leftNew.isEmpty else { return }
        // Interned word numbers are small and dense: counts go in an array.
        let top = Int(max(newWords.lazy.compactMap { $0.max() }.max() ?? 0, oldWords.lazy.compactMap { $0.max() }.max() ?? 0))
        var frequency = [Int](repeating: 0, count: top + 1)
        for words in newWords { for w in words { frequency[Int(w)] += 1 } }
        var containing: [Int32: [Int]] = [:]
        for j in leftNew { for w in newSets[j] { containing[w, default: []].append(j) } }
        for i in aloneOld() where oldWords[i].count >= Self.movedWords {
            let rare = oldSets[i].sorted { (frequency[Int($0)], $0) < (frequency[Int($1)], $1) }.prefix(3)
            var best: (score: Double, j: Int)?
            for w in rare {
                for j in (containing[w] ?? []).prefix(32) where new[j] == .alone {
                    let score = Self.overlap(oldSets[i], newSets[j])
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

    /// The word sets of each side's blocks that are alone (empty for the others).
    private static func wordSets(_ x: (words: [[Int32]], fates: [Fate]), _ y: (words: [[Int32]], fates: [Fate])) -> ([[Int32]], [[Int32]]) {
        @Sendable func sets(_ side: (words: [[Int32]], fates: [Fate])) -> [[Int32]] {
            side.words.indices.map { side.fates[$0] == .alone ? wordSet(side.words[$0]) : [] }
        }
        let words = zip(x.words, x.fates).reduce(0) { $0 + ($1.1 == .alone ? $1.0.count : 0) }
            + zip(y.words, y.fates).reduce(0) { $0 + ($1.1 == .alone ? $1.0.count : 0) }
        return ParallelSlots.both(parallel: words >= 32 << 10, { sets(x) }, { sets(y) })
    }

    /// A block's distinct words, sorted.
    static func wordSet(_ words: [Int32]) -> [Int32] {
        var sorted = words
        sorted.withUnsafeMutableBufferPointer { quicksort($0, 0, $0.count) }
        var kept = 0
        for k in sorted.indices where k == 0 || sorted[k] != sorted[k - 1] {
            sorted[kept] = sorted[k]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// Sorts `x[lo..<hi]` in place. The standard library's sort is a stable merge sort, which
    /// made word sets a tenth of a comparison's time on a long draft; numbers need no
    /// stability. Median-of-three quicksort, insertion sort below 16, recursing into the
    /// smaller side only (depth stays logarithmic).
    private static func quicksort(_ x: UnsafeMutableBufferPointer<Int32>, _ lo: Int, _ hi: Int) {
        var lo = lo, hi = hi
        while hi - lo > 16 {
            let mid = lo + (hi - lo) / 2
            if x[mid] < x[lo] { x.swapAt(mid, lo) }
            if x[hi - 1] < x[lo] { x.swapAt(hi - 1, lo) }
            if x[hi - 1] < x[mid] { x.swapAt(hi - 1, mid) }
            let pivot = x[mid]
            var i = lo, j = hi - 1
            while i <= j {
                while x[i] < pivot { i += 1 }
                while x[j] > pivot { j -= 1 }
                if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
            }
            if j - lo < hi - i { quicksort(x, lo, j + 1); lo = i } else { quicksort(x, i, hi); hi = j + 1 }
        }
        if hi - lo < 2 { return }
        for k in (lo + 1)..<hi {
            let v = x[k]
            var m = k
            while m > lo, x[m - 1] > v { x[m] = x[m - 1]; m -= 1 }
            x[m] = v
        }
    }

    /// The union of two word sets, merged (both sorted and distinct).
    static func union(_ x: [Int32], _ y: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if j == y.count || (i < x.count && x[i] < y[j]) { out.append(x[i]); i += 1 }
            else if i == x.count || y[j] < x[i] { out.append(y[j]); j += 1 }
            else { out.append(x[i]); i += 1; j += 1 }
        }
        return out
    }

    /// Jaccard index of two word sets (sorted, distinct: ``wordSet(_:)``).
    static func overlap(_ x: [Int32], _ y: [Int32]) -> Double {
        if x.isEmpty && y.isEmpty { return 1 }
        let shared = sharedCount(x, y)
        return Double(shared) / Double(max(1, x.count + y.count - shared))
    }

    /// Words two sets (sorted, distinct) have in common, by merging them.
    static func sharedCount(_ x: [Int32], _ y: [Int32]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < x.count, j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return shared
    }
}
