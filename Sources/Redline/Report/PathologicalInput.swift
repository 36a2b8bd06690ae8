/// The pathological inputs the scanner must handle in linear time, shared by the tests and the
/// benchmark so both measure the same thing.
public enum PathologicalInput: String, CaseIterable, Sendable, CustomStringConvertible {
    case unclosedInsertions = "20,000 unclosed {++"
    case unclosedSubstitutions = "20,000 {~~a~> without a close"
    case nestedBrackets = "10,000 nested ["
    case longLine = "a 10 MB single line"
    case manyChanges = "100,000 closed changes"

    public var description: String { rawValue }

    public var text: String {
        switch self {
        case .unclosedInsertions: String(repeating: "{++", count: 20_000)
        case .unclosedSubstitutions: String(repeating: "{~~a~>", count: 20_000)
        case .nestedBrackets: String(repeating: "[", count: 10_000) + "x" + String(repeating: "](u)", count: 10_000)
        case .longLine: String(repeating: "word {++ins++} ~~del~~ plain text, ", count: 10_000_000 / 35)
        case .manyChanges: String(repeating: "a {++b++} c {--d--}\n", count: 50_000)
        }
    }
}
