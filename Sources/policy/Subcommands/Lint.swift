import Foundation
import Redline

struct Lint: Subcommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check policy sources: unclosed or stray marks, bad nesting, bad attribution, and more.",
        discussion: """
        Prints file:line:column: error|warning: message, one finding a line, and exits 1 when
        any file has an error (warnings alone exit 0). The checks are listed in docs/markup.md.

        Examples:
          policy lint policy-src/*/*.md
          policy lint --quiet draft.md && echo clean
        """,
        arguments: [.init(name: "file", help: "Policy sources ('-' for standard input).", repeats: true)],
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
        if failed { throw Exit(1) }
    }
}
