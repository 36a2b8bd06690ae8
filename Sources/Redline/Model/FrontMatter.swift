/// The YAML front matter of a policy source: kept as written, with the keys Redline reads.
public struct FrontMatter: Hashable, Sendable {
    /// The front matter block exactly as written, fences included ("" when there is none).
    public var raw: String
    /// Top-level keys in order, with scalar values as strings (nested values as their YAML text).
    public var fields: [(key: String, value: String)]

    public init(raw: String = "", fields: [(key: String, value: String)] = []) {
        self.raw = raw
        self.fields = fields
    }

    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    /// Sets a key's value as read (not `raw`, which stays as written): where the site build
    /// states a status the versions' record implies.
    mutating func set(_ key: String, _ value: String) {
        if let k = fields.firstIndex(where: { $0.key == key }) { fields[k].value = value } else { fields.append((key, value)) }
    }

    public var title: String? { self["title"] }
    public var code: String? { self["code"] }
    public var status: String? { self["status"] }
    public var version: String? { self["version"] }

    /// Only a policy whose status says so is adopted; anything else (no status included) is a
    /// draft, and its editions say so.
    public var isAdopted: Bool {
        status?.trimmingWhitespace.lowercased() == "adopted"
    }

    /// File-wide defaults for every change's attribution.
    public var defaultAttribution: Attribution {
        Attribution(author: self["revision-author"], date: self["revision-date"])
    }

    public static func == (a: FrontMatter, b: FrontMatter) -> Bool { a.raw == b.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
