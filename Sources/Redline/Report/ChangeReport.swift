import Foundation

/// The list of a document's changes as a text table, JSON or CSV (`policy changes`).
public enum ChangeReport {
    public enum Format: String, CaseIterable, Sendable {
        case text, json, csv
    }

    public static func render(_ document: Document, format: Format) -> String {
        switch format {
        case .text: text(document)
        case .json: json(document)
        case .csv: csv(document)
        }
    }

    /// What a reader sees of a change in one line: `old → new` for a substitution.
    public static func summary(_ change: Change) -> String {
        switch change.kind {
        case .insertion: change.newText
        case .deletion, .comment: change.oldText
        case .substitution: "\(change.oldText) → \(change.newText)"
        case .highlight: change.oldText
        }
    }

    private static func oneLine(_ s: String, limit: Int) -> String {
        var flat = s.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
        flat = flat.replacingOccurrences(of: "\t", with: " ")
        if flat.count > limit { flat = String(flat.prefix(limit - 1)) + "…" }
        return flat
    }

    private static func text(_ document: Document) -> String {
        let header = ["#", "ID", "KIND", "SECTION", "AUTHOR", "DATE", "TEXT"]
        var rows = [header]
        for change in document.changes {
            var text = oneLine(summary(change), limit: 60)
            if let comment = change.comments.first { text += "  [>>" + oneLine(comment.text, limit: 40) + "<<]" }
            rows.append([
                String(change.ordinal), change.id, kindLabel(change), change.section?.anchor ?? "-",
                change.attribution.author ?? "-", change.attribution.date ?? "-", text,
            ])
        }
        var widths = Array(repeating: 0, count: header.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out + countSummary(document.changes) + "\n"
    }

    /// "12 changes: 3 insertions, 2 deletions, …" (kinds in a fixed order, absent kinds left out).
    /// The label substitutions of one renumbering count as one renumbering.
    public static func countSummary(_ changes: [Change]) -> String {
        // The two halves of a move are one move; the labels of one renumbering, one renumbering.
        let single = changes.filter { $0.renumber == nil && $0.move == nil }
        let moves = Set(changes.compactMap(\.move)).count
        let renumberings = Set(changes.compactMap(\.renumber)).count
        let counts = Dictionary(grouping: single, by: \.kind).mapValues(\.count)
        var parts = moves > 0 ? ["\(moves) \(moves == 1 ? "move" : "moves")"] : []
        parts += Change.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.noun($0))" } }
        if renumberings > 0 { parts.append("\(renumberings) \(renumberings == 1 ? "renumbering" : "renumberings")") }
        let total = single.count + moves + renumberings
        return "\(total) \(total == 1 ? "change" : "changes")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    private static func kindLabel(_ change: Change) -> String {
        var label = change.kind.rawValue
        if change.isBlock { label += " (block)" } else if change.isLayout { label += " (layout)" } else if change.isParagraphMark { label += " (¶)" }
        if let move = change.move { label += " (moved \(move))" }
        if change.parentID != nil { label = "  " + label }
        return label
    }

    struct Row: Encodable {
        var ordinal: Int
        var id: String
        var kind: String
        var block: Bool
        var style: String
        var section: String?
        var sectionTitle: String?
        var author: String?
        var date: String?
        var old: String
        var new: String
        var comments: [Comment]
        var parent: String?
        var start: String
        var end: String
    }

    private static func rows(_ document: Document) -> [Row] {
        document.changes.map { c in
            Row(ordinal: c.ordinal, id: c.id, kind: c.kind.rawValue, block: c.isBlock, style: c.style.rawValue,
                section: c.section?.anchor, sectionTitle: c.section?.title, author: c.attribution.author,
                date: c.attribution.date, old: c.oldText, new: c.newText, comments: c.comments, parent: c.parentID,
                start: c.range.start.description, end: c.range.end.description)
        }
    }

    private static func json(_ document: Document) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(rows(document))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func csv(_ document: Document) -> String {
        func field(_ s: String?) -> String {
            let s = s ?? ""
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "ordinal,id,kind,section,author,date,old,new,comment,start\r\n"
        for r in rows(document) {
            out += [String(r.ordinal), r.id, r.kind, r.section, r.author, r.date, r.old, r.new,
                    r.comments.map(\.text).joined(separator: "\n"), r.start].map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
