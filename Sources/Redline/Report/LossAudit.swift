/// The check behind Redline's promise of no silent loss: every byte of a source is in the
/// accepted reading, in the rejected reading, or is revision markup (a mark's delimiters and
/// attribution, or a comment, which the change list and the redline carry). Text struck inside an
/// insertion (`{++new {--struck--} text++}`) is in neither by design: it is in the reading that
/// keeps every insertion and every deletion, as the redline shows it. A list, heading or quote
/// marker left with nothing but a mark goes with its line. ASCII white space is left out: the
/// resolver tidies it ("Staff report" for "Staff {--may--} report").
///
/// In the library, not the tests, so that the fuzz targets check it on every input they make
/// (`NoSilentLossTests` checks it on every real source, and on generated and hostile ones).
public enum LossAudit {
    /// The offsets of `document`'s source that no reading and no mark accounts for.
    public static func unaccounted(_ document: Document, readings: [Decision] = [.accept, .reject], shown: Bool = true) -> [Int] {
        let bytes = document.bytes
        var covered = [Bool](repeating: false, count: bytes.count)
        for offset in 0..<min(document.bodyStart, bytes.count) { covered[offset] = true }  // front matter, kept as written
        var decisionSets = readings.map { Array(repeating: $0, count: document.marks.count) }
        if shown {
            // Every insertion kept and every deletion too; substitutions one way, then the other.
            for substitution in [Decision.reject, .accept] {
                decisionSets.append(document.marks.map { $0.kind == .deletion ? .reject : $0.kind == .substitution ? substitution : .accept })
            }
        }
        for decisions in decisionSets {
            let resolved = Resolver(bytes: bytes, marks: document.marks, rootMarks: document.rootMarks, bodyStart: document.bodyStart,
                                    decisions: decisions).run()
            for (offset, byte) in resolved.bytes.enumerated() {
                let source = resolved.emitter.sourceOffset(of: offset)
                if source < bytes.count, bytes[source] == byte { covered[source] = true }
            }
        }
        for mark in document.marks {
            // The syntax: all of the mark but its texts; a comment's text is in the change list.
            var texts: [Range<Int>] = mark.kind == .comment ? [] : [mark.content]
            if let new = mark.newContent { texts.append(new) }
            for offset in mark.range where !texts.contains(where: { $0.contains(offset) }) { covered[offset] = true }
            // A list or heading marker left with nothing but this mark goes with its line (the
            // resolver's tidy of a line a mark empties): `- {>>note<<}`.
            var start = mark.range.lowerBound
            while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
            var end = mark.range.upperBound
            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
            let prefix = bytes[start..<mark.range.lowerBound]
            if end == bytes.count || bytes[end] == 0x0A || bytes[end] == 0x0D,
               prefix.allSatisfy({ [0x20, 0x09, 0x2D, 0x2A, 0x2B, 0x23, 0x2E, 0x29, 0x3E].contains($0) || ($0 >= 0x30 && $0 <= 0x39) }) {
                for offset in prefix.indices { covered[offset] = true }
            }
        }
        // ASCII white space is the resolver's to tidy ("Staff  report", the line break of a line
        // a mark empties, a highlight of a space): only the text is checked.
        return covered.indices.filter { !covered[$0] && ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[$0]) }
    }

}
