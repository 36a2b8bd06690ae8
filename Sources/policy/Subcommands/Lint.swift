import Foundation
import Redline

struct Lint: Subcommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check policy sources: unclosed or stray marks, bad nesting, bad attribution, impossible histories, and more.",
        discussion: """
        Prints file:line:column: error|warning: message, one finding a line, and exits 1 when
        any file has an error (warnings alone exit 0). The checks are listed in docs/markup.md;
        a version's readings, adoption, rejection and reviews are checked too (docs/manual.md).

        A folder is a policy store (or one policy's folder in it): every check `policy build`
        makes, across versions and policies too (two versions adopted on one day, a later
        version adopted before an earlier one, a cross-reference to no policy), without
        building anything.

        Examples:
          policy lint policy-src
          policy lint policy-src/*/*.md
          policy lint --quiet draft.md && echo clean
        """,
        arguments: [.init(name: "file", help: "Policy sources or folders ('-' for standard input).", repeats: true)],
        options: [.flag("quiet", short: "q", help: "Print errors only, not warnings.")]
    )

    var files: [String]
    var quiet: Bool

    init(_ arguments: ParsedArguments) {
        files = arguments.positional
        quiet = arguments.flag("quiet")
    }

    func run() throws {
        var failed = false
        for file in files {
            var isDirectory: ObjCBool = false
            if file != "-", FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                if try !lintFolder(file) { failed = true }
                continue
            }
            // A version in a store: every check the build makes of it (its status against the
            // other versions', its base), so that lint and build agree.
            if file != "-", StoredVersion.isInStore(file) {
                if try !lintFolder((file as NSString).deletingLastPathComponent, only: file) { failed = true }
                continue
            }
            let name = file == "-" ? "<stdin>" : file
            let source: String
            do {
                source = try SourceFile.read(file)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                failed = true
                continue
            }
            let document = Document(parsing: source)
            // A version's record, when its front matter names a version.
            let record = document.frontMatter.version.map { VersionRecord(PolicyVersion(file: name, name: name, bytes: Array(source.utf8)), name: $0).problems } ?? []
            let diagnostics = (document.diagnostics + record).sorted { $0.location < $1.location }
            let shown = diagnostics.filter { !quiet || $0.severity == .error }
            print(DiagnosticReport.render(shown, file: name), terminator: "")
            if diagnostics.contains(where: { $0.severity == .error }) { failed = true }
        }
        if failed { throw Exit(1) }
    }

    /// Every check of the site build on a store, or on one policy's folder of it (the store
    /// around it is read, for its cross-references); nothing is written. Returns false on an error.
    private func lintFolder(_ path: String, only file: String? = nil) throws -> Bool {
        let isPolicy = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(SiteTree.metadataName))
        let root = isPolicy ? (path as NSString).deletingLastPathComponent : path
        let tree: SiteTree
        do { tree = try SiteTree.read(root.isEmpty ? "." : root) } catch { throw Failed(message: "\(error)") }
        let result = SiteBuilder(tree: tree, options: .init(toolVersion: RedlineVersion.string)).build(into: DiscardingSink(), previous: nil)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        let onlyPath = file.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let problems = result.problems.filter { problem in
            let path = URL(fileURLWithPath: problem.file).standardizedFileURL.path
            if let onlyPath { return path == onlyPath }
            return !isPolicy || path.hasPrefix(folder + "/")
        }
        let shown = problems.filter { !quiet || $0.isError }
        if !shown.isEmpty { print(shown.map(\.description).joined(separator: "\n")) }
        return !problems.contains(where: \.isError)
    }
}

/// A build's files, thrown away: `policy lint` wants only the checks.
struct DiscardingSink: SiteSink {
    var name: String { "(lint)" }
    func write(_ path: String, _ bytes: [UInt8]) throws {}
    func copy(_ paths: [String]) throws {}
}
