import Foundation
import PropertyBased
import Testing
@testable import Redline

/// No silent loss: every byte of a source is in the accepted reading, in the rejected reading,
/// or is revision markup (a mark's delimiters and attribution, or a comment, which the change
/// list and the redline carry). Text struck inside an insertion (`{++new {--struck--} text++}`)
/// is in neither by design: it is in the reading that keeps every insertion and every deletion,
/// as the redline shows it. A list, heading or quote marker left with nothing but a mark goes
/// with its line. ASCII white space is left out: the resolver tidies it ("Staff
/// report" for "Staff {--may--} report"). Checked on every real source the project has and on generated and
/// hostile ones.
@Suite struct NoSilentLoss {
    /// The offsets of `document`'s source that no reading and no mark accounts for.
    static func unaccounted(_ document: Document, readings: [Decision] = [.accept, .reject], shown: Bool = true) -> [Int] {
        let bytes = document.bytes
        var covered = [Bool](repeating: false, count: bytes.count)
        for offset in 0..<min(document.bodyStart, bytes.count) { covered[offset] = true }  // front matter, kept as written
        var decisionSets = readings.map { Array(repeating: $0, count: document.marks.count) }
        if shown {
            // Every insertion kept and every deletion too; substitutions one way, then the other.
            for substitution in [Decision.reject, .accept] {
                decisionSets.append(document.marks.map { $0.kind == .deletion ? .reject : $0.kind == .substitution ? substitution : .accept })
            }
        }
        for decisions in decisionSets {
            let resolved = Resolver(bytes: bytes, marks: document.marks, rootMarks: document.rootMarks, bodyStart: document.bodyStart,
                                    decisions: decisions).run()
            for (offset, byte) in resolved.bytes.enumerated() {
                let source = resolved.emitter.sourceOffset(of: offset)
                if source < bytes.count, bytes[source] == byte { covered[source] = true }
            }
        }
        for mark in document.marks {
            // The syntax: all of the mark but its texts; a comment's text is in the change list.
            var texts: [Range<Int>] = mark.kind == .comment ? [] : [mark.content]
            if let new = mark.newContent { texts.append(new) }
            for offset in mark.range where !texts.contains(where: { $0.contains(offset) }) { covered[offset] = true }
            // A list or heading marker left with nothing but this mark goes with its line (the
            // resolver's tidy of a line a mark empties): `- {>>note<<}`.
            var start = mark.range.lowerBound
            while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
            var end = mark.range.upperBound
            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
            let prefix = bytes[start..<mark.range.lowerBound]
            if end == bytes.count || bytes[end] == 0x0A || bytes[end] == 0x0D,
               prefix.allSatisfy({ [0x20, 0x09, 0x2D, 0x2A, 0x2B, 0x23, 0x2E, 0x29, 0x3E].contains($0) || ($0 >= 0x30 && $0 <= 0x39) }) {
                for offset in prefix.indices { covered[offset] = true }
            }
        }
        // ASCII white space is the resolver's to tidy ("Staff  report", the line break of a line
        // a mark empties, a highlight of a space): only the text is checked.
        return covered.indices.filter { !covered[$0] && ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[$0]) }
    }

    static func expectNothingLost(_ text: String, _ name: String) {
        let document = Document(parsing: text)
        let lost = unaccounted(document)
        guard let first = lost.first else { return }
        let bytes = document.bytes
        let context = String(decoding: bytes[max(0, first - 30)..<min(bytes.count, first + 30)], as: UTF8.self)
        Issue.record("\(name): \(lost.count) byte(s) in neither reading, first at \(document.lines.location(of: first)): …\(context)…")
    }

    static var realSources: [URL] {
        let root = SeedPolicy.root
        var urls: [URL] = []
        for folder in ["policy-src", "../shared/corpus/site-policy/pairs", "../shared/corpus/peer-tests", "../shared/seed", "Tests/RedlineTests/Golden"] {
            let base = root.appendingPathComponent(folder)
            guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where ["md", "txt"].contains(url.pathExtension) { urls.append(url) }
        }
        return urls.sorted { $0.path < $1.path }
    }

    @Test func everyRealSource() throws {
        let sources = Self.realSources
        #expect(sources.count > 40)
        for url in sources {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            Self.expectNothingLost(text, url.lastPathComponent)
        }
    }

    @Test func generatedDocuments() async {
        await propertyCheck(count: 400, input: GeneratedDocument.codes) { codes in
            let text = GeneratedDocument.build(codes)
            #expect(Self.unaccounted(Document(parsing: text)).isEmpty, "\(text.debugDescription)")
        }
    }

    /// Every delimiter, stray or unclosed, nested, with odd white space and line endings.
    @Test func hostilePieces() async {
        let pieces = ["{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{>>", "<<}", "{==", "==}", "~~", "++", "{", "}", "~", ">",
                      "word", " ", "\t", "\u{A0}", "\n", "\r\n", "\r", "\n\n", "\u{0}", "é", "`", "```\n", "# ", "- ", "| a |\n",
                      "[^1]", "[x](y)", "<b>", "\\", "{\"author\":\"A\"}@@", "\u{FEFF}"]
        await propertyCheck(count: 600, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...30)) { picks in
            let text = picks.map { pieces[$0] }.joined()
            #expect(Self.unaccounted(Document(parsing: text)).isEmpty, "\(text.debugDescription)")
        }
    }

    /// The check itself finds what one reading alone loses: a deletion's words are only in
    /// the rejected reading.
    @Test func theCheckCanFail() {
        let document = Document(parsing: "Staff {--may--} report.\n")
        #expect(Self.unaccounted(document).isEmpty)
        #expect(Self.unaccounted(document, readings: [.accept], shown: false) == [9, 10, 11])
        let nested = Document(parsing: "Staff {++shall {--may--} report++}.\n")
        #expect(Self.unaccounted(nested, shown: false) == [18, 19, 20], "struck inside an insertion: in neither reading")
        #expect(Self.unaccounted(nested).isEmpty, "but in the reading with every change shown")
        // Found by the random pieces: a bullet holding only a comment goes with its line.
        #expect(Self.unaccounted(Document(parsing: "- {>><<}")).isEmpty)
        #expect(Self.unaccounted(Document(parsing: "- x {>><<}"), readings: [.accept], shown: false).isEmpty)
    }
}
