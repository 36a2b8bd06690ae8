import PropertyBased
import Testing
@testable import Redline

@Suite struct SourceFileUTF8 {
    /// Bytes that make every kind of sequence likely: ASCII runs longer than the eight-byte
    /// step, lead bytes of every length, continuation bytes at the edges of their ranges
    /// (overlong forms, surrogates, above U+10FFFF) and the bytes UTF-8 never uses.
    static let interesting: [UInt8] = [0x41, 0x20, 0x0A, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                       0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]

    static func bytes(_ codes: [Int]) -> [UInt8] {
        codes.flatMap { code -> [UInt8] in
            // Mostly single interesting bytes, sometimes an ASCII run that crosses a word.
            code % 5 == 0 ? Array(repeating: UInt8(ascii: "a"), count: code % 13) : [interesting[code % interesting.count]]
        }
    }

    @Test func agreesWithTheStandardLibrary() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...100_000).array(of: 0...24)) { codes in
            let bytes = Self.bytes(codes)
            let expected = (try? UTF8Span(validating: bytes.span)) != nil
            #expect(SourceFile.isUTF8(bytes) == expected, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test(arguments: [
        ([0xC0, 0x80], false), ([0xE0, 0x9F, 0x80], false), ([0xED, 0xA0, 0x80], false), ([0xF4, 0x90, 0x80, 0x80], false),
        ([0xF0, 0x8F, 0xBF, 0xBF], false), ([0xE2, 0x82], false), ([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xE2, 0x82], false),
        ([0xE2, 0x82, 0xAC], true), ([0xF0, 0x9F, 0x98, 0x80], true), ([0xED, 0x9F, 0xBF], true), ([0xF4, 0x8F, 0xBF, 0xBF], true),
    ] as [([UInt8], Bool)])
    func edges(bytes: [UInt8], valid: Bool) {
        #expect(SourceFile.isUTF8(bytes) == valid)
        #expect(SourceFile.isUTF8(Array("plain ASCII text, more than eight bytes ".utf8) + bytes) == valid)
    }
}
