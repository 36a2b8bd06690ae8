import Foundation
import Testing

/// `policy diff` and `policy verify` as a user runs them: exit codes, formats, and the checks
/// on drafts whose tracked changes hide edits.
@Suite(.serialized) struct DiffCommand {
    static let seed = "policy-src/staff-social-media/v2.md"

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func exitStatusLikeDiff() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let a = try Self.write("# T\n\nStaff shall report.\n", "a.md", in: dir)
        let b = try Self.write("# T\n\nStaff must report.\n", "b.md", in: dir)
        let same = try PolicyCommand.run(["diff", a, a])
        #expect(same.status == 0)
        #expect(same.stdout == "# T\n\nStaff shall report.\n")
        let differ = try PolicyCommand.run(["diff", a, b])
        #expect(differ.status == 1)
        #expect(differ.stdout == "# T\n\nStaff {~~shall~>must~~} report.\n")
        let missing = try PolicyCommand.run(["diff", a, dir.appendingPathComponent("nope.md").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("error:"))
        // A draft whose markup is broken (a stray closer, no mark at all) is refused with its
        // errors, like one with marks: its stray delimiter could never stand in a redline.
        let broken = try Self.write("# T\n\nStaff shall report.--} Now.\n", "broken.md", in: dir)
        let refused = try PolicyCommand.run(["diff", a, broken])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("broken.md:3:20: error: stray closing delimiter '--}'") && refused.stderr.contains("not compared"), "\(refused.stderr)")
    }

    @Test func markupRoundTripsThroughAcceptAndReject() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let old = try PolicyCommand.run(["reject", Self.seed]).stdout
        let new = try PolicyCommand.run(["accept", Self.seed]).stdout
        let a = try Self.write(old, "old.md", in: dir), b = try Self.write(new, "new.md", in: dir)
        let redline = dir.appendingPathComponent("redline.md").path
        #expect(try PolicyCommand.run(["diff", a, b, "-o", redline]).status == 1)
        #expect(try PolicyCommand.run(["accept", redline]).stdout == new)
        #expect(try PolicyCommand.run(["reject", redline]).stdout == old)
        // Comparing the seed's readings directly: --view picks them.
        let direct = try PolicyCommand.run(["diff", a, Self.seed, "--view", "clean"])
        #expect(direct.status == 1)
        #expect(try PolicyCommand.run(["diff", b, Self.seed, "--view", "clean"]).status == 0)
        #expect(try PolicyCommand.run(["diff", a, Self.seed, "--view", "original"]).status == 0)
    }

    @Test func everyFormat() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let a = try Self.write("# Policy\n\n## I. Scope\n\nStaff shall report within thirty days.\n\n## II. Records\n\nKeep records.\n", "a.md", in: dir)
        let b = try Self.write("# Policy\n\n## I. Scope\n\nStaff must report within ten days.\n\n## II. Records\n\nKeep all records.\n", "b.md", in: dir)
        let json = try PolicyCommand.run(["diff", a, b, "--format", "json"])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let differences = object?["differences"] as? [[String: Any]] ?? []
        #expect(differences.count == 3)
        #expect((differences.first?["section"] as? [String: String])?["anchor"] == "i")
        #expect((differences.first?["old"] as? [String: Any])?["start"] as? String == "5:7")
        let stat = try PolicyCommand.run(["diff", a, b, "--format", "stat"])
        #expect(stat.stdout.contains("I. Scope"))
        #expect(stat.stdout.contains("II. Records"))
        #expect(stat.stdout.contains("2 sections changed: 3 words inserted, 2 deleted"))
        let text = try PolicyCommand.run(["diff", a, b, "--format", "text"])
        #expect(text.stdout.contains("[-shall-]{+must+}") || text.stdout.contains("[-shall-] {+must+}"))
        let html = try PolicyCommand.run(["diff", a, b, "--format", "html"])
        #expect(html.stdout.contains("<del"))
        #expect(html.stdout.contains("<ins"))
        #expect(html.stdout.contains("a.md → b.md"))
    }

    @Test func verifyPassesAnHonestDraft() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let base = try Self.write(try PolicyCommand.run(["reject", Self.seed]).stdout, "base.md", in: dir)
        let target = try Self.write(try PolicyCommand.run(["accept", Self.seed]).stdout, "target.md", in: dir)
        let result = try PolicyCommand.run(["verify", Self.seed, "--base", base, "--target", target])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("tracked change"))
    }

    /// Untracked edits of every kind, slipped into the seed outside its marks.
    @Test(arguments: [
        ("inserted word", "protected activity, which", "protected activity, which also"),
        ("deleted word", "use of social media can sometimes", "use of social media can"),
        ("replaced word", "importance of 21st-century", "value of 21st-century"),
        ("punctuation", "methods of communication,", "methods of communication;"),
        ("number", "21st-century", "22nd-century"),
        ("whole sentence", "## I. Purpose\n", "## I. Purpose\n\nThis sentence was never tracked.\n"),
    ])
    func verifyCatchesUntrackedEdits(_ kind: String, _ from: String, _ to: String) throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let seed = try String(contentsOf: PolicyCommand.root.appendingPathComponent(Self.seed), encoding: .utf8)
        #expect(seed.contains(from), "the seed has \(from.debugDescription)")
        let base = try Self.write(try PolicyCommand.run(["reject", Self.seed]).stdout, "base.md", in: dir)
        let tampered = seed.replacingOccurrences(of: from, with: to, options: [], range: seed.range(of: from))
        let draft = try Self.write(tampered, "draft.md", in: dir)
        let result = try PolicyCommand.run(["verify", draft, "--base", base])
        #expect(result.status == 1, "\(kind)")
        #expect(result.stderr.contains("draft.md:"), "\(kind)")
        #expect(result.stderr.contains("error: untracked"), "\(kind)")
        #expect(result.stderr.contains("{+") || result.stderr.contains("[-"), "the redline line")
        // One edit, counted once (not once more for its redline line).
        #expect(result.stderr.hasSuffix("draft.md: 1 untracked edit\n"), "\(kind): \(result.stderr)")
    }

    /// A sentence moved from one section to another changes both: stat lists where it went
    /// and where it left.
    @Test func statListsTheSectionAMoveLeft() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let a = try Self.write("## 1. Purpose\n\nThis policy sets rules, for all staff in the district.\n\n## 2. Scope\n\nIt applies to all staff. Staff must report every incident to the principal at once.\n", "a.md", in: dir)
        let b = try Self.write("## 1. Purpose\n\nThis policy sets rules, for all staff in the district. Staff must report every incident to the principal at once.\n\n## 2. Scope\n\nIt applies to all staff.\n", "b.md", in: dir)
        let stat = try PolicyCommand.run(["diff", a, b, "--format", "stat"]).stdout
        #expect(stat.contains("1. Purpose | +0 -0 moved 10"), "\(stat)")
        #expect(stat.contains("2. Scope   | +0 -0 moved away 10"), "\(stat)")
        #expect(stat.contains(" 2 sections changed"), "\(stat)")
    }

    /// A paragraph split is a change of structure, not layout: json, stat and the page's
    /// summary say so, as the editions' ¶ does.
    @Test func aParagraphSplitIsStructureNotLayout() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let a = try Self.write("One two three. Four five six.\n", "a.md", in: dir)
        let b = try Self.write("One two three.\n\nFour five six.\n", "b.md", in: dir)
        #expect(try PolicyCommand.run(["diff", a, b, "--format", "json"]).stdout.contains("\"kind\" : \"structure\""))
        let stat = try PolicyCommand.run(["diff", a, b, "--format", "stat"]).stdout
        #expect(stat.contains("1 paragraph or line break made or removed") && !stat.contains("layout"))
        #expect(try PolicyCommand.run(["diff", a, b, "--format", "html"]).stdout.contains("#1 a space → a paragraph break"))
        // A re-wrapped line is layout.
        let c = try Self.write("One two three.\nFour five six.\n", "c.md", in: dir)
        #expect(try PolicyCommand.run(["diff", a, c, "--format", "stat"]).stdout.contains("1 layout-only"))
    }

    /// Front matter holds no revision marks, so its changes are listed at the top of the
    /// redline: a changed effective date is a change a reviewer must see.
    @Test func frontMatterChangesAreShown() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let a = try Self.write("---\ntitle: A\neffective: 2024-09-01\nowner: Clerk\n---\n\nText.\n", "a.md", in: dir)
        let b = try Self.write("---\ntitle: A\neffective: 2025-01-01\nstatus: draft\n---\n\nText.\n", "b.md", in: dir)
        let text = try PolicyCommand.run(["diff", a, b, "--format", "text"])
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("Changed outside the text:\n  effective: [-2024-09-01-] {+2025-01-01+}\n  status: {+draft+}\n  owner: [-Clerk-]\n\n"))
        let html = try PolicyCommand.run(["diff", a, b, "--format", "html"])
        #expect(html.stdout.contains("<div><dt>effective</dt><dd><del class=\"change deleted\"><span class=\"sr-only\">[deleted:] </span>2024-09-01</del> <ins class=\"change inserted\"><span class=\"sr-only\">[inserted:] </span>2025-01-01</ins></dd></div>"))
        // The same front matter: nothing listed.
        #expect(!(try PolicyCommand.run(["diff", a, a, "--format", "text"]).stdout.contains("Changed outside")))
        // Line endings converted, and nothing else: said so, not "no changes".
        let crlf = try Self.write("---\r\ntitle: A\r\neffective: 2024-09-01\r\nowner: Clerk\r\n---\r\n\r\nText.\r\n", "crlf.md", in: dir)
        let endings = try PolicyCommand.run(["diff", a, crlf, "--format", "text"])
        #expect(endings.status == 1)
        #expect(endings.stdout.contains("  line endings: [-LF-] {+CRLF+}\n"), "\(endings.stdout)")
        // Named once, and the front matter is not listed whole (it looked the same twice).
        #expect(endings.stdout.components(separatedBy: "line endings").count == 2 && !endings.stdout.contains("front matter:"), "\(endings.stdout)")
        // A byte-order mark added: named so.
        let bom = try Self.write("\u{FEFF}---\ntitle: A\neffective: 2024-09-01\nowner: Clerk\n---\n\nText.\n", "bom.md", in: dir)
        let marked = try PolicyCommand.run(["diff", a, bom, "--format", "text"])
        #expect(marked.stdout.hasPrefix("Changed outside the text:\n  byte-order mark: {+U+FEFF+}\n\n"), "\(marked.stdout)")
    }

    @Test func verifyIgnoresReflowOnlyWhenAsked() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let base = try Self.write("Staff shall report within thirty days of the event.\n", "base.md", in: dir)
        let draft = try Self.write("Staff shall report within {~~thirty~>ten~~}\ndays of the event.\n", "draft.md", in: dir)
        #expect(try PolicyCommand.run(["verify", draft, "--base", base]).status == 1)
        #expect(try PolicyCommand.run(["verify", draft, "--base", base, "--ignore-whitespace"]).status == 0)
        // Line endings converted: one finding, not one per line; whitespace-only when asked.
        let lf = try Self.write("One {++two ++}three.\n\nFour.\n\nFive.\n", "lf.md", in: dir)
        let crlf = try Self.write("One three.\r\n\r\nFour.\r\n\r\nFive.\r\n", "crlf.md", in: dir)
        let endings = try PolicyCommand.run(["verify", lf, "--base", crlf])
        #expect(endings.status == 1)
        #expect(endings.stderr.contains("lf.md:1:1: error: untracked edit: the line endings differ from \(crlf) (LF for CRLF in 3 places)"))
        #expect(endings.stderr.hasSuffix("lf.md: 1 untracked edit\n"))
        #expect(try PolicyCommand.run(["verify", lf, "--base", crlf, "--ignore-whitespace"]).status == 0)
        // A paragraph split is no reflow.
        let split = try Self.write("Staff shall report within {~~thirty~>ten~~} days.\n\nOf the event.\n", "split.md", in: dir)
        let splitBase = try Self.write("Staff shall report within thirty days. Of the event.\n", "split-base.md", in: dir)
        #expect(try PolicyCommand.run(["verify", split, "--base", splitBase, "--ignore-whitespace"]).status == 1)
    }
}
