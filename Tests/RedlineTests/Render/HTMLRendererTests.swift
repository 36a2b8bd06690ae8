import Testing
@testable import Redline

@Suite struct HTMLRendering {
    @Test func sectionsNestByHeadingLevelWithLabelAnchors() {
        let html = article("# Policy\n\n## I. Purpose\n\nText.\n\n### A. Scope\n\nMore.\n\n## II. General Policy\n\nEnd.\n")
        #expect(html.contains("<section id=\"policy\">\n<h1>Policy</h1>"))
        #expect(html.contains("<section id=\"i\">\n<h2>I. Purpose</h2>"))
        #expect(html.contains("<section id=\"i-a\">\n<h3>A. Scope</h3>\n<p>More.</p>\n</section>\n</section>\n<section id=\"ii\">"))
        #expect(html.hasSuffix("</section>\n</section>\n</article>\n"))
    }

    /// The summary links only to sections the redline page has: an ATX heading made setext
    /// (`{--## --}VI. Review{++⏎---++}`) is a section of the clean text but no heading on the
    /// page, and its "Go to the section" led nowhere.
    @Test func theSummaryLinksOnlyToSectionsThePageHas() {
        let edition = Edition(document: Document(parsing: "# Policy\n\nText.\n\n{--## --}VI. Review{++\n----------++}\n\nReviewed {++yearly++}.\n"), view: .redline)
        let renderer = HTMLRenderer(edition: edition)
        let page = renderer.article() + renderer.changeSummary() + renderer.tableOfContents()
        let ids = Set(page.components(separatedBy: "id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        let links = page.components(separatedBy: "href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!links.isEmpty)
        for link in links { #expect(ids.contains(link), "\(link)") }
    }

    @Test func anchorsAreTheSameInEveryView() {
        let source = "## II. {~~General~>Overall~~} Policy\n\nText.\n\n## {--Old heading--}{++New heading++}\n\nMore.\n\n{--\n## Gone\n--}\n\nLast.\n"
        let document = Document(parsing: source)
        let clean = Edition(document: document, view: .clean).headings.map(\.anchor)
        let redline = Edition(document: document, view: .redline).headings.map(\.anchor)
        let original = Edition(document: document, view: .original).headings.map(\.anchor)
        #expect(clean == ["ii", "new-heading"])
        // Numbered headings keep their label anchor; an unnumbered heading whose words changed
        // keeps the accepted anchor in every view.
        #expect(original == ["ii", "new-heading", "gone"])
        #expect(redline == ["ii", "new-heading", "gone"])
    }

    @Test func textIsEscapedAndRawHTMLNeverPassesThrough() {
        let html = article("a < b & \"c\" <b onclick=\"x()\">bold</b> <!-- note --> line<br>break\n\n<div>\n<script>alert(1)</script>\n</div>\n\n<!-- block comment -->\n")
        #expect(html.contains("a &lt; b &amp; &quot;c&quot; &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;"))
        #expect(!html.contains("note"), "an HTML comment is an author's note")
        #expect(html.contains("line<br>break"))
        #expect(article("a<br >b and c<BR />d\n").contains("<p>a<br>b and c<br>d</p>"))
        #expect(html.contains("<pre class=\"raw-html\"><code>&lt;div&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;\n</code></pre>"))
        #expect(!html.contains("block comment"))
    }

    /// C1 controls (Word text misread as Latin-1 has them; U+009B starts a terminal escape) and
    /// noncharacters are errors in HTML: shown as `M-^X` and U+FFFD, in the page and in text.
    @Test func controlsAndNoncharactersAreShownNotPassedOn() {
        let fffe = String(Unicode.Scalar(0xFFFE)!), fdd0 = String(Unicode.Scalar(0xFDD0)!)
        let source = "Text \u{85} here \u{9B}2J and \(fffe) \(fdd0) ok \u{A9} \u{FF21} \u{7}.\n"
        #expect(article(source).contains("<p>Text M-^E here M-^[2J and \u{FFFD} \u{FFFD} ok \u{A9} \u{FF21} ^G.</p>"))
        let text = TextRenderer(edition: Edition(document: Document(parsing: source), view: .clean), width: 72, color: false).render(fragment: true)
        #expect(text == "Text M-^E here M-^[2J and \(fffe) \(fdd0) ok \u{A9} \u{FF21} ^G.\n")
    }

    /// The change summary shows a change's words as a reader sees them, not its Markdown.
    @Test func theSummaryShowsWordsNotMarkdown() {
        #expect(HTMLRenderer.readable("**must** read [the terms](/t), `code`, ![logo](l.png) and [ref][r1]") == "must read the terms, code, logo and ref")
        #expect(HTMLRenderer.readable("_snake_case_ \\*star\\* 2*3*4 a * b C:\\\\dir") == "snake_case *star* 2*3*4 a * b C:\\dir")
    }

    @Test func aBlockEndInsideAChangeIsShown() {
        let html = article("- a {--x\n- b--} y\n- c\n", .redline)
        #expect(html.contains("x<span aria-hidden=\"true\">¶</span><span class=\"sr-only\">[paragraph break deleted]</span></del></li>"))
        #expect(!article("Para one.{++\n\nNew para.++}\n\nEnd.\n", .redline).contains("[paragraph break"))
    }

    @Test func unsafeDestinationsAreDroppedAndTheWordsKept() {
        let html = article("[one](javascript:alert(1)) [two](<JaVa\tScRiPt:x>) [three](data:text/html,x) ![pic](data:image/png;base64,AA) [ok](<https://example.org/a b>) [rel](../x.md#y) [mail](mailto:a@b.org) [ent](&#106;avascript:x)\n")
        #expect(html.contains("<p>one two three <span class=\"image-omitted\">[image: pic]</span> <a href=\"https://example.org/a%20b\">ok</a>"))
        #expect(html.contains(" ent</p>"))
        #expect(html.contains("<a href=\"../x.md#y\">rel</a>"))
        #expect(html.contains("<a href=\"mailto:a@b.org\">mail</a>"))
        #expect(!html.lowercased().contains("javascript"))
        #expect(!html.contains("data:"))
    }

    @Test func hrefsAreEscapedLikeCmark() {
        #expect(SafeURL.escapeHref("https://x.org/a b?q=1&r='2'#é") == "https://x.org/a%20b?q=1&amp;r=&#x27;2&#x27;#%C3%A9")
        #expect(SafeURL.scheme(of: " \u{1}java\nscript:alert(1)") == "javascript")
        #expect(SafeURL.scheme(of: "/path:with-colon") == nil)
        #expect(SafeURL.link("vbscript:msgbox") == nil)
        #expect(SafeURL.image("http://x.org/p.png") == "http://x.org/p.png")
    }

    @Test func footnotesAreAListWithBackLinks() {
        // cmark-gfm numbers footnotes in order of first reference, and so does every view.
        let html = article("Text[^a] and again[^a], other[^b].\n\n[^b]: Second.\n[^a]: First.\n")
        #expect(html.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"))
        #expect(html.contains("<a href=\"#fn-1\" id=\"fnref-1-2\">1</a>"))
        #expect(html.contains("<a href=\"#fn-2\" id=\"fnref-2\">2</a>"))
        #expect(html.contains("<li id=\"fn-1\">\n<p>First. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n</li>\n<li id=\"fn-2\">"))
    }

    @Test func insertionsAndDeletionsAreMarkedAndAnnounced() throws {
        let source = "---\nrevision-author: Clerk\nrevision-date: 2024-03-01\n---\nKeep {--old--}{++new++} text.\n"
        let document = Document(parsing: source)
        let html = article(source, .redline)
        let del = document.changes[0].id, ins = document.changes[1].id
        #expect(html.contains("<p class=\"changed\">Keep <del class=\"change deleted\" id=\"change-\(del)\" data-change=\"\(del)\" title=\"Deleted by Clerk on 2024-03-01\"><span class=\"sr-only\">[deletion starts:] </span>old<span class=\"sr-only\"> [deletion ends]</span><span class=\"change-meta\"> [Clerk, 2024-03-01]</span></del>"))
        #expect(html.contains("<ins class=\"change inserted\" id=\"change-\(ins)\""))
        #expect(article(source, .clean) == "<article>\n<p>Keep new text.</p>\n</article>\n")
        #expect(article(source, .original) == "<article>\n<p>Keep old text.</p>\n</article>\n")
    }

    @Test func aChangeAcrossEmphasisLinksAndParagraphsIsSplitIntoValidPieces() throws {
        let source = "A {++new *emphasised* text\n\nand [a link](https://x.org) end++} b. *Some {--struck* words--} here.\n\n- item {--one\n- item two--} rest\n\n| h | i |\n|---|---|\n| {++cell++} | {--cell--} |\n"
        let html = article(source, .redline)
        // Each change opens once with its anchor and announcement; later pieces carry neither.
        #expect(html.components(separatedBy: "id=\"change-").count == 6)
        #expect(html.components(separatedBy: "[insertion starts:]").count == 3)
        #expect(html.contains("<a href=\"https://x.org\"><ins class=\"change inserted\" data-change="))
        #expect(html.contains("<em><ins class=\"change inserted\""))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
    }

    @Test func wholeBlockChangesAreMarkedAsBlocks() throws {
        let source = "Intro.\n\n{++\n## New section\n\nNew paragraph.\n\n- new item\n++}\n\n- kept\n- {--gone--}\n\nEnd.\n"
        let html = article(source, .redline)
        #expect(html.contains("<ins class=\"change-block inserted\""))
        #expect(html.contains("<span class=\"sr-only\">[Inserted block:] </span><h2"))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
    }

    /// A heading line inserted or deleted right above a paragraph (no blank line between, as
    /// `policy diff` writes one) is a heading block in the redline, marked whole, not a line of
    /// `#` marks run into the paragraph.
    @Test func aHeadingLineChangedAboveAParagraphIsABlock() throws {
        let source = "Intro.\n\n{--#### 1. Compliance with Laws\n--}Your use of the Website.\n\n{++##### Registration information\n++}We require some.\n"
        let html = article(source, .redline)
        #expect(html.contains("<span class=\"sr-only\">[Deleted block:] </span><h4>1. Compliance with Laws</h4>"), "\(html)")
        #expect(html.contains("<span class=\"sr-only\">[Inserted block:] </span><h5>Registration information</h5>"))
        #expect(html.contains("<p>Your use of the Website.</p>") && !html.contains("####"))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
        #expect(article(source, .clean) == article("Intro.\n\nYour use of the Website.\n\n##### Registration information\nWe require some.\n", .clean))
        // The change going on into the paragraph: the heading a block, the rest inline.
        let onward = article("{++### 7. Excessive Use\nThe limits vary. ++}If we determine usage.\n", .redline)
        #expect(onward.contains("[Inserted block:] </span><h3>7. Excessive Use</h3>"), "\(onward)")
        #expect(onward.contains("<p class=\"changed\"><ins class=\"change inserted\" data-change="))
        #expect(try HTMLChecker.problems([onward], fragment: true) == [])
    }

    /// A bare URL right before a change (GFM ends a bare URL only at white space) ends where
    /// the change begins, less trailing punctuation: no marker characters in any address.
    @Test func aBareURLBesideAChangeKeepsItsAddress() throws {
        let source = "From the author field {~~(see https://github.com/ghost)~>of issues, by the [ghost user](https://github.com/ghost)~~}.\n\nVisit www.example.org{++ today++}.\n"
        let html = article(source, .redline)
        #expect(html.contains("<a href=\"https://github.com/ghost\"><del class=\"change deleted\" data-change=\"6d451502\" title=\"Deleted\">https://github.com/ghost</del></a><del class=\"change deleted\" data-change=\"6d451502\" title=\"Deleted\">)"), "\(html)")
        #expect(html.contains("<a href=\"http://www.example.org\">www.example.org</a><ins"))
        #expect(!html.contains("%E2%B8%AE") && !html.contains("%EE%80"))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
        #expect(RedlineReading.trimmedAutolink("https://x.org/a_(b))).,") == "https://x.org/a_(b)")
    }

    /// An item renumbered after one inserted above it (`{~~3~>4~~}. Three`, as `policy diff`
    /// writes it) stays an item of its own, with its new number and the change at the start of
    /// its text; code that merely looks like it is left alone.
    @Test func aRenumberedListItemStaysAnItem() throws {
        let source = "1. One\n2. {++New\n3. ++}Two\n{~~3~>4~~}. Three\n{~~9~>10~~}) A list of its own.\n\n```\n{~~3~>4~~}. code\n```\n"
        let html = article(source, .redline)
        #expect(html.components(separatedBy: "<li").count - 1 == 5, "\(html)")
        #expect(html.contains("<ol start=\"10\">"))
        #expect(html.contains("<li class=\"changed\"><del class=\"change deleted\""))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
        let text = TextRenderer(edition: Edition(document: Document(parsing: source), view: .redline)).render()
        #expect(text.contains("4. [-3-]{+4+} Three"), "\(text)")
        #expect(text.contains("[-3-]{+4+}. code"))
        #expect(article(source, .clean) == article("1. One\n2. New\n3. Two\n4. Three\n10) A list of its own.\n\n```\n4. code\n```\n", .clean))
        // Inside a block quote too.
        #expect(article("> 1. One\n> 2. {++New\n> 3. ++}Two\n> {~~3~>4~~}. Three\n", .redline).components(separatedBy: "<li").count - 1 == 4)
    }

    @Test func commentsSitBesideTheirChange() {
        let source = "Text {++added++}{>>Why?<<}{>>Because.<<} and {>>a free note<<} end.\n"
        let html = article(source, .redline)
        #expect(html.contains("<span class=\"comment\" role=\"note\"><span class=\"comment-entry\"><span class=\"sr-only\">[comment:] </span>Why?</span><span class=\"comment-entry\"><span class=\"sr-only\">[comment:] </span>Because.</span></span>"))
        #expect(html.contains("a free note"))
        #expect(!article(source, .clean).contains("Why"))
    }

    @Test func paragraphBreakChangesShowAPilcrow() {
        let html = article("One.{++\n\n++}Two.\n", .redline)
        #expect(html.contains("[paragraph break inserted]</span><span aria-hidden=\"true\">¶</span>"))
    }

    /// An extra blank line between blocks (as `policy diff` writes one: `## Title{++⏎++}⏎⏎Text`)
    /// changes nothing a reader sees: no pilcrow, no empty paragraph, not in the summary.
    @Test func anExtraBlankLineBetweenBlocksIsLayout() {
        // Nor does a blank line added or taken away beside an ATX heading, which is one line
        // and breaks off a paragraph (`policy diff` of `# H⏎Text` and `# H⏎⏎Text`).
        for source in ["## Title{++\n++}\n\nText here.\n", "Para.{--\n--}\n\nNext.\n", "Para.{++\n\n++}\n\nNext.\n",
                       "{--\n\n--}Text.\n", "Text{++\n\n++}\n", "# Heading{++\n++}\nText here.\n",
                       "# Heading{--\n--}\nText here.\n", "Text.{++\n++}\n## Heading\n", "### H ###{++\r\n++}\r\nText\r\n"] {
            let html = article(source, .redline)
            #expect(!html.contains("<ins") && !html.contains("<del") && !html.contains("¶"), "\(source.debugDescription)")
            #expect(Document(parsing: source).changes.allSatisfy { $0.isLayout })
        }
        // A line break that joins or splits paragraphs is not layout; nor is indentation that
        // makes code or moves a paragraph into a list item, nor a blank line inside code.
        for source in ["One.{++\n++}\nTwo.\n", "One.{++\n\n++}Two.\n", "#hashtag{++\n++}\nText.\n", "Text.{++\n++}\n#7 is next\n",
                       "## Title{++\n\n++}Split off.\n", "Text.{++\n\n++}## Heading\n",
                       // (a heading inside a list item or an HTML block: the blank line ends the block)
                       "- a\n  # H{++\n++}\n  para\n- b\n", "- a\n# H{++\n++}\npara\n", "<div>\n# H{++\n++}\nx\n</div>\n", "Intro.\n\n{++    ++}rm -rf /tmp/x\n",
                       "- one\n\n{++  ++}Para.\n", "```\nline1\n{++\n++}\nline2\n```\n", "A.{~~\n\n~>\n\n    ~~}B\n",
                       // (text on both sides, then white space: a number split, a word split, a
                       // hard line break made; a version of the URL fix took these for layout)
                       "Pay 1{~~0~>0 ~~}00 dollars.\n", "Pay the x{~~word~>word ~~}y fee.\n", "Line one x{~~word\\ ~>word\\\n~~}next line.\n"] {
            #expect(!Document(parsing: source).changes[0].isLayout, "\(source.debugDescription)")
            #expect(article(source, .redline).contains("<ins") || article(source, .redline).contains("<del"), "\(source.debugDescription)")
        }
        // White space for white space that is structure is not layout either: a list nested,
        // a paragraph made code after a heading, a heading started by a re-wrap, a hard line
        // break lost, two lines of indented code joined.
        for (a, b) in [("- Staff\n  - may post\n- Managers\n", "- Staff\n- may post\n- Managers\n"),
                       ("# Scope\nThis policy applies.\n", "# Scope\n    This policy applies.\n"),
                       ("Intro # Scope\n", "Intro\n# Scope\n"), ("Line one  \nline two.\n", "Line one line two.\n"),
                       ("Run:\n\n    make all\n    make install\n", "Run:\n\n    make all make install\n")] {
            let source = (try? Comparison(old: a, new: b).markup) ?? ""
            #expect(Document(parsing: source).changes.contains { !$0.isLayout }, "\(a.debugDescription) → \(b.debugDescription)")
        }
        // A re-wrapped paragraph or list item is.
        for (a, b) in [("A long line of text\nwraps here.\n", "A long line of\ntext wraps here.\n"),
                       ("- item one is\n  long text\n", "- item one is long\n  text\n")] {
            let source = (try? Comparison(old: a, new: b).markup) ?? ""
            #expect(!source.isEmpty && Document(parsing: source).changes.allSatisfy { $0.isLayout }, "\(a.debugDescription) → \(b.debugDescription)")
        }
        // A paragraph break for a paragraph break (other line endings) is.
        #expect(Document(parsing: "A.{~~\n\n~>\r\n\r\n~~}B.\n").changes[0].isLayout)
    }

    @Test func tablesKeepAlignment() {
        let html = article("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
        #expect(html.contains("<th align=\"left\">a</th>\n<th align=\"center\">b</th>\n<th align=\"right\">c</th>"))
        #expect(html.contains("<tbody>\n<tr>\n<td align=\"left\">1</td>"))
    }

    @Test func theContentsNestAndTheSummaryLinksEveryChange() throws {
        let source = "# T\n\n## I. One\n\nA {++b++} c {--d--}.\n\n### A. Sub\n\n{~~x~>y~~}{>>why<<}\n\n## II. Two\n\n{>>note<<}\n"
        let document = Document(parsing: source)
        let renderer = HTMLRenderer(edition: Edition(document: document, view: .redline))
        let toc = renderer.tableOfContents()
        #expect(toc == "<ol>\n<li><a href=\"#t\">T</a>\n<ol>\n<li><a href=\"#i\">I. One</a>\n<ol>\n<li><a href=\"#i-a\">A. Sub</a></li>\n</ol>\n</li>\n<li><a href=\"#ii\">II. Two</a></li>\n</ol>\n</li>\n</ol>\n")
        let summary = renderer.changeSummary()
        #expect(summary.contains("<p>4 changes: 1 insertion, 1 deletion, 1 substitution, 1 comment.</p>"))
        for change in document.changes { #expect(summary.contains("href=\"#change-\(change.id)\"")) }
        let page = try HTMLPage().render(Edition(document: document, view: .redline), source: "t.md")
        #expect(try HTMLChecker.problems([page]) == [], "every summary and contents link resolves")
    }

    @Test func theDraftMarkShowsUnlessAdopted() throws {
        let page = try HTMLPage()
        let draft = page.render(Edition(document: Document(parsing: "---\ntitle: P\nstatus: draft\n---\nx\n"), view: .clean), source: "p.md")
        let adopted = page.render(Edition(document: Document(parsing: "---\ntitle: P\nstatus: Adopted\ncode: GBEA\nadopted: 2020-01-01\n---\nx\n"), view: .clean), source: "p.md")
        #expect(draft.contains("class=\"draft-watermark\""))
        #expect(!adopted.contains("class=\"draft-watermark\""))
        #expect(adopted.contains("<dt>Code</dt><dd>GBEA</dd>"))
        #expect(adopted.contains("<dt>Adopted</dt><dd>2020-01-01</dd>"))
        #expect(adopted.contains("<title>P — Clean</title>"))
    }

    @Test func templatesEscapeFrontMatterValues() {
        let page = try! HTMLPage().render(Edition(document: Document(parsing: "---\ntitle: \"<script>alert(1)</script>\"\n---\nx\n"), view: .clean), source: "p.md")
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;"))
    }
}

extension HTMLRendering {
    @Test func controlCharactersAreShownNotEmbedded() throws {
        let html = article("bell\u{7} esc\u{1B}[31m\n")
        #expect(html.contains("bell^G esc^[[31m"))
        #expect(try HTMLChecker.problems([html], fragment: true) == [])
    }

    /// A block change written against a paragraph line is part of that paragraph in Markdown:
    /// the redline marks it inline rather than losing it, and never strikes text that stays.
    @Test func blockChangesAgainstAParagraphAreMarkedInline() throws {
        let inserted = article("Para A\n{++\nins\n++}\n\nText.\n", .redline)
        #expect(inserted.contains("<ins class=\"change inserted\""))
        #expect(inserted.contains("<p>Text.</p>"))
        let deleted = article("Para A\n\n{--\ndel\n--}\nText.\n", .redline)
        #expect(deleted.contains("</del>\nText.</p>"), "the text after the deletion is not struck")
        for html in [inserted, deleted] { #expect(try HTMLChecker.problems([html], fragment: true) == []) }
    }

    /// White space changed where it is structure (not layout, no paragraph break) is drawn as
    /// a sign, not as an empty change: ↵ for a line break, · for spaces, named for screen readers.
    @Test func structuralWhiteSpaceChangesShowASign() {
        let source = "#### 1. By{~~ ~>\n~~}GitHub will defend.\n"
        let html = article(source, .redline)
        #expect(html.contains("[deletion starts:] </span><span aria-hidden=\"true\">·</span><span class=\"sr-only\">space</span>"), "\(html)")
        #expect(html.contains("[insertion starts:] </span><span aria-hidden=\"true\">↵</span><span class=\"sr-only\">line break</span>"))
        let text = TextRenderer(edition: Edition(document: Document(parsing: source), view: .redline), width: 72, color: false).render(fragment: true)
        #expect(text.contains("[-·-] {+↵+}"), "\(text)")
        // Layout and paragraph marks keep theirs: nothing, and ¶.
        #expect(!article("A long line{~~\n~> ~~}wraps.\n", .redline).contains("↵"))
        #expect(article("One.{++\n\n++}Two.\n", .redline).contains("¶") && !article("One.{++\n\n++}Two.\n", .redline).contains("↵"))
    }

    /// An HTML comment shows nowhere, except as the text of a change that holds it: an
    /// inserted comment was an empty insertion.
    @Test func aCommentInsideAChangeIsItsText() {
        let source = "Para.{++<!-- note -->++} More.\n\nText <!-- kept out --> here.\n"
        let redline = article(source, .redline)
        #expect(redline.contains("[insertion starts:] </span>&lt;!-- note --&gt;<span"))
        #expect(!redline.contains("kept out"))
        #expect(!article(source, .clean).contains("note"))
        let text = TextRenderer(edition: Edition(document: Document(parsing: source), view: .redline), width: 72, color: false).render(fragment: true)
        #expect(text.contains("Para.{+<!-- note -->+} More.") && !text.contains("kept out"), "\(text)")
    }

    @Test func footnoteBackLinksNameTheirNote() {
        let html = article("A[^x] b[^y] c[^y].\n\n[^x]: One.\n[^y]: Two.\n")
        #expect(html.contains("aria-label=\"Back to reference 2\">↩</a> <a href=\"#fnref-2-2\" class=\"footnote-backref\" aria-label=\"Back to reference 2-2\">"))
    }

    @Test func thePageTitleIsTheSameInEveryView() throws {
        let document = Document(parsing: "## {--Old--}{++New++} title\n\nText.\n")
        let page = try HTMLPage()
        let titles = View.allCases.map { view -> String in
            let html = page.render(Edition(document: document, view: view), source: "p.md")
            return String(html[html.range(of: "<title>")!.upperBound..<html.range(of: "</title>")!.lowerBound])
        }
        #expect(titles == ["New title — Clean", "New title — Redline", "New title — Original"])
    }
}
