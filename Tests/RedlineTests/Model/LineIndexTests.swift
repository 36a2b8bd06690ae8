import PropertyBased
import Testing
@testable import Redline

@Suite struct LineIndexTests {
    /// Every offset of a text, and one past its end, against counting line breaks by hand.
    @Test func locationsAgreeWithCounting() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 0...60)) { codes in
            // 0 and 1 are line breaks (so empty lines and runs of them occur), the rest letters.
            let bytes = codes.map { $0 < 2 ? UInt8(ascii: "\n") : UInt8(ascii: "a") }
            let index = LineIndex(bytes)
            var line = 1, column = 1
            for offset in 0...bytes.count {
                #expect(index.location(of: offset) == SourceLocation(line: line, column: column), "offset \(offset) of \(codes)")
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
        }
    }
}
