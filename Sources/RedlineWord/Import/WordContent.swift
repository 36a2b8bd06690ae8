/// A Word document's body as `policy import` reads it, before it is written as Markdown: the
/// paragraphs and tables with their text, formatting and revisions, and the comments and
/// footnotes they refer to.
struct WordContent {
    var body: [WordBlock] = []
    /// Footnote ID → its paragraphs, in the order the body first refers to them.
    var footnotes: [String: [WordBlock]] = [:]
    var comments: [String: WordCommentEntry] = [:]
    /// Comment ID → the IDs of its replies, in order.
    var replies: [String: [String]] = [:]
}

/// A revision around text, or on a paragraph mark or table row, as Word recorded it.
struct WordChange: Hashable {
    enum Kind: String { case insertion, deletion }
    var kind: Kind
    var author: String?
    var date: String?
    /// The move name (`w:name` on the move's range), for `w:moveFrom`/`w:moveTo`.
    var move: String?
}

struct WordFormat: Hashable {
    var bold = false, italic = false, strike = false, code = false
    /// The link target: a URL, or `#anchor` for a bookmark in the document.
    var link: String?
}

/// A piece of a paragraph, in order.
enum WordPiece: Equatable {
    /// Text with its formatting, inside these revisions (outermost first).
    case text(String, WordFormat, [WordChange])
    case lineBreak([WordChange])
    case footnote(String, [WordChange])
    case commentStart(String)
    case commentEnd(String)
    case commentReference(String)

    var changes: [WordChange] {
        switch self {
        case .text(_, _, let c), .lineBreak(let c), .footnote(_, let c): c
        case .commentStart, .commentEnd, .commentReference: []
        }
    }

    /// The piece with its revisions as the markup can nest them: one insertion, one deletion,
    /// or a deletion inside an insertion (text inserted, then deleted). Word writes nothing
    /// deeper, but a damaged or hand-made file can (a deletion inside a deletion): the outer
    /// revision of each kind stands for the rest, and the text keeps its place in both readings.
    var nestable: WordPiece {
        guard changes.count > 1 else { return self }
        return withChanges([changes.first { $0.kind == .insertion }, changes.first { $0.kind == .deletion }].compactMap { $0 })
    }

    /// The same piece inside these revisions instead (comment marks have none).
    func withChanges(_ changes: [WordChange]) -> WordPiece {
        switch self {
        case .text(let t, let f, _): .text(t, f, changes)
        case .lineBreak: .lineBreak(changes)
        case .footnote(let id, _): .footnote(id, changes)
        case .commentStart, .commentEnd, .commentReference: self
        }
    }

    var isComment: Bool {
        switch self {
        case .commentStart, .commentEnd, .commentReference: true
        default: false
        }
    }
}

struct WordParagraph {
    enum Role: Equatable {
        case paragraph
        case heading(Int)
        /// A numbered or bulleted paragraph: its level and the marker Markdown can write
        /// (`-`, `1.`, `1)`), or nil when Word's label (`II.`, `A.`) cannot be a Markdown list
        /// marker and is written as text instead.
        case listItem(level: Int, marker: String?)
        /// A further paragraph of the list item before it.
        case listContinuation
        case code
        case quote
        case thematicBreak
        /// A Title, Subtitle, Author or Date paragraph: front matter when it has no revision.
        case metadata(String)
    }

    var role: Role = .paragraph
    /// A list item that is a heading (`- #### Title`): the heading's level.
    var itemHeading: Int?
    /// A list item's list (Word's numbering instance): two lists side by side stay two.
    var listID: String?
    /// A further paragraph of a list item: how deep its item is (1 for a top-level item), from
    /// its indentation, when it has one of its own.
    var continuationDepth: Int?
    /// A heading whose level is a tracked change of its style (`w:pPrChange`): the level it
    /// had, and the revision.
    var levelChange: (level: Int, change: WordChange)?
    /// Word's own list label for this paragraph when it is written as text (`II.`, `A.`).
    var label: String?
    var pieces: [WordPiece] = []
    /// The revision of the paragraph mark: a paragraph inserted or deleted, split or joined.
    var mark: WordChange?
    var alignment: String?

    /// The revision every piece of text is in, when all are in the same one.
    var wholeChange: WordChange? {
        let content = pieces.filter { !$0.isComment }
        guard let first = content.first?.changes.first else { return nil }
        return content.allSatisfy({ $0.changes.first == first }) ? first : nil
    }
}

struct WordTable {
    struct Row {
        var cells: [[WordParagraph]]
        var isHeader: Bool
        var change: WordChange?
    }

    var rows: [Row] = []
}

enum WordBlock {
    case paragraph(WordParagraph)
    case table(WordTable)
}

struct WordCommentEntry {
    var author: String?
    var date: String?
    var text: String
}
