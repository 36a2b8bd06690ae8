/// A position in a source file: 1-based line, 1-based column counted in UTF-8 bytes
/// (the convention of cmark-gfm, gcc and clang, so editors jump to the right place).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span of a source file, as byte offsets and as line:column locations.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// Byte offsets into the whole file (front matter included).
    public var offsets: Range<Int>
    public var start: SourceLocation
    /// The location just past the last byte.
    public var end: SourceLocation

    public init(offsets: Range<Int>, start: SourceLocation, end: SourceLocation) {
        self.offsets = offsets
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}
