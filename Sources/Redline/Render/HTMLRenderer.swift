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
        var bytes = Array("<article>\n".utf8)
        writeArticleBody { bytes += $0 }
        bytes += "</article>\n".utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The article's contents, handed to `emit` piece by piece in order: ``HTMLPage`` streams
    /// them to the output file, so a long policy's page is never held whole.
    /// `batchSize`: source bytes per batch written in parallel (tests make it tiny).
    func writeArticleBody(batchSize: Int = 128 * 1024, _ emit: ([UInt8]) throws -> Void) rethrows {
        let children = edition.root.children
        let anchors = Dictionary(edition.headings.map { ($0.blockIndex, $0.anchor) }, uniquingKeysWith: { a, _ in a })
        // The section tags before block `index`, given the open section levels (updated).
        @Sendable func sectionTags(before index: Int, levels: inout [Int]) -> String {
            guard case .heading(let level) = children[index].kind, let anchor = anchors[index] else { return "" }
            var tags = ""
            while let last = levels.last, last >= level {
                tags += "</section>\n"
                levels.removeLast()
            }
            levels.append(level)
            return tags + "<section id=\"\(HTMLEscape.text(anchor))\">\n"
        }
        let batches = parallelBatches(size: batchSize)
        if batches.count > 1 {
            // The levels open at each batch's start, worked out first (headings only, cheap);
            // then each batch renders with a writer of its own, on every core.
            var levels: [Int] = []
            var starts: [[Int]] = []
            for batch in batches {
                starts.append(levels)
                for index in batch { _ = sectionTags(before: index, levels: &levels) }
            }
            let startLevels = starts
            // Rounds of a few batches per core, emitted in order: only a round is held at once.
            let round = 4
            for first in stride(from: 0, to: batches.count, by: round) {
                let group = Array(first..<min(first + round, batches.count))
                let results = ParallelSlots<[UInt8]>(count: group.count)
                ParallelSlots<[UInt8]>.run(count: group.count) { k in
                    var levels = startLevels[group[k]]
                    var writer = HTMLWriter(edition: edition)
                    for index in batches[group[k]] {
                        writer.append(sectionTags(before: index, levels: &levels))
                        writer.block(children[index])
                    }
                    writer.finish()
                    results[k] = writer.takeOutput()
                }
                for k in group.indices { try emit(results[k]!) }
            }
            try emit(Array(String(repeating: "</section>\n", count: levels.count).utf8))
            return
        }
        var writer = HTMLWriter(edition: edition)
        var levels: [Int] = []
        var footnotes: [Block] = []
        for (index, block) in children.enumerated() {
            if case .footnoteDefinition = block.kind {
                footnotes.append(block)
                continue
            }
            writer.append(sectionTags(before: index, levels: &levels))
            writer.block(block)
            // Hand over long output as it grows, at a block boundary.
            if writer.outputSize > 1 << 20 { try emit(writer.takeOutput()) }
        }
        writer.finish()
        for _ in levels { writer.append("</section>\n") }
        if !footnotes.isEmpty {
            let section = footnoteSection(footnotes, writer: &writer)
            writer.append(section)
        }
        try emit(writer.takeOutput())
    }

    /// Runs of top-level blocks that can be written independently, `size` bytes of source
    /// each; a single run when they cannot. They can when the writer carries nothing from
    /// one block to the next: no change marks (the clean and original views) and no footnotes
    /// (whose references are counted across the document).
    private func parallelBatches(size: Int) -> [Range<Int>] {
        let children = edition.root.children
        guard edition.view != .redline, edition.footnoteNumbers.isEmpty, edition.document.bytes.count / 2 > size else {
            return [0..<children.count]
        }
        var batches: [Range<Int>] = []
        var start = 0
        var startOffset = children.first?.range?.offsets.lowerBound ?? 0
        for (index, block) in children.enumerated() {
            if case .footnoteDefinition = block.kind { return [0..<children.count] }
            guard let end = block.range?.offsets.upperBound, end - startOffset >= size else { continue }
            batches.append(start..<index + 1)
            start = index + 1
            startOffset = end
        }
        if start < children.count { batches.append(start..<children.count) }
        return batches
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
        var html = HTMLOutput()
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
            html += "<a href=\"#"
            html.appendEscaped(heading.anchor)
            html += "\">"
            switch heading.change {
            case .deleted?:
                html += "<del>"
                html.appendEscaped(heading.title)
                html += "<span class=\"sr-only\"> (deleted)</span></del>"
            case .inserted?:
                html += "<ins>"
                html.appendEscaped(heading.title)
                html += "<span class=\"sr-only\"> (inserted)</span></ins>"
            default:
                html.appendEscaped(heading.title)
            }
            html += "</a>"
        }
        for _ in depth { html += "</li>\n</ol>\n" }
        return html.string
    }

    /// The redline's summary: counts by kind and by section, each opening to a list of links to
    /// its changes. Plain `<details>` elements: no script needed.
    public func changeSummary() -> String {
        // Layout changes show as nothing on the page: they are not listed either.
        let changes = edition.document.changes.filter { !$0.isLayout }
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
        // Only to a section the page has: a heading that is one in the clean text but none on
        // the redline page (an ATX heading made setext: `{--## --}Title{++⏎---++}`) has no
        // anchor here, and the link would lead nowhere.
        let anchors = Set(edition.headings.map(\.anchor))
        for group in groups {
            html += "<details class=\"summary-group\"><summary>\(HTMLEscape.text(group.title)): \(ChangeReport.countSummary(group.changes))</summary>\n"
            if let anchor = group.anchor, anchors.contains(anchor) {
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

    /// A change's Markdown as a reader sees it, for the summary: a link or an image as its
    /// text, emphasis and code without their delimiters, escapes without their backslash
    /// (`**must**` and `[the terms](/terms)` read as `must` and `the terms`).
    static func readable(_ markdown: String) -> String {
        let syntax: Set<Unicode.Scalar> = ["*", "_", "[", "`", "\\"]
        guard markdown.unicodeScalars.contains(where: { syntax.contains($0) }) else { return markdown }
        // Escaped punctuation first, kept apart as private-use characters so that no rule
        // below takes it for syntax, and given back at the end.
        var chars: [Unicode.Scalar] = []
        var escaped = false
        for scalar in markdown.unicodeScalars {
            if escaped, scalar.isASCII, scalar.properties.generalCategory.isPunctuationOrSymbol {
                chars.append(Unicode.Scalar(0xF0000 + scalar.value)!)
            } else {
                if escaped { chars.append("\\") }
                if scalar != "\\" { chars.append(scalar) }
            }
            escaped = scalar == "\\" && !escaped
        }
        if escaped { chars.append("\\") }
        func isSpace(_ c: Unicode.Scalar?) -> Bool { c.map { $0.properties.isWhitespace } ?? true }
        func isOpening(_ c: Unicode.Scalar?) -> Bool { c == nil || isSpace(c) || "([\"'".unicodeScalars.contains(c!) }
        func isClosing(_ c: Unicode.Scalar?) -> Bool { c == nil || isSpace(c) || ").,;:!?]\"'".unicodeScalars.contains(c!) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            // A link or an image (`[text](url)`, `[text][ref]`, `![alt](src)`): its text.
            if c == "[" || (c == "!" && i + 1 < chars.count && chars[i + 1] == "["),
               let close = chars[(c == "[" ? i + 1 : i + 2)...].firstIndex(of: "]"), close + 1 < chars.count,
               chars[close + 1] == "(" || chars[close + 1] == "[",
               let end = chars[(close + 2)...].firstIndex(of: chars[close + 1] == "(" ? ")" : "]") {
                out.append(contentsOf: chars[(c == "[" ? i + 1 : i + 2)..<close])
                i = end + 1
                continue
            }
            // A code span's backticks.
            if c == "`" { i += 1; continue }
            // Emphasis delimiters: a run of `*` or `_` that opens (after a space, before text)
            // or closes (after text, before a space or punctuation).
            if c == "*" || c == "_" {
                var end = i
                while end < chars.count, chars[end] == c { end += 1 }
                let before = out.last, after = end < chars.count ? chars[end] : nil
                if end - i <= 3, (isOpening(before) && !isSpace(after)) || (!isSpace(before) && isClosing(after)) {
                    i = end
                    continue
                }
                out.append(contentsOf: chars[i..<end])
                i = end
                continue
            }
            out.append(c)
            i += 1
        }
        return String(String.UnicodeScalarView(out.map { $0.value >= 0xF0000 && $0.value < 0xF0080 ? Unicode.Scalar($0.value - 0xF0000)! : $0 }))
    }

    /// A short description of a change for the summary, its text escaped.
    static func describe(_ change: Change) -> String {
        func excerpt(_ s: String) -> String {
            // White space alone is named: `“” → “”` says nothing.
            if !s.isEmpty, s.allSatisfy(\.isWhitespace) { return "a " + Edition.whitespaceSign(of: s).name }
            let words = Self.readable(String(s.prefix(400))).collapsingWhitespace
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

extension Unicode.GeneralCategory {
    /// ASCII punctuation and symbols, which a backslash escapes in Markdown.
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }
}
