/// A policy's record across its versions: which version is in force, the status of each (an
/// adopted version is superseded once a later one is adopted or the policy rescinded), what the
/// manual's index says of the policy ("Second reading 2026-12-08 — public comment open"), and the
/// history line of each version's footer. Also what cannot have happened between versions: two
/// adopted the same day, or a later version adopted before the one it replaces.
///
/// Made from front matter alone, so the report (`policy manual report`) reads a whole manual
/// without parsing a policy's text; the site build uses the same.
public struct PolicyHistory: Sendable {
    public struct Entry: Sendable {
        public var version: PolicyVersion
        public var record: VersionRecord
        public var status: VersionStatus
    }

    /// In version order.
    public private(set) var entries: [Entry]
    /// Located in the versions' files.
    public private(set) var problems: [SiteProblem] = []

    /// `versions` in version order, each with its name (`version:`).
    public init(_ versions: [(version: PolicyVersion, name: String)]) {
        entries = versions.map { item in
            let record = VersionRecord(item.version, name: item.name)
            return Entry(version: item.version, record: record, status: record.status)
        }
        for entry in entries { problems += entry.record.problems.map { SiteProblem(entry.version.file, $0) } }
        // An adoption no longer in force: a later version adopted, or the policy rescinded.
        for k in entries.indices where entries[k].record.statedStatus == nil && entries[k].status == .adopted {
            if entries[(k + 1)...].contains(where: { $0.status.wasAdopted || $0.status == .rescinded }) {
                entries[k].status = .superseded
            }
        }
        checkAcrossVersions()
    }

    private mutating func checkAcrossVersions() {
        func error(_ entry: Entry, _ key: String, _ message: String) {
            let at = entry.version.location(of: key)
            problems.append(SiteProblem(entry.version.file, .error, line: at.line, column: at.column, message))
        }
        var previous: Entry?
        for entry in entries where entry.status.wasAdopted {
            if let date = SiteConfig.known(entry.record.adopted), SiteConfig.isDate(date), let before = previous,
               let earlier = SiteConfig.known(before.record.adopted), SiteConfig.isDate(earlier) {
                if date == earlier {
                    error(entry, "adopted", "adopted \(date), the day version \(before.record.name) was: two versions cannot both take effect on one day")
                } else if date < earlier {
                    error(entry, "adopted", "adopted \(date), before version \(before.record.name) (adopted \(earlier)), which comes before it: the two would be in force at once; check the dates, or number the versions in the order they were adopted")
                }
            }
            previous = entry
        }
        if let rescission = entries.last(where: { $0.status == .rescinded }), let date = rescission.record.date,
           let adopted = lastAdopted, date < adopted {
            error(rescission, "date", "rescinded \(date), before the last adoption (\(adopted))")
        }
    }

    /// The version in force: the newest adopted one, unless the policy was rescinded since.
    public var inForce: Entry? {
        guard entries.last(where: { $0.status == .rescinded || $0.status.wasAdopted })?.status != .rescinded else { return nil }
        return entries.last { $0.status == .adopted }
    }

    /// The newest version still before the committee (draft or proposed).
    public var openDraft: Entry? { entries.last { $0.status.isOpen } }

    /// The newest known adoption date.
    public var lastAdopted: String? {
        entries.filter(\.status.wasAdopted).compactMap { SiteConfig.known($0.record.adopted) }.filter(SiteConfig.isDate).max()
    }

    /// The newest date a committee looked at the text in force: its adoption or a review.
    public var lastReviewed: String? {
        entries.filter(\.status.wasAdopted).flatMap { entry in
            entry.record.reviewed + [SiteConfig.known(entry.record.adopted)].compactMap { $0 }.filter(SiteConfig.isDate)
        }.max()
    }

    /// The newest date anywhere in the record.
    public var lastAction: String? { entries.flatMap(\.record.dates).max() }

    /// The open draft's first reading on or after `today`: the meeting the policy goes to next.
    public func nextReading(onOrAfter today: String) -> VersionRecord.Reading? {
        openDraft?.record.readings.first { $0.date >= today }
    }

    /// What the manual's index says of the policy, newest news first: a rescission, an open
    /// draft's last reading ("Second reading 2026-12-08 — public comment open") or that it is
    /// drafted, else the adoption in force.
    public var statusText: String {
        let last = entries.last { $0.status == .rescinded || $0.status.wasAdopted }
        if let last, last.status == .rescinded {
            return "Rescinded" + (last.record.date.map { " \($0)" } ?? "")
        }
        if let draft = openDraft {
            if let reading = draft.record.readings.last {
                return reading.name.capitalizedFirst + " " + reading.date + (reading.note.map { " — \($0)" } ?? "")
            }
            return inForce == nil ? "Draft" : "\(adoptionText(inForce!)); revision in draft"
        }
        if let inForce {
            // A revision voted down since stays news until something newer happens.
            if let rejected = entries.last, rejected.status == .rejected, let date = rejected.record.rejected?.date {
                return "\(adoptionText(inForce)); revision rejected \(date)"
            }
            return adoptionText(inForce)
        }
        if let rejected = entries.last(where: { $0.status == .rejected })?.record.rejected {
            return "Rejected \(rejected.date)"
        }
        return "Not in force"
    }

    /// "Adopted 2024-06-10", with its last review when there was one since.
    private func adoptionText(_ entry: Entry) -> String {
        let date = entry.record.adopted.flatMap(SiteConfig.known)
        var text = date.map { "Adopted \($0)" } ?? "Adopted (date not recorded)"
        if let reviewed = entry.record.reviewed.last { text += ", reviewed \(reviewed)" }
        return text
    }

    /// The history line of version `k`'s footer, in the order things happened to the text it
    /// shows: each adopted version up to it with its readings, its adoption ("adopted" for the
    /// first, "revised" after) and its reviews; then, when version `k` itself was not adopted,
    /// its own readings and rejection. Drafts that came to nothing before it are left out: they
    /// never changed the policy.
    public func historyItems(through k: Int) -> [String] {
        var items: [String] = []
        var adoptedBefore = false
        for (j, entry) in entries.enumerated() where j <= k {
            let record = entry.record
            let counts = entry.status.wasAdopted || entry.status == .rescinded || j == k
            guard counts else { continue }
            for reading in record.readings {
                items.append("\(reading.name) \(reading.date)" + (reading.note.map { " (\($0))" } ?? ""))
            }
            if entry.status.wasAdopted {
                let date = SiteConfig.known(record.adopted) ?? "(date not recorded)"
                items.append(adoptedBefore ? "revised \(date) (version \(record.name))" : "adopted \(date)")
                adoptedBefore = true
                items += record.reviewed.map { "reviewed \($0)" }
            } else if entry.status == .rescinded {
                items.append("rescinded" + (record.date.map { " \($0)" } ?? ""))
            } else if let rejected = record.rejected {
                items.append("rejected \(rejected.date)" + (rejected.note.map { " (\($0))" } ?? ""))
            } else if j == k, entry.status.isOpen, record.readings.isEmpty {
                items.append("version \(record.name) in draft" + (record.date.map { " since \($0)" } ?? ""))
            }
        }
        if let first = items.first { items[0] = first.capitalizedFirst }
        return items
    }
}
