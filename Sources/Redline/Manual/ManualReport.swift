import Foundation

/// `policy manual report`: each policy's code, title, status, last adoption, last review and
/// next reading, read from the store's front matter alone; and the review cycle's list, the
/// policies not reviewed within some years (`--due`), which many committees work through a
/// third of the manual a year.
public struct ManualReport: Sendable {
    public struct Row: Sendable, Codable, Equatable {
        public var code: String
        public var title: String
        public var slug: String
        /// The manual section's letter, or "".
        public var section: String
        /// As the site's index says it ("Second reading 2026-12-08 — public comment open").
        public var status: String
        public var inForce: Bool
        public var lastAdopted: String?
        public var lastReviewed: String?
        public var nextReading: String?
        /// "second reading", with `nextReading`.
        public var nextReadingName: String?

        // Every key always, null when there is nothing: a stable shape for other programs.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code); try c.encode(title, forKey: .title); try c.encode(slug, forKey: .slug)
            try c.encode(section, forKey: .section); try c.encode(status, forKey: .status); try c.encode(inForce, forKey: .inForce)
            try c.encode(lastAdopted, forKey: .lastAdopted); try c.encode(lastReviewed, forKey: .lastReviewed)
            try c.encode(nextReading, forKey: .nextReading); try c.encode(nextReadingName, forKey: .nextReadingName)
        }
    }

    public enum Format: String, CaseIterable, Sendable {
        case text, json, csv
    }

    /// By code.
    public var rows: [Row]
    /// What stands in the way of a right report (located): a policy without a code or title,
    /// an impossible history.
    public var problems: [SiteProblem]
    /// `YYYY-MM-DD`: readings on or after it are "next".
    public var today: String

    public init(tree: SiteTree, today: String) {
        self.today = today
        // The store's own problems and the policies' metadata, as the build checks them.
        var rows: [Row] = [], problems = tree.problems.filter(\.isError) + SiteConfig.read(tree).1.filter(\.isError)
        let codes = SiteBuilder.codeIndex(tree)
        var seenCodes: [String: String] = [:]
        for policy in tree.policies {
            if !PolicySource.isValidSlug(policy.slug) {
                problems.append(SiteProblem(policy.folder, .error, "a policy folder's name is its address in the site: lowercase letters and digits, in runs joined by single hyphens"))
            }
            problems += (policy.metadata?.problems ?? []).filter { $0.severity == .error }.map { SiteProblem(policy.metadataFile, $0) }
            guard let yaml = policy.metadata, let code = yaml["code"], let title = yaml["title"] else {
                problems.append(SiteProblem(policy.metadataFile, .error, "no code and title: the policy is left out of the report"))
                continue
            }
            let at = yaml.location(of: "code")
            if !PolicyBuilder.isValidCode(code) {
                problems.append(SiteProblem(policy.metadataFile, .error, line: at.line, column: at.column, "'code' must be letters, digits, hyphens and dots, not \"\(code)\""))
            }
            if let other = seenCodes[code.uppercased()] {
                problems.append(SiteProblem(policy.metadataFile, .error, line: at.line, column: at.column, "code \(code) is also the code of \(other): each policy has its own"))
            } else {
                seenCodes[code.uppercased()] = policy.slug
            }
            for version in policy.versions where version.version == nil {
                problems.append(SiteProblem(version.file, .error, "no 'version' in the front matter: the version is left out of the report"))
            }
            let history = PolicyHistory(policy.versions.compactMap { version in version.version.map { (version, $0) } })
            problems += history.problems
            problems += PolicyReferences.unknownCrossReferences(policy, versions: policy.versions, codes: codes)
            let next = history.nextReading(onOrAfter: today)
            rows.append(Row(code: code, title: title, slug: policy.slug, section: ManualSection(code: code).letter,
                            status: history.statusText, inForce: history.inForce != nil,
                            // The text in force's own date ("unknown" when it is lost), else the newest.
                            lastAdopted: history.inForce.map { SiteConfig.known($0.record.adopted) } ?? history.lastAdopted,
                            lastReviewed: history.lastReviewed,
                            nextReading: next?.date, nextReadingName: next?.name))
        }
        self.rows = rows.sorted { a, b in
            let (x, y) = (a.code.uppercased(), b.code.uppercased())
            return x != y ? VersionOrder.precedes(x, y) : a.slug < b.slug
        }
        self.problems = problems.sorted()
    }

    /// The first day a review within `years` years of today counts: today, `years` years back
    /// (29 February falls back to the 28th).
    public static func cutoff(today: String, years: Int) -> String {
        let parts = today.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return today }
        var (year, month, day) = (parts[0] - years, parts[1], parts[2])
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        if month == 2, day == 29, !leap { day = 28 }
        year = max(year, 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The policies in force whose last review (or adoption) is older than `years` years, or
    /// unknown: unknown first, then oldest first.
    public func due(years: Int) -> [Row] {
        let cutoff = Self.cutoff(today: today, years: years)
        return rows.filter { $0.inForce && ($0.lastReviewed.map { $0 < cutoff } ?? true) }
            .sorted { a, b in
                if a.lastReviewed != b.lastReviewed {
                    guard let x = a.lastReviewed else { return true }
                    guard let y = b.lastReviewed else { return false }
                    return x < y
                }
                return rows.firstIndex(of: a)! < rows.firstIndex(of: b)!
            }
    }

    static let columns = ["code", "title", "status", "last adopted", "last reviewed", "next reading"]

    static func fields(_ row: Row) -> [String] {
        // A policy in force whose adoption date is lost: "unknown", not a blank.
        [row.code, row.title, row.status, row.lastAdopted ?? (row.inForce ? "unknown" : ""), row.lastReviewed ?? (row.inForce ? "unknown" : ""),
         row.nextReading.map { date in date + (row.nextReadingName.map { " (\($0))" } ?? "") } ?? ""]
    }

    /// `rows` in a format: an aligned table, JSON, or CSV (RFC 4180).
    public static func render(_ rows: [Row], format: Format) -> String {
        switch format {
        case .text:
            let table = [columns.map { $0.uppercased() }] + rows.map(fields)
            // Columns as a terminal shows them: a CJK character or an emoji takes two.
            let widths = columns.indices.map { k in table.map { $0[k].displayWidth }.max() ?? 0 }
            return table.map { line in
                line.enumerated().map { k, cell in k == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[k] - cell.displayWidth) }
                    .joined(separator: "  ").trailingSpacesTrimmed
            }.joined(separator: "\n") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(rows)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
        case .csv:
            let header = columns.map { $0.replacingOccurrences(of: " ", with: "_") }
            return ([header] + rows.map(fields)).map { $0.map(csv).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// A CSV field: quoted when it must be. One a spreadsheet would take for a formula (=, +, -,
    /// @, a tab or CR first: OWASP's list) gets a leading apostrophe, so opening the report runs
    /// nothing.
    static func csv(_ field: String) -> String {
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
