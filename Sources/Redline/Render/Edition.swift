/// One view of a policy, ready to render: its blocks, its headings with their anchors, and its
/// footnote numbering.
///
/// Renderers (``HTMLRenderer``, ``TextRenderer``) share this so that every format and view
/// agrees on anchors and numbers. Anchors come from the accepted reading's sections (the label
/// path where a heading is numbered, else the accepted heading text), so `#ii-general-policy`
/// means the same section in the clean, redline and original views of every version. A heading
/// that exists only in the original text takes its anchor from the original reading.
public struct Edition: Sendable {
    public struct Heading: Hashable, Sendable {
        public var level: Int
        /// The heading text as this view shows it.
        public var title: String
        public var anchor: String
        /// Index of the heading among the root's children.
        public var blockIndex: Int
        /// In the redline: set when the whole heading is inserted or deleted.
        public var change: ChangeMarker.Role?
    }

    public let document: Document
    public let view: View
    /// The document node of this view; in the redline view with change milestones.
    public let root: Block
    /// The top-level headings, in order.
    public let headings: [Heading]
    /// Footnote label → number, in the order cmark-gfm lists the definitions.
    public let footnoteNumbers: [String: Int]

    public init(document: Document, view: View) {
        self.document = document
        self.view = view
        // Views with text the accepted reading lacks also need the original's sections.
        let original: Block? = view == .clean ? nil : document.originalBlocks
        let root: Block
        switch view {
        case .clean: root = document.blocks
        case .original: root = original!
        case .redline: root = document.redline()
        }
        self.root = root
        headings = Edition.headings(of: root, view: view, document: document, original: original)
        var numbers: [String: Int] = [:]
        for block in root.children {
            if case .footnoteDefinition(let label) = block.kind, numbers[label] == nil { numbers[label] = numbers.count + 1 }
        }
        footnoteNumbers = numbers
        changeLookup = Dictionary(document.changes.indices.map { (document.changes[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Change ID → index in the document's changes.
    private let changeLookup: [String: Int]

    /// What stands in for a change's side whose text is white space only and which is neither
    /// layout nor a paragraph mark (a line break moved around a heading, a list item nested):
    /// `↵` for a line break, `·` for spaces, with its name for a screen reader. Drawn as its
    /// white space alone, such a change would show as an empty mark.
    func whitespaceSign(_ marker: ChangeMarker) -> (sign: String, name: String)? {
        guard let change = change(marker.id), !change.isLayout, !change.isParagraphMark,
              change.kind == .insertion || change.kind == .deletion || change.kind == .substitution else { return nil }
        let text = marker.role == .deleted ? change.oldText : change.newText
        guard !text.isEmpty else { return nil }
        if !text.allSatisfy(\.isWhitespace) {
            // A line break and the next list item's marker (`{++⏎2. ++}`, an item started where
            // one ended, as `policy diff` writes an item moved to the top): a new item. The
            // marker is structure, shown by the list itself.
            return Self.isItemBreak(text) ? ("¶", "list item break") : nil
        }
        return Self.whitespaceSign(of: text)
    }

    /// White space as a sign and its name: `¶` a paragraph break, `↵` a line break, `·` spaces.
    static func whitespaceSign(of text: String) -> (sign: String, name: String) {
        let breaks = text.filter { $0 == "\n" || $0 == "\r\n" }.count
        return breaks >= 2 ? ("¶", "paragraph break") : breaks == 1 ? ("↵", "line break") : ("·", "space")
    }

    /// White space holding a line break, then a list item's marker (`-`, `*`, `+`, `3.`, `3)`)
    /// and at most spaces.
    static func isItemBreak(_ text: String) -> Bool {
        guard let lineBreak = text.lastIndex(where: { $0 == "\n" || $0 == "\r\n" }),
              text[..<lineBreak].allSatisfy(\.isWhitespace) else { return false }
        let rest = text[text.index(after: lineBreak)...].drop { $0 == " " || $0 == "\t" }
        var marker = rest.prefix { $0.isASCII && $0.isNumber }
        if marker.isEmpty {
            guard let first = rest.first, "-*+".contains(first) else { return false }
            marker = rest.prefix(1)
        } else {
            guard marker.count <= 9, let after = rest.dropFirst(marker.count).first, after == "." || after == ")" else { return false }
            marker = rest.prefix(marker.count + 1)
        }
        let tail = rest.dropFirst(marker.count)
        return !tail.isEmpty && tail.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The change with this ID (for attribution and comments beside a milestone).
    public func change(_ id: String) -> Change? {
        changeLookup[id].map { document.changes[$0] }
    }

    /// The clean view's root is the accepted reading the sections were made from: its headings
    /// are the sections, one for one and in order (nil if they are not, and the general
    /// matching below decides). No anchor lookups: a long policy has thousands of headings.
    private static func cleanHeadings(of root: Block, sections: [Section]) -> [Heading]? {
        root.children.withUnsafeBufferPointer { blocks in
            var result: [Heading] = []
            result.reserveCapacity(sections.count)
            for index in blocks.indices {
                guard case .heading(let level) = blocks[index].kind else { continue }
                guard result.count < sections.count, let range = blocks[index].range,
                      sections[result.count].range.offsets == range.offsets else { return nil }
                let section = sections[result.count]
                result.append(Heading(level: level, title: section.title, anchor: section.anchor, blockIndex: index, change: nil))
            }
            return result.count == sections.count ? result : nil
        }
    }

    private static func headings(of root: Block, view: View, document: Document, original originalBlocks: Block?) -> [Heading] {
        let accepted = document.sections
        if view == .clean, let headings = cleanHeadings(of: root, sections: accepted) { return headings }
        let original = originalBlocks.map { SectionBuilder.sections(in: $0, sourceLength: document.bytes.count) } ?? []
        var used = Set(accepted.map(\.anchor))
        var result: [Heading] = []
        var taken = Set<String>()
        // Most headings start where an accepted section's heading starts: look those up directly.
        var acceptedAt: [Int: Int] = [:]
        for (i, section) in accepted.enumerated() { acceptedAt[section.range.offsets.lowerBound] = i }
        for (index, block) in root.children.enumerated() {
            guard case .heading(let level) = block.kind else { continue }
            let offsets = block.range?.offsets ?? 0..<0
            func overlaps(_ s: Section) -> Bool {
                let o = s.range.offsets
                return o.overlaps(offsets) || o.lowerBound == offsets.lowerBound
            }
            var anchor: String
            let shownTitle: String
            let exact = acceptedAt[offsets.lowerBound].map { accepted[$0] }.flatMap { taken.contains($0.anchor) ? nil : $0 }
            if let section = exact ?? (view == .clean ? nil : accepted.first(where: { overlaps($0) && !taken.contains($0.anchor) })) {
                anchor = section.anchor
                // The clean view's heading is the section's; the redline's holds old and new
                // words, and its contents entry the new.
                shownTitle = view == .original ? block.plainText.collapsingWhitespace : section.title
            } else {
                let title = block.plainText.collapsingWhitespace
                // Only in the original text: its own anchor, kept clear of the accepted ones.
                let match = original.first(where: overlaps)
                shownTitle = view == .redline ? match?.title ?? title : title
                let slug = SectionBuilder.slug(title)
                let base = match?.anchor ?? SectionBuilder.unreserved(slug.isEmpty ? "section" : slug)
                anchor = base
                var n = 2
                while used.contains(anchor) { anchor = "\(base)-\(n)"; n += 1 }
                used.insert(anchor)
            }
            taken.insert(anchor)
            result.append(Heading(level: level, title: shownTitle, anchor: anchor, blockIndex: index, change: block.change?.role))
        }
        return result
    }
}
