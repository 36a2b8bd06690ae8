/// The pages of the whole site, made from every policy's summary: the index (by code and by
/// date), the Atom feed of changes and the sitemap. Dates come from the sources, never the
/// clock, so the same store gives the same bytes.
struct SitePages {
    var site: SiteConfig
    var page: HTMLPage
    /// In slug order.
    var policies: [PolicySummary]

    func files() -> [(path: String, bytes: [UInt8])] {
        [("index.html", Array(index(byCode: true).utf8)), ("index-by-date.html", Array(index(byCode: false).utf8)),
         ("feed.xml", Array(feed().utf8)), ("sitemap.xml", Array(sitemap().utf8))]
    }

    /// By code; or by the date last adopted, newest first, with policies never adopted last.
    func sorted(byCode: Bool) -> [PolicySummary] {
        policies.sorted { a, b in
            let (p, q) = (SiteConfig.known(a.lastAdopted), SiteConfig.known(b.lastAdopted))
            if !byCode, p != q {
                guard let x = p else { return false }
                guard let y = q else { return true }
                return x > y
            }
            // Codes as people file them: A2 before A10, without case.
            let (x, y) = (a.code.uppercased(), b.code.uppercased())
            if x != y { return VersionOrder.precedes(x, y) }
            return a.slug < b.slug
        }
    }

    func index(byCode: Bool) -> String {
        let rows: [[String: Any]] = sorted(byCode: byCode).map { p in
            let drafts: [[String: Any]] = p.openDrafts.map { name in
                ["version": name, "page": "\(p.slug)/v\(name).redline.html",
                 "status": p.versions.first { $0.version == name }?.status ?? ""]
            }
            return ["code": p.code, "title": p.title, "slug": p.slug, "status": p.status, "lastAdopted": Self.dateText(p.lastAdopted),
                    "hasDrafts": !drafts.isEmpty, "drafts": drafts]
        }
        return page.renderSitePage("index", [
            "lang": site.language, "siteTitle": site.title, "policies": rows, "policyCount": policies.count == 1 ? "1 policy" : "\(policies.count) policies", "byCode": byCode,
            "sortName": byCode ? "code" : "date last adopted", "otherSortName": byCode ? "date last adopted" : "code",
            "otherSortPage": byCode ? "index-by-date.html" : "index.html",
        ])
    }

    /// One entry per dated event: a version adopted (superseded ones included), proposed,
    /// drafted or rescinded; newest first.
    func feed() -> String {
        struct Entry { var date: String; var policy: PolicySummary; var version: PolicySummary.VersionSummary; var event: String }
        var entries: [Entry] = []
        for policy in policies {
            for version in policy.versions {
                let adopted = version.status == "adopted" || version.status == "superseded"
                guard let date = SiteConfig.known(adopted ? version.adopted : version.date) else { continue }
                entries.append(Entry(date: date, policy: policy, version: version, event: adopted ? "adopted" : version.status))
            }
        }
        // Newest first; on one day, by code and version.
        entries.sort { a, b in
            if a.date != b.date { return a.date > b.date }
            if a.policy.code != b.policy.code { return a.policy.code < b.policy.code }
            return VersionOrder.precedes(a.version.version, b.version.version)
        }
        let updated = entries.first.map { $0.date + "T00:00:00Z" } ?? "1970-01-01T00:00:00Z"
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>\(Self.xml(site.title)): changes</title>\n<id>\(Self.xml(site.url))feed.xml</id>\n"
        xml += "<link rel=\"self\" href=\"\(Self.xml(site.url))feed.xml\"/>\n<link href=\"\(Self.xml(site.url))\"/>\n"
        xml += "<updated>\(updated)</updated>\n<author><name>\(Self.xml(site.title))</name></author>\n"
        for entry in entries {
            let open = VersionStatus(rawValue: entry.version.status)?.isOpen == true
            let page = open ? "\(entry.policy.slug)/v\(entry.version.version).redline.html" : entry.version.page
            let what = "\(entry.policy.code) \(entry.policy.title): version \(entry.version.version) \(entry.event)"
            var summary = "Version \(entry.version.version) of \(entry.policy.code) \(entry.policy.title), \(entry.event) \(entry.date)."
            if entry.version.comparison != nil { summary += " The redline against the version before it is on the policy's history page." }
            xml += "<entry>\n<title>\(Self.xml(what))</title>\n<id>\(Self.xml(site.url + page))</id>\n"
            xml += "<link href=\"\(Self.xml(site.url + page))\"/>\n<updated>\(entry.date)T00:00:00Z</updated>\n"
            xml += "<summary>\(Self.xml(summary))</summary>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    func sitemap() -> String {
        let pages = (["index.html", "index-by-date.html"] + policies.flatMap(\.pages)).sorted()
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
