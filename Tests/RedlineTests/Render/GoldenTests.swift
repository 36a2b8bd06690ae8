import Foundation
import Testing
@testable import Redline

/// The seed policy in every view and format, against files a person has read. To change them:
/// `REDLINE_UPDATE_GOLDEN=1 swift test --filter Golden`, then read the diff before committing.
@Suite struct Golden {
    static let seed = HTMLChecker.root.appendingPathComponent("policy-src/staff-social-media/v2.md")
    static let directory = HTMLChecker.root.appendingPathComponent("Tests/RedlineTests/Golden")

    static func check(_ actual: String, _ name: String) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["REDLINE_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("\(name) differs at line \(line + 1):\n  expected: \(line < e.count ? String(e[line]) : "<end>")\n  actual:   \(line < a.count ? String(a[line]) : "<end>")")
        }
    }

    @Test(arguments: View.allCases)
    func seedPage(_ view: View) throws {
        let document = Document(parsing: try String(contentsOf: Self.seed, encoding: .utf8))
        let page = try HTMLPage().render(Edition(document: document, view: view), source: "draft.md")
        try Self.check(page, "staff-social-media.\(view.rawValue).html")
        #expect(try HTMLChecker.problems([page]) == [])
    }

    @Test(arguments: View.allCases)
    func seedText(_ view: View) throws {
        let document = Document(parsing: try String(contentsOf: Self.seed, encoding: .utf8))
        try Self.check(TextRenderer(edition: Edition(document: document, view: view)).render(), "staff-social-media.\(view.rawValue).txt")
    }

    /// Computed redlines of three corpus pairs, as markup and as the text edition: what
    /// `policy diff` writes, read by a person for changes shown, hidden or invented.
    static let redlinePairs = ["013-github-acceptable-use-policies", "019-github-community-guidelines", "022-github-sponsors-additional-terms"]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"),
          arguments: redlinePairs)
    func corpusRedline(_ pair: String) throws {
        let directory = CmarkParity.corpus.appendingPathComponent(pair)
        let old = try String(contentsOf: directory.appendingPathComponent("old.md"), encoding: .utf8)
        let new = try String(contentsOf: directory.appendingPathComponent("new.md"), encoding: .utf8)
        let comparison = try Comparison(old: old, new: new)
        try Self.check(comparison.markup, "diff-\(pair).md")
        let edition = Edition(document: Document(parsing: comparison.markup), view: .redline)
        try Self.check(TextRenderer(edition: edition).render(), "diff-\(pair).txt")
    }

    /// Anchors agree across the three views of the seed.
    @Test func seedAnchorsAgree() throws {
        let document = Document(parsing: try String(contentsOf: Self.seed, encoding: .utf8))
        let clean = Set(Edition(document: document, view: .clean).headings.map(\.anchor))
        let original = Set(Edition(document: document, view: .original).headings.map(\.anchor))
        let redline = Set(Edition(document: document, view: .redline).headings.map(\.anchor))
        #expect(clean.isSubset(of: redline))
        #expect(original.isSubset(of: redline))
        #expect(clean.contains("ii") && original.contains("ii"))
        #expect(clean == Set(document.sections.map(\.anchor)))
    }
}
