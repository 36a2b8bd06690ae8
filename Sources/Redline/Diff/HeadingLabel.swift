/// A heading's numbering label as a number, to tell a renumbered heading ("## 3. Duties" that
/// was "## 2. Duties" before a section was inserted above it) from an edited one.
enum HeadingLabel {
    /// The token holding the label of the block `tokens`, when the block is an ATX heading
    /// (`#`s, a space, then the label).
    static func token(in text: TokenizedText, _ tokens: Range<Int>) -> Int? {
        guard let space = atxSpace(in: text, tokens), space + 1 < tokens.upperBound else { return nil }
        return value(of: text.slice(space + 1)) == nil ? nil : space + 1
    }

    /// The space token after the `#`s when the block `tokens` opens with an ATX heading.
    static func atxSpace(in text: TokenizedText, _ tokens: Range<Int>) -> Int? {
        var k = tokens.lowerBound
        while k < tokens.upperBound, text.slice(k).elementsEqual([UInt8(ascii: "#")]) { k += 1 }
        guard k > tokens.lowerBound, k - tokens.lowerBound <= 6, k < tokens.upperBound, text.ids[k] == TokenizedText.space else { return nil }
        return k
    }

    /// How far a label moved (`2` → `3` is 1, `IV` → `III` is -1), when both are labels of
    /// the same kind: decimal numbers, Roman numerals, or single letters.
    static func shift(from old: ArraySlice<UInt8>, to new: ArraySlice<UInt8>) -> Int? {
        guard var a = value(of: old), var b = value(of: new) else { return nil }
        // A lone I, V, X… is a letter label, unless its neighbour is a Roman numeral: IV → V.
        if a.kind != b.kind {
            if a.kind == .roman || a.kind == .lowerRoman, let r = singleRoman(new) { b = r }
            if b.kind == .roman || b.kind == .lowerRoman, let r = singleRoman(old) { a = r }
        }
        guard a.kind == b.kind, a.value != b.value else { return nil }
        return b.value - a.value
    }

    enum Kind { case decimal, roman, lowerRoman, letter, lowerLetter }

    static func value(of bytes: ArraySlice<UInt8>) -> (kind: Kind, value: Int)? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return (.decimal, bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) })
        }
        if let v = roman(bytes, upper: true) { return (.roman, v) }
        if let v = roman(bytes, upper: false) { return (.lowerRoman, v) }
        if bytes.count == 1, let b = bytes.first {
            if b >= 0x41 && b <= 0x5A { return (.letter, Int(b - 0x40)) }
            if b >= 0x61 && b <= 0x7A { return (.lowerLetter, Int(b - 0x60)) }
        }
        return nil
    }

    private static func singleRoman(_ bytes: ArraySlice<UInt8>) -> (kind: Kind, value: Int)? {
        guard bytes.count == 1, let b = bytes.first, let value = romanDigit(b) else { return nil }
        return (b >= 0x61 ? .lowerRoman : .roman, value)
    }

    /// The value of one Roman digit, either case.
    private static func romanDigit(_ b: UInt8) -> Int? {
        switch b >= 0x61 ? b &- 0x20 : b {
        case UInt8(ascii: "I"): 1
        case UInt8(ascii: "V"): 5
        case UInt8(ascii: "X"): 10
        case UInt8(ascii: "L"): 50
        case UInt8(ascii: "C"): 100
        case UInt8(ascii: "D"): 500
        case UInt8(ascii: "M"): 1000
        default: nil
        }
    }

    /// A Roman numeral of at least two letters (a lone I, V, X, C, D or M reads as a letter
    /// label), written the usual subtractive way.
    private static func roman(_ bytes: ArraySlice<UInt8>, upper: Bool) -> Int? {
        guard bytes.count >= 2, bytes.allSatisfy({ upper ? $0 < 0x61 : $0 >= 0x61 }) else { return nil }
        let digits = bytes.compactMap(romanDigit)
        guard digits.count == bytes.count else { return nil }
        var total = 0
        for (k, d) in digits.enumerated() {
            if k + 1 < digits.count, d < digits[k + 1] { total -= d } else { total += d }
        }
        // Only the canonical spelling: "IIII" or "VX" are words, not numerals.
        return canonicalRoman(total) == String(decoding: bytes.map { upper ? $0 : $0 &- 0x20 }, as: UTF8.self) ? total : nil
    }

    private static func canonicalRoman(_ n: Int) -> String {
        guard n > 0, n < 4000 else { return "" }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var n = n, out = ""
        for (v, s) in table { while n >= v { out += s; n -= v } }
        return out
    }
}
