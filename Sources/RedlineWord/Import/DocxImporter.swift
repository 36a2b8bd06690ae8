import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Redline

/// Reads a Word document (.docx) into a Redline source: Markdown with the document's tracked
/// changes and comments as revision markup, each with its author and date.
public struct DocxImporter: Sendable {
    /// What to do with Word's tracked changes, as pandoc's `--track-changes` option does.
    public enum TrackChanges: String, CaseIterable, Sendable {
        /// Keep every change and comment as markup.
        case all
        /// Take the text with every change accepted (no markup, no comments).
        case accept
        /// Take the text with every change rejected.
        case reject
    }

    public struct Result: Sendable {
        public var source: String
        /// What could not be carried over exactly; never text that was dropped unannounced.
        public var warnings: [String]
    }

    /// Imports a package's bytes; `name` names the file in messages.
    public static func read(_ data: Data, name: String, trackChanges: TrackChanges = .all) throws -> Result {
        let archive = try DocxArchive(data: data, name: name)
        func parse(_ path: String) throws -> XMLElement? {
            guard let bytes = try archive.part(path) else { return nil }
            return try XMLPart.parse(bytes, part: path, file: name)
        }
        let packageRelations = try parse("_rels/.rels").map { Self.relationships($0, base: "") } ?? []
        let mainPath = packageRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "word/document.xml"
        guard let main = try parse(mainPath) else {
            throw WordError("\(name): not a Word document: the package has no \(mainPath)")
        }
        guard let body = main.child("body") else { throw WordError("\(name): \(mainPath) has no <w:body>") }
        // Each part has relationships of its own (a footnote's hyperlink is in footnotes.xml.rels).
        func relations(of path: String) throws -> [Relationship] {
            let directory = (path as NSString).deletingLastPathComponent
            let relationsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + (path as NSString).lastPathComponent + ".rels"
            return try parse(relationsPath).map { Self.relationships($0, base: directory) } ?? []
        }
        func hyperlinks(of path: String) throws -> [String: String] {
            var links: [String: String] = [:]
            for relation in try relations(of: path) where relation.type.hasSuffix("/hyperlink") { links[relation.id] = relation.rawTarget }
            return links
        }
        let relations = try relations(of: mainPath)
        func relatedPath(_ type: String) -> String? {
            relations.first(where: { $0.type.hasSuffix("/" + type) && !$0.external })?.target
        }
        func related(_ type: String) throws -> XMLElement? { try relatedPath(type).flatMap(parse) }

        var reader = DocumentReader()
        reader.relationships = try hyperlinks(of: mainPath)
        if let styles = try related("styles") { reader.styles = StyleSheet(styles) }
        if let numbering = try related("numbering") { reader.numbering = Numbering(numbering) }
        var content = WordContent()
        content.body = reader.blocks(of: body)
        // Title, Author and the like without revisions are metadata, as pandoc reads them.
        var metadata: [String: String] = [:]
        content.body.removeAll { block in
            guard case .paragraph(let p) = block, case .metadata(let key) = p.role, metadata[key] == nil,
                  p.pieces.allSatisfy({ $0.changes.isEmpty && !$0.isComment }) else { return false }
            metadata[key] = p.pieces.map { if case .text(let t, _, _) = $0 { t } else { " " } }.joined().trimmingCharacters(in: .whitespaces)
            return true
        }
        for (type, prefix) in [("footnotes", ""), ("endnotes", "e")] {
            guard let path = relatedPath(type), let part = try parse(path) else { continue }
            // Its own relationships first; the main part's too, where files (ours before, and
            // some other writers) list a note's links.
            reader.relationships = try hyperlinks(of: mainPath).merging(try hyperlinks(of: path)) { _, own in own }
            content.footnotes.merge(reader.footnotes(part, prefix: prefix), uniquingKeysWith: { a, _ in a })
        }
        if let comments = try related("comments") {
            (content.comments, content.replies) = DocumentReader.comments(comments, extended: try related("commentsExtended"))
        }

        let frontMatter = try Self.frontMatter(packageRelations.first { $0.type.hasSuffix("/custom-properties") }.map { try parse($0.target) } ?? nil,
                                               core: packageRelations.first { $0.type.hasSuffix("/core-properties") }.map { try parse($0.target) } ?? nil,
                                               metadata: metadata)
        let defaults = Document(parsing: frontMatter).frontMatter.defaultAttribution
        var emitter = MarkdownEmitter(content: content, defaultAuthor: defaults.author, defaultDate: defaults.date)
        let markdown = emitter.emit()
        let source = frontMatter.isEmpty ? markdown : frontMatter + (markdown.isEmpty ? "" : "\n" + markdown)
        let document = Document(parsing: source)
        let errors = document.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            // Never hand over a source whose markup Redline itself cannot read.
            throw WordError("\(name): the imported text has markup Redline cannot read (\(first.location.line):\(first.location.column): \(first.message)); please report this document")
        }
        let text: String
        switch trackChanges {
        case .all: text = source
        case .accept: text = document.accepted
        case .reject: text = document.rejected
        }
        return Result(source: text, warnings: reader.warnings + emitter.warnings)
    }

    private struct Relationship {
        var id: String
        var type: String
        /// The part path inside the package (for internal targets).
        var target: String
        var rawTarget: String
        var external: Bool
    }

    private static func relationships(_ root: XMLElement, base: String) -> [Relationship] {
        root.elementChildren.compactMap { element in
            guard let id = element.value("Id"), let type = element.value("Type"), let target = element.value("Target") else { return nil }
            let external = element.value("TargetMode") == "External"
            var path = target
            if !external {
                if path.hasPrefix("/") { path.removeFirst() } else if !base.isEmpty { path = base + "/" + path }
                path = (path as NSString).standardizingPath
                if path.hasPrefix("/") { path.removeFirst() }
            }
            return Relationship(id: id, type: type, target: path, rawTarget: target, external: external)
        }
    }

    /// The front matter: as the source had it when Redline exported the document, else from
    /// the document properties (title, author, and the version, status and code Word keeps).
    private static func frontMatter(_ custom: XMLElement?, core: XMLElement?, metadata: [String: String]) -> String {
        if let custom {
            for property in custom.elementChildren where property.value("name") == DocxExporter.frontMatterProperty {
                if let raw = property.elementChildren.first?.stringValue, raw.hasPrefix("---") {
                    return raw.hasSuffix("\n") ? raw : raw + "\n"
                }
            }
        }
        func field(_ local: String) -> String? {
            core?.elementChildren.first { $0.local == local }?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        }
        var lines: [String] = []
        for (key, local) in [("title", "title"), ("subtitle", ""), ("author", "creator"), ("date", ""), ("code", "identifier"),
                             ("status", "contentStatus"), ("version", "version")] {
            guard let value = field(local) ?? metadata[key] else { continue }
            // A JSON string is a valid YAML scalar, whatever the title holds.
            lines.append("\(key): " + MarkdownEmitter.json(value))
        }
        return lines.isEmpty ? "" : "---\n" + lines.joined(separator: "\n") + "\n---\n"
    }
}
