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
        // The last line starting at or before the offset, halving without a branch on the
        // comparison (a conditional move): the branching search mispredicted about every other
        // step, and each block of a long policy's tree asks for two locations.
        let line = lineStarts.withUnsafeBufferPointer { starts in
            var base = 0, n = starts.count
            while n > 1 {
                let half = n / 2
                base = starts[base + half] <= offset ? base + half : base
                n -= half
            }
            return base
        }
        return SourceLocation(line: line + 1, column: offset - lineStarts[line] + 1)
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
