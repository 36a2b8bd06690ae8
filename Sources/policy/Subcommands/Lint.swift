import ArgumentParser
import Foundation
import Redline

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check policy sources: unclosed or stray marks, bad nesting, bad attribution, and more.",
        discussion: """
        Prints file:line:column: error|warning: message, one finding a line, and exits 1 when
        any file has an error (warnings alone exit 0). The checks are listed in docs/markup.md.

        Examples:
          policy lint policy-src/*/*.md
          policy lint --quiet draft.md && echo clean
        """
    )

    @Argument(help: ArgumentHelp("Policy sources ('-' for standard input).", valueName: "file"))
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print errors only, not warnings.")
    var quiet = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to lint, e.g. policy lint policy-src/*/*.md") }
    }

    func run() throws {
        var failed = false
        for file in files {
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
            let shown = document.diagnostics.filter { !quiet || $0.severity == .error }
            print(DiagnosticReport.render(shown, file: name), terminator: "")
            if document.hasErrors { failed = true }
        }
        if failed { throw ExitCode(1) }
    }
}
