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
    static func unaccounted(_ document: Document, readings: [Decision] = [.accept, .reject], shown: Bool = true) -> [Int] {
        LossAudit.unaccounted(document, readings: readings, shown: shown)
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
