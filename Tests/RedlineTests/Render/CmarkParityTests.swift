import Foundation
import Testing
@testable import Redline

/// For a document without revision markup the clean edition's body is cmark-gfm's own HTML,
/// up to presentation (sections, ids, classes, visually hidden text, comments): checked against
/// the `cmark-gfm` command on every file of the site-policy corpus.
@Suite struct CmarkParity {
    static let corpus = HTMLChecker.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/site-policy/pairs")
    static let cmark = "/usr/bin/cmark-gfm"

    static var files: [URL] {
        let pairs = (try? FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)) ?? []
        return pairs.sorted { $0.path < $1.path }.flatMap { [$0.appendingPathComponent("old.md"), $0.appendingPathComponent("new.md")] }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path), "needs ../shared/corpus"))
    func cleanBodyMatchesCmarkOnTheCorpus() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redline-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments: [String] = []
        var compared = 0
        for (i, file) in Self.files.enumerated() {
            let source = try String(contentsOf: file, encoding: .utf8)
            let document = Document(parsing: source)
            // Only documents without revision markup: there the clean text is the source.
            guard document.changes.isEmpty, !document.hasErrors else { continue }
            let ours = directory.appendingPathComponent("ours-\(i).html")
            let theirs = directory.appendingPathComponent("theirs-\(i).html")
            try Data(HTMLRenderer(edition: Edition(document: document, view: .clean)).article().utf8).write(to: ours)
            let body = String(decoding: Array(source.utf8)[document.bodyStart...], as: UTF8.self)
            try Data(try Self.runCmark(body).utf8).write(to: theirs)
            arguments += [ours.path, theirs.path]
            compared += 1
        }
        #expect(compared >= 40, "most of the corpus has no revision markup")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [HTMLChecker.root.appendingPathComponent("Tests/Support/same-html.py").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }

    /// cmark-gfm with the options Redline parses with (this version's command has no footnote
    /// switch; the corpus has no footnotes); --unsafe so that raw HTML is compared as raw HTML
    /// (the normaliser drops comments, the only raw HTML Redline leaves out).
    static func runCmark(_ markdown: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("redline-cmark-\(UUID().uuidString).md")
        try Data(markdown.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cmark)
        process.arguments = ["--unsafe", "--strikethrough-double-tilde", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
