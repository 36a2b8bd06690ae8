import Redline

struct Changes: Subcommand {
    static let spec = CommandSpec(
        name: "changes",
        abstract: "List a policy's tracked changes: ordinal, ID, kind, section, author, date, text.",
        discussion: """
        Examples:
          policy changes policy-src/staff-social-media/v2.md
          policy changes draft.md --format csv -o changes.csv
          policy changes draft.md --format json | jq '.[] | select(.author == "Legal")'
        """,
        arguments: [.source],
        options: [
            .choice("format", ChangeReport.Format.self, help: "Output format.", default: .text),
            .output,
        ]
    )

    var file: String
    var format: ChangeReport.Format
    var output: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional[0]
        format = arguments.choice("format", default: .text)
        output = arguments.value("output") ?? "-"
        try Self.spec.refuseOverwriting([file], with: output)
    }

    func run() throws {
        try Self.exitAfterFailure {
            let source: String
            do { source = try SourceFile.read(file) } catch { throw Failed(message: "\(error)") }
            let document = Document(parsing: source)
            do { try SourceFile.write(ChangeReport.render(document, format: format), to: output) } catch { throw Failed(message: "\(error)") }
        }
    }
}
