/// A finding of the site build about one file, printed as compilers print them:
/// `file:line:column: error: message`.
public struct SiteProblem: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var diagnostic: Diagnostic
    /// A line shown under the message, indented (an untracked edit's redline).
    public var detail: String?

    public init(_ file: String, _ diagnostic: Diagnostic) {
        self.file = file
        self.diagnostic = diagnostic
    }

    public init(_ file: String, _ severity: Diagnostic.Severity, line: Int = 1, column: Int = 1, _ message: String) {
        self.init(file, Diagnostic(severity, at: SourceLocation(line: line, column: column), message))
    }

    public var isError: Bool { diagnostic.severity == .error }
    public var description: String { diagnostic.formatted(file: file) + (detail.map { "\n    " + $0 } ?? "") }

    /// By file, then place: the order a person fixes them in, the same on every run.
    public static func < (a: SiteProblem, b: SiteProblem) -> Bool {
        (a.file, a.diagnostic.location, a.diagnostic.message) < (b.file, b.diagnostic.location, b.diagnostic.message)
    }
}
