import Foundation
import Testing
@testable import Redline

/// Long readings are parsed in pieces (``ReadingChunks``) on every core, and long clean and
/// original articles are written in batches in parallel. Both must give exactly what one
/// sequential pass gives: checked with pieces and batches made tiny, on the corpus, the seed and
/// documents built to trip the cutting rule.
@Suite struct ReadingChunksTests {
    static func pieces(_ text: String, target: Int = 1) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            ReadingChunks(buffer, target: target).pieces.map { String(decoding: bytes[$0.range], as: UTF8.self) }
        }
    }

    @Test func cutsOnlyBeforeATopLevelHeadingAfterABlankLine() {
        let text = "# A\n\npara\n# B\n\n## C\ntext\n\n  # indented\n\n#hashtag\n\n###### F\n"
        #expect(Self.pieces(text) == ["# A\n\npara\n# B\n\n", "## C\ntext\n\n  # indented\n\n#hashtag\n\n", "###### F\n"])
        #expect(Self.pieces(text).joined() == text)
    }

    @Test func firstLinesCountFromTheStart() {
        let bytes = Array("# A\n\n# B\nx\n\n# C\n".utf8)
        let lines = bytes.withUnsafeBufferPointer { ReadingChunks($0, target: 1).pieces.map(\.firstLine) }
        #expect(lines == [1, 3, 6])
    }

    @Test func noCutWhereReferencesOrFootnotesSpanTheDocument() {
        #expect(Self.pieces("# A\n\n[x]: /u\n\n# B\n\n[x]\n").count == 1)
        #expect(Self.pieces("# A\n\nnote[^1]\n\n# B\n\n[^1]: n\n").count == 1)
        #expect(Self.pieces("# A\n\ntext\n\n# B\n\ntext\n").count == 2)
    }

    @Test func shortTextsStayWhole() {
        #expect(Self.pieces("# A\n\n# B\n", target: ReadingChunks.defaultTarget).count == 1)
    }

    /// Blocks that a blank line does not end, straddling a cut point.
    static let tricky = """
    # Fenced

    ```
    code

    # not a heading
    ```

    # Raw HTML

    <pre>
    keep

    # not a heading either
    </pre>

    # Comment

    <!-- a comment

    # still the comment
    -->

    # Table

    | a | b |
    |---|---|
    | 1 | 2 |

    # List

    - one

      - two

    # Quote

    > quoted
    > ```
    > fence in a quote

    # Unclosed fence

    ~~~

    # inside the fence to the end

    text
    """

    static func parse(_ text: String, pieceSize: Int) -> Block {
        let bytes = Array(text.utf8)
        let lines = LineIndex(bytes)
        return CmarkConverter.parse(bytes, from: 0, pieceSize: pieceSize) { sl, sc, el, ec in
            let from = lines.offset(of: SourceLocation(line: sl, column: sc))
            let to = lines.offset(of: SourceLocation(line: el, column: ec + 1))
            return lines.range(from..<max(from, to))
        }
    }

    static var documents: [(String, String)] {
        var result = [("tricky", tricky)]
        let seed = HTMLChecker.root.appendingPathComponent("policy-src/staff-social-media/v2.md")
        if let text = try? String(contentsOf: seed, encoding: .utf8) { result.append(("seed", text)) }
        for file in CmarkParity.files {
            if let text = try? String(contentsOf: file, encoding: .utf8) { result.append((file.path, text)) }
        }
        return result
    }

    @Test func piecesParseLikeTheWhole() {
        #expect(Self.pieces(Self.tricky).count > 5, "the tricky document is cut at every heading")
        for (name, text) in Self.documents {
            #expect(Self.parse(text, pieceSize: 1) == Self.parse(text, pieceSize: Int.max), "\(name)")
        }
    }

    /// The extensions' inline characters stay special in every piece parsed in parallel (each
    /// parse turns them off when it ends, under the feet of the others: autolinks went missing
    /// until finishing was made one at a time).
    @Test(.timeLimit(.minutes(1))) func autolinksAndStrikethroughSurviveParallelPieces() {
        let text = (1...400).map { "# Part \($0)\n\nSee www.example.com/\($0), https://x.org/\($0) and ~~old \($0)~~ or mail a\($0)@example.com.\n" }.joined(separator: "\n")
        func count(_ block: Block) -> (links: Int, struck: Int) {
            var links = 0, struck = 0
            func walk(_ inlines: [Inline]) {
                for inline in inlines {
                    switch inline {
                    case .link(_, _, let c): links += 1; walk(c)
                    case .strikethrough(let c): struck += 1; walk(c)
                    case .emphasis(let c), .strong(let c), .image(_, _, let c): walk(c)
                    default: break
                    }
                }
            }
            func visit(_ b: Block) { walk(b.inlines); b.children.forEach(visit) }
            visit(block)
            return (links, struck)
        }
        let whole = Self.parse(text, pieceSize: Int.max)
        #expect(count(whole) == (1200, 400))
        for _ in 0..<10 {
            let pieces = Self.parse(text, pieceSize: 1)
            #expect(count(pieces) == (1200, 400))
            #expect(pieces == whole)
        }
    }

    @Test func parallelArticlesMatchTheSequentialOnes() {
        for (name, text) in Self.documents {
            let document = Document(parsing: text)
            for view in [View.clean, .original] {
                let renderer = HTMLRenderer(edition: Edition(document: document, view: view))
                var sequential = "", parallel = ""
                renderer.writeArticleBody(batchSize: Int.max) { sequential += String(decoding: $0, as: UTF8.self) }
                renderer.writeArticleBody(batchSize: 1) { parallel += String(decoding: $0, as: UTF8.self) }
                #expect(parallel == sequential, "\(name) \(view)")
            }
        }
    }
}
