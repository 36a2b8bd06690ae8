import ArgumentParser
import Redline

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List a policy's tracked changes: ordinal, ID, kind, section, author, date, text.",
        discussion: """
        Examples:
          policy changes policy-src/staff-social-media/draft.md
          policy changes draft.md --format csv -o changes.csv
          policy changes draft.md --format json | jq '.[] | select(.author == "Legal")'
        """
    )

    @Argument(help: ArgumentHelp("The policy source ('-' for standard input).", valueName: "file"))
    var file: String

    @Option(help: "Output format.")
    var format: ChangeReport.Format = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file ('-' for standard output).", valueName: "out"))
    var output: String = "-"

    func run() throws {
        try Self.exitAfterFailure {
            let source: String
            do { source = try SourceFile.read(file) } catch { throw Failed(message: "\(error)") }
            let document = Document(parsing: source)
            do { try SourceFile.write(ChangeReport.render(document, format: format), to: output) } catch { throw Failed(message: "\(error)") }
        }
    }
}
