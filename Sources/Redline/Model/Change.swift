/// One tracked change: an attributed container of old and/or new text.
///
/// Changes are first-class, like pandoc's insertion and deletion spans and Word's `w:ins`/`w:del`,
/// not strike-through styling. A change knows where it stands in the source, which section it is
/// in, and its stable ID, so a reviewer can accept or reject it by name.
public struct Change: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case insertion, deletion, substitution, highlight, comment
    }

    /// How the change is written: CriticMarkup (`{++x++}`) or the strike/insert shorthand (`++x++`).
    public enum Style: String, Sendable, Codable {
        case criticMarkup = "critic", shorthand
    }

    /// Stable across edits elsewhere and across resolving other changes (see docs/markup.md §9).
    public var id: String
    /// 1, 2, 3… in source order, for people.
    public var ordinal: Int
    public var kind: Kind
    public var style: Style
    /// The delimiters stand on their own lines: the change covers whole blocks.
    public var isBlock: Bool
    /// The change's own attribution with the file-wide defaults filled in.
    public var attribution: Attribution
    /// The text the rejected reading has here (deletion, substitution's old side, highlighted text).
    public var oldText: String
    /// The text the accepted reading has here (insertion, substitution's new side, highlighted text).
    public var newText: String
    /// Comments attached to the change (written directly after it); a reply thread in order.
    public var comments: [Comment]
    /// The whole mark, delimiters and attached comments included.
    public var range: SourceRange
    /// The insertion this change is nested in, if any.
    public var parentID: String?
    /// The anchor and title of the section the change stands in (nil before the first heading).
    public var section: SectionReference?
    /// Set on both halves of a moved block (a deletion and an insertion) to the same value.
    public var move: String? = nil
    /// Set on every label substitution of one renumbering (headings renumbered after a section
    /// was inserted or removed) to the same value: one change to a reader, however many labels.
    public var renumber: String? = nil

    /// A change of layout only (a re-wrapped line, an extra blank line between blocks, as
    /// `policy diff` writes them): kept so that both readings come back exactly, shown as
    /// nothing in the editions and left out of their summaries.
    public var isLayout = false

    /// True for a change whose content is only a paragraph break (`{++⏎⏎++}`, `{--⏎⏎--}`).
    public var isParagraphMark: Bool {
        (kind == .insertion || kind == .deletion)
            && (oldText + newText).allSatisfy(\.isWhitespace) && (oldText + newText).contains("\n")
    }
}

/// A comment: on a change, or standing alone in the text.
public struct Comment: Hashable, Sendable, Codable {
    public var text: String
    public var attribution: Attribution
    public var range: SourceRange

    public init(text: String, attribution: Attribution, range: SourceRange) {
        self.text = text
        self.attribution = attribution
        self.range = range
    }

    private enum CodingKeys: String, CodingKey { case text, attribution }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        attribution = try c.decode(Attribution.self, forKey: .attribution)
        range = SourceRange(offsets: 0..<0, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(attribution, forKey: .attribution)
    }
}

/// Names a section from elsewhere: its stable anchor and its accepted title.
public struct SectionReference: Hashable, Sendable {
    public var anchor: String
    public var title: String
}

extension Change.Kind {
    /// "insertion" or "insertions", for counts in reports and summaries.
    public func noun(_ count: Int) -> String {
        count == 1 ? rawValue : rawValue + "s"
    }
}

extension Change {
    /// What a reader sees beside the change: a free-standing comment's own text followed by its
    /// replies, or the comments attached to a change.
    public var commentThread: [Comment] {
        kind == .comment ? [Comment(text: oldText, attribution: attribution, range: range)] + comments : comments
    }
}
