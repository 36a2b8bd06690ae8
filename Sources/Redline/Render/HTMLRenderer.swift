/// Renders an ``Edition`` as HTML fragments: the article (sections and footnotes), the table of
/// contents and, for the redline, the change summary. ``HTMLPage`` puts them into a template.
///
/// Nothing from the source reaches the output unescaped: text is escaped, raw HTML is shown as
/// text or left out (``RawHTML``), and link and image destinations pass ``SafeURL``.
public struct HTMLRenderer: Sendable {
    public let edition: Edition

    public init(edition: Edition) {
        self.edition = edition
    }

    /// The `<article>`: one `<section id>` per heading, nested by level, then the footnotes.
    public func article() -> String {
        var writer = HTMLWriter(edition: edition)
        var html = "<article>\n"
        var levels: [Int] = []
        let anchors = Dictionary(edition.headings.map { ($0.blockIndex, $0.anchor) }, uniquingKeysWith: { a, _ in a })
        var footnotes: [Block] = []
        for (index, block) in edition.root.children.enumerated() {
            if case .footnoteDefinition = block.kind {
                footnotes.append(block)
                continue
            }
            if case .heading(let level) = block.kind, let anchor = anchors[index] {
                while let last = levels.last, last >= level {
                    writer.append("</section>\n")
                    levels.removeLast()
                }
                writer.append("<section id=\"\(HTMLEscape.text(anchor))\">\n")
                levels.append(level)
            }
            writer.block(block)
        }
        writer.finish()
        for _ in levels { writer.append("</section>\n") }
        html += writer.out
        if !footnotes.isEmpty {
            html += footnoteSection(footnotes, writer: &writer)
        }
        html += "</article>\n"
        return html
    }

    /// The footnotes as an ordered list, each with links back to every reference to it.
    private func footnoteSection(_ definitions: [Block], writer: inout HTMLWriter) -> String {
        var html = "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n"
        for definition in definitions {
            guard case .footnoteDefinition(let label) = definition.kind else { continue }
            let id = HTMLEscape.identifier(label)
            var content = writer.capture { item in
                item.block(definition)
                item.finish()
            }
            let count = writer.footnoteReferences[label] ?? 0
            let note = edition.footnoteNumbers[label].map(String.init) ?? HTMLEscape.text(label)
            let backlinks = (0..<max(count, 1)).map { i in
                let suffix = i == 0 ? "" : "-\(i + 1)"
                let number = i == 0 ? "" : "<sup>\(i + 1)</sup>"
                return "<a href=\"#fnref-\(id)\(suffix)\" class=\"footnote-backref\" aria-label=\"Back to reference \(note)\(suffix)\">↩\(number)</a>"
            }.joined(separator: " ")
            let links = count > 0 ? backlinks : ""
            if !links.isEmpty {
                if content.hasSuffix("</p>\n") {
                    content = String(content.dropLast(5)) + " " + links + "</p>\n"
                } else {
                    content += "<p>" + links + "</p>\n"
                }
            }
            html += "<li id=\"fn-\(id)\">\n\(content)</li>\n"
        }
        html += "</ol>\n</section>\n"
        return html
    }

    /// The table of contents: nested ordered lists of links to the sections.
    public func tableOfContents() -> String {
        guard !edition.headings.isEmpty else { return "" }
        var html = ""
        var depth: [Int] = []
        for heading in edition.headings {
            if depth.isEmpty {
                html += "<ol>\n<li>"
                depth.append(heading.level)
            } else {
                while depth.count > 1, heading.level < depth.last! {
                    html += "</li>\n</ol>\n"
                    depth.removeLast()
                }
                if heading.level > depth.last! {
                    html += "\n<ol>\n<li>"
                    depth.append(heading.level)
                } else {
                    html += "</li>\n<li>"
                }
            }
            let text = HTMLEscape.text(heading.title)
            let label: String
            switch heading.change {
            case .deleted?: label = "<del>\(text)<span class=\"sr-only\"> (deleted)</span></del>"
            case .inserted?: label = "<ins>\(text)<span class=\"sr-only\"> (inserted)</span></ins>"
            default: label = text
            }
            html += "<a href=\"#\(HTMLEscape.text(heading.anchor))\">\(label)</a>"
        }
        for _ in depth { html += "</li>\n</ol>\n" }
        return html
    }

    /// The redline's summary: counts by kind and by section, each opening to a list of links to
    /// its changes. Plain `<details>` elements: no script needed.
    public func changeSummary() -> String {
        let changes = edition.document.changes
        guard edition.view == .redline else { return "" }
        guard !changes.isEmpty else { return "<p>No changes.</p>\n" }
        var html = "<p>\(ChangeReport.countSummary(changes)).</p>\n"
        html += "<h3>By kind</h3>\n"
        for kind in Change.Kind.allCases {
            let ofKind = changes.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            html += "<details class=\"summary-group\"><summary>\(kind.noun(ofKind.count).capitalizedFirst): \(ofKind.count)</summary>\n"
            html += changeList(ofKind, showSection: true)
            html += "</details>\n"
        }
        html += "<h3>By section</h3>\n"
        var groups: [(title: String, anchor: String?, changes: [Change])] = []
        for change in changes {
            let key = change.section?.anchor
            if let i = groups.firstIndex(where: { $0.anchor == key }) {
                groups[i].changes.append(change)
            } else {
                groups.append((change.section?.title ?? "Before the first heading", key, [change]))
            }
        }
        for group in groups {
            html += "<details class=\"summary-group\"><summary>\(HTMLEscape.text(group.title)): \(ChangeReport.countSummary(group.changes))</summary>\n"
            if let anchor = group.anchor {
                html += "<p><a href=\"#\(HTMLEscape.text(anchor))\">Go to the section</a></p>\n"
            }
            html += changeList(group.changes, showSection: false)
            html += "</details>\n"
        }
        return html
    }

    private func changeList(_ changes: [Change], showSection: Bool) -> String {
        var html = "<ol class=\"change-list\">\n"
        for change in changes {
            let id = HTMLEscape.identifier(change.id)
            var line = "<a href=\"#change-\(id)\">#\(change.ordinal) \(Self.describe(change))</a>"
            if showSection, let section = change.section { line += " <span class=\"where\">in \(HTMLEscape.text(section.title))</span>" }
            html += "<li>\(line)</li>\n"
        }
        return html + "</ol>\n"
    }

    /// A short description of a change for the summary, its text escaped.
    static func describe(_ change: Change) -> String {
        func excerpt(_ s: String) -> String {
            let words = s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let short = words.count > 60 ? String(words.prefix(57)) + "…" : words
            return "“" + HTMLEscape.text(short) + "”"
        }
        switch change.kind {
        case .insertion: return change.isParagraphMark ? "paragraph break inserted" : "inserted " + excerpt(change.newText)
        case .deletion: return change.isParagraphMark ? "paragraph break deleted" : "deleted " + excerpt(change.oldText)
        case .substitution: return excerpt(change.oldText) + " → " + excerpt(change.newText)
        case .highlight: return "highlighted " + excerpt(change.oldText)
        case .comment: return "comment " + excerpt(change.oldText)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
