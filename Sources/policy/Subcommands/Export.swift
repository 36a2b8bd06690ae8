import Foundation
import Redline
import RedlineWord

struct Export: Subcommand {
    static let spec = CommandSpec(
        name: "export",
        abstract: "Write a policy as a Word document (.docx) with real tracked changes and comments.",
        discussion: """
        The redline view (the default) makes every change a Word revision (insertion, deletion,
        move, paragraph-mark change for splits, joins and whole blocks) with its author and date,
        and every comment a Word comment on its range, so reviewers can accept and reject in
        Word. clean and original write that reading with no revisions. The document opens with
        Track Changes on when it is a redline.

        Examples:
          policy export draft.md -o draft.docx
          policy export draft.md --view clean -o proposed.docx
        """,
        arguments: [.source],
        options: [
            .choice("view", View.self, help: "Which reading: redline, clean or original.", default: .redline),
            .value("output", short: "o", "out", help: "The .docx file to write ('-' for standard output).", required: true),
        ]
    )

    var file: String
    var view: View
    var output: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional[0]
        view = arguments.choice("view", default: .redline)
        output = arguments.value("output")!
        try Self.spec.refuseOverwriting([file], with: output)
        if output == "-", isatty(STDOUT_FILENO) == 1 {
            throw UsageError("A .docx is binary: name a file with -o, or redirect standard output.", spec: Self.spec)
        }
    }

    func run() throws {
        try Self.exitAfterFailure {
            let (document, _) = try Failed.checkedDocument(file, refusing: "exported")
            let package: Data
            do { package = try DocxExporter(document: document, view: view).package() } catch { throw Failed(message: "\(output): error: \(error)") }
            do { try SourceFile.write(package, to: output) } catch { throw Failed(message: "\(error)") }
        }
    }
}
