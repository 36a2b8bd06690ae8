import ArgumentParser
import Redline

extension ChangeReport.Format: ExpressibleByArgument {}

/// Which changes `accept` and `reject` act on; with none of these, all of them.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("change"), parsing: .upToNextOption,
            help: ArgumentHelp("Only these changes, by ID or ordinal (as `policy changes` lists them).", valueName: "id"))
    var changes: [String] = []

    @Option(help: ArgumentHelp("Only changes by this author (case-insensitive).", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Only changes in this section and its subsections, by anchor (e.g. ii-a).", valueName: "anchor"))
    var section: String?

    @Option(help: ArgumentHelp("Only changes dated on or after this day (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only changes dated on or before this day (YYYY-MM-DD).", valueName: "date"))
    var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, !Dates.isISODate(value) {
                throw ValidationError("\(name) takes an ISO-8601 date such as 2024-03-01, not '\(value)'.")
            }
        }
        if let since, let until, since.prefix(10) > until.prefix(10) {
            throw ValidationError("--since \(since) is after --until \(until): no change could match.")
        }
    }

    var selection: ChangeSelection {
        ChangeSelection(ids: changes, author: author, section: section, since: since, until: until)
    }
}

/// Where a command writes: standard output, a file, or the input file itself.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file ('-' for standard output).", valueName: "out"))
    var output: String?

    @Flag(help: "Rewrite the input file in place (atomically).")
    var inPlace = false

    func validate() throws {
        if inPlace, output != nil {
            throw ValidationError("Use either --in-place or -o, not both.")
        }
    }

    func destination(for input: String) throws -> String {
        if inPlace {
            guard input != "-" else { throw ValidationError("--in-place needs a file, not standard input; use -o to name the output.") }
            return input
        }
        return output ?? "-"
    }
}

enum Dates {
    static func isISODate(_ s: String) -> Bool {
        let parts = s.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard s.count == 10 || (s.count > 10 && s.dropFirst(10).first == "T"), parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil,
              (1...12).contains(m), (1...31).contains(d) else { return false }
        return true
    }
}
