/// A block of the accepted reading, as cmark-gfm parsed it, with its source range mapped back
/// to the policy source.
public struct Block: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case document
        case paragraph
        case heading(level: Int)
        case blockQuote
        /// `delimiter`: what follows an ordered item's number, `.` or `)` (as written; a change of
        /// delimiter starts a new list in Markdown).
        case list(ordered: Bool, start: Int, tight: Bool, delimiter: Character = ".")
        case item
        case codeBlock(info: String)
        case htmlBlock
        case thematicBreak
        case table(alignments: [Alignment])
        case tableRow(header: Bool)
        case tableCell
        case footnoteDefinition(label: String)
        case other(String)
    }

    /// A table column's alignment, from the delimiter row (`:--`, `:-:`, `--:`).
    public enum Alignment: Hashable, Sendable {
        case none, left, center, right
    }

    public var kind: Kind
    public var children: [Block]
    public var inlines: [Inline]
    public var range: SourceRange?
    /// In the redline reading: the block change that inserts or deletes this whole block.
    public var change: ChangeMarker?

    public init(kind: Kind, children: [Block] = [], inlines: [Inline] = [], range: SourceRange? = nil) {
        self.kind = kind
        self.children = children
        self.inlines = inlines
        self.range = range
    }

    /// The block's text content without Markdown syntax (for headings, titles and slugs).
    public var plainText: String {
        var text = ""
        appendPlainText(to: &text)
        return text
    }

    /// ``plainText`` appended to `text`: one string for a whole heading, not one per node.
    func appendPlainText(to text: inout String) {
        for inline in inlines { inline.appendPlainText(to: &text) }
        for (i, child) in children.enumerated() {
            if i > 0 { text += " " }
            child.appendPlainText(to: &text)
        }
    }
}

/// Inline content of a block.
///
/// Only the rare, large cases are boxed (`indirect`): the common ones (text, emphasis, breaks)
/// sit in their array as a string or an array reference, with no allocation of their own. A
/// long policy has hundreds of thousands of inlines.
public enum Inline: Hashable, Sendable {
    case text(String)
    case code(String)
    case softBreak
    case lineBreak
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    indirect case link(destination: String, title: String, [Inline])
    indirect case image(source: String, title: String, [Inline])
    case footnoteReference(String)
    /// In the redline reading: where a change's text starts and ends. Milestones rather than
    /// containers, because a change may cross emphasis, links and line breaks; a renderer closes
    /// and reopens its element at each container boundary, so its output always nests.
    indirect case changeStart(ChangeMarker)
    indirect case changeEnd(ChangeMarker)
    /// In the redline reading: where a comment stands (the ID of the change it annotates, or of
    /// the free-standing comment itself).
    case comment(id: String)

    public var plainText: String {
        var text = ""
        appendPlainText(to: &text)
        return text
    }

    func appendPlainText(to text: inout String) {
        switch self {
        case .text(let s), .code(let s): text += s
        case .softBreak, .lineBreak: text += " "
        case .html, .footnoteReference, .changeStart, .changeEnd, .comment: break
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c):
            for inline in c { inline.appendPlainText(to: &text) }
        }
    }
}

/// Ties a span of the redline reading to its ``Change``: which change, and which side of it.
public struct ChangeMarker: Hashable, Sendable {
    public enum Role: String, Sendable {
        case inserted, deleted, highlighted
    }

    public var id: String
    public var role: Role

    public init(id: String, role: Role) {
        self.id = id
        self.role = role
    }
}
