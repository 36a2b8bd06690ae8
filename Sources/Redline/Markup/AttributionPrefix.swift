import Foundation

/// Reads a change's JSON attribution prefix, `{"author":"Legal","date":"2024-03-01"}@@`.
///
/// The convention Fevol's CriticMarkup editor ships (CriticMarkup-toolkit #50): a JSON object
/// followed by `@@` at the start of the mark's content. `a` is accepted for `author` and `t`
/// (Unix seconds) for `date`, so files written by that editor read correctly.
enum AttributionPrefix {
    struct Parsed {
        var attribution: Attribution
        var id: String?
        /// `"move":"m1"`: this deletion and the insertion with the same value are one move.
        var move: String?
        /// `"renumber":"r1"`: the label substitutions of one renumbering (`policy diff`), one
        /// change to a reader.
        var renumber: String?
    }

    struct Problem: Error {
        var message: String
    }

    /// `json` is the object's text without the trailing `@@`.
    static func parse(_ json: [UInt8]) -> Result<Parsed, Problem> {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json), options: [])
        } catch {
            return .failure(Problem(message: "malformed attribution: the text before '@@' is not a JSON object"))
        }
        guard let dict = object as? [String: Any] else {
            return .failure(Problem(message: "malformed attribution: the text before '@@' is not a JSON object"))
        }
        var parsed = Parsed(attribution: Attribution())
        if let author = dict["author"] ?? dict["a"] {
            guard let s = author as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .failure(Problem(message: "malformed attribution: \"author\" must be a non-empty string"))
            }
            parsed.attribution.author = s
        }
        if let date = dict["date"] {
            guard let s = date as? String, isISO8601(s) else {
                return .failure(Problem(message: "invalid date in attribution: \"date\" must be an ISO-8601 date such as 2024-03-01 or 2024-03-01T10:00:00Z"))
            }
            parsed.attribution.date = s
        } else if let t = dict["t"] {
            guard let seconds = (t as? NSNumber)?.doubleValue, seconds.isFinite, abs(seconds) < 1e11 else {
                return .failure(Problem(message: "invalid date in attribution: \"t\" must be a number of seconds since 1970"))
            }
            parsed.attribution.date = isoString(seconds: seconds)
        }
        // Names that link marks (their own ID, a move, a renumbering) share one form.
        for (key, field) in [("id", \Parsed.id), ("move", \Parsed.move), ("renumber", \Parsed.renumber)] {
            guard let value = dict[key] else { continue }
            guard let s = value as? String, isValidID(s) else {
                return .failure(Problem(message: "malformed attribution: \"\(key)\" must be letters, digits, '-', '_' or '.'"))
            }
            parsed[keyPath: field] = s
        }
        return .success(parsed)
    }

    static func isValidID(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `Thh:mm`, seconds, fraction and a zone.
    static func isISO8601(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ from: Int, _ n: Int) -> Bool {
            from + n <= b.count && b[from..<from + n].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard b.count >= 10, digits(0, 4), b[4] == UInt8(ascii: "-"), digits(5, 2), b[7] == UInt8(ascii: "-"), digits(8, 2) else { return false }
        let month = Int(s.dropFirst(5).prefix(2))!, day = Int(s.dropFirst(8).prefix(2))!
        guard (1...12).contains(month), (1...31).contains(day) else { return false }
        if b.count == 10 { return true }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), digits(11, 2), b.count > 13, b[13] == UInt8(ascii: ":"), digits(14, 2) else { return false }
        var i = 16
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard digits(i + 1, 2) else { return false }
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let f = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                guard i > f else { return false }
            }
        }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), digits(i + 1, 2) else { return false }
        i += 3
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        return digits(i, 2) && i + 2 == b.count
    }

    private static func isoString(seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
