/// The site's own settings, from `site.yml` at the top of the store.
public struct SiteConfig: Sendable {
    /// The site's name: the index page's title and the feed's.
    public var title: String
    /// The address the site is published at, ending in `/`: the feed and sitemap need whole URLs.
    public var url: String
    /// The pages' language (`lang`), English unless set.
    public var language: String

    /// Reads `site.yml`; nil with the problems when it is missing or unusable.
    public static func read(_ tree: SiteTree) -> (SiteConfig?, [SiteProblem]) {
        let file = tree.configFile
        guard let bytes = tree.configBytes else {
            return (nil, [SiteProblem(file, .error, "missing: the store needs a \(SiteTree.configName) with the site's title and url (see docs/policy-src.md)")])
        }
        let yaml = YAMLFile(bytes)
        var problems = yaml.problems.map { SiteProblem(file, $0) }
        guard !problems.contains(where: \.isError) else { return (nil, problems) }
        for key in yaml.fields.fields.map(\.key) where !["title", "url", "lang"].contains(key) {
            let at = yaml.location(of: key)
            problems.append(SiteProblem(file, .warning, line: at.line, column: at.column, "unknown key '\(key)' (not read: \(SiteTree.configName) has title, url and lang)"))
        }
        let title = yaml["title"]
        if title == nil { problems.append(SiteProblem(file, .error, "no 'title': name the site (\"School Committee Policy Manual\")")) }
        if let title, title.unicodeScalars.contains(where: MeetingDate.isControl) {
            let at = yaml.location(of: "title")
            problems.append(SiteProblem(file, .error, line: at.line, column: at.column, "'title' must be one line of text"))
        }
        if let lang = yaml["lang"], !Self.isLanguageTag(lang) {
            let at = yaml.location(of: "lang")
            problems.append(SiteProblem(file, .error, line: at.line, column: at.column, "'lang' must be a language tag such as en or es-US, not \"\(lang)\""))
        }
        var url = yaml["url"]
        if let given = url {
            let lower = given.lowercased()
            let allowed = given.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && !"\"<>\\^`{|}?#".unicodeScalars.contains($0) }
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || !allowed || given.count < 10 {
                let at = yaml.location(of: "url")
                problems.append(SiteProblem(file, .error, line: at.line, column: at.column, "'url' must be the site's whole address, such as https://policies.example.org/ (ASCII, percent-encoded, with no ? or #)"))
                url = nil
            } else if !given.hasSuffix("/") {
                url = given + "/"
            }
        } else {
            problems.append(SiteProblem(file, .error, "no 'url': the feed and sitemap need the address the site is published at"))
        }
        guard let title, let url, !problems.contains(where: \.isError) else { return (nil, problems) }
        return (SiteConfig(title: title, url: url, language: yaml["lang"] ?? "en"), problems)
    }

    /// A BCP 47 language tag's shape: `en`, `es-US`, `zh-Hant-TW`.
    static func isLanguageTag(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// What a clerk writes for an adoption date that is lost (an old policy's): said, not left
    /// out. Such a version has no place in the feed and sorts before every dated one.
    public static let unknownDate = "unknown"

    /// A date that orders: nil for `unknown`.
    static func known(_ date: String?) -> String? { date == unknownDate ? nil : date }

    /// `YYYY-MM-DD`, a real day: the dates of the store, which order and appear in the feed.
    public static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return false }
        func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
    }
}
