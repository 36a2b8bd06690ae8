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
        func problem(_ severity: Diagnostic.Severity, _ entry: Entry, _ key: String, _ message: String) {
            let at = entry.version.location(of: key)
            problems.append(SiteProblem(entry.version.file, severity, line: at.line, column: at.column, message))
        }
        func error(_ entry: Entry, _ key: String, _ message: String) { problem(.error, entry, key, message) }
        // Each version's status against its dates.
        var statedInForce: Entry?
        for entry in entries {
            let status = entry.status, adopted = entry.record.adopted
            if status.wasAdopted {
                if let adopted {
                    if !SiteConfig.isDate(adopted), adopted != SiteConfig.unknownDate {
                        error(entry, "adopted", "'adopted' must be a date written YYYY-MM-DD (or 'unknown' for an old policy whose date is lost), not \"\(adopted)\"")
                    }
                } else {
                    error(entry, "status", "no 'adopted' date: a version that is \(status.rawValue) was adopted on a date (YYYY-MM-DD)")
                }
            } else if adopted != nil, status != .rejected {
                error(entry, "adopted", "a version that is \(status.rawValue) has no adoption date: adopting it makes its status 'adopted'")
            }
            if entry.record.statedStatus == .adopted {
                if let other = statedInForce {
                    // The earlier one says so: that is the line to change.
                    error(other, "status", "status 'adopted', but version \(entry.record.name) is adopted too\(adopted.map { " (\($0))" } ?? ""): change this one to 'superseded', or leave the status out (it follows from the adoption dates)")
                }
                statedInForce = entry
            }
            if status == .rescinded, entry.record.date == nil {
                problem(.warning, entry, "status", "a rescission has its date: 'date: YYYY-MM-DD' (the feed and the history show it)")
            }
        }
        // Adoptions in the order of the versions (a date lost is skipped, not a gap in the order).
        var previous: Entry?
        for entry in entries where entry.status.wasAdopted {
            guard let date = SiteConfig.known(entry.record.adopted), SiteConfig.isDate(date) else { continue }
            if let before = previous, let earlier = SiteConfig.known(before.record.adopted) {
                if date == earlier {
                    error(entry, "adopted", "adopted \(date), the day version \(before.record.name) was: two versions cannot both take effect on one day")
                } else if date < earlier {
                    error(entry, "adopted", "adopted \(date), before version \(before.record.name) (adopted \(earlier)), which comes before it: the two would be in force at once; check the dates, or number the versions in the order they were adopted")
                }
            }
            previous = entry
        }
        for (k, entry) in entries.enumerated() {
            // A rescission ends what was adopted before it (a later version may adopt the policy anew).
            if entry.status == .rescinded, let date = entry.record.date {
                let before = entries[..<k].filter(\.status.wasAdopted).compactMap { SiteConfig.known($0.record.adopted) }.filter(SiteConfig.isDate).max()
                if let before, date < before { error(entry, "date", "rescinded \(date), before the adoption it ends (\(before))") }
            }
            // A review keeps the text in force: not once a later version replaced it.
            if entry.status.wasAdopted, let review = entry.record.reviewed.last,
               let next = entries[(k + 1)...].first(where: { $0.status.wasAdopted || $0.status == .rescinded }) {
                let end = next.status == .rescinded ? next.record.date : SiteConfig.known(next.record.adopted)
                if let end, SiteConfig.isDate(end), review > end {
                    error(entry, "reviewed", "reviewed \(review), after version \(next.record.name) \(next.status == .rescinded ? "rescinded the policy" : "replaced it") (\(end)): record the review on the version in force")
                }
            }
        }
        if let last = entries.last(where: { $0.status.wasAdopted || $0.status == .rescinded }), last.status == .rescinded,
           let stated = entries.last(where: { $0.record.statedStatus == .adopted }) {
            error(stated, "status", "version \(stated.record.name) is still adopted after version \(last.record.name) rescinded the policy: its status is 'superseded'")
        }
        if inForce == nil, entries.last(where: { $0.status.wasAdopted || $0.status == .rescinded })?.status == .superseded,
           let last = entries.last(where: { $0.status == .superseded }) {
            problem(.warning, last, "status", "no version is in force, though version \(last.record.name) was adopted: if the policy was withdrawn, add a version with status 'rescinded'")
        }
        // Several revisions before the committee at once: allowed (competing proposals), but
        // said, since the index shows the one read most lately.
        let open = entries.filter(\.status.isOpen)
        if open.count > 1 {
            for entry in open.dropLast() {
                problem(.warning, entry, "version", "version \(entry.record.name) is open beside version \(open.last!.record.name): the index shows the one read most lately; reject or withdraw the other")
            }
        }
    }

    /// The version in force: the newest adopted one, unless the policy was rescinded since.
    public var inForce: Entry? {
        guard entries.last(where: { $0.status == .rescinded || $0.status.wasAdopted })?.status != .rescinded else { return nil }
        return entries.last { $0.status == .adopted }
    }

    /// The revision before the committee: of the open versions (draft or proposed), the one
    /// read most lately; without readings, the newest.
    public var openDraft: Entry? { currentDraft(after: nil) }

    /// The revision before the committee among the open versions after index `after`.
    private func currentDraft(after: Int?) -> Entry? {
        let open = entries.enumerated().filter { $0.element.status.isOpen && $0.offset > (after ?? -1) }.map(\.element)
        return open.filter { !$0.record.readings.isEmpty }.max { ($0.record.readings.last!.date) < ($1.record.readings.last!.date) } ?? open.last
    }

    /// Every open version, oldest first.
    public var openDrafts: [Entry] { entries.filter(\.status.isOpen) }

    /// The newest known adoption date.
    public var lastAdopted: String? {
        entries.filter(\.status.wasAdopted).compactMap { SiteConfig.known($0.record.adopted) }.filter(SiteConfig.isDate).max()
    }

    /// The newest date a committee looked at the text in force: its adoption or a review of it
    /// (of the newest adopted text, when none is in force).
    public var lastReviewed: String? {
        guard let entry = inForce ?? entries.last(where: \.status.wasAdopted) else { return nil }
        return (entry.record.reviewed + [SiteConfig.known(entry.record.adopted)].compactMap { $0 }.filter(SiteConfig.isDate)).max()
    }

    /// The newest date anywhere in the record.
    public var lastAction: String? { entries.flatMap(\.record.dates).max() }

    /// The first reading on or after `today` of any open version: the meeting the policy goes to next.
    public func nextReading(onOrAfter today: String) -> VersionRecord.Reading? {
        openDrafts.flatMap(\.record.readings).filter { $0.date >= today }.min { $0.date < $1.date }
    }

    /// What the manual's index says of the policy, newest news first: a rescission, an open
    /// draft's last reading ("Second reading 2026-12-08 — public comment open") or that it is
    /// drafted, else the adoption in force.
    public var statusText: String {
        let lastIndex = entries.lastIndex { $0.status == .rescinded || $0.status.wasAdopted }
        let last = lastIndex.map { entries[$0] }
        // Only a revision newer than the last adoption or rescission is news: an older one left
        // open is stale (the build warns of its base).
        let draft = currentDraft(after: lastIndex)
        if let draft {
            if let reading = draft.record.readings.last {
                return reading.text
            }
            let name = draft.status.rawValue.capitalizedFirst
            return inForce == nil ? name : "\(adoptionText(inForce!)); revision \(draft.status == .draft ? "in draft" : "proposed")"
        }
        if let last, last.status == .rescinded {
            return "Rescinded" + (last.record.date.map { " \($0)" } ?? "")
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
        // Each event with its date (nil when lost), gathered version by version, then put in
        // date order: a review of one version may come after the next version's first reading.
        var events: [(date: String?, text: String)] = []
        var adoptedBefore = false
        for (j, entry) in entries.enumerated() where j <= k {
            let record = entry.record
            let counts = entry.status.wasAdopted || entry.status == .rescinded || j == k
            guard counts else { continue }
            for reading in record.readings {
                events.append((reading.date, "\(reading.name) \(reading.date)" + (reading.note.map { " (\($0))" } ?? "")))
            }
            if entry.status.wasAdopted {
                let date = SiteConfig.known(record.adopted)
                if adoptedBefore {
                    events.append((date, date.map { "revised \($0) (version \(record.name))" } ?? "revised (version \(record.name), date not recorded)"))
                } else {
                    events.append((date, date.map { "adopted \($0)" } ?? "adopted (date not recorded)"))
                }
                adoptedBefore = true
                events += record.reviewed.map { ($0, "reviewed \($0)") }
            } else if entry.status == .rescinded {
                events.append((record.date, "rescinded" + (record.date.map { " \($0)" } ?? "")))
                adoptedBefore = false  // a later adoption adopts the policy anew
            } else if let rejected = record.rejected {
                events.append((rejected.date, "rejected \(rejected.date)" + (rejected.note.map { " (\($0))" } ?? "")))
            } else if j == k, entry.status.isOpen, record.readings.isEmpty {
                events.append((record.date, "version \(record.name) in draft" + (record.date.map { " since \($0)" } ?? "")))
            }
        }
        // An undated event keeps its place after the dated one before it (stable order).
        var lastDate = ""
        let keyed = events.enumerated().map { (offset, event) -> (String, Int, String) in
            if let date = event.date { lastDate = date }
            return (lastDate, offset, event.text)
        }
        var items = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        if let first = items.first { items[0] = first.capitalizedFirst }
        return items
    }
}
