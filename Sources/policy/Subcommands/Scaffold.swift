import Foundation
import Redline

/// Today in the reader's zone, `YYYY-MM-DD`: a scaffold's date (a build never reads the clock).
private func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}

/// Reads the store for a scaffold, whatever its problems (they are the build's to report).
private func store(_ path: String) throws -> SiteTree {
    do { return try SiteTree.read(path) } catch { throw Failed(message: "\(error)") }
}

/// Writes new files, refusing to overwrite any.
private func create(_ files: [(path: String, text: String)]) throws {
    for file in files where FileManager.default.fileExists(atPath: file.path) {
        throw Failed(message: "\(file.path): error: exists already")
    }
    for file in files {
        do {
            try FileManager.default.createDirectory(atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try SourceFile.write(file.text, to: file.path)
        } catch { throw Failed(message: "\(file.path): error: \(error)") }
        print("wrote \(file.path)")
    }
}

struct New: Subcommand {
    static let spec = CommandSpec(
        name: "new",
        abstract: "Start a new policy in the store: its folder, policy.yml and a first draft.",
        discussion: """
        Writes SRC/SLUG/policy.yml with the code and title, and SRC/SLUG/v1.md, a draft
        (version 1, no base: a new policy's first version) headed by the title. The slug comes
        from the title unless --slug names it; the slug and the code must be new to the store.

        Example:
          policy new JICFB "Bullying Prevention"
        """,
        arguments: [.init(name: "code", help: "The policy's code (GBEB, JICFB-R)."), .init(name: "title", help: "The policy's title.")],
        options: [
            .value("slug", "slug", help: "The policy's folder and address (default: from the title)."),
            .value("store", "dir", help: "The policy store (default: policy-src)."),
            .value("date", "date", help: "The draft's date, YYYY-MM-DD (default: today)."),
        ]
    )

    var code: String
    var title: String
    var slug: String?
    var storePath: String
    var date: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        code = arguments.positional[0]
        title = arguments.positional[1]
        slug = arguments.value("slug")
        storePath = arguments.value("store") ?? "policy-src"
        date = arguments.value("date") ?? today()
        guard SiteConfig.isDate(date) else { throw UsageError("--date must be YYYY-MM-DD, not \(date).", spec: Self.spec) }
    }

    func run() throws {
        let files: [(path: String, text: String)]
        do { files = try PolicyScaffold.newPolicy(code: code, title: title, slug: slug, date: date, tree: try store(storePath)) } catch let refusal as PolicyScaffold.Refusal {
            throw Failed(message: "policy new: error: \(refusal)")
        }
        try create(files)
    }
}

struct Revise: Subcommand {
    static let spec = CommandSpec(
        name: "revise",
        abstract: "Start a new draft of a policy from its version in force.",
        discussion: """
        Writes SRC/SLUG/vN.md: the text of the version in force, as a draft (status draft,
        base that version, numbered after the newest version). Edit it with revision marks;
        rejecting them gives the base again, which `policy build` checks.

        Example:
          policy revise staff-social-media
        """,
        arguments: [.init(name: "slug", help: "The policy's folder in the store.")],
        options: [
            .value("store", "dir", help: "The policy store (default: policy-src)."),
            .value("date", "date", help: "The draft's date, YYYY-MM-DD (default: today)."),
        ]
    )

    var slug: String
    var storePath: String
    var date: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        slug = arguments.positional[0]
        storePath = arguments.value("store") ?? "policy-src"
        date = arguments.value("date") ?? today()
        guard SiteConfig.isDate(date) else { throw UsageError("--date must be YYYY-MM-DD, not \(date).", spec: Self.spec) }
    }

    func run() throws {
        let file: (path: String, text: String)
        do { file = try PolicyScaffold.revision(of: slug, date: date, tree: try store(storePath)) } catch let refusal as PolicyScaffold.Refusal {
            throw Failed(message: "policy revise: error: \(refusal)")
        }
        try create([file])
    }
}
