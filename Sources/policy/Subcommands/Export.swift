import ArgumentParser
import Foundation
import Redline
import RedlineWord

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
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
        """
    )

    @Argument(help: ArgumentHelp("The policy source ('-' for standard input).", valueName: "file"))
    var file: String

    @Option(help: "Which reading: redline, clean or original.")
    var view: View = .redline

    @Option(name: .shortAndLong, help: ArgumentHelp("The .docx file to write ('-' for standard output).", valueName: "out"))
    var output: String

    func validate() throws {
        if output == "-", isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("A .docx is binary: name a file with -o, or redirect standard output.")
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
