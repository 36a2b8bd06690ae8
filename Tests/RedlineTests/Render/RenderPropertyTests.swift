import PropertyBased
import Testing
@testable import Redline

/// Generated documents with block structure (lists, quotes, tables, headings) and inline
/// containers (emphasis, links, code) cut every which way by changes.
enum GeneratedRichDocument {
    static let pieces = [
        "staff", "policy", "the", "*", "**", "_", "[", "](https://x.org)", "`", "\n\n", "\n- ", "\n1. ", "\n> ", "\n## II. ",
        "\n\n| a | b |\n|---|---|\n| c | d |\n\n", "{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{>>note<<}", "{==", "==}",
        "~~", "++", "\n   - ", "[^1]", "\n\n[^1]: A note.\n\n", "<b>", "</b>", "<!-- c -->", "&amp;", "\\*", "\n    code\n",
    ]

    static func build(_ codes: [Int]) -> String {
        codes.map { pieces[$0 % pieces.count] + ($0 % 3 == 0 ? " " : "") }.joined()
    }

    static let codes = Gen.int(in: 0...10_000).array(of: 0...60)
}

@Suite struct RenderProperties {
    /// Whatever a change crosses, every view parses as HTML5 with no nesting error, no broken
    /// same-page link and no duplicate id. One checker run for the whole batch.
    @Test func everyViewIsValidHTML() async throws {
        var fragments: [String] = []
        var sources: [String] = []
        await propertyCheck(count: 300, input: GeneratedRichDocument.codes) { codes in
            let source = GeneratedRichDocument.build(codes)
            sources.append(source)
            fragments += HTMLChecker.allPages(source).fragments
        }
        let problems = try HTMLChecker.problems(fragments, fragment: true)
        if let first = problems.first, let index = Int(first.split(separator: "page-").last?.split(separator: ".").first ?? "") {
            Issue.record("invalid HTML for source \(sources[index / 3].debugDescription): \(problems.prefix(3))")
        }
        #expect(problems.isEmpty)
    }

    /// The clean text holds every word of the accepted reading and the original text every word
    /// of the rejected reading: rendering loses nothing.
    @Test func textEditionsKeepEveryWord() async {
        await propertyCheck(count: 200, input: GeneratedRichDocument.codes) { codes in
            let source = GeneratedRichDocument.build(codes)
            let document = Document(parsing: source)
            for (view, reading) in [(View.clean, document.blocks), (.original, document.originalBlocks)] {
                let text = TextRenderer(edition: Edition(document: document, view: view), width: 40).render(fragment: true)
                let words = Set(text.split(whereSeparator: { $0.isWhitespace }).map(String.init))
                let joined = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                for word in ["staff", "policy", "note"] where reading.plainTextDeep.contains(word) {
                    #expect(joined.contains(word), "\(view) text lost '\(word)' of \(source.debugDescription)")
                }
                _ = words
            }
        }
    }

    /// Lines never run past the width unless a single word is longer.
    @Test func textWrapsAtTheWidth() async {
        await propertyCheck(count: 200, input: GeneratedRichDocument.codes) { codes in
            let source = GeneratedRichDocument.build(codes)
            for view in View.allCases {
                let text = plainText(source, view, width: 30)
                for line in text.split(separator: "\n") where line.displayWidthOfLine > 30 {
                    let longest = line.split(separator: " ").map { String($0).displayWidth }.max() ?? 0
                    let indent = line.prefix { $0 == " " || $0 == ">" || $0 == "-" || $0.isNumber || $0 == "." || $0 == "[" || $0 == "]" }.count
                    #expect(longest + indent + 8 > 30 || line.contains("|") || line.contains("    "), "line too long in \(view): \(line)")
                }
            }
        }
    }
}

extension Substring {
    var displayWidthOfLine: Int { String(self).displayWidth }
}

extension Block {
    /// All text under a block, including code and nested blocks.
    var plainTextDeep: String {
        inlines.map(\.plainText).joined() + " " + children.map(\.plainTextDeep).joined(separator: " ")
    }
}
