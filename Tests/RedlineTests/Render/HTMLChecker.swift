import Foundation
import Testing
@testable import Redline

/// Runs `Tests/Support/check-html.py` (html5lib, a real HTML5 parser) over rendered pages.
enum HTMLChecker {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Problems the checker reports for each page (empty when all are valid). Pages are checked
    /// in one run of the checker, so a property test can check hundreds at once.
    static func problems(_ pages: [String], fragment: Bool = false) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redline-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (i, page) in pages.enumerated() {
            let url = directory.appendingPathComponent("page-\(i).html")
            try Data(page.utf8).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root.appendingPathComponent("Tests/Support/check-html.py").path] + (fragment ? ["--fragment"] : []) + paths
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus != 0 else { return [] }
        let lines = text.split(separator: "\n").map(String.init)
        return lines.isEmpty ? ["checker failed: status \(process.terminationStatus)"] : lines
    }

    /// Every view of a source as a full page and as a fragment.
    static func allPages(_ source: String) -> (pages: [String], fragments: [String]) {
        let document = Document(parsing: source)
        let page = try! HTMLPage()
        var pages: [String] = [], fragments: [String] = []
        for view in View.allCases {
            let edition = Edition(document: document, view: view)
            pages.append(page.render(edition, source: "test.md"))
            fragments.append(HTMLRenderer(edition: edition).article())
        }
        return (pages, fragments)
    }
}

/// The article of one view, for tests that look at the markup.
func article(_ source: String, _ view: View = .clean) -> String {
    HTMLRenderer(edition: Edition(document: Document(parsing: source), view: view)).article()
}

func plainText(_ source: String, _ view: View = .clean, width: Int = 72, color: Bool = false) -> String {
    TextRenderer(edition: Edition(document: Document(parsing: source), view: view), width: width, color: color).render(fragment: true)
}
