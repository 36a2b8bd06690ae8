import Foundation

/// A `policy` command: its spec, how it reads its parsed arguments, and what it does.
protocol Subcommand {
    static var spec: CommandSpec { get }
    /// Reads the arguments; throws ``UsageError`` for values that do not make sense together.
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Does the work; throws ``Failed`` (printed, exit 1 or 2) or ``Exit``.
    func run() throws
}

/// Ends the command with this status and nothing more to print (`diff` found differences).
struct Exit: Error {
    var status: Int32
    init(_ status: Int32) { self.status = status }
}

/// A failure already explained: print the message and exit 1 (2 for `diff` and `verify`,
/// whose 1 means "differs").
struct Failed: Error {
    var message: String
    var status: Int32 = 1
}

extension Subcommand {
    /// Runs `body`; a ``Failed`` thrown inside it ends the command with `status`.
    static func exitAfterFailure(status: Int32 = 1, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch var failed as Failed {
            failed.status = status
            throw failed
        }
    }
}
