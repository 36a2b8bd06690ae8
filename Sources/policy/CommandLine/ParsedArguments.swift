/// A command line read by a ``CommandSpec``: its positional values and its options' values.
///
/// The conventions are those of swift-argument-parser and most Unix tools: `--name value`,
/// `--name=value`, `-o value`, flags alone, `--` ends the options, a lone `-` is a value
/// (standard input or output). An option given twice keeps its last value. A repeating option
/// takes the values after it up to the next option.
struct ParsedArguments {
    let spec: CommandSpec
    private(set) var positional: [String] = []
    private var values: [String: [String]] = [:]

    init(_ tokens: [String], spec: CommandSpec) throws(UsageError) {
        self.spec = spec
        var i = 0
        var optionsEnded = false
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            if optionsEnded || !Self.looksLikeOption(token) {
                positional.append(token)
                continue
            }
            if token == "--" {
                optionsEnded = true
                continue
            }
            var name = token, attached: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                attached = String(token[token.index(after: equals)...])
            }
            guard let option = spec.option(named: name) else {
                throw UsageError("Unknown option '\(name)'", spec: spec)
            }
            if option.isFlag {
                if attached != nil { throw UsageError("'\(name)' takes no value", spec: spec) }
                values[option.long, default: []] = ["true"]
                continue
            }
            var taken: [String] = []
            if let attached {
                taken.append(attached)
            } else if i < tokens.count, !Self.looksLikeOption(tokens[i]) || Self.isNegativeNumber(tokens[i]) {
                taken.append(tokens[i])
                i += 1
            }
            if option.repeats {
                // `--change 3 a1b2c3d4 file.md` is ambiguous; past the first value, a lone `-`
                // (standard input) and anything after it stay positional.
                while i < tokens.count, !Self.looksLikeOption(tokens[i]), tokens[i] != "-", attached == nil {
                    taken.append(tokens[i])
                    i += 1
                }
            }
            guard !taken.isEmpty else { throw UsageError("Missing value for '\(option.synopsis)'", spec: spec, option: option) }
            for value in taken where !option.choices.isEmpty && !option.choices.contains(value) {
                throw UsageError("The value '\(value)' is invalid for '\(option.synopsis)'. Please provide one of \(Self.list(option.choices)).",
                                 spec: spec, option: option)
            }
            values[option.long] = option.repeats ? values[option.long, default: []] + taken : taken
        }
        let required = spec.arguments.filter(\.required).count
        if positional.count < required {
            let missing = spec.arguments[positional.count]
            throw UsageError("Missing expected argument '<\(missing.name)>'", spec: spec)
        }
        if positional.count > spec.arguments.count, spec.arguments.last?.repeats != true {
            throw UsageError("Unexpected argument '\(positional[spec.arguments.count])'", spec: spec)
        }
        for option in spec.options where option.required && values[option.long] == nil {
            throw UsageError("Missing expected argument '\(option.synopsis)'", spec: spec, option: option)
        }
    }

    /// `-x`, `--name`, `--`; not `-` alone.
    private static func looksLikeOption(_ token: String) -> Bool {
        token.count > 1 && token.hasPrefix("-")
    }

    private static func isNegativeNumber(_ token: String) -> Bool {
        token.hasPrefix("-") && Int(token) != nil
    }

    /// `'a', 'b' or 'c'`
    static func list(_ items: [String]) -> String {
        let quoted = items.map { "'\($0)'" }
        return quoted.count < 2 ? quoted.joined() : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    /// Whether `--help` or `-h` comes before any `--`.
    static func asksForHelp(_ tokens: [String]) -> Bool {
        for token in tokens {
            if token == "--" { return false }
            if token == "--help" || token == "-h" { return true }
        }
        return false
    }

    // MARK: Reading values

    /// The option's value, or nil when it was not given.
    func value(_ long: String) -> String? { values[long]?.last }

    /// Every value a repeating option was given.
    func all(_ long: String) -> [String] { values[long] ?? [] }

    func flag(_ long: String) -> Bool { values[long] != nil }

    /// An option whose choices are an enumeration's cases (checked when parsed).
    func choice<T: RawRepresentable>(_ long: String, default defaultValue: T) -> T where T.RawValue == String {
        value(long).flatMap(T.init(rawValue:)) ?? defaultValue
    }

    func choice<T: RawRepresentable>(_ long: String) -> T? where T.RawValue == String {
        value(long).flatMap(T.init(rawValue:))
    }

    func integer(_ long: String, default defaultValue: Int) throws(UsageError) -> Int {
        guard let text = value(long) else { return defaultValue }
        guard let number = Int(text) else {
            throw UsageError("The value '\(text)' is invalid for '\(spec.option(named: "--" + long)!.synopsis)'", spec: spec)
        }
        return number
    }
}

extension CommandSpec {
    /// The option a command-line token names: `--view` or `-o`.
    func option(named token: String) -> Option? {
        if token.hasPrefix("--") {
            let long = token.dropFirst(2)
            return options.first { $0.long == long }
        }
        guard token.count == 2 else { return nil }
        return options.first { $0.short == token.last }
    }
}

/// Bad usage: printed with the command's usage line, exit status 64 (EX_USAGE, as
/// swift-argument-parser and BSD tools use).
struct UsageError: Error {
    var message: String
    var spec: CommandSpec?
    var option: CommandSpec.Option?

    init(_ message: String, spec: CommandSpec? = nil, option: CommandSpec.Option? = nil) {
        self.message = message
        self.spec = spec
        self.option = option
    }

    /// `Error: …`, the option's help, the usage line and where to read more.
    var report: String {
        var text = "Error: \(message)\n"
        if let option { text += "Help:  \(option.synopsis)  \(option.help)\n" }
        if let spec {
            text += "Usage: \(spec.usage)\n  See 'policy \(spec.name) --help' for more information.\n"
        } else {
            text += "Usage: policy <command> [<arguments>]\n  See 'policy --help' for more information.\n"
        }
        return text
    }
}
