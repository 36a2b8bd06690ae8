import Foundation
import Redline
import RedlineWord

/// The fuzz targets: each takes any bytes, runs one entry point on them and checks what that
/// entry point promises. A broken promise stops the process (`fatalError`), which libFuzzer
/// reports as a crash with the input that caused it.
enum FuzzTarget: String, CaseIterable {
    case markup, resolve, diff, render, site, tree, docx

    func run(_ data: [UInt8]) {
        switch self {
        case .markup: Self.markup(data)
        case .resolve: Self.resolve(data)
        case .diff: Self.diff(data)
        case .render: Self.render(data)
        case .site: Self.site(data)
        case .tree: Self.tree(data)
        case .docx: Self.docx(data)
        }
    }

    /// Sources are UTF-8 (other bytes are refused before anything reads them).
    static func text(_ data: [UInt8]) -> String? {
        String(validating: data, as: UTF8.self)
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }

    /// The scan and the parse: every finding and every change points inside the source.
    static func markup(_ data: [UInt8]) {
        guard let source = text(data) else { return }
        let document = Document(parsing: source)
        let lines = data.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        for diagnostic in document.diagnostics {
            check(diagnostic.location.line >= 1 && diagnostic.location.line <= lines + 1 && diagnostic.location.column >= 1, "\(diagnostic) points outside the source")
        }
        for change in document.changes {
            check(change.range.start <= change.range.end && change.range.end.line <= lines + 1, "change \(change.id) points outside the source")
        }
    }

    /// Accept and reject: no text is lost (every byte is in a reading or is markup, on every
    /// input, errors or not), a clean document's readings hold no markup, and resolving a
    /// reading again changes nothing.
    static func resolve(_ data: [UInt8]) {
        guard let source = text(data) else { return }
        let document = Document(parsing: source)
        let lost = LossAudit.unaccounted(document)
        check(lost.isEmpty, "\(lost.count) byte(s) in no reading, first at offset \(lost.first ?? 0)")
        guard !document.hasErrors else { return }
        for reading in [document.accepted, document.rejected] {
            let again = Document(parsing: reading)
            check(again.changes.isEmpty || again.hasErrors, "a reading still has changes: \(again.changes.map(\.id))")
            if again.changes.isEmpty { check(again.accepted == reading, "resolving a plain text changed it") }
        }
    }

    /// Two drafts (the input cut at its first NUL, or in half): the redline reads back as both.
    static func diff(_ data: [UInt8]) {
        let cut = data.firstIndex(of: 0) ?? data.count / 2
        let oldBytes = Array(data[..<cut]), newBytes = Array(data[min(cut + 1, data.count)...])
        guard text(oldBytes) != nil, text(newBytes) != nil else { return }
        guard let comparison = try? Comparison(old: oldBytes, new: newBytes) else { return }  // a refusal is an error, not a crash
        let markup = Document(utf8: comparison.markupBytes)
        // (The markup carries NEW's front matter: if that does not read, neither does the markup.)
        if !Document(utf8: newBytes).hasErrors { check(!markup.hasErrors, "the redline has markup errors") }
        // The markup carries NEW's front matter (changes there are listed, not marked): with
        // different front matter, rejecting gives OLD's body under NEW's front matter.
        func body(_ bytes: [UInt8]) -> [UInt8] { comparison.frontMatterDiffers ? Array(bytes.dropFirst(frontMatterLength(bytes))) : bytes }
        check(Array(markup.accepted.utf8) == newBytes, "accepting the redline does not give NEW")
        check(body(Array(markup.rejected.utf8)) == body(oldBytes), "rejecting the redline does not give OLD")
        check(comparison.isIdentical == (oldBytes == newBytes) || comparison.lineEndingsConverted != nil, "identical is wrong")
    }

    /// Whether a page holds anything a browser would run: a script, frame or object element, an
    /// event handler attribute, or a script or data URL in an attribute. (Text that merely
    /// mentions them is escaped and does not count.)
    static func isExecutable(_ html: String) -> Bool {
        let patterns = [#"<(script|iframe|object|embed)\b"#, #"<[a-zA-Z][^>]*\son[a-zA-Z]+\s*="#,
                        #"(href|src|action|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):"#]
        return patterns.contains { html.range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil }
    }

    /// The balance check itself finds a mismatch (checked once per process by the targets that
    /// use it): a check that cannot fail would pass every page.
    static let balanceCheckWorks: Bool = {
        check(unbalancedTag("<p><b>x</p></b>") != nil && unbalancedTag("<div><p>x") != nil && unbalancedTag("</p>") != nil
              && unbalancedTag("<!DOCTYPE html><p>a<br>b<img src=x></p><style>p>a{}</style><!-- <b> -->") == nil,
              "the tag balance check is broken")
        return true
    }()

    /// Elements HTML closes by itself, which Redline's pages never close.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    /// Whether a page's tags nest: every element opened is closed, innermost first, and
    /// nothing is closed that is not open; void elements stand alone. The pages are generated
    /// to nest strictly, so this is the parse a browser does without its error recovery, which
    /// would hide a mismatch. (The tests parse the pages with html5lib; this check runs at
    /// fuzzing speed.) Returns the first mismatch.
    static func unbalancedTag(_ html: String) -> String? {
        var open: [String] = []
        var rest = Substring(html)
        while let lt = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: lt)...]
            if rest.hasPrefix("!--") {
                guard let end = rest.range(of: "-->") else { return "an unclosed comment" }
                rest = rest[end.upperBound...]
                continue
            }
            if rest.hasPrefix("!") { rest = rest.drop { $0 != ">" }; continue }  // the doctype
            let closing = rest.hasPrefix("/")
            let name = rest.dropFirst(closing ? 1 : 0).prefix { $0.isLetter || $0.isNumber }.lowercased()
            guard !name.isEmpty else { continue }  // a "<" in text is escaped; in an attribute, harmless
            guard let gt = rest.firstIndex(of: ">") else { return "a tag never ends: <\(name)" }
            let selfClosing = rest[..<gt].hasSuffix("/")
            rest = rest[rest.index(after: gt)...]
            if closing {
                guard open.last == name else { return "</\(name)> closes \(open.last.map { "<\($0)>" } ?? "nothing")" }
                open.removeLast()
            } else if !Self.voidElements.contains(name), !selfClosing {
                open.append(name)
                // Their content is text up to their end tag.
                if name == "style" || name == "script" || name == "textarea" || name == "title" {
                    guard let end = rest.range(of: "</\(name)", options: .caseInsensitive) else { return "<\(name)> never ends" }
                    rest = rest[end.lowerBound...]
                }
            }
        }
        return open.isEmpty ? nil : "unclosed: " + open.map { "<\($0)>" }.joined()
    }

    /// The length of a text's front matter (as a parsed document sees it).
    static func frontMatterLength(_ bytes: [UInt8]) -> Int {
        Document(utf8: bytes).bodyStart
    }

    /// Every edition, and the Word export: the pages hold nothing executable, and the exported
    /// package opens again.
    static func render(_ data: [UInt8]) {
        guard let source = text(data) else { return }
        let document = Document(parsing: source)
        guard !document.hasErrors else { return }
        let page = try! HTMLPage()
        _ = balanceCheckWorks
        for view in View.allCases {
            let edition = Edition(document: document, view: view)
            let html = page.render(edition, source: "fuzz.md")
            check(!Self.isExecutable(html), "the \(view) page holds script")
            if let problem = Self.unbalancedTag(html) { fatalError("the \(view) page does not parse: \(problem)") }
            _ = TextRenderer(edition: edition, width: 40, color: false).render(fragment: false)
        }
        if let package = try? DocxExporter(document: document, view: .redline).package() {
            check((try? DocxImporter.read(package, name: "export.docx")) != nil, "the exported package does not open")
        }
    }

    /// The site build on a store made from the input: `site.yml`, `policy.yml` and two versions
    /// cut at NULs. Whatever it is, the build ends with problems or with a site.
    static func site(_ data: [UInt8]) {
        let parts = data.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map(Array.init)
        guard parts.allSatisfy({ text($0) != nil }) else { return }
        func part(_ k: Int, _ fallback: String) -> [UInt8] { k < parts.count ? parts[k] : Array(fallback.utf8) }
        let versions = [PolicyVersion(file: "s/p/v1.md", name: "v1.md", bytes: part(2, "---\nversion: 1\nstatus: adopted\nadopted: 2020-01-01\n---\n# I\n")),
                        PolicyVersion(file: "s/p/v2.md", name: "v2.md", bytes: part(3, ""))].filter { !$0.bytes.isEmpty }
        let tree = SiteTree(root: "s", configFile: "s/site.yml", configBytes: part(0, "title: T\nurl: https://e.org/\n"),
                            policies: [PolicySource(slug: "p", folder: "s/p", metadataFile: "s/p/policy.yml", metadataBytes: part(1, "code: A\ntitle: T\n"), versions: versions)])
        let sink = MemorySink()
        _ = balanceCheckWorks
        let result = SiteBuilder(tree: tree, options: .init(toolVersion: "fuzz")).build(into: sink, previous: nil)
        let files = sink.files
        // (A failed build may have handed the sink some policies' files: the command throws the
        // staging folder away.)
        if !result.failed { check(files["index.html"] != nil && files["sitemap.xml"] != nil, "a good build has no index") }
        for (path, bytes) in files where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            check(!Self.isExecutable(html), "\(path) holds script")
            if let problem = Self.unbalancedTag(html) { fatalError("\(path) does not parse: \(problem)") }
        }
    }

    /// The store read from a real folder: the input is lines `NAME` then content up to a NUL,
    /// written as files (names with `/` make folders; `->TARGET` makes a symbolic link). The
    /// build reads it and writes into a staging folder: it ends with problems or a site, and
    /// writes nothing outside its own folders.
    static func tree(_ data: [UInt8]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("redline-fuzz-tree-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let src = root.appendingPathComponent("src")
        try? FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for entry in data.split(separator: 0).prefix(12) {
            guard let newline = entry.firstIndex(of: 0x0A), let name = text(Array(entry[..<newline])),
                  !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."), name.count < 100 else { continue }
            let url = src.appendingPathComponent(name)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let content = Array(entry[entry.index(after: newline)...])
            if let link = text(content), link.hasPrefix("->") {
                try? FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: String(link.dropFirst(2)))
            } else {
                _ = FileManager.default.createFile(atPath: url.path, contents: Data(content))
            }
        }
        guard let store = try? SiteTree.read(src.path) else { return }
        let staging = root.appendingPathComponent("staging")
        let sink = StagingSink(root: staging.path, previous: nil, name: "out")
        let result = SiteBuilder(tree: store, options: .init(toolVersion: "fuzz")).build(into: sink, previous: nil)
        if !result.failed { check(FileManager.default.fileExists(atPath: staging.appendingPathComponent("index.html").path), "a good build has no index") }
        let outside = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        check(Set(outside).isSubset(of: ["src", "staging"]), "the build wrote outside its folders: \(outside)")
    }

    /// A Word package: imported, or refused with an error (a crash or a hang is the finding).
    static func docx(_ data: [UInt8]) {
        guard let result = try? DocxImporter.read(Data(data), name: "fuzz.docx") else { return }
        _ = Document(parsing: result.source)
    }
}

/// A site build's files, kept in memory.
final class MemorySink: SiteSink, @unchecked Sendable {
    let name = "memory"
    private let lock = NSLock()
    private var written: [String: [UInt8]] = [:]

    var files: [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return written
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        lock.lock()
        defer { lock.unlock() }
        written[path] = bytes
    }

    func copy(_ paths: [String]) throws {}
}
