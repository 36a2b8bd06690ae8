import Foundation
import Redline

struct Build: Subcommand {
    static let spec = CommandSpec(
        name: "build",
        abstract: "Build the policy website from the policy store: every policy's editions, history and redlines.",
        discussion: """
        Reads SRC (see docs/policy-src.md): site.yml, and one folder per policy with its
        policy.yml and one Markdown file per version. Checks everything first and writes
        nothing when any check fails (file:line:column: error: lines, exit 1). Builds into a
        staging folder beside OUT and swaps it in at once, so a build stopped at any moment
        leaves the previous site whole. The same sources give the same bytes.

        A policy whose files, templates and site.yml have not changed since the last build by
        the same policy binary is taken over from OUT as it is (its policy.json records their
        digest; .build-site/ beside OUT notes the binary); --force rebuilds every one. Templates in site/templates/ beside SRC (page, style, site-style, index,
        history .mustache) override the built-in ones.

        Examples:
          policy build
          policy build policy-src -o output --check
          policy build --allow-untracked
        """,
        arguments: [.init(name: "src", help: "The policy store (default: policy-src).", required: false)],
        options: [
            .value("output", short: "o", "dir", help: "The site's folder (default: output)."),
            .flag("check", help: "Build nothing; exit 1 naming each file of OUT that differs from what would be built."),
            .flag("allow-untracked", help: "Report a draft's untracked edits as warnings, not errors."),
            .flag("force", help: "Rebuild every policy, taking none over from OUT."),
            .value("template-dir", "dir", help: "Templates that override the built-in ones (default: site/templates beside SRC, when it exists)."),
            .flag("quiet", short: "q", help: "Print errors only."),
        ]
    )

    var source: String
    var output: String
    var check: Bool
    var allowUntracked: Bool
    var force: Bool
    var templateDir: String?
    var quiet: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        source = arguments.positional.first ?? "policy-src"
        output = arguments.value("output") ?? "output"
        check = arguments.flag("check")
        allowUntracked = arguments.flag("allow-untracked")
        force = arguments.flag("force")
        quiet = arguments.flag("quiet")
        templateDir = arguments.value("template-dir")
        if templateDir == nil {
            let beside = URL(fileURLWithPath: source).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("site/templates").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: beside, isDirectory: &isDirectory), isDirectory.boolValue { templateDir = beside }
        }
    }

    func run() throws {
        let started = Date()
        let tree: SiteTree
        do {
            tree = try SiteTree.read(source)
            // (--check only reads the output: whatever else is there, it names.)
            if !check { try OutputTree.checkReplaceable(output, source: source) }
        } catch { throw Failed(message: "\(error)") }
        let options = SiteBuilder.Options(toolVersion: RedlineVersion.string, templateDirectory: templateDir,
                                          allowUntracked: allowUntracked, force: force || check)
        let builder = SiteBuilder(tree: tree, options: options)
        let progress = ProgressLine(label: check ? "Checking" : "Building", started: started)
        if check {
            let sink = CheckSink(root: OutputTree.realPath(output), name: output)
            let result = builder.build(into: sink, previous: nil, progress: progress.update)
            progress.finish()
            report(result)
            if result.failed { throw Exit(1) }
            let differences = sink.differences()
            guard differences.isEmpty else {
                FileHandle.standardError.write(Data((differences.joined(separator: "\n") + "\n\(output): \(differences.count) file\(differences.count == 1 ? " differs" : "s differ") from what the store builds to; `policy build --force` rebuilds it whole\n").utf8))
                throw Exit(1)
            }
            if !quiet { print("\(output): up to date with \(source) (\(tree.policies.count) polic\(tree.policies.count == 1 ? "y" : "ies"))") }
            return
        }
        let staging: String
        do { staging = try OutputTree.prepareStaging(for: output) } catch { throw Failed(message: "\(error)") }
        let takeOver = FileManager.default.fileExists(atPath: output) && OutputTree.builtByThisProgram(output)
        let sink = StagingSink(root: staging, previous: takeOver ? output : nil, name: output)
        let result = builder.build(into: sink, previous: sink.previous, progress: progress.update)
        progress.finish()
        report(result)
        if result.failed {
            try? FileManager.default.removeItem(atPath: staging)
            let existed = FileManager.default.fileExists(atPath: output)
            FileHandle.standardError.write(Data("\(output): not written\(existed ? " (the previous site is unchanged)" : "")\n".utf8))
            throw Exit(1)
        }
        let leftover: String?
        do { leftover = try OutputTree.publish(staging, as: output) } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw Failed(message: "\(error)")
        }
        // Warnings even under -q: each names something left on disk to deal with.
        let warnings = [leftover, OutputTree.stamp(output)].compactMap { $0 }
        if !warnings.isEmpty { FileHandle.standardError.write(Data((warnings.joined(separator: "\n") + "\n").utf8)) }
        if !quiet {
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            print("\(output): \(tree.policies.count) polic\(tree.policies.count == 1 ? "y" : "ies"), \(result.rebuilt.count) built, \(result.reused.count) unchanged, in \(seconds) s")
        }
    }

    private func report(_ result: SiteBuilder.Result) {
        let shown = result.problems.filter { !quiet || $0.isError }
        guard !shown.isEmpty else { return }
        FileHandle.standardError.write(Data((shown.map(\.description).joined(separator: "\n") + "\n").utf8))
    }
}

/// `Building 120/500` on standard error, rewritten in place, for a person at a terminal and
/// only once a build has taken a second.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let started: Date
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var shown = false
    private var lastShown = Date.distantPast

    init(label: String, started: Date) {
        self.label = label
        self.started = started
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        let now = Date()
        lock.lock()
        defer { lock.unlock() }
        guard now.timeIntervalSince(started) >= 1, now.timeIntervalSince(lastShown) >= 0.1 || done == total else { return }
        lastShown = now
        shown = true
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) policies\u{1B}[K".utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
