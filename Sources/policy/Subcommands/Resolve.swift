import ArgumentParser
import Foundation
import Redline

/// What `accept` and `reject` share: read, check, select, resolve, write.
struct ResolveRun {
    var file: String
    var selection: SelectionOptions
    var output: OutputOptions
    var decision: Decision

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

/// A failure already explained: print the message and exit 1.
struct Failed: Error {
    var message: String

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

extension ParsableCommand {
    /// Runs `body`; a ``Failed`` is printed to standard error and ends the command with
    /// `status` (1 for most commands; 2 for `diff` and `verify`, whose 1 means "differs").
    static func exitAfterFailure(status: Int32 = 1, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failed as Failed {
            FileHandle.standardError.write(Data((failed.message.hasSuffix("\n") ? failed.message : failed.message + "\n").utf8))
            throw ExitCode(status)
        }
    }
}

struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept changes: keep insertions and new text, drop deletions and comments.",
        discussion: """
        Everything not selected stays exactly as written. With no filter, every change is accepted
        (the proposed text). Filters combine: all of them must match.

        Examples:
          policy accept draft.md -o proposed.md
          policy accept draft.md --change 3 a1b2c3d4 --in-place
          policy accept draft.md --author Legal --since 2024-03-01 -o -
          policy accept draft.md --section iii-b --in-place
        """
    )

    @Argument(help: ArgumentHelp("The policy source ('-' for standard input).", valueName: "file"))
    var file: String

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.exitAfterFailure {
            try ResolveRun(file: file, selection: selection, output: output, decision: .accept).run()
        }
    }
}

struct Reject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject changes: keep deletions and old text, drop insertions and comments.",
        discussion: """
        Everything not selected stays exactly as written. With no filter, every change is rejected
        (the original text). Filters combine: all of them must match.

        Examples:
          policy reject draft.md -o original.md
          policy reject draft.md --change 5 --in-place
          policy reject draft.md --author "Board Clerk" --until 2024-02-28 -o -
        """
    )

    @Argument(help: ArgumentHelp("The policy source ('-' for standard input).", valueName: "file"))
    var file: String

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.exitAfterFailure {
            try ResolveRun(file: file, selection: selection, output: output, decision: .reject).run()
        }
    }
}
