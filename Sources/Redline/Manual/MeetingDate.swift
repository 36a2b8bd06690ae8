import Yams

/// A date of the committee's record, with an optional note: a reading ("2026-12-08 — public
/// comment open"), a rejection. Front matter writes it on one line, the note after the date, or
/// as `date:` and `note:` lines:
///
/// ```yaml
/// first-reading: 2026-11-17
/// second-reading: 2026-12-08 — public comment open
/// third-reading:
///   date: 2027-01-12
///   note: with the subcommittee's amendments
/// ```
public struct MeetingDate: Sendable, Equatable, Codable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var note: String?

    public init(date: String, note: String? = nil) {
        self.date = date
        self.note = note
    }

    /// Reads a front matter value (a mapping arrives as its YAML text); nil when it is neither form.
    public static func parse(_ text: String) -> MeetingDate? {
        let trimmed = text.trimmingWhitespace
        if trimmed.utf8.count >= 10, SiteConfig.isDate(String(trimmed.prefix(10))) {
            let rest = trimmed.dropFirst(10)
            // The separator between date and note: white space, a dash, a comma, a colon.
            let note = String(rest.drop { " \t—–-,:;".contains($0) }).trimmingWhitespace
            guard rest.isEmpty || " \t—–-,:;(".contains(rest.first!) else { return nil }
            return MeetingDate(date: String(trimmed.prefix(10)), note: note.isEmpty ? nil : note).checked
        }
        guard case .mapping(let mapping)? = try? Yams.compose(yaml: trimmed, .basic) else { return nil }
        var date: String?, note: String?
        for (key, value) in mapping {
            guard let scalar = value.scalar?.string else { return nil }
            switch key.string {
            case "date": date = scalar
            case "note": note = scalar.trimmingWhitespace.isEmpty ? nil : scalar.trimmingWhitespace
            default: return nil
            }
        }
        guard let date, SiteConfig.isDate(date) else { return nil }
        return MeetingDate(date: date, note: note).checked
    }

    /// Nil when the note is more than one line or holds control characters (they would break
    /// the pages and the report); a note in parentheses loses them (the history adds its own).
    private var checked: MeetingDate? {
        guard let note else { return self }
        guard !note.unicodeScalars.contains(where: Self.isControl) else { return nil }
        if note.hasPrefix("("), note.hasSuffix(")"), note.count > 2, !note.dropFirst().dropLast().contains(where: { $0 == "(" || $0 == ")" }) {
            return MeetingDate(date: date, note: String(note.dropFirst().dropLast()))
        }
        return self
    }

    /// C0 and C1 control characters, line breaks included: no record text has a use for them.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `2026-12-08 — public comment open`.
    public var text: String { note.map { "\(date) — \($0)" } ?? date }
}

/// A front matter or `policy.yml` value that may be one item or a YAML list of them.
enum YAMLList {
    /// The items of a list, or the value itself as one item; nil when it is a mapping.
    static func items(_ text: String) -> [String]? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return [] }
        // A list arrives as its YAML text ("- a\n- b"); anything else is one scalar. (So does a
        // mapping, as "law: x", which cannot be told from a quoted scalar with a colon: read as text.)
        guard trimmed.hasPrefix("-") || trimmed.hasPrefix("[") else { return [trimmed] }
        guard let node = try? Yams.compose(yaml: trimmed, .basic) else { return [trimmed] }
        switch node {
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard let scalar = item.scalar?.string else { return nil }
                let value = scalar.trimmingWhitespace
                if !value.isEmpty { items.append(value) }
            }
            return items
        case .scalar(let scalar): return [scalar.string.trimmingWhitespace]
        default: return nil
        }
    }
}
