import Foundation
import Testing
@testable import Redline
@testable import RedlineWord

/// Export to .docx, import back: the same accepted and rejected text (compared as rendered
/// HTML, so Markdown spelling such as `1)` against `1.` does not count), the same changes.
@Suite struct DocxRoundTripTests {
    static func roundTrip(_ source: String) throws -> String {
        let package = try DocxExporter(document: Document(parsing: source), view: .redline).package()
        return try DocxImporter.read(package, name: "test.docx").source
    }

    static func article(_ source: String, _ view: View) -> String {
        HTMLRenderer(edition: Edition(document: Document(parsing: source), view: view)).article()
    }

    static func expectSameReadings(_ source: String, _ back: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        // (In canonical form: an item inserted whole comes back as a block, which makes its list loose.)
        #expect(canonical(article(back, .clean)) == canonical(article(source, .clean)), "clean reading differs:\n\(back)", sourceLocation: sourceLocation)
        #expect(canonical(article(back, .original)) == canonical(article(source, .original)), "original reading differs:\n\(back)", sourceLocation: sourceLocation)
        #expect(Document(parsing: back).diagnostics.filter { $0.severity == .error }.isEmpty, sourceLocation: sourceLocation)
    }

    static let cases: [String] = [
        // Inline changes with attribution, and the file-wide default.
        "---\nrevision-author: Policy Subcommittee\n---\n\nStaff {--may--}{++{\"author\":\"Legal\",\"date\":\"2024-03-01\"}@@shall++} report {~~absences~>all absences~~} promptly.\n",
        // A split and a join.
        "This is a single paragraph {++\n\n++}that was split in two.\n\nThese were two paragraphs {--\n\n--}joined together.\n",
        // Whole blocks inserted and deleted.
        "## I. Purpose\n\nIntro.\n\n{++\n## II. Review\n\nThis policy is reviewed every three years.\n++}\n\n{--\nAn old paragraph.\n--}\n\nClosing paragraph.\n",
        // A move.
        "{--{\"move\":\"m1\"}@@\nThe moved paragraph stays the same.\n--}\n\nMiddle paragraph.\n\n{++{\"move\":\"m1\"}@@\nThe moved paragraph stays the same.\n++}\n",
        // A deletion nested in an insertion.
        "Staff {++shall {--promptly--} report++} absences.\n",
        // Comments: on a change with a reply, on a highlight, free-standing.
        "A {++new++}{>>{\"author\":\"Clerk\"}@@Why?<<}{>>{\"author\":\"Legal\"}@@Statute.<<} word and {==this phrase==}{>>Check it.<<} here.{>>A note.<<}\n",
        // Lists, nesting, footnotes, tables, code, quotes, links, emphasis.
        "1. One {++more++}\n2. Two\n   - nested *item*\n\n> Quoted **text**.\n\nSee [the site](https://example.org/a) and a note.[^n]\n\n| A | B |\n|---|--:|\n| 1 {++x++} | 2 |\n\n```\ncode line\n  indented\n```\n\n[^n]: The {++footnote++} text.\n",
        // Emphasis around and across changes: spaces stay where they were.
        "Plain *GitHub follow {++new++} x.* And **bold {--gone--} text** here.\n",
        "_{~~Professional~>Expert~~} Services Warranty._ Unless set forth in an SOW.\n",
        // Links inserted, deleted and replaced whole; a change inside a link's text.
        "See {--[the old site](https://a.example/x)--} and {++[the new one](https://b.example/y)++}.\n\nThen {~~[rules](https://a.example/1)~>[rules](https://a.example/2)~~} and [the {++new++} page](https://c.example/).\n",
        // A line break in bold text; a table cell with a line break; an HTML comment block.
        "**If you are in North America:**<br>\nData Protection Officer\n\n<!-- markdownlint-disable -->\n\n| A | B |\n|:--|---|\n| one<br>two {++x++} | 2 |\n",
        // A paragraph split in three; bulleted headings with their paragraphs.
        "One long paragraph {++\n\n++}split here {++\n\n++}and here.\n\n- #### Threats {++of violence++}\n\n  You may not threaten others.\n\n- #### Hate speech\n\n  Be kind.\n",
        // Headings whose level changed (with and without other edits): a revision of the style.
        "####{++#++} {~~*Registration Information*~>Registration information~~}\nWe require some.\n\n##{--#--} Scope\n\nText.\n\n{~~####~>##~~} Other\n",
        // List items joined and split, bulleted and numbered.
        "Intro.\n\n- First item, as many {~~users allowed.\n- Overall, the number~>accounts as allowed~~}.\n- Third {++item.\n- Fourth++} item.\n\n1. One{--\n1. --}Two\n",
        // A further paragraph of an item after a list nested in it belongs to the outer item.
        "- Item one\n\n  Intro para.\n\n    * nested a\n    * nested b{++\n    * nested c++}\n\n  *Closing note in item{++, changed++}.*\n\n- Item two\n",
        // Found in review: a `#` inserted at the start of a heading's text is text, not a level;
        // a renumbered item's number is Word's to show; two items joined keep their space.
        "## {++#++}Topic heading\n\nText.\n",
        "1. One\n2. {++New\n3. ++}Two\n{~~3~>4~~}. Three\n",
        "- Alpha beta{~~\n- ~> ~~}gamma delta.\n",
        // A paragraph joined to the heading after it, a heading split from its paragraph, a
        // paragraph joined after a list.
        "Intro text here.{--\n\n## --}Heading joined\n\nBody.\n\n## Title{++\n\n++}Split off para.\n\n- item{--\n\n--}para after list\n",
        // Found in the second review: a `1)` list after a `1.` list stays apart; a bulleted
        // list's items after a further paragraph stay in it.
        "1. first\n2. second\n\n1) paren one\n2) paren two\n",
        "- x\n\n* a\n\n  cont\n\n* b\n",
        // A quote of two paragraphs is one quote.
        "> a para\n>\n> b {++para++}\n\nAfter.\n",
        // Text that looks like markup stays text.
        "Use \\*stars\\*, C\\+\\+, \\{++not a change++\\}, 3 \\< 4 \\& \\_x\\_ and a\\|b.\n\n\\# Not a heading, and 1\\. not a list.\n",
    ]

    @Test(arguments: cases)
    func readingsSurvive(_ source: String) throws {
        let back = try Self.roundTrip(source)
        Self.expectSameReadings(source, back)
        // Every change comes back (a deletion and an insertion may join into one substitution).
        let before = Document(parsing: source).changes, after = Document(parsing: back).changes
        #expect(Set(after.map(\.attribution)) == Set(before.map(\.attribution)), "\(back)")
        #expect(after.filter { $0.kind == .comment || !$0.comments.isEmpty }.count == before.filter { $0.kind == .comment || !$0.comments.isEmpty }.count, "\(back)")
        #expect(after.flatMap(\.commentThread).map(\.text) == before.flatMap(\.commentThread).map(\.text), "\(back)")
    }

    /// Where bold or italic cross changes in a way Markdown cannot write, the importer writes
    /// that block without them and says so: the text and the changes survive, never a broken mark.
    @Test func emphasisThatCannotBeWrittenIsDroppedWithAWarning() throws {
        let source = "####{~~ *~># ~~}Cookies and {~~Similar Technologies Information*~>similar technologies information~~}\nAs further described below.\n\nNext *paragraph* keeps its emphasis.\n"
        let package = try DocxExporter(document: Document(parsing: source), view: .redline).package()
        let result = try DocxImporter.read(package, name: "t.docx")
        #expect(result.warnings.contains { $0.contains("bold and italic are not kept") }, "\(result.warnings)")
        let back = Document(parsing: result.source)
        #expect(back.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(back.accepted.contains("similar technologies information") && back.accepted.contains("Next *paragraph* keeps"), "\(result.source)")
        #expect(back.resolving(.all, as: .reject).contains("Similar Technologies Information"))
        // Bold that would have to close after a hard line break inside a change.
        let broken = "Start **bold {++more**\\\nplain++} end.\n"
        let again = try DocxImporter.read(try DocxExporter(document: Document(parsing: broken), view: .redline).package(), name: "t.docx")
        #expect(again.warnings.contains { $0.contains("bold and italic are not kept") })
        #expect(Document(parsing: again.source).accepted == "Start bold more\\\nplain end.\n", "\(again.source)")
    }

    /// A heading's changed level travels as Word records it, a tracked change of the paragraph's
    /// style, and comes back as the `#` marks it added or took away.
    @Test func aHeadingsLevelChangeIsAStyleRevision() throws {
        let source = "---\nrevision-author: Clerk\n---\n\n##{++#++} Scope\n\nText.\n"
        let package = try DocxExporter(document: Document(parsing: source), view: .redline).package()
        let xml = String(decoding: try DocxArchive(data: package, name: "t.docx").part("word/document.xml") ?? Data(), as: UTF8.self)
        #expect(xml.contains("<w:pStyle w:val=\"Heading3\"/><w:pPrChange w:id=\"2\" w:author=\"Clerk\"><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr></w:pPrChange>"), "\(xml)")
        #expect(!xml.contains(">#<"))
        #expect(try DocxImporter.read(package, name: "t.docx").source == source)
    }

    /// A `1)` list is a `1)` list in Word (its numbering text) and back, as the seed writes its lists.
    @Test func parenthesisedListsKeepTheirDelimiter() throws {
        let source = "1) One\n2) {++New++} two\n\n- a bullet\n"
        let package = try DocxExporter(document: Document(parsing: source), view: .redline).package()
        let numbering = String(decoding: try DocxArchive(data: package, name: "t.docx").part("word/numbering.xml") ?? Data(), as: UTF8.self)
        #expect(numbering.contains("<w:lvlText w:val=\"%1)\"/>"))
        #expect(try DocxImporter.read(package, name: "t.docx").source.hasPrefix("1) One\n2) {++New++} two\n"))
    }

    /// A blank line added under a heading is layout: Word has no revision for it, and the
    /// heading must not come back joined to its paragraph.
    @Test func aBlankLineUnderAHeadingIsNoJoin() throws {
        let source = "### 1. Term{++\n++}\n\nThis Agreement starts on the Effective Date.\n"
        Self.expectSameReadings(source, try Self.roundTrip(source))
    }

    /// The seed's export damaged in ways Word itself never writes (revisions wrapped around
    /// revisions, moves and comment ranges across them, fields around runs, breaks), the same
    /// 120 ways every run: each imports, and what it imports reads back without a markup error.
    /// (Such nestings once made the importer give up, and one crashed the parser.)
    @Test func damagedRevisionsStillImport() throws {
        let package = try DocxExporter(document: Document(parsing: try String(contentsOf: HTMLChecker.root.appendingPathComponent("policy-src/staff-social-media/v2.md"), encoding: .utf8)), view: .redline).package()
        let archive = try DocxArchive(data: package, name: "seed.docx")
        let paths = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
                     "word/numbering.xml", "word/settings.xml", "word/footnotes.xml", "word/_rels/footnotes.xml.rels",
                     "word/_rels/comments.xml.rels", "word/comments.xml", "word/commentsExtended.xml", "docProps/core.xml", "docProps/custom.xml"]
        let parts = try paths.compactMap { path in try archive.part(path).map { (path: path, data: $0) } }
        let document = String(decoding: parts.first { $0.path == "word/document.xml" }!.data, as: UTF8.self)
        let wrappers = [(#"<w:del w:id="901" w:author="X">"#, "</w:del>"), (#"<w:ins w:id="902" w:author="Y">"#, "</w:ins>"),
                        (#"<w:moveTo w:id="903" w:author="M">"#, "</w:moveTo>"),
                        (#"<w:commentRangeStart w:id="0"/>"#, #"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#),
                        (#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x.org" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
                         #"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#),
                        (#"<w:r><w:br/></w:r>"#, "")]
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for round in 0..<120 {
            var text = document
            for _ in 0..<(1 + next(8)) {
                let runs = text.ranges(of: /<w:r>.*?<\/w:r>/)
                guard !runs.isEmpty else { break }
                let run = runs[next(runs.count)]
                let (open, close) = wrappers[next(wrappers.count)]
                text = String(text[..<run.lowerBound]) + open + text[run] + close + text[run.upperBound...]
            }
            let damaged = try DocxArchive.write(parts.map { $0.path == "word/document.xml" ? (path: $0.path, data: Data(text.utf8)) : $0 })
            let result = try DocxImporter.read(damaged, name: "damaged-\(round).docx")
            #expect(Document(parsing: result.source).diagnostics.filter { $0.severity == .error }.isEmpty, "round \(round)")
        }
    }

    @Test func movesStayMoves() throws {
        let back = try Self.roundTrip(Self.cases[3])
        let moves = Document(parsing: back).changes.compactMap(\.move)
        #expect(moves.count == 2 && Set(moves).count == 1, "\(back)")
    }

    @Test func blockChangesStayBlocks() throws {
        let back = try Self.roundTrip(Self.cases[2])
        #expect(Document(parsing: back).changes.allSatisfy { $0.isBlock }, "\(back)")
        let split = try Self.roundTrip(Self.cases[1])
        #expect(Document(parsing: split).changes.allSatisfy { $0.isParagraphMark }, "\(split)")
    }

    @Test func seedSurvives() throws {
        let seed = try String(contentsOf: HTMLChecker.root.appendingPathComponent("policy-src/staff-social-media/v2.md"), encoding: .utf8)
        let back = try Self.roundTrip(seed)
        Self.expectSameReadings(seed, back)
        #expect(back.hasPrefix(String(seed.prefix(while: { $0 != "#" }))), "front matter comes back as written")
        let comments = Document(parsing: seed).changes.flatMap(\.commentThread).map(\.text)
        #expect(Document(parsing: back).changes.flatMap(\.commentThread).map(\.text) == comments)
    }

    /// Corpus pairs made into redlines by `policy diff` (moves, renumbering, splits, block
    /// changes, links and all): after export and import, accepting gives the new version and
    /// rejecting the old, compared as rendered pages in ``canonical(_:)`` form. The pairs listed
    /// in `knownToDiffer` do not hold yet (issue 6 stays open; see the README's Limits): each is
    /// checked as a known issue, so the day one is fixed the test says so.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func corpusRedlinesSurvive() throws {
        let knownToDiffer: Set<String> = [
            "001-github-terms-of-service", "004-github-terms-of-service", "005-github-terms-of-service",
            "008-github-privacy-statement", "009-github-privacy-statement",
            "012-github-privacy-statement",
            "015-github-acceptable-use-policies", "017-github-corporate-terms-of-service", "019-github-community-guidelines",
        ]
        let pairs = try FileManager.default.contentsOfDirectory(atPath: CmarkParity.corpus.path).sorted()
        #expect(pairs.count >= 20)
        for pair in pairs {
            let folder = CmarkParity.corpus.appendingPathComponent(pair)
            let old = try String(contentsOf: folder.appendingPathComponent("old.md"), encoding: .utf8)
            let new = try String(contentsOf: folder.appendingPathComponent("new.md"), encoding: .utf8)
            let back = try Self.roundTrip(try Comparison(old: old, new: new).markup)
            // Whatever the structure, no word is lost or invented in either reading.
            #expect(Self.words(Self.article(back, .clean)) == Self.words(Self.article(new, .clean)), "\(pair): words of the clean reading")
            #expect(Self.words(Self.article(back, .original)) == Self.words(Self.article(old, .clean)), "\(pair): words of the original reading")
            let clean = Self.canonical(Self.article(back, .clean)) == Self.canonical(Self.article(new, .clean))
            let original = Self.canonical(Self.article(back, .original)) == Self.canonical(Self.article(old, .clean))
            if knownToDiffer.contains(pair) {
                withKnownIssue("\(pair): changes across list items and nested lists, emphasis changed around unchanged words, or a paragraph break beside a heading") {
                    #expect(clean && original)
                }
            } else {
                #expect(clean, "\(pair): clean reading")
                #expect(original, "\(pair): original reading")
            }
        }
    }

    /// Every corpus file with changes generated into its prose (words replaced, deleted and
    /// inserted, about fifteen a file, the same every run), made a redline by `policy diff`,
    /// exported and imported: the same pages, accepted and rejected.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func corpusFilesWithGeneratedChangesSurvive() throws {
        let pairs = try FileManager.default.contentsOfDirectory(atPath: CmarkParity.corpus.path).sorted()
        var seed: UInt64 = 0x2545F4914F6CDD1D
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for pair in pairs {
            let text = try String(contentsOf: CmarkParity.corpus.appendingPathComponent(pair).appendingPathComponent("new.md"), encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            // Prose lines only: not headings, lists, tables, quotes, code, HTML or front matter.
            let prose = lines.indices.filter { i in
                guard let first = lines[i].first, first.isLetter else { return false }
                return !lines[i].contains("`") && !lines[i].contains("|") && !lines[i].contains("<") && lines[i].split(separator: " ").count > 6
            }
            guard !prose.isEmpty else { continue }
            for _ in 0..<15 {
                let i = prose[next(prose.count)]
                var words = lines[i].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let k = next(words.count)
                guard words[k].allSatisfy(\.isLetter), !words[k].isEmpty else { continue }
                switch next(3) {
                case 0: words[k] = "revised"
                case 1: words.remove(at: k)
                default: words.insert("newly", at: k)
                }
                lines[i] = words.joined(separator: " ")
            }
            let edited = lines.joined(separator: "\n")
            let back = try Self.roundTrip(try Comparison(old: text, new: edited).markup)
            let clean = Self.canonical(Self.article(back, .clean)) == Self.canonical(Self.article(edited, .clean))
            let original = Self.canonical(Self.article(back, .original)) == Self.canonical(Self.article(text, .clean))
            #expect(clean, "\(pair): clean")
            #expect(original, "\(pair): original")
        }
    }

    /// The words of a rendered article (runs of letters, outside tags), in order.
    static func words(_ html: String) -> [Substring] {
        var text = "", inTag = false
        for c in html {
            if c == "<" { inTag = true; text.append(" ") } else if c == ">" { inTag = false } else if !inTag { text.append(c) }
        }
        return text.split { !$0.isLetter }
    }

    /// A rendered article with Markdown's spelling choices taken out, so that only what a reader
    /// sees is compared: anchors (they follow the accepted headings), loose against tight list
    /// items, white space runs, and the nesting order of bold, italic and links (`**[a](u)**` and
    /// `[**a**](u)` format the same words). Each word carries the set of formats it is in.
    static func canonical(_ html: String) -> String {
        var out = "", formats: [String] = [], lastSet = "", pendingSpace = false
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = String(html[html.index(after: i)..<close])
                i = html.index(after: close)
                let closing = tag.hasPrefix("/")
                let name = String(tag.drop { $0 == "/" }.prefix { $0 != " " })
                switch name {
                case "strong", "em", "a", "code", "del", "s":
                    if closing {
                        if let k = formats.lastIndex(where: { $0.hasPrefix(name) }) { formats.remove(at: k) }
                    } else {
                        let href = tag.range(of: "href=\"").map { r in String(tag[r.upperBound...].prefix { $0 != "\"" }) }
                        formats.append(name + (href.map { ":" + ($0.hasPrefix("#") ? "#" : $0) } ?? ""))
                    }
                case "p" where formats.isEmpty:
                    // Paragraphs inside list items are loose items: a break, not a block.
                    pendingSpace = false
                    if !closing { out += "¶" }
                default:
                    let kept = ["start", "align"].compactMap { a in tag.range(of: a + "=\"").map { r in a + "=" + tag[r.upperBound...].prefix { $0 != "\"" } } }
                    out += "<" + (closing ? "/" : "") + name + kept.map { " " + $0 }.joined() + ">"
                    pendingSpace = false
                    lastSet = ""
                }
                continue
            }
            let c = html[i]
            i = html.index(after: i)
            if c == " " || c == "\n" || c == "\t" { pendingSpace = !out.hasSuffix(">") && !out.hasSuffix("¶"); continue }
            let set = formats.sorted().joined(separator: ",")
            if pendingSpace { out += " " }
            pendingSpace = false
            if set != lastSet { out += "⟨\(set)⟩"; lastSet = set }
            out.append(c)
        }
        return out.replacingOccurrences(of: "<li>¶", with: "<li>")
    }

    @Test func exportIsDeterministic() throws {
        let document = Document(parsing: Self.cases[5])
        let first = try DocxExporter(document: document, view: .redline).package()
        let second = try DocxExporter(document: document, view: .redline).package()
        #expect(first == second)
    }

    @Test func cleanAndOriginalHaveNoRevisions() throws {
        for view in [View.clean, .original] {
            let package = try DocxExporter(document: Document(parsing: Self.cases[0]), view: view).package()
            let imported = try DocxImporter.read(package, name: "t.docx").source
            #expect(Document(parsing: imported).changes.isEmpty, "\(view): \(imported)")
            #expect(Self.article(imported, .clean) == Self.article(Self.cases[0], view))
        }
    }

    @Test func trackChangesOption() throws {
        let package = try DocxExporter(document: Document(parsing: Self.cases[0]), view: .redline).package()
        let accepted = try DocxImporter.read(package, name: "t.docx", trackChanges: .accept).source
        let rejected = try DocxImporter.read(package, name: "t.docx", trackChanges: .reject).source
        #expect(accepted.contains("Staff shall report all absences promptly."))
        #expect(rejected.contains("Staff may report absences promptly."))
    }
}
