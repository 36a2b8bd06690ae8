import Foundation

/// JSON written the same way every time (pretty, keys sorted), and JSON texts put together
/// whole: the site's `changes.json` holds the reports' JSON as they wrote it.
enum JSONText {
    /// Pretty, key-sorted JSON: the same bytes for the same data.
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(((try? encoder.encode(value)) ?? Data("{}".utf8))) + [0x0A]
    }

    /// A JSON object from its members' JSON texts, keys in the order given (sorted by the
    /// caller). The members' own lines are indented under their key.
    static func object(_ members: [(String, String)]) -> String {
        guard !members.isEmpty else { return "{\n\n}" }
        let body = members.map { key, value in "  \(string(key)) : " + indented(value) }
        return "{\n" + body.joined(separator: ",\n") + "\n}"
    }

    static func array(_ items: [String]) -> String {
        guard !items.isEmpty else { return "[\n\n]" }
        return "[\n" + items.map { "  " + indented($0) }.joined(separator: ",\n") + "\n]"
    }

    /// A JSON text's lines after its first indented two more spaces, to sit inside another,
    /// without its final line break. (By bytes: Foundation's `replacingOccurrences` goes
    /// through UTF-16, and took a sixth of a cold site build.)
    private static func indented(_ json: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.utf8.count + json.utf8.count / 8)
        var utf8 = Substring(json).utf8
        while utf8.last == 0x0A { utf8 = utf8.dropLast() }
        for byte in utf8 {
            bytes.append(byte)
            if byte == 0x0A { bytes += [0x20, 0x20] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
