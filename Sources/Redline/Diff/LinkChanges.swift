/// A change that touches a link's destination takes the whole link with it.
///
/// Why: a link's destination, `](…)`, is one token, so a changed URL is a change of that token
/// alone, and the mark would stand between the link's text and its destination
/// (`[text{~~](old)~>](new)~~}`). The readings are right, but the redline's own pages cannot
/// draw a link cut in two, and Word cannot hold a hyperlink whose address is half deleted. The
/// whole link replaced, `{~~[text](old)~>[text](new)~~}`, reads as what happened and renders
/// everywhere.
enum LinkChanges {
    typealias Segment = MarkupWriter.Segment

    /// `segments` (of old tokens from `oldStart` and new tokens from `newStart`) with every
    /// change that holds a destination widened back to the `[` (or `![`) that opens its link,
    /// absorbing the equal tokens and changes in between. Segments without a destination in a
    /// change come back as they were.
    static func widened(_ segments: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> [Segment] {
        guard segments.contains(where: { if case .change = $0 { true } else { false } }) else { return segments }
        // One step per equal token, one per change: widening then only walks back over steps.
        enum Step { case equal, change(Int, Int) }
        var steps: [(step: Step, old: Int, new: Int)] = []
        var i = oldStart, j = newStart
        for segment in segments {
            switch segment {
            case .equal(let n):
                for d in 0..<n { steps.append((.equal, i + d, j + d)) }
                i += n
                j += n
            case .change(let d, let ins):
                steps.append((.change(d, ins), i, j))
                i += d
                j += ins
            }
        }
        var result: [(step: Step, old: Int, new: Int)] = []
        var widenedAny = false
        for step in steps {
            guard case .change(let d, let ins) = step.step,
                  let starts = linkStarts(old, step.old..<(step.old + d), from: oldStart, new, step.new..<(step.new + ins), from: newStart) else {
                result.append(step)
                continue
            }
            var merged = step
            widenedAny = true
            // Walk back while the step before still lies inside the link on either side.
            while let last = result.last, last.old >= starts.old || last.new >= starts.new {
                result.removeLast()
                let (ld, li): (Int, Int) = if case .change(let a, let b) = last.step { (a, b) } else { (1, 1) }
                let (md, mi): (Int, Int) = if case .change(let a, let b) = merged.step { (a, b) } else { (0, 0) }
                merged = (.change(md + ld, mi + li), last.old, last.new)
            }
            result.append(merged)
        }
        guard widenedAny else { return segments }
        // Back to segments: equal tokens in runs, changes as they stand.
        var out: [Segment] = []
        for step in result {
            switch (step.step, out.last) {
            case (.equal, .equal(let n)?): out[out.count - 1] = .equal(n + 1)
            case (.equal, _): out.append(.equal(1))
            case (.change(let d, let ins), _): out.append(.change(deleted: d, inserted: ins))
            }
        }
        return out
    }

    /// Where the links whose destinations lie in the changed tokens start, on each side (the
    /// change's own start where that side has no destination in it); nil when neither has one.
    private static func linkStarts(_ old: TokenizedText, _ ro: Range<Int>, from oldStart: Int,
                                   _ new: TokenizedText, _ rn: Range<Int>, from newStart: Int) -> (old: Int, new: Int)? {
        let o = ro.first { isDestination(old, $0) }.map { opening(old, before: $0, from: oldStart) }
        let n = rn.first { isDestination(new, $0) }.map { opening(new, before: $0, from: newStart) }
        guard o != nil || n != nil else { return nil }
        return (o ?? ro.lowerBound, n ?? rn.lowerBound)
    }

    private static func isDestination(_ t: TokenizedText, _ i: Int) -> Bool {
        let token = t.slice(i)
        return token.count > 2 && token.first == UInt8(ascii: "]") && token.dropFirst().first == UInt8(ascii: "(")
    }

    /// The `[` (or the `!` of `![`) that opens the link text ending at destination token `k`.
    private static func opening(_ t: TokenizedText, before k: Int, from start: Int) -> Int {
        var depth = 0, i = k - 1
        while i >= start {
            let token = t.slice(i)
            if token.count == 1, token.first == UInt8(ascii: "]") { depth += 1 }
            if token.count == 1, token.first == UInt8(ascii: "[") {
                if depth == 0 { return i > start && t.slice(i - 1).elementsEqual([UInt8(ascii: "!")]) ? i - 1 : i }
                depth -= 1
            }
            i -= 1
        }
        return k
    }
}
