/// Escaping for HTML text and attribute values: `&`, `<`, `>` and `"` become entities, so no
/// text from a source can open a tag or leave an attribute.
enum HTMLEscape {
    static func text(_ s: String) -> String {
        // Bytes, not scalars: every byte that needs escaping is ASCII, so it is a whole scalar.
        var s = s
        let escaped: String? = s.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x26: result.append(contentsOf: "&amp;".utf8)
                case 0x3C: result.append(contentsOf: "&lt;".utf8)
                case 0x3E: result.append(contentsOf: "&gt;".utf8)
                case 0x22: result.append(contentsOf: "&quot;".utf8)
                // Control characters are not allowed in HTML: shown in caret notation, as in text.
                case 0x7F: result.append(contentsOf: "^?".utf8)
                case _ where needsEscape(byte): result.append(contentsOf: [UInt8(ascii: "^"), byte + 0x40])
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        return escaped ?? s
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F
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
