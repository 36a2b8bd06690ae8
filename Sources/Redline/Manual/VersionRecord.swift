/// A version's place in the committee's record, from its front matter: its readings at public
/// meetings, its adoption or rejection, the reviews that kept it unchanged, and the status it
/// states or that follows from those. The checks here need only the one version (a second reading
/// without a first, dates out of order, adoption before a reading); ``PolicyHistory`` checks the
/// versions of a policy against each other.
public struct VersionRecord: Sendable {
    public struct Reading: Sendable, Equatable, Codable {
        /// 1 for the first reading.
        public var number: Int
        public var date: String
        public var note: String?

        /// "second reading".
        public var name: String { "\(VersionRecord.ordinals[number - 1]) reading" }

        /// "Second reading 2026-12-08 — public comment open", as the index and the pages say it.
        public var text: String { name.capitalizedFirst + " " + date + (note.map { " — \($0)" } ?? "") }
    }

    /// The version's name (`version:`).
    public var name: String
    /// The status the front matter states, if any (a misspelt one is reported by the build).
    public var statedStatus: VersionStatus?
    /// In order, first reading first.
    public var readings: [Reading] = []
    /// A date, or `unknown`.
    public var adopted: String?
    public var rejected: MeetingDate?
    /// Meetings that reviewed the adopted text and kept it, oldest first.
    public var reviewed: [String] = []
    /// When a draft was written, a proposal put forward, a rescission decided.
    public var date: String?
    /// Located in the version's file.
    public var problems: [Diagnostic] = []

    /// The ordinals of the reading keys (`first-reading` … `fifth-reading`).
    static let ordinals = ["first", "second", "third", "fourth", "fifth"]

    public init(_ version: PolicyVersion, name: String) {
        self.name = name
        statedStatus = version.status
        adopted = version.adopted
        date = version.date
        func problem(_ severity: Diagnostic.Severity, _ key: String, _ message: String) {
            problems.append(Diagnostic(severity, at: version.location(of: key), message))
        }
        var keyOf: [Int: String] = [:]
        var written = Set<Int>()
        // A key of the record left empty would silently change the status ("adopted:" alone
        // would make the policy a draft).
        for key in Self.ordinals.map({ "\($0)-reading" }) + ["adopted", "rejected", "reviewed"]
        where version.frontMatter[key]?.trimmingWhitespace.isEmpty == true {
            problem(.error, key, "'\(key)' is empty: give the date (or remove the key)")
        }
        for (k, ordinal) in Self.ordinals.enumerated() {
            let key = "\(ordinal)-reading"
            guard let text = version.frontMatter[key], !text.trimmingWhitespace.isEmpty else { continue }
            written.insert(k + 1)
            guard let meeting = MeetingDate.parse(text) else {
                problem(.error, key, "'\(key)' is the meeting's date, YYYY-MM-DD, then any note on one line (\"2026-12-08 — public comment open\"), or 'date:' and 'note:' lines")
                continue
            }
            readings.append(Reading(number: k + 1, date: meeting.date, note: meeting.note))
            keyOf[k + 1] = key
        }
        // A misspelt record key would silently drop a reading from the record: warned of.
        // (Other keys are the author's own: `district`, `revised`, …)
        let recordKeys = Self.ordinals.map { "\($0)-reading" } + ["adopted", "rejected", "reviewed", "status"] + PolicyReferences.keys
        for field in version.frontMatter.fields where !recordKeys.contains(field.key) && !["revised", "reviewer"].contains(field.key) {
            if field.key.hasSuffix("-reading") {
                problem(.warning, field.key, "unknown key '\(field.key)' (not read: readings are first-reading to fifth-reading)")
            } else if let near = recordKeys.first(where: { Self.editDistance($0, field.key, limit: 2) <= 2 }) {
                problem(.warning, field.key, "unknown key '\(field.key)' (not read: did you mean '\(near)'?)")
            }
        }
        if let text = version.frontMatter["rejected"], !text.trimmingWhitespace.isEmpty {
            if let meeting = MeetingDate.parse(text) { rejected = meeting } else {
                problem(.error, "rejected", "'rejected' is the meeting's date, YYYY-MM-DD, then any note on one line")
            }
        }
        if let text = version.frontMatter["reviewed"] {
            let items = YAMLList.items(text)
            if items == nil { problem(.error, "reviewed", "'reviewed' is a date, YYYY-MM-DD, or a list of them") }
            for item in items ?? [] where !SiteConfig.isDate(item) {
                problem(.error, "reviewed", "'reviewed' is a date, YYYY-MM-DD, or a list of them, not \"\(item)\"")
            }
            let dates = (items ?? []).filter(SiteConfig.isDate)
            for date in Set(dates) where dates.filter({ $0 == date }).count > 1 {
                problem(.warning, "reviewed", "reviewed \(date) is listed twice")
            }
            reviewed = Array(Set(dates)).sorted()
        }
        for (severity, key, message) in orderProblems(keyOf: keyOf, written: written) { problem(severity, key, message) }
    }

    /// What cannot have happened to one version.
    /// `written`: the readings present, well-formed or not (a bad date is not a missing reading).
    private func orderProblems(keyOf: [Int: String], written: Set<Int>) -> [(Diagnostic.Severity, String, String)] {
        var found: [(Diagnostic.Severity, String, String)] = []
        func problem(_ severity: Diagnostic.Severity, _ key: String, _ message: String) { found.append((severity, key, message)) }
        for (k, reading) in readings.enumerated() {
            let key = keyOf[reading.number]!
            if reading.number > 1, !written.contains(reading.number - 1) {
                problem(.error, key, "a \(reading.name) without a \(Self.ordinals[reading.number - 2]) reading")
            }
            if k > 0, reading.date < readings[k - 1].date {
                problem(.error, key, "the \(reading.name) (\(reading.date)) is dated before the \(readings[k - 1].name) (\(readings[k - 1].date))")
            }
        }
        let last = readings.last
        if let adopted = SiteConfig.known(adopted), SiteConfig.isDate(adopted), let last, adopted < last.date {
            problem(.error, "adopted", "adopted \(adopted), before its \(last.name) (\(last.date)): a policy is adopted at or after its last reading")
        }
        if let rejected {
            if adopted != nil { problem(.error, "rejected", "both adopted and rejected: a version is one or the other") }
            if let last, rejected.date < last.date {
                problem(.error, "rejected", "rejected \(rejected.date), before its \(last.name) (\(last.date))")
            }
        }
        if !reviewed.isEmpty {
            if adopted == nil {
                problem(.error, "reviewed", "reviewed, but never adopted: a review keeps an adopted text in force")
            } else if let adopted = SiteConfig.known(adopted), let first = reviewed.first, first < adopted {
                problem(.error, "reviewed", "reviewed \(first), before it was adopted (\(adopted))")
            }
        }
        // A stated status the record contradicts. (A missing adoption date for an adopted
        // status, or one on a draft, the build reports with the rest of the status checks.)
        switch statedStatus {
        case .draft? where !readings.isEmpty:
            problem(.error, "status", "status 'draft', but it had its \(readings.last!.name) (\(readings.last!.date)): a version read at a meeting is 'proposed' (or leave the status out: it follows from the readings)")
        case .rejected? where rejected == nil:
            problem(.error, "status", "status 'rejected' needs the meeting's date: 'rejected: YYYY-MM-DD'")
        case let stated? where stated != .rejected && rejected != nil:
            problem(.error, "status", "status '\(stated.rawValue)', but it was rejected \(rejected!.date): its status is 'rejected' (or leave the status out)")
        default: break
        }
        return found
    }

    /// Levenshtein distance, or `limit + 1` once it is known to be more.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard abs(x.count - y.count) <= limit else { return limit + 1 }
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// The status the record gives before the versions are compared: the stated one, else
    /// rejected, adopted, proposed (read at a meeting) or draft. (An adopted version a later
    /// one replaced is superseded: ``PolicyHistory`` decides that.)
    public var status: VersionStatus {
        if let statedStatus { return statedStatus }
        if rejected != nil { return .rejected }
        if adopted != nil { return .adopted }
        return readings.isEmpty ? .draft : .proposed
    }

    /// Every known date of the record.
    public var dates: [String] {
        (readings.map(\.date) + [SiteConfig.known(adopted), rejected?.date, date].compactMap { $0 } + reviewed).filter(SiteConfig.isDate)
    }
}
