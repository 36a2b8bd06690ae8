import Foundation
import Testing
@testable import Redline

/// Inputs that make naive scanners quadratic or worse. They are parsed here for correctness;
/// their speed is measured by `make bench` (BENCHMARKS.md), not by a timed test that a loaded
/// CI machine would make flaky. A quadratic scanner would not finish these within CI's limit.
@Suite struct PathologicalInputs {
    @Test(arguments: PathologicalInput.allCases)
    func parsesWithoutLosingText(_ input: PathologicalInput) {
        let text = input.text
        let doc = Document(parsing: text)
        if input == .unclosedInsertions { #expect(doc.diagnostics.count >= 1) }
        // Whatever the markup, accepting and rejecting keep every byte outside the marks.
        #expect(doc.source == text)
        if doc.changes.isEmpty {
            #expect(doc.accepted == text || !doc.diagnostics.isEmpty)
        }
    }

    /// "Billion laughs": nine levels of nine aliases. Writing the values out would take 387
    /// million nodes (the command hung); each is refused where it stands, and the rest of the
    /// front matter is read.
    @Test func exponentialAliasesInFrontMatterAreRefused() {
        var lines = ["---", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]") }
        lines += ["title: Kept", "---", "", "# Body", ""]
        let doc = Document(parsing: lines.joined(separator: "\n"))
        let refused = doc.diagnostics.filter { $0.message.contains("expands to more than") }
        #expect(refused.map(\.location.line) == Array(6...11), "\(doc.diagnostics)")
        #expect(doc.frontMatter.title == "Kept")
        #expect(doc.frontMatter["a1"]?.contains("lol") == true, "a small value is still read")
    }
}
