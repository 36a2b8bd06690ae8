import Foundation

/// A comparison as JSON (every difference with its section, positions in both files, kind and
/// texts) or as a per-section word count like `git diff --stat`.
public enum ComparisonReport {
    /// The markup read back as a document: its sections name where each difference stands.
    public static func json(_ comparison: Comparison, markup document: Document, oldName: String, newName: String) -> String {
        let oldLines = LineIndex(comparison.oldBytes), newLines = LineIndex(comparison.newBytes)
        let sections = sectionOfEach(comparison, document)
        let structural = structuralOfEach(comparison, document)
        var items: [JSONDifference] = []
        for ((difference, section), structure) in zip(zip(comparison.differences, sections), structural) {
            items.append(JSONDifference(
                kind: structure ? "structure" : difference.kind.rawValue,
                old: side(difference.oldRange, difference.oldText, oldLines),
                new: side(difference.newRange, difference.newText, newLines),
                oldWords: difference.oldWords, newWords: difference.newWords,
                section: section.map { JSONSection(anchor: $0.anchor, title: $0.title) },
                move: difference.move.map { "m\($0)" }, renumber: difference.renumber.map { "r\($0)" }))
        }
        let root = JSONComparison(old: oldName, new: newName, identical: comparison.isIdentical,
                                  frontMatterDiffers: comparison.frontMatterDiffers, differences: items)
        // Codable with JSONEncoder: JSONSerialization sorts each object's keys with ICU
        // collation, and took a tenth of a site build.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(root)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct JSONComparison: Encodable {
        var old: String, new: String, identical: Bool, frontMatterDiffers: Bool
        var differences: [JSONDifference]
    }

    private struct JSONDifference: Encodable {
        var kind: String
        var old: JSONSide, new: JSONSide
        var oldWords: Int, newWords: Int
        var section: JSONSection?
        var move: String?, renumber: String?
    }

    private struct JSONSide: Encodable { var start: String, end: String, text: String }
    private struct JSONSection: Encodable { var anchor: String, title: String }

    private static func side(_ range: Range<Int>, _ text: String, _ lines: LineIndex) -> JSONSide {
        let start = lines.location(of: range.lowerBound), end = lines.location(of: range.upperBound)
        return JSONSide(start: "\(start.line):\(start.column)", end: "\(end.line):\(end.column)", text: text)
    }

    /// What the redline's header lists: the front matter's changed fields, and line endings
    /// converted when that is all that changed in the text (the editions show no layout
    /// change, and the redline would say "no changes" of texts that differ).
    public static func headerChanges(_ comparison: Comparison) -> [Comparison.FrontMatterChange] {
        var changes = comparison.frontMatterChanges
        if let (crlf, _) = comparison.lineEndingsConverted, !changes.contains(where: { $0.key == "line endings" }) {
            changes.append(Comparison.FrontMatterChange(key: "line endings", old: crlf ? "LF" : "CRLF", new: crlf ? "CRLF" : "LF"))
        }
        return changes
    }

    /// The front matter's changed fields, for the top of the text redline (the markup carries
    /// NEW's front matter, which holds no revision marks).
    public static func frontMatterLines(_ changes: [Comparison.FrontMatterChange]) -> String {
        guard !changes.isEmpty else { return "" }
        func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: "⏎") }
        var text = "Changed outside the text:\n"
        for change in changes {
            text += "  \(change.key): " + (change.old.map { "[-\(oneLine($0))-]" } ?? "")
                + (change.old != nil && change.new != nil ? " " : "") + (change.new.map { "{+\(oneLine($0))+}" } ?? "") + "\n"
        }
        return text + "\n"
    }


    /// Whether each difference is white space that changes the structure (a paragraph split or
    /// joined, a block made or unmade by a line break), as the editions decide it
    /// (``Change/isLayout``): they show it with a sign, so it is no layout-only change here
    /// either.
    public static func structuralOfEach(_ comparison: Comparison, _ document: Document) -> [Bool] {
        var layoutAt: [Int: Bool] = [:]
        for change in document.changes { layoutAt[change.range.offsets.lowerBound] = change.isLayout }
        return comparison.differences.map { $0.kind == .layout && layoutAt[$0.markupRange.lowerBound] == false }
    }

    /// Each difference's section: the section of the markup's change it was written as,
    /// which the document places where the change's text starts (past its opener, its
    /// attribution and the blank lines it starts with), so an inserted section counts in
    /// itself, not in the one before it.
    ///
    /// A section deleted whole is no section of the clean text, where the document's changes
    /// are placed: a deletion in a section whose heading is gone from the clean text (the
    /// heading's or what followed it) counts in that section, as the redline page shows it
    /// (it was credited to the section before it).
    static func sectionOfEach(_ comparison: Comparison, _ document: Document) -> [SectionReference?] {
        var sectionAt: [Int: SectionReference] = [:]
        for change in document.changes { sectionAt[change.range.offsets.lowerBound] = change.section }
        // (The redline page is laid out only when a deletion holds a heading's line.)
        func holdsHeading(_ text: String) -> Bool {
            text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in
                let trimmed = line.drop { $0 == " " }
                return trimmed.hasPrefix("#") || (!trimmed.isEmpty && trimmed.allSatisfy { $0 == "=" || $0 == "-" || $0 == " " || $0 == "\r" })
            }
        }
        let deletedHeadings = comparison.differences.contains { ($0.kind == .deletion || $0.kind == .movedFrom) && holdsHeading($0.oldText) }
            ? Self.deletedHeadings(document) : []
        let bytes = comparison.markupBytes
        return comparison.differences.map { difference in
            guard !deletedHeadings.isEmpty, difference.kind == .deletion || difference.kind == .movedFrom else { return sectionAt[difference.markupRange.lowerBound] }
            // Where the deleted text starts: past the opener, an attribution and white space.
            var i = min(difference.markupRange.lowerBound + 3, difference.markupRange.upperBound)
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "\""),
               let at = (i..<(difference.markupRange.upperBound - 1)).first(where: { bytes[$0] == UInt8(ascii: "@") && bytes[$0 + 1] == UInt8(ascii: "@") }) {
                i = at + 2
            }
            while i < difference.markupRange.upperBound, MarkupScanner.isWhitespace(bytes[i]) { i += 1 }
            // The last heading of the redline page at or before it, if the clean text lost it.
            var low = 0, high = deletedHeadings.count
            while low < high {
                let mid = (low + high) / 2
                if deletedHeadings[mid].start <= i { low = mid + 1 } else { high = mid }
            }
            return (low > 0 ? deletedHeadings[low - 1].section : nil) ?? sectionAt[difference.markupRange.lowerBound]
        }
    }

    /// The redline page's headings in the order they start in the markup, with their section
    /// when the clean text lost it (nil for the others).
    private static func deletedHeadings(_ document: Document) -> [(start: Int, section: SectionReference?)] {
        let redline = Edition(document: document, view: .redline)
        let clean = Set(document.sections.map(\.anchor))
        guard redline.headings.contains(where: { !clean.contains($0.anchor) }) else { return [] }
        return redline.headings.compactMap { heading in
            redline.root.children[heading.blockIndex].range.map { range in
                (range.offsets.lowerBound, clean.contains(heading.anchor) ? nil : SectionReference(anchor: heading.anchor, title: heading.title))
            }
        }.sorted { $0.start < $1.start }
    }

    /// Words inserted, deleted, moved and changed per section, then the totals.
    public static func stat(_ comparison: Comparison, markup document: Document) -> String {
        struct Count { var inserted = 0, deleted = 0, moved = 0, movedAway = 0, substituted = 0, layout = 0, structure = 0, signs = 0 }
        var order: [String] = []
        var counts: [String: Count] = [:]
        var renumbered: [Int: Int] = [:]
        var titles: [String: String] = [:]
        let structural = structuralOfEach(comparison, document)
        for ((difference, section), structure) in zip(zip(comparison.differences, sectionOfEach(comparison, document)), structural) {
            if let renumber = difference.renumber {
                // A renumbering is one change, counted apart from the words.
                renumbered[renumber, default: 0] += 1
                continue
            }
            // Rows are sections (by anchor and title: two sections may share a title), shown by
            // title.
            let name = section.map { $0.anchor + "\u{0}" + $0.title } ?? ""
            if counts[name] == nil { order.append(name); counts[name] = Count(); titles[name] = section.map { $0.title.isEmpty ? "#\($0.anchor)" : $0.title } ?? "(before the first heading)" }
            if difference.move != nil, difference.kind != .movedTo, difference.kind != .movedFrom {
                // An edit inside a moved block: its new words were counted as moved with the
                // block; they are inserted, not moved.
                counts[name]!.moved -= difference.newWords
            }
            // A change of punctuation or symbols only (`controlled substances{--,--} or`, a
            // heading's `#`) holds no word; counted apart, so no summary says nothing changed.
            let wordless = [.insertion, .deletion, .substitution].contains(difference.kind) && difference.oldWords == 0 && difference.newWords == 0
            if wordless { counts[name]!.signs += 1 }
            switch difference.kind {
            case .insertion: counts[name]!.inserted += difference.newWords
            case .deletion: counts[name]!.deleted += difference.oldWords
            case .substitution:
                counts[name]!.inserted += difference.newWords
                counts[name]!.deleted += difference.oldWords
                // (One of punctuation only is counted as that, not as a substitution too.)
                if !wordless { counts[name]!.substituted += 1 }
            case .movedTo: counts[name]!.moved += difference.newWords
            // Where moved text left: the section lost it, so it changed too.
            case .movedFrom: counts[name]!.movedAway += difference.oldWords
            case .layout:
                if structure { counts[name]!.structure += 1 } else { counts[name]!.layout += 1 }
            }
        }
        let width = min(48, order.map { titles[$0]!.count }.max() ?? 0)
        var lines: [String] = []
        var total = Count()
        for name in order {
            let c = counts[name]!
            total.inserted += c.inserted; total.deleted += c.deleted; total.moved += c.moved
            total.substituted += c.substituted; total.layout += c.layout; total.structure += c.structure; total.signs += c.signs
            guard c.inserted + c.deleted + c.moved + c.movedAway > 0 || c.layout > 0 || c.structure > 0 || c.signs > 0 else { continue }
            let title = titles[name]!
            let shown = title.count > width ? String(title.prefix(width - 1)) + "…" : title.padding(toLength: width, withPad: " ", startingAt: 0)
            var parts = ["+\(c.inserted)", "-\(c.deleted)"]
            if c.moved > 0 { parts.append("moved \(c.moved)") }
            if c.movedAway > 0 { parts.append("moved away \(c.movedAway)") }
            if c.signs > 0 { parts.append("punctuation \(c.signs)") }
            if c.structure > 0 { parts.append("breaks \(c.structure)") }
            if c.layout > 0 { parts.append("layout \(c.layout)") }
            let bar = String(repeating: "+", count: min(30, c.inserted)) + String(repeating: "-", count: min(30, c.deleted))
            lines.append(" \(shown) | \(parts.joined(separator: " ")) \(bar)")
        }
        let sections = lines.count
        var summary = " \(sections) section\(sections == 1 ? "" : "s") changed: \(total.inserted) word\(total.inserted == 1 ? "" : "s") inserted, \(total.deleted) deleted"
        summary += ", \(total.moved) moved, \(total.substituted) substitution\(total.substituted == 1 ? "" : "s")"
        if !renumbered.isEmpty {
            let labels = renumbered.values.reduce(0, +)
            summary += ", \(renumbered.count) renumbering\(renumbered.count == 1 ? "" : "s") (\(labels) label\(labels == 1 ? "" : "s"))"
        }
        if total.signs > 0 { summary += ", \(total.signs) punctuation or symbol change\(total.signs == 1 ? "" : "s")" }
        if total.structure > 0 { summary += ", \(total.structure) paragraph or line break\(total.structure == 1 ? "" : "s") made or removed" }
        if total.layout > 0 { summary += ", \(total.layout) layout-only" }
        if comparison.frontMatterDiffers { summary += "; the front matter differs" }
        return (lines + [summary]).joined(separator: "\n") + "\n"
    }
}
