extension Document {
    /// The text with every selected change accepted or rejected and everything else as it was.
    public func resolving(_ selection: ChangeSelection, as decision: Decision) -> String {
        var decisions: [Decision?] = Array(repeating: nil, count: marks.count)
        let within = selection.section.map { anchor in
            Set(sections.filter { s in sections.contains { $0.anchor == anchor && $0.extent.contains(s.range.offsets.lowerBound) } }.map(\.anchor))
        } ?? []
        for (mark, index) in changeIndex.enumerated() {
            guard let index else { continue }
            if selection.isAll || selection.matches(changes[index], sectionsWithin: within) {
                decisions[mark] = decision
            }
        }
        return resolve(decisions)
    }

    /// Every change accepted: the proposed text.
    public var accepted: String { resolving(.all, as: .accept) }
    /// Every change rejected: the original text.
    public var rejected: String { resolving(.all, as: .reject) }

    private func resolve(_ decisions: [Decision?]) -> String {
        var resolver = Resolver(bytes: bytes, marks: marks, rootMarks: rootMarks, bodyStart: bodyStart, decisions: decisions)
        let first = String(decoding: resolver.run().bytes, as: UTF8.self)
        guard decisions.contains(where: { $0 == nil }), decisions.contains(where: { $0 != nil }) else { return first }
        // Keep the IDs of the changes that remain: pin any whose ID the resolving changed.
        // Pinning a nested change alters its parent's text, so repeat until nothing moves.
        let survivors = marks.indices.filter { i in
            guard changeIndex[i] != nil, decisions[i] == nil else { return false }
            var parent = marks[i].parent
            while let p = parent {
                if decisions[p] == .reject { return false }
                parent = marks[p].parent
            }
            return true
        }
        var text = first
        for _ in 0..<4 {
            let after = Document(parsing: text)
            guard survivors.count == after.changes.count else { return text }
            var changed = false
            for (mark, change) in zip(survivors, after.changes) {
                let old = changes[changeIndex[mark]!].id
                if change.id != old, resolver.pins[mark] == nil {
                    resolver.pins[mark] = old
                    changed = true
                }
            }
            guard changed else { return text }
            text = String(decoding: resolver.run().bytes, as: UTF8.self)
        }
        return text
    }
}

extension Document {
    /// Every change rejected (or accepted), with where each byte of that reading came from in
    /// this file: `policy verify` reports an untracked edit at its place in the draft.
    public func reading(_ decision: Decision) -> (text: String, sourceLocation: (Int) -> SourceLocation) {
        let resolved = Resolver(bytes: bytes, marks: marks, rootMarks: rootMarks, bodyStart: bodyStart,
                                decisions: Array(repeating: decision, count: marks.count)).run()
        let emitter = resolved.emitter
        let lines = self.lines
        return (String(decoding: resolved.bytes, as: UTF8.self), { lines.location(of: emitter.sourceOffset(of: $0)) })
    }
}

extension Document {
    /// The revision-markup errors in a piece of text (no front matter), from the scanner alone:
    /// how the Word importer checks each paragraph it writes.
    public static func markupErrors(in text: String) -> [Diagnostic] {
        let bytes = Array(text.utf8)
        return MarkupScanner.scan(bytes: bytes, start: 0, lines: LineIndex(bytes)).diagnostics.filter { $0.severity == .error }
    }

    /// Both readings of a text and its markup errors, from the scanner and the resolver alone
    /// (no Markdown parse): how `policy diff` checks each piece of the redline it writes.
    static func readings(of bytes: [UInt8]) -> (accepted: [UInt8], rejected: [UInt8], errors: [Diagnostic]) {
        let lines = LineIndex(bytes)
        let bodyStart = FrontMatterReader.length(of: bytes)
        let scan = MarkupScanner.scan(bytes: bytes, start: bodyStart, lines: lines)
        let roots = scan.marks.indices.filter { scan.marks[$0].parent == nil }
        @Sendable func resolve(_ decision: Decision) -> [UInt8] {
            Resolver(bytes: bytes, marks: scan.marks, rootMarks: roots, bodyStart: bodyStart,
                     decisions: Array(repeating: decision, count: scan.marks.count)).run().bytes
        }
        let errors = scan.diagnostics.filter { $0.severity == .error }.sorted { $0.location < $1.location }
        // The two readings are independent: on large texts (the diff checks every redline it
        // writes) they are resolved on two cores.
        guard bytes.count > 1 << 16 else { return (resolve(.accept), resolve(.reject), errors) }
        let readings = ParallelSlots<[UInt8]>(count: 2)
        ParallelSlots<[UInt8]>.run(count: 2) { k in readings[k] = resolve(k == 0 ? .accept : .reject) }
        return (readings[0]!, readings[1]!, errors)
    }
}

extension Document {
    /// Whether a text holds revision markup: marks, or markup errors (a stray `--}`, an unclosed
    /// `{++`): the scanner alone, so a plain draft handed to `policy diff` is not parsed as
    /// Markdown just to learn it has none. A text with errors is no plain text either: its
    /// stray delimiters could never stand in a redline, and the errors say what to fix.
    public static func containsRevisionMarkup(_ text: String) -> Bool {
        containsRevisionMarkup(utf8: Array(text.utf8))
    }

    /// ``containsRevisionMarkup(_:)`` of a text given as UTF-8.
    public static func containsRevisionMarkup(utf8 bytes: [UInt8]) -> Bool {
        // Every mark opens with `{` and a doubled sign, or is shorthand `~~` / `++`, and every
        // closer is a doubled sign and `}`: a text with none of those is settled in one quick pass.
        let mayHaveMarks = bytes.withUnsafeBufferPointer { b in
            // Each sign found by memchr (vectorized; those signs are rare in prose), then its
            // neighbours checked: a byte-by-byte loop was a twentieth of a comparison's time.
            func any(_ sign: UInt8, _ marks: (Int) -> Bool) -> Bool {
                var i = 0
                while let at = b.offset(of: sign, from: i) {
                    if marks(at) { return true }
                    i = at + 1
                }
                return false
            }
            return any(UInt8(ascii: "~")) { $0 + 1 < b.count && b[$0 + 1] == UInt8(ascii: "~") }
                || any(UInt8(ascii: "+")) { $0 + 1 < b.count && b[$0 + 1] == UInt8(ascii: "+") }
                || any(UInt8(ascii: "{")) { $0 + 2 < b.count && MarkupScanner.openerKind(b[$0 + 1], b[$0 + 2]) != nil }
                || any(UInt8(ascii: "}")) { $0 >= 2 && b[$0 - 2] == b[$0 - 1] && MarkupScanner.closerKind(b[$0 - 1], b[$0 - 1]) != nil }
        }
        guard mayHaveMarks else { return false }
        let scan = MarkupScanner.scan(bytes: bytes, start: FrontMatterReader.length(of: bytes), lines: LineIndex(bytes))
        return !scan.marks.isEmpty || scan.diagnostics.contains { $0.severity == .error }
    }
}
