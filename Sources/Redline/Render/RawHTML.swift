/// What a piece of raw HTML in a source becomes in an edition. Raw HTML is never copied to a
/// page: an HTML comment is an author's note and is left out (as every Markdown renderer does),
/// a bare line break tag is a line break, and anything else is shown as the literal text it is,
/// so nothing is lost and nothing runs.
public enum RawHTML: Equatable, Sendable {
    case comment
    case lineBreak
    case literal(String)

    public init(_ html: String) {
        let trimmed = html.trimmingWhitespace
        let lower = trimmed.lowercased()
        if lower.hasPrefix("<!--"), lower.hasSuffix("-->"), !lower.dropFirst(4).dropLast(3).contains("-->") {
            self = .comment
        } else if lower.hasPrefix("<br"), lower.hasSuffix(">"),
                  lower.dropFirst(3).dropLast().allSatisfy({ $0 == " " || $0 == "\t" || $0 == "/" }),
                  lower.filter({ $0 == "/" }).count <= 1 {
            // `<br>`, `<br/>`, `<br />`, `<br >`: a line break however it is spaced.
            self = .lineBreak
        } else {
            self = .literal(html)
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
