import Foundation
import Mustache

/// Lays an edition out as a standalone HTML page through Mustache templates.
///
/// The defaults (`page.mustache`, `style.mustache`) are compiled into the package; a template
/// directory overrides any of them by file name and may add partials of its own. The renderer's
/// fragments are already escaped HTML and go in with triple braces; every other value is text
/// and Mustache escapes it.
public struct HTMLPage: Sendable {
    /// The templates a directory may override.
    public static let templateNames = ["page", "style", "site-style", "index", "history", "under-review"]

    /// A template that does not parse, with where.
    public struct TemplateError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(file):\(line):\(column): error: \(message)" }
    }

    let library: MustacheLibrary
    /// Templates without a single tag (the built-in stylesheet), kept as text: see `register`.
    let literals: [String: String]

    /// The built-in templates, overridden by any `NAME.mustache` in `directory`.
    public init(templateDirectory directory: String? = nil) throws {
        var library = MustacheLibrary()
        var names = Self.templateNames
        var origins: [String: String] = [:]
        var literals: [String: String] = [:]
        var texts: [String: String] = [:]
        let defaults: [(String, [UInt8])] = [("page", PackageResources.page_mustache), ("style", PackageResources.style_mustache),
                                             ("site-style", PackageResources.site_style_mustache), ("index", PackageResources.index_mustache),
                                             ("history", PackageResources.history_mustache),
                                             ("under-review", PackageResources.under_review_mustache)]
        for (name, bytes) in defaults {
            let text = String(decoding: bytes, as: UTF8.self)
            try Self.register(text, named: name, file: "<built-in \(name).mustache>", in: &library, literals: &literals)
            texts[name] = text
        }
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TemplateError(file: directory, line: 1, column: 1, message: "template directory not found")
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file)
                // A link could publish any file of the machine (/proc/self/environ, a key) in
                // every page.
                var status = stat()
                if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
                    throw TemplateError(file: path, line: 1, column: 1, message: "a template that is a symbolic link is not followed (it could publish any file); copy the template here")
                }
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw TemplateError(file: path, line: 1, column: 1, message: "cannot read the template as UTF-8")
                }
                let name = String(file.dropLast(".mustache".count))
                try Self.register(text, named: name, file: path, in: &library, literals: &literals)
                texts[name] = text
                if !names.contains(name) { names.append(name) }
                origins[name] = path
            }
        }
        // Mustache renders a missing partial as nothing: a page would quietly lose its parts.
        for name in names {
            guard let template = library.getTemplate(named: name) else { continue }
            for partial in Self.partials(in: template.description) where library.getTemplate(named: partial.name) == nil {
                throw TemplateError(file: origins[name] ?? "<built-in \(name).mustache>", line: partial.line, column: partial.column,
                                    message: "no template for the partial '\(partial.name)'")
            }
        }
        self.library = library
        self.literals = literals
        self.texts = texts
    }

    /// Every template's text by name, overrides included: what a page is made from besides its
    /// source (the site build's digest of a policy covers them).
    public let texts: [String: String]

    /// A site page (`index`, `history`) from its template. The values are text (Mustache
    /// escapes them) except those the template puts in triple braces, which the caller escapes.
    public func renderSitePage(_ name: String, _ values: [String: Any]) -> String {
        var context = values
        for (name, text) in literals { context[Self.literalKey(name)] = text }
        return library.render(context, withTemplate: name) ?? ""
    }

    /// The `{{> name}}` tags of a template, with where they stand.
    static func partials(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{>") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                result.append((name, number + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                rest = rest[close.upperBound...]
            }
        }
        return result
    }

    /// Registers one template. A template with no `{{` is its own rendering, and parsing its
    /// kilobytes with the Mustache parser costs most of a millisecond on every run: it becomes a
    /// one-tag template that splices its text from the context (`literalKey`).
    private static func register(_ text: String, named name: String, file: String, in library: inout MustacheLibrary,
                                 literals: inout [String: String]) throws {
        literals[name] = nil
        do {
            if !text.contains("{{") {
                literals[name] = text
                library.register(try MustacheTemplate(string: "{{{\(literalKey(name))}}}"), named: name)
                return
            }
            library.register(try MustacheTemplate(string: text), named: name)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(file: file, line: error.context.lineNumber, column: error.context.columnNumber,
                                message: "template does not parse: \(error.error)")
        }
    }

    /// Lays out a page for a one-heading policy in `view` and throws it away. The first time a
    /// process renders, the Swift runtime looks up the protocol conformances that Mustache's
    /// dynamic casts and the writers' generic types ask for, each a scan of the binary's
    /// thousands of conformance records (about 0.5 ms in all). Called where the templates load
    /// on another core while a long policy is read, it takes those lookups off the page's path.
    public func warmUp(view: View) {
        let edition = Edition(document: Document(parsing: "# Warm-up\n\nText [link](https://example.org).\n"), view: view)
        write(edition, source: "warm-up.md") { _ in }
    }

    /// The whole page for an edition. `source` names the policy file in the footer.
    /// `frontMatterChanges` (a compared pair's, whose markup carries NEW's front matter) are
    /// shown in the header.
    public func render(_ edition: Edition, source: String, frontMatterChanges: [Comparison.FrontMatterChange] = []) -> String {
        var page: [UInt8] = []
        // Room for the whole page up front: growing by doubling would hold two copies at once.
        // (Capacity never written is never resident.)
        page.reserveCapacity(64 * 1024 + edition.document.bytes.count * 3 / 2)
        write(edition, source: source, frontMatterChanges: frontMatterChanges) { page += $0 }
        return String(decoding: page, as: UTF8.self)
    }

    /// The front matter's changed fields as a definition list, old value deleted and new
    /// value inserted.
    static func frontMatterList(_ changes: [Comparison.FrontMatterChange]) -> String {
        var html = "<dl class=\"policy-meta front-matter-changes\">\n"
        for change in changes {
            html += "<div><dt>\(HTMLEscape.text(change.key))</dt><dd>"
            if let old = change.old {
                html += "<del class=\"change deleted\"><span class=\"sr-only\">[deleted:] </span>\(HTMLEscape.text(old))</del>"
            }
            if change.old != nil, change.new != nil { html += " " }
            if let new = change.new {
                html += "<ins class=\"change inserted\"><span class=\"sr-only\">[inserted:] </span>\(HTMLEscape.text(new))</ins>"
            }
            html += "</dd></div>\n"
        }
        return html + "</dl>"
    }

    /// The page handed to `emit` in pieces, in order: the `policy` command streams them into
    /// the output file, so a long policy's page is never held whole.
    /// `navigation` (HTML, escaped by the caller) is the site's links, shown above the header;
    /// `title` is the page's title when the front matter gives none (the site's policy title);
    /// `record` (HTML, escaped by the caller) is the policy's footer (``PolicyFooter``).
    public func write(_ edition: Edition, source: String, frontMatterChanges: [Comparison.FrontMatterChange] = [],
                      navigation: String = "", title fallback: String? = nil, record: String = "",
                      to emit: ([UInt8]) throws -> Void) rethrows {
        let renderer = HTMLRenderer(edition: edition)
        let front = edition.document.frontMatter
        // The same title in every view: the accepted reading's first heading when none is given.
        let title = front.title ?? fallback ?? edition.document.sections.first?.title ?? source
        let status = front.status?.trimmingWhitespace ?? ""
        let meta = Self.metaFields(front).map { ["label": $0.label, "value": $0.value] }
        let toc = renderer.tableOfContents()
        let summary = renderer.changeSummary()
        var context: [String: Any] = [
            "lang": front["lang"] ?? front["language"] ?? "en",
            "title": title,
            "view": edition.view.rawValue,
            "viewName": edition.view.rawValue.capitalizedFirst,
            "viewCaption": edition.view.caption,
            "draft": !front.isAdopted,
            "draftNote": Self.draftNote(status),
            // A version no longer in force, or voted down, is not a draft: no DRAFT mark.
            "bannerLabel": Self.bannerLabel(status),
            "watermark": Self.bannerLabel(status) == "DRAFT",
            "hasNav": !navigation.isEmpty,
            "nav": navigation,
            "hasRecord": !record.isEmpty,
            // The site's styles: the navigation's, and the footer's on a page rendered alone.
            "hasSiteStyle": !navigation.isEmpty || !record.isEmpty,
            "record": record,
            "hasMeta": !meta.isEmpty,
            "meta": meta,
            "hasToc": !toc.isEmpty,
            "toc": toc,
            "hasSummary": !summary.isEmpty,
            "summary": summary,
            "hasComments": edition.view == .redline && edition.document.changes.contains { $0.kind == .comment || !$0.comments.isEmpty },
            // The article can be megabytes: it is spliced in after the template has run.
            "article": Self.articleMarker,
            "source": source,
            "hasFrontMatterChanges": !frontMatterChanges.isEmpty,
            "frontMatterChanges": frontMatterChanges.isEmpty ? "" : Self.frontMatterList(frontMatterChanges),
        ]
        for (name, text) in literals { context[Self.literalKey(name)] = text }
        let page = library.render(context, withTemplate: "page") ?? ""
        // A byte search: Foundation's range(of:) compares with Unicode folding, slowly; and
        // memchr to each candidate's first byte (a long policy's contents make the page long).
        let bytes = Array(page.utf8), marker = Array(Self.articleMarker.utf8)
        let found: Int? = bytes.withUnsafeBufferPointer { buffer in
            var from = 0
            while let candidate = buffer.offset(of: marker[0], from: from) {
                if buffer[candidate...].starts(with: marker) { return candidate }
                from = candidate + 1
            }
            return nil
        }
        guard let at = found else {
            try emit(bytes)
            return
        }
        try emit(Array(bytes[..<at]) + "<article>\n".utf8)
        try renderer.writeArticleBody(emit)
        try emit(Array("</article>\n".utf8) + bytes[(at + marker.count)...])
    }

    /// What the banner of a page that is not the policy in force says.
    /// The banner's first words: what a page that is not the policy in force is.
    static func bannerLabel(_ status: String) -> String {
        switch status.lowercased() {
        case "superseded", "rescinded": return "NOT IN FORCE"
        case "rejected": return "REJECTED"
        default: return "DRAFT"
        }
    }

    static func draftNote(_ status: String) -> String {
        if status.isEmpty { return "no status is recorded; this is not an adopted policy." }
        switch status.lowercased() {
        case "superseded", "rescinded": return "status: \(status). This version is no longer in force."
        default: return "status: \(status). This is not an adopted policy."
        }
    }

    /// The context key that holds a tag-free template's text (not a name a template would use).
    static func literalKey(_ name: String) -> String { "redline-literal-template-" + name }

    /// Stands for the article while the template renders: private-use characters, which no
    /// template contains and Mustache does not escape.
    static let articleMarker = "\u{F8FF}redline-article\u{F8FF}"

    /// The header's fields: code, status, version, and the dates, in front matter order.
    static func metaFields(_ front: FrontMatter) -> [(label: String, value: String)] {
        let wanted: Set<String> = ["code", "status", "version", "adopted", "revised", "reviewed", "effective", "date", "updated"]
        return front.fields.compactMap { field in
            let key = field.key.lowercased()
            guard wanted.contains(key) || key.hasSuffix("-date") || key.hasSuffix("_date"), key != "revision-date" else { return nil }
            var value = field.value.trimmingWhitespace
            // A short YAML list (`reviewed: [2022-06-13]`) as its items, not its YAML.
            if value.hasPrefix("- ") || value.hasPrefix("["), let items = YAMLList.items(value), !items.isEmpty,
               !items.contains(where: { $0.contains("\n") }) {
                value = items.joined(separator: ", ")
            }
            guard !value.isEmpty, !value.contains("\n") else { return nil }
            let label = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ").capitalizedFirst
            return (label, value)
        }
    }
}
