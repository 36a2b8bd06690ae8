/// Escaping for HTML text and attribute values: `&`, `<`, `>` and `"` become entities, so no
/// text from a source can open a tag or leave an attribute.
///
/// Works on bytes, not scalars: every byte that needs escaping is ASCII, so it is a whole scalar,
/// and the runs between such bytes are copied as they are (most text has none at all).
enum HTMLEscape {
    static func text(_ s: String) -> String {
        var bytes: [UInt8] = []
        append(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `s`, escaped, to `out`.
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            escaped.withUnsafeBufferPointer { escaped in
                var run = 0, i = 0
                let n = bytes.count
                while i < n {
                    // One table load per byte and a branch that is nearly never taken: a test
                    // by ranges mispredicted at every change between letters and spaces or
                    // punctuation, and was a tenth of the time of rendering a long policy.
                    if escaped[Int(bytes[i])] == 0 { i += 1; continue }
                    if bytes[i] >= 0x80 {
                        // A C1 control (U+0080–U+009F: Word text misread as Latin-1 has them) in
                        // `cat -v` notation, as in text; a noncharacter (U+FDD0–U+FDEF, U+FFFE,
                        // U+FFFF) as U+FFFD. Both are errors in HTML. Other characters stay.
                        let next = i + 1 < n ? bytes[i + 1] : 0, third = i + 2 < n ? bytes[i + 2] : 0
                        if bytes[i] == 0xC2, (0x80...0x9F).contains(next) {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                            out.append(contentsOf: "M-^".utf8)
                            out.append(next - 0x80 + 0x40)
                            run = i + 2
                            i += 2
                            continue
                        } else if bytes[i] == 0xEF, (next == 0xB7 && (0x90...0xAF).contains(third)) || (next == 0xBF && third >= 0xBE) {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                            run = i + 3
                            i += 3
                            continue
                        }
                        i += 1
                        continue
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    switch bytes[i] {
                    case 0x26: out.append(contentsOf: "&amp;".utf8)
                    case 0x3C: out.append(contentsOf: "&lt;".utf8)
                    case 0x3E: out.append(contentsOf: "&gt;".utf8)
                    case 0x22: out.append(contentsOf: "&quot;".utf8)
                    // Control characters are not allowed in HTML: shown in caret notation, as in text.
                    case 0x7F: out.append(contentsOf: "^?".utf8)
                    default: out.append(contentsOf: [UInt8(ascii: "^"), bytes[i] + 0x40])
                    }
                    i += 1
                    run = i
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            }
        }
    }

    /// 1 for the bytes that need escaping: the control characters but tab and line feed, `"`,
    /// `&`, `<`, `>` and DEL, and the lead bytes of C1 controls and noncharacters (looked at
    /// closer).
    private static let escaped: [UInt8] = (0...255).map { needsEscape(UInt8($0)) ? 1 : 0 }

    /// The bytes below 64 that need escaping, as bits.
    private static let escapedBelow64: UInt64 = 0xFFFF_FFFF & ~(1 << 0x09 | 1 << 0x0A)
        | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 64 ? escapedBelow64 >> UInt64(byte) & 1 != 0 : byte == 0x7F || byte == 0xC2 || byte == 0xEF
    }

    /// An `id` value: HTML5 allows anything but whitespace; keep it to a readable, URL-safe set.
    static func identifier(_ s: String) -> String {
        var result = ""
        for scalar in s.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "-" || scalar == "_" || scalar == "."
            result.unicodeScalars.append(ok ? scalar : "-")
        }
        return result.isEmpty ? "-" : result
    }
}
