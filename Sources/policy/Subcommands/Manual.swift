import Foundation
import Redline

struct Manual: Subcommand {
    static let spec = CommandSpec(
        name: "manual",
        abstract: "Report on the policy manual: each policy's status, last adoption and review, and next reading.",
        discussion: """
        `policy manual report [SRC]` reads the store's front matter (see docs/manual.md) and
        prints one line per policy, by code: code, title, status, last adopted, last reviewed
        (an adoption counts as a review) and the next reading of an open draft on or after
        today. --due YEARS lists instead the policies in force not reviewed within YEARS years,
        unknown dates first, then oldest first: the review cycle's list. Problems with the
        record go to standard error; with an error the exit status is 1.

        Examples:
          policy manual report
          policy manual report --format csv -o manual.csv
          policy manual report --due 3
        """,
        arguments: [.init(name: "action", help: "report"), .init(name: "src", help: "The policy store (default: policy-src).", required: false)],
        options: [
            .value("format", "format", help: "text, json or csv (default: from the -o extension, else text)."),
            .value("due", "years", help: "List only the policies not reviewed within this many years."),
            .value("today", "date", help: "The date the report is made on, YYYY-MM-DD (default: today)."),
            .value("output", short: "o", "file", help: "Write to a file instead of standard output."),
        ]
    )

    var source: String
    var format: ManualReport.Format
    var due: Int?
    var today: String
    var output: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard arguments.positional[0] == "report" else {
            throw UsageError("unknown action '\(arguments.positional[0])': the action is 'report'.", spec: Self.spec)
        }
        source = arguments.positional.count > 1 ? arguments.positional[1] : "policy-src"
        output = arguments.value("output")
        // The format from -o's extension when not named, as `render` does.
        let ext = output.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        let fromExtension = ["csv": "csv", "json": "json", "txt": "text", "text": "text"][ext]
        // A spreadsheet or document name would get a text table under it: refused, as render does.
        if arguments.value("format") == nil, fromExtension == nil, ["xlsx", "xls", "ods", "docx", "pdf", "html", "md"].contains(ext) {
            throw UsageError("-o \(output!): the report is text, json or csv (name one with --format; CSV opens in a spreadsheet).", spec: Self.spec)
        }
        let formatName = arguments.value("format") ?? fromExtension ?? "text"
        guard let format = ManualReport.Format(rawValue: formatName) else {
            throw UsageError("--format is text, json or csv, not \(formatName).", spec: Self.spec)
        }
        self.format = format
        if let text = arguments.value("due") {
            guard let years = Int(text), years >= 0, years <= 1000 else { throw UsageError("--due is a whole number of years from 0 to 1000, not \(text).", spec: Self.spec) }
            due = years
        }
        today = arguments.value("today") ?? Self.clockDate()
        guard SiteConfig.isDate(today) else { throw UsageError("--today must be YYYY-MM-DD, not \(today).", spec: Self.spec) }
    }

    /// Today in the reader's zone (the report, unlike the site, may read the clock).
    static func clockDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    func run() throws {
        let tree: SiteTree
        do { tree = try SiteTree.read(source) } catch { throw Failed(message: "\(error)") }
        let report = ManualReport(tree: tree, today: today)
        if !report.problems.isEmpty {
            FileHandle.standardError.write(Data((report.problems.map(\.description).joined(separator: "\n") + "\n").utf8))
        }
        let rows = due.map(report.due(years:)) ?? report.rows
        var text = ManualReport.render(rows, format: format)
        if let due, format == .text {
            let since = ManualReport.cutoff(today: today, years: due)
            text = "Due for review (not reviewed since \(since), \(due) year\(due == 1 ? "" : "s") before \(today)): \(rows.count) of \(report.rows.count) policies\n" + (rows.isEmpty ? "" : text)
        }
        if let output {
            do { try SourceFile.write(text, to: output) } catch { throw Failed(message: "\(error)") }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if report.problems.contains(where: \.isError) { throw Exit(1) }
    }
}
