import Foundation
import PropertyBased
import Testing
@testable import Redline

/// Generated pairs of drafts: a text of pieces (words, punctuation, line and paragraph breaks,
/// Markdown that the markup must not break), and the same text after a list of edits.
enum GeneratedPair {
    static let words = ["staff", "shall", "report", "the", "policy", "Principal", "II.", "(30)", "*emph*", "`code`",
                        "C++", "3", "é", "district", "[link](http://x.org/a)", "a", "\"quoted\"", "§12", "e-mail", "it's"]

    static func word(_ n: Int) -> String { words[(n / 7) % words.count] }

    /// Pieces alternate word and separator.
    static func pieces(_ codes: [Int]) -> [String] {
        var out: [String] = []
        for (k, code) in codes.enumerated() {
            out.append(code % 23 == 0 ? "## " + word(code / 3) : code % 19 == 0 ? "- " + word(code / 5) : word(code))
            if k < codes.count - 1 { out.append(code % 11 == 0 ? "\n\n" : code % 5 == 0 ? "\n" : " ") }
        }
        return out
    }

    /// Edits can leave a text beginning with white space (blank lines, indentation): kept.
    static func text(_ pieces: [String]) -> String {
        pieces.joined() + "\n"
    }

    /// Edits: delete, insert or replace a word, re-wrap a line, split or join paragraphs, move
    /// a paragraph, put white space before the text.
    static func edited(_ original: [String], _ edits: [Int]) -> [String] {
        var p = original
        for e in edits where !p.isEmpty {
            let at = (e / 9) % p.count
            let wordAt = at - at % 2
            switch e % 9 {
            case 0 where p.count > 2: p.removeSubrange(wordAt..<min(p.count, wordAt + 2))
            case 1: p.insert(contentsOf: [word(e / 13), " "], at: wordAt)
            case 2: p[wordAt] = word(e / 17)
            case 3 where at % 2 == 1: p[at] = p[at] == " " ? "\n" : " "
            case 4 where at % 2 == 1: p[at] = p[at] == "\n\n" ? " " : "\n\n"
            case 5:
                // Move the paragraph holding `at` to the end.
                let starts = [0] + p.indices.filter { p[$0] == "\n\n" }.map { $0 + 1 }
                guard let start = starts.last(where: { $0 <= at }), starts.count > 1 else { continue }
                let end = p[start...].firstIndex(of: "\n\n") ?? p.count
                let paragraph = Array(p[start..<end])
                p.removeSubrange(start..<min(p.count, end + 1))
                if p.last == "\n\n" { p.removeLast() }
                p += ["\n\n"] + paragraph
            case 6: p[wordAt] = p[wordAt].uppercased()
            // White space put before the text: blank lines, indentation.
            case 7: p[0] = ["\n\n", "  ", "\n  "][(e / 9) % 3] + p[0]
            default: break
            }
        }
        return p
    }

    static let codes = Gen.int(in: 0...100_000).array(of: 1...60)
    static let edits = Gen.int(in: 0...100_000).array(of: 0...12)
}

@Suite struct ComparisonProperties {
    static func readings(_ c: Comparison) -> (accepted: String, rejected: String) {
        let document = Document(parsing: c.markup)
        return (document.accepted, document.rejected)
    }

    /// Each pair (old, new) compared: its markup reads back as both texts, accepting giving the
    /// new and rejecting the old.
    static func expectReadsBack(_ pairs: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for (old, new) in pairs {
            let (accepted, rejected) = readings(try Comparison(old: old, new: new))
            #expect(accepted == new && rejected == old, sourceLocation: sourceLocation)
        }
    }

    @Test func acceptGivesNewAndRejectGivesOld() async {
        await propertyCheck(count: 300, input: GeneratedPair.codes, GeneratedPair.edits) { codes, edits in
            let pieces = GeneratedPair.pieces(codes)
            let a = GeneratedPair.text(pieces), b = GeneratedPair.text(GeneratedPair.edited(pieces, edits))
            do {
                let c = try Comparison(old: a, new: b)
                let (accepted, rejected) = Self.readings(c)
                #expect(accepted == b)
                #expect(rejected == a)
                #expect(c.isIdentical == (a == b))
                // The same inputs give the same bytes.
                #expect(try Comparison(old: a, new: b).markup == c.markup)
                // The other way round: as many words out as in.
                let back = try Comparison(old: b, new: a)
                let (backAccepted, backRejected) = Self.readings(back)
                #expect(backAccepted == a && backRejected == b)
            } catch {
                // Refusing is allowed (exit 2 in the command); a wrong redline never is. How
                // often the writer refuses is checked by `generatedPairsAreNotRefused` below.
            }
        }
    }

    /// The writer once refused some pairs (runs of identical blocks deleted at the very start
    /// of a file); it now widens whole-block regions until the marks give the texts back.
    /// Counted on a fixed set of 500 generated pairs: none is refused.
    @Test func generatedPairsAreNotRefused() {
        var refused = 0
        for n in 0..<500 {
            var state = UInt64(n) &* 0x9E3779B97F4A7C15 &+ 1
            func next() -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % 100_000)
            }
            let codes = (0..<(1 + next() % 60)).map { _ in next() }
            let edits = (0..<(next() % 13)).map { _ in next() }
            let pieces = GeneratedPair.pieces(codes)
            let a = GeneratedPair.text(pieces), b = GeneratedPair.text(GeneratedPair.edited(pieces, edits))
            guard let c = try? Comparison(old: a, new: b) else { refused += 1; continue }
            let (accepted, rejected) = Self.readings(c)
            #expect(accepted == b && rejected == a)
        }
        #expect(refused == 0, "\(refused) of 500 generated pairs refused")
    }

    /// A block's word set is its distinct word numbers in order, whatever their order and
    /// repeats (short blocks, long ones, all alike, already sorted, reversed).
    @Test func wordSetsAreSortedAndDistinct() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...40).array(of: 0...300)) { values in
            let words = values.map(Int32.init)
            #expect(BlockAlignment.wordSet(words) == Array(Set(words)).sorted())
            #expect(BlockAlignment.wordSet(words.sorted()) == BlockAlignment.wordSet(words.reversed()))
            let half = words.count / 2
            #expect(BlockAlignment.union(BlockAlignment.wordSet(Array(words[..<half])), BlockAlignment.wordSet(Array(words[half...])))
                    == BlockAlignment.wordSet(words))
        }
    }

    /// Two texts cut apart, each with an interner of its own, and the second renumbered into
    /// the first's: the very numbers one interner gives reading the first and then the second.
    @Test func separateInternersRenumberedGiveTheSameNumbers() async {
        await propertyCheck(count: 100, input: GeneratedPair.codes, GeneratedPair.edits) { codes, edits in
            let pieces = GeneratedPair.pieces(codes)
            let a = Array(GeneratedPair.text(pieces).utf8), b = Array((GeneratedPair.text(GeneratedPair.edited(pieces, edits)) + "x, ;\n").utf8)
            for granularity in [Granularity.word, .character, .sentence] {
                var one = Interner()
                let x = TokenizedText(a, granularity: granularity, interner: &one), y = TokenizedText(b, granularity: granularity, interner: &one)
                var first = Interner(), second = Interner()
                let x2 = TokenizedText(a, granularity: granularity, interner: &first)
                var y2 = TokenizedText(b, granularity: granularity, interner: &second)
                y2.renumber(second.renumbering(into: &first))
                #expect(x.ids == x2.ids && y.ids == y2.ids)
            }
        }
    }

    /// Windows of the real corpus with random edits of the kinds that once made the writer
    /// refuse (found by fuzzing `policy diff`): Markdown syntax and backslashes put beside words,
    /// line and paragraph breaks added and removed, CRLF, texts that end without a line break or
    /// begin with white space. Every redline written gives both texts back; refusals stay rare.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func mutatedCorpusWindowsAreWrittenOrRefused() throws {
        var state: UInt64 = 0x5DEECE66D
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        let syntax = ["*", "_", "[", "]", "(", ")", "#", ">", "-", "`", "|", "<", "&", "\n", "\n\n", " ", "  ", "\t", "1.",
                      "http://x.org/a", "](u)", "\\", "!", "\"", ":", ".", ",", "\r\n", "{", "}"]
        let texts = try FileManager.default.contentsOfDirectory(atPath: CmarkParity.corpus.path).sorted().map { pair in
            try String(contentsOf: CmarkParity.corpus.appendingPathComponent(pair).appendingPathComponent("old.md"), encoding: .utf8)
        }
        func mutated(_ text: String) -> String {
            var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<(1 + next(8)) where !words.isEmpty {
                let i = next(words.count)
                switch next(7) {
                case 0: words.remove(at: i)
                case 1: words.insert(["new", "the", "Staff"][next(3)], at: i)
                case 2: words[i] += syntax[next(syntax.count)]
                case 3: words[i] = syntax[next(syntax.count)] + words[i]
                case 4: words[i] = words[i].contains("\n") ? words[i].replacingOccurrences(of: "\n", with: " ") : words[i] + "\n"
                case 5: words.swapAt(i, next(words.count))
                default: words[i] += "\n\n"
                }
            }
            var out = words.joined(separator: " ")
            switch next(6) {
            case 0: while out.last?.isNewline == true { out.removeLast() }
            case 1: out += "\n\n"
            case 2: out = ["\n\n", "  ", "\n "][next(3)] + out
            default: break
            }
            return out
        }
        var refused = 0, compared = 0
        for _ in 0..<400 {
            var text = texts[next(texts.count)]
            text = String(text.utf8.dropFirst(FrontMatterReader.length(of: Array(text.utf8))))!
            let length = [300, 1200][next(2)], start = next(max(1, text.utf8.count - length))
            var a = String(decoding: Array(text.utf8).dropFirst(start).prefix(length), as: UTF8.self)
            var b = mutated(a)
            if next(3) == 0 { (a, b) = (b, mutated(b)) }
            if next(5) == 0 { (a, b) = (a.replacingOccurrences(of: "\n", with: "\r\n"), b.replacingOccurrences(of: "\n", with: "\r\n")) }
            guard !Document.containsRevisionMarkup(a), !Document.containsRevisionMarkup(b),
                  FrontMatterReader.length(of: Array(a.utf8)) == 0, FrontMatterReader.length(of: Array(b.utf8)) == 0 else { continue }
            compared += 1
            guard let c = try? Comparison(old: a, new: b) else { refused += 1; let d = "/tmp/fz/ref\(refused)"; try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true); try? a.write(toFile: d + "/a.md", atomically: true, encoding: .utf8); try? b.write(toFile: d + "/b.md", atomically: true, encoding: .utf8); continue }
            let (accepted, rejected) = Self.readings(c)
            #expect(accepted == b && rejected == a, "\(a.debugDescription) → \(b.debugDescription)")
        }
        #expect(compared > 200)
        #expect(refused <= 1, "\(refused) of \(compared) mutated corpus windows refused")
    }

    /// Words a comparison shows as gone and as new (layout changes aside).
    static func changedWords(_ c: Comparison) -> (deleted: Int, inserted: Int, moves: Int) {
        func words(_ s: String) -> Int { s.split { $0 == " " || $0 == "\n" || $0 == "\t" }.count }
        var deleted = 0, inserted = 0, moves = 0
        for d in c.differences where d.kind != .layout {
            deleted += words(d.oldText)
            inserted += words(d.newText)
            if d.kind == .movedTo { moves += 1 }
        }
        return (deleted, inserted, moves)
    }

    /// `diff(b, a)` mirrors `diff(a, b)`: what one shows deleted the other shows inserted, and
    /// the same blocks move. Known not to hold on every text: where words or blocks repeat, the
    /// two directions may pair different copies (about one run in ten finds such a pair; three
    /// are kept in `mirroringFailsOnRepeatedText`). Marked intermittent so that CI does not fail
    /// by lot; a failure still shows in the output with its counterexample.
    @Test func comparingTheOtherWayMirrors() async {
        await withKnownIssue("diff(b, a) does not always mirror diff(a, b) where text repeats", isIntermittent: true) {
            await propertyCheck(count: 200, input: GeneratedPair.codes, GeneratedPair.edits) { codes, edits in
                let pieces = GeneratedPair.pieces(codes)
                let a = GeneratedPair.text(pieces), b = GeneratedPair.text(GeneratedPair.edited(pieces, edits))
                guard let forward = try? Comparison(old: a, new: b), let back = try? Comparison(old: b, new: a) else { return }
                let f = Self.changedWords(forward), r = Self.changedWords(back)
                #expect(f.deleted == r.inserted && f.inserted == r.deleted && f.moves == r.moves, "\(a.debugDescription) → \(b.debugDescription)")
            }
        }
    }

    /// Found by the property above (about one run in ten): with a block repeated (thirty times,
    /// or three), or words repeated, the two directions pair different copies and disagree on
    /// the words changed. Known,
    /// not fixed: the move detection's choice among equal copies is not symmetric.
    @Test func mirroringFailsOnRepeatedText() throws {
        let a = "staff staff staff staff staff staff staff staff staff staff staff ## staff\n\nstaff staff staff staff ## staff\n\nstaff staff staff staff staff staff staff staff staff staff staff staff ## staff\n\n"
            + String(repeating: "## staff\n\n", count: 29) + "## staff\n"
        let b = "\n    staff staff staff staff staff staff staff staff it's staff staff staff staff staff e-mail ## staff\n\n"
            + String(repeating: "## staff\n\n", count: 30) + "staff staff staff staff staff staff staff §12 staff staff staff staff staff ## staff\n"
        // And three copies are enough; and repeated words within unique blocks.
        let c = "## staff\n\n## staff\n\n## staff\n\nstaff ## staff\n\nstaff ## staff\n\nstaff ## staff\n\nstaff staff ## staff\n"
        let d = "`code` \n\n    ## staff\n\n## staff\n\n## staff\n\nstaff ## staff\n\nstaff ## staff\n\nstaff ## staff\n\nstaff staff ## staff\n"
        let e = "staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff ## staff\n\nstaff staff staff staff staff é \"quoted\" ## staff\n"
        let g = "staff staff staff staff é \"quoted\" ## staff\n\n    staff staff staff staff staff \"quoted\" staff staff é staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff staff ## staff\n"
        for (old, new) in [(a, b), (c, d), (e, g)] {
            let f = Self.changedWords(try Comparison(old: old, new: new)), r = Self.changedWords(try Comparison(old: new, new: old))
            withKnownIssue("diff(b, a) does not mirror diff(a, b) where text repeats") {
                #expect(f.deleted == r.inserted && f.inserted == r.deleted && f.moves == r.moves, "\(f) against \(r)")
            }
        }
    }

    /// A text that repeats itself (a manual built from the same model policy six times) has
    /// few blocks that occur once: copies are still aligned copy by copy, so an edit in one copy
    /// is one change there, not a cascade of moves between copies.
    @Test func repeatedTextsAlignCopyByCopy() throws {
        let copy = (0..<12).map { "Paragraph \($0 % 4) of the model policy says that staff shall report it.\n" }.joined(separator: "\n")
        let copies = (0..<6).map { _ in "# Copy\n\n" + copy }
        let a = copies.joined(separator: "\n")
        var edited = copies
        edited[1] = edited[1].replacingOccurrences(of: "Paragraph 2 of", with: "Paragraph 2 (revised) of")
        edited[4] = edited[4].replacingOccurrences(of: "staff shall report", with: "staff must report")
        edited[5] += "\nA closing paragraph added at the end.\n"
        let b = edited.joined(separator: "\n")
        let c = try Comparison(old: a, new: b)
        let (accepted, rejected) = Self.readings(c)
        #expect(accepted == b && rejected == a)
        let counts = Self.changedWords(c)
        #expect(counts.moves == 0)
        // "(revised)" three times in copy 1, "shall" → "must" in each of copy 4's twelve
        // paragraphs, and the added paragraph's seven words: exactly those, nothing else.
        #expect(counts.deleted == 12, "\(c.differences.map { ($0.kind, $0.oldText, $0.newText) })")
        #expect(counts.inserted == 3 + 12 + 7)
    }

    @Test func aTextComparedWithItselfHasNoDifferences() async throws {
        await propertyCheck(count: 100, input: GeneratedPair.codes) { codes in
            let a = GeneratedPair.text(GeneratedPair.pieces(codes))
            let c = try? Comparison(old: a, new: a)
            #expect(c?.differences == [])
            #expect(c?.markup == a)
        }
    }
}

@Suite struct ComparisonTests {
    static func markup(_ a: String, _ b: String, _ options: Comparison.Options = .init()) throws -> String {
        try Comparison(old: a, new: b, options: options).markup
    }

    @Test func shortEqualRunsAreAbsorbedIntoOneSubstitution() throws {
        #expect(try Self.markup("When the cat sat on the mat.\n", "When a dog stood on the mat.\n")
                == "When {~~the cat sat~>a dog stood~~} on the mat.\n")
    }

    @Test func changesLandOnWordBoundariesWithPunctuationApart() throws {
        #expect(try Self.markup("within thirty (30) days.\n", "within sixty (60) days.\n")
                == "within {~~thirty (30)~>sixty (60)~~} days.\n")
        #expect(try Self.markup("Staff shall report.\n", "Staff must report promptly.\n")
                == "Staff {~~shall~>must~~} report{++ promptly++}.\n")
    }

    @Test func rewrappingIsALayoutChangeOnly() throws {
        let a = "One two three four\nfive six seven.\n", b = "One two three\nfour five six seven.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.differences.allSatisfy { $0.kind == .layout })
        #expect(c.differences.count == 2)
        #expect(c.differences.reduce(0) { $0 + $1.oldWords + $1.newWords } == 0)
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
    }

    @Test func aMovedParagraphIsOneMove() throws {
        let moved = "This paragraph about records retention moves to the end of the policy."
        let a = "# Policy\n\n\(moved)\n\nFirst rule stays.\n\nSecond rule stays.\n"
        let b = "# Policy\n\nFirst rule stays.\n\nSecond rule stays.\n\n\(moved)\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.differences.map(\.kind) == [.movedFrom, .movedTo])
        #expect(Set(c.differences.map(\.move)) == [1])
        #expect(c.markup.contains("{\"move\":\"m1\"}@@"))
        let plain = try Comparison(old: a, new: b, options: .init(detectMoves: false))
        #expect(plain.differences.map(\.kind) == [.deletion, .insertion])
    }

    /// A block moved and lightly edited on the way is one move, with its edits shown inside the
    /// moved-to half against the block it came from; the edits count as changed words, the rest
    /// as moved, and rejecting only the edits leaves the block as it was, in its new place.
    @Test func aMovedAndEditedParagraphShowsItsEdits() throws {
        let a = "# Policy\n\nThe superintendent shall review this policy every two years and report to the committee.\n\nFirst rule stays.\n\nSecond rule stays.\n"
        let b = "# Policy\n\nFirst rule stays.\n\nSecond rule stays.\n\nThe superintendent shall review this policy every three years and report to the full committee.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.hasSuffix("{++{\"move\":\"m1\"}@@\n\nThe superintendent shall review this policy every {~~two~>three~~} years and report to the{++ full++} committee.++}\n"))
        #expect(c.differences.map(\.kind) == [.movedFrom, .movedTo, .substitution, .insertion])
        #expect(c.differences.allSatisfy { $0.move == 1 })
        // The edit's old side is where the block stood in the old file.
        #expect(String(a.utf8.dropFirst(c.differences[2].oldRange.lowerBound).prefix(3))! == "two")
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        let document = Document(parsing: c.markup)
        let edits = document.changes.filter { $0.parentID != nil }.map(\.id)
        #expect(edits.count == 2)
        let movedOnly = Document(parsing: document.resolving(ChangeSelection(ids: edits), as: .reject)).accepted
        #expect(movedOnly == "# Policy\n\nFirst rule stays.\n\nSecond rule stays.\n\nThe superintendent shall review this policy every two years and report to the committee.\n")
        #expect(ComparisonReport.stat(c, markup: document).hasSuffix("1 section changed: 2 words inserted, 1 deleted, 13 moved, 1 substitution\n"))
        #expect(ChangeReport.countSummary(document.changes) == "3 changes: 1 move, 1 insertion, 1 substitution")
        let text = TextRenderer(edition: Edition(document: document, view: .redline)).render()
        #expect(text.contains("[-(moved m1) The superintendent"))
        #expect(text.contains("{+(moved m1) The superintendent shall review this policy every\n[-two-]{+three+} years and report to the {+full+} committee.+}"))
        // The other way round: the same move, its edits mirrored.
        let back = try Comparison(old: b, new: a)
        #expect(back.differences.map(\.kind) == [.movedTo, .substitution, .deletion, .movedFrom])
    }

    /// A short sentence that begins with the same words as the next one is cut by Myers where
    /// they repeat (`Students shall {--comply … staff. Students shall --}not`); slid to its
    /// own edges, it reads as the sentence it is, and moved elsewhere it is found as a move.
    @Test func aSentenceCutWhereItsWordsRepeatSlidesToItsEdges() throws {
        let a = "# Conduct\n\nStudents shall respect others. Students shall comply with the directions of staff. Students shall not bring weapons.\n\n# Notice\n\nNotice is given in writing.\n"
        let b = "# Conduct\n\nStudents shall respect others. Students shall not bring weapons.\n\n# Notice\n\nNotice is given in writing. Students shall comply with the directions of staff.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.contains("others. {--{\"move\":\"m1\"}@@Students shall comply with the directions of staff. --}Students shall not"), "\(c.markup)")
        #expect(c.differences.map(\.kind) == [.movedFrom, .movedTo])
        let deleted = try Self.markup("One sentence here. Staff shall report it. Staff shall act.\n", "One sentence here. Staff shall act.\n")
        #expect(deleted == "One sentence here. {--Staff shall report it. --}Staff shall act.\n", "\(deleted)")
        try ComparisonProperties.expectReadsBack([(a, b), (b, a)])
    }

    /// A sentence that leaves one paragraph for another is a move, not a deletion and an
    /// unrelated insertion; lightly edited on the way, its edits show inside the moved-to half.
    @Test func aSentenceMovedBetweenParagraphsIsAMove() throws {
        let a = "# Policy\n\nStaff shall use district accounts for school business. Personal accounts may not be used to contact students. Violations go to the principal.\n\n## Reporting\n\nStaff shall report concerns promptly. Reports go to the building principal.\n"
        let b = "# Policy\n\nStaff shall use district accounts for school business. Violations go to the principal.\n\n## Reporting\n\nStaff shall report concerns promptly. Personal accounts may not be used to contact students. Reports go to the building principal.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup == "# Policy\n\nStaff shall use district accounts for school business. {--{\"move\":\"m1\"}@@Personal accounts may not be used to contact students. --}Violations go to the principal.\n\n## Reporting\n\nStaff shall report concerns promptly. {++{\"move\":\"m1\"}@@Personal accounts may not be used to contact students. ++}Reports go to the building principal.\n")
        #expect(c.differences.map(\.kind) == [.movedFrom, .movedTo])
        let back = try Comparison(old: b, new: a)
        #expect(back.differences.map(\.kind) == [.movedTo, .movedFrom])
        #expect(try Comparison(old: a, new: b, options: .init(detectMoves: false)).differences.map(\.kind) == [.deletion, .insertion])
        // Edited on the way: one move, the edit nested in its new place.
        let edited = b.replacingOccurrences(of: "to contact students. Reports", with: "to contact any student. Reports")
        let e = try Comparison(old: a, new: edited)
        #expect(e.markup.contains("{++{\"move\":\"m1\"}@@Personal accounts may not be used to contact {~~students~>any student~~}. ++}"))
        #expect(e.differences.map(\.kind) == [.movedFrom, .movedTo, .substitution])
        try ComparisonProperties.expectReadsBack([(a, b), (b, a), (a, edited), (edited, a)])
    }

    /// Sentences swapped inside one paragraph move too; a block moved whole keeps its own
    /// number, and sentence moves are numbered after it.
    @Test func sentencesReorderedInAParagraphAndNumberedAfterBlockMoves() throws {
        let a = "Intro line stays here.\n\nThe committee adopts this policy on first reading today. Staff shall report every incident to the principal. Parents may appeal.\n\nA whole paragraph that moves to the end of the file.\n\nLast words of the policy text.\n"
        let b = "Intro line stays here.\n\nStaff shall report every incident to the principal. The committee adopts this policy on first reading today. Parents may appeal.\n\nLast words of the policy text.\n\nA whole paragraph that moves to the end of the file.\n"
        let c = try Comparison(old: a, new: b)
        let moves = c.differences.filter { $0.kind == .movedFrom || $0.kind == .movedTo }
        #expect(moves.count == 4, "\(c.markup)")
        #expect(Set(moves.compactMap(\.move)) == [1, 2])
        #expect(c.differences.allSatisfy { $0.kind == .movedFrom || $0.kind == .movedTo || $0.kind == .layout })
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
    }

    /// Found in review: a moved paragraph beside a table written as whole blocks (its block
    /// move loses a half there, as before sentence moves) must not send the writer round in
    /// circles; a sentence that cuts a link in two is not moved; a sentence moved between list
    /// items leaves the items' markers where they are.
    @Test func sentenceMovesStayOutOfTrouble() throws {
        let moved = "The moved paragraph talks about the reporting of incidents by all staff in detail."
        let a = "| a | b |\n|---|---|\n| 1 | 2 |\n\n\(moved)\n\nClosing paragraph stays here.\n", b = "Closing paragraph stays here.\n\n\(moved)\n"
        try ComparisonProperties.expectReadsBack([(a, b), (b, a)])
        let k1 = "Para one talks about many things. Special terms may apply for business accounts (see [Section B: Extra Terms](#b)). More text.\n\nPara two stays here for now.\n"
        let k2 = "Para one talks about many things. More text.\n\nPara two stays here for now. Special terms may apply for business accounts (see [Section B: Extra Terms](#b)).\n"
        let c = try Comparison(old: k1, new: k2)
        for d in c.differences where d.move != nil {
            for text in [d.oldText, d.newText] { #expect(text.filter { $0 == "[" }.count == text.filter { $0 == "]" }.count, "\(text)") }
        }
        let list = try Comparison(old: "- First item says hello. Staff must report every incident to the principal at once.\n- Second item is here.\n",
                                  new: "- First item says hello.\n- Staff must report every incident to the principal at once. Second item is here.\n")
        let page = HTMLRenderer(edition: Edition(document: Document(parsing: list.markup), view: .redline)).article()
        #expect(page.components(separatedBy: "<li").count - 1 == 2 && !page.contains("@@- "), "\(list.markup)")
        #expect(!list.differences.contains { $0.move != nil && ($0.newText.contains("\n-") || $0.newText.hasPrefix("- ")) })
    }

    /// Not moves: a short sentence that recurs ("Yes." is boilerplate), and a sentence
    /// rewritten where it stands.
    @Test func shortOrInPlaceSentencesAreNotMoves() throws {
        let short = try Comparison(old: "One two. See below.\n\nThree four.\n", new: "One two.\n\nThree four. See below.\n")
        #expect(!short.differences.contains { $0.move != nil })
        let inPlace = try Comparison(old: "Alpha beta gamma delta epsilon zeta eta theta.\n", new: "Theta eta zeta epsilon delta gamma beta alpha.\n")
        #expect(!inPlace.differences.contains { $0.move != nil })
    }

    /// Edits at the edges of a text and of its lines that the readings' tidying of spaces
    /// would once have merged: they are written inline now, not as whole blocks replaced.
    @Test func edgesAreWrittenInline() throws {
        // A continuation line's indentation changed inside a list item.
        #expect(try Self.markup("- #### Malware\n   Being part of it.\n\nText.\n", "- #### Malware\n  Being part of it.\n\nText.\n")
                == "- #### Malware{~~\n   ~>\n  ~~}Being part of it.\n\nText.\n")
        // The first block deleted after a blank line at the body's start.
        #expect(try Self.markup("---\nt: 1\n---\n\n### Title\n\nPara.\n", "---\nt: 1\n---\n\nPara.\n")
                == "---\nt: 1\n---\n\n{--### Title\n\n--}Para.\n")
        // Blank lines at the start on one side only.
        #expect(try Self.markup("\n\nA para.\n\nB para.\n", "A para.\n\nB para changed.\n") == "{--\n\n--}A para.\n\nB para{++ changed++}.\n")
        // A space added after an inserted paragraph is part of that insertion.
        let c = try Comparison(old: "One.\n\nTwo.\n", new: "One.\n\nNew paragraph here. \n\nTwo.\n")
        #expect(c.markup == "One.{++\n\nNew paragraph here. ++}\n\nTwo.\n")
        #expect(c.differences.count == 1)
        for (a, b) in [("- #### Malware\n   Being part of it.\n\nText.\n", "- #### Malware\n  Being part of it.\n\nText.\n"),
                       ("One.\n\nTwo.\n", "One.\n\nNew paragraph here. \n\nTwo.\n")] {
            try ComparisonProperties.expectReadsBack([(a, b), (b, a)])
        }
    }

    /// Pairs found by fuzzing `policy diff` that it once refused (exit 2): a change beside a
    /// backslash escape (which would escape the mark's delimiter), texts that end without a line
    /// break or with blank lines, a `](` that opens no link.
    @Test func escapesAndFileEndsComeBackExactly() throws {
        #expect(try Self.markup("directors.x refer", "\\directors x refer") == "{~~directors~>\\directors~~}{~~.~> ~~}x refer")
        #expect(try Self.markup("a\\* b\n", "a\\ b\n") == "a{~~\\* ~>\\ ~~}b\n")
        #expect(try Self.markup("a \\\\* b\n", "a \\\\ b\n") == "a \\\\{--*--} b\n")
        // A change ending with `{`: the closer would make an opener of it.
        #expect(try Self.markup("x y\n", "x {y\n") == "x {~~y~>{y~~}\n")
        // A line re-wrapped after a bare URL stays a layout change beside it (it was a whole
        // paragraph replaced); a line break added after one takes the URL into the change.
        #expect(try Self.markup("See https://example.com/a\nnext line here.\n", "See https://example.com/a next\nline here.\n")
                == "See https://example.com/a{~~\n~> ~~}next{~~ ~>\n~~}line here.\n")
        #expect(try Self.markup("See https://x.org", "See https://x.org\n") == "See {~~https://x.org~>https://x.org\n~~}")
        #expect(try Self.markup("see http://a.org b\n", "see http://a.org\n b\n") == "see http://a.org{~~ ~>\n ~~}b\n")
        #expect(try Self.markup("see http://a.org/x\\ b\n", "see http://a.org/y\\ b\n") == "see {~~http://a.org/x\\ ~>http://a.org/y\\ ~~}b\n")
        let pairs = [("a\n\n", "a b"), ("a b\n", "a c"), ("](-poli", "-poli\n"), ("see [x](-poli\n", "see x -poli\n"),
                     ("Intro.\n\n| a |\n|---|\n| 1 |", "Intro.\n\n| a |\n|---|\n| 2 |"),
                     ("Intro.\n\n```\nx = 1\n```", "Intro.\n\n```\nx = 2\n```\n"),
                     ("a x\n", "a x\\\n"), ("p \\[x\n", "p [x\n"),
                     // White space before the first block, which a whole-block fallback takes in.
                     (" Effective Date", "{Effective Date"), ("\r\n\r\n your use", "\r\n\r\n\\your use\r\n"),
                     // A hard line break by backslash, its line ending changed.
                     ("Address:\\\nMain St.\n\nEnd.\n", "Address:\\\r\nMain St.\r\n\r\nEnd.\r\n"),
                     // Blocks written whole at the end on one side only, the other ending with a line break.
                     ("fact of\n", "fact of\n\n\\\n\ne"), ("Para.\r\n", "Para.\r\n\r\n\\\r\n\r\ne"),
                     // CRLF line endings through a whole-block fallback (a table).
                     ("Intro.\r\n\r\n| a |\r\n|---|\r\n| 1 |\r\n\r\nEnd.\r\n", "Intro.\r\n\r\n| a |\r\n|---|\r\n| 2 |\r\n\r\nEnd.\r\n")]
        for (a, b) in pairs {
            for (x, y) in [(a, b), (b, a)] {
                let c = try Comparison(old: x, new: y)
                let (accepted, rejected) = ComparisonProperties.readings(c)
                #expect(accepted == y && rejected == x, "\(x.debugDescription) → \(y.debugDescription): \(c.markup.debugDescription)")
            }
        }
    }

    /// Every corpus pair with CRLF line endings: the redline gives both back exactly, and each
    /// of its lines ends with CRLF too (whole-block fallbacks and headings included).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func corpusPairsInCRLFStayCRLF() throws {
        for pair in try FileManager.default.contentsOfDirectory(atPath: CmarkParity.corpus.path).sorted() {
            let folder = CmarkParity.corpus.appendingPathComponent(pair)
            func crlf(_ name: String) throws -> String {
                try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
            }
            let a = try crlf("old.md"), b = try crlf("new.md")
            let c = try Comparison(old: a, new: b)
            let document = Document(parsing: c.markup)
            #expect(document.accepted == b, "\(pair)")
            let bytes = Array(c.markup.utf8)
            #expect(!bytes.indices.contains { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }, "\(pair): a bare LF in the redline")
        }
    }

    /// The same text with CRLF line endings instead of LF differs in layout only: no word
    /// changed, nothing shown in the editions, a CRLF never cut in two.
    @Test func lineEndingsAloneAreLayout() throws {
        let lf = "# T\n\nSee <http://a.org/> and http://b.org\nfor more.\n\n- one\n- two\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        for (a, b) in [(lf, crlf), (crlf, lf)] {
            let c = try Comparison(old: a, new: b)
            #expect(!c.differences.isEmpty && c.differences.allSatisfy { $0.kind == .layout }, "\(c.markup.debugDescription)")
            #expect(!c.markup.contains("{++\r++}") && !c.markup.contains("{--\r--}"))
            let html = HTMLRenderer(edition: Edition(document: Document(parsing: c.markup), view: .redline)).article()
            #expect(!html.contains("<ins") && !html.contains("<del"))
        }
    }

    /// A long, heavily edited paragraph is aligned sentence by sentence first: its unchanged
    /// sentences stay unchanged text (word-level Myers over the whole paragraph would pass its
    /// budget and replace the paragraph whole), and each edit stays inside its sentence.
    @Test func longParagraphsAreAlignedBySentence() throws {
        func sentence(_ n: Int, _ words: [String]) -> String { "Clause \(n) " + (0..<14).map { words[($0 * 7 + n) % words.count] }.joined(separator: " ") + "." }
        let plain = ["staff", "shall", "report", "the", "district", "policy", "records", "school", "board", "review"]
        let other = ["every", "member", "must", "notify", "principal", "within", "thirty", "days", "of", "incident"]
        let oldSentences = (0..<120).map { sentence($0, plain) }
        var newSentences = oldSentences
        for n in stride(from: 1, to: 120, by: 2) { newSentences[n] = sentence(n, other) }
        newSentences[4] = oldSentences[4].replacingOccurrences(of: "Clause 4 ", with: "Clause 4 (amended) ")
        let a = oldSentences.joined(separator: " ") + "\n", b = newSentences.joined(separator: " ") + "\n"
        let c = try Comparison(old: a, new: b)
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        // Every even sentence but the fourth is written as it was, outside any mark.
        let document = Document(parsing: c.markup)
        for n in stride(from: 0, to: 120, by: 2) where n != 4 {
            #expect(c.markup.contains(" " + oldSentences[n] + " ") || c.markup.hasPrefix(oldSentences[n] + " "), "sentence \(n)")
        }
        #expect(document.changes.contains { $0.kind == .insertion && $0.newText == "(amended) " })
        #expect(document.changes.count >= 60)
    }

    @Test func aRewordedHeadingStaysInPlace() throws {
        let a = "## II. General Policy\n\nText one.\n\n## III. Scope\n\nText two.\n"
        let b = "## II. General Provisions\n\nText one.\n\n## III. Scope\n\nText two.\n"
        #expect(try Self.markup(a, b) == "## II. General {~~Policy~>Provisions~~}\n\nText one.\n\n## III. Scope\n\nText two.\n")
    }

    @Test func paragraphSplitAndJoinAreOneChange() throws {
        let a = "First sentence. Second sentence.\n", b = "First sentence.\n\nSecond sentence.\n"
        let split = try Comparison(old: a, new: b)
        #expect(split.differences.count == 1)
        let join = try Comparison(old: b, new: a)
        #expect(join.differences.count == 1)
    }

    @Test func wholeBlocksInsertedAndDeleted() throws {
        let a = "# T\n\nKeep.\n\nGone paragraph here.\n\nEnd.\n"
        let b = "# T\n\nKeep.\n\nEnd.\n\nA new closing paragraph.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.differences.map(\.kind) == [.deletion, .insertion])
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
    }

    @Test func codeAndTablesFallBackToWholeBlocks() throws {
        let a = "Intro.\n\n```\nlet x = 1\n\nlet y = 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        let b = "Intro.\n\n```\nlet x = 3\n\nlet y = 2\n```\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n"
        let c = try Comparison(old: a, new: b)
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        #expect(Document(parsing: c.markup).diagnostics.filter { $0.severity == .error } == [])
    }

    /// Tables (and code) inserted or deleted as the first blocks of a text: written as block
    /// marks, whose closer line the break after them follows (they were refused).
    @Test func tablesInsertedOrDeletedAtTheStart() throws {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n", text = "Text.\n"
        for (a, b) in [(table + "\n" + text, text), (text, table + "\n" + text),
                       (table + "\n| c |\n|---|\n| 3 |\n\n" + text, text), ("```\ncode\n```\n\n" + table + "\n" + text, "Intro.\n\n" + text),
                       ((table + "\n" + text).replacingOccurrences(of: "\n", with: "\r\n"), text.replacingOccurrences(of: "\n", with: "\r\n"))] {
            let c = try Comparison(old: a, new: b)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == b && rejected == a, "\(a.debugDescription) → \(b.debugDescription)")
            #expect(Document(parsing: c.markup).diagnostics.filter { $0.severity == .error } == [])
        }
        #expect(try Self.markup(table + "\n" + text, text) == "{--\n" + table + "--}\n\n" + text)
    }

    /// The redline of every pair of two-block texts drawn from tables, code, raw HTML,
    /// paragraphs, a heading, lists and an HTML comment shows its changes as changes: no delimiter and no
    /// placeholder left as text, no insertion shown inside a deletion, and the editions'
    /// readings give the texts back (found with a raw HTML block deleted inline, whose later
    /// lines opened a block of their own and took the change's end in).
    @Test func everyPairOfBlocksReadsAsItsChanges() throws {
        let blocks = ["| a | b |\n|---|---|\n| 1 | 2 |\n", "```\nx = 1\n```\n", "<div>\nhi\n</div>\n", "Text here.\n",
                      "Other text.\n", "# Title\n", "- a\n- b\n", "<!-- note -->\n"]
        var texts: [String] = []
        for a in blocks { for b in blocks where b != a { texts.append(a + "\n" + b) } }
        for old in texts {
            for new in texts where new != old {
                let c = try Comparison(old: old, new: new)
                let text = TextRenderer(edition: Edition(document: Document(parsing: c.markup), view: .redline), width: 72, color: false).render(fragment: true)
                let garbled = ["{++", "++}", "{--", "--}", "[-{+", "{+[-"].first { text.contains($0) }
                    ?? (text.unicodeScalars.contains { (0xE000...0xE01F).contains($0.value) } ? "placeholder" : nil)
                #expect(garbled == nil, "\(old.debugDescription) → \(new.debugDescription): \(text)")
            }
        }
    }

    /// Raw HTML written as whole blocks only where its region is whole blocks: word edits in
    /// the paragraphs around an inserted comment stay word edits, and an autolink paragraph is
    /// no raw HTML (from the second review).
    @Test func rawHTMLBesideEditedParagraphsKeepsTheirWordEdits() throws {
        let paragraphs = (1...3).map { "Paragraph \($0): staff may report it.\n" }
        let a = paragraphs.joined(separator: "\n")
        let b = paragraphs.map { $0.replacingOccurrences(of: "may", with: "shall") }.joined(separator: "\n") + "\n<!-- TODO: legal review -->\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.components(separatedBy: "{~~may~>shall~~}").count == 4, "\(c.markup)")
        let d = try Comparison(old: "Staff may report.\n", new: "Staff shall report.\n\n<https://x.org> is the site.\n")
        #expect(d.markup.contains("{~~may~>shall~~}"), "\(d.markup)")
        // An HTML comment inserted whole shows in the redline page, as text.
        let e = try Comparison(old: "Alpha.\n\nBeta.\n", new: "Alpha.\n\n<!-- reviewed 2024 -->\n\nBeta.\n")
        let html = HTMLRenderer(edition: Edition(document: Document(parsing: e.markup), view: .redline)).article()
        #expect(html.contains("&lt;!-- reviewed 2024 --&gt;"), "\(html)")
    }

    /// A heading whose level changed along with its words: the `#` marks are a change of their
    /// own, so the redline still shows a heading of the new level, followed by its paragraph.
    @Test func aHeadingsLevelChangesApartFromItsWords() throws {
        let a = "Intro.\n\n#### *Registration Information*\nWe require some.\n", b = "Intro.\n\n##### Registration information\nWe require some.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.hasPrefix("Intro.\n\n####{++#++} "), "\(c.markup)")
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        let html = HTMLRenderer(edition: Edition(document: Document(parsing: c.markup), view: .redline)).article()
        #expect(html.contains("<h5 class=\"changed\">") && html.contains("<p>We require some.</p>"), "\(html)")
        let back = try Comparison(old: b, new: a)
        #expect(back.markup.hasPrefix("Intro.\n\n####{--#--} "), "\(back.markup)")
    }

    /// Words added at the end of a heading directly followed by its paragraph: the line break
    /// stays outside the change (white space runs compare equal, so Myers could pair the old
    /// line break with the new space and put the heading's end inside the insertion).
    @Test func aLineBreakStaysOutsideAChangeBesideIt() throws {
        let a = "### I. Additional Terms for GitHub Pages\n**Short version:** *The service.*\n"
        let b = "### I. Additional Terms for GitHub Pages and Learning Lab\n**Short version:** *The service.*\n"
        #expect(try Self.markup(a, b) == "### I. Additional Terms for GitHub Pages{++ and Learning Lab++}\n**Short version:** *The service.*\n")
        #expect(try Self.markup(b, a) == "### I. Additional Terms for GitHub Pages{-- and Learning Lab--}\n**Short version:** *The service.*\n")
        let html = HTMLRenderer(edition: Edition(document: Document(parsing: try Self.markup(a, b)), view: .redline)).article()
        #expect(html.contains("Learning Lab<span class=\"sr-only\"> [insertion ends]</span></ins></h3>"), "\(html)")
        // Both sides of a substitution end the heading's line: the break stays outside.
        #expect(try Self.markup("##### Cookies and similar technologies information\nAs described.\n", "##### Cookies \nAs described.\n")
                == "##### Cookies{~~ and similar technologies information~> ~~}\nAs described.\n")
    }

    /// A nested list item added or removed at the end of its list is the item's line, not its
    /// text plus the next outer item's marker (white space runs all compare equal, so Myers
    /// may pair the nested item's line break with the outer one's).
    @Test func nestedListItemsAtTheEndOfTheirListAreWholeLines() throws {
        let short = "- Staff shall:\n  - post only approved content\n- Students may not.\n"
        let long = "- Staff shall:\n  - post only approved content\n  - keep records\n- Students may not.\n"
        #expect(try Self.markup(short, long) == "- Staff shall:\n  - post only approved content{++\n  - keep records++}\n- Students may not.\n")
        #expect(try Self.markup(long, short) == "- Staff shall:\n  - post only approved content{--\n  - keep records--}\n- Students may not.\n")
        let deep = "- A\n  - A1\n    - deep\n- B\n", deeper = "- A\n  - A1\n    - deep\n    - deeper\n- B\n"
        #expect(try Self.markup(deep, deeper) == "- A\n  - A1\n    - deep{++\n    - deeper++}\n- B\n")
        // In the middle of the list too: the line, from the end of the one before.
        let middle = "- Staff shall:\n  - post only approved content\n  - report incidents\n  - keep records\n- Students may not.\n"
        #expect(try Self.markup(long, middle) == "- Staff shall:\n  - post only approved content{++\n  - report incidents++}\n  - keep records\n- Students may not.\n")
        // The redline shows the added item as an item of the nested list.
        let page = HTMLRenderer(edition: Edition(document: Document(parsing: try Self.markup(short, long)), view: .redline)).article()
        #expect(page.contains("<li class=\"changed\"><ins class=\"change inserted\" data-change="))
        #expect(page.components(separatedBy: "<li").count - 1 == 4)
    }

    /// A list item nested or un-nested changes only the white space before its marker; the
    /// redline shows the item leaving one list and joining the other, not a layout change that
    /// drew it on the line above.
    @Test func aListItemNestedOrUnnestedIsItsLineReplaced() throws {
        let flat = "- Staff must:\n  - sign in\n- Visitors must sign in.\n", nested = "- Staff must:\n  - sign in\n  - Visitors must sign in.\n"
        #expect(try Self.markup(flat, nested) == "- Staff must:\n  - sign in{~~\n- Visitors must sign in.~>\n  - Visitors must sign in.~~}\n")
        #expect(try Self.markup(nested, flat) == "- Staff must:\n  - sign in{~~\n  - Visitors must sign in.~>\n- Visitors must sign in.~~}\n")
        let comparison = try Comparison(old: flat, new: nested)
        #expect(comparison.differences.map(\.kind) == [.substitution])
        let text = TextRenderer(edition: Edition(document: Document(parsing: comparison.markup), view: .redline), width: 72, color: false).render(fragment: true)
        #expect(text == "- Staff must:\n  - sign in\n- [-Visitors must sign in.-]\n  - {+Visitors must sign in.+}\n")
        // A list re-indented (two spaces to four) keeps its nesting: layout.
        let reindented = try Comparison(old: "- a\n  - b\n  - c\n- d\n", new: "- a\n    - b\n    - c\n- d\n")
        #expect(reindented.differences.allSatisfy { $0.kind == .layout })
        // An item nested and changed in the same line: the line, old and new.
        #expect(try Self.markup("- a\n- b\n", "- a\n  - nested\n") == "- a{~~\n- b~>\n  - nested~~}\n")
    }

    /// Items of an ordered list reordered: the numbers stay where they stand, and matching
    /// them paired each item's words with another's; an item moved is a move.
    /// A paragraph that gains or loses a long sentence is the same paragraph edited: their word
    /// sets overlap little, but one is nearly all of the other, in order. Two paragraphs that
    /// only share common words stay a deletion and an insertion.
    /// A number written out around itself, or a number and its figure both changed, is one
    /// substitution with its parentheses whole: `{~~30~>thirty (30)~~}`, not
    /// `{++thirty (++}30{++)++}`; `{~~ten (10)~>five (5)~~}`, not `{~~ten (10~>five (5~~})`.
    @Test func parenthesesStayWholeInAChange() throws {
        #expect(try Self.markup("Decide within 30 days of the hearing.\n", "Decide within thirty (30) days of the hearing.\n")
                == "Decide within {~~30~>thirty (30)~~} days of the hearing.\n")
        #expect(try Self.markup("Removal for ten (10) consecutive days.\n", "Removal for five (5) consecutive days.\n")
                == "Removal for {~~ten (10)~>five (5)~~} consecutive days.\n")
        // A deletion that opens one alone takes nothing from the text both keep.
        #expect(try Self.markup("Content (see below) stays.\n", "Content stays.\n") == "Content {--(see below) --}stays.\n")
        for (x, y) in [("Within 30 days.\n", "Within thirty (30) days.\n"), ("For ten (10) days.\n", "For five (5) days.\n")] {
            try ComparisonProperties.expectReadsBack([(x, y), (y, x)])
        }
    }

    /// Words as reviewers count them: an apostrophe or a hyphen inside a word does not split
    /// it (straight or curly alike); punctuation around it is no word.
    @Test func wordsAreCountedAsReviewersCountThem() {
        let count = Comparison.Difference.wordCount
        #expect(count("the administrator's decision") == 3)
        #expect(count("the administrator’s decision") == 3)
        #expect(count("a non-breaking space in 2023-24") == 5)
        #expect(count("- item -- dash 'quoted' (30)") == 4)
        #expect(count("") == 0 && count(", ;") == 0)
    }

    /// Spaces added or removed at the end of a paragraph's last line are dropped by Markdown
    /// (even two: a hard line break needs a line after it): layout, shown as nothing. They
    /// showed as `years.{+·+}` and counted as a line break made.
    @Test func trailingSpacesAtAParagraphEndAreLayout() throws {
        let a = "# Policy\n\nReviewed every two years.\n\nMore text.\n"
        for b in [a.replacingOccurrences(of: "years.\n", with: "years.   \n"), a.replacingOccurrences(of: "text.\n", with: "text.  \n")] {
            for (x, y) in [(a, b), (b, a)] {
                let c = try Comparison(old: x, new: y)
                let document = Document(parsing: c.markup)
                #expect(document.changes.allSatisfy { $0.isLayout })
                let text = TextRenderer(edition: Edition(document: document, view: .redline), width: 72, color: false).render(fragment: true)
                #expect(!text.contains("{+") && !text.contains("[-"), "\(text)")
                #expect(ComparisonReport.stat(c, markup: document).hasSuffix(", 1 layout-only\n"))
            }
        }
        // Two spaces before more text in the paragraph are a hard line break: no layout.
        let hard = try Comparison(old: "Line one\nline two.\n", new: "Line one  \nline two.\n")
        #expect(!Document(parsing: hard.markup).changes.allSatisfy { $0.isLayout })
    }

    /// A change of punctuation only holds no word; stat counts it apart, per section and in
    /// the summary (it said "0 sections changed" of a comma removed).
    @Test func statCountsPunctuationOnlyChanges() throws {
        let a = "# Policy\n\n## I. Conduct\n\nNo weapons, drugs, or tobacco.\n\n## II. Notice\n\nOral and written notice.\n"
        let b = "# Policy\n\n## I. Conduct\n\nNo weapons, drugs or tobacco.\n\n## II. Notice\n\nOral, and written, notice.\n"
        let c = try Comparison(old: a, new: b)
        let stat = ComparisonReport.stat(c, markup: Document(parsing: c.markup))
        #expect(stat.contains(" I. Conduct | +0 -0 punctuation 1"), "\(stat)")
        #expect(stat.contains(" II. Notice | +0 -0 punctuation 2"), "\(stat)")
        #expect(stat.hasSuffix(" 2 sections changed: 0 words inserted, 0 deleted, 0 moved, 0 substitutions, 3 punctuation or symbol changes\n"))
        // A comma for a semicolon: punctuation, not a substitution as well.
        let bang = try Comparison(old: "# A\n\nOne, two.\n", new: "# A\n\nOne; two.\n")
        #expect(ComparisonReport.stat(bang, markup: Document(parsing: bang.markup)).hasSuffix(" 0 substitutions, 1 punctuation or symbol change\n"))
        // Two sections of one title are two rows.
        let twice = try Comparison(old: "# Definitions\n\nOne two.\n\n# Definitions\n\nThree four.\n", new: "# Definitions\n\nOne.\n\n# Definitions\n\nThree.\n")
        #expect(ComparisonReport.stat(twice, markup: Document(parsing: twice.markup)).hasPrefix(" Definitions | +0 -1 -\n Definitions | +0 -1 -\n"))
    }

    /// A section deleted whole counts in itself (its heading and its text), as the redline
    /// page shows it; it was credited to the section before it, which is in the clean text.
    @Test func aDeletedSectionCountsInItself() throws {
        let a = "# Policy\n\n## V. References\n\n- M.G.L. c. 71\n\n## VI. Review\n\nThis policy shall be reviewed every two years.\n\n## VII. Notes\n\nNone at all.\n"
        let b = "# Policy\n\n## V. References\n\n- M.G.L. c. 71\n\n## VI. Notes\n\nNone here.\n"
        let c = try Comparison(old: a, new: b)
        let document = Document(parsing: c.markup)
        let stat = ComparisonReport.stat(c, markup: document)
        #expect(stat.contains(" VI. Review | +0 -10 "), "\(stat)")
        #expect(!stat.contains("V. References"), "\(stat)")
        let json = ComparisonReport.json(c, markup: document, oldName: "a", newName: "b")
        #expect(json.contains("\"title\" : \"VI. Review\""))
    }

    /// A paragraph indented by four spaces becomes indented code (and back): only white space
    /// differs, but written inline as a layout change the redline read the change's closer as
    /// code and marked the rest of the page as changed. It is written whole, old then new, and
    /// the blocks after it are untouched.
    @Test func aParagraphIndentedIntoCodeIsWrittenWhole() throws {
        let paragraph = "The Principal shall make a determination within 30 days of the hearing."
        let a = "# Policy\n\nThe notice shall be provided in English.\n\n\(paragraph)\n\n## B. Responses\n\nThe Principal may respond.\n"
        let b = a.replacingOccurrences(of: "\n\n" + paragraph, with: "\n\n    " + paragraph)
        for (x, y) in [(a, b), (b, a)] {
            let c = try Comparison(old: x, new: y)
            #expect(c.differences.map(\.kind) == [.substitution])
            let text = TextRenderer(edition: Edition(document: Document(parsing: c.markup), view: .redline), width: 200, color: false).render(fragment: true)
            #expect(text.contains("[-The Principal shall make") || text.contains("[-    The Principal shall make") || text.contains("    [-The Principal shall make"))
            #expect(text.contains("B. Responses\n") && !text.contains("{+B. Responses") && !text.contains("[-B. Responses"))
            #expect(text.hasSuffix("The Principal may respond.\n"))
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == y && rejected == x)
        }
        // Right after a heading's line, or first in the file: code all the same.
        for (x, y) in [("# Head\nThe Principal shall decide.\n\nEnd.\n", "# Head\n    The Principal shall decide.\n\nEnd.\n"),
                       ("The Principal shall decide.\n\nEnd.\n", "    The Principal shall decide.\n\nEnd.\n")] {
            for (p, q) in [(x, y), (y, x)] {
                let c = try Comparison(old: p, new: q)
                #expect(c.markup.hasPrefix("{~~"), "\(c.markup)")
                let (accepted, rejected) = ComparisonProperties.readings(c)
                #expect(accepted == q && rejected == p)
            }
        }
        // Indented by two spaces either way is no code: a layout change.
        let two = a.replacingOccurrences(of: "\n\n" + paragraph, with: "\n\n  " + paragraph)
        #expect(try Comparison(old: a, new: two).differences.map(\.kind) == [.layout])
    }

    /// A paragraph whose first sentence was rewritten and whose last was kept word for word
    /// shares too few words for the overlap test; standing where it stood, it is the same
    /// paragraph edited (the kept sentence shown unchanged), not deleted and inserted whole.
    /// A link's text or a short phrase in common is not enough.
    @Test func aParagraphKeepingASentenceIsEditedWhereItStands() throws {
        func page(_ paragraph: String) -> String { "# Policy\n\n## I. Purpose\n\n\(paragraph)\n\n## II. Scope\n\nOther text stays here.\n" }
        let kept = " Staff members shall use social media responsibly."
        let old = "The Board of Education recognizes that social media can support instruction."
        let new = "Social media may, in the judgment of the Board, enhance classroom learning."
        let c = try Comparison(old: page(old + kept), new: page(new + kept))
        #expect(c.markup == page("{~~" + old.dropLast() + "~>" + new.dropLast() + "~~}." + kept))
        #expect(try Comparison(old: page(new + kept), new: page(old + kept)).differences.map(\.kind) == [.substitution])
        // A sentence kept in the middle, and a long run of words kept within a sentence.
        let middle = try Comparison(old: page("Old opening words go here. " + kept.dropFirst() + " Old closing words go here too."),
                                    new: page("A new first sentence replaces it. " + kept.dropFirst() + " And the end is new as well."))
        #expect(middle.markup.contains("~~}." + kept + " {~~"))
        let link = "[GitHub Marketplace Terms of Service](/articles/marketplace/)"
        let linked = try Comparison(old: page("Any violation of the \(link) is also a breach of our contract and may lead to suspension without prior notice."),
                                    new: page("Together with the \(link), these rules will govern every listing, billing feature and purchase you make there."))
        #expect(linked.differences.map(\.kind) == [.deletion, .insertion])
        try ComparisonProperties.expectReadsBack([(page(old + kept), page(new + kept)), (page(new + kept), page(old + kept))])
    }

    @Test func aParagraphThatGainsOrLosesASentenceIsEdited() throws {
        let short = "Staff must not post student photos."
        let sentence = "Principals may approve exceptions in writing after consulting the district communications office and the parents of the student."
        func page(_ paragraph: String) -> String { "# Policy\n\n\(paragraph)\n\nOther text stays here.\n" }
        #expect(try Self.markup(page(short), page(short + " " + sentence)) == page(short + "{++ " + sentence + "++}"))
        #expect(try Self.markup(page(short + " " + sentence), page(short)) == page(short + "{-- " + sentence + "--}"))
        #expect(try Self.markup(page(short), page(sentence + " " + short)) == page("{++" + sentence + " ++}" + short))
        let unrelated = try Comparison(old: page("The policy applies to all staff."),
                                       new: page("All staff and volunteers must follow the policy that applies to them at all times."))
        #expect(unrelated.differences.map(\.kind) == [.deletion, .insertion])
        // Common words found one by one across an unrelated paragraph are no containment.
        let common = try Comparison(old: page("This is to be of the use."),
                                    new: page("This Agreement is binding and is intended to be read in light of the applicable law, and nothing in it restricts the lawful use of data by you or us."))
        #expect(common.differences.map(\.kind) == [.deletion, .insertion])
        // A paragraph that gained a sentence among others in a gap is still found.
        let a = "# A\n\nFirst paragraph stays the same.\n\n\(short)\n\nThird one is new.\n\n# B\n"
        let b = "# A\n\nFirst paragraph stays the same.\n\nAn inserted paragraph on its own.\n\n\(short) \(sentence)\n\n# B\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.contains(short + "{++ " + sentence + "++}"))
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        // Of two new paragraphs holding the old one's words, the one most like it is its
        // successor, whichever side is read first; the other is inserted whole.
        let kept = "We keep your data while your account is open."
        let billing = "For billing records, we keep your data (invoices, payment card fingerprints, tax identifiers, and receipts) while your account is open, and for seven further years after closure because tax law requires it."
        let backups = " Backups are kept for thirty days after deletion and are then destroyed securely."
        let one = "# Data\n\n## Retention\n\n\(kept)\n\n## Contact\n"
        let two = "# Data\n\n## Retention\n\n\(billing)\n\n\(kept)\(backups)\n\n## Contact\n"
        #expect(try Self.markup(one, two) == "# Data\n\n## Retention{++\n\n\(billing)++}\n\n\(kept){++\(backups)++}\n\n## Contact\n")
        #expect(try Self.markup(two, one) == "# Data\n\n## Retention{--\n\n\(billing)--}\n\n\(kept){--\(backups)--}\n\n## Contact\n")
        // Word for word beats scattered: the paragraph goes with the one that keeps it whole.
        let notify = "We will notify you of changes to this policy."
        let scattered = "Security matters: we will investigate every breach promptly and notify you, where the law requires, of material changes made to this privacy policy."
        let notices = " Notices are sent by email to the address on file, and posted on our website for at least thirty days."
        #expect(try Self.markup("One.\n\n\(notify)\n\nTwo.\n", "One.\n\n\(scattered)\n\n\(notify)\(notices)\n\nTwo.\n")
                == "One.{++\n\n\(scattered)++}\n\n\(notify){++\(notices)++}\n\nTwo.\n")
        // A heading is not taken for a long paragraph that quotes its words.
        let heading = try Comparison(old: "# Policy\n\nIntro stays.\n\n## GitHub uses the information we collect to run the service\n\nEnd stays.\n",
                                     new: "# Policy\n\nIntro stays.\n\nUnder this policy, GitHub uses the information we collect to run the service, to bill you for paid plans, and to keep the service secure against abuse.\n\nEnd stays.\n")
        #expect(heading.differences.map(\.kind) == [.deletion, .insertion])
    }

    /// A section of forty paragraphs deleted and one unrelated paragraph added in its place:
    /// the pairing window of the forty against the one stays inside the one (it trapped).
    @Test func manyBlocksDeletedBesideOneInserted() throws {
        let deleted = (1...40).map { "Deleted paragraph number \($0) of the old section, with words of its own." }
        let a = "# Start\n\n" + deleted.joined(separator: "\n\n") + "\n\n# End\n"
        let b = "# Start\n\nOne unrelated paragraph added in their place.\n\n# End\n"
        for (x, y) in [(a, b), (b, a)] {
            let c = try Comparison(old: x, new: y)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == y && rejected == x)
        }
    }

    /// An ordered item's number at the very start of a text, indented, is an item number too: a
    /// moved item showed `{~~1~>1~~}`, a change of nothing.
    @Test func anIndentedItemNumberAtTheStartIsAnItemNumber() throws {
        let item = "  1. **Specifically on the district's marketing pages**"
        let c = try Comparison(old: "\(item)\n\nA paragraph that stays where it is.\n", new: "A paragraph that stays where it is.\n\n\(item)\n")
        #expect(!c.markup.contains("{~~1~>1~~}"))
        #expect(c.differences.allSatisfy { $0.oldText != $0.newText })
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == "A paragraph that stays where it is.\n\n\(item)\n" && rejected == "\(item)\n\nA paragraph that stays where it is.\n")
    }

    /// Blocks that must be written as block marks (a table) moved past a line ending in blanks,
    /// or next to a bare URL (whose autolink would take a mark in): written, not refused, and a
    /// move whose half went into a block mark is written as plain edits, not left pointing at
    /// nothing.
    @Test func blocksMovedBesideTrailingBlanksAndURLsAreWritten() throws {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |"
        let pairs = [
            ("Cookies are small text files. \n\n\(table)\n\n#### Next\n\nThe last paragraph here.\n",
             "Cookies are small text files. \n\n#### Next\n\nThe last paragraph here.\n\n\(table)\n"),
            ("Deleted accounts leave some data behind. \n\n### Cookies\n\n#### Tracking\n\n\(table)\n",
             "\(table)\n\n### Cookies\n\n#### Tracking\n\nDeleted accounts leave some data behind. \n"),
            ("  1. **Specifically on the marketing pages**\n\nhttps://www.example.org/.\n",
             "https://www.example.org/.\n\n  1. **Specifically on the marketing pages**\n"),
        ]
        for (a, b) in pairs {
            for (x, y) in [(a, b), (b, a)] {
                let c = try Comparison(old: x, new: y)
                let (accepted, rejected) = ComparisonProperties.readings(c)
                #expect(accepted == y && rejected == x)
                let from = Set(c.differences.filter { $0.kind == .movedFrom }.compactMap(\.move))
                let to = Set(c.differences.filter { $0.kind == .movedTo }.compactMap(\.move))
                #expect(from == to)
            }
        }
    }

    /// A table that gained a row is written whole, and only the table: the word edits in the
    /// paragraphs around it stay word edits (the whole run of changed blocks was replaced).
    @Test func aTableWrittenWholeLeavesItsNeighboursWordEdits() throws {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |"
        let a = "Para one has a word.\n\n\(table)\n\nPara two has a word.\n"
        let b = "Para one has a new word.\n\n\(table)\n| 3 | 4 |\n\nPara two has a new word.\n"
        #expect(try Self.markup(a, b) == "Para one has a {++new ++}word.\n\n{~~\n\(table)\n~>\n\(table)\n| 3 | 4 |\n~~}\n\nPara two has a {++new ++}word.\n")
        let back = try Comparison(old: b, new: a)
        let (accepted, rejected) = ComparisonProperties.readings(back)
        #expect(accepted == a && rejected == b)
        // A table split around a new paragraph: the run written whole grows over the changed
        // blocks, never over the unchanged paragraph before it.
        let split = try Self.markup("Keep A.\n\nKeep B.\n\n\(table)\n| 3 | 4 |\n\nChange C today.\n\nKeep D.\n",
                                    "Keep A.\n\nKeep B.\n\n\(table)\n\nNew para.\n\n| a | b |\n|---|---|\n| 3 | 4 |\n\nChange C tomorrow.\n\nKeep D.\n")
        #expect(split.hasPrefix("Keep A.\n\nKeep B.\n\n{~~\n"))
        #expect(split.contains("Change C {~~today~>tomorrow~~}."))
    }

    /// Line endings converted (LF to CRLF, or back) where a paragraph ends with a bare URL: a
    /// mark right after the URL is read as part of its address when it holds a paragraph break,
    /// so the last line break stays outside it (`logos.{~~⏎~>␍⏎␍~~}⏎## Next`). It was refused,
    /// then (for one version) the whole file was one substitution; it is layout only, and the
    /// heading after it stays a heading.
    @Test func lineEndingsConvertedAfterABareURL() throws {
        let lf = "# Links\n\nSee https://example.com/a.\n\n## Next\n\nThe next paragraph stays.\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        for (a, b) in [(lf, crlf), (crlf, lf)] {
            let c = try Comparison(old: a, new: b)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == b && rejected == a)
            #expect(c.differences.allSatisfy { $0.kind == .layout })
            let edition = Edition(document: Document(parsing: c.markup), view: .redline)
            #expect(edition.headings.map(\.title).contains("Next"))
            #expect(edition.document.changes.allSatisfy { $0.isLayout })
        }
    }

    /// A paragraph inserted or deleted right after one that ends in a bare URL: its mark takes
    /// the break after it (`url⏎⏎{++New.⏎⏎++}Next`), so the address is not shown as changed.
    /// It was `{~~url~>url⏎⏎New.~~}`: a mark against the URL would be read into the address.
    @Test func aParagraphAddedAfterABareURLLeavesTheURLAlone() throws {
        let a = "See the rules at https://example.org/rules\n\nStaff must comply.\n"
        let b = "See the rules at https://example.org/rules\n\nA new paragraph is added here.\n\nStaff must comply.\n"
        #expect(try Self.markup(a, b) == "See the rules at https://example.org/rules\n\n{++A new paragraph is added here.\n\n++}Staff must comply.\n")
        #expect(try Self.markup(b, a) == "See the rules at https://example.org/rules\n\n{--A new paragraph is added here.\n\n--}Staff must comply.\n")
        // Two paragraphs, with a trailing period after the URL, and CRLF line endings.
        let c = "Read https://example.org/a.\r\n\r\nEnd.\r\n", d = "Read https://example.org/a.\r\n\r\nOne.\r\n\r\nTwo.\r\n\r\nEnd.\r\n"
        // At the very end of the text: the mark holds the last block and its line break.
        let e = "Intro.\n\nSee https://example.org/rules\n", f = "Intro.\n\nSee https://example.org/rules\n\nA closing paragraph.\n"
        #expect(try Self.markup(e, f) == "Intro.\n\nSee https://example.org/rules\n\n{++A closing paragraph.\n++}")
        let g = e.replacingOccurrences(of: "\n", with: "\r\n"), h = f.replacingOccurrences(of: "\n", with: "\r\n")
        for (x, y) in [(a, b), (b, a), (c, d), (d, c), (e, f), (f, e), (g, h), (h, g)] {
            let comparison = try Comparison(old: x, new: y)
            let (accepted, rejected) = ComparisonProperties.readings(comparison)
            #expect(accepted == y && rejected == x)
            #expect(comparison.differences.allSatisfy { !$0.oldText.contains("https") && !$0.newText.contains("https") }, "\(comparison.markup)")
            // The page shows the URL as a link outside every change, and the new paragraph apart.
            let html = HTMLRenderer(edition: Edition(document: Document(parsing: comparison.markup), view: .redline)).article()
            #expect(html.contains("<a href=\"https://example.org/"), "\(html)")
        }
    }

    /// An item inserted in the middle of a list is a whole line inserted, and the items after
    /// it renumbered: `privately;{++⏎2. post photos;++}⏎{~~2~>3~~}. post records`. It was anchored
    /// after the words the two items share (`2. post {++photos;⏎3. post ++}records`), which reads
    /// as words added to an existing item and hides its renumbering.
    @Test func anItemInsertedMidListIsAWholeLine() throws {
        let a = "Staff shall not:\n\n1. contact students privately;\n2. post student records;\n3. use logos.\n"
        let b = "Staff shall not:\n\n1. contact students privately;\n2. post photos of students;\n3. post student records;\n4. use logos.\n"
        let markup = try Self.markup(a, b)
        #expect(markup.contains("privately;{++\n2. post photos of students;++}\n{~~2~>3~~}. post student records;"), "\(markup)")
        let bullets = try Self.markup("- one item\n- keep records\n", "- one item\n- keep photos\n- keep records\n")
        #expect(bullets == "- one item{++\n- keep photos++}\n- keep records\n", "\(bullets)")
        // The page lists four items, the inserted one an item of its own, inserted whole.
        let page = HTMLRenderer(edition: Edition(document: Document(parsing: markup), view: .redline)).article()
        #expect(page.components(separatedBy: "<li").count - 1 == 4, "\(page)")
        #expect(page.contains("<li class=\"changed\"><ins class=\"change inserted\" data-change="), "\(page)")
        for (x, y) in [(a, b), (b, a)] {
            let c = try Comparison(old: x, new: y)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == y && rejected == x)
        }
    }

    /// Items of a short list swapped: lines are aligned as units, so an item is shown moved,
    /// never one item's words paired with another's (`1. {~~Warning~>Detention~~}`, which read
    /// as the response changed).
    @Test func swappedListItemsAreNeverPairedWordByWord() throws {
        let a = "Responses:\n\n1. Warning\n   - verbal warning\n   - written warning\n2. Detention\n   - lunch detention\n   - after-school detention\n3. Suspension\n"
        let b = "Responses:\n\n1. Detention\n   - lunch detention\n   - after-school detention\n2. Warning\n   - verbal warning\n   - written warning\n3. Suspension\n"
        for (x, y) in [(a, b), (b, a)] {
            let c = try Comparison(old: x, new: y)
            #expect(!c.markup.contains("~>Detention") && !c.markup.contains("~>Warning") && !c.markup.contains("warning~>") && !c.markup.contains("detention~>"), "\(c.markup)")
            // The item with its sub-items moved together is one move (its lines are each too
            // short to be one).
            #expect(c.differences.filter { $0.kind == .movedFrom || $0.kind == .movedTo }.count == 2, "\(c.markup)")
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == y && rejected == x)
        }
    }

    /// An item added first in its list (a blank line above it, so no line break to hang the
    /// insertion on) is a whole line too, from its marker to its line break; it came out as
    /// `- {~~**~>**Board** means …⏎- **~~}Day**`, cutting the emphasis of two items.
    @Test func anItemInsertedFirstInItsListIsAWholeLine() throws {
        let a = "For this policy:\n\n- **Day** means a school day.\n- **Parent** means a guardian.\n"
        let b = "For this policy:\n\n- **Board** means the School Committee.\n- **Day** means a school day.\n- **Parent** means a guardian.\n"
        #expect(try Self.markup(a, b) == "For this policy:\n\n{++- **Board** means the School Committee.\n++}- **Day** means a school day.\n- **Parent** means a guardian.\n")
        #expect(try Self.markup(b, a) == "For this policy:\n\n{--- **Board** means the School Committee.\n--}- **Day** means a school day.\n- **Parent** means a guardian.\n")
        let text = TextRenderer(edition: Edition(document: Document(parsing: try Self.markup(a, b)), view: .redline), width: 72, color: false).render(fragment: true)
        #expect(text.hasSuffix("- {+Board means the School Committee.+}\n- Day means a school day.\n- Parent means a guardian.\n"), "\(text)")
        let numbered = try Self.markup("Terms:\n\n1. Agreement means this.\n2. Service means that.\n", "Terms:\n\n1. Affiliate means a related entity.\n2. Agreement means this.\n3. Service means that.\n")
        #expect(numbered.hasPrefix("Terms:\n\n{++1. Affiliate means a related entity.\n++}{~~1~>2~~}. Agreement"), "\(numbered)")
        try ComparisonProperties.expectReadsBack([(a, b), (b, a)])
    }

    /// A footnote reference renumbered is replaced whole (`{~~[^1]~>[^2]~~}`): a mark inside
    /// its label broke the reference, and the redline dropped the note it pointed to (a new
    /// footnote inserted before an old one hid the old one's text).
    @Test func aFootnoteRenumberedKeepsItsNoteInTheRedline() throws {
        let a = "Violations may result in discipline.[^1]\n\n[^1]: See Policy 4118.\n"
        let b = "Staff shall cooperate.[^1] Violations may result in discipline.[^2]\n\n[^1]: See Policy 4119.\n[^2]: See Policy 4118.\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.markup.contains("discipline.{~~[^1]~>[^2]~~}"), "\(c.markup)")
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        let edition = Edition(document: Document(parsing: c.markup), view: .redline)
        let text = TextRenderer(edition: edition, width: 72, color: false).render(fragment: true)
        #expect(text.contains("4118") && text.contains("4119"), "\(text)")
        #expect(!text.contains("[^"), "\(text)")
    }

    /// A table re-padded to line its columns up: the cells' spaces are layout, and so are the
    /// delimiter row's dashes (a change marked there kept GFM from reading the table, and the
    /// redline showed a paragraph of pipes).
    @Test func aTableRepaddedIsLayoutAndStaysATable() throws {
        let a = "| Role | Approver |\n|------|----------|\n| Teacher | Principal |\n"
        let b = "| Role    | Approver  |\n|---------|-----------|\n| Teacher | Principal |\n"
        let c = try Comparison(old: a, new: b)
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        let document = Document(parsing: c.markup)
        #expect(document.changes.allSatisfy { $0.isLayout }, "\(c.markup)")
        let page = HTMLRenderer(edition: Edition(document: document, view: .redline)).article()
        #expect(page.contains("<table>") && !page.contains("<ins") && !page.contains("<del"), "\(page)")
        // An alignment changed stays a change.
        let aligned = Document(parsing: "| a | b |\n|---|{~~---~>:--~~}|\n| 1 | 2 |\n")
        #expect(aligned.changes.count == 1 && !aligned.changes[0].isLayout)
    }

    /// A policy emptied down to white space (its last line break, a few spaces, blank lines):
    /// the body is one change. `{--Text.--}⏎` would accept as nothing, not `⏎` (a removal at
    /// the start of a body takes the line breaks after it), and the diff was refused.
    @Test func aBodyEmptiedToWhiteSpaceIsOneChange() throws {
        let text = "Plain paragraph one.\n\nAnd two.\n"
        for emptied in ["\n", "  \n", "\n\n\n", ""] {
            let c = try Comparison(old: text, new: emptied)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == emptied && rejected == text)
            #expect(c.differences.count == 1)
        }
        // White space to a text; a stub draft (front matter, no body) and its first text; a
        // table and nothing: the marks go in block form where a line break or a table starts them.
        let stub = "---\ntitle: Stub\n---\n", drafted = stub + "\n# Policy\n\nText here.\n"
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
        // Blank lines only against a text, and a text that starts with the same blank line: the
        // white space both share goes outside the mark (these were refused).
        let blankLed = "\n# Policy\n\nText here.\n"
        for (x, y) in [("  \n", text), ("\n", text), ("\n", ""), ("", "\n"), (stub, drafted), (drafted, stub), (table, ""), ("", table),
                       ("\n\n\n", "Hello world.\n"), ("\n", blankLed), (blankLed, "\n")] {
            let c = try Comparison(old: x, new: y)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == y && rejected == x, "\(c.markup.debugDescription)")
        }
    }

    /// The issue's worst case in small: every block of a real policy shuffled. However the
    /// blocks land, the redline is written (regions that no mark can give back are widened
    /// until one can) and reads back as both texts.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func everyBlockShuffledStillCompares() throws {
        let file = Array(try String(contentsOf: CmarkParity.corpus.appendingPathComponent("011-github-privacy-statement/new.md"), encoding: .utf8).utf8)
        let text = String(decoding: file[FrontMatterReader.length(of: file)...], as: UTF8.self)
        let blocks = text.components(separatedBy: "\n\n")
        for seed in 0..<3 {
            var state = UInt64(seed) &* 0x9E3779B97F4A7C15 &+ 7
            var shuffled = blocks
            for k in stride(from: shuffled.count - 1, to: 0, by: -1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                shuffled.swapAt(k, Int((state >> 33) % UInt64(k + 1)))
            }
            let other = shuffled.joined(separator: "\n\n")
            let c = try Comparison(old: text, new: other)
            let (accepted, rejected) = ComparisonProperties.readings(c)
            #expect(accepted == other, "seed \(seed)")
            #expect(rejected == text, "seed \(seed)")
        }
    }

    @Test func orderedItemsReorderedAreMoves() throws {
        let a = "1. The Board means the School Committee of the district.\n2. A Student is any child enrolled in the district schools.\n3. An Absence is any school day a student does not attend.\n"
        let b = "1. An Absence is any school day a student does not attend.\n2. The Board means the School Committee of the district.\n3. A Student is any child enrolled in the district schools.\n"
        let comparison = try Comparison(old: a, new: b)
        #expect(comparison.differences.contains { $0.kind == .movedTo && $0.newText.hasPrefix("1. An Absence is any school day") })
        // The item moved whole, with the separator before it (``aListItemMovedWholeIsOneMove``).
        #expect(comparison.differences.contains { $0.kind == .movedFrom && $0.oldText.hasPrefix("\n3. An Absence is any school day") })
        #expect(!comparison.markup.contains("{~~The Board"))
    }

    /// A list item moved whole is one move, its separator (line break, marker, space) moved
    /// with it; the redline showed the move and, apart, a `¶` inserted and one deleted.
    @Test func aListItemMovedWholeIsOneMove() throws {
        let a = "Staff shall:\n\n- report all absences to the principal before the start of the day\n- keep accurate records of every student contact in the system\n- attend the annual training on privacy and social media\n"
        let b = "Staff shall:\n\n- keep accurate records of every student contact in the system\n- report all absences to the principal before the start of the day\n- attend the annual training on privacy and social media\n"
        let c = try Comparison(old: a, new: b)
        #expect(c.differences.map(\.kind) == [.movedTo, .movedFrom])
        #expect(c.markup.contains("the day{--{\"move\":\"m1\"}@@\n- keep accurate records of every student contact in the system--}"))
        #expect(try Comparison(old: b, new: a).differences.map(\.kind) == [.movedFrom, .movedTo])
        // Into another list, and in an ordered list (whose numbers are renumbered apart).
        let lists = ("### A. Staff\n\n- report concerns to the building principal within one school day;\n- protect the privacy of student records at all times;\n\n### B. Principals\n\n- approve accounts;\n- review complaints;\n",
                     "### A. Staff\n\n- report concerns to the building principal within one school day;\n\n### B. Principals\n\n- approve accounts;\n- review complaints;\n- protect the privacy of student records at all times;\n")
        #expect(try Comparison(old: lists.0, new: lists.1).differences.map(\.kind) == [.movedFrom, .movedTo])
        let numbered = ("1. The Board means the School Committee of the district.\n2. A Student is any child enrolled in the district schools.\n3. An Absence is any school day a student does not attend.\n",
                        "1. An Absence is any school day a student does not attend.\n2. The Board means the School Committee of the district.\n3. A Student is any child enrolled in the district schools.\n")
        // (Moved first in its list: from its marker to its line break; both items below it
        // renumbered.)
        #expect(try Comparison(old: numbered.0, new: numbered.1).differences.map(\.kind) == [.movedTo, .substitution, .substitution, .movedFrom])
        try ComparisonProperties.expectReadsBack([(a, b), (b, a), lists, (lists.1, lists.0), numbered, (numbered.1, numbered.0)])
    }

    /// Emphasis added or removed changes only its delimiters; marked as two empty insertions
    /// around the text, the redline would show nothing changed. The emphasized text is replaced
    /// whole instead, so the redline shows it as it was and as it is.
    @Test func emphasisChangedReplacesTheEmphasizedText() throws {
        #expect(try Self.markup("Within them. Then a run of words that stays the same. And respect here.\n",
                                "Within **them.** Then a run of words that stays the same. And **respect** here.\n")
                == "Within {~~them.~>**them.**~~} Then a run of words that stays the same. And {~~respect~>**respect**~~} here.\n")
        // With other edits beside the delimiters: one substitution over both.
        #expect(try Self.markup("Old words here.\n", "New **words** here.\n") == "{~~Old words~>New **words**~~} here.\n")
        #expect(try Self.markup("New **words** here.\n", "Old words here.\n") == "{~~New **words**~>Old words~~} here.\n")
        // What closes one emphasis opens the next.
        #expect(try Self.markup("Sell your personal data. So, we do not.\n", "Sell your **data.** **So,** we do not.\n")
                == "Sell your {~~personal data. So,~>**data.** **So,**~~} we do not.\n")
        // Emphasis closed on one side only: the change reaches back to where it opens, so the
        // redline does not pair it with the other side's delimiters.
        #expect(try Self.markup("**Short version:** *We use email.*\n", "**Short *We use email.*\n")
                == "{~~**Short version:** ~>**Short ~~}*We use email.*\n")
        // A heading made a paragraph that opens in bold.
        #expect(try Self.markup("#### Cross-border data transfers\n", "**Cross-border** data may\n")
                == "{~~#### Cross-border data transfers~>**Cross-border** data may~~}\n")
        #expect(try Self.markup("Within **them.** here.\n", "Within them. here.\n") == "Within {~~**them.**~>them.~~} here.\n")
        // Stronger or weaker: the delimiters both sides share go in too.
        #expect(try Self.markup("A *b* c.\n", "A **b** c.\n") == "A {~~*b*~>**b**~~} c.\n")
        #expect(try Self.markup("A b c d e.\n", "A b _c d_ e.\n") == "A b {~~c d~>_c d_~~} e.\n")
        #expect(try Self.markup("- one\n- two\n", "- one\n- **two**\n") == "- one\n- {~~two~>**two**~~}\n")
        // Not emphasis: a bullet, a lone star, underscores inside a word.
        #expect(try Self.markup("* a\n* b\n", "* a\n* b\n* c\n") == "* a\n* b{++\n* c++}\n")
        #expect(try Self.markup("a * b c\n", "a * b c d\n") == "a * b c{++ d++}\n")
        #expect(try Self.markup("snake_case_name here\n", "snake_case_other here\n") == "snake_case_{~~name~>other~~} here\n")
        // An underscore inside a word opens nothing, and a `*` does not close a `_`.
        #expect(try Self.markup("Use a_b and the rest of it *here*.\n", "Use a_c_b and the rest of it *here*.\n") == "Use a_{++c_++}b and the rest of it *here*.\n")
        // Every reading still comes back, and the redline page shows the words as changed.
        let marked = Document(parsing: try Self.markup("Within them. here.\n", "Within **them.** here.\n"))
        let page = HTMLRenderer(edition: Edition(document: marked, view: .redline)).article()
        #expect(page.contains("<strong><ins class=\"change inserted\""))
        #expect(page.contains("them.<span class=\"sr-only\"> [deletion ends]</span></del>"))
    }

    /// A changed URL replaces its whole link: a mark between a link's text and its destination
    /// would leave every page with a link cut in two (and Word with half a hyperlink).
    @Test func aChangedURLIsReplacedWhole() throws {
        let c = try Self.markup("See [the rules](https://a.org/old-rules).\n", "See [the rules](https://a.org/new-rules).\n")
        #expect(c == "See {~~[the rules](https://a.org/old-rules)~>[the rules](https://a.org/new-rules)~~}.\n")
        // Edits in the link text as well, an image, and brackets inside the text: one change each.
        let d = try Self.markup("A [new [draft] rule](u1) and ![logo](a.png) here.\n", "A [revised [draft] rule](u2) and ![logo](b.png) here.\n")
        #expect(d == "A {~~[new [draft] rule](u1)~>[revised [draft] rule](u2)~~} and {~~![logo](a.png)~>![logo](b.png)~~} here.\n")
        // A link added around existing text, and one removed.
        #expect(try Self.markup("See the rules.\n", "See [the rules](u).\n") == "See {~~the rules~>[the rules](u)~~}.\n")
        #expect(try Self.markup("See [the rules](u).\n", "See the rules.\n") == "See {~~[the rules](u)~>the rules~~}.\n")
        // Only the link text changed: the destination stays outside the mark.
        #expect(try Self.markup("See [the rules](u).\n", "See [all rules](u).\n") == "See [{~~the~>all~~} rules](u).\n")
        // A bare URL changed in its middle: the whole URL, not a mark GFM would read through.
        #expect(try Self.markup("Visit https://help.github.com/ and www.example.org/a now.\n", "Visit https://docs.github.com/ and www.example.org/b now.\n")
                == "Visit {~~https://help.github.com/~>https://docs.github.com/~~} and {~~www.example.org/a~>www.example.org/b~~} now.\n")
        // A linked image whose link changed: the whole outer link.
        #expect(try Self.markup("See [![logo](l.png)](http://a.com) now.\n", "See [![logo](l.png)](http://b.com) now.\n")
                == "See {~~[![logo](l.png)](http://a.com)~>[![logo](l.png)](http://b.com)~~} now.\n")
        #expect(try Self.markup("Keep https://x.org/y as is, change this.\n", "Keep https://x.org/y as is, change that.\n")
                == "Keep https://x.org/y as is, change {~~this~>that~~}.\n")
        // A reference link's label changed: the whole link, so both halves still resolve; edits
        // in its text alone stay in the text; brackets that are no reference are left alone.
        let refs = "\n\n[r1]: http://a.org\n[r2]: http://b.org\n"
        #expect(try Self.markup("See [the policy][r1] now." + refs, "See [the policy][r2] now." + refs)
                == "See {~~[the policy][r1]~>[the policy][r2]~~} now." + refs)
        #expect(try Self.markup("See [the policy][r1] now." + refs, "See [the new policy][r1] now." + refs)
                == "See [the {++new ++}policy][r1] now." + refs)
        #expect(try Self.markup("a [b] [c] d\n", "a [b] [e] d\n") == "a [b] [{~~c~>e~~}] d\n")
        // A change that runs on past the label's `]` takes the whole link too.
        #expect(try Self.markup("See [the rules][r1] now." + refs, "See [the rules][r2] later." + refs)
                == "See {~~[the rules][r1] now~>[the rules][r2] later~~}." + refs)
        let page = HTMLRenderer(edition: Edition(document: Document(parsing: try Self.markup("See [the policy][r1] now." + refs, "See [the policy][r2] now." + refs)), view: .redline)).article()
        #expect(page.contains("href=\"http://a.org\"") && page.contains("href=\"http://b.org\"") && !page.contains("]["))
        for (a, b) in [("See [the rules](u1), then [more](u2).\n", "See [the rules](u3), then [more](u4).\n"),
                       ("Visit https://help.github.com/x, then.\n", "Visit https://docs.github.com/x, then.\n")] {
            let (accepted, rejected) = ComparisonProperties.readings(try Comparison(old: a, new: b))
            #expect(accepted == b && rejected == a)
            let page = HTMLRenderer(edition: Edition(document: Document(parsing: try Self.markup(a, b)), view: .redline)).article()
            #expect(!page.contains("](u") && !page.contains("%E2%B8%AE") && !page.contains("%EE%80"), "\(page)")
            if a.contains("[the rules]") { #expect(page.contains("href=\"u1\"") && page.contains("href=\"u3\"")) }
            else { #expect(page.contains("href=\"https://help.github.com/x\"")) }
        }
    }

    /// Doubled spaces beside a change are part of the change: written as a layout mark of
    /// their own they would touch the change, and the readings' tidying of spaces at a change's
    /// edge would lose one.
    @Test func doubledSpacesBesideAChangeSurvive() throws {
        for (a, b) in [("| A | having an Account on GitHub.  |\n|---|---|\n", "| A | having an Account on  |\n|---|---|\n"),
                       ("use of the Service. If you dispute\n", "use of the  If you dispute\n"),
                       ("Users, and another set\n", "Users,  another set\n"),
                       ("a  b c\n", "a x  c\n")] {
            var counts: [(deleted: Int, inserted: Int, moves: Int)] = []
            for (x, y) in [(a, b), (b, a)] {
                let c = try Comparison(old: x, new: y)
                counts.append(ComparisonProperties.changedWords(c))
                let (accepted, rejected) = ComparisonProperties.readings(c)
                #expect(accepted == y && rejected == x, "\(c.markup.debugDescription)")
            }
        }
    }

    /// A section inserted above numbered headings: the headings below it are the same sections
    /// renumbered, one renumbering however many labels moved, and the readings stay exact.
    @Test func renumberingIsOneChange() throws {
        let a = "# P\n\n## I. Purpose\n\nOne.\n\n## II. Scope\n\nTwo.\n\n## III. Duties\n\nThree.\n\n## IV. Reports\n\nFour.\n"
        let b = "# P\n\n## I. Purpose\n\nOne.\n\n## II. Definitions\n\nDefined.\n\n## III. Scope\n\nTwo.\n\n## IV. Duties\n\nThree.\n\n## V. Reports\n\nFour.\n"
        let c = try Comparison(old: a, new: b)
        let (accepted, rejected) = ComparisonProperties.readings(c)
        #expect(accepted == b && rejected == a)
        let renumbered = c.differences.filter { $0.renumber != nil }
        #expect(renumbered.map(\.oldText) == ["II", "III", "IV"])
        #expect(renumbered.map(\.newText) == ["III", "IV", "V"])
        #expect(Set(renumbered.map(\.renumber)) == [1])
        // Scope, Duties and Reports are unchanged apart from their labels.
        #expect(c.differences.filter { $0.renumber == nil }.allSatisfy { $0.kind == .insertion })
        let document = Document(parsing: c.markup)
        #expect(ChangeReport.countSummary(document.changes) == "3 changes: 2 insertions, 1 renumbering")
        #expect(Set(document.changes.compactMap(\.renumber)) == ["r1"])
        #expect(ComparisonReport.stat(c, markup: document).contains("1 renumbering (3 labels)"))
        // The inserted section's words count in that section, not in the one before it.
        #expect(ComparisonReport.stat(c, markup: document).hasPrefix(" II. Definitions | +3 -0"))
        // The other way round: a section removed, the labels shift back.
        let back = try Comparison(old: b, new: a)
        #expect(back.differences.filter { $0.renumber != nil }.map(\.newText) == ["II", "III", "IV"])
        // An edited label that is not a shift of its neighbours' kind stays a plain substitution.
        let edited = try Comparison(old: "## 2. Scope\n", new: "## Two. Scope\n")
        #expect(edited.differences.allSatisfy { $0.renumber == nil })
    }

    @Test func headingLabels() {
        func v(_ s: String) -> Int? { HeadingLabel.value(of: Array(s.utf8)[...])?.value }
        #expect(v("12") == 12 && v("XIV") == 14 && v("iv") == 4 && v("B") == 2 && v("c") == 3)
        #expect(v("IIII") == nil && v("VX") == nil && v("Scope") == nil && v("") == nil)
        #expect(HeadingLabel.shift(from: Array("IX".utf8)[...], to: Array("X".utf8)[...]) == 1, "X beside a Roman numeral is one")
        #expect(HeadingLabel.shift(from: Array("W".utf8)[...], to: Array("X".utf8)[...]) == 1, "X beside a letter is a letter")
        #expect(HeadingLabel.shift(from: Array("9".utf8)[...], to: Array("10".utf8)[...]) == 1)
    }

    @Test func granularities() throws {
        #expect(try Self.markup("Fee: $1250.\n", "Fee: $1280.\n", .init(granularity: .character)) == "Fee: $12{~~5~>8~~}0.\n")
        #expect(try Self.markup("One here. Two there.\n", "One here. Two where.\n", .init(granularity: .sentence))
                == "One here. {~~Two there.~>Two where.~~}\n")
    }

    @Test func frontMatterComesFromTheNewDraft() throws {
        let c = try Comparison(old: "---\ntitle: A\n---\nText.\n", new: "---\ntitle: B\n---\nText.\n")
        #expect(c.frontMatterDiffers)
        #expect(c.differences.isEmpty)
        #expect(!c.isIdentical)
        #expect(c.markup == "---\ntitle: B\n---\nText.\n")
    }

    /// Every pair of the site-policy corpus: both readings exact, and again the other way.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CmarkParity.corpus.path), "needs ../shared/corpus"))
    func corpusPairsRoundTrip() throws {
        let pairs = (try FileManager.default.contentsOfDirectory(at: CmarkParity.corpus, includingPropertiesForKeys: nil)).sorted { $0.path < $1.path }
        #expect(pairs.count >= 20)
        for pair in pairs {
            let a = try String(contentsOf: pair.appendingPathComponent("old.md"), encoding: .utf8)
            let b = try String(contentsOf: pair.appendingPathComponent("new.md"), encoding: .utf8)
            var counts: [(deleted: Int, inserted: Int, moves: Int)] = []
            for (x, y) in [(a, b), (b, a)] {
                let c = try Comparison(old: x, new: y)
                counts.append(ComparisonProperties.changedWords(c))
                let document = Document(parsing: c.markup)
                #expect(document.accepted == y, "\(pair.lastPathComponent)")
                let xBody = String(decoding: Array(x.utf8)[FrontMatterReader.length(of: Array(x.utf8))...], as: UTF8.self)
                let rejectedBody = String(decoding: Array(document.rejected.utf8)[document.bodyStart...], as: UTF8.self)
                #expect(rejectedBody == xBody, "\(pair.lastPathComponent)")
                #expect(!c.differences.isEmpty)
            }
            // The other way round mirrors it.
            #expect(counts[0].deleted == counts[1].inserted && counts[0].inserted == counts[1].deleted && counts[0].moves == counts[1].moves,
                    "\(pair.lastPathComponent)")
        }
    }
}
