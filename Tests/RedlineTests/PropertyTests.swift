import PropertyBased
import Testing
@testable import Redline

/// Generated documents: each integer picks a piece (a word, punctuation, a line or paragraph
/// break, or one of the marks around words), so shrinking works on the list of pieces.
enum GeneratedDocument {
    static let words = ["staff", "shall", "report", "the", "policy", "Principal", "II.", "1)", "*emph*", "`code`",
                        "C++", "3", "é", "district", "[link](http://x.org)", "a"]

    static func word(_ n: Int) -> String { words[(n / 16) % words.count] }
    /// Words for the shorthand, which cannot wrap a word that ends in its own delimiter (`++C++++`).
    static func plainWord(_ n: Int) -> String { ["staff", "shall", "policy", "é", "district"][(n / 16) % 5] }
    static func phrase(_ n: Int) -> String { (0..<(1 + n % 3)).map { word(n / (7 + $0)) }.joined(separator: " ") }

    static func build(_ codes: [Int], insertionsOnly: Bool = false) -> String {
        var out = ""
        for code in codes {
            let kind = insertionsOnly ? [0, 1, 2, 3, 4][code % 5] : code % 16
            switch kind {
            case 0, 1, 2: out += word(code) + " "
            case 3: out += [".", ",", ";"][code % 3] + " "
            case 4: out += insertionsOnly ? "{++" + phrase(code) + "++} " : "\n"
            case 5: out += "\n\n"
            case 6: out += "{++" + phrase(code) + "++} "
            case 7: out += "{--" + phrase(code) + "--} "
            case 8: out += "{~~" + phrase(code) + "~>" + phrase(code / 3) + "~~} "
            case 9: out += "{==" + phrase(code) + "==}{>>" + phrase(code / 5) + "<<} "
            case 10: out += "{>>" + phrase(code) + "<<} "
            case 11: out += "~~" + plainWord(code) + "~~ "
            case 12: out += "++" + plainWord(code) + "++ "
            case 13: out += "{++" + word(code) + " {--" + word(code / 3) + "--} " + word(code / 5) + "++} "
            case 14: out += "\n## " + ["II.", "A.", "Scope"][code % 3] + " {++" + word(code) + "++}\n\n"
            default: out += "{++" + word(code) + "++}{>>" + word(code / 11) + "<<} "
            }
        }
        return out
    }

    static let codes = Gen.int(in: 0...100_000).array(of: 0...40)
}

@Suite struct Properties {
    @Test func roundTripIsByteExact() async {
        await propertyCheck(count: 300, input: GeneratedDocument.codes) { codes in
            let s = GeneratedDocument.build(codes)
            let doc = Document(parsing: s)
            #expect(doc.diagnostics.filter { $0.severity == .error } == [])
            #expect(doc.resolving(ChangeSelection(ids: ["no-such-change"]), as: .accept) == s)
            #expect(doc.resolving(ChangeSelection(ids: ["no-such-change"]), as: .reject) == s)
        }
    }

    @Test func readingsContainNoMarkup() async {
        await propertyCheck(count: 300, input: GeneratedDocument.codes) { codes in
            let doc = Document(parsing: GeneratedDocument.build(codes))
            for reading in [doc.accepted, doc.rejected] {
                let again = Document(parsing: reading)
                #expect(again.changes.isEmpty, "markup left in \(reading.debugDescription)")
                #expect(again.diagnostics.isEmpty)
            }
        }
    }

    @Test func resolvingOneChangeLeavesOtherIDsUnchanged() async {
        await propertyCheck(count: 300, input: GeneratedDocument.codes, Gen.int(in: 0...1000), Gen.bool) { codes, pick, acceptIt in
            let doc = Document(parsing: GeneratedDocument.build(codes))
            guard !doc.changes.isEmpty else { return }
            let target = doc.changes[pick % doc.changes.count]
            let out = doc.resolving(ChangeSelection(ids: [target.id]), as: acceptIt ? .accept : .reject)
            let after = Document(parsing: out)
            // What must survive: every other change, except the children of a rejected insertion.
            let gone: Set<String> = acceptIt || target.kind != .insertion
                ? [target.id]
                : Set(doc.changes.filter { $0.id == target.id || $0.parentID == target.id }.map(\.id))
            let expected = doc.changes.map(\.id).filter { !gone.contains($0) }
            #expect(after.changes.map(\.id) == expected)
        }
    }

    @Test func redlineMarksEveryChangeAndLeaksNoSentinel() async {
        await propertyCheck(count: 200, input: GeneratedDocument.codes) { codes in
            let doc = Document(parsing: GeneratedDocument.build(codes))
            let dump = TreeDump.dump(doc.redline())
            #expect(!dump.unicodeScalars.contains { $0.value >= 0xE000 && $0.value <= 0xE01F })
            var seen = Set<String>()
            func walk(_ block: Block) {
                if let c = block.change { seen.insert(c.id) }
                func inl(_ i: Inline) {
                    switch i {
                    case .changeStart(let m), .changeEnd(let m): seen.insert(m.id)
                    case .comment(let id): seen.insert(id)
                    case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c): c.forEach(inl)
                    default: break
                    }
                }
                block.inlines.forEach(inl)
                block.children.forEach(walk)
            }
            walk(doc.redline())
            #expect(Set(doc.changes.map(\.id)).subtracting(seen).isEmpty)
        }
    }

    /// The quick test for revision marks (memchr for each sign) agrees with the scanner on
    /// texts made of the marks' signs: marks and unclosed ones found, plain text let through.
    @Test func quickMarkupTestAgreesWithTheScanner() async {
        let signs: [String] = ["~", "+", "{", "}", "-", "=", ">", "<", "a", " ", "\n", "é"]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(signs.count - 1)).array(of: 0...24)) { picks in
            let text = picks.map { signs[$0] }.joined()
            let bytes = Array(text.utf8)
            let scan = MarkupScanner.scan(bytes: bytes, start: FrontMatterReader.length(of: bytes), lines: LineIndex(bytes))
            #expect(Document.containsRevisionMarkup(text) == (!scan.marks.isEmpty || scan.diagnostics.contains { $0.severity == .error }), "\(text.debugDescription)")
        }
        #expect(Document.containsRevisionMarkup("a ~~b~~ c") && Document.containsRevisionMarkup("{>>note<<}"))
        #expect(!Document.containsRevisionMarkup("C++ and ~ and {braces}"))
    }

    @Test func acceptingInsertionsOnlyStripsTheMarks() async {
        await propertyCheck(count: 300, input: GeneratedDocument.codes) { codes in
            let s = GeneratedDocument.build(codes, insertionsOnly: true)
            let stripped = s.replacingOccurrences(of: "{++", with: "").replacingOccurrences(of: "++}", with: "")
            #expect(Document(parsing: s).accepted == stripped)
        }
    }

    @Test func rejectingLeavesNoDoubleSpaces() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...100_000).array(of: 0...30)) { codes in
            let s = GeneratedDocument.build(codes, insertionsOnly: true)
            let rejected = Document(parsing: s).rejected
            #expect(!rejected.contains("  "), "double space in \(rejected.debugDescription)")
        }
    }
}
