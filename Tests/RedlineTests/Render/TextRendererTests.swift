import Testing
@testable import Redline

@Suite struct TextRendering {
    /// Rules, code blocks and footnotes inserted or deleted whole are marked in the text redline
    /// (a deleted rule showed as a plain rule, an inserted footnote as an unchanged one, and an
    /// inserted code block's closer stood alone on a line).
    @Test func wholeRulesCodeAndFootnotesAreMarked() {
        func redline(_ s: String) -> String {
            TextRenderer(edition: Edition(document: Document(parsing: s), view: .redline), width: 40, color: false).render(fragment: true)
        }
        #expect(redline("Text.\n\n{--\n---\n--}\n\nMore.\n") == "Text.\n\n               [-* * *-]\n\nMore.\n")
        #expect(redline("Text.\n\n{++\n```\ncode\nmore\n```\n++}\n\nMore.\n") == "Text.\n\n    {+code\n    more+}\n\nMore.\n")
        #expect(redline("A{++[^n]++}.\n\n{++\n[^n]: New note.\n++}\n") == "A{+[1]+}.\n\n--------------------\n[1] {+New note.+}\n")
    }

    /// A note added after another, as `policy diff` writes it (the mark opens at the end of the
    /// note before, on its line): the new note is marked, the one before it is not. The new
    /// note showed unmarked and the old one carried an empty insertion (cmark orders notes by
    /// citation, so the change could not be followed across them).
    @Test func aNoteAddedAfterAnotherIsMarked() {
        func redline(_ s: String) -> String {
            TextRenderer(edition: Edition(document: Document(parsing: s), view: .redline), width: 60, color: false).render(fragment: true)
        }
        let added = "A{++[^2]++} and B[^1].\n\n[^1]: Old note.{++\n[^2]: New note.++}\n"
        #expect(redline(added) == "A{+[1]+} and B[2].\n\n--------------------\n[1] {+New note.+}\n\n[2] Old note.\n")
        let html = HTMLRenderer(edition: Edition(document: Document(parsing: added), view: .redline)).article()
        #expect(html.contains("New note.<span class=\"sr-only\"> [insertion ends]</span></ins>"))
        #expect(!html.contains("Old note.<ins"))
        // A note nobody cites any more, deleted: cmark-gfm would drop it, so it shows as text.
        #expect(redline("A[^1].\n\n[^1]: Old note.{--\n[^2]: Gone note.--}\n").hasSuffix("[1] Old note. [-[^2]: Gone note.-]\n"))
    }

    /// A list's markers restyled (`-` for `*`, numbers for bullets), as `policy diff` writes
    /// it: each item stays an item of the new list and shows the change at its start; the
    /// list ran together into one paragraph (`[---]{++} M.G.L. … [---]{++} …`).
    @Test func aListRestyledStaysAList() {
        func redline(_ s: String) -> String {
            TextRenderer(edition: Edition(document: Document(parsing: s), view: .redline), width: 60, color: false).render(fragment: true)
        }
        #expect(redline("References:\n\n{~~-~>*~~} M.G.L. c. 71\n{~~-~>*~~} 603 CMR 53.00\n") == "References:\n\n- [---]{+*+} M.G.L. c. 71\n- [---]{+*+} 603 CMR 53.00\n")
        #expect(redline("{~~1.~>-~~} Warning\n   {~~-~>*~~} verbal\n{~~2.~>-~~} Detention\n") == "- [-1.-]{+-+} Warning\n  - [---]{+*+} verbal\n- [-2.-]{+-+} Detention\n")
        let html = HTMLRenderer(edition: Edition(document: Document(parsing: "{~~-~>1.~~} One\n{~~-~>2.~~} Two\n"), view: .redline)).article()
        #expect(html.contains("<ol>") && html.components(separatedBy: "<li").count == 3)
        // In a quote too; but in code the line is code, and no marker is added to it.
        #expect(redline("> {~~-~>*~~} Alpha\n> {~~-~>*~~} Beta\n") == "> - [---]{+*+} Alpha\n> - [---]{+*+} Beta\n")
        #expect(!redline("Code:\n\n```\n{~~-~>*~~} alpha\n```\n").contains("* "))
    }

    /// A footnote definition no one cites is dropped by cmark-gfm: a change that holds one
    /// shows it as text, and the change after it keeps its own side (an inserted item showed
    /// as deleted, and a note's label hoisted before the change took the change with it).
    @Test func anUncitedNoteInAChangeStaysVisible() {
        func redline(_ s: String) -> String {
            TextRenderer(edition: Edition(document: Document(parsing: s), view: .redline), width: 60, color: false).render(fragment: true)
        }
        let replaced = redline("Body text.{--\n\n[^3]: Old note text.--}{++\n\n- New item text here.++}\n")
        #expect(replaced.contains("[-[^3]: Old note text.-]") && replaced.contains("- {+New item text here.+}"), "\(replaced)")
        #expect(redline("{--[^3]: Old note text.--}{++- New item.++}\n").contains("[-[^3]: Old note text.-]"))
    }

    @Test func paragraphsWrapAtTheWidth() {
        let text = plainText("one two three four five six seven eight nine ten eleven twelve\n", width: 20)
        #expect(text == "one two three four\nfive six seven eight\nnine ten eleven\ntwelve\n")
    }

    @Test func headingsKeepTheirNumberingAndAreUnderlined() {
        #expect(plainText("# Policy\n\n## II. General Policy\n\n### A. Scope\n") == "Policy\n======\n\nII. General Policy\n------------------\n\nA. Scope\n~~~~~~~~\n")
    }

    @Test func listsHangTheirText() {
        let text = plainText("1. first item that is long enough to wrap here\n2. second\n   - nested bullet that wraps as well\n", width: 30)
        #expect(text == "1. first item that is long\n   enough to wrap here\n2. second\n   - nested bullet that wraps\n     as well\n")
        #expect(plainText("8. a\n9. b\n10. c\n") == "8.  a\n9.  b\n10. c\n")
    }

    @Test func tablesAreLaidOutInColumns() {
        let text = plainText("| Name | Qty |\n|:-----|----:|\n| pens | 3 |\n| paper | 12 |\n")
        #expect(text == "Name   Qty\n-----  ---\npens     3\npaper   12\n")
    }

    @Test func wideTablesWrapTheirCells() {
        let text = plainText("| Term | Meaning |\n|---|---|\n| staff | every person employed by the district in any role whatsoever, full or part time |\n", width: 40)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(text.contains("staff  every person employed by the"))
    }

    @Test func footnotesAreCollectedAtTheEnd() {
        let text = plainText("See this[^a] and that[^b].\n\n[^a]: First note.\n[^b]: Second note.\n")
        #expect(text == "See this[1] and that[2].\n\n--------------------\n[1] First note.\n\n[2] Second note.\n")
    }

    @Test func linksShowTheirDestination() {
        let text = plainText("[the policy](https://x.org/p) <https://x.org/auto> [mail](mailto:a@b.org) [bad](javascript:x) [here](#ii)\n")
        #expect(text == "the policy <https://x.org/p> https://x.org/auto mail <mailto:a@b.org>\nbad here\n")
    }

    @Test func theRedlineUsesWordDiffMarkers() {
        let source = "Keep {--old--}{++new++} and {~~this~>that~~} here{>>why?<<}. {==Look==}{>>at this<<} now.\n"
        #expect(plainText(source, .redline) == "Keep [-old-]{+new+} and [-this-]{+that+} here. [>>why?<<] {=Look=} [>>at\nthis<<] now.\n")
        #expect(plainText(source, .clean) == "Keep new and that here. Look now.\n")
        #expect(plainText(source, .original) == "Keep old and this here. Look now.\n")
    }

    @Test func markersHugTheWordsNotTheSpaces() {
        #expect(plainText("The following {++general policy ++}{--rules of use --}and more.\n", .redline)
                == "The following {+general policy+} [-rules of use-] and more.\n")
        #expect(plainText("informing {++e++}{--E--}mployees\n", .redline) == "informing {+e+}[-E-]mployees\n")
    }

    /// The paragraph break inside the change is shown as `¶` where the first paragraph ends:
    /// "One" and "four." are one paragraph in the reading without the change.
    @Test func aChangeAcrossParagraphsClosesAndReopens() {
        #expect(plainText("One {++two\n\nthree++} four.\n", .redline) == "One {+two¶+}\n\n{+three+} four.\n")
        #expect(plainText("- a {--x\n- b--} y\n- c\n", .redline) == "- a [-x¶-]\n- [-b-] y\n- c\n")
        // An item break inserted (a line break and the next item's marker) is a sign, not an
        // empty pair.
        #expect(plainText("- First item here.{++\n- ++}Second item here.\n", .redline) == "- First item here.{+¶+}\n- Second item here.\n")
        // Blocks inside the change whole need no sign, nor a change that starts a block.
        #expect(plainText("One.\n\n{++Two.\n\nThree.++} Four.\n", .redline) == "One.\n\n{+Two.+}\n\n{+Three.+} Four.\n")
        #expect(plainText("One.{++\n\n++}Two.\n", .redline) == "One.{+¶+}\n\nTwo.\n")
    }

    @Test func wholeBlockChangesWrapEachBlock() {
        #expect(plainText("A.\n\n{--\n## Gone\n\n- x\n--}\n", .redline) == "A.\n\n[-Gone-]\n--------\n\n- [-x-]\n")
    }

    @Test func colourIsOnlyAddedWhenAsked() {
        let coloured = plainText("a {++b++} {--c--}\n", .redline, color: true)
        #expect(coloured == "a \u{1B}[32m{+b+}\u{1B}[0m \u{1B}[31m[-c-]\u{1B}[0m\n")
        #expect(!plainText("a {++b++}\n", .redline).contains("\u{1B}"))
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        #expect(plainText("bell\u{7} and \u{1B}]0;title\u{7}\n") == "bell^G and ^[]0;title^G\n")
    }

    @Test func theHeaderNamesTheViewAndCountsChanges() {
        let document = Document(parsing: "---\ntitle: Staff Policy\nstatus: draft\nversion: 2\n---\nA {++b++}.\n")
        let text = TextRenderer(edition: Edition(document: document, view: .redline)).render()
        #expect(text.hasPrefix("Staff Policy\n============\nStatus: draft | Version: 2\nRedline (changes shown)\nDRAFT: not an adopted policy.\n1 change: 1 insertion.\n"))
    }
}

@Suite struct WordWrapping {
    static func words(_ text: String) -> [String] {
        var wrapper = WordWrapper()
        wrapper.text(text)
        wrapper.finishWord()
        return wrapper.words.map(\.text)
    }

    /// ASCII runs go by bytes, the rest by Characters: the same words either way, Unicode's
    /// white space (a no-break space, an ideographic space) separating them too, and wide
    /// characters two columns.
    @Test func wordsAcrossASCIIAndOtherText() {
        #expect(Self.words("Staff  shall\treport\npromptly.") == ["Staff", "shall", "report", "promptly."])
        #expect(Self.words("“Quoted” words—and café") == ["“Quoted”", "words—and", "café"])
        #expect(Self.words("a\u{A0}b c\u{3000}d") == ["a", "b", "c", "d"])
        var wrapper = WordWrapper()
        wrapper.text("政策 ab")
        wrapper.finishWord()
        #expect(wrapper.words.map(\.width) == [4, 2])
        // A control character is shown, not taken for a word break.
        #expect(Self.words("a\u{1}b") == ["a^Ab"])
        // A combining mark after a space stays (as one Character with the space, it was taken
        // for white space and dropped).
        #expect(Self.words("a \u{301}b") == ["a", "\u{301}b"])
    }
}
