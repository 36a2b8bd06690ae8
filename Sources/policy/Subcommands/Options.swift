import Redline

/// Which changes `accept` and `reject` act on; with none of these, all of them.
struct SelectionOptions {
    static let options: [CommandSpec.Option] = [
        .value("change", "id", help: "Only these changes, by ID or ordinal (as `policy changes` lists them).", repeats: true),
        .value("author", "name", help: "Only changes by this author (case-insensitive)."),
        .value("section", "anchor", help: "Only changes in this section and its subsections, by anchor (e.g. ii-a)."),
        .value("since", "date", help: "Only changes dated on or after this day (YYYY-MM-DD)."),
        .value("until", "date", help: "Only changes dated on or before this day (YYYY-MM-DD)."),
    ]

    var changes: [String]
    var author: String?
    var section: String?
    var since: String?
    var until: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        changes = arguments.all("change")
        author = arguments.value("author")
        section = arguments.value("section")
        since = arguments.value("since")
        until = arguments.value("until")
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, !Dates.isISODate(value) {
                throw UsageError("\(name) takes an ISO-8601 date such as 2024-03-01, not '\(value)'.", spec: arguments.spec)
            }
        }
        if let since, let until, since.prefix(10) > until.prefix(10) {
            throw UsageError("--since \(since) is after --until \(until): no change could match.", spec: arguments.spec)
        }
    }

    var selection: ChangeSelection {
        ChangeSelection(ids: changes, author: author, section: section, since: since, until: until)
    }
}

/// Where a command writes: standard output, a file, or the input file itself.
struct OutputOptions {
    static let options: [CommandSpec.Option] = [
        .output,
        .flag("in-place", help: "Rewrite the input file in place (atomically)."),
    ]

    var output: String?
    var inPlace: Bool
    let spec: CommandSpec

    init(_ arguments: ParsedArguments) throws(UsageError) {
        output = arguments.value("output")
        inPlace = arguments.flag("in-place")
        spec = arguments.spec
        if inPlace, output != nil {
            throw UsageError("Use either --in-place or -o, not both.", spec: spec)
        }
    }

    func destination(for input: String) throws(UsageError) -> String {
        if inPlace {
            guard input != "-" else { throw UsageError("--in-place needs a file, not standard input; use -o to name the output.", spec: spec) }
            return input
        }
        return output ?? "-"
    }
}

extension CommandSpec {
    /// Refuses an output that is one of the command's inputs: only `accept` and `reject`
    /// rewrite a source; a page or a report written over it would lose the policy.
    func refuseOverwriting(_ inputs: [String], with output: String?) throws(UsageError) {
        guard let output else { return }
        for input in inputs where SourceFile.isSameFile(input, output) {
            throw UsageError("-o \(output) is the input \(input): writing there would replace it; name another file.", spec: self)
        }
    }
}

extension CommandSpec.Option {
    /// `-o FILE`, as most commands take it.
    static let output = CommandSpec.Option.value("output", short: "o", "out", help: "Write to this file ('-' for standard output).")
}

extension CommandSpec.Argument {
    /// The policy source most commands read.
    static let source = CommandSpec.Argument(name: "file", help: "The policy source ('-' for standard input).")
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
