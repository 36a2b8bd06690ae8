import Foundation

/// The pages of the whole site, made from every policy's summary: the manual's index (by code
/// and by title, grouped by section, and by the last action's date), the policies under review,
/// the Atom feed of changes and the sitemap. Dates come from the sources, never the
/// clock, so the same store gives the same bytes.
struct SitePages {
    var site: SiteConfig
    var page: HTMLPage
    /// In slug order.
    var policies: [PolicySummary]

    /// The site's own files, at its top: the output check knows a built site by them.
    static let fileNames = Sort.allCases.map(\.page) + ["under-review.html", "feed.xml", "sitemap.xml"]

    func files() -> [(path: String, bytes: [UInt8])] {
        Sort.allCases.map { ($0.page, Array(index($0).utf8)) }
            + [("under-review.html", Array(underReview().utf8)), ("feed.xml", Array(feed().utf8)), ("sitemap.xml", Array(sitemap().utf8))]
    }

    /// The index's three orders: by code and by title, each grouped by the manual's sections;
    /// and by the date of the last action, newest first, in one list (what changed lately,
    /// wherever it is filed).
    enum Sort: CaseIterable {
        case code, title, lastAction

        var page: String {
            switch self {
            case .code: return "index.html"
            case .title: return "index-by-title.html"
            case .lastAction: return "index-by-date.html"
            }
        }

        var name: String {
            switch self {
            case .code: return "code"
            case .title: return "title"
            case .lastAction: return "last action"
            }
        }
    }

    /// Codes as people file them: A2 before A10, without case; then the slug.
    static func byCode(_ a: PolicySummary, _ b: PolicySummary) -> Bool {
        let (x, y) = (a.code.uppercased(), b.code.uppercased())
        if x != y { return VersionOrder.precedes(x, y) }
        return a.slug < b.slug
    }

    func sorted(_ sort: Sort) -> [PolicySummary] {
        policies.sorted { a, b in
            switch sort {
            case .code: break
            case .title:
                // As a reader files titles: without case or accents, numbers by value ("9" before "10").
                let order = a.title.compare(b.title, options: [.caseInsensitive, .diacriticInsensitive, .numeric])
                if order != .orderedSame { return order == .orderedAscending }
            case .lastAction:
                // Newest first; policies with no dated action last.
                if a.lastAction != b.lastAction {
                    guard let x = a.lastAction else { return false }
                    guard let y = b.lastAction else { return true }
                    return x > y
                }
            }
            return Self.byCode(a, b)
        }
    }

    func index(_ sort: Sort) -> String {
        func row(_ p: PolicySummary) -> [String: Any] {
            let drafts: [[String: Any]] = p.openDrafts.map { name in
                ["version": name, "page": "\(p.slug)/v\(name).redline.html",
                 "status": p.versions.first { $0.version == name }?.status ?? ""]
            }
            return ["code": p.code, "title": p.title, "slug": p.slug, "status": p.status, "statusText": p.statusText,
                    "lastAction": Self.dateText(p.lastAction), "hasDrafts": !drafts.isEmpty, "drafts": drafts]
        }
        let ordered = sorted(sort)
        var sections: [[String: Any]] = []
        if sort == .lastAction {
            sections = [["hasHeading": false, "id": "", "heading": "", "policies": ordered.map(row)]]
        } else {
            // Sections in letter order, A to K, then codes outside them.
            let letters = Set(ordered.map(\.section)).sorted { ($0.isEmpty ? "~" : $0) < ($1.isEmpty ? "~" : $1) }
            for letter in letters {
                let section = ManualSection(code: letter.isEmpty ? "-" : letter)
                sections.append(["hasHeading": true, "id": letter.isEmpty ? "other" : letter.lowercased(), "heading": section.heading,
                                 "policies": ordered.filter { $0.section == letter }.map(row)])
            }
        }
        let sorts: [[String: Any]] = Sort.allCases.map { ["name": $0.name, "page": $0.page, "current": $0 == sort] }
        return page.renderSitePage("index", [
            "lang": site.language, "siteTitle": site.title, "sections": sections, "sorts": sorts, "sortName": sort.name,
            "policyCount": policies.count == 1 ? "1 policy" : "\(policies.count) policies",
            "underReviewCount": underReviewRows().count,
        ])
    }

    /// Every revision before the committee (every open version: competing proposals each have
    /// a row), by code, then version.
    func underReviewRows() -> [[String: Any]] {
        policies.sorted(by: Self.byCode).flatMap { p in
            p.openDrafts.compactMap { name -> [String: Any]? in
                guard let version = p.versions.first(where: { $0.version == name }) else { return nil }
                let readings = version.readings.map(\.text)
                let against: String
                if let base = version.base {
                    against = base == p.current ? "against version \(base), in force" : "against version \(base)" + (p.current.map { " (version \($0) is in force)" } ?? "")
                } else {
                    against = "(a new policy)"
                }
                return ["code": p.code, "title": p.title, "slug": p.slug, "statusText": p.openDrafts.count > 1 ? version.status.capitalizedFirst : p.statusText,
                        "version": name, "hasReadings": !readings.isEmpty, "readings": readings, "against": against,
                        "redline": "\(p.slug)/v\(name).redline.html", "clean": "\(p.slug)/v\(name).html"]
            }
        }
    }

    func underReview() -> String {
        let rows = underReviewRows()
        return page.renderSitePage("under-review", ["lang": site.language, "siteTitle": site.title, "hasDrafts": !rows.isEmpty, "drafts": rows])
    }

    /// One entry per dated event: a version adopted (superseded ones included), proposed,
    /// drafted or rescinded; newest first.
    func feed() -> String {
        // `key` tells a version's events apart in their ids.
        struct Entry { var date: String; var policy: PolicySummary; var version: PolicySummary.VersionSummary; var event: String; var key: String }
        var entries: [Entry] = []
        for policy in policies {
            for version in policy.versions {
                let adopted = version.status == "adopted" || version.status == "superseded"
                // A version read or decided on has those dates; its own `date` only when it has none.
                for reading in version.readings {
                    entries.append(Entry(date: reading.date, policy: policy, version: version,
                                         event: "at its \(reading.name)" + (reading.note.map { " (\($0))" } ?? ""), key: "reading-\(reading.number)"))
                }
                if let rejected = version.rejected { entries.append(Entry(date: rejected.date, policy: policy, version: version, event: "rejected", key: "rejected")) }
                if adopted, let date = SiteConfig.known(version.adopted) { entries.append(Entry(date: date, policy: policy, version: version, event: "adopted", key: "adopted")) }
                for date in version.reviewed { entries.append(Entry(date: date, policy: policy, version: version, event: "reviewed and kept", key: "reviewed-\(date)")) }
                if !adopted, version.readings.isEmpty, version.rejected == nil, let date = SiteConfig.known(version.date) {
                    entries.append(Entry(date: date, policy: policy, version: version, event: version.status, key: version.status))
                }
            }
        }
        // Newest first; on one day, by code and version.
        entries.sort { a, b in
            if a.date != b.date { return a.date > b.date }
            if a.policy.code != b.policy.code { return a.policy.code < b.policy.code }
            if a.version.version != b.version.version { return VersionOrder.precedes(a.version.version, b.version.version) }
            return a.key < b.key
        }
        let updated = entries.first.map { $0.date + "T00:00:00Z" } ?? "1970-01-01T00:00:00Z"
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>\(Self.xml(site.title)): changes</title>\n<id>\(Self.xml(site.url))feed.xml</id>\n"
        xml += "<link rel=\"self\" href=\"\(Self.xml(site.url))feed.xml\"/>\n<link href=\"\(Self.xml(site.url))\"/>\n"
        xml += "<updated>\(updated)</updated>\n<author><name>\(Self.xml(site.title))</name></author>\n"
        for entry in entries {
            let open = VersionStatus(rawValue: entry.version.status)?.carriesMarks == true
            let page = open ? "\(entry.policy.slug)/v\(entry.version.version).redline.html" : entry.version.page
            let what = "\(entry.policy.code) \(entry.policy.title): version \(entry.version.version) \(entry.event)"
            var summary = "Version \(entry.version.version) of \(entry.policy.code) \(entry.policy.title), \(entry.event) \(entry.date)."
            if entry.version.comparison != nil { summary += " The redline against the version before it is on the policy's history page." }
            // One version may have several events: each its own id.
            // Ids that stay when the version's pages change (a draft's redline page goes once it
            // is adopted): the version and the event.
            let id = site.url + "\(entry.policy.slug)/v\(entry.version.version)#\(entry.key)"
            xml += "<entry>\n<title>\(Self.xml(what))</title>\n<id>\(Self.xml(id))</id>\n"
            xml += "<link href=\"\(Self.xml(site.url + page))\"/>\n<updated>\(entry.date)T00:00:00Z</updated>\n"
            xml += "<summary>\(Self.xml(summary))</summary>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    func sitemap() -> String {
        let pages = (Self.fileNames.filter { $0.hasSuffix(".html") } + policies.flatMap(\.pages)).sorted()
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages { xml += "<url><loc>\(Self.xml(site.url + page))</loc></url>\n" }
        return xml + "</urlset>\n"
    }

    /// A date as a page shows it: "—" for none, words for one not recorded.
    static func dateText(_ date: String?) -> String {
        guard let date else { return "—" }
        return date == SiteConfig.unknownDate ? "date not recorded" : date
    }

    /// Text for XML content and attributes.
    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            case _ where c.value < 0x20 && c != "\t" && c != "\n" && c != "\r": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
