import Foundation

/// What one policy gives the site: its pages and data files, what the site index and feed need
/// to know of it, and what is wrong with it. With any error there are no files: the build
/// writes nothing.
public struct PolicyBuild: Sendable {
    public var summary: PolicySummary?
    /// Paths relative to the site's root, with their bytes.
    public var files: [(path: String, bytes: [UInt8])]
    public var problems: [SiteProblem]
}

/// Checks one policy's folder and makes its pages: each version's editions, the redline between
/// each two consecutive versions (computed by the diff, so it is honest even where a draft's
/// marks are not), the history page, `policy.json` and `changes.json`.
struct PolicyBuilder {
    var source: PolicySource
    var site: SiteConfig
    var page: HTMLPage
    var allowUntracked: Bool
    var digest: String
    /// Every policy of the store by its code, upper-cased: what cross-references resolve to.
    var codes: [String: PolicyFooter.Target] = [:]

    /// A version that passed its checks, with its parsed text.
    struct Checked {
        var version: PolicyVersion
        var name: String
        var status: VersionStatus
        var document: Document
        /// Every change accepted: the version's text, and it parsed (the document itself when
        /// it has no changes).
        var clean: [UInt8]
        var reading: Document
        /// The link destinations of the clean reading, in order.
        var links: [String]
        var untrackedEdits: Int
        /// Its place in ``PolicyHistory/entries``.
        var historyIndex: Int
    }

    func build() -> PolicyBuild {
        var problems: [SiteProblem] = []
        let slug = source.slug
        if !PolicySource.isValidSlug(slug) {
            problems.append(SiteProblem(source.folder, .error, "a policy folder's name is its address in the site: lowercase letters and digits, in runs joined by single hyphens (\"staff-social-media\")"))
        }
        let (code, title, category, owner) = metadata(&problems)
        if source.versions.isEmpty {
            problems.append(SiteProblem(source.folder, .error, "no versions: a policy's folder holds one Markdown file (.md) per version"))
        }
        let (checked, history) = versions(&problems)
        let footers = footers(checked, history: history, problems: &problems)
        guard let code, let title, !problems.contains(where: \.isError), checked.count == source.versions.count else {
            return PolicyBuild(summary: nil, files: [], problems: problems)
        }
        return render(checked, history: history, footers: footers, code: code, title: title, category: category, owner: owner, problems: problems)
    }

    // MARK: Checks

    private func metadata(_ problems: inout [SiteProblem]) -> (code: String?, title: String?, category: String?, owner: String?) {
        let file = source.metadataFile
        guard let yaml = source.metadata else {
            problems.append(SiteProblem(file, .error, "missing: each policy's folder has a \(SiteTree.metadataName) naming its code and title (see docs/policy-src.md)"))
            return (nil, nil, nil, nil)
        }
        problems += yaml.problems.map { SiteProblem(file, $0) }
        // YAML that does not read has no keys: saying each is missing would only mislead.
        guard !yaml.problems.contains(where: { $0.severity == .error }) else { return (nil, nil, nil, nil) }
        for key in yaml.fields.fields.map(\.key) where !Self.metadataKeys.contains(key) {
            let at = yaml.location(of: key)
            problems.append(SiteProblem(file, .warning, line: at.line, column: at.column, "unknown key '\(key)' (not read: \(SiteTree.metadataName) has \(Self.metadataKeys.joined(separator: ", ")))"))
        }
        for key in ["code", "title", "category", "owner"] where yaml[key]?.unicodeScalars.contains(where: MeetingDate.isControl) == true {
            let at = yaml.location(of: key)
            problems.append(SiteProblem(file, .error, line: at.line, column: at.column, "'\(key)' must be one line of text, without control characters"))
        }
        let code = yaml["code"], title = yaml["title"]
        if code == nil { problems.append(SiteProblem(file, .error, "no 'code': the policy's classification code, such as GBEB")) }
        if let code, !Self.isValidCode(code) {
            let at = yaml.location(of: "code")
            problems.append(SiteProblem(file, .error, line: at.line, column: at.column, "'code' must be letters, digits, hyphens and dots (such as GBEB or JICFB-R), not \"\(code)\""))
        }
        if title == nil { problems.append(SiteProblem(file, .error, "no 'title': the policy's title")) }
        return (code, title, yaml["category"], yaml["owner"])
    }

    static let metadataKeys = ["code", "title", "category", "owner"] + PolicyReferences.keys

    static func isValidCode(_ code: String) -> Bool {
        code.utf8.count <= 32 && code.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
            && code.utf8.first.map { $0 != 0x2D && $0 != 0x2E } == true
    }

    /// Each version's front matter, text and marks checked; the ones that pass, in order, and
    /// the policy's record across its versions.
    private func versions(_ problems: inout [SiteProblem]) -> ([Checked], PolicyHistory) {
        var seen: [String: PolicyVersion] = [:], duplicates: [String: PolicyVersion] = [:]
        var candidates: [(version: PolicyVersion, name: String)] = []
        for version in source.versions {
            let file = version.file
            func error(_ key: String?, _ message: String) {
                let at = key.map(version.location(of:)) ?? SourceLocation(line: 1, column: 1)
                problems.append(SiteProblem(file, .error, line: at.line, column: at.column, message))
            }
            // (A version that is parsed reports these with the rest of its text's problems.)
            if version.frontMatterProblems.contains(where: { $0.severity == .error }) {
                problems += version.frontMatterProblems.map { SiteProblem(file, $0) }
                continue
            }
            guard version.frontMatter.raw.isEmpty == false else {
                error(nil, "no front matter: a version starts with '---', its version (and status, or its readings), and '---' (see docs/policy-src.md)")
                continue
            }
            guard let name = version.version else { error(nil, "no 'version' in the front matter"); continue }
            guard PolicySource.isValidVersion(name) else {
                error("version", "'version' names the version's pages: letters, digits, dots and hyphens (such as 2 or 2024.1), not \"\(name)\"")
                continue
            }
            // Names that differ only in case or leading zeros would name one page on a
            // case-insensitive disk, or read as one number.
            let key = VersionOrder.parts(name.lowercased())
            if let first = seen.first(where: { VersionOrder.parts($0.key.lowercased()) == key })?.value {
                error("version", "version \(name) is also \(first.file)\(first.version == name ? "" : " (version \(first.version ?? ""))"): each version of a policy has one file and a name of its own")
                duplicates[name] = version
                continue
            }
            seen[name] = version
            if let text = version.statusText, version.status == nil {
                error("status", "unknown status \"\(text)\": one of \(VersionStatus.allCases.map(\.rawValue).joined(separator: ", ")), or none (it follows from the readings, adoption or rejection)")
                continue
            }
            if let date = version.date, !SiteConfig.isDate(date) { error("date", "'date' must be written YYYY-MM-DD, not \"\(date)\"") }
            if version.frontMatter.title?.unicodeScalars.contains(where: MeetingDate.isControl) == true {
                error("title", "'title' must be one line of text, without control characters")
            }
            candidates.append((version, name))
        }
        let history = PolicyHistory(candidates)
        problems += history.problems
        // (The record's checks, statuses included, are the history's: the report makes them too.)
        let named = history.entries.enumerated().map { (index, entry) in (entry.version, entry.record.name, entry.status, index) }
        let inForce = history.inForce?.version
        // Every version with a good name, so that a draft whose base has other problems is not
        // also told its base does not exist.
        let known = seen.merging(duplicates) { first, _ in first }
        let firstName = named.first?.1
        var checked: [Checked] = []
        var cleanTexts: [String: [UInt8]] = [:]
        for (version, name, status, historyIndex) in named {
            var document = Document(checkedUTF8: version.bytes)
            // The status its pages state: the record's, where the front matter leaves it out.
            if version.statusText == nil { document.frontMatter.set("status", status.rawValue) }
            problems += document.diagnostics.map { SiteProblem(version.file, $0) }
            if document.hasErrors { continue }
            cleanTexts[name] = document.changes.isEmpty ? version.bytes : Array(document.accepted.utf8)
            if !status.carriesMarks, let first = document.changes.first {
                problems.append(SiteProblem(version.file, .error, line: first.range.start.line, column: first.range.start.column,
                                            "a version \(status.rawValue) holds no revision marks (\(document.changes.count) found): only a draft or a proposal carries changes; accept or reject them first"))
            }
            let reading = document.changes.isEmpty ? document : Document(utf8: cleanTexts[name]!)
            checked.append(Checked(version: version, name: name, status: status, document: document, clean: cleanTexts[name]!, reading: reading,
                                   links: Self.links(reading.blocks), untrackedEdits: 0, historyIndex: historyIndex))
        }
        // A draft's base, and the edits its marks do not show.
        for k in checked.indices where checked[k].status.carriesMarks {
            let version = checked[k].version
            guard let base = version.base else {
                if checked[k].name != firstName {
                    let at = version.location(of: "status")
                    problems.append(SiteProblem(version.file, .error, line: at.line, column: at.column,
                                                "no 'base': a version that is \(checked[k].status.rawValue) names the version it revises (only a new policy's first version has none)"))
                }
                continue
            }
            let at = version.location(of: "base")
            guard base != checked[k].name, let baseVersion = known[base] else {
                problems.append(SiteProblem(version.file, .error, line: at.line, column: at.column,
                                            base == checked[k].name ? "a version cannot be its own base" : "base \(base) is not a version of this policy (\(known.keys.sorted(by: VersionOrder.precedes).joined(separator: ", ")))"))
                continue
            }
            guard VersionOrder.precedes(base, checked[k].name) else {
                problems.append(SiteProblem(version.file, .error, line: at.line, column: at.column,
                                            "base \(base) comes after version \(checked[k].name): a draft revises an earlier version (number the draft after its base)"))
                continue
            }
            guard let baseText = cleanTexts[base] else { continue }
            if checked.first(where: { $0.name == base })?.status == .rejected {
                problems.append(SiteProblem(version.file, .warning, line: at.line, column: at.column,
                                            "revises version \(base), which the committee rejected: its changes are shown against a text that never took effect"))
            }
            if let current = inForce?.version, VersionOrder.precedes(base, current) {
                problems.append(SiteProblem(version.file, .warning, line: at.line, column: at.column,
                                            "revises version \(base), but version \(current) is in force: its changes are shown against an older text"))
            }
            let edits = UntrackedEdits(draft: checked[k].document, name: version.file, bodiesOnly: true)
            do {
                let messages = try edits.check(against: baseText, named: baseVersion.file, decision: .reject)
                checked[k].untrackedEdits = UntrackedEdits.count(messages)
                problems += Self.problems(from: messages, file: version.file, severity: allowUntracked ? .warning : .error)
            } catch {
                problems.append(SiteProblem(version.file, .error, "cannot compare with its base \(baseVersion.file): \(error)"))
            }
        }
        // Links within a version's text.
        for item in checked {
            let reading = item.reading
            // A text without marks: its sections are its page's headings (``Edition``).
            let anchors = Set(reading.sections.map(\.anchor))
            var cursor: [String: Int] = [:]
            for href in Self.links(reading.blocks, images: true) where Self.isRelative(href) && Self.crossReference(href, version: item.name) == nil {
                let at = Self.locate(href, in: item.version.bytes, cursor: &cursor)
                problems.append(SiteProblem(item.version.file, .warning, line: at.line, column: at.column,
                                            "the relative link \(href) names nothing the build writes: another policy is ../SLUG/ or ../SLUG/#anchor, and files beside a policy are not published"))
            }
            cursor = [:]
            for href in item.links where href.hasPrefix("#") && href.count > 1 {
                let anchor = String(href.dropFirst())
                if anchors.contains(anchor) || anchor.hasPrefix("fn-") || anchor.hasPrefix("change-") { continue }
                let at = Self.locate(href, in: item.version.bytes, cursor: &cursor)
                problems.append(SiteProblem(item.version.file, .error, line: at.line, column: at.column,
                                            "the link \(href) names no section of version \(item.name) (its anchors: \(anchors.sorted().prefix(12).joined(separator: ", "))\(anchors.count > 12 ? ", …" : ""))"))
            }
        }
        return (checked, history)
    }

    /// Each checked version's footer: the policy's references (the version's own where it gives
    /// them), each cross-reference resolved to a policy of the store (one that names no policy
    /// is an error where it is written), and the history through the version.
    private func footers(_ checked: [Checked], history: PolicyHistory, problems: inout [SiteProblem]) -> [PolicyFooter] {
        guard let yaml = source.metadata, !yaml.problems.contains(where: { $0.severity == .error }) else { return [] }
        let (base, baseProblems) = PolicyReferences.read { yaml[$0] }
        var reported = Set<String>()
        func report(_ file: String, _ location: SourceLocation, _ message: String) {
            guard reported.insert("\(file)\u{0}\(message)").inserted else { return }
            problems.append(SiteProblem(file, .error, line: location.line, column: location.column, message))
        }
        for problem in baseProblems { report(source.metadataFile, yaml.location(of: problem.key), problem.message) }
        problems += PolicyReferences.unknownCrossReferences(source, versions: checked.map(\.version), codes: codes)
        return checked.map { item in
            let (references, ownProblems) = base.forVersion(item.version)
            for problem in ownProblems { report(item.version.file, item.version.location(of: problem.key), problem.message) }
            let given = Set(PolicyReferences.keys.filter { item.version.frontMatter[$0] != nil })
            let fromVersion = given.contains("cross-refs")
            let targets = PolicyFooter.resolve(references.crossReferences, codes: codes).targets
            if targets.contains(where: { $0.slug == source.slug }) {
                let (file, at) = fromVersion ? (item.version.file, item.version.location(of: "cross-refs")) : (source.metadataFile, yaml.location(of: "cross-refs"))
                if reported.insert("\(file)\u{0}self").inserted {
                    problems.append(SiteProblem(file, .warning, line: at.line, column: at.column, "the policy cites itself among its cross-references"))
                }
            }
            return PolicyFooter(references: references, targets: targets, history: history.historyItems(through: item.historyIndex))
        }
    }

    /// Where a word stands on or after a line (the line itself when it is not found).
    static func locate(word: String, in bytes: [UInt8], fromLine line: Int) -> SourceLocation {
        let lines = LineIndex(bytes)
        var start = 0, current = 1
        while current < line, start < bytes.count {
            if bytes[start] == 0x0A { current += 1 }
            start += 1
        }
        let needle = Array(word.utf8)
        guard !needle.isEmpty else { return SourceLocation(line: line, column: 1) }
        var at = start
        while at + needle.count <= bytes.count {
            if bytes[at..<(at + needle.count)].elementsEqual(needle) { return lines.location(of: at) }
            at += 1
        }
        return SourceLocation(line: line, column: 1)
    }

    /// Untracked-edit messages (an error line, then an indented redline line) as problems.
    static func problems(from messages: [String], file: String, severity: Diagnostic.Severity) -> [SiteProblem] {
        var result: [SiteProblem] = []
        for message in messages {
            if message.hasPrefix("    "), var last = result.popLast() {
                last.detail = String(message.dropFirst(4))
                result.append(last)
                continue
            }
            var problem = SiteTree.located(message, path: file)
            problem.diagnostic.severity = severity
            result.append(problem)
        }
        return result
    }

    /// A link to a path of this site (`other.html`, `../x/`), not to a scheme (`https:`,
    /// `mailto:`), a place on this page (`#i`) or a path of the server (`/about`).
    static func isRelative(_ href: String) -> Bool {
        guard let first = href.first, first != "#", first != "/", first != "?" else { return false }
        if let colon = href.firstIndex(of: ":"), !href[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return false }
        return true
    }

    /// Every link destination in a block tree, in reading order (and images' with `images`).
    static func links(_ block: Block, images: Bool = false) -> [String] {
        var found: [String] = []
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .link(let destination, _, let children):
                    found.append(destination)
                    walk(children)
                case .image(let source, _, let children):
                    if images { found.append(source) }
                    walk(children)
                case .emphasis(let c), .strong(let c), .strikethrough(let c): walk(c)
                default: break
                }
            }
        }
        func visit(_ block: Block) {
            walk(block.inlines)
            block.children.forEach(visit)
        }
        visit(block)
        return found
    }

    /// Where a link stands in its source: the next place its destination is written.
    static func locate(_ href: String, in bytes: [UInt8], cursor: inout [String: Int]) -> SourceLocation {
        let needle = Array(href.utf8)
        var from = cursor[href] ?? FrontMatterReader.length(of: bytes)
        while from + needle.count <= bytes.count {
            if bytes[from] == needle[0], bytes[from..<(from + needle.count)].elementsEqual(needle) {
                cursor[href] = from + needle.count
                return LineIndex(bytes).location(of: from)
            }
            from += 1
        }
        return SourceLocation(line: 1, column: 1)
    }

    /// `../SLUG/`, `../SLUG/index.html`, either with `#anchor`: a link to another policy.
    static func crossReference(_ href: String, version: String) -> PolicySummary.CrossReference? {
        guard href.hasPrefix("../") else { return nil }
        var rest = href.dropFirst(3)
        var anchor: String?
        if let hash = rest.firstIndex(of: "#") {
            anchor = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let slug = parts.first, PolicySource.isValidSlug(String(slug)) else { return nil }
        let page = parts.dropFirst().joined(separator: "/")
        guard page.isEmpty || page == "index.html" else { return nil }
        return PolicySummary.CrossReference(version: version, href: href, policy: String(slug), anchor: anchor?.isEmpty == true ? nil : anchor)
    }

    // MARK: Pages

    private func render(_ checked: [Checked], history: PolicyHistory, footers: [PolicyFooter], code: String, title: String,
                        category: String?, owner: String?, problems: [SiteProblem]) -> PolicyBuild {
        var problems = problems
        let slug = source.slug
        var files: [(String, [UInt8])] = []
        var versions: [PolicySummary.VersionSummary] = []
        var crossReferences: [PolicySummary.CrossReference] = []
        // changes.json's entries, each JSON text already (the reports' own, spliced in whole:
        // parsing them back to write them again cost a fifth of a cold build).
        var draftChanges: [String] = []
        var comparisons: [String] = []
        let current = checked.last { $0.status == .adopted }
        var currentPage: [UInt8]?, currentText: [UInt8]?
        var anchors: [String] = []
        for (k, item) in checked.enumerated() {
            let stem = PolicyVersion.pageStem(item.name)
            let heading = "\(code) \(title)"
            let footer = footers[k]
            for view in item.status.carriesMarks ? [View.clean, .redline, .original] : [.clean] {
                let edition = Edition(document: item.document, view: view)
                let suffix = view == .clean ? "" : "." + view.rawValue
                let navigation = nav(heading, version: item.status.carriesMarks ? (item.name, stem, view) : nil)
                let html = pageBytes(edition, source: item.version.name, navigation: navigation, title: title, record: footer.html)
                var text = TextRenderer(edition: edition, width: 72, color: false).render(fragment: false)
                if !footer.isEmpty { text += "\n" + String(repeating: "-", count: 72) + "\n" + footer.text(width: 72) + "\n" }
                let textBytes = Array(text.utf8)
                files.append(("\(slug)/\(stem)\(suffix).html", html))
                files.append(("\(slug)/\(stem)\(suffix).txt", textBytes))
                if view == .clean, item.name == current?.name {
                    currentPage = html
                    currentText = textBytes
                    anchors = edition.headings.map(\.anchor)
                }
            }
            var comparisonPage: String?
            if k > 0 {
                let before = checked[k - 1]
                let name = "\(slug)/compare-\(PolicyVersion.pageStem(before.name))-\(stem)"
                do {
                    let (html, text, json) = try compare(before, item, heading: heading, title: title)
                    files.append((name + ".html", html))
                    files.append((name + ".txt", text))
                    comparisons.append(JSONText.object([("comparison", json), ("from", JSONText.string(before.name)), ("to", JSONText.string(item.name))]))
                    comparisonPage = name + ".html"
                } catch {
                    problems.append(SiteProblem(item.version.file, .error, "cannot compare with version \(before.name) for the history: \(error)"))
                }
            }
            if item.status.isOpen {
                var fields = [("changes", ChangeReport.render(item.document, format: .json))]
                if let base = item.version.base { fields.insert(("base", JSONText.string(base)), at: 0) }
                fields += [("untrackedEdits", "\(item.untrackedEdits)"), ("version", JSONText.string(item.name))]
                draftChanges.append(JSONText.object(fields))
            }
            crossReferences += item.links.compactMap { Self.crossReference($0, version: item.name) }
            let record = history.entries[item.historyIndex].record
            versions.append(PolicySummary.VersionSummary(
                version: item.name, status: item.status.rawValue, adopted: item.version.adopted, date: item.version.date,
                base: item.version.base, source: item.version.name, page: "\(slug)/\(stem).html", comparison: comparisonPage,
                trackedChanges: item.document.changes.count, untrackedEdits: item.untrackedEdits,
                readings: record.readings, rejected: record.rejected, reviewed: record.reviewed))
        }
        let latest = checked.last!
        let status: String = latest.status == .rescinded ? "rescinded" : current != nil ? "adopted" : latest.status.rawValue
        var summary = PolicySummary(
            slug: slug, code: code, title: title, category: category, owner: owner, status: status,
            statusText: history.statusText, section: ManualSection(code: code).letter,
            lastAction: history.lastAction, lastReviewed: history.lastReviewed,
            current: current?.name, lastAdopted: Self.lastAdopted(checked),
            openDrafts: checked.filter { $0.status.isOpen }.map(\.name), versions: versions, pages: [], files: [],
            anchors: anchors, crossReferences: crossReferences, sourceDigest: digest)
        let history = Array(historyPage(summary).utf8)
        files.append(("\(slug)/history.html", history))
        files.append(("\(slug)/index.html", currentPage ?? history))
        if let currentText { files.append(("\(slug)/index.txt", currentText)) }
        summary.pages = files.map(\.0).filter { $0.hasSuffix(".html") }.sorted()
        summary.files = (files.map(\.0) + ["\(slug)/policy.json", "\(slug)/changes.json"]).sorted()
        files.append(("\(slug)/policy.json", JSONText.encode(summary)))
        let changes = JSONText.object([("comparisons", JSONText.array(comparisons)), ("drafts", JSONText.array(draftChanges)), ("policy", JSONText.string(slug))])
        files.append(("\(slug)/changes.json", Array((changes + "\n").utf8)))
        if problems.contains(where: \.isError) { return PolicyBuild(summary: nil, files: [], problems: problems) }
        return PolicyBuild(summary: summary, files: files, problems: problems)
    }

    private func pageBytes(_ edition: Edition, source: String, frontMatterChanges: [Comparison.FrontMatterChange] = [], navigation: String,
                           title: String, record: String = "") -> [UInt8] {
        var bytes: [UInt8] = []
        page.write(edition, source: source, frontMatterChanges: frontMatterChanges, navigation: navigation, title: title, record: record) { bytes += $0 }
        return bytes
    }

    /// The newest adoption date (a rescinded or superseded policy's too); `unknown` only when
    /// every adopted version's date is.
    static func lastAdopted(_ checked: [Checked]) -> String? {
        let dates = checked.filter { $0.status.wasAdopted }.compactMap(\.version.adopted)
        return dates.compactMap(SiteConfig.known).max() ?? dates.first
    }

    /// The redline from one version to the next, computed by the diff from their clean texts:
    /// its HTML and text pages, and its differences as JSON.
    private func compare(_ before: Checked, _ after: Checked, heading: String, title: String) throws -> ([UInt8], [UInt8], String) {
        let comparison = try Comparison(old: before.clean, new: after.clean)
        let markup = Document(utf8: comparison.markupBytes)
        let edition = Edition(document: markup, view: .redline)
        let changes = ComparisonReport.headerChanges(comparison)
        let html = pageBytes(edition, source: "\(before.version.name) → \(after.version.name)", frontMatterChanges: changes,
                             navigation: nav(heading, version: nil), title: title)
        let text = ComparisonReport.frontMatterLines(changes) + TextRenderer(edition: edition, width: 72, color: false).render(fragment: false)
        let json = ComparisonReport.json(comparison, markup: markup, oldName: before.version.name, newName: after.version.name)
        return (html, Array(text.utf8), json)
    }

    /// The links above an edition: the site's index, the policy's main page and history, and
    /// for an open draft its three readings.
    private func nav(_ heading: String, version: (name: String, stem: String, view: View)?) -> String {
        var html = "<a href=\"../index.html\">All policies</a>\n<a href=\"index.html\">\(HTMLEscape.text(heading))</a>\n<a href=\"history.html\">History</a>\n"
        if let version {
            html += "<span>Version \(HTMLEscape.text(version.name)):</span>\n"
            for view in [View.clean, .redline, .original] {
                let href = version.stem + (view == .clean ? "" : "." + view.rawValue) + ".html"
                html += "<a href=\"\(HTMLEscape.text(href))\"\(view == version.view ? " aria-current=\"page\"" : "")>\(view.rawValue.capitalizedFirst)</a>\n"
            }
        }
        return String(html.dropLast())
    }

    private func historyPage(_ summary: PolicySummary) -> String {
        let rows: [[String: Any]] = summary.versions.map { v in
            let stem = "v" + v.version
            let open = VersionStatus(rawValue: v.status)?.carriesMarks == true
            var record = v.readings.map(\.text)
            if let rejected = v.rejected { record.append("Rejected \(rejected.text)") }
            record += v.reviewed.map { "Reviewed \($0)" }
            let before = summary.versions.firstIndex { $0.version == v.version }.flatMap { $0 > 0 ? summary.versions[$0 - 1].version : nil }
            return [
                "version": v.version, "status": v.status, "date": SitePages.dateText(v.status == "adopted" || v.status == "superseded" ? v.adopted : v.date),
                "hasBase": v.base != nil, "base": v.base ?? "", "page": stem + ".html", "open": open,
                "redline": stem + ".redline.html", "original": stem + ".original.html",
                "hasComparison": v.comparison != nil, "comparison": v.comparison.map { String($0.dropFirst(summary.slug.count + 1)) } ?? "",
                "comparisonLabel": before.map { "Version \($0) → \(v.version)" } ?? "",
                "hasRecord": !record.isEmpty, "record": record,
            ]
        }
        return page.renderSitePage("history", [
            "lang": site.language, "siteTitle": site.title, "code": summary.code, "title": summary.title, "status": summary.status,
            "statusText": summary.statusText,
            "hasCurrent": summary.current != nil, "current": summary.current ?? "",
            "lastAdopted": SitePages.dateText(summary.versions.first { $0.version == summary.current }?.adopted),
            "hasCategory": summary.category != nil, "category": summary.category ?? "",
            "hasOwner": summary.owner != nil, "owner": summary.owner ?? "",
            "versions": rows, "nav": nav("\(summary.code) \(summary.title)", version: nil),
        ])
    }
}
