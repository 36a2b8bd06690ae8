import Testing
@testable import Redline

@Suite struct RedlineReadingTree {
    func dump(_ s: String) -> String { TreeDump.dump(Document(parsing: s).redline()) }

    @Test func inlineChangesBecomeMilestones() {
        #expect(dump("Staff {--may--}{++shall++} report {~~absences~>all absences~~} to the {==principal==}{>>title?<<}.") == """
        document
          paragraph
            Staff <del>may</del><ins>shall</ins> report <del>absences</del><ins>all absences</ins> to the <mark>principal</mark><comment/>.

        """)
    }

    @Test func markersCarryTheChangeIDs() {
        let doc = Document(parsing: "a {++b++} c")
        let inlines = doc.redline().children[0].inlines
        #expect(inlines[1] == .changeStart(ChangeMarker(id: doc.changes[0].id, role: .inserted)))
        #expect(inlines[3] == .changeEnd(ChangeMarker(id: doc.changes[0].id, role: .inserted)))
    }

    /// A closer in another text node than its opener still ends the right side (the `*` here
    /// stays literal: a mark that cuts emphasis in half cannot be both, docs/markup.md §3).
    @Test func aCloserInAnotherTextNodeEndsTheRightSide() {
        #expect(dump("*italic {~~fonts*~>font-styles*~~}") == """
        document
          paragraph
            *italic <del>fonts*</del><ins>font-styles*</ins>

        """)
    }

    /// Emphasis that a change begins or ends beside still emphasises (the sentinels stand
    /// between punctuation marks, so `*…research.*` before a closer is right-flanking).
    @Test func emphasisBesideAChangeStaysEmphasis() {
        let inlines = Document(parsing: "A {++*GitHub considers research.*++} end and {++**bold**++}x.").redline().children[0].inlines
        #expect(inlines.contains(.emphasis([.text("GitHub considers research.")])))
        #expect(inlines.contains(.strong([.text("bold")])))
        #expect(!inlines.contains { if case .text(let t) = $0 { t.contains("*") || t.unicodeScalars.contains { $0.value == 0x2E2E } } else { false } })
    }

    /// A heading whose level changed is still a heading, of its new level, with the change of
    /// its `#` marks shown at the start of its text.
    @Test func aHeadingLevelChangeStaysAHeading() {
        #expect(dump("###{--#--} 8. Advertising\nText.\n\n{~~####~>##~~} 9. Last\n\nBody {++#++} here.\n") == """
        document
          heading 3
            <del>#</del> 8. Advertising
          paragraph
            Text.
          heading 2
            <del>####</del><ins>##</ins> 9. Last
          paragraph
            Body <ins>#</ins> here.

        """)
        // `#` marks in a code block are code, changed in place.
        #expect(dump("```\n##{++#++} x\n```\n").contains("##<ins>#</ins> x"))
    }

    @Test func shorthandAndNesting() {
        #expect(dump("is ~~his or her~~ ++their++ own {++a {--b--} c++}") == """
        document
          paragraph
            is <del>his or her</del> <ins>their</ins> own <ins>a <del>b</del> c</ins>

        """)
    }

    @Test func blockChangesMarkWholeBlocks() {
        let s = "Intro.\n\n{++\n## IV. Review\n\n- one\n- two\n++}\n\n{--\nOld.\n--}\n"
        let doc = Document(parsing: s)
        let id = doc.changes.map(\.id)
        #expect(TreeDump.dump(doc.redline()) == """
        document
          paragraph
            Intro.
          heading 2 [inserted \(id[0])]
            IV. Review
          list bullet tight [inserted \(id[0])]
            item
              paragraph
                one
            item
              paragraph
                two
          paragraph [deleted \(id[1])]
            Old.

        """)
    }

    /// `policy diff` writes blocks replaced at the very start of a file as inline marks, each
    /// ending with its blank line (nothing comes before them to hang the change on).
    @Test func blocksReplacedAtTheStartAreMarkedAsBlocks() {
        for lineBreak in ["\n", "\r\n"] {
            let s = "{--# Alpha beta⏎⏎--}{++# Delta epsilon⏎⏎++}Some text.⏎".replacingOccurrences(of: "⏎", with: lineBreak)
            let doc = Document(parsing: s)
            let id = doc.changes.map(\.id)
            #expect(TreeDump.dump(doc.redline()) == """
            document
              heading 1 [deleted \(id[0])]
                Alpha beta
              heading 1 [inserted \(id[1])]
                Delta epsilon
              paragraph
                Some text.

            """, "\(lineBreak.debugDescription)")
        }
    }

    /// A deleted list straight before an inserted one reads as one list: the list is neither
    /// change's, each item is its own change's (the new items are not shown deleted).
    @Test func aListRunningOnIntoTheNextChangeIsMarkedByItem() {
        let doc = Document(parsing: "{--- alpha\n- beta\n\n--}{++- gamma\n\n++}Text.\n")
        let id = doc.changes.map(\.id)
        #expect(TreeDump.dump(doc.redline()) == """
        document
          list bullet
            item [deleted \(id[0])]
              paragraph
                alpha
            item [deleted \(id[0])]
              paragraph
                beta
            item [inserted \(id[1])]
              paragraph
                gamma
          paragraph
            Text.

        """)
    }

    /// A change that starts a line with a block's marker keeps the block: the marker stands
    /// before the change's milestone, not shown as text.
    @Test func aChangeStartingWithABlockMarkerKeepsTheBlock() {
        #expect(dump("{--- alpha--}\n- beta\n\n{++## New++}\n\n{--> quoted--}\n\n{++2. two++}\n") == """
        document
          list bullet tight
            item
              paragraph
                <del>alpha</del>
            item
              paragraph
                beta
          heading 2
            <ins>New</ins>
          blockquote
            paragraph
              <del>quoted</del>
          list ordered 2 tight
            item
              paragraph
                <ins>two</ins>

        """)
        // A block mark whose closer is not followed by a blank line is read inline, item by item.
        #expect(dump("Intro.\n\n{--\n- a\n- b\n--}\n- c\n") == """
        document
          paragraph
            Intro.
          list bullet tight
            item
              paragraph
                <del>a
            item
              paragraph
                b⏎</del>
            item
              paragraph
                c

        """)
    }

    /// A code fence's info string changed: the code block has the new one, and the change is
    /// its first line (a sentinel in the info string went into the code's class).
    @Test func aFenceInfoChangeIsTheCodesFirstLine() {
        let redline = Document(parsing: "Intro.\n\n```{~~swift~>python~~}\nlet x = 1\n```\n").redline()
        #expect(redline.children[1].kind == .codeBlock(info: "python"))
        #expect(TreeDump.dump(redline) == """
        document
          paragraph
            Intro.
          code python
            <del>swift</del><ins>python</ins>
        let x = 1


        """)
        #expect(Document(parsing: "```{++js++}\nx\n```\n").redline().children[0].kind == .codeBlock(info: "js"))
        #expect(Document(parsing: "~~~ {--ruby--}\ny\n~~~\n").redline().children[0].kind == .codeBlock(info: ""))
    }

    /// A change that starts at the end of a table row, a closing fence or an HTML block's line
    /// with a paragraph break (as `policy diff` writes a paragraph added after a table) starts
    /// where its text does: at the end of the row its sentinel was a cell past the table's
    /// columns, dropped, and the paragraph showed unmarked; after a fence it kept the fence open.
    @Test func aChangeAfterATableFenceOrHTMLStartsWhereItsTextDoes() {
        #expect(dump("| A |\n|---|\n| 1 |{++\n\nNew para.++}\n\n```\ncode\n```{--\n\nOld para.--}\n\n<!-- c -->{++\n\n- item++}\n\nEnd.\n") == """
        document
          table
            row header
              cell
                A
            row
              cell
                1
          paragraph
            <ins>New para.</ins>
          code\u{20}
            code

          paragraph
            <del>Old para.</del>
          html
            <!-- c -->

          list bullet tight
            item
              paragraph
                <ins>item</ins>
          paragraph
            End.

        """)
    }

    /// The same after an indented code block's last line: the sentinel was code (`{+` showed
    /// in the code of the text edition) and the inserted paragraph showed unmarked.
    @Test func aChangeAfterIndentedCodeStartsWhereItsTextDoes() {
        #expect(dump("Intro.\n\n    code line{++\n\nNew para.++}\n\nEnd.\n") == """
        document
          paragraph
            Intro.
          code\u{20}
            code line

          paragraph
            <ins>New para.</ins>
          paragraph
            End.

        """)
        let text = TextRenderer(edition: Edition(document: Document(parsing: "Intro.\n\n    code line{++\n\nNew para.++}\n\nEnd.\n"), view: .redline), width: 72, color: false)
            .render(fragment: true)
        #expect(text.contains("{+New para.+}"))
        #expect(!text.contains("code line{+"))
    }

    /// From the review of the block-marker and whole-block readings: a change that is a block
    /// marker alone shows as that change; whole blocks in code are marked in the code; a
    /// change's closer never stands before the next line's marker; a fence-like line inside
    /// code or a code span is no fence.
    @Test func markersAloneCodeAndClosersReadRight() {
        #expect(dump("The steps are\n{--2. --}Report it.\n") == """
        document
          paragraph
            The steps are⏎<del>2. </del>Report it.

        """)
        #expect(dump("Intro.\n\n{--# --}Heading text\n") == """
        document
          paragraph
            Intro.
          paragraph
            <del># </del>Heading text

        """)
        #expect(dump("Intro.\n\n```\ncode\n\n{++more code\n\n++}end\n```\n") == """
        document
          paragraph
            Intro.
          code\u{20}
            code

        <ins>more code

        </ins>end


        """)
        #expect(dump("- a\n{++- b\n++}- c\n") == """
        document
          list bullet tight
            item
              paragraph
                a
            item
              paragraph
                <ins>b</ins>
            item
              paragraph
                c

        """)
        #expect(dump("~~~\n```{++foo++}\n~~~\n") == """
        document
          code\u{20}
            ```<ins>foo</ins>


        """)
        #expect(dump("```{++foo++}``` is a span\n") == """
        document
          paragraph
            <ins>`foo`</ins> is a span

        """)
    }

    /// An insertion after a deletion on its line reads as blocks only where a block may start:
    /// after a blank line, not where the line goes on the paragraph above (second review).
    @Test func wholeBlocksAfterTheOtherSideOnlyAfterABlankLine() {
        #expect(dump("Intro.\n{--Old.--}{++More text.\n\n++}Body.\n") == """
        document
          paragraph
            Intro.⏎<del>Old.</del><ins>More text.</ins>
          paragraph
            Body.

        """)
    }

    @Test func sentinelsNeverBreakStructure() {
        let s = "# I. {++New++} Title\n\n1) {--first--}\n2) second {++x++}\n\n| a | b |\n|---|---|\n| {--x--} | {++y++} |\n"
        let redline = Document(parsing: s).redline()
        #expect(redline.children.map(\.kind) == [.heading(level: 1), .list(ordered: true, start: 1, tight: true, delimiter: ")"), .table(alignments: [.none, .none])])
        #expect(!TreeDump.dump(redline).unicodeScalars.contains { $0.value >= 0xE000 && $0.value <= 0xE01F })
    }

    @Test func paragraphMarkSitsBetweenTheParagraphs() {
        #expect(dump("one {++\n\n++}two") == """
        document
          paragraph
            one <ins>
          paragraph
            </ins>two

        """)
    }
}
