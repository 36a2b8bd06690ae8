import Foundation
import Testing

/// `policy new` and `policy revise`: a clerk's starting files, which the build accepts as they are.
@Suite(.serialized) struct ScaffoldCommand {
    @Test func aNewPolicyAndARevisionBuild() throws {
        let dir = try BuildCommand.makeStore(BuildCommand.store)
        let new = try PolicyCommand.run(["new", "JICFB", "Bullying Prevention & Intervention", "--store", "src", "--date", "2026-11-30"], in: dir)
        #expect(new.status == 0, "\(new.stderr)")
        let folder = dir.appendingPathComponent("src/bullying-prevention-intervention")
        #expect(try String(contentsOf: folder.appendingPathComponent("policy.yml"), encoding: .utf8) == "code: JICFB\ntitle: Bullying Prevention & Intervention\ncategory: \"J: Students\"\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("v1.md"), encoding: .utf8)
                == "---\nversion: 1\ndate: 2026-11-30\n---\n\n# Bullying Prevention & Intervention\n")
        // The revision of a policy with no open draft: its text in force, based on it.
        let revise = try PolicyCommand.run(["revise", "student-discipline", "--store", "src", "--date", "2026-12-01"], in: dir)
        #expect(revise.status == 0, "\(revise.stderr)")
        let draft = try String(contentsOf: dir.appendingPathComponent("src/student-discipline/v2.md"), encoding: .utf8)
        #expect(draft == "---\nversion: 2\nbase: 1\ndate: 2026-12-01\n---\n\n# I. Scope\n\nThis policy applies to all students.\n", "\(draft)")
        let built = try BuildCommand.build(dir)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("5 policies"), "\(built.stdout)")
    }

    /// A version in force with CRLF line endings and a key written over two lines: the draft
    /// keeps its text and other keys, and builds.
    @Test func aRevisionOfACRLFVersionBuilds() throws {
        var files = BuildCommand.store
        files["student-discipline/v1.md"] = "---\r\nversion: 1\r\nstatus: adopted\r\nadopted:\r\n  2021-01-15\r\ntitle: Discipline\r\n---\r\n\r\n# I. Scope\r\n\r\nAll students.\r\n"
        let dir = try BuildCommand.makeStore(files)
        let r = try PolicyCommand.run(["revise", "student-discipline", "--store", "src", "--date", "2026-12-01"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try String(contentsOf: dir.appendingPathComponent("src/student-discipline/v2.md"), encoding: .utf8)
        #expect(draft.hasPrefix("---\nversion: 2\nbase: 1\ndate: 2026-12-01\ntitle: Discipline\n---\n\r\n# I. Scope"), "\(draft.debugDescription)")
        let built = try BuildCommand.build(dir)
        #expect(built.status == 0, "\(built.stderr)")
    }

    @Test func whatCannotBeScaffoldedIsRefused() throws {
        let dir = try BuildCommand.makeStore(BuildCommand.store)
        for (arguments, message) in [
            (["new", "GBEB", "Another", "--store", "src"], "code GBEB is the code of staff-conduct already"),
            (["new", "XY", "Staff Conduct", "--store", "src"], "src/staff-conduct exists already"),
            (["new", "X Y", "Title", "--store", "src"], "the code must be letters, digits, hyphens and dots"),
            (["new", "XY", "!!!", "--store", "src"], "cannot be a policy's folder"),
            (["revise", "staff-conduct", "--store", "src"], "src/staff-conduct/v3.md is already an open revision (proposed) of version 2"),
            (["revise", "field-trips", "--store", "src"], "field-trips has no version in force to revise"),
            (["revise", "nothing", "--store", "src"], "no policy nothing in src"),
            (["new", "XY", "Tab\there", "--store", "src"], "without control characters"),
            (["new", "XY", "Policy {-- x", "--store", "src"], "the title holds revision markup"),
        ] {
            let r = try PolicyCommand.run(arguments, in: dir)
            #expect(r.status == 1, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("src").path).count == 5, "nothing written")
    }
}
