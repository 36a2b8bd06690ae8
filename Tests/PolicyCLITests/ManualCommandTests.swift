import Foundation
import Testing

/// The policy manual end to end (docs/manual.md) on a temporary manual: policies in four
/// sections and in every state of the workflow (adopted and reviewed, revised, before the
/// committee at a second reading, a new draft, a revision rejected, rescinded, a date lost), a
/// web of cross-references, and then a broken reference and impossible histories. The footers,
/// the index, the under-review page and the report are checked against their expected text.
@Suite(.serialized) struct ManualCommand {
    typealias Files = BuildCommand.Files

    static func meta(_ lines: String...) -> String { lines.joined(separator: "\n") + "\n" }

    static let manual: Files = [
        "site.yml": "title: Example School Committee Policy Manual\nurl: https://example.org/policies/\n",
        "aa/policy.yml": meta("code: AA", "title: School District Legal Status", "source: MASC", "legal-refs: M.G.L. 71:1"),
        "aa/v1.md": "---\nversion: 1\nfirst-reading: 2019-04-01\nsecond-reading: 2019-05-06\nadopted: 2019-05-06\nreviewed: [2022-06-13]\n---\n\n# I. Status\n\nThe district is a body politic.\n",
        "bgb/policy.yml": meta("code: BGB", "title: Policy Adoption", "source: MASC", "legal-refs:", "  - M.G.L. 71:37", "  - 603 CMR 26.00", "cross-refs: [BGC, AA]"),
        "bgb/v1.md": "---\nversion: 1\nfirst-reading: 2015-01-12\nsecond-reading: 2015-02-09\nadopted: 2015-02-09\n---\n\n# I. Adoption\n\nPolicies are adopted by a majority vote at two readings.\n",
        "bgb/v2.md": "---\nversion: 2\nfirst-reading: 2021-03-01\nsecond-reading: 2021-03-15\nadopted: 2021-03-15\n---\n\n# I. Adoption\n\nPolicies are adopted by a majority vote of the full committee at two readings.\n",
        "bgb/v3.md": "---\nversion: 3\nbase: 2\nfirst-reading: 2026-11-17\nsecond-reading:\n  date: 2026-12-08\n  note: public comment open\n---\n\n# I. Adoption\n\nPolicies are adopted by a majority vote of the full committee at {--two--}{++three++} readings.\n",
        "bgc/policy.yml": meta("code: BGC", "title: Policy Revision and Review", "cross-refs: BGB"),
        "bgc/v1.md": "---\nversion: 1\nadopted: unknown\n---\n\n# I. Review\n\nThe committee reviews a third of its policies each year.\n",
        "jicfb/policy.yml": meta("code: JICFB", "title: Bullying Prevention", "cross-refs: AA"),
        "jicfb/v1.md": "---\nversion: 1\ndate: 2026-10-01\n---\n\n# I. Purpose\n\nBullying is prohibited.\n",
        "jj/policy.yml": meta("code: JJ", "title: Athletic and Co-curricular Activities"),
        "jj/v1.md": "---\nversion: 1\nadopted: 2020-09-14\n---\n\n# I. Activities\n\nStudents may join clubs.\n",
        "jj/v2.md": "---\nversion: 2\nbase: 1\nfirst-reading: 2025-02-03\nrejected: 2025-03-03 — failed 3 to 4\n---\n\n# I. Activities\n\nStudents may join {++up to three++} clubs.\n",
        "kf/policy.yml": meta("code: KF", "title: Community Use of School Facilities"),
        "kf/v1.md": "---\nversion: 1\nadopted: 2010-01-01\n---\n\n# I. Use\n\nFacilities may be rented.\n",
        "kf/v2.md": "---\nversion: 2\nstatus: rescinded\ndate: 2024-08-19\n---\n\n# I. Use\n\nRescinded.\n",
    ]

    static func makeManual(_ files: Files = manual) throws -> URL {
        let dir = try PolicyCommand.temporaryDirectory()
        try BuildCommand.write(files, into: dir.appendingPathComponent("src"))
        return dir
    }

    static func read(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent("out/" + path), encoding: .utf8)
    }

    @Test func footersOnEveryEdition() throws {
        let dir = try Self.makeManual()
        let built = try PolicyCommand.run(["build", "src", "-o", "out"], in: dir)
        #expect(built.status == 0, "\(built.stderr)")
        let footer = """
            ------------------------------------------------------------------------
            SOURCE: MASC
            LEGAL REFS: M.G.L. 71:37; 603 CMR 26.00
            CROSS REFS: BGC Policy Revision and Review; AA School District Legal
                Status
            HISTORY: First reading 2015-01-12; second reading 2015-02-09;
                adopted 2015-02-09; first reading 2021-03-01; second reading
                2021-03-15; revised 2021-03-15 (version 2); first reading
                2026-11-17; second reading 2026-12-08 (public comment open).

            """
        for page in ["bgb/v3.txt", "bgb/v3.redline.txt", "bgb/v3.original.txt"] {
            #expect(try Self.read(dir, page).hasSuffix("\n\n" + footer), "\(page)")
        }
        let html = """
            <footer class="policy-record" aria-label="Policy record">
            <dl>
            <div><dt>Source</dt><dd>MASC</dd></div>
            <div><dt>Legal refs</dt><dd>M.G.L. 71:37; 603 CMR 26.00</dd></div>
            <div><dt>Cross refs</dt><dd><a href="../bgc/">BGC</a> Policy Revision and Review; <a href="../aa/">AA</a> School District Legal Status</dd></div>
            <div><dt>History</dt><dd>First reading 2015-01-12; second reading 2015-02-09; adopted 2015-02-09; first reading 2021-03-01; second reading 2021-03-15; revised 2021-03-15 (version 2); first reading 2026-11-17; second reading 2026-12-08 (public comment open).</dd></div>
            </dl>
            </footer>
            """
        for page in ["bgb/v3.html", "bgb/v3.redline.html", "bgb/v3.original.html"] {
            #expect(try Self.read(dir, page).contains(html), "\(page)")
        }
        // Each version's history goes as far as that version.
        #expect(try Self.read(dir, "bgb/v1.txt").hasSuffix("HISTORY: First reading 2015-01-12; second reading 2015-02-09;\n    adopted 2015-02-09.\n"))
        #expect(try Self.read(dir, "bgb/index.txt") == Self.read(dir, "bgb/v2.txt"))
        #expect(try Self.read(dir, "aa/index.txt").hasSuffix("""
            SOURCE: MASC
            LEGAL REFS: M.G.L. 71:1
            HISTORY: First reading 2019-04-01; second reading 2019-05-06;
                adopted 2019-05-06; reviewed 2022-06-13.

            """))
        #expect(try Self.read(dir, "jj/v2.txt").hasSuffix("HISTORY: Adopted 2020-09-14; first reading 2025-02-03; rejected\n    2025-03-03 (failed 3 to 4).\n"))
        #expect(try Self.read(dir, "kf/v2.txt").hasSuffix("HISTORY: Adopted 2010-01-01; rescinded 2024-08-19.\n"))
        #expect(try Self.read(dir, "bgc/index.txt").hasSuffix("CROSS REFS: BGB Policy Adoption\nHISTORY: Adopted (date not recorded).\n"))
        #expect(try Self.read(dir, "jicfb/v1.txt").hasSuffix("CROSS REFS: AA School District Legal Status\nHISTORY: Version 1 in draft since 2026-10-01.\n"))
        // Statuses follow from the record where the front matter states none.
        #expect(try Self.read(dir, "aa/index.txt").contains("Status: adopted"))
        #expect(try !Self.read(dir, "aa/index.html").contains("class=\"draft-banner\""))
        #expect(try Self.read(dir, "bgb/v3.html").contains("class=\"draft-banner\""))
        #expect(try Self.read(dir, "bgb/v1.txt").contains("Status: superseded"))
        #expect(try Self.read(dir, "bgb/v3.txt").contains("Status: proposed"))
        #expect(try Self.read(dir, "jj/v2.txt").contains("Status: rejected"))
        // Every page still parses, links and all.
        let pages = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { $0.hasSuffix(".html") }
        let checked = try PolicyCommand.run([PolicyCommand.root.appendingPathComponent("Tests/Support/check-html.py").path] + pages.map { "out/" + $0 },
                                            in: dir, executable: URL(fileURLWithPath: "/usr/bin/python3"))
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    /// An edition rendered on its own for a meeting (`policy render`) ends with the footer the
    /// site gives it, its cross-references linking to the published site, and states the status
    /// the record implies.
    @Test func renderedEditionsOfAStoredVersionHaveTheFooter() throws {
        let dir = try Self.makeManual()
        let text = try PolicyCommand.run(["render", "src/bgb/v3.md", "--view", "redline", "--format", "text"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Version: 3 | Status: proposed"))
        #expect(text.stdout.hasSuffix("SOURCE: MASC\nLEGAL REFS: M.G.L. 71:37; 603 CMR 26.00\nCROSS REFS: BGC Policy Revision and Review; AA School District Legal\n    Status\nHISTORY: First reading 2015-01-12; second reading 2015-02-09;\n    adopted 2015-02-09; first reading 2021-03-01; second reading\n    2021-03-15; revised 2021-03-15 (version 2); first reading\n    2026-11-17; second reading 2026-12-08 (public comment open).\n"), "\(text.stdout)")
        let html = try PolicyCommand.run(["render", "src/bgb/v3.md"], in: dir)
        #expect(html.stdout.contains("<a href=\"https://example.org/policies/bgc/\">BGC</a> Policy Revision and Review"))
        #expect(html.stdout.contains(".policy-record {"), "the footer's styles come with it")
        // A fragment is the text alone; a file outside a store has no footer.
        #expect(try !PolicyCommand.run(["render", "src/bgb/v3.md", "--fragment"], in: dir).stdout.contains("policy-record"))
        try Data("# T\n\nText.\n".utf8).write(to: dir.appendingPathComponent("loose.md"))
        #expect(try !PolicyCommand.run(["render", "loose.md"], in: dir).stdout.contains("policy-record"))
    }

    /// Found by a second review: lint of one file agrees with the build; a render in a store
    /// whose record has errors says so and leaves the footer out; the report refuses what the
    /// build refuses; a superseded text is not called a draft.
    @Test func lintRenderAndReportAgreeWithTheBuild() throws {
        var files = Self.manual
        files["aa/v1.md"] = files["aa/v1.md"]!.replacingOccurrences(of: "adopted: 2019-05-06", with: "adopted: 2019-05-06x")
        files["kf/policy.yml"] = Self.meta("code: AA", "title: Community Use of School Facilities")
        let dir = try Self.makeManual(files)
        let lint = try PolicyCommand.run(["lint", "src/aa/v1.md"], in: dir)
        #expect(lint.status == 1 && lint.stdout.contains("src/aa/v1.md:5:1: error: 'adopted' must be a date"), "\(lint.stdout)")
        let render = try PolicyCommand.run(["render", "src/aa/v1.md", "--format", "text"], in: dir)
        #expect(render.status == 0 && render.stderr.contains("src/aa/v1.md: warning: its policy's record has errors") && !render.stdout.contains("HISTORY:"), "\(render.stderr)")
        let report = try PolicyCommand.run(["manual", "report", "src"], in: dir)
        #expect(report.status == 1 && report.stderr.contains("src/kf/policy.yml:1:1: error: code AA is also the code of aa"), "\(report.stderr)")
        let empty = try PolicyCommand.temporaryDirectory()
        #expect(try PolicyCommand.run(["manual", "report", "."], in: empty).status == 1)
        let good = try Self.makeManual()
        #expect(try PolicyCommand.run(["build", "src", "-o", "out"], in: good).status == 0)
        #expect(try Self.read(good, "bgb/v1.txt").contains("NOT IN FORCE: this version is superseded."))
        #expect(try Self.read(good, "bgb/v1.html").contains("<strong>NOT IN FORCE</strong>"))
        #expect(try !Self.read(good, "bgb/v1.html").contains("class=\"draft-watermark\""))
        #expect(try Self.read(good, "jj/v2.txt").contains("REJECTED: not an adopted policy."))
    }

    @Test func indexGroupedBySectionAndSortable() throws {
        let dir = try Self.makeManual()
        #expect(try PolicyCommand.run(["build", "src", "-o", "out"], in: dir).status == 0)
        func rows(_ page: String) throws -> [String] {
            try Self.read(dir, page).split(separator: "\n").compactMap { line in
                if line.hasPrefix("<h2 id=\"section-") { return String(line.split(separator: ">")[1].dropLast(4)) }
                guard line.hasPrefix("<tr><td>") else { return nil }
                let cells = line.split(separator: "<td").map { String($0.drop { $0 != ">" }.dropFirst()).replacing(/<[^>]*>/, with: "") }
                return cells[1...4].joined(separator: " | ")
            }
        }
        #expect(try rows("index.html") == [
            "Section A: Foundations and Basic Commitments",
            "AA | School District Legal Status | Adopted 2019-05-06, reviewed 2022-06-13 | 2022-06-13",
            "Section B: School Committee Governance and Operations",
            "BGB | Policy Adoption | Second reading 2026-12-08 — public comment open | 2026-12-08",
            "BGC | Policy Revision and Review | Adopted (date not recorded) | —",
            "Section J: Students",
            "JICFB | Bullying Prevention | Draft | 2026-10-01",
            "JJ | Athletic and Co-curricular Activities | Adopted 2020-09-14; revision rejected 2025-03-03 | 2025-03-03",
            "Section K: Community Relations",
            "KF | Community Use of School Facilities | Rescinded 2024-08-19 | 2024-08-19",
        ])
        #expect(try rows("index-by-title.html") == [
            "Section A: Foundations and Basic Commitments",
            "AA | School District Legal Status | Adopted 2019-05-06, reviewed 2022-06-13 | 2022-06-13",
            "Section B: School Committee Governance and Operations",
            "BGB | Policy Adoption | Second reading 2026-12-08 — public comment open | 2026-12-08",
            "BGC | Policy Revision and Review | Adopted (date not recorded) | —",
            "Section J: Students",
            "JJ | Athletic and Co-curricular Activities | Adopted 2020-09-14; revision rejected 2025-03-03 | 2025-03-03",
            "JICFB | Bullying Prevention | Draft | 2026-10-01",
            "Section K: Community Relations",
            "KF | Community Use of School Facilities | Rescinded 2024-08-19 | 2024-08-19",
        ])
        #expect(try rows("index-by-date.html").map { String($0.prefix { $0 != " " }) } == ["BGB", "JICFB", "JJ", "KF", "AA", "BGC"])
        let underReview = try Self.read(dir, "under-review.html")
        #expect(underReview.contains("""
            <tr><td>BGB</td><td><a href="bgb/history.html">Policy Adoption</a></td><td class="status">Second reading 2026-12-08 — public comment open</td><td><ul><li>First reading 2026-11-17</li><li>Second reading 2026-12-08 — public comment open</li></ul></td><td><a href="bgb/v3.redline.html">Redline of version 3</a> against version 2, in force · <a href="bgb/v3.html">Clean text</a></td></tr>
            <tr><td>JICFB</td><td><a href="jicfb/history.html">Bullying Prevention</a></td><td class="status">Draft</td><td>Not yet read</td><td><a href="jicfb/v1.redline.html">Redline of version 1</a> (a new policy) · <a href="jicfb/v1.html">Clean text</a></td></tr>
            </tbody>
            """), "\(underReview)")
        #expect(!underReview.contains("JJ"), "a rejected revision is not under review")
        let feed = try Self.read(dir, "feed.xml")
        #expect(feed.contains("<title>BGB Policy Adoption: version 3 at its second reading (public comment open)</title>"))
        #expect(feed.contains("<id>https://example.org/policies/bgb/v3#reading-2</id>"))
        #expect(feed.contains("<title>JJ Athletic and Co-curricular Activities: version 2 rejected</title>"))
        #expect(try Self.read(dir, "sitemap.xml").contains("<loc>https://example.org/policies/under-review.html</loc>"))
    }

    @Test func reportInEveryFormat() throws {
        let dir = try Self.makeManual()
        let text = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == """
            CODE   TITLE                                  STATUS                                            LAST ADOPTED  LAST REVIEWED  NEXT READING
            AA     School District Legal Status           Adopted 2019-05-06, reviewed 2022-06-13           2019-05-06    2022-06-13
            BGB    Policy Adoption                        Second reading 2026-12-08 — public comment open   2021-03-15    2021-03-15     2026-12-08 (second reading)
            BGC    Policy Revision and Review             Adopted (date not recorded)                       unknown       unknown
            JICFB  Bullying Prevention                    Draft
            JJ     Athletic and Co-curricular Activities  Adopted 2020-09-14; revision rejected 2025-03-03  2020-09-14    2020-09-14
            KF     Community Use of School Facilities     Rescinded 2024-08-19                              2010-01-01    2010-01-01

            """, "\(text.stdout)")
        // After the second reading's day there is no next reading.
        let later = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-12-09", "--format", "csv"], in: dir)
        #expect(later.stdout.split(separator: "\r\n").first == "code,title,status,last_adopted,last_reviewed,next_reading")
        #expect(later.stdout.contains("\r\nBGB,Policy Adoption,Second reading 2026-12-08 — public comment open,2021-03-15,2021-03-15,\r\n"))
        #expect(later.stdout.contains("\r\nJJ,Athletic and Co-curricular Activities,Adopted 2020-09-14; revision rejected 2025-03-03,2020-09-14,2020-09-14,\r\n"))
        let json = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30", "--format", "json"], in: dir)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 6)
        #expect(rows[1]["code"] as? String == "BGB" && rows[1]["nextReading"] as? String == "2026-12-08" && rows[1]["nextReadingName"] as? String == "second reading")
        #expect(rows[3]["lastAdopted"] is NSNull && rows[3]["section"] as? String == "J")
        // The review cycle: not reviewed within 5 years of 2026-11-30; a lost date is due.
        let due = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30", "--due", "5"], in: dir)
        #expect(due.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) } == ["Due", "CODE", "BGC", "JJ", "BGB"], "\(due.stdout)")
        #expect(due.stdout.hasPrefix("Due for review (not reviewed since 2021-11-30, 5 years before 2026-11-30): 3 of 6 policies\n"))
        let none = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30", "--due", "50"], in: dir)
        #expect(none.stdout.hasPrefix("Due for review (not reviewed since 1976-11-30, 50 years before 2026-11-30): 1 of 6 policies\n"), "\(none.stdout)")
        let sheet = try PolicyCommand.run(["manual", "report", "src", "-o", "report.xlsx"], in: dir)
        #expect(sheet.status == 64 && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.xlsx").path))
        let csvFile = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30", "-o", "report.csv"], in: dir)
        let csvText = try String(contentsOf: dir.appendingPathComponent("report.csv"), encoding: .utf8)
        #expect(csvFile.status == 0 && csvText.hasPrefix("code,title,status,"))
        let bad = try PolicyCommand.run(["manual", "report", "src", "--format", "xml"], in: dir)
        #expect(bad.status == 64 && bad.stderr.contains("--format is text, json or csv"))
    }

    /// A cross-reference to no policy, and histories that cannot have happened: each an error
    /// where it is written, from `policy lint` on the store, on one policy, and from the build,
    /// which writes nothing.
    @Test func brokenReferencesAndImpossibleHistories() throws {
        var files = Self.manual
        files["gbea/policy.yml"] = Self.meta("code: GBEA", "title: Staff Ethics", "cross-refs:", "  - AA", "  - ZZZ")
        files["gbea/v1.md"] = "---\nversion: 1\nadopted: 2022-01-10\n---\n\n# I. Ethics\n\nStaff act with integrity.\n"
        files["ia/policy.yml"] = Self.meta("code: IA", "title: Instructional Goals")
        files["ia/v1.md"] = "---\nversion: 1\nfirst-reading: 2018-05-01\nadopted: 2018-06-01\n---\n\n# I. Goals\n\nLearning.\n"
        files["ia/v2.md"] = "---\nversion: 2\nbase: 1\nsecond-reading: 2019-02-01\nthird-reading: 2019-01-15\nadopted: 2019-03-01\n---\n\n# I. Goals\n\nLearning.\n"
        files["ia/v3.md"] = "---\nversion: 3\nbase: 2\nstatus: draft\nfirst-reading: 2020-01-01\n---\n\n# I. Goals\n\nLearning.\n"
        files["ib/policy.yml"] = Self.meta("code: IB", "title: Academic Freedom")
        files["ib/v1.md"] = "---\nversion: 1\nfirst-reading: 2020-02-01\nadopted: 2020-01-06\n---\n\n# I. Freedom\n\nTeachers teach.\n"
        files["ib/v2.md"] = "---\nversion: 2\nadopted: 2020-01-06\n---\n\n# I. Freedom\n\nTeachers teach freely.\n"
        files["ib/v3.md"] = "---\nversion: 3\nadopted: 2019-05-05\nreviewed: 2019-01-01\n---\n\n# I. Freedom\n\nTeachers teach freely and well.\n"
        let dir = try Self.makeManual(files)
        let expected = [
            "src/gbea/policy.yml:5:5: error: cross-reference ZZZ names no policy of the manual (no policy.yml has that code)",
            "src/ia/v2.md:4:1: error: a second reading without a first reading",
            "src/ia/v2.md:5:1: error: the third reading (2019-01-15) is dated before the second reading (2019-02-01)",
            "src/ia/v3.md:4:1: error: status 'draft', but it had its first reading (2020-01-01): a version read at a meeting is 'proposed' (or leave the status out: it follows from the readings)",
            "src/ib/v1.md:4:1: error: adopted 2020-01-06, before its first reading (2020-02-01): a policy is adopted at or after its last reading",
            "src/ib/v2.md:3:1: error: adopted 2020-01-06, the day version 1 was: two versions cannot both take effect on one day",
            "src/ib/v3.md:3:1: error: adopted 2019-05-05, before version 2 (adopted 2020-01-06), which comes before it: the two would be in force at once; check the dates, or number the versions in the order they were adopted",
            "src/ib/v3.md:4:1: error: reviewed 2019-01-01, before it was adopted (2019-05-05)",
        ]
        let lint = try PolicyCommand.run(["lint", "src"], in: dir)
        #expect(lint.status == 1)
        #expect(lint.stdout.split(separator: "\n").map(String.init) == expected, "\(lint.stdout)")
        let one = try PolicyCommand.run(["lint", "src/ib"], in: dir)
        #expect(one.status == 1 && one.stdout.split(separator: "\n").map(String.init) == expected.filter { $0.hasPrefix("src/ib/") }, "\(one.stdout)")
        let file = try PolicyCommand.run(["lint", "src/ia/v2.md"], in: dir)
        #expect(file.status == 1 && file.stdout.split(separator: "\n").map(String.init) == expected.filter { $0.hasPrefix("src/ia/v2.md") }, "\(file.stdout)")
        let build = try PolicyCommand.run(["build", "src", "-o", "out"], in: dir)
        #expect(build.status == 1)
        for line in expected { #expect(build.stderr.contains(line), "\(line)") }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        // The report still reports, and says what is wrong.
        let report = try PolicyCommand.run(["manual", "report", "src", "--today", "2026-11-30"], in: dir)
        #expect(report.status == 1 && report.stdout.contains("IB ") && report.stderr.contains("src/ib/v2.md:3:1: error:"))
        // The good manual lints clean.
        let good = try Self.makeManual()
        let clean = try PolicyCommand.run(["lint", "src"], in: good)
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean.stdout)")
    }

    /// A footer cites another policy's title: changing that title rebuilds the citing policy,
    /// though none of its own files changed.
    @Test func aCitedTitleChangeRebuildsTheCitingPolicy() throws {
        let dir = try Self.makeManual()
        #expect(try PolicyCommand.run(["build", "src", "-o", "out"], in: dir).status == 0)
        try Data(Self.meta("code: BGC", "title: Policy Review", "cross-refs: BGB").utf8).write(to: dir.appendingPathComponent("src/bgc/policy.yml"))
        let again = try PolicyCommand.run(["build", "src", "-o", "out"], in: dir)
        #expect(again.stdout.contains("2 built, 4 unchanged"), "\(again.stdout)")
        #expect(try Self.read(dir, "bgb/index.txt").contains("CROSS REFS: BGC Policy Review; AA School District Legal Status"))
        #expect(try PolicyCommand.run(["build", "src", "-o", "out", "--check"], in: dir).status == 0)
    }
}
