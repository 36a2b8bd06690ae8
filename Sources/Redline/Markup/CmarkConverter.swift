import CCmarkGFM

/// The only place that calls libcmark-gfm: parses Markdown text into Redline's ``Block`` values.
///
/// Walks the C tree with ENTER/EXIT events, names nodes by `cmark_node_get_type_string` (extension
/// nodes have no stable enum value), frees everything before it returns, and hands back pure Swift
/// values. Nothing else in Redline sees a pointer. The text it is given never contains revision
/// markup: the scanner resolved or replaced the marks first.
enum CmarkConverter {
    /// Parse options, mapped onto `CMARK_OPT_*` in this one spot.
    struct Options: OptionSet, Sendable {
        let rawValue: Int32
        static let sourcePositions = Options(rawValue: CMARK_OPT_SOURCEPOS)
        static let footnotes = Options(rawValue: CMARK_OPT_FOOTNOTES)
        static let doubleTildeOnly = Options(rawValue: CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)
        static let validateUTF8 = Options(rawValue: CMARK_OPT_VALIDATE_UTF8)
        static let standard: Options = [.sourcePositions, .footnotes, .doubleTildeOnly, .validateUTF8]
    }

    static let extensions = ["table", "autolink", "strikethrough", "tagfilter"]

    /// Line:column positions as cmark reports them for `text` (1-based; end column inclusive).
    typealias Mapper = (_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange?

    /// cmark-gfm keeps its extensions in a process-wide list that registration writes without a
    /// lock: two threads registering at once can leave one of them without an extension (seen as
    /// a missing autolink under parallel tests). A static is initialised exactly once, safely;
    /// after that the list is only read.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    static func parse(_ text: String, options: Options = .standard, map: Mapper) -> Block {
        _ = registration
        let parser = cmark_parser_new(options.rawValue)!
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { utf8 = [0x0A] }
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return Block(kind: .document) }
        defer { cmark_node_free(root) }
        return convertBlock(root, map: map)
    }

    private static func typeString(_ node: OpaquePointer) -> String {
        // Footnotes are core nodes that this version names "<unknown>".
        switch cmark_node_get_type(node) {
        case CMARK_NODE_FOOTNOTE_DEFINITION: return "footnote_definition"
        case CMARK_NODE_FOOTNOTE_REFERENCE: return "footnote_reference"
        default: return String(cString: cmark_node_get_type_string(node))
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            result.append(c)
            child = cmark_node_next(c)
        }
        return result
    }

    private static func range(_ node: OpaquePointer, _ map: Mapper) -> SourceRange? {
        let sl = Int(cmark_node_get_start_line(node)), sc = Int(cmark_node_get_start_column(node))
        let el = Int(cmark_node_get_end_line(node)), ec = Int(cmark_node_get_end_column(node))
        guard sl > 0 else { return nil }
        return map(sl, sc, el, ec)
    }

    private static func convertBlock(_ node: OpaquePointer, map: Mapper) -> Block {
        let type = typeString(node)
        let kind: Block.Kind
        switch type {
        case "document": kind = .document
        case "paragraph": kind = .paragraph
        case "heading": kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case "block_quote": kind = .blockQuote
        case "list":
            kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case "item": kind = .item
        case "code_block": kind = .codeBlock(info: string(cmark_node_get_fence_info(node)))
        case "html_block": kind = .htmlBlock
        case "thematic_break": kind = .thematicBreak
        case "table": kind = .table(alignments: alignments(node))
        case "table_header": kind = .tableRow(header: true)
        case "table_row": kind = .tableRow(header: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        case "table_cell": kind = .tableCell
        case "footnote_definition": kind = .footnoteDefinition(label: string(cmark_node_get_literal(node)))
        default: kind = .other(type)
        }
        var block = Block(kind: kind, range: range(node, map))
        switch kind {
        case .paragraph, .heading, .tableCell:
            block.inlines = children(node).map(convertInline)
        case .codeBlock, .htmlBlock:
            block.inlines = [.text(string(cmark_node_get_literal(node)))]
        default:
            block.children = children(node).map { convertBlock($0, map: map) }
        }
        return block
    }

    /// The column alignments of a table node (the extension keeps them as 'l', 'c', 'r' or 0).
    private static func alignments(_ node: OpaquePointer) -> [Block.Alignment] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        guard columns > 0, let raw = cmark_gfm_extensions_get_table_alignments(node) else { return [] }
        return (0..<columns).map { i in
            switch raw[i] {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
    }

    private static func convertInline(_ node: OpaquePointer) -> Inline {
        let inner = { children(node).map(convertInline) }
        switch typeString(node) {
        case "text": return .text(string(cmark_node_get_literal(node)))
        case "code": return .code(string(cmark_node_get_literal(node)))
        case "softbreak": return .softBreak
        case "linebreak": return .lineBreak
        case "html_inline": return .html(string(cmark_node_get_literal(node)))
        case "emph": return .emphasis(inner())
        case "strong": return .strong(inner())
        case "strikethrough": return .strikethrough(inner())
        case "link": return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), inner())
        case "image": return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), inner())
        case "footnote_reference": return .footnoteReference(string(cmark_node_get_literal(node)))
        default: return .text(string(cmark_node_get_literal(node)))
        }
    }
}
