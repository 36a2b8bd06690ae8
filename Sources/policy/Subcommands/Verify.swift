import Foundation
import Redline

struct Verify: Subcommand {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check that a draft's tracked changes are all the changes from its base.",
        discussion: """
        Rejecting every change in DRAFT must give BASE, byte for byte; with --target,
        accepting every change must give TARGET. Each difference is an untracked edit,
        reported as file:line:column: error: with the words involved and a redline of the
        line. Exit status: 0 when the draft hides nothing, 1 when it has untracked edits,
        2 on error.

        Examples:
          policy verify draft.md --base adopted.md
          policy verify draft.md --base adopted.md --target clean.md --ignore-whitespace
        """,
        arguments: [.init(name: "draft", help: "The draft with tracked changes.")],
        options: [
            .value("base", "file", help: "The text the draft's changes were made to.", required: true),
            .value("target", "file", help: "The text the draft's changes should produce."),
            .flag("ignore-whitespace", help: "Ignore differences of whitespace and line wrapping only."),
        ]
    )

    var draft: String
    var base: String
    var target: String?
    var ignoreWhitespace: Bool

    init(_ arguments: ParsedArguments) {
        draft = arguments.positional[0]
        base = arguments.value("base")!
        target = arguments.value("target")
        ignoreWhitespace = arguments.flag("ignore-whitespace")
    }

    func run() throws {
        try Self.exitAfterFailure(status: 2) {
            let (document, name) = try Failed.checkedDocument(draft, refusing: "verified")
            let edits = UntrackedEdits(draft: document, name: name, ignoreWhitespace: ignoreWhitespace)
            var untracked: [String] = []
            for (file, decision) in [(base, Decision.reject)] + (target.map { [($0, Decision.accept)] } ?? []) {
                let expected: [UInt8]
                do { expected = try SourceFile.readUTF8(file) } catch { throw Failed(message: "\(error)") }
                do { untracked += try edits.check(against: expected, named: file, decision: decision) } catch {
                    throw Failed(message: "\(name): error: \(error)")
                }
            }
            if untracked.isEmpty {
                print("\(name): every difference from \(base)\(target.map { " and to \($0)" } ?? "") is a tracked change (\(document.changes.count) change\(document.changes.count == 1 ? "" : "s"))")
                return
            }
            FileHandle.standardError.write(Data((untracked.joined(separator: "\n") + "\n").utf8))
            let count = UntrackedEdits.count(untracked)
            FileHandle.standardError.write(Data("\(name): \(count) untracked edit\(count == 1 ? "" : "s")\n".utf8))
            throw Exit(1)
        }
    }
}
