/// Escaping for HTML text and attribute values: `&`, `<`, `>` and `"` become entities, so no
/// text from a source can open a tag or leave an attribute.
enum HTMLEscape {
    static func text(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F })
        else { return s }
        var result = ""
        result.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            // Control characters are not allowed in HTML: shown in caret notation, as in text.
            case _ where (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F:
                result += scalar.value == 0x7F ? "^?" : "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
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
