import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `policy build` end to end on temporary policy stores: several policies in every status, a
/// bad store for each check, determinism, `--check`, taking unchanged policies over, themes,
/// and a build killed part-way.
@Suite(.serialized) struct BuildCommand {
    typealias Files = [String: String]

    static let site = "title: Example District Policy Manual\nurl: https://policies.example.org/\n"

    static let conductV1 = """
        ---
        version: 1
        status: superseded
        adopted: 2019-05-01
        ---

        # I. Purpose

        Staff shall act with integrity.

        # II. Conduct

        Staff shall treat students with respect.

        """

    static let conductV2 = """
        ---
        version: 2
        status: adopted
        adopted: 2022-06-10
        ---

        # I. Purpose

        Staff shall act with integrity and care.

        # II. Conduct

        Staff shall treat students with respect. See [discipline](../student-discipline/#i).

        """

    /// Version 2 with tracked changes: rejecting them gives version 2's text exactly.
    static let conductV3 = """
        ---
        version: 3
        status: proposed
        base: 2
        date: 2026-11-01
        ---

        # I. Purpose

        Staff shall act with integrity and {~~care~>fairness~~}.

        # II. Conduct

        Staff shall treat students with respect. See [discipline](../student-discipline/#i).{++ Conduct is defined in [Purpose](#i).++}

        """

    static let disciplineV1 = """
        ---
        version: 1
        status: adopted
        adopted: 2021-01-15
        ---

        # I. Scope

        This policy applies to all students.

        """

    static let newPolicyV1 = """
        ---
        version: 1
        status: draft
        date: 2026-10-01
        ---

        # Purpose

        {++A new policy on field trips.++}

        """

    static let oldV1 = """
        ---
        version: 1
        status: superseded
        adopted: 2001-03-03
        ---

        # Smoking

        No smoking on school grounds.

        """

    static let oldV2 = """
        ---
        version: 2
        status: rescinded
        date: 2020-02-02
        ---

        # Smoking

        No smoking on school grounds.

        """

    static func meta(_ code: String, _ title: String) -> String { "code: \(code)\ntitle: \(title)\ncategory: Test\n" }

    /// A good store: four policies, every status.
    static var store: Files {
        [
            "site.yml": site,
            "staff-conduct/policy.yml": meta("GBEB", "Staff Conduct"),
            "staff-conduct/v1.md": conductV1, "staff-conduct/v2.md": conductV2, "staff-conduct/v3.md": conductV3,
            "student-discipline/policy.yml": meta("JK", "Student Discipline"),
            "student-discipline/v1.md": disciplineV1,
            "field-trips/policy.yml": meta("IJOA", "Field Trips"),
            "field-trips/v1.md": newPolicyV1,
            "smoking/policy.yml": meta("ADC", "Tobacco Use"),
            "smoking/v1.md": oldV1, "smoking/v2.md": oldV2,
        ]
    }

    static func write(_ files: Files, into root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// A store in a fresh folder; returns the folder (with `src/` and room for `out/`).
    static func makeStore(_ files: Files) throws -> URL {
        let dir = try PolicyCommand.temporaryDirectory()
        try write(files, into: dir.appendingPathComponent("src"))
        return dir
    }

    static func build(_ dir: URL, _ extra: [String] = []) throws -> PolicyCommand.Result {
        try PolicyCommand.run(["build", "src", "-o", "out"] + extra, in: dir)
    }

    /// Every file under a folder with its bytes.
    static func snapshot(_ root: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [:] }
        while let path = e.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = root.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }

    static func text(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent("out").appendingPathComponent(path), encoding: .utf8)
    }

    @Test func buildsEveryPageOfEveryPolicy() throws {
        let dir = try Self.makeStore(Self.store)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 policies, 4 built, 0 unchanged"), "\(r.stdout)")
        let files = Set(Self.snapshot(dir.appendingPathComponent("out")).keys)
        for path in ["index.html", "index-by-date.html", "feed.xml", "sitemap.xml",
                     "staff-conduct/index.html", "staff-conduct/index.txt", "staff-conduct/history.html",
                     "staff-conduct/policy.json", "staff-conduct/changes.json",
                     "staff-conduct/v1.html", "staff-conduct/v2.html", "staff-conduct/v2.txt",
                     "staff-conduct/v3.html", "staff-conduct/v3.redline.html", "staff-conduct/v3.original.html", "staff-conduct/v3.redline.txt",
                     "staff-conduct/compare-v1-v2.html", "staff-conduct/compare-v2-v3.html", "staff-conduct/compare-v2-v3.txt",
                     "field-trips/history.html", "field-trips/index.html", "smoking/compare-v1-v2.html"] {
            #expect(files.contains(path), "missing \(path)")
        }
        // The main page is the version in force.
        #expect(try Self.text(dir, "staff-conduct/index.html") == Self.text(dir, "staff-conduct/v2.html"))
        #expect(try Self.text(dir, "staff-conduct/index.txt").contains("Staff shall act with integrity and care."))
        // A policy never adopted has its history as its main page; a rescinded one too.
        #expect(try Self.text(dir, "field-trips/index.html") == Self.text(dir, "field-trips/history.html"))
        #expect(try Self.text(dir, "smoking/index.html").contains("No version of this policy is in force."))
        // The history redline is the diff's: version 2 to the proposal shows both edits.
        let compare = try Self.text(dir, "staff-conduct/compare-v2-v3.txt")
        #expect(compare.contains("[-care-]{+fairness+}"), "\(compare)")
        #expect(compare.contains("{+Conduct is defined in Purpose.+}"), "\(compare)")
        // policy.json for other systems.
        let json = try #require(JSONSerialization.jsonObject(with: Data(Self.text(dir, "staff-conduct/policy.json").utf8)) as? [String: Any])
        #expect(json["code"] as? String == "GBEB")
        #expect(json["status"] as? String == "adopted")
        #expect(json["current"] as? String == "2")
        #expect(json["lastAdopted"] as? String == "2022-06-10")
        #expect(json["openDrafts"] as? [String] == ["3"])
        let statuses = (json["versions"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["superseded", "adopted", "proposed"])
        for (slug, status) in [("smoking", "rescinded"), ("field-trips", "draft"), ("student-discipline", "adopted")] {
            let j = try #require(JSONSerialization.jsonObject(with: Data(Self.text(dir, "\(slug)/policy.json").utf8)) as? [String: Any])
            #expect(j["status"] as? String == status, "\(slug)")
        }
        let changes = try #require(JSONSerialization.jsonObject(with: Data(Self.text(dir, "staff-conduct/changes.json").utf8)) as? [String: Any])
        let drafts = try #require(changes["drafts"] as? [[String: Any]])
        #expect(drafts.count == 1 && (drafts[0]["changes"] as? [Any])?.count == 2)
        #expect((changes["comparisons"] as? [Any])?.count == 2)
    }

    @Test func indexFeedAndSitemap() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let index = try Self.text(dir, "index.html")
        // By code: ADC, GBEB, IJOA, JK.
        let order = ["ADC", "GBEB", "IJOA", "JK"].map { index.range(of: "<td>\($0)</td>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "\(index)")
        #expect(index.contains("staff-conduct/v3.redline.html\">Version 3</a> (proposed)"))
        // By the date of the last action (an adoption, a draft's date, a rescission), newest first.
        let byDate = try Self.text(dir, "index-by-date.html")
        let dated = ["GBEB", "IJOA", "JK", "ADC"].map { byDate.range(of: "<td>\($0)</td>")?.lowerBound }
        #expect(dated.allSatisfy { $0 != nil } && dated == dated.sorted { $0! < $1! }, "\(byDate)")
        let feed = try Self.text(dir, "feed.xml")
        let events = ["GBEB Staff Conduct: version 3 proposed", "IJOA Field Trips: version 1 draft", "GBEB Staff Conduct: version 2 adopted",
                      "JK Student Discipline: version 1 adopted", "ADC Tobacco Use: version 2 rescinded", "GBEB Staff Conduct: version 1 adopted",
                      "ADC Tobacco Use: version 1 adopted"]
        let places = events.map { feed.range(of: $0)?.lowerBound }
        #expect(places.allSatisfy { $0 != nil } && places == places.sorted { $0! < $1! }, "\(feed)")
        #expect(feed.contains("<updated>2026-11-01T00:00:00Z</updated>"))
        #expect(feed.contains("<id>https://policies.example.org/staff-conduct/v3#proposed</id>"))
        #expect(feed.contains("<link href=\"https://policies.example.org/staff-conduct/v3.redline.html\"/>"))
        // The feed and sitemap are well-formed XML.
        for name in ["feed.xml", "sitemap.xml"] {
            #expect(XMLParser(data: Data(try Self.text(dir, name).utf8)).parse(), "\(name)")
        }
        let sitemap = try Self.text(dir, "sitemap.xml")
        #expect(sitemap.contains("<loc>https://policies.example.org/staff-conduct/compare-v2-v3.html</loc>"))
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == Self.snapshot(dir.appendingPathComponent("out")).keys.filter { $0.hasSuffix(".html") }.count)
    }

    /// Every page parses as HTML5 with no script, and every link between the site's pages
    /// names a file that exists and, with a fragment, an id in it.
    @Test func everyPageIsSafeAndEveryInternalLinkResolves() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let out = dir.appendingPathComponent("out")
        let pages = Self.snapshot(out).keys.filter { $0.hasSuffix(".html") }.sorted()
        let checker = Process()
        checker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        checker.arguments = [PolicyCommand.root.appendingPathComponent("Tests/Support/check-html.py").path] + pages.map { out.appendingPathComponent($0).path }
        let pipe = Pipe()
        checker.standardOutput = pipe
        checker.standardError = pipe
        try checker.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        checker.waitUntilExit()
        #expect(checker.terminationStatus == 0, "\(report)")
        for page in pages {
            let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
            for href in Self.hrefs(html) where !href.contains(":") {
                let base = out.appendingPathComponent(page).deletingLastPathComponent()
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].isEmpty ? out.appendingPathComponent(page) : base.appendingPathComponent(String(parts[0])).standardizedFileURL
                let path = target.path.hasSuffix("/") || parts[0].hasSuffix("/") ? target.appendingPathComponent("index.html").path : target.path
                #expect(FileManager.default.fileExists(atPath: path), "\(page): \(href) names no file")
                if parts.count > 1, let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    #expect(text.contains("id=\"\(parts[1])\""), "\(page): \(href) names no id")
                }
            }
        }
    }

    static func hrefs(_ html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let r = rest.range(of: "href=\"") {
            let after = rest[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            found.append(String(after[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
            rest = after[end...]
        }
        return found
    }

    @Test func theSameStoreGivesTheSameBytes() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let first = Self.snapshot(dir.appendingPathComponent("out"))
        let again = try PolicyCommand.run(["build", "src", "-o", "again", "--force"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.snapshot(dir.appendingPathComponent("again")) == first)
        // And a rebuild over the old output (everything taken over) changes nothing.
        let rebuilt = try Self.build(dir)
        #expect(rebuilt.stdout.contains("0 built, 4 unchanged"), "\(rebuilt.stdout)")
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == first)
    }

    @Test func checkNamesEveryFileThatDiffers() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let ok = try Self.build(dir, ["--check"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let out = dir.appendingPathComponent("out")
        try Data("tampered".utf8).write(to: out.appendingPathComponent("staff-conduct/v2.html"))
        try Data("stray".utf8).write(to: out.appendingPathComponent("stray.html"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("feed.xml"))
        let before = Self.snapshot(out)
        let r = try Self.build(dir, ["--check"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("out/staff-conduct/v2.html: differs"), "\(r.stderr)")
        #expect(r.stderr.contains("out/stray.html: not built from the store"), "\(r.stderr)")
        #expect(r.stderr.contains("out/feed.xml: missing"), "\(r.stderr)")
        #expect(Self.snapshot(out) == before, "--check wrote")
        // A tampered page is not taken over by a digest that still matches: --check builds afresh.
        let source = dir.appendingPathComponent("src/student-discipline/v1.md")
        try Data(Self.disciplineV1.replacingOccurrences(of: "all students", with: "every student").utf8).write(to: source)
        let changed = try Self.build(dir, ["--check"])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("out/student-discipline/v1.html: differs"), "\(changed.stderr)")
    }

    /// After one file changes only its policy is rebuilt, and the result is what a full build gives.
    @Test func onlyTheChangedPolicyIsRebuilt() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let source = dir.appendingPathComponent("src/student-discipline/v1.md")
        try Data(Self.disciplineV1.replacingOccurrences(of: "all students", with: "every student").utf8).write(to: source)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 built, 3 unchanged"), "\(r.stdout)")
        #expect(try Self.text(dir, "student-discipline/index.txt").contains("every student"))
        let full = try PolicyCommand.run(["build", "src", "-o", "full", "--force"], in: dir)
        #expect(full.status == 0)
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == Self.snapshot(dir.appendingPathComponent("full")))
        // Another program's site (here: one with no note of who built it) is rebuilt whole.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".build-site"))
        let other = try Self.build(dir)
        #expect(other.stdout.contains("4 built, 0 unchanged"), "\(other.stdout)")
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == Self.snapshot(dir.appendingPathComponent("full")))
        // A change that breaks another, unchanged policy's link is still found.
        try Data(Self.disciplineV1.replacingOccurrences(of: "# I. Scope", with: "# Scope").utf8).write(to: source)
        let broken = try Self.build(dir)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("src/staff-conduct/v2.md:13:59: error:"), "\(broken.stderr)")
        #expect(broken.stderr.contains("the link ../student-discipline/#i names no section of student-discipline"), "\(broken.stderr)")
    }

    /// Each check on a bad store: the error and its place, exit 1, and nothing written.
    static let badStores: [(String, [String: String], String)] = [
        ("draft base missing", ["staff-conduct/v3.md": conductV3.replacingOccurrences(of: "base: 2", with: "base: 9")],
         "src/staff-conduct/v3.md:4:1: error: base 9 is not a version of this policy (1, 2, 3)"),
        ("untracked edit", ["staff-conduct/v3.md": conductV3.replacingOccurrences(of: "Staff shall treat", with: "Staff must treat")],
         "src/staff-conduct/v3.md:14:7: error: untracked replacement of \"shall\" by \"must\""),
        ("adopted with markup", ["student-discipline/v1.md": disciplineV1.replacingOccurrences(of: "all students", with: "{--all--} students")],
         "src/student-discipline/v1.md:9:24: error: a version adopted holds no revision marks"),
        ("duplicate version", ["staff-conduct/v2b.md": conductV2.replacingOccurrences(of: "status: adopted", with: "status: superseded")],
         "error: version 2 is also src/staff-conduct/v2"),
        ("duplicate code", ["smoking/policy.yml": meta("JK", "Tobacco Use")],
         "src/student-discipline/policy.yml:1:1: error: code JK is also the code of smoking"),
        ("unknown status", ["smoking/v2.md": oldV2.replacingOccurrences(of: "status: rescinded", with: "status: repealed")],
         "src/smoking/v2.md:3:1: error: unknown status \"repealed\""),
        ("bad yaml", ["smoking/v2.md": oldV2.replacingOccurrences(of: "date: 2020-02-02", with: "date: [2020")],
         "src/smoking/v2.md:"),
        ("bad date", ["smoking/v1.md": oldV1.replacingOccurrences(of: "2001-03-03", with: "2001-02-30")],
         "src/smoking/v1.md:4:1: error: 'adopted' must be a date written YYYY-MM-DD"),
        ("two in force", ["smoking/v1.md": oldV1.replacingOccurrences(of: "status: superseded", with: "status: adopted"),
                          "smoking/v2.md": oldV2.replacingOccurrences(of: "status: rescinded\ndate: 2020-02-02", with: "status: adopted\nadopted: 2020-02-02")],
         "src/smoking/v1.md:3:1: error: status 'adopted', but version 2 is adopted too (2020-02-02): change this one to 'superseded'"),
        ("anchor missing", ["staff-conduct/v3.md": conductV3.replacingOccurrences(of: "(#i)", with: "(#iv)")],
         "src/staff-conduct/v3.md:14:"),
        ("policy missing", ["student-discipline/v1.md": disciplineV1.replacingOccurrences(of: "all students.", with: "all students; see [conduct](../student-conduct/).")],
         "src/student-discipline/v1.md:9:52: error: the link ../student-conduct/ names no policy of the site"),
        ("site url missing", ["site.yml": "title: Manual\n"], "src/site.yml:1:1: error: no 'url'"),
        ("site url with a query", ["site.yml": "title: Manual\nurl: https://example.org/p?x=1\n"], "src/site.yml:2:1: error: 'url' must be the site's whole address"),
        ("bad language", ["site.yml": site + "lang: english please\n"], "src/site.yml:3:1: error: 'lang' must be a language tag"),
        ("rescinded but still adopted", ["smoking/v1.md": oldV1.replacingOccurrences(of: "status: superseded", with: "status: adopted")],
         "src/smoking/v1.md:3:1: error: version 1 is still adopted after version 2 rescinded the policy"),
        ("versions alike but for case", ["staff-conduct/v2b.md": conductV3.replacingOccurrences(of: "version: 3", with: "version: 02")],
         "src/staff-conduct/v2.md:2:1: error: version 2 is also src/staff-conduct/v2b.md (version 02)"),
        ("base after the draft", ["field-trips/v1.md": newPolicyV1, "field-trips/v0.md": newPolicyV1.replacingOccurrences(of: "version: 1\nstatus: draft", with: "version: 0\nstatus: draft\nbase: 1")],
         "src/field-trips/v0.md:4:1: error: base 1 comes after version 0"),
        ("CRLF front matter", ["smoking/v2.md": oldV2.replacingOccurrences(of: "status: rescinded", with: "status: repealed").replacingOccurrences(of: "\n", with: "\r\n")],
         "src/smoking/v2.md:3:1: error: unknown status \"repealed\""),
        ("metadata missing", ["field-trips/policy.yml": "title: Field Trips\n"], "src/field-trips/policy.yml:1:1: error: no 'code'"),
        ("bad slug", ["Field_Trips/policy.yml": meta("IJOB", "Trips")], "src/Field_Trips:1:1: error: a policy folder's name"),
    ]

    @Test(arguments: badStores)
    func aBadStoreIsRefusedWithItsPlace(_ name: String, _ changes: [String: String], _ expected: String) throws {
        let dir = try Self.makeStore(Self.store.merging(changes) { _, new in new })
        // A previous site, which a failed build must leave as it is.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data("<urlset/>".utf8).write(to: dir.appendingPathComponent("out/sitemap.xml"))
        let r = try Self.build(dir)
        #expect(r.status == 1, "\(name): \(r.stderr)")
        #expect(r.stderr.contains(expected), "\(name): \(r.stderr)")
        #expect(r.stderr.contains("out: not written (the previous site is unchanged)"), "\(name)")
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == ["sitemap.xml": Data("<urlset/>".utf8)], "\(name)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".build-site-") }
        #expect(leftovers.isEmpty, "\(name): staging left behind: \(leftovers)")
    }

    @Test func untrackedEditsCanBeAllowedAsWarnings() throws {
        var files = Self.store
        files["staff-conduct/v3.md"] = Self.conductV3.replacingOccurrences(of: "Staff shall treat", with: "Staff must treat")
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir, ["--allow-untracked"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("src/staff-conduct/v3.md:14:7: warning: untracked replacement of \"shall\" by \"must\""), "\(r.stderr)")
        #expect(r.stderr.contains("Staff [-shall-]{+must+} treat"), "\(r.stderr)")
        // The history's redline is the diff's, so the edit the marks hide is shown there.
        #expect(try Self.text(dir, "staff-conduct/compare-v2-v3.txt").contains("[-shall-]{+must+}"))
        #expect(try Self.text(dir, "staff-conduct/policy.json").contains("\"untrackedEdits\" : 1"))
        // Taken over unchanged, it is still mentioned.
        let again = try Self.build(dir, ["--allow-untracked"])
        #expect(again.stdout.contains("0 built, 4 unchanged"), "\(again.stdout)")
        #expect(again.stderr.contains("src/staff-conduct/v3.md:1:1: warning: 1 untracked edit (shown when it was built"), "\(again.stderr)")
        // Without the flag the next build refuses it, though nothing changed.
        #expect(try Self.build(dir).status == 1)
    }

    /// One problem, one message: YAML that does not read is not also missing its keys, and a
    /// version with a bad status does not make its drafts' base unknown.
    @Test func problemsDoNotCascade() throws {
        var files = Self.store
        files["student-discipline/policy.yml"] = "code: JK\ntitle: [Student Discipline\n"
        files["staff-conduct/v2.md"] = Self.conductV2.replacingOccurrences(of: "status: adopted", with: "status: adoptd")
        files["smoking/v1.md"] = Self.oldV1.replacingOccurrences(of: "adopted: 2001-03-03", with: "adopted: 2001-03-03\nrevision-date: soon")
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir)
        #expect(r.status == 1)
        #expect(!r.stderr.contains("no 'code'") && !r.stderr.contains("no 'title'"), "\(r.stderr)")
        #expect(r.stderr.contains("src/staff-conduct/v2.md:3:1: error: unknown status \"adoptd\""), "\(r.stderr)")
        #expect(!r.stderr.contains("base 2 is not a version"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "'revision-date' must be").count == 2, "reported once: \(r.stderr)")
    }

    /// The output folder as people keep it: behind a link, with dot-folders in the store, with
    /// files or links somebody put there.
    @Test func theOutputFolderIsHandledWithCare() throws {
        var files = Self.store
        files[".git/HEAD"] = "ref: refs/heads/main"
        files[".github/workflows/ci.yml"] = "on: push"
        let dir = try Self.makeStore(files)
        // A store kept in git builds; dot-folders are not read.
        let r = try PolicyCommand.run(["build", "src", "-o", "www/site"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains(".git"), "\(r.stderr)")
        // Through a link: the folder it names is replaced and the link kept.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("out").path, withDestinationPath: "www/site")
        try Data(Self.disciplineV1.replacingOccurrences(of: "all students", with: "every student").utf8).write(to: dir.appendingPathComponent("src/student-discipline/v1.md"))
        #expect(try Self.build(dir).status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("www/site/student-discipline/index.txt"), encoding: .utf8).contains("every student"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("out").path) == "www/site")
        // A file the build did not write is never deleted: the build refuses.
        try Data("policies.example.org".utf8).write(to: dir.appendingPathComponent("www/site/CNAME"))
        let refused = try Self.build(dir)
        #expect(refused.status == 1 && refused.stderr.contains("holds what a build does not write (CNAME)"), "\(refused.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("www/site/CNAME"))
        // A path into the store through a link is inside the store.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("sl").path, withDestinationPath: "src")
        let inside = try PolicyCommand.run(["build", "src", "-o", "sl/site"], in: dir)
        #expect(inside.status == 1 && inside.stderr.contains("must be apart"), "\(inside.stderr)")
        // Damage inside an unchanged policy's folder is repaired by the next build; a link or
        // an empty folder put there is named by --check.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.removeItem(at: out.appendingPathComponent("staff-conduct/v1.html"))
        try Data("x".utf8).write(to: out.appendingPathComponent("staff-conduct/extra.html"))
        let repaired = try Self.build(dir)
        #expect(repaired.stdout.contains("1 built, 3 unchanged"), "\(repaired.stdout)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("staff-conduct/v1.html").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("staff-conduct/extra.html").path))
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("smoking/secret.txt").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("smoking/empty"), withIntermediateDirectories: true)
        let check = try Self.build(dir, ["--check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("smoking/secret.txt: not built from the store") && check.stderr.contains("smoking/empty: not built from the store"), "\(check.stderr)")
    }

    /// Folder names that are no addresses (spaces, `-rf`, capitals, non-ASCII) and a link out
    /// of the tree: each an error at its place, and nothing written anywhere.
    @Test func hostileNamesInTheStoreAreRefused() throws {
        var files = Self.store
        for name in ["a b", "-rf", "Upper", "ünï"] {
            files["\(name)/policy.yml"] = Self.meta("Z\(name.count)", "Odd")
            files["\(name)/v1.md"] = Self.disciplineV1
        }
        let dir = try Self.makeStore(files)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("src/etc").path, withDestinationPath: "/etc")
        let r = try Self.build(dir)
        #expect(r.status == 1)
        for name in ["a b", "-rf", "Upper", "ünï"] {
            #expect(r.stderr.contains("src/\(name):1:1: error: a policy folder's name is its address"), "\(name): \(r.stderr)")
        }
        #expect(r.stderr.contains("src/etc:1:1: error: a symbolic link in the policy store is not followed"), "\(r.stderr)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["src"], "nothing written beside the store")
    }

    /// A template that is a link could publish any file of the machine in every page.
    @Test func aTemplateThatIsALinkIsRefused() throws {
        let dir = try Self.makeStore(Self.store)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("site/templates"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("site/templates/site-style.mustache").path, withDestinationPath: "/etc/hostname")
        let r = try Self.build(dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("site/templates/site-style.mustache:1:1: error: a template that is a symbolic link is not followed"), "\(r.stderr)")
    }

    /// Links that name nothing the site has, images beside a policy, unknown keys: warnings.
    @Test func questionableLinksAndKeysAreWarnedOf() throws {
        var files = Self.store
        files["student-discipline/v1.md"] = Self.disciplineV1.replacingOccurrences(of: "all students.", with: "all students ([form](form.pdf), ![chart](chart.png), [web](https://example.org/), [top](/about)).")
        files["student-discipline/policy.yml"] = Self.meta("JK", "Student Discipline") + "reviewed: 2024\n"
        // Markup in policy.yml is text there, with a warning: the policy is still built (it
        // once vanished from the site without a word).
        files["smoking/policy.yml"] = Self.meta("ADC", "Tobacco Use") + "owner: HR {>>confirm<<}\n"
        files["site.yml"] = Self.site + "theme: dark\n"
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("src/student-discipline/v1.md:9:45: warning: the relative link form.pdf names nothing the build writes"), "\(r.stderr)")
        #expect(r.stderr.contains("warning: the relative link chart.png"), "\(r.stderr)")
        #expect(!r.stderr.contains("https://example.org/") && !r.stderr.contains("link /about"), "\(r.stderr)")
        #expect(r.stderr.contains("src/student-discipline/policy.yml:4:1: warning: unknown key 'reviewed'"), "\(r.stderr)")
        #expect(r.stderr.contains("src/site.yml:3:1: warning: unknown key 'theme'"), "\(r.stderr)")
        // (A warning about site.yml once stopped the build with nothing to say, and an empty site.)
        #expect(try Self.text(dir, "index.html").contains("Student Discipline"))
        #expect(r.stderr.contains("src/smoking/policy.yml:4:1: warning: revision markup in front matter is not read as a change"), "\(r.stderr)")
        #expect(try Self.text(dir, "index.html").contains("Tobacco Use"))
    }

    /// A page without a title of its own takes the policy's; codes sort as people file them;
    /// a rescinded policy keeps its last adoption date.
    @Test func titlesOrderAndDates() throws {
        var files = Self.store
        files["a2/policy.yml"] = Self.meta("a2", "Second")
        files["a2/v1.md"] = "---\nversion: 1\nstatus: adopted\nadopted: 2020-01-01\n---\n\n## I. One\n\nText.\n"
        files["a10/policy.yml"] = Self.meta("A10", "Tenth")
        files["a10/v1.md"] = "---\nversion: 1\nstatus: adopted\nadopted: 2020-01-01\n---\n\n## I. One\n\nText.\n"
        let dir = try Self.makeStore(files)
        #expect(try Self.build(dir).status == 0)
        #expect(try Self.text(dir, "a2/index.html").contains("<title>Second — Clean</title>"))
        let index = try Self.text(dir, "index.html")
        let a2 = try #require(index.range(of: "<td>a2</td>")), a10 = try #require(index.range(of: "<td>A10</td>")), adc = try #require(index.range(of: "<td>ADC</td>"))
        #expect(a2.lowerBound < a10.lowerBound && a10.lowerBound < adc.lowerBound)
        #expect(try Self.text(dir, "smoking/policy.json").contains("\"lastAdopted\" : \"2001-03-03\""))
    }

    /// Lists nested thousands deep (the editions recursed until the stack overflowed): the
    /// levels past a hundred are laid flat, and every word is kept.
    @Test func deeplyNestedListsBuild() throws {
        var files = Self.store
        files["student-discipline/v1.md"] = Self.disciplineV1 + "\n" + (0..<3000).map { String(repeating: "  ", count: $0) + "- item \($0)" }.joined(separator: "\n") + "\n"
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try Self.text(dir, "student-discipline/index.txt")
        #expect(text.contains("item 0") && text.contains("item 2999"))
    }

    /// What is probably a mistake but builds: a draft against a version no longer in force, and
    /// files the store does not read.
    @Test func warningsDoNotStopTheBuild() throws {
        var files = Self.store
        files["staff-conduct/v4.md"] = Self.conductV2.replacingOccurrences(of: "version: 2\nstatus: adopted\nadopted: 2022-06-10", with: "version: 4\nstatus: draft\nbase: 1")
            .replacingOccurrences(of: "integrity and care", with: "integrity{++ and care++}")
            .replacingOccurrences(of: " See [discipline](../student-discipline/#i).", with: "{++ See [discipline](../student-discipline/#i).++}")
        files["staff-conduct/notes.txt"] = "to do"
        files["README.md"] = "about the store"
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("src/staff-conduct/v4.md:4:1: warning: revises version 1, but version 2 is in force"), "\(r.stderr)")
        #expect(r.stderr.contains("src/staff-conduct/notes.txt:1:1: warning: not read"), "\(r.stderr)")
        #expect(r.stderr.contains("src/README.md:1:1: warning: not read"), "\(r.stderr)")
        #expect(try Self.build(dir, ["--quiet"]).stderr.isEmpty)
    }

    @Test func templatesBesideTheStoreOverrideTheBuiltInOnes() throws {
        var files = Self.store
        files["../site/templates/index.mustache"] = "<!DOCTYPE html>\n<title>{{siteTitle}}</title>\n<p>Custom index: {{policyCount}}</p>\n{{#policies}}<p>{{code}}</p>\n{{/policies}}"
        let dir = try Self.makeStore(files)
        let r = try Self.build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.text(dir, "index.html").contains("<p>Custom index: 4 policies</p>"))
        // A change to a template rebuilds every policy.
        try Data("{{> missing}}".utf8).write(to: dir.appendingPathComponent("site/templates/history.mustache"))
        let bad = try Self.build(dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("site/templates/history.mustache:1:1: error: no template for the partial 'missing'"), "\(bad.stderr)")
    }

    @Test func anOutputThatIsNotASiteIsNotReplaced() throws {
        let dir = try Self.makeStore(Self.store)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: dir.appendingPathComponent("out/notes.txt"))
        let r = try Self.build(dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("out: error: holds what a build does not write (notes.txt)"), "\(r.stderr)")
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == ["notes.txt": Data("mine".utf8)])
        let inside = try PolicyCommand.run(["build", "src", "-o", "src/site"], in: dir)
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("must be apart"), "\(inside.stderr)")
    }

    /// A build killed at random moments (SIGKILL: no clean-up runs) never leaves the previous
    /// site changed or missing.
    @Test func aKilledBuildLeavesThePreviousSiteWhole() throws {
        var files = Self.store
        // Enough policies that a build takes a while.
        for k in 0..<40 {
            files["copy-\(k)/policy.yml"] = Self.meta("GB\(k)", "Copy \(k)")
            files["copy-\(k)/v1.md"] = Self.copyV1(0)
            files["copy-\(k)/v2.md"] = Self.conductV3.replacingOccurrences(of: "../student-discipline/#i", with: "#ii")
                .replacingOccurrences(of: "version: 3", with: "version: 2").replacingOccurrences(of: "base: 2", with: "base: 1")
        }
        let dir = try Self.makeStore(files)
        let first = try Self.build(dir)
        #expect(first.status == 0, "\(first.stderr)")
        let before = Self.snapshot(dir.appendingPathComponent("out"))
        // Every policy changed, so each build rebuilds all.
        var killed = 0
        for (round, delay) in [0.02, 0.08, 0.15, 0.3, 0.5].enumerated() {
            for k in 0..<40 {
                try Data(Self.copyV1(round + 1).utf8).write(to: dir.appendingPathComponent("src/copy-\(k)/v1.md"))
            }
            let process = Process()
            process.executableURL = PolicyCommand.binary
            process.arguments = ["build", "src", "-o", "out", "--allow-untracked"]
            process.currentDirectoryURL = dir
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = Self.snapshot(dir.appendingPathComponent("out"))
            if process.terminationReason == .uncaughtSignal {
                killed += 1
                #expect(now == before, "round \(round): the site changed under a killed build")
            }
        }
        #expect(killed > 0, "no build was killed part-way: the store is too small for the delays")
        // The next build clears what the killed ones left, and succeeds.
        let after = try Self.build(dir, ["--allow-untracked"])
        #expect(after.status == 0, "\(after.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".build-site-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Version 2 of staff conduct as the first version of a copy, its text marked by `round`.
    static func copyV1(_ round: Int) -> String {
        conductV2.replacingOccurrences(of: "../student-discipline/#i", with: "#ii").replacingOccurrences(of: "version: 2", with: "version: 1")
            .replacingOccurrences(of: "and care", with: round == 0 ? "and care" : "and care \(round)")
    }

    /// A disk that fills mid-build (a file size limit, with the signal ignored so that writes
    /// fail as they do on a full disk): the build says which file, and the old site stays.
    /// (Not under the sanitizers: the file size limit stops their own runtime first.)
    @Test(.enabled(if: !PolicyCommand.binary.path.contains("/.build-tsan/") && !PolicyCommand.binary.path.contains("/.build-asan/")))
    func aFullDiskLeavesThePreviousSiteWhole() throws {
        let dir = try Self.makeStore(Self.store)
        #expect(try Self.build(dir).status == 0)
        let before = Self.snapshot(dir.appendingPathComponent("out"))
        try Data(Self.disciplineV1.replacingOccurrences(of: "all students", with: "every student").utf8).write(to: dir.appendingPathComponent("src/student-discipline/v1.md"))
        // 8 blocks: the pages of a policy are larger, so some write fails part-way.
        let r = try PolicyCommand.run(["-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" build src -o out --force", PolicyCommand.binary.path],
                                      in: dir, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("error: cannot write: File too large"), "\(r.stderr)")
        #expect(r.stderr.contains("out: not written (the previous site is unchanged)"), "\(r.stderr)")
        #expect(Self.snapshot(dir.appendingPathComponent("out")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".build-site-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Output folders the user may not write to. Run as the unprivileged user `nobody` (through
    /// `setpriv`) when the tests run as root, whom permissions do not stop, as they do in CI.
    /// - a parent folder the user cannot write: the build stops before writing anything, says
    ///   why, and the old site stays;
    /// - an old site the user cannot remove: the new site goes in place, and the build warns of
    ///   the copy of the old one it had to leave, and of the note of which program built the
    ///   site that it could neither update nor remove.
    @Test func unwritableOutputFoldersAreReported() throws {
        let dir = try Self.makeStore(Self.store)
        let fm = FileManager.default
        let asRoot = getuid() == 0
        // Everything the unprivileged run needs must be readable by it, the binary too.
        let binary = dir.appendingPathComponent("policy")
        try fm.copyItem(at: PolicyCommand.binary, to: binary)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        let parent = dir.appendingPathComponent("parent")
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        #expect(try PolicyCommand.run(["build", "src", "-o", "parent/site"], in: dir).status == 0)
        let site = parent.appendingPathComponent("site")
        let before = Self.snapshot(site)
        func runUnprivileged(_ arguments: [String]) throws -> PolicyCommand.Result {
            asRoot ? try PolicyCommand.run(["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments,
                                           in: dir, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
                   : try PolicyCommand.run(arguments, in: dir, executable: binary)
        }
        try Data(Self.disciplineV1.replacingOccurrences(of: "all students", with: "every student").utf8).write(to: dir.appendingPathComponent("src/student-discipline/v1.md"))

        // 1. The parent is not writable: root owns it (as root), or it is read-only.
        if !asRoot { try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: parent.path) }
        let refused = try runUnprivileged(["build", "src", "-o", "parent/site", "--allow-untracked"])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("parent: error: cannot make the staging folder"), "\(refused.stderr)")
        #expect(Self.snapshot(site) == before)
        #expect(try fm.contentsOfDirectory(atPath: parent.path).sorted() == [".build-site", "site"])

        // 2. The parent is writable, a folder of the old site is not.
        if asRoot {
            try fm.setAttributes([.ownerAccountID: 65534], ofItemAtPath: parent.path)
        } else {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: parent.path)
            try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: site.appendingPathComponent("student-discipline").path)
            try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: parent.appendingPathComponent(".build-site").path)
        }
        let built = try runUnprivileged(["build", "src", "-o", "parent/site", "--allow-untracked", "-q"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(try String(contentsOf: site.appendingPathComponent("student-discipline/v1.txt"), encoding: .utf8).contains("every student"))
        let leftovers = try fm.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".build-site-") }
        #expect(leftovers.count == 1, "\(leftovers)")
        #expect(built.stderr.contains("\(leftovers.first ?? "?"): warning: the new site is in place, but the previous one could not be removed"), "\(built.stderr)")
        #expect(built.stderr.contains("site.build-id: warning: cannot update or remove this note"), "\(built.stderr)")
        if !asRoot {
            for folder in leftovers.map({ parent.appendingPathComponent($0).appendingPathComponent("student-discipline") }) + [parent.appendingPathComponent(".build-site")] {
                try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            }
        }
    }

    /// The repository's own site is what its store builds to (CI runs this as `make test` does).
    @Test func theCommittedSiteIsCurrent() throws {
        let r = try PolicyCommand.run(["build", "policy-src", "-o", "output", "--check"])
        #expect(r.status == 0, "\(r.stderr)")
    }
}
