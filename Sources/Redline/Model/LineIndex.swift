/// Maps byte offsets of a text to line:column locations in O(log n).
///
/// Built once per text; every diagnostic and every change asks it for its location.
public struct LineIndex: Sendable {
    /// Offset of the first byte of each line.
    public let lineStarts: [Int]
    public let count: Int

    public init(_ bytes: some Collection<UInt8>) {
        var starts = [0]
        // Contiguous bytes (all but tests) by memchr: lines are tens of bytes long, and this
        // runs on every reading of every policy.
        let contiguous: Int? = bytes.withContiguousStorageIfAvailable { buffer in
            starts.reserveCapacity(buffer.count / 32 + 1)
            var offset = 0
            while let found = buffer.offset(of: UInt8(ascii: "\n"), from: offset) {
                offset = found + 1
                starts.append(offset)
            }
            return buffer.count
        }
        if let contiguous {
            count = contiguous
        } else {
            var offset = 0
            for byte in bytes {
                offset += 1
                if byte == UInt8(ascii: "\n") { starts.append(offset) }
            }
            count = offset
        }
        lineStarts = starts
    }

    public func location(of offset: Int) -> SourceLocation {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: offset - lineStarts[lo] + 1)
    }

    /// The byte offset of a 1-based line:column, clamped to the text.
    public func offset(of location: SourceLocation) -> Int {
        let line = min(max(location.line, 1), lineStarts.count)
        return min(lineStarts[line - 1] + max(location.column, 1) - 1, count)
    }

    public func range(_ offsets: Range<Int>) -> SourceRange {
        SourceRange(offsets: offsets, start: location(of: offsets.lowerBound), end: location(of: offsets.upperBound))
    }
}
