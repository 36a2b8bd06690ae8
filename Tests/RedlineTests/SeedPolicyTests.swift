import Foundation
import Testing
@testable import Redline

/// The real draft this project started from, as a Redline source.
@Suite struct SeedPolicy {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sourcePath = root.appendingPathComponent("policy-src/staff-social-media/v2.md").path
    static let seedPath = root.deletingLastPathComponent().appendingPathComponent("shared/seed/000_167d65038c0d90dc.txt").path

    static func load() throws -> Document {
        Document(parsing: try String(contentsOfFile: sourcePath, encoding: .utf8))
    }

    @Test func lintsClean() throws {
        let doc = try Self.load()
        #expect(doc.diagnostics == [])
    }

    /// The store keeps the original as version 1: exactly the draft's rejected reading, after
    /// each file's own front matter.
    @Test func versionOneIsTheRejectedReading() throws {
        let v1 = try String(contentsOf: Self.root.appendingPathComponent("policy-src/staff-social-media/v1.md"), encoding: .utf8)
        let rejected = try Self.load().rejected
        func body(_ s: String) -> [UInt8] { Array(s.utf8.dropFirst(FrontMatterReader.length(of: Array(s.utf8)))) }
        #expect(body(v1) == body(rejected))
        #expect(Document(parsing: v1).frontMatter.status == "adopted" && Document(parsing: v1).changes.isEmpty)
    }

    @Test func everyChangeHasASection() throws {
        let doc = try Self.load()
        #expect(doc.changes.count > 50)
        #expect(doc.changes.allSatisfy { $0.section != nil })
        #expect(doc.sections.map(\.anchor).starts(with: ["i", "ii", "iii", "iii-a", "iii-b", "iii-c", "iii-d"]))
    }

    @Test func readingsContainNoMarkup() throws {
        let doc = try Self.load()
        for reading in [doc.accepted, doc.rejected] {
            let again = Document(parsing: reading)
            #expect(again.changes.isEmpty)
            #expect(again.diagnostics.isEmpty)
        }
    }

    /// Every word of the seed appears in the accepted reading, the rejected reading, or the union
    /// of both (the marks' delimiters removed, old and new text side by side, which is how the
    /// export glued them: `DistrictCPS`).
    /// Needs `../shared/` beside the checkout, as on the project's machines and in CI.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedPath)))
    func noWordOfTheSeedIsLost() throws {
        let seed = try String(contentsOfFile: Self.seedPath, encoding: .utf8)
        let doc = try Self.load()
        let union = Self.unionReading(doc)
        let known = Self.words(doc.accepted).union(Self.words(doc.rejected)).union(Self.words(union))
        let missing = Self.words(seed).subtracting(known)
        #expect(missing.isEmpty, "seed words missing from both readings: \(missing.sorted())")
    }

    static func words(_ s: String) -> Set<String> {
        // Superscript footnote markers (¹) became `[^1]`: they separate words.
        Set(s.lowercased().split { !($0.isLetter || ($0.isASCII && $0.isNumber)) }.map(String.init))
    }

    /// The source with every delimiter, attribution prefix and comment removed.
    static func unionReading(_ doc: Document) -> String {
        var bytes: [UInt8] = []
        var position = doc.bodyStart
        let source = Array(doc.source.utf8)
        func emit(_ range: Range<Int>, children: [Int]) {
            var p = range.lowerBound
            for c in children {
                bytes.append(contentsOf: source[p..<doc.marks[c].range.lowerBound])
                emitMark(c)
                p = doc.marks[c].range.upperBound
            }
            bytes.append(contentsOf: source[p..<range.upperBound])
        }
        func emitMark(_ i: Int) {
            let m = doc.marks[i]
            guard m.kind != .comment else { return }
            emit(m.content, children: m.children)
            if let new = m.newContent { bytes.append(contentsOf: source[new]) }
        }
        for root in doc.rootMarks {
            bytes.append(contentsOf: source[position..<doc.marks[root].range.lowerBound])
            emitMark(root)
            position = doc.marks[root].range.upperBound
        }
        bytes.append(contentsOf: source[position...])
        return String(decoding: bytes, as: UTF8.self)
    }
}
