/// The runs of entries ``MarkupWriter`` writes as whole blocks, where inline marks would not
/// give the texts back: in order, and apart (no two overlap or touch; touching runs are one).
///
/// A sorted array, not a dictionary: the comparison loop looks regions up by position many
/// times per attempt, and the order of a dictionary's values differs from run to run, which
/// would make the redline depend on it.
struct BlockRegions: Equatable, Sendable {
    private(set) var ranges: [Range<Int>] = []

    var isEmpty: Bool { ranges.isEmpty }

    /// The region that starts at entry `index`.
    func starting(at index: Int) -> Range<Int>? {
        let k = firstEnding(after: index)
        return k < ranges.count && ranges[k].lowerBound == index ? ranges[k] : nil
    }

    /// The region holding entry `index`.
    func holding(_ index: Int) -> Range<Int>? {
        let k = firstEnding(after: index)
        return k < ranges.count && ranges[k].contains(index) ? ranges[k] : nil
    }

    /// The region holding entry `index`, else the one ending just before it, else the one
    /// starting just after it.
    func holdingOrBeside(_ index: Int) -> Range<Int>? {
        if let region = holding(index) { return region }
        let k = firstEnding(after: index)
        if k > 0, ranges[k - 1].upperBound == index { return ranges[k - 1] }
        return starting(at: index + 1)
    }

    /// Adds `region`, merged with the regions it overlaps or touches.
    mutating func insert(_ region: Range<Int>) {
        // The first region that ends at or after the new one's start, then all those that
        // start at or before its end: they merge with it.
        let first = firstEnding(after: region.lowerBound - 1)
        var last = first, merged = region
        while last < ranges.count, ranges[last].lowerBound <= merged.upperBound {
            merged = min(merged.lowerBound, ranges[last].lowerBound)..<max(merged.upperBound, ranges[last].upperBound)
            last += 1
        }
        ranges.replaceSubrange(first..<last, with: [merged])
    }

    /// The first region whose end lies after `index` (binary search).
    private func firstEnding(after index: Int) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= index { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
