import Foundation
import Redline

/// `policy`: reads the command line, runs the command it names, and turns what it throws into
/// a message on standard error and an exit status (64 for bad usage, as `sysexits.h` says).
@main
enum Policy {
    static let abstract = "Author, review and resolve tracked changes in policy documents."

    static let discussion = """
        A policy source is Markdown with revision markup ({++inserted++}, {--deleted--},
        {~~old~>new~~}, {>>comment<<}, ~~struck~~, ++added++). See docs/markup.md.

        Example:
          policy changes policy-src/staff-social-media/v2.md
        """

    static var commands: [any Subcommand.Type] { [
        Changes.self, Accept.self, Reject.self, Render.self, Diff.self, Verify.self, Lint.self, Build.self, New.self, Revise.self, Manual.self, Import.self, Export.self,
    ] }

    static func main() {
        ProcessMemory.returnLargeBlocksPromptly()
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs a command line and returns the exit status.
    static func run(_ tokens: [String]) -> Int32 {
        guard let first = tokens.first else {
            printError(UsageError("name a command.").report)
            return 64
        }
        switch first {
        case "--help", "-h":
            print(help, terminator: "")
            return 0
        case "help":
            // `policy help render`, as git and swift-argument-parser have it.
            guard tokens.count > 1 else { print(help, terminator: ""); return 0 }
            guard let command = command(named: tokens[1]) else { return unknown(tokens[1]) }
            print(command.spec.help, terminator: "")
            return 0
        case "--version":
            print(RedlineVersion.string)
            return 0
        default:
            break
        }
        guard let command = command(named: first) else { return unknown(first) }
        let rest = Array(tokens.dropFirst())
        if ParsedArguments.asksForHelp(rest) {
            print(command.spec.help, terminator: "")
            return 0
        }
        do {
            try command.init(ParsedArguments(rest, spec: command.spec)).run()
            return 0
        } catch let error as UsageError {
            printError(error.report)
            return 64
        } catch let failed as Failed {
            printError(failed.message.hasSuffix("\n") ? failed.message : failed.message + "\n")
            return failed.status
        } catch let exit as Exit {
            return exit.status
        } catch {
            printError("policy \(first): error: \(error)\n")
            return 1
        }
    }

    private static func command(named name: String) -> (any Subcommand.Type)? {
        commands.first { $0.spec.name == name }
    }

    private static func unknown(_ name: String) -> Int32 {
        let names = commands.map { $0.spec.name }
        printError(UsageError("Unknown command '\(name)'; the commands are \(ParsedArguments.list(names)).").report)
        return 64
    }

    /// The overview `policy --help` prints.
    static var help: String {
        var text = "OVERVIEW: \(abstract)\n\n\(discussion)\n\nUSAGE: policy <command> [<arguments>]\n\nOPTIONS:\n"
        text += CommandSpec.row("--version", "Show the version.")
        text += CommandSpec.row("-h, --help", "Show help information.")
        text += "\nCOMMANDS:\n"
        for command in commands { text += CommandSpec.row(command.spec.name, command.spec.abstract) }
        text += "\n  See 'policy help <command>' for detailed help.\n"
        return text
    }

    private static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

enum RedlineVersion {
    static let string = "0.1.0"
}
