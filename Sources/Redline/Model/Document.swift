/// A parsed policy source: front matter, the revision marks as changes, the sections and the
/// blocks of its accepted reading, and what lint found.
///
/// A value: parsing never changes the source, and ``source`` writes it back byte for byte.
/// Resolving returns new text; parse that to get the resolved document.
public struct Document: Sendable {
    /// The source exactly as read.
    public var source: String { String(decoding: bytes, as: UTF8.self) }
    /// The source's UTF-8, the one copy a document keeps (a long policy is not held twice).
    let bytes: [UInt8]
    public let lines: LineIndex
    /// Byte offset where the Markdown body starts (after the front matter).
    public let bodyStart: Int
    public internal(set) var frontMatter: FrontMatter
    /// Every change and free-standing comment, in source order (a parent before its children).
    public let changes: [Change]
    /// Sections in source order, from the headings of the accepted reading.
    public let sections: [Section]
    /// The accepted reading as cmark-gfm parsed it, with source ranges in this file.
    public let blocks: Block
    /// Everything lint reports, in source order.
    public private(set) var diagnostics: [Diagnostic]

    let marks: [Mark]
    let rootMarks: [Int]
    /// Mark index → index in ``changes`` (nil for comments attached to a change).
    let changeIndex: [Int?]

    public init(parsing source: String) {
        // A String's UTF-8 is valid by construction.
        self.init(checkedUTF8: Array(source.utf8))
    }

    /// Parses UTF-8 bytes; invalid sequences are replaced by U+FFFD first, as
    /// `String(decoding:as:)` does, so every reading is UTF-8.
    public init(utf8 source: [UInt8]) {
        self.init(checkedUTF8: SourceFile.isUTF8(source) ? source : Array(String(decoding: source, as: UTF8.self).utf8))
    }

    /// Parses bytes known to be valid UTF-8 (``SourceFile/readUTF8(_:)`` checked them) without
    /// checking them again: on a long policy that check is a millisecond a megabyte.
    public init(checkedUTF8 source: [UInt8]) {
        bytes = source
        lines = LineIndex(bytes)
        bodyStart = FrontMatterReader.length(of: bytes)
        let (frontMatter, frontMatterProblems) = FrontMatterReader.read(String(decoding: bytes[0..<bodyStart], as: UTF8.self))
        self.frontMatter = frontMatter
        let scan = MarkupScanner.scan(bytes: bytes, start: bodyStart, lines: lines)
        let marks = scan.marks
        self.marks = marks
        let rootMarks = marks.indices.filter { marks[$0].parent == nil }
        self.rootMarks = rootMarks
        var diagnostics = frontMatterProblems + scan.diagnostics
        if let nul = bytes.withUnsafeBufferPointer({ $0.offset(of: 0, from: 0) }) {
            diagnostics.append(Diagnostic(.error, at: lines.location(of: nul), "NUL byte in source"))
        }
        self.diagnostics = diagnostics.sorted { ($0.location, $0.severity) < ($1.location, $1.severity) }

        // The accepted reading gives the structure: blocks and sections.
        let defaults = frontMatter.defaultAttribution
        let lines = self.lines
        // A policy with many changes lists them on another thread while its reading is parsed
        // (the parse leaves that core idle while it waits its turn for cmark-gfm's inline
        // phase); for a few, starting the thread costs more than it saves.
        let listChanges: @Sendable () -> (changes: [Change], index: [Int?], diagnostics: [Diagnostic]) = {
            Document.changes(marks: marks, bytes: source, lines: lines, defaults: defaults)
        }
        let pendingChanges = marks.count >= 256 ? Pending(listChanges) : nil
        var provisional = pendingChanges == nil ? listChanges() : (changes: [], index: [], diagnostics: [])
        let blocks = Document.parseReading(bytes: bytes, lines: lines, marks: marks, rootMarks: rootMarks, bodyStart: bodyStart,
                                           decisions: Array(repeating: .accept, count: marks.count))
        self.blocks = blocks
        let sectionList = SectionBuilder.sections(in: blocks, sourceLength: bytes.count)
        sections = sectionList
        if let pendingChanges { provisional = (try? pendingChanges.value()) ?? listChanges() }
        self.diagnostics = (self.diagnostics + provisional.diagnostics).sorted { ($0.location, $0.severity) < ($1.location, $1.severity) }
        changeIndex = provisional.index
        // Changes and sections are both in source order: walk them together. A change is placed
        // by where its text starts: a section inserted whole (`{++⏎### D. …`) is in section D,
        // not in the one before it, where its delimiter stands.
        var markOf = Array(repeating: 0, count: provisional.changes.count)
        for (m, c) in provisional.index.enumerated() { if let c { markOf[c] = m } }
        var next = 0
        for i in provisional.changes.indices {
            let content = marks[markOf[i]].content
            let offset = bytes[content].firstIndex { !MarkupScanner.isWhitespace($0) } ?? provisional.changes[i].range.offsets.lowerBound
            while next < sectionList.count, sectionList[next].range.offsets.lowerBound <= offset { next += 1 }
            provisional.changes[i].section = next > 0 ? sectionList[next - 1].reference : nil
        }
        changes = provisional.changes
    }

    /// One reading (every mark accepted, or every mark rejected) parsed by cmark-gfm, with the
    /// blocks' source ranges mapped back through the resolver's offset runs to this file.
    static func parseReading(bytes: [UInt8], lines: LineIndex, marks: [Mark], rootMarks: [Int], bodyStart: Int,
                             decisions: [Decision?]) -> Block {
        let resolved = Resolver(bytes: bytes, marks: marks, rootMarks: rootMarks, bodyStart: bodyStart, decisions: decisions).run()
        let start = min(bodyStart, resolved.bytes.count)
        let bodyLines = LineIndex(resolved.bytes[start...])
        let emitter = resolved.emitter
        let blocks = CmarkConverter.parse(resolved.bytes, from: start) { sl, sc, el, ec in
            let from = emitter.sourceOffset(of: bodyStart + bodyLines.offset(of: SourceLocation(line: sl, column: sc)))
            let to = emitter.sourceOffset(of: bodyStart + bodyLines.offset(of: SourceLocation(line: el, column: ec + 1)))
            return lines.range(from..<max(from, to))
        }
        return labelFootnotes(blocks, bytes: bytes)
    }

    /// The original reading's blocks (every change rejected), with source ranges in this file.
    public var originalBlocks: Block {
        Document.parseReading(bytes: bytes, lines: lines, marks: marks, rootMarks: rootMarks, bodyStart: bodyStart,
                              decisions: Array(repeating: .reject, count: marks.count))
    }

    /// cmark-gfm 0.29 exposes neither a footnote definition's label nor its source position.
    /// It does put the definitions at the end of the document in the order of their first
    /// reference (dropping unreferenced ones), so the n-th definition has the n-th distinct label
    /// referenced.
    static func labelFootnotes(_ document: Block, bytes: [UInt8]) -> Block {
        let unlabelled = document.children.contains { block in
            if case .footnoteDefinition(let label) = block.kind { return label.isEmpty }
            return false
        }
        guard unlabelled else { return document }
        var labels: [String] = []
        var seen = Set<String>()
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .footnoteReference(let label):
                    if seen.insert(label.lowercased()).inserted { labels.append(label) }
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c):
                    collect(c)
                default: break
                }
            }
        }
        func walk(_ block: Block) {
            collect(block.inlines)
            block.children.forEach(walk)
        }
        walk(document)
        var document = document
        var n = 0
        for i in document.children.indices {
            guard case .footnoteDefinition(let label) = document.children[i].kind else { continue }
            if label.isEmpty, n < labels.count { document.children[i].kind = .footnoteDefinition(label: labels[n]) }
            n += 1
        }
        return document
    }

    /// Builds the public changes from the marks: texts, attribution, IDs and ordinals.
    private static func changes(marks: [Mark], bytes: [UInt8], lines: LineIndex, defaults: Attribution) -> (changes: [Change], index: [Int?], diagnostics: [Diagnostic]) {
        var changes: [Change] = []
        var index: [Int?] = Array(repeating: nil, count: marks.count)
        /// Hash → how many changes have had it (the second is `-2`, and so on).
        var seen: [UInt32: Int] = [:]
        seen.reserveCapacity(marks.count)
        var problems: [Diagnostic] = []
        // Explicit IDs first, so that a hashed ID never takes one of them.
        var explicitAt: [String: SourceLocation] = [:]
        for mark in marks where mark.owner == nil {
            guard let id = mark.explicitID else { continue }
            let here = lines.location(of: mark.range.lowerBound)
            if let first = explicitAt[id] {
                problems.append(Diagnostic(.error, at: here, "duplicate change ID '\(id)' (also at \(first))"))
            } else {
                explicitAt[id] = here
            }
        }
        var idOfMark: [String?] = Array(repeating: nil, count: marks.count)
        func text(_ range: Range<Int>, skipping children: [Int] = []) -> String {
            var result: [UInt8] = []
            var position = range.lowerBound
            // The text as accepting everything inside gives it: a nested insertion's words and a
            // nested substitution's new side (edits inside a moved passage), without nested
            // deletions and comments.
            for child in children {
                let mark = marks[child]
                // (Children lie inside the range and in order; a malformed nesting must not crash.)
                guard mark.range.lowerBound >= position, mark.range.upperBound <= range.upperBound else { continue }
                result.append(contentsOf: bytes[position..<mark.range.lowerBound])
                position = mark.range.upperBound
                switch mark.kind {
                case .insertion: result.append(contentsOf: bytes[mark.content])
                case .substitution: result.append(contentsOf: mark.newContent.map { bytes[$0] } ?? [])
                case .deletion, .comment, .highlight:
                    // No double space where a nested deletion is left out of the text.
                    if result.last == UInt8(ascii: " "), position < range.upperBound, bytes[position] == UInt8(ascii: " ") { position += 1 }
                }
            }
            result.append(contentsOf: bytes[min(position, range.upperBound)..<range.upperBound])
            return String(decoding: result, as: UTF8.self)
        }
        for (i, mark) in marks.enumerated() where mark.owner == nil {
            let content = text(mark.content, skipping: mark.children)
            var oldText = "", newText = ""
            switch mark.kind {
            case .insertion: newText = content
            case .deletion: oldText = content
            case .substitution:
                oldText = content
                newText = mark.newContent.map { text($0) } ?? ""
            case .highlight: oldText = content; newText = content
            case .comment: oldText = content
            }
            let attribution = mark.attribution.filling(from: defaults)
            let comments = mark.comments.map { c in
                Comment(text: text(marks[c].content), attribution: marks[c].attribution.filling(from: defaults), range: lines.range(marks[c].range))
            }
            let id: String
            if let explicit = mark.explicitID {
                id = explicit
            } else {
                var hash = ChangeID()
                hash.add(mark.kind.rawValue)
                hash.add(lineFeedNormalized: bytes[mark.content])
                hash.add(lineFeedNormalized: mark.newContent.map { bytes[$0] } ?? [])
                hash.add(attribution.author ?? "")
                hash.add(attribution.date ?? "")
                let base = ChangeID.hex(hash.value)
                var n = (seen[hash.value] ?? 0) + 1
                if !explicitAt.isEmpty {
                    while n == 1 ? explicitAt[base] != nil : explicitAt["\(base)-\(n)"] != nil { n += 1 }
                }
                seen[hash.value] = n
                id = n == 1 ? base : "\(base)-\(n)"
            }
            idOfMark[i] = id
            let end = mark.comments.last.map { marks[$0].range.upperBound } ?? mark.range.upperBound
            index[i] = changes.count
            changes.append(Change(
                id: id, ordinal: changes.count + 1, kind: mark.kind, style: mark.style, isBlock: mark.isBlock,
                attribution: attribution, oldText: oldText, newText: newText, comments: comments,
                range: lines.range(mark.range.lowerBound..<end),
                parentID: mark.parent.flatMap { idOfMark[$0] }, section: nil, move: mark.move, renumber: mark.renumber,
                isLayout: mark.isLayout(in: bytes)))
        }
        return (changes, index, problems)
    }

    /// The source written back: parsing and writing without resolving is the identity.
    public var text: String { source }

    /// True when lint found an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The change with this ID or ordinal.
    public func change(named name: String) -> Change? {
        changes.first { $0.id == name } ?? Int(name).flatMap { n in changes.first { $0.ordinal == n } }
    }
}
