import Testing
@testable import Redline

/// The manual's model: meeting dates, a version's record, a policy's history, sections, the
/// footer and the report's pieces.
@Suite struct ManualModel {
    static func version(_ front: String, file: String = "p/v.md") -> PolicyVersion {
        PolicyVersion(file: file, name: "v.md", bytes: Array("---\n\(front)\n---\n\n# T\n".utf8))
    }

    @Test func meetingDatesReadInEveryForm() {
        #expect(MeetingDate.parse("2026-12-08") == MeetingDate(date: "2026-12-08"))
        #expect(MeetingDate.parse("2026-12-08 — public comment open") == MeetingDate(date: "2026-12-08", note: "public comment open"))
        #expect(MeetingDate.parse("2026-12-08, public comment open")?.note == "public comment open")
        #expect(MeetingDate.parse("2026-12-08 (tabled)")?.note == "tabled")
        #expect(MeetingDate.parse("date: 2026-12-08\nnote: with amendments") == MeetingDate(date: "2026-12-08", note: "with amendments"))
        #expect(MeetingDate.parse("December 8") == nil)
        #expect(MeetingDate.parse("2026-12-0812") == nil)
        #expect(MeetingDate.parse("2026-13-08") == nil)
        #expect(MeetingDate.parse("date: soon") == nil)
        #expect(MeetingDate.parse("date: 2026-12-08\nvenue: gym") == nil)
    }

    @Test func aVersionsRecordAndItsStatus() {
        let proposed = VersionRecord(Self.version("version: 3\nfirst-reading: 2026-11-17\nsecond-reading: 2026-12-08 public comment open"), name: "3")
        #expect(proposed.problems.isEmpty)
        #expect(proposed.status == .proposed)
        #expect(proposed.readings.map(\.name) == ["first reading", "second reading"])
        #expect(VersionRecord(Self.version("version: 1"), name: "1").status == .draft)
        #expect(VersionRecord(Self.version("version: 1\nadopted: 2020-01-01"), name: "1").status == .adopted)
        #expect(VersionRecord(Self.version("version: 1\nfirst-reading: 2020-01-01\nrejected: 2020-02-01"), name: "1").status == .rejected)
        #expect(VersionRecord(Self.version("version: 1\nstatus: superseded\nadopted: 2020-01-01"), name: "1").status == .superseded)
    }

    @Test func impossibleRecordsAreLocated() {
        func problems(_ front: String) -> [String] {
            VersionRecord(Self.version(front), name: "1").problems.map { "\($0.location.line): \($0.message)" }
        }
        #expect(problems("version: 1\nthird-reading: 2020-01-01") == ["3: a third reading without a second reading"])
        #expect(problems("version: 1\nfirst-reading: 2020-02-01\nsecond-reading: 2020-01-01")
                == ["4: the second reading (2020-01-01) is dated before the first reading (2020-02-01)"])
        #expect(problems("version: 1\nfirst-reading: 2020-02-01\nadopted: 2020-01-31")
                == ["4: adopted 2020-01-31, before its first reading (2020-02-01): a policy is adopted at or after its last reading"])
        #expect(problems("version: 1\nadopted: 2020-01-31\nrejected: 2020-01-31") == ["4: both adopted and rejected: a version is one or the other"])
        #expect(problems("version: 1\nreviewed: [2020-01-01]") == ["3: reviewed, but never adopted: a review keeps an adopted text in force"])
        #expect(problems("version: 1\nfirst-reading: next week") == ["3: 'first-reading' is the meeting's date, YYYY-MM-DD, then any note on one line (\"2026-12-08 — public comment open\"), or 'date:' and 'note:' lines"])
        #expect(problems("version: 1\nsecond-reeding: 2020-01-01") == ["3: unknown key 'second-reeding' (not read: did you mean 'second-reading'?)"])
        #expect(problems("version: 1\nsixth-reading: 2020-01-01") == ["3: unknown key 'sixth-reading' (not read: readings are first-reading to fifth-reading)"])
        #expect(problems("version: 1\nadopted: 2020-01-01\nreveiwed: 2021-01-01") == ["4: unknown key 'reveiwed' (not read: did you mean 'reviewed'?)"])
        #expect(problems("version: 1\nrevised: 2021-01-01\ndistrict: Cambridge").isEmpty, "other keys are the author's")
        // Same-day readings are allowed: a committee may waive the wait.
        #expect(problems("version: 1\nfirst-reading: 2020-01-01\nsecond-reading: 2020-01-01\nadopted: 2020-01-01").isEmpty)
    }

    @Test func historyAcrossVersions() {
        let history = PolicyHistory([
            (Self.version("version: 1\nadopted: 2015-02-09", file: "p/v1.md"), "1"),
            (Self.version("version: 2\nfirst-reading: 2021-03-01\nadopted: 2021-03-15\nreviewed: 2024-06-10", file: "p/v2.md"), "2"),
            (Self.version("version: 3\nbase: 2\nfirst-reading: 2025-01-06\nrejected: 2025-02-03", file: "p/v3.md"), "3"),
            (Self.version("version: 4\nbase: 2\nfirst-reading: 2026-11-17", file: "p/v4.md"), "4"),
        ])
        #expect(history.problems.isEmpty)
        #expect(history.entries.map(\.status) == [.superseded, .adopted, .rejected, .proposed])
        #expect(history.inForce?.record.name == "2")
        #expect(history.statusText == "First reading 2026-11-17")
        #expect(history.lastAdopted == "2021-03-15" && history.lastReviewed == "2024-06-10" && history.lastAction == "2026-11-17")
        #expect(history.nextReading(onOrAfter: "2026-11-17")?.date == "2026-11-17")
        #expect(history.nextReading(onOrAfter: "2026-11-18") == nil)
        #expect(history.historyItems(through: 1) == ["Adopted 2015-02-09", "first reading 2021-03-01", "revised 2021-03-15 (version 2)", "reviewed 2024-06-10"])
        // The rejected draft before version 4 never changed the policy: not in 4's history.
        #expect(history.historyItems(through: 3) == ["Adopted 2015-02-09", "first reading 2021-03-01", "revised 2021-03-15 (version 2)", "reviewed 2024-06-10", "first reading 2026-11-17"])
        #expect(history.historyItems(through: 2).last == "rejected 2025-02-03")
    }

    static func history(_ fronts: [String]) -> PolicyHistory {
        PolicyHistory(fronts.enumerated().map { (k, front) in (Self.version("version: \(k + 1)\n" + front, file: "p/v\(k + 1).md"), "\(k + 1)") })
    }

    static func messages(_ history: PolicyHistory) -> [String] {
        history.problems.map { "\($0.file):\($0.diagnostic.location.line): \($0.diagnostic.message)" }
    }

    /// Found by a review: each of these was wrongly refused, wrongly let through, or wrongly shown.
    @Test func reviewedCases() {
        // A policy rescinded, then adopted anew.
        let readopted = Self.history(["adopted: 2015-01-01", "status: rescinded\ndate: 2020-01-01", "first-reading: 2024-01-01\nadopted: 2024-02-01"])
        #expect(Self.messages(readopted).isEmpty)
        #expect(readopted.inForce?.record.name == "3" && readopted.statusText == "Adopted 2024-02-01")
        #expect(Self.messages(Self.history(["adopted: 2015-01-01", "status: rescinded\ndate: 2014-01-01"]))
                == ["p/v2.md:4: rescinded 2014-01-01, before the adoption it ends (2015-01-01)"])
        // Two revisions open: the one read most lately is the news, and the report's next reading
        // is the soonest of all; the other draws a warning.
        let competing = Self.history(["adopted: 2015-01-01", "base: 1\nfirst-reading: 2020-03-01", "base: 1\nfirst-reading: 2021-05-01", "base: 1\ndate: 2022-01-01"])
        #expect(competing.statusText == "First reading 2021-05-01")
        #expect(competing.nextReading(onOrAfter: "2019-01-01")?.date == "2020-03-01")
        #expect(Self.messages(competing).count == 2)
        // A review of a text already replaced.
        #expect(Self.messages(Self.history(["adopted: 2015-01-01\nreviewed: [2023-05-05]", "adopted: 2020-02-01"]))
                == ["p/v1.md:4: reviewed 2023-05-05, after version 2 replaced it (2020-02-01): record the review on the version in force"])
        #expect(Self.history(["adopted: 2015-01-01\nreviewed: [2019-05-05]", "adopted: 2020-02-01"]).lastReviewed == "2020-02-01")
        // A date lost between two adoptions hides no disorder.
        #expect(Self.messages(Self.history(["adopted: 2015-01-01", "adopted: unknown", "adopted: 2010-01-01"]))
                == ["p/v3.md:3: adopted 2010-01-01, before version 1 (adopted 2015-01-01), which comes before it: the two would be in force at once; check the dates, or number the versions in the order they were adopted"])
        // Statuses against their dates, and a rescission without one.
        #expect(Self.messages(Self.history(["status: adopted"])) == ["p/v1.md:3: no 'adopted' date: a version that is adopted was adopted on a date (YYYY-MM-DD)"])
        #expect(Self.messages(Self.history(["adopted: 2026-02-30"])).first?.contains("'adopted' must be a date") == true)
        #expect(Self.messages(Self.history(["adopted: 2015-01-01", "status: rescinded"])) == ["p/v2.md:3: a rescission has its date: 'date: YYYY-MM-DD' (the feed and the history show it)"])
        #expect(Self.messages(Self.history(["status: adopted\nadopted: 2015-01-01", "status: adopted\nadopted: 2016-01-01"]))
                == ["p/v1.md:3: status 'adopted', but version 2 is adopted too (2016-01-01): change this one to 'superseded', or leave the status out (it follows from the adoption dates)"])
        // Found by a second review: the index's words for rescinded, stale and proposed records.
        #expect(Self.history(["adopted: 2015-01-01", "status: rescinded\ndate: 2020-01-01", "base: 1\nfirst-reading: 2025-01-06"]).statusText == "First reading 2025-01-06")
        #expect(Self.history(["adopted: 2015-01-01", "base: 1\nfirst-reading: 2019-01-01", "adopted: 2022-01-01"]).statusText == "Adopted 2022-01-01")
        #expect(Self.history(["adopted: 2015-01-01", "base: 1\nstatus: proposed"]).statusText == "Adopted 2015-01-01; revision proposed")
        #expect(Self.history(["adopted: 2015-01-01", "adopted: unknown"]).historyItems(through: 1) == ["Adopted 2015-01-01", "revised (version 2, date not recorded)"])
        #expect(Self.history(["adopted: 2015-01-01", "status: rescinded\ndate: 2020-01-01", "adopted: 2024-02-01"]).historyItems(through: 2)
                == ["Adopted 2015-01-01", "rescinded 2020-01-01", "adopted 2024-02-01"])
        #expect(VersionRecord(Self.version("version: 1\nadopted:"), name: "1").problems.map(\.message) == ["'adopted' is empty: give the date (or remove the key)"])
        // The footer's history in date order, though gathered version by version.
        #expect(Self.history(["adopted: 2015-01-01\nreviewed: 2021-03-10", "first-reading: 2021-03-01\nadopted: 2021-04-01"]).historyItems(through: 1)
                == ["Adopted 2015-01-01", "first reading 2021-03-01", "reviewed 2021-03-10", "revised 2021-04-01 (version 2)"])
        // No false alarm after a rescission.
        #expect(Self.messages(Self.history(["adopted: 2015-01-01", "status: rescinded\ndate: 2020-01-01", "base: 1\nfirst-reading: 2021-01-01"])).isEmpty)
    }

    @Test func recordTextsAreOneCleanLine() {
        func problems(_ front: String) -> [String] { VersionRecord(Self.version(front), name: "1").problems.map(\.message) }
        #expect(problems("version: 1\nfirst-reading: \"2026-01-07 \\abell\"").count == 1)
        #expect(problems("version: 1\nfirst-reading:\n  date: 2026-01-07\n  note: \"two\\nlines\"").count == 1)
        #expect(MeetingDate.parse("2026-02-03 (paren note)")?.note == "paren note")
        // A reading whose date does not read is still there: no "without a first" as well.
        #expect(problems("version: 1\nfirst-reading: soon\nsecond-reading: 2026-01-01").count == 1)
        #expect(problems("version: 1\nadopted: 2020-01-01\nreviewed:\n  - date: 2021-01-01") == ["'reviewed' is a date, YYYY-MM-DD, or a list of them"])
        #expect(problems("version: 1\nadopted: 2020-01-01\nreviewed: [2021-01-01, 2021-01-01]") == ["reviewed 2021-01-01 is listed twice"])
        #expect(problems("version: 1\ncross-ref: AA") == ["unknown key 'cross-ref' (not read: did you mean 'cross-refs'?)"])
        #expect(YAMLList.items("M.G.L. c. 71: § 37") == ["M.G.L. c. 71: § 37"], "a quoted reference with a colon is text")
        #expect(YAMLList.items("M.G.L. 71:37") == ["M.G.L. 71:37"])
    }

    @Test func sectionsByFirstLetter() {
        #expect(ManualSection(code: "GBEB").heading == "Section G: Personnel")
        #expect(ManualSection(code: "jicfb").letter == "J")
        #expect(ManualSection(code: "ZZ").heading == "Other policies")
    }

    @Test func footerTextWrapsUnderItsLabel() {
        let footer = PolicyFooter(references: PolicyReferences(source: "MASC", legal: ["M.G.L. 71:37O", "603 CMR 26.00"]),
                                  targets: [PolicyFooter.Target(code: "GBEA", slug: "gbea", title: "Staff <Ethics>")],
                                  history: ["Adopted 2024-06-10", "reviewed 2026-06-08"])
        #expect(footer.text(width: 40) == "SOURCE: MASC\nLEGAL REFS: M.G.L. 71:37O; 603 CMR\n    26.00\nCROSS REFS: GBEA Staff <Ethics>\nHISTORY: Adopted 2024-06-10;\n    reviewed 2026-06-08.")
        #expect(footer.html.contains("<a href=\"../gbea/\">GBEA</a> Staff &lt;Ethics&gt;"))
        #expect(PolicyFooter(references: PolicyReferences(), targets: [], history: []).html.isEmpty)
    }

    @Test func reportPieces() {
        #expect(ManualReport.cutoff(today: "2026-11-30", years: 3) == "2023-11-30")
        #expect(ManualReport.cutoff(today: "2024-02-29", years: 1) == "2023-02-28")
        #expect(ManualReport.csv("a, b") == "\"a, b\"")
        #expect(ManualReport.csv("say \"x\"") == "\"say \"\"x\"\"\"")
        #expect(ManualReport.csv("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ManualReport.csv("+1") == "'+1")
        #expect(ManualReport.csv("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0")
    }
}
