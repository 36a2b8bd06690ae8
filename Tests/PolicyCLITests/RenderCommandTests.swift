import Foundation
import Testing

/// `policy render` end to end.
@Suite(.serialized) struct RenderCommand {
    static let sample = PolicyCommand.sample

    @Test func formatFollowsTheOutputExtension() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        for (name, start) in [("a.html", "<!DOCTYPE html>"), ("a.txt", "I. One\n"), ("a.md", "# I. One")] {
            let out = dir.appendingPathComponent(name)
            let r = try PolicyCommand.run(["render", "-", "--fragment", "-o", out.path], stdin: Self.sample)
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOf: out, encoding: .utf8)
            #expect(name == "a.html" ? text.hasPrefix("<article>") : text.hasPrefix(start), "\(name): \(text.prefix(40))")
        }
        let page = try PolicyCommand.run(["render", "-"], stdin: Self.sample)
        #expect(page.stdout.hasPrefix("<!DOCTYPE html>"))
        // A name that says another format is refused, and nothing is written under it.
        for (name, says) in [("a.pdf", "PDF is not written"), ("a.docx", "policy export"), ("a.epub", "--format")] {
            let out = dir.appendingPathComponent(name)
            let r = try PolicyCommand.run(["render", "-", "-o", out.path], stdin: Self.sample)
            #expect(r.status != 0 && r.stderr.contains(says), "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        let named = dir.appendingPathComponent("a.pdf")
        #expect(try PolicyCommand.run(["render", "-", "--format", "text", "-o", named.path], stdin: Self.sample).status == 0)
        // Any other extension is HTML (a temporary name, then a rename).
        let temporary = dir.appendingPathComponent("a.html.tmp")
        #expect(try PolicyCommand.run(["render", "-", "--fragment", "-o", temporary.path], stdin: Self.sample).status == 0)
        #expect(try String(contentsOf: temporary, encoding: .utf8).hasPrefix("<article>"))
    }

    @Test func markdownViewsAreAcceptAndReject() throws {
        let clean = try PolicyCommand.run(["render", "-", "--format", "markdown"], stdin: Self.sample)
        #expect(clean.stdout == (try PolicyCommand.run(["accept", "-"], stdin: Self.sample)).stdout)
        let original = try PolicyCommand.run(["render", "-", "--view", "original", "--format", "markdown"], stdin: Self.sample)
        #expect(original.stdout == (try PolicyCommand.run(["reject", "-"], stdin: Self.sample)).stdout)
        let redline = try PolicyCommand.run(["render", "-", "--view", "redline", "--format", "markdown"], stdin: Self.sample)
        #expect(redline.stdout == Self.sample)
    }

    @Test func textRedlineAndColour() throws {
        let plain = try PolicyCommand.run(["render", "-", "--view", "redline", "--format", "text", "--fragment"], stdin: Self.sample)
        #expect(plain.stdout == "I. One\n======\n\nStaff [-may-]{+shall+} report {+promptly+}.\n")
        let coloured = try PolicyCommand.run(["render", "-", "--view", "redline", "--format", "text", "--fragment", "--color", "always"], stdin: Self.sample)
        #expect(coloured.stdout.contains("\u{1B}[31m[-may-]\u{1B}[0m"))
        let narrow = try PolicyCommand.run(["render", "-", "--format", "text", "--width", "20", "--fragment"], stdin: Self.sample)
        #expect(narrow.stdout == "I. One\n======\n\nStaff shall report\npromptly.\n")
    }

    @Test func templateDirectoryOverridesTheDefaults() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let templates = dir.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "<html><title>{{title}}</title><body data-view=\"{{view}}\">{{{article}}}<footer>{{> extra}}</footer></body></html>\n"
            .write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try "Made by the district.".write(to: templates.appendingPathComponent("extra.mustache"), atomically: true, encoding: .utf8)
        let r = try PolicyCommand.run(["render", "-", "--view", "redline", "--template-dir", templates.path], stdin: Self.sample)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<html><title>I. One</title><body data-view=\"redline\"><article>"))
        #expect(r.stdout.contains("<footer>Made by the district.</footer>"))
    }

    /// A template without tags is spliced in as text rather than parsed; one with tags is
    /// still a template. Both must render exactly as Mustache would, inside sections too.
    @Test func tagFreeAndTaggedStylesheetsBothRender() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        try "<style>\n{{> style}}\n</style>{{#draft}}[{{> note}}]{{/draft}}{{{article}}}\n"
            .write(to: dir.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try "a { b: c } /* {not a tag} & <kept> */\n".write(to: dir.appendingPathComponent("style.mustache"), atomically: true, encoding: .utf8)
        try "draft".write(to: dir.appendingPathComponent("note.mustache"), atomically: true, encoding: .utf8)
        let plain = try PolicyCommand.run(["render", "-", "--template-dir", dir.path], stdin: Self.sample)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.hasPrefix("<style>\na { b: c } /* {not a tag} & <kept> */\n</style>[draft]<article>"))
        try "body.view-{{view}} { x: y }\n".write(to: dir.appendingPathComponent("style.mustache"), atomically: true, encoding: .utf8)
        let tagged = try PolicyCommand.run(["render", "-", "--view", "redline", "--template-dir", dir.path], stdin: Self.sample)
        #expect(tagged.stdout.hasPrefix("<style>\nbody.view-redline { x: y }\n</style>[draft]<article>"))
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        try "<p>\n{{#title}}never closed\n".write(to: dir.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.html")
        let r = try PolicyCommand.run(["render", "-", "--template-dir", dir.path, "-o", out.path], stdin: Self.sample)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix(dir.appendingPathComponent("page.mustache").path + ":"))
        #expect(r.stderr.contains(": error: template does not parse"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing half-written")
        let missing = try PolicyCommand.run(["render", "-", "--template-dir", "/no/such/dir"], stdin: Self.sample)
        #expect(missing.status == 1)
        #expect(missing.stderr == "/no/such/dir:1:1: error: template directory not found\n")
    }

    /// A long policy's templates are loaded on another thread while it is parsed: the same
    /// templates, the same errors, and markup errors still come first.
    @Test func aLongPolicysTemplatesLoadTheSameWay() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let long = dir.appendingPathComponent("long.md")
        try (Self.sample + String(repeating: "Filler paragraph of a long policy.\n\n", count: 9_000)).write(to: long, atomically: true, encoding: .utf8)
        let templates = dir.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "<html>{{title}}{{{article}}}</html>\n".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let good = try PolicyCommand.run(["render", long.path, "--template-dir", templates.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("<html>I. One<article>") && good.stdout.hasSuffix("</article>\n</html>\n"))
        try "<p>\n{{#title}}never closed\n".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let broken = try PolicyCommand.run(["render", long.path, "--template-dir", templates.path])
        #expect(broken.status == 1 && broken.stderr.contains(": error: template does not parse"), "\(broken.stderr)")
        let missing = try PolicyCommand.run(["render", long.path, "--template-dir", "/no/such/dir"])
        #expect(missing.stderr == "/no/such/dir:1:1: error: template directory not found\n")
        try (String(repeating: "Filler paragraph of a long policy.\n\n", count: 9_000) + "Text {++never closed.\n").write(to: long, atomically: true, encoding: .utf8)
        let both = try PolicyCommand.run(["render", long.path, "--template-dir", "/no/such/dir"])
        #expect(both.status == 1 && both.stderr.hasPrefix(long.path + ":18001:6: error:"), "\(both.stderr)")
    }

    @Test func markupErrorsStopTheRender() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let out = dir.appendingPathComponent("out.html")
        let r = try PolicyCommand.run(["render", "-", "-o", out.path], stdin: "Text {++never closed.\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("<stdin>:1:6: error:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func badUsageExits64() throws {
        #expect(try PolicyCommand.run(["render", "-", "--width", "5"], stdin: Self.sample).status == 64)
        #expect(try PolicyCommand.run(["render", "-", "--view", "final"], stdin: Self.sample).status == 64)
        #expect(try PolicyCommand.run(["render", "-", "--format", "text", "--template-dir", "x"], stdin: Self.sample).status == 64)
    }

    @Test func outputIsDeterministic() throws {
        let seed = "policy-src/staff-social-media/v2.md"
        for view in ["clean", "redline", "original"] {
            let a = try PolicyCommand.run(["render", seed, "--view", view])
            let b = try PolicyCommand.run(["render", seed, "--view", view])
            #expect(a.status == 0 && a.stdout == b.stdout)
        }
    }
}

extension RenderCommand {
    /// Writing to a device writes to it: the atomic rename is for regular files only.
    @Test func writingToDevNullLeavesTheDevice() throws {
        let r = try PolicyCommand.run(["render", "-", "-o", "/dev/null"], stdin: Self.sample)
        #expect(r.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }
}

extension RenderCommand {
    @Test func aMissingPartialIsAnError() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        try "<p>\n  {{> missing}}\n".write(to: dir.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let r = try PolicyCommand.run(["render", "-", "--template-dir", dir.path], stdin: Self.sample)
        #expect(r.status == 1)
        #expect(r.stderr == dir.appendingPathComponent("page.mustache").path + ":2:3: error: no template for the partial 'missing'\n")
        #expect(r.stdout.isEmpty)
    }
}
