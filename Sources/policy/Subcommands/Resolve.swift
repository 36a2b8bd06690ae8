import Foundation
import Redline

/// What `accept` and `reject` share: read, check, select, resolve, write.
struct ResolveRun {
    var file: String
    var selection: SelectionOptions
    var output: OutputOptions
    var decision: Decision

    init(_ arguments: ParsedArguments, decision: Decision) throws(UsageError) {
        file = arguments.positional[0]
        selection = try SelectionOptions(arguments)
        output = try OutputOptions(arguments)
        self.decision = decision
    }

    func run() throws {
        let destination = try output.destination(for: file)
        let (document, name) = try Failed.checkedDocument(file, refusing: "resolved")
        for id in selection.changes where document.change(named: id) == nil {
            throw Failed(message: "\(name): error: no change '\(id)'; `policy changes \(file)` lists the IDs and ordinals")
        }
        if let anchor = selection.section, !document.sections.contains(where: { $0.anchor == anchor }) {
            let known = document.sections.map(\.anchor).joined(separator: ", ")
            throw Failed(message: "\(name): error: no section '\(anchor)'; the sections are: \(known.isEmpty ? "(none)" : known)")
        }
        let text = document.resolving(selection.selection, as: decision)
        do { try SourceFile.write(text, to: destination) } catch { throw Failed(message: "\(error)") }
    }
}

extension Failed {
    /// Reads and parses a source, refusing (with its errors and "not <action>") one whose markup
    /// has errors. Returns the document and the name to report it by.
    static func checkedDocument(_ file: String, refusing action: String) throws -> (Document, String) {
        let source: [UInt8]
        do { source = try SourceFile.readUTF8(file) } catch { throw Failed(message: "\(error)") }
        let document = Document(checkedUTF8: source)
        try refuseErrors(in: document, file: file, refusing: action)
        return (document, name(of: file))
    }

    /// The name a file is reported by.
    static func name(of file: String) -> String { file == "-" ? "<stdin>" : file }

    /// Throws the document's markup errors, ending "not <action>: fix the markup first".
    static func refuseErrors(in document: Document, file: String, refusing action: String) throws {
        let errors = document.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return }
        let name = name(of: file)
        throw Failed(message: DiagnosticReport.render(errors, file: name)
            + "\(name): error: not \(action): fix the markup first (policy lint \(file))")
    }
}

struct Accept: Subcommand {
    static let spec = CommandSpec(
        name: "accept",
        abstract: "Accept changes: keep insertions and new text, drop deletions and comments.",
        discussion: """
        Everything not selected stays exactly as written. With no filter, every change is accepted
        (the proposed text). Filters combine: all of them must match.

        Examples:
          policy accept draft.md -o proposed.md
          policy accept draft.md --change 3 a1b2c3d4 --in-place
          policy accept draft.md --author Legal --since 2024-03-01 -o -
          policy accept draft.md --section iii-b --in-place
        """,
        arguments: [.source],
        options: SelectionOptions.options + OutputOptions.options
    )

    var resolve: ResolveRun

    init(_ arguments: ParsedArguments) throws(UsageError) {
        resolve = try ResolveRun(arguments, decision: .accept)
    }

    func run() throws {
        try Self.exitAfterFailure { try resolve.run() }
    }
}

struct Reject: Subcommand {
    static let spec = CommandSpec(
        name: "reject",
        abstract: "Reject changes: keep deletions and old text, drop insertions and comments.",
        discussion: """
        Everything not selected stays exactly as written. With no filter, every change is rejected
        (the original text). Filters combine: all of them must match.

        Examples:
          policy reject draft.md -o original.md
          policy reject draft.md --change 5 --in-place
          policy reject draft.md --author "Board Clerk" --until 2024-02-28 -o -
        """,
        arguments: [.source],
        options: SelectionOptions.options + OutputOptions.options
    )

    var resolve: ResolveRun

    init(_ arguments: ParsedArguments) throws(UsageError) {
        resolve = try ResolveRun(arguments, decision: .reject)
    }

    func run() throws {
        try Self.exitAfterFailure { try resolve.run() }
    }
}
