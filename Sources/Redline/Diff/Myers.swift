/// Myers' O(ND) difference of two sequences of numbers, with a budget.
///
/// Why a budget counted in steps and not a deadline: the same inputs must give the same redline
/// on every machine. When the edit distance would pass `maxCost`, the caller gets nil and falls
/// back to a coarser alignment of that region only.
enum Myers {
    enum Operation: Equatable {
        case equal, delete, insert
    }

    /// The edit script turning `a` into `b`, as runs of (operation, length), or nil when more
    /// than `maxCost` edits are needed.
    static func diff(_ a: ArraySlice<Int32>, _ b: ArraySlice<Int32>, maxCost: Int) -> [(Operation, Int)]? {
        // Common prefix and suffix first: most of a pair of drafts is equal.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[a.startIndex + prefix] == b[b.startIndex + prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.endIndex - 1 - suffix] == b[b.endIndex - 1 - suffix] { suffix += 1 }
        let x = Array(a[(a.startIndex + prefix)..<(a.endIndex - suffix)])
        let y = Array(b[(b.startIndex + prefix)..<(b.endIndex - suffix)])
        guard let middle = core(x, y, maxCost: maxCost) else { return nil }
        var result: [(Operation, Int)] = []
        func add(_ op: Operation, _ n: Int) {
            guard n > 0 else { return }
            if let last = result.last, last.0 == op { result[result.count - 1].1 += n } else { result.append((op, n)) }
        }
        add(.equal, prefix)
        for (op, n) in middle { add(op, n) }
        add(.equal, suffix)
        return result
    }

    /// The greedy forward algorithm. Round `d` keeps only its `2d + 1` diagonals for the way
    /// back, so memory is O(D²) with D at most `maxCost`.
    private static func core(_ a: [Int32], _ b: [Int32], maxCost: Int) -> [(Operation, Int)]? {
        let n = a.count, m = b.count
        if n == 0 { return m == 0 ? [] : [(.insert, m)] }
        if m == 0 { return [(.delete, n)] }
        let limit = min(n + m, maxCost)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds v[-d...d] as it was before round d.
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n, y >= m { found = true; break outer }
                k += 2
            }
        }
        guard found else { return nil }
        var ops: [Operation] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let row = trace[d]
            func at(_ k: Int) -> Int { row[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY { ops.append(.equal); x -= 1; y -= 1 }
            if previousK == k + 1 { ops.append(.insert) } else { ops.append(.delete) }
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 { ops.append(.equal); x -= 1; y -= 1 }
        var runs: [(Operation, Int)] = []
        for op in ops.reversed() {
            if let last = runs.last, last.0 == op { runs[runs.count - 1].1 += 1 } else { runs.append((op, 1)) }
        }
        return runs
    }
}
