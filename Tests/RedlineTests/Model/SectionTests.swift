import Testing
@testable import Redline

@Suite struct Sections {
    /// Anchors keep letters of every script, and never take an id the page gives something
    /// else (its `main`, the summary's title, change and footnote anchors).
    /// A section inserted whole belongs to itself, not to the section before it where its
    /// delimiter stands; `accept --section` and the summaries count it there.
    @Test func aSectionInsertedWholeIsInItself() {
        let doc = Document(parsing: "## I. One\n\nText.\n{++\n## II. Two\n\nNew {--old--} text.\n++}\n## III. Three\n\n{++More.++}\n")
        #expect(doc.changes.map { $0.section?.anchor } == ["ii", "ii", "iii"])
    }

    @Test func anchorsKeepEveryScriptAndAvoidThePagesOwnIds() {
        let doc = Document(parsing: "## Café\n\n## Défïnitions \"quotes\"\n\n## 政策\n\n## 政策\n\n## Text\n\n## Summary Title\n\n## Change X\n\n## Fn 1\n\n## Plain\n")
        #expect(doc.sections.map(\.anchor) == ["café", "défïnitions-quotes", "政策", "政策-2", "section-text", "section-summary-title",
                                               "section-change-x", "section-fn-1", "plain"])
        // A duplicate's `-2` cannot make a change's anchor either.
        #expect(Document(parsing: "## Change\n\n## Change\n").sections.map(\.anchor) == ["section-change", "section-change-2"])
    }

    @Test func labelsAsWritten() {
        #expect(SectionBuilder.numberingLabel(of: "II. General Policy") == "II.")
        #expect(SectionBuilder.numberingLabel(of: "A. Legal Activities") == "A.")
        #expect(SectionBuilder.numberingLabel(of: "1) Improper contact") == "1)")
        #expect(SectionBuilder.numberingLabel(of: "3.1 Scope") == "3.1")
        #expect(SectionBuilder.numberingLabel(of: "b) Item") == "b)")
        #expect(SectionBuilder.numberingLabel(of: "A recommendation") == nil)
        #expect(SectionBuilder.numberingLabel(of: "2024 Review") == nil)
        #expect(SectionBuilder.numberingLabel(of: "Purpose") == nil)
    }

    @Test func anchorsFromLabelPathsElseFromText() {
        let doc = Document(parsing: "# Title\n\n## I. Purpose\n\n## II. General\n\n### A. Legal\n\n### Please Keep in Mind: Tips\n\n### B. More\n\n## II. Again\n")
        #expect(doc.sections.map(\.anchor) == ["title", "i", "ii", "ii-a", "please-keep-in-mind-tips", "ii-b", "ii-2"])
        #expect(doc.sections[2].label == "II.")
        #expect(doc.sections[2].title == "II. General")
    }

    @Test func anchorsSurviveHeadingEditsAndAreTheSameInBothReadings() {
        let s = "## II. {~~General~>Overall~~} Policy\n\ntext {++x++}\n"
        let doc = Document(parsing: s)
        #expect(doc.sections.map(\.anchor) == ["ii"])
        #expect(doc.sections[0].title == "II. Overall Policy")
        #expect(Document(parsing: doc.rejected).sections.map(\.anchor) == ["ii"])
        #expect(doc.changes.map { $0.section?.anchor } == ["ii", "ii"])
    }

    @Test func sectionRangesPointIntoTheSource() {
        let doc = Document(parsing: "---\nt: 1\n---\nIntro {++x++}\n\n## I. One\n")
        #expect(doc.sections[0].range.start == SourceLocation(line: 6, column: 1))
        #expect(doc.changes[0].section == nil)
    }

    @Test func blocksOfTheAcceptedReading() {
        let doc = Document(parsing: "# I. A\n\n1) one\n2) {++two++}\n\n| a |\n|---|\n| b |\n\nNote[^1].\n\n[^1]: A footnote.\n")
        let kinds = doc.blocks.children.map(\.kind)
        #expect(kinds.count == 5)
        #expect(kinds[1] == .list(ordered: true, start: 1, tight: true, delimiter: ")"))
        #expect(kinds[2] == .table(alignments: [.none]))
        if case .footnoteDefinition = kinds[4] {} else { Issue.record("expected a footnote definition, got \(kinds[4])") }
        #expect(doc.blocks.children[1].range?.start == SourceLocation(line: 3, column: 1))
        #expect(doc.blocks.children[1].plainText.contains("two"))
    }
}

@Suite struct FrontMatters {
    @Test func keysAreReadAndKeptAsWritten() {
        let s = "---\ntitle: Staff Use\ncode: GBEB\nstatus: draft\nversion: 2\nextra:\n  - a\n---\nBody {++x++}\n"
        let doc = Document(parsing: s)
        #expect(doc.frontMatter.title == "Staff Use")
        #expect(doc.frontMatter.code == "GBEB")
        #expect(doc.frontMatter.version == "2")
        #expect(doc.frontMatter["extra"] != nil)
        #expect(doc.accepted == "---\ntitle: Staff Use\ncode: GBEB\nstatus: draft\nversion: 2\nextra:\n  - a\n---\nBody x\n")
    }

    @Test func markupInFrontMatterIsNotAChange() {
        #expect(Document(parsing: "---\ntitle: a {++b++}\n---\n").changes.isEmpty)
    }

    @Test func noFrontMatter() {
        #expect(Document(parsing: "--- \nnot closed\n").frontMatter.raw == "")
    }
}
