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
}
