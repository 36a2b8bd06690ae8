/// Which changes a command acts on: all of them, or those matching every given filter.
///
/// Filters combine with AND, like Word's "accept all shown" after filtering by reviewer:
/// `--author Legal --since 2024-03-01` picks Legal's changes from March on.
public struct ChangeSelection: Sendable, Hashable {
    /// IDs or ordinals ("3", "a1b2c3d4"); empty means no filter by ID.
    public var ids: [String] = []
    public var author: String?
    /// Section anchor: the section and everything nested in it.
    public var section: String?
    /// Inclusive ISO-8601 bounds, compared on the date part.
    public var since: String?
    public var until: String?

    public init(ids: [String] = [], author: String? = nil, section: String? = nil, since: String? = nil, until: String? = nil) {
        self.ids = ids
        self.author = author
        self.section = section
        self.since = since
        self.until = until
    }

    public static let all = ChangeSelection()

    public var isAll: Bool { ids.isEmpty && author == nil && section == nil && since == nil && until == nil }

    /// `sections` lets a section filter include the subsections of the named section.
    func matches(_ change: Change, sectionsWithin: Set<String>) -> Bool {
        if !ids.isEmpty, !ids.contains(change.id), !ids.contains(String(change.ordinal)) { return false }
        if let author, change.attribution.author?.caseInsensitiveCompare(author) != .orderedSame { return false }
        if let section {
            guard let anchor = change.section?.anchor, anchor == section || sectionsWithin.contains(anchor) else { return false }
        }
        if since != nil || until != nil {
            guard let date = change.attribution.date.map({ String($0.prefix(10)) }) else { return false }
            if let since, date < String(since.prefix(10)) { return false }
            if let until, date > String(until.prefix(10)) { return false }
        }
        return true
    }
}
