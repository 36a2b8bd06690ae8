import Testing
@testable import Redline

@Suite struct CriticMarkupSyntax {
    @Test func theFiveMarks() {
        let s = "Staff {--may--}{++shall++} report {~~absences~>all absences~~} to the {==principal==}{>>check title<<}."
        #expect(kinds(s) == ["deletion", "insertion", "substitution", "highlight"])
        #expect(accept(s) == "Staff shall report all absences to the principal.")
        #expect(reject(s) == "Staff may report absences to the principal.")
        let doc = Document(parsing: s)
        #expect(doc.changes[3].comments.map(\.text) == ["check title"])
        #expect(lint(s) == [])
    }

    /// A mark nested at the very start of another, whose text happens to end in `}@@`, is not an
    /// attribution prefix (its `{` is the nested mark's): found by mutating Word imports, where it
    /// crashed the parser.
    @Test func aNestedMarkIsNeverReadAsAnAttribution() {
        for (source, accepted, rejected) in [("{++{--}@@--}++}\n", "", ""), ("x ++{--}@@--}++ y\n", "x y\n", "x y\n"),
                                             ("a {++{--b}@@--} c++} d\n", "a c d\n", "a d\n")] {
            let document = Document(parsing: source)
            #expect(document.diagnostics.filter { $0.severity == .error }.isEmpty, "\(source)")
            #expect(document.accepted == accepted, "\(source)")
            #expect(document.rejected == rejected, "\(source)")
        }
    }

    @Test func whitespaceInsideAMarkIsContent() {
        #expect(accept("dolor{++ sit++} amet") == "dolor sit amet")
        #expect(reject("dolor{++ sit++} amet") == "dolor amet")
    }

    @Test func substitutionSplitsAtFirstSeparator() {
        let doc = Document(parsing: "{~~a~>b~>c~~}")
        #expect(doc.changes[0].oldText == "a")
        #expect(doc.changes[0].newText == "b~>c")
    }

    @Test func commentDirectlyAfterAChangeBelongsToIt() {
        let doc = Document(parsing: "{++shall++}{>>required by statute<<}{>>agreed<<} and {>>free-standing<<} text")
        #expect(doc.changes.count == 2)
        #expect(doc.changes[0].comments.map(\.text) == ["required by statute", "agreed"])
        #expect(doc.changes[1].kind == .comment)
        #expect(doc.rejected == "and text")
        #expect(doc.accepted == "shall and text")
    }

    @Test func commentAfterASpaceIsFreeStanding() {
        let doc = Document(parsing: "{++shall++} {>>note<<}")
        #expect(doc.changes.map(\.kind) == [.insertion, .comment])
        #expect(doc.changes[0].comments.isEmpty)
    }

    @Test func highlightKeepsItsTextInBothReadings() {
        #expect(accept("the {==principal==}{>>title?<<} said") == "the principal said")
        #expect(reject("the {==principal==}{>>title?<<} said") == "the principal said")
    }
}

@Suite struct Shorthand {
    @Test func strikeIsDeletionAndPlusIsInsertion() {
        let s = "is ~~his or her~~ ++their++ own"
        #expect(kinds(s) == ["~deletion", "~insertion"])
        #expect(accept(s) == "is their own")
        #expect(reject(s) == "is his or her own")
    }

    @Test func aSingleTildeIsNeverADeletion() {
        #expect(kinds("a ~b~ c") == [])
        #expect(kinds("~~~\ncode\n~~~") == [])
        #expect(kinds("a ~~~b~~~ c") == [])
    }

    @Test func flankingRulesKeepPlusSignsPlain() {
        #expect(kinds("C++ and C++") == [])
        #expect(kinds("3 ++ 4") == [])
        #expect(kinds("i++ and j++;") == [])
        #expect(lint("C++ and C++ and 3 ++ 4") == [])
    }

    @Test func closerMayBeFollowedByAWord() {
        let s = "~~District~~CPS employees"
        #expect(kinds(s) == ["~deletion"])
        #expect(accept(s) == "CPS employees")
        #expect(reject(s) == "DistrictCPS employees")  // CPS is unmarked text
    }

    @Test func shorthandCannotCrossABlankLine() {
        #expect(lint("a ~~b\n\nc~~ d") == ["1:3: error: unclosed deletion '~~' (a shorthand mark must close before the end of its paragraph)"])
        #expect(kinds("a ~~b\nc~~ d") == ["~deletion"])
    }

    @Test func shorthandIsNotRecognisedInCode() {
        #expect(kinds("use `a ++b++` here") == [])
        #expect(kinds("```\n~~x~~\n```\n") == [])
        #expect(kinds("`x` ++y++ `z`") == ["~insertion"])
    }

    @Test func shorthandWritesBackUnchanged() {
        let s = "a ~~b~~ c ++d++ e"
        #expect(Document(parsing: s).resolving(ChangeSelection(ids: ["none"]), as: .accept) == s)
    }
}

@Suite struct Attributions {
    @Test func jsonPrefixGivesAuthorAndDate() {
        let doc = Document(parsing: #"{++{"author":"Legal","date":"2024-03-01"}@@shall++}"#)
        #expect(doc.changes[0].attribution == Attribution(author: "Legal", date: "2024-03-01"))
        #expect(doc.changes[0].newText == "shall")
        #expect(doc.accepted == "shall")
        #expect(doc.rejected == "")
    }

    @Test func frontMatterDefaultsFillIn() {
        let s = "---\nrevision-author: Clerk\nrevision-date: 2024-01-02\n---\n{++a++} {--{\"author\":\"Legal\"}@@b--}\n"
        let doc = Document(parsing: s)
        #expect(doc.changes.map(\.attribution) == [Attribution(author: "Clerk", date: "2024-01-02"), Attribution(author: "Legal", date: "2024-01-02")])
    }

    @Test func fevolShortKeys() {
        let doc = Document(parsing: #"{++{"a":"Fevol","t":1708879304}@@x++}"#)
        #expect(doc.changes[0].attribution.author == "Fevol")
        #expect(doc.changes[0].attribution.date == "2024-02-25T16:41:44Z")
    }

    @Test func prefixOnSubstitutionAndShorthand() {
        let doc = Document(parsing: #"{~~{"author":"L"}@@may~>shall~~} ++{"author":"M"}@@now++"#)
        #expect(doc.changes.map(\.attribution.author) == ["L", "M"])
        #expect(doc.accepted == "shall now")
    }

    @Test func prefixIsWrittenBackUnchanged() {
        let s = #"a {++{"author":"Legal", "date":"2024-03-01"}@@x++} b {--y--}"#
        #expect(Document(parsing: s).resolving(ChangeSelection(ids: ["2"]), as: .accept) == #"a {++{"author":"Legal", "date":"2024-03-01"}@@x++} b"#)
    }

    @Test func malformedAttribution() {
        #expect(lint(#"x {++{"author":}@@y++}"#) == ["1:6: error: malformed attribution: the text before '@@' is not a JSON object"])
        #expect(lint(#"{++{"author":3}@@y++}"#) == [#"1:4: error: malformed attribution: "author" must be a non-empty string"#])
        #expect(lint(#"{++{"date":"March 1"}@@y++}"#) == [#"1:4: error: invalid date in attribution: "date" must be an ISO-8601 date such as 2024-03-01 or 2024-03-01T10:00:00Z"#])
        #expect(lint(#"{++{"date":"2024-13-01"}@@y++}"#).count == 1)
        #expect(lint(#"{++{"date":"2024-03-01T10:00:00+01:00"}@@y++}"#) == [])
    }
}

@Suite struct Diagnostics {
    @Test func unclosedMarks() {
        #expect(lint("Keep {++this open") == ["1:6: error: unclosed insertion '{++'"])
        #expect(lint("a\n  {--x") == ["2:3: error: unclosed deletion '{--'"])
        #expect(lint("{~~a~>b") == ["1:1: error: unclosed substitution '{~~'"])
        #expect(lint("{>>note") == ["1:1: error: unclosed comment '{>>'"])
        #expect(lint("{==hi") == ["1:1: error: unclosed highlight '{=='"])
    }

    @Test func unclosedShorthand() {
        #expect(lint("a ++b c") == ["1:3: error: unclosed insertion '++' (a shorthand mark must close before the end of its paragraph)"])
    }

    @Test func strayClosers() {
        #expect(lint("text++} more") == ["1:5: error: stray closing delimiter '++}' with no opening '{++'"])
        #expect(lint("a --} b") == ["1:3: error: stray closing delimiter '--}' with no opening '{--'"])
        #expect(lint("a <<} b") == ["1:3: error: stray closing delimiter '<<}' with no opening '{>>'"])
        #expect(lint("a ~~} b") == ["1:3: error: stray closing delimiter '~~}' with no opening '{~~'"])
    }

    @Test func substitutionWithoutSeparator() {
        #expect(lint("{~~old new~~}") == ["1:1: error: substitution has no '~>' separator between the old and the new text"])
    }

    @Test func nestingTooDeep() {
        #expect(lint("{--a {++b++} c--}") == ["1:6: error: nesting too deep: an insertion cannot stand inside a deletion; only an insertion may hold other marks, one level deep"])
        #expect(lint("{++a {++b {--c--}++} d++}").first == "1:11: error: nesting too deep: a deletion cannot stand inside an insertion; only an insertion may hold other marks, one level deep")
        #expect(lint("{++a {--b {>>c<<}--} d++}") == ["1:11: error: nesting too deep: a comment cannot stand inside a deletion; only an insertion may hold other marks, one level deep"])
        #expect(lint("{++a {==b==} c++}").first == "1:6: error: nesting too deep: a highlight cannot stand inside an insertion; only an insertion may hold other marks, one level deep")
        #expect(lint("{++a {--b--} {>>c<<} d++}") == [])
        // The edits inside a moved passage: insertions and substitutions inside an insertion.
        #expect(lint("{++a {++b++} {~~c~>d~~} e++}") == [])
    }

    @Test func markupInLinkDestination() {
        #expect(lint("[x](http://a/{++b++})") == ["1:14: error: revision markup inside a link destination"])
        #expect(lint("<http://a/{--b--}>") == ["1:11: error: revision markup inside a link destination"])
        #expect(lint("[policy {~~5100~>5110~~}](p.md) and (see {++x++})") == [])
        // `](` with no `)` after it in its paragraph opens no destination: there is no link;
        // a `)` after a line break inside a mark still closes one.
        #expect(lint("See [the rules](rules{++-v2.md\n++}) now.") == ["1:22: error: revision markup inside a link destination"])
        #expect(lint("x](y{++a++} z") == [])
        #expect(lint("x](y{++a++}) z](k{++b++}") == ["1:5: error: revision markup inside a link destination"])
        // White space for white space may follow a bare URL: it ends the URL in every reading.
        #expect(lint("See https://x.org{~~\n~> ~~}next") == [])
        #expect(lint("See https://x.org{++\n++}next") == ["1:18: error: revision markup inside a link destination"])
        // `://` with no scheme before it is no URL.
        #expect(lint("See {++://++}x.org{++\n++}next") == [])
    }

    @Test func markupAcrossTableCells() {
        let table = "| a | b | c |\n|---|---|---|\n| {++a | b++} | c | d |\n"
        #expect(lint(table) == ["3:3: error: revision markup contains a table cell separator '|': mark each cell's change separately"])
        #expect(lint("| a | b |\n|---|---|\n| {--x--} | {++y++} |\n") == [])
        #expect(lint("not a table {++a | b++}") == [])
        // Rows inserted or deleted inside a table; a whole table inserted is fine.
        #expect(lint("| A | B |\n|---|---|\n| keep | 1 |\n{--\n| gone | 2 |\n--}\n| last | 3 |\n")
                == ["4:1: error: a table's rows cannot be inserted or deleted inside it: mark each cell's change, or replace the whole table"])
        #expect(lint("Intro.\n\n{++\n| a |\n|---|\n| 1 |\n++}\n\nEnd.\n") == [])
    }

    @Test func emptyChangesWarn() {
        #expect(lint("{++++}") == ["1:1: warning: empty insertion"])
        #expect(lint("{----}") == ["1:1: warning: empty deletion"])
        #expect(lint("{~~a~>a~~}") == ["1:1: warning: substitution does not change the text"])
        #expect(lint("{==x==}") == ["1:1: warning: highlight without a comment: write the comment directly after it, {==text==}{>>comment<<}"])
    }

    @Test func locationsCountFrontMatterLinesAndUTF8Columns() {
        #expect(lint("---\ntitle: x\n---\né {++a") == ["4:4: error: unclosed insertion '{++'"])
    }

    @Test func invalidFrontMatter() {
        #expect(lint("---\ntitle: [unclosed\n---\nbody").first?.hasPrefix("3:1: error: invalid front matter") == true)
        #expect(lint("---\nrevision-date: soon\n---\n") == ["2:1: error: invalid front matter: 'revision-date' must be an ISO-8601 date such as 2024-03-01"])
        // One line, at the key's second occurrence, with CRLF line endings too.
        #expect(lint("---\ntitle: A\ntitle: B\n---\nx\n") == ["3:1: error: invalid front matter: duplicate key 'title'"])
        #expect(lint("---\r\ntitle: A\r\ntitle: B\r\n---\r\nx\r\n") == ["3:1: error: invalid front matter: duplicate key 'title'"])
        // Marks in front matter are text, said so.
        #expect(lint("---\ntitle: A {~~Old~>New~~} title\n---\nx\n") == ["2:1: warning: revision markup in front matter is not read as a change: 'title' keeps it as text"])
        #expect(lint("---\nauthor:\n  name: x\nname: 1\nname: 2\n---\nx\n") == ["5:1: error: invalid front matter: duplicate key 'name'"])
        #expect(lint("---\n\"title\": A\n\"title\": B\n---\nx\n") == ["3:1: error: invalid front matter: duplicate key 'title'"])
    }

    /// A file converted between LF and CRLF keeps its change IDs, multi-line changes included.
    @Test func changeIDsDoNotDependOnLineEndings() {
        let lf = "# T\n\n{++\nA new paragraph.\n\nAnd another.\n++}\n\nText {~~old\nline~>new~~} here.\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Document(parsing: crlf).changes.map(\.id) == Document(parsing: lf).changes.map(\.id))
        #expect(Document(parsing: crlf).changes.count == 2)
        // Also where a line starts with a combining mark or a variation selector (the string
        // search the IDs were once normalised with kept such a CRLF).
        let marks = "Para {++a\n\u{301}b++} end {--c\n\u{FE0F}d--}.\n"
        #expect(Document(parsing: marks.replacingOccurrences(of: "\n", with: "\r\n")).changes.map(\.id)
                == Document(parsing: marks).changes.map(\.id))
        // IDs are stable across versions: this one is pinned.
        #expect(Document(parsing: "Text {++new++} here.\n").changes.first?.id == ChangeIDPin.newInsertion)
    }

    /// Front matter with CRLF line endings (Word, Windows editors) is read like any other.
    @Test func frontMatterWithCRLFLineEndings() {
        let doc = Document(parsing: "---\r\ntitle: Test Policy\r\nstatus: draft\r\n---\r\n\r\n# Heading\r\n")
        #expect(doc.frontMatter.title == "Test Policy")
        #expect(doc.frontMatter.status == "draft")
    }

    @Test func escapesKeepDelimitersLiteral() {
        #expect(kinds(#"\{++not a change++\} and C\+\+ and \~~x\~~"#) == [])
        #expect(lint(#"\{++not++\}"#) == [])
    }
}

@Suite struct BlockChanges {
    static let source = "Intro.\n\n{++\n## IV. Review\n\nReviewed every three years.\n++}\n\nClosing.\n"

    @Test func blockInsertion() {
        #expect(kinds(Self.source) == ["insertion+block"])
        #expect(accept(Self.source) == "Intro.\n\n## IV. Review\n\nReviewed every three years.\n\nClosing.\n")
        #expect(reject(Self.source) == "Intro.\n\nClosing.\n")
    }

    @Test func blockDeletionOfListItems() {
        let s = "- one\n{--\n- two\n--}\n- three\n"
        #expect(accept(s) == "- one\n- three\n")
        #expect(reject(s) == "- one\n- two\n- three\n")
    }

    @Test func blockAtEndOfFile() {
        #expect(reject("Intro.\n\n{++\nNew.\n++}\n") == "Intro.\n")
        #expect(accept("Intro.\n\n{++\nNew.\n++}\n") == "Intro.\n\nNew.\n")
        // A file that ends at the closer, without a line break: the content's last line break
        // stood for the closer's, so neither reading gains one.
        #expect(accept("Intro.\n\n{++\nNew.\n++}") == "Intro.\n\nNew.")
        #expect(accept("{~~\nOld.\n~>\nNew.\n~~}") == "New.")
        #expect(reject("{~~\nOld.\n~>\nNew.\n~~}") == "Old.")
        #expect(reject("{~~\r\nOld.\r\n~>\r\nNew.\r\n~~}") == "Old.")
    }

    @Test func blockWithAttributionOnTheOpenerLine() {
        let s = "{++{\"author\":\"Legal\"}@@\nNew paragraph.\n++}\n"
        let doc = Document(parsing: s)
        #expect(doc.changes[0].isBlock)
        #expect(doc.changes[0].attribution.author == "Legal")
        #expect(doc.accepted == "New paragraph.\n")
    }

    @Test func blockSubstitution() {
        let s = "{~~\nOld paragraph.\n~>\nNew paragraph.\n~~}\n"
        #expect(accept(s) == "New paragraph.\n")
        #expect(reject(s) == "Old paragraph.\n")
    }

    @Test func paragraphSplitAndJoin() {
        let split = "This is a single paragraph {++\n\n++}that was split in two.\n"
        #expect(accept(split) == "This is a single paragraph \n\nthat was split in two.\n")
        #expect(reject(split) == "This is a single paragraph that was split in two.\n")
        let join = "These were two paragraphs {--\n\n--}joined together.\n"
        #expect(accept(join) == "These were two paragraphs joined together.\n")
        #expect(reject(join) == "These were two paragraphs \n\njoined together.\n")
    }

    @Test func joiningNeverGluesWords() {
        #expect(reject("end.{++\n\n++}Next") == "end. Next")
        #expect(accept("end.{--\n\n--}Next") == "end. Next")
    }

    @Test func acceptedStructureIsMarkdown() {
        let doc = Document(parsing: Self.source)
        let accepted = Document(parsing: doc.accepted)
        #expect(accepted.sections.map(\.anchor) == ["iv"])
    }
}

@Suite struct ReviewFindings {
    @Test func shorthandIsNotRecognisedInURLs() {
        #expect(kinds("[l](http://x/~~a~~b) c") == [])
        #expect(kinds("See [docs](https://a.org/?q=a++b++c)") == [])
        #expect(kinds("<http://x/++a++b>") == [])
        #expect(kinds("[l]: http://x/~~a~~b\n\n[l]\n") == [])
        #expect(kinds("see https://example.com/~~user~~/x ok") == [])
        #expect(lint("http://x.org/++/") == [])
        #expect(kinds("[~~old~~ text](http://x) ++new++") == ["~deletion", "~insertion"])
    }

    @Test func theEscapeExampleStaysLiteral() {
        #expect(lint(#"\{++not a change++}"#) == [])
        #expect(kinds(#"\{++not a change++} {++yes++}"#) == ["insertion"])
    }

    @Test func aWholeTableCanBeABlockChange() {
        let s = "{++\n| a |\n|---|\n| b |\n++}\n"
        #expect(lint(s) == [])
        #expect(accept(s) == "| a |\n|---|\n| b |\n")
    }
}

@Suite struct ExplicitIDs {
    @Test func duplicateExplicitIDsAreAnError() {
        #expect(lint(#"{++{"id":"abc"}@@x++} {++{"id":"abc"}@@y++}"#) == ["1:23: error: duplicate change ID 'abc' (also at 1:1)"])
    }

    @Test func aHashedIDNeverTakesAnExplicitOne() {
        let plain = Document(parsing: "a {++x++} b").changes[0].id
        let doc = Document(parsing: "a {++x++} b {++{\"id\":\"\(plain)\"}@@y++} c")
        #expect(doc.changes.map(\.id) == ["\(plain)-2", plain])
        #expect(doc.diagnostics == [])
    }
}

@Suite struct ShorthandInsideCriticMarkup {
    @Test func isTextInsideASubstitutionOrDeletion() {
        let doc = Document(parsing: "{~~a~~b~>c~~}")
        #expect(doc.diagnostics == [])
        #expect(doc.changes.map(\.oldText) == ["a~~b"])
        #expect(lint("{--C ++x++ y--}") == [])
    }

    @Test func isADeletionInsideAnInsertion() {
        #expect(kinds("{++a ~~b~~ c++}") == ["insertion", "~deletion"])
    }
}

/// A change ID computed by an earlier version, pinned so that a change of the hashing shows.
enum ChangeIDPin {
    static let newInsertion = "d27523ca"
}
