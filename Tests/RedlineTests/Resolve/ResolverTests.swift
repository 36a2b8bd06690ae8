import Testing
@testable import Redline

@Suite struct Resolving {
    @Test func noWhitespaceArtefacts() {
        #expect(reject("a {++x++} b") == "a b")
        #expect(accept("a {--x--} b") == "a b")
        #expect(reject("word {++x++}.") == "word.")
        #expect(reject("word {++x y++}, then") == "word, then")
        #expect(reject("{++New sentence.++} Old sentence.") == "Old sentence.")
        #expect(reject("line one {++x++}\nline two") == "line one\nline two")
        #expect(accept("a {--old--} {++new++} b") == "a new b")
        #expect(reject("a {--old--} {++new++} b") == "a old b")
        #expect(reject("a {++x++} .") == "a .")  // a space before punctuation that was there stays
    }

    @Test func removedParagraphLeavesOneBlankLine() {
        #expect(accept("A\n\n{--B--}\n\nC\n") == "A\n\nC\n")
        #expect(reject("A\n\n{++B++}\n\nC\n") == "A\n\nC\n")
        #expect(accept("Line1\n{--Line2--}\nLine3") == "Line1\nLine3")
    }

    /// A list item whose whole text is removed goes with its marker: a marker alone is an empty
    /// item, and a `-` alone under a paragraph line makes that paragraph a heading.
    @Test func anItemWhoseTextIsRemovedGoesWithItsMarker() {
        #expect(accept("Employees shall:\n- {--report absences--}\n- keep records\n") == "Employees shall:\n- keep records\n")
        #expect(reject("Employees shall:\n\n1. {++new first item++}\n2. keep\n") == "Employees shall:\n\n2. keep\n")
        #expect(accept("- a\n  * {--b--}\n  * c\n") == "- a\n  * c\n")
        #expect(accept("- a\n- {--b--}") == "- a\n")
        // Not an item with a nested list under it, and not text that stays beside the marker.
        #expect(accept("- {--a--}\n  - nested\n- b\n") == "-\n  - nested\n- b\n")
        #expect(accept("- {--a--} kept\n- b\n") == "- kept\n- b\n")
        #expect(accept("Text - {--a--}\nmore\n") == "Text -\nmore\n")
        // The clean page has no heading and no empty item.
        let page = HTMLRenderer(edition: Edition(document: Document(parsing: "Employees shall:\n- {--report absences--}\n- keep records\n"), view: .clean)).article()
        #expect(!page.contains("<h2") && page.components(separatedBy: "<li").count == 2)
    }

    @Test func nestedDeletionInsideInsertion() {
        let s = "{++Staff shall {--promptly--} report++}"
        let doc = Document(parsing: s)
        #expect(doc.changes.map(\.kind) == [.insertion, .deletion])
        #expect(doc.changes[1].parentID == doc.changes[0].id)
        #expect(doc.accepted == "Staff shall report")
        #expect(doc.rejected == "")
        let inner = doc.changes[1].id, outer = doc.changes[0].id
        let acceptedInner = doc.resolving(ChangeSelection(ids: [inner]), as: .accept)
        #expect(Document(parsing: acceptedInner).accepted == "Staff shall report")
        #expect(Document(parsing: acceptedInner).changes.map(\.id) == [outer])  // ID kept (pinned)
        // The insertion's text changed, so its ID is written into it to keep it stable.
        #expect(doc.resolving(ChangeSelection(ids: [inner]), as: .reject) == "{++{\"id\":\"\(outer)\"}@@Staff shall promptly report++}")
        #expect(doc.resolving(ChangeSelection(ids: [outer]), as: .accept) == "Staff shall {--promptly--} report")
        #expect(doc.resolving(ChangeSelection(ids: [outer]), as: .reject) == "")
    }

    /// A moved passage with edits inside it (as `policy diff` writes one, and Word nests them in
    /// a move): accepting everything gives the edited text, rejecting the move removes it with
    /// its edits, and rejecting only the edits keeps the passage as it was before it moved.
    @Test func editsInsideAnInsertion() {
        let s = "{++Staff {~~may~>shall~~} report {++promptly ++}to the {--building --}principal.++}"
        let doc = Document(parsing: s)
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.changes.map(\.kind) == [.insertion, .substitution, .insertion, .deletion])
        #expect(doc.changes.dropFirst().allSatisfy { $0.parentID == doc.changes[0].id })
        #expect(doc.accepted == "Staff shall report promptly to the principal.")
        #expect(doc.rejected == "")
        // The insertion's text is what accepting everything inside it gives.
        #expect(doc.changes[0].newText == "Staff shall report promptly to the principal.")
        let inner = doc.changes.dropFirst().map(\.id), outer = doc.changes[0].id
        let kept = doc.resolving(ChangeSelection(ids: inner), as: .reject)
        #expect(Document(parsing: kept).accepted == "Staff may report to the building principal.")
        #expect(Document(parsing: kept).changes.map(\.id) == [outer])
        #expect(doc.resolving(ChangeSelection(ids: [outer]), as: .accept) == "Staff {~~may~>shall~~} report {++promptly ++}to the {--building --}principal.")
    }

    @Test func onlySelectedChangesChangeByteForByte() {
        let s = "---\ntitle: T\n---\n# I. A\n\nx  {++a++}\t{--b--}   *y*\n\n## B. C\n\n{~~c~>d~~}\r\n"
        let doc = Document(parsing: s)
        #expect(doc.resolving(ChangeSelection(ids: ["3"]), as: .accept) == "---\ntitle: T\n---\n# I. A\n\nx  {++a++}\t{--b--}   *y*\n\n## B. C\n\nd\r\n")
        #expect(doc.resolving(ChangeSelection(ids: ["nothing"]), as: .reject) == s)
    }

    @Test func selectByAuthorDateAndSection() {
        let s = """
        ---
        revision-author: Clerk
        ---
        # I. One

        {++{"author":"Legal","date":"2024-03-01"}@@a++} {++{"date":"2024-01-15"}@@b++} {++c++}

        ## A. Sub

        {++{"author":"legal","date":"2024-05-01"}@@d++}

        # II. Two

        {++e++}

        """
        let doc = Document(parsing: s)
        func accepted(_ sel: ChangeSelection) -> [String] {
            let kept = Set(Document(parsing: doc.resolving(sel, as: .accept)).changes.map(\.newText))
            return doc.changes.map(\.newText).filter { !kept.contains($0) }
        }
        #expect(accepted(ChangeSelection(author: "Legal")) == ["a", "d"])
        #expect(accepted(ChangeSelection(since: "2024-02-01")) == ["a", "d"])
        #expect(accepted(ChangeSelection(until: "2024-03-01")) == ["a", "b"])
        #expect(accepted(ChangeSelection(author: "Clerk", until: "2024-01-31")) == ["b"])
        #expect(accepted(ChangeSelection(section: "i")) == ["a", "b", "c", "d"])
        #expect(accepted(ChangeSelection(section: "i-a")) == ["d"])
        #expect(accepted(ChangeSelection(section: "ii")) == ["e"])
        #expect(accepted(ChangeSelection(ids: ["1", doc.changes[4].id])) == ["a", "e"])
    }

    @Test func resolvingOneChangeKeepsOtherIDs() {
        let s = "{++x++} and {++x++} and {--y--}"
        let doc = Document(parsing: s)
        let ids = doc.changes.map(\.id)
        #expect(ids[0] != ids[1])
        let out = doc.resolving(ChangeSelection(ids: [ids[0]]), as: .reject)
        #expect(Document(parsing: out).changes.map(\.id) == [ids[1], ids[2]])
    }

    @Test func crlfLineEndingsAreKept() {
        #expect(accept("a {++b++}\r\nc {--d--}\r\n") == "a b\r\nc\r\n")
    }

    @Test func criticMarkupInCodeIsResolvedAsText() {
        #expect(accept("Use `{++x++}`") == "Use `x`")
    }
}

@Suite struct ResolvingEdges {
    @Test func startAndEndOfFileLeaveNoBlankLines() {
        #expect(reject("{++\n# Title\n\nBody.\n++}\n\nRest.\n") == "Rest.\n")
        #expect(accept("{--\nOld.\n--}\n\nRest.\n") == "Rest.\n")
        #expect(reject("{++x++}\n\nRest.\n") == "Rest.\n")
        #expect(reject("Rest.\n\n{++x++}\n") == "Rest.\n")
        #expect(reject("---\nt: 1\n---\n{++x++}\n\nRest.\n") == "---\nt: 1\n---\nRest.\n")
        // A change's kept text that ends the file is kept whole, blank lines included.
        #expect(reject("a{~~\n\n~>~~}") == "a\n\n")
        #expect(accept("a{++\n\n++}") == "a\n\n")
        #expect(accept("a {++b ++}") == "a b ")
    }

    @Test func noSpaceAfterOpeningBrackets() {
        #expect(reject("({++x++} a)") == "(a)")
        #expect(reject("[{++x++} a](u)") == "[a](u)")
        #expect(reject("(a {++x++})") == "(a)")
    }

    @Test func keptTextWithSpacesAtItsEdges() {
        #expect(accept("a {~~x ~> y~~} b") == "a y b")
        #expect(reject("a {~~x ~> y~~} b") == "a x b")
        #expect(accept("a {++ x++} b") == "a x b")
        #expect(reject("a {-- x--} b") == "a x b")
    }

    @Test func resolvingInTwoStepsEqualsOneStep() {
        let s = "a {++Staff {--promptly--}++} b\n"
        let doc = Document(parsing: s)
        let step = Document(parsing: doc.resolving(ChangeSelection(ids: ["2"]), as: .accept))
        #expect(step.accepted == doc.accepted)
        #expect(doc.accepted == "a Staff b\n")
    }
}
