/// A section of a policy: a heading and everything up to the next heading of the same or a
/// higher level.
public struct Section: Hashable, Sendable {
    public var level: Int
    /// The numbering label as written ("II.", "A.", "1)"), if the heading starts with one.
    public var label: String?
    /// The heading text in the accepted reading, label included.
    public var title: String
    /// Stable anchor: from the labels of the section and its ancestors, else from the title.
    public var anchor: String
    /// The heading's source range.
    public var range: SourceRange
    /// Byte offsets the section covers in the source (heading through the end of its last child).
    public var extent: Range<Int>

    public var reference: SectionReference { SectionReference(anchor: anchor, title: title) }
}
