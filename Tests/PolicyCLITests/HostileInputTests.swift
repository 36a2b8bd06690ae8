import Foundation
import Testing

/// Hostile sources through every command of the real binary: each ends with a result or a clear
/// error (exit 0, 1 or 2, never a signal), within a minute (ten under a sanitizer), and writes
/// nothing but its output.
@Suite struct HostileInputs {
    static let cases: [(String, [UInt8])] = [
        ("invalid UTF-8", Array("# T\n\nBad \u{FF}".utf8).dropLast(2) + [0xFF, 0xFE, 0x0A]),
        ("byte-order mark", [0xEF, 0xBB, 0xBF] + Array("# T\n\nStaff {++shall++} report.\n".utf8)),
        ("CRLF", Array("---\r\ntitle: T\r\n---\r\n\r\n# T\r\n\r\nStaff {++shall++}\r\nreport.\r\n".utf8)),
        ("lone CR", Array("# T\r\rStaff {--may--} report.\rNext.\r".utf8)),
        ("NUL bytes", Array("# T\n\nStaff \u{0}{++shall\u{0}++} report.\n".utf8)),
        ("tabs and no-break spaces in marks", Array("# T\n\nStaff {++\tshall\u{A0}++}\u{A0}{--\u{A0}may\t--} report.\n".utf8)),
        ("every delimiter stray", Array("# T\n\n++} --} ~~} ~> <<} ==} {++ {-- {~~ {>> {== ~~ ++ {++{--{~~\n".utf8)),
        ("unclosed everything", Array("# T\n\n{++ a {-- b {~~ c ~> d {>> e {== f\n\n## II\n\n{++\n".utf8)),
        ("nested lists, 3000 deep", Array(("# T\n\n" + (0..<3000).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")).utf8)),
        ("nested quotes, 5000 deep", Array(("# T\n\n" + String(repeating: ">", count: 5000) + " deep\n").utf8)),
        ("YAML alias bomb", Array(("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n" + (1...9).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 9).joined(separator: ", ") + "]" }.joined(separator: "\n") + "\n---\n# T\n").utf8)),
        ("huge and negative numbers in front matter", Array("---\nversion: -1\nadopted: 99999999999-01-01\nrevision-date: 1e308\nstatus: 18446744073709551616\n---\n# T\n".utf8)),
        ("100,000 changes in one line", Array(("# T\n\n" + String(repeating: "{++a++}{--b--}", count: pairs) + "\n").utf8)),
        ("control characters", Array("# T\u{7}\n\nStaff \u{1B}[31m{++shall++}\u{8} report.\u{7F}\n".utf8)),
        ("script and links", Array("# <script>x</script>\n\n[a](javascript:alert(1)) <img src=x onerror=alert(1)> {++<script>y</script>++}\n".utf8)),
    ]

    /// Insertion-deletion pairs in the long line: 100,000 changes (each command takes a few
    /// seconds in a debug build; the redline page once took quadratic time in them), or 10,000
    /// under a sanitizer, which runs ten to thirty times slower.
    static let pairs = underSanitizer ? 5_000 : 50_000

    static let underSanitizer = PolicyCommand.binary.path.contains("/.build-tsan/") || PolicyCommand.binary.path.contains("/.build-asan/")

    @Test(arguments: cases.map(\.0))
    func everyCommandEndsCleanly(_ name: String) throws {
        let bytes = Self.cases.first { $0.0 == name }!.1
        let dir = try PolicyCommand.temporaryDirectory()
        let input = dir.appendingPathComponent("input.md")
        try Data(bytes).write(to: input)
        let other = dir.appendingPathComponent("other.md")
        try Data("# T\n\nStaff shall report.\n".utf8).write(to: other)
        let commands: [[String]] = [
            ["lint", "input.md"], ["changes", "input.md"], ["accept", "input.md", "-o", "out-accept.md"],
            ["reject", "input.md", "-o", "out-reject.md"], ["render", "input.md", "--view", "redline", "-o", "out.html"],
            ["render", "input.md", "--view", "clean", "--format", "text", "-o", "out.txt"],
            ["diff", "other.md", "input.md", "-o", "out-diff.md"], ["diff", "input.md", "other.md", "--format", "html", "-o", "out-diff.html"],
            ["verify", "input.md", "--base", "other.md"], ["export", "input.md", "-o", "out.docx"],
        ]
        for command in commands {
            let status = try Self.run(command, in: dir)
            #expect((0...2).contains(status) || status == 64, "\(name): policy \(command.joined(separator: " ")) ended with \(status)")
        }
        // Nothing but the outputs named.
        let made = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        let allowed: Set<String> = ["input.md", "other.md", "out-accept.md", "out-reject.md", "out.html", "out.txt", "out-diff.md", "out-diff.html", "out.docx"]
        #expect(made.isSubset(of: allowed), "\(name): wrote \(made.subtracting(allowed))")
        // Pages written are safe whatever the input.
        for page in ["out.html", "out-diff.html"] {
            guard let html = try? String(contentsOf: dir.appendingPathComponent(page), encoding: .utf8) else { continue }
            // (As text, escaped, they may stand on the page: `&lt;img onerror=…&gt;`.)
            let handler = html.range(of: #"<[a-zA-Z][^>]*\son[a-z]+\s*="#, options: .regularExpression)
            #expect(!html.lowercased().contains("<script") && !html.contains("javascript:") && handler == nil, "\(name): \(page)")
        }
    }

    /// How long a command may take: a minute, or ten under a sanitizer (its debug build runs
    /// ten times slower, and more on a busy machine).
    static let limit: TimeInterval = underSanitizer ? 600 : 60

    /// The command's exit status; a signal is 128 + its number, and no end within ``limit``
    /// is a hang (the process is killed and the status is 999).
    static func run(_ arguments: [String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = PolicyCommand.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(Self.limit)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return 999
        }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
