/// What a command takes: ``ParsedArguments`` reads the command line by it and `--help` prints
/// it, so the options parsed and the options documented are one list. (A default is written
/// here for help and again where the command reads the option.)
///
/// Redline parses its own command line rather than through swift-argument-parser: that library
/// builds its options from generic metadata at every start, each instantiation a scan of the
/// static Foundation's ~6,000 protocol conformance records, which cost about 2 ms and 1 MiB of
/// every run, a third of rendering a short policy.
struct CommandSpec: Sendable {
    /// A positional argument.
    struct Argument: Sendable {
        var name: String
        var help: String
        /// Takes every remaining positional value (`lint FILE…`).
        var repeats = false
        var required = true
    }

    /// An option with a value (`--view clean`) or, with no `value` name, a flag (`--fragment`).
    struct Option: Sendable {
        var long: String
        var short: Character?
        /// The value's name in help (`<view>`); nil for a flag.
        var value: String?
        var help: String
        /// The values it accepts, when they are a fixed set.
        var choices: [String] = []
        /// The default, shown in help.
        var defaultValue: String?
        /// Takes values up to the next option (`--change 3 a1b2c3d4`).
        var repeats = false
        var required = false

        static func flag(_ long: String, short: Character? = nil, help: String) -> Option {
            Option(long: long, short: short, value: nil, help: help)
        }

        static func value(_ long: String, short: Character? = nil, _ value: String, help: String,
                          choices: [String] = [], default defaultValue: String? = nil,
                          repeats: Bool = false, required: Bool = false) -> Option {
            Option(long: long, short: short, value: value, help: help, choices: choices,
                   defaultValue: defaultValue, repeats: repeats, required: required)
        }

        /// An option whose values are an enumeration's cases.
        static func choice<T: RawRepresentable & CaseIterable>(_ long: String, _ type: T.Type, help: String, default defaultValue: T? = nil) -> Option
        where T.RawValue == String {
            Option(long: long, short: nil, value: long, help: help, choices: T.allCases.map(\.rawValue),
                   defaultValue: defaultValue?.rawValue)
        }

        var isFlag: Bool { value == nil }

        /// How usage lines and errors name it: `--view <view>`.
        var synopsis: String {
            "--\(long)" + (value.map { " <\($0)>" } ?? "") + (repeats ? " ..." : "")
        }

        var names: String {
            (short.map { "-\($0), " } ?? "") + "--\(long)" + (value.map { " <\($0)>" } ?? "") + (repeats ? " ..." : "")
        }
    }

    var name: String
    var abstract: String
    var discussion: String
    var arguments: [Argument] = []
    var options: [Option] = []

    /// `policy render <file> [--view <view>] …`
    var usage: String {
        var parts = ["policy", name]
        for argument in arguments {
            let shown = "<\(argument.name)>" + (argument.repeats ? " ..." : "")
            parts.append(argument.required ? shown : "[\(shown)]")
        }
        for option in options {
            parts.append(option.required ? option.synopsis : "[\(option.synopsis)]")
        }
        return parts.joined(separator: " ")
    }

    /// The text `--help` prints: overview, discussion (with the examples), usage, then every
    /// argument and option with its help.
    var help: String {
        var text = "OVERVIEW: \(abstract)\n\n"
        if !discussion.isEmpty { text += discussion + "\n\n" }
        text += "USAGE: \(usage)\n\n"
        if !arguments.isEmpty {
            text += "ARGUMENTS:\n"
            for argument in arguments {
                text += Self.row("<\(argument.name)>" + (argument.repeats ? " ..." : ""), argument.help)
            }
            text += "\n"
        }
        text += "OPTIONS:\n"
        for option in options {
            var help = option.help
            let values = option.choices.isEmpty ? nil : "values: " + option.choices.joined(separator: ", ")
            let value = option.defaultValue.map { "default: \($0)" }
            let notes = [values, value].compactMap { $0 }
            if !notes.isEmpty { help += " (" + notes.joined(separator: "; ") + ")" }
            text += Self.row(option.names, help)
        }
        text += Self.row("-h, --help", "Show help information.")
        return text
    }

    /// `  name    help`, the help wrapped at 80 columns under a 26-column label.
    static func row(_ label: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: 26)
        var lines: [String] = []
        var line = ""
        for word in help.split(separator: " ") {
            if !line.isEmpty, 26 + line.count + 1 + word.count > 80 {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        let head = "  " + label
        var text = head.count <= 24 ? head + String(repeating: " ", count: 26 - head.count) + lines[0] + "\n"
                                    : head + "\n" + indent + lines[0] + "\n"
        for rest in lines.dropFirst() { text += indent + rest + "\n" }
        return text
    }
}
