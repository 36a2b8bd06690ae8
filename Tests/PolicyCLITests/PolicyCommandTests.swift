import Foundation
import Testing

/// End-to-end: the real `policy` binary, its output streams and exit codes.
@Suite(.serialized) struct PolicyCommand {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `policy` built with these tests (beside the test bundle: under `make sanitize` the
    /// instrumented one), else the debug or release build.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policy")
        let candidates = [beside] + [".build/debug/policy", ".build/release/policy"].map { root.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `policy` (or another program of the tests) and collects what it printed.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil, executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let sample = "# I. One\n\nStaff {--may--}{++shall++} report {++{\"author\":\"Legal\",\"date\":\"2024-03-01\"}@@promptly++}.\n"

    @Test func acceptAndRejectFromStandardInput() throws {
        let a = try Self.run(["accept", "-"], stdin: Self.sample)
        #expect(a.status == 0)
        #expect(a.stdout == "# I. One\n\nStaff shall report promptly.\n")
        let r = try Self.run(["reject", "-"], stdin: Self.sample)
        #expect(r.stdout == "# I. One\n\nStaff may report.\n")
    }

    /// A device that never ends (`/dev/zero`) is refused once past the size limit, instead of
    /// filling memory for ever.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/zero")))
    func anEndlessInputIsRefused() throws {
        let r = try Self.run(["lint", "/dev/zero"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/dev/zero: error: larger than 256 MiB"), "\(r.stderr)")
    }

    @Test func acceptByAuthorWritesAFile() throws {
        let dir = try Self.temporaryDirectory()
        let input = dir.appendingPathComponent("draft.md")
        try Self.sample.write(to: input, atomically: true, encoding: .utf8)
        let r = try Self.run(["accept", input.path, "--author", "legal", "-o", dir.appendingPathComponent("out.md").path])
        #expect(r.status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("out.md"), encoding: .utf8) == "# I. One\n\nStaff {--may--}{++shall++} report promptly.\n")
    }

    @Test func inPlaceRewritesTheFileAndLeavesNoTemporaryFiles() throws {
        let dir = try Self.temporaryDirectory()
        let input = dir.appendingPathComponent("draft.md")
        try Self.sample.write(to: input, atomically: true, encoding: .utf8)
        let r = try Self.run(["reject", input.path, "--change", "1", "--in-place"])
        #expect(r.status == 0)
        #expect(try String(contentsOf: input, encoding: .utf8).hasPrefix("# I. One\n\nStaff may{++shall++}"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["draft.md"])
    }

    @Test func unknownChangeIsAnError() throws {
        let r = try Self.run(["accept", "-", "--change", "99"], stdin: Self.sample)
        #expect(r.status == 1)
        #expect(r.stderr == "<stdin>: error: no change '99'; `policy changes -` lists the IDs and ordinals\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func unknownSectionIsAnError() throws {
        let r = try Self.run(["accept", "-", "--section", "ix"], stdin: Self.sample)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no section 'ix'; the sections are: i"))
    }

    @Test func brokenMarkupIsNotResolvedAndNothingIsWritten() throws {
        let dir = try Self.temporaryDirectory()
        let out = dir.appendingPathComponent("out.md")
        let r = try Self.run(["accept", "-", "-o", out.path], stdin: "Keep {++this open\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("<stdin>:1:6: error: unclosed insertion '{++'\n"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func lintPrintsCompilerStyleDiagnostics() throws {
        let dir = try Self.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.md")
        try "ok\n\n{~~old new~~} and {==x==}\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try Self.run(["lint", bad.path])
        #expect(r.status == 1)
        #expect(r.stdout == """
        \(bad.path):3:1: error: substitution has no '~>' separator between the old and the new text
        \(bad.path):3:19: warning: highlight without a comment: write the comment directly after it, {==text==}{>>comment<<}

        """)
        let quiet = try Self.run(["lint", "--quiet", bad.path])
        #expect(!quiet.stdout.contains("warning"))
    }

    @Test func lintWarningsAloneExitZero() throws {
        let r = try Self.run(["lint", "-"], stdin: "{++++}\n")
        #expect(r.status == 0)
        #expect(r.stdout == "<stdin>:1:1: warning: empty insertion\n")
    }

    @Test func lintMissingFile() throws {
        let r = try Self.run(["lint", "no-such-file.md"])
        #expect(r.status == 1)
        #expect(r.stderr == "no-such-file.md: error: no such file\n")
    }

    @Test func invalidUTF8IsAnErrorWithALocation() throws {
        let dir = try Self.temporaryDirectory()
        let bad = dir.appendingPathComponent("latin1.md")
        try Data("ok\nna\u{EF}ve".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xAF }).write(to: bad)
        let r = try Self.run(["changes", bad.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(": error: invalid UTF-8"))
    }

    @Test func changesAsTableJsonAndCsv() throws {
        let text = try Self.run(["changes", "-"], stdin: Self.sample)
        #expect(text.status == 0)
        #expect(text.stdout.contains("3  "))
        #expect(text.stdout.hasSuffix("3 changes: 2 insertions, 1 deletion\n"))
        let json = try Self.run(["changes", "-", "--format", "json"], stdin: Self.sample)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 3)
        #expect(rows?[2]["author"] as? String == "Legal")
        let csv = try Self.run(["changes", "-", "--format", "csv"], stdin: Self.sample)
        #expect(csv.stdout.split(separator: "\r\n").count == 4)
    }

    @Test func badUsageExits64WithASentence() throws {
        let r = try Self.run(["accept", "-", "--since", "March"], stdin: Self.sample)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--since takes an ISO-8601 date such as 2024-03-01, not 'March'."))
        let both = try Self.run(["accept", "x.md", "--in-place", "-o", "y.md"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("Use either --in-place or -o, not both."))
        let format = try Self.run(["changes", "-", "--format", "xml"], stdin: "")
        #expect(format.status == 64)
        let stdinInPlace = try Self.run(["reject", "-", "--in-place"], stdin: Self.sample)
        #expect(stdinInPlace.status == 64)
    }

    /// The command line is read by Redline's own parser: the conventions users know from other
    /// tools hold, and every slip is a usage error (64) naming the command's usage.
    @Test func commandLineConventions() throws {
        // --name=value, -o value, an option given twice keeps its last value.
        let equals = try Self.run(["render", "-", "--format=text", "--width=40", "--view", "original", "--view", "redline"], stdin: Self.sample)
        #expect(equals.status == 0)
        #expect(equals.stdout.contains("[-may-]{+shall+}"))
        // A repeating option takes values up to the next option; a lone '-' stays the file.
        let some = try Self.run(["accept", "--change", "1", "2", "-"], stdin: Self.sample)
        #expect(some.status == 0)
        #expect(some.stdout.contains("Staff shall report {++"))
        let all = try Self.run(["accept", "-", "--change", "1", "2", "3", "-o", "-"], stdin: Self.sample)
        #expect(all.stdout.contains("Staff shall report promptly."))
        // `--` ends the options: a file may start with a dash.
        let directory = try Self.temporaryDirectory()
        try Self.sample.write(to: directory.appendingPathComponent("-draft.md"), atomically: true, encoding: .utf8)
        let dashed = try Self.run(["changes", "--format", "csv", "--", "-draft.md"], in: directory)
        #expect(dashed.status == 0)
        #expect(dashed.stdout.split(separator: "\r\n").count == 4)
        // Help: --help or -h anywhere before `--`, and `policy help COMMAND`.
        for help in [["diff", "a.md", "-h"], ["help", "diff"], ["diff", "--help"]] {
            let r = try Self.run(help)
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("OVERVIEW: Compare two drafts"))
            #expect(r.stdout.contains("USAGE: policy diff <old> <new> [--output <out>]"))
            #expect(r.stdout.contains("--granularity <granularity>"))
        }
        let overview = try Self.run(["--help"])
        #expect(overview.status == 0)
        for command in ["changes", "accept", "reject", "render", "diff", "verify", "lint", "import", "export"] {
            #expect(overview.stdout.contains("\n  \(command) "), "\(command) is missing from policy --help")
        }
        #expect(try Self.run(["--version"]).stdout == "0.1.0\n")
        // Usage errors: each says what is wrong and shows the usage.
        let cases: [([String], String)] = [
            ([], "Error: name a command."),
            (["frobnicate"], "Error: Unknown command 'frobnicate'"),
            (["render"], "Error: Missing expected argument '<file>'"),
            (["render", "a.md", "b.md"], "Error: Unexpected argument 'b.md'"),
            (["render", "a.md", "--colour", "never"], "Error: Unknown option '--colour'"),
            (["render", "a.md", "--view"], "Error: Missing value for '--view <view>'"),
            (["render", "a.md", "--fragment=yes"], "Error: '--fragment' takes no value"),
            (["render", "a.md", "--width", "wide"], "Error: The value 'wide' is invalid for '--width <width>'"),
            (["diff", "a.md", "b.md", "--granularity", "line"], "Please provide one of 'word', 'character' or 'sentence'."),
            (["diff", "a.md", "b.md", "--width", "5"], "Error: --width must be at least 20, not 5."),
            (["verify", "draft.md"], "Error: Missing expected argument '--base <file>'"),
            (["export", "draft.md"], "Error: Missing expected argument '--output <out>'"),
        ]
        for (arguments, message) in cases {
            let r = try Self.run(arguments)
            #expect(r.status == 64, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("Usage: policy "), "\(arguments)")
            #expect(r.stdout.isEmpty)
        }
    }

    /// Only accept and reject rewrite a source: a page, a report or a redline written over one
    /// of the inputs (by name, or through a link) is refused and the source stays.
    @Test func outputsNeverReplaceTheirInputs() throws {
        let directory = try Self.temporaryDirectory()
        let draft = directory.appendingPathComponent("draft.md")
        try Self.sample.write(to: draft, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.md").path, withDestinationPath: draft.path)
        for arguments in [["render", "draft.md", "-o", "draft.md"], ["render", "draft.md", "-o", "./link.md"],
                          ["changes", "draft.md", "-o", "draft.md"], ["diff", "link.md", "draft.md", "-o", "draft.md"],
                          ["export", "draft.md", "-o", "link.md"]] {
            let r = try Self.run(arguments, in: directory)
            #expect(r.status == 64, "\(arguments)")
            #expect(r.stderr.contains("writing there would replace it"), "\(arguments)")
        }
        #expect(try String(contentsOf: draft, encoding: .utf8) == Self.sample)
        // accept -o onto its own input is an in-place rewrite, as --in-place is.
        #expect(try Self.run(["accept", "draft.md", "-o", "draft.md"], in: directory).status == 0)
        #expect(try String(contentsOf: draft, encoding: .utf8) == Self.run(["accept", "-"], stdin: Self.sample).stdout)
    }

    @Test func everyHelpHasAnExample() throws {
        for command in ["changes", "accept", "reject", "lint"] {
            let r = try Self.run([command, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Example"), "\(command) --help has no example")
            #expect(r.stdout.contains("policy \(command) "))
        }
    }

    @Test func theSeedPolicy() throws {
        let path = "policy-src/staff-social-media/v2.md"
        let lint = try Self.run(["lint", path])
        #expect(lint.status == 0)
        #expect(lint.stdout.isEmpty)
        let changes = try Self.run(["changes", path, "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(changes.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count > 50)
        #expect(rows.allSatisfy { $0["section"] is String })
    }
}

@Suite(.serialized) struct PolicyFiles {
    @Test func byteOrderMarkIsKept() throws {
        let r = try PolicyCommand.run(["reject", "-"], stdin: "\u{FEFF}a {++x++} b\n")
        #expect(r.stdout == "\u{FEFF}a b\n")
    }

    /// A pipe named as a file (`policy changes <(git show HEAD:draft.md)`, `/dev/stdin`) is
    /// read to its end, like a file.
    @Test func aPipeNamedAsAFileIsRead() throws {
        let r = try PolicyCommand.run(["changes", "/dev/stdin"], stdin: "Staff {++shall++} report.\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("insertion") && r.stdout.contains("shall"))
    }

    @Test func invalidUTF8PointsAtTheBadByte() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.md")
        try Data([0x61, 0x0A, 0x61, 0x20, 0xFF, 0xFE, 0x20, 0x62]).write(to: bad)
        let r = try PolicyCommand.run(["lint", bad.path])
        #expect(r.status == 1)
        #expect(r.stderr == "\(bad.path):2:3: error: invalid UTF-8 (byte 0xff); save the file as UTF-8\n")
        // Commands that read a source as text (diff) check it the same way.
        let good = dir.appendingPathComponent("good.md")
        try Data("a\na b\n".utf8).write(to: good)
        let diff = try PolicyCommand.run(["diff", good.path, bad.path])
        #expect(diff.status == 2)
        #expect(diff.stderr == "\(bad.path):2:3: error: invalid UTF-8 (byte 0xff); save the file as UTF-8\n")
    }

    @Test func inPlaceKeepsPermissionsAndFollowsSymlinks() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let target = dir.appendingPathComponent("target.md")
        try "a {++x++} b\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        let link = dir.appendingPathComponent("link.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let r = try PolicyCommand.run(["accept", link.path, "--in-place"])
        #expect(r.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "a x b\n")
        #expect((try FileManager.default.attributesOfItem(atPath: target.path))[.posixPermissions] as? Int == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: link.path))[.type] as? FileAttributeType == .typeSymbolicLink)
    }
}
