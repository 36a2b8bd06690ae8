/// Who made a change and when.
///
/// Read from the change's own JSON prefix (`{"author":"Legal"}@@`), falling back to the file-wide
/// defaults in front matter (`revision-author`, `revision-date`). Dates are ISO 8601 strings kept
/// as written, so they round-trip and compare lexically (`2024-03-01` < `2024-03-01T10:00Z`).
public struct Attribution: Hashable, Sendable, Codable {
    public var author: String?
    public var date: String?

    public init(author: String? = nil, date: String? = nil) {
        self.author = author
        self.date = date
    }

    /// Per-change values win over the file defaults.
    public func filling(from defaults: Attribution) -> Attribution {
        Attribution(author: author ?? defaults.author, date: date ?? defaults.date)
    }

    /// Whether `text` is a date (or date and time) a change's attribution may carry: ISO 8601,
    /// as `revision-date` and the `"date"` of a mark are checked.
    public static func isDate(_ text: String) -> Bool { AttributionPrefix.isISO8601(text) }
}
