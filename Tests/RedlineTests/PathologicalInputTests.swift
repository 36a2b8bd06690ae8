import Foundation
import Testing
@testable import Redline

/// Inputs that make naive scanners quadratic or worse. Each must parse in well under a second on
/// the project's 2-core machine; the bound here is generous (debug build, loaded CI), the real
/// numbers are in BENCHMARKS.md from `make bench`.
@Suite struct PathologicalInputs {
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(arguments: PathologicalInput.allCases)
    func staysLinear(_ input: PathologicalInput) {
        let text = input.text
        var doc: Document?
        let t = Self.seconds { doc = Document(parsing: text) }
        #expect(t < 10, "\(input) took \(t) s")
        #expect(doc != nil)
        if input == .unclosedInsertions { #expect(doc!.diagnostics.count >= 1) }
    }
}
