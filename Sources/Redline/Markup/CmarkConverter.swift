import CArena
import CCmarkGFM
import Foundation

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
        /// Without `CMARK_OPT_VALIDATE_UTF8`: a reading is made of whole pieces of a source
        /// that was checked (and repaired) as UTF-8 when it was read, cut only at ASCII
        /// delimiters, so checking it again is work for nothing.
        static let standard: Options = [.sourcePositions, .footnotes, .doubleTildeOnly]
    }

    static let extensions = ["table", "autolink", "strikethrough", "tagfilter"]

    /// Line:column positions as cmark reports them for `text` (1-based; end column inclusive).
    typealias Mapper = @Sendable (_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange?

    /// cmark-gfm keeps its extensions in a process-wide list that registration writes without a
    /// lock: two threads registering at once can leave one of them without an extension (seen as
    /// a missing autolink under parallel tests). A static is initialised exactly once, safely;
    /// after that the list is only read.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    /// Finishing a parse runs the inline parser, which turns the extensions' special characters
    /// on in a process-wide table and off again when it is done: a parse finishing on another
    /// thread meanwhile loses them (autolinks go missing). So one parse finishes at a time;
    /// reading the blocks (`cmark_parser_feed`) and converting the tree stay parallel.
    /// (Setting the characters once and emptying the extensions' lists of them, so that no
    /// parse switches them, does not work: the inline parser also finds the extension that owns
    /// a delimiter through those lists, and loops forever on `~~` without them.)
    /// A plain lock: Synchronization's `Mutex` is a priority-inheriting futex on Linux, and its
    /// hand-overs between the parsing threads cost about a millisecond on a 1 MB policy.
    private static let finishLock = NSLock()

    /// Parses the text in the pieces ``ReadingChunks`` finds, on every core, and joins the
    /// pieces' blocks under one document node. A piece that ends in a code or HTML block (which
    /// might have run on into the next piece) is parsed again together with the next one.
    /// Parses `utf8[start...]` (a reading, from where its front matter ends); line numbers
    /// given to `map` count from `start`.
    /// `pieceSize` is the smallest piece worth parsing apart (tests make it tiny).
    static func parse(_ utf8: [UInt8], from start: Int, options: Options = .standard, pieceSize: Int = ReadingChunks.defaultTarget,
                      map: @escaping Mapper) -> Block {
        _ = registration
        let text = start >= utf8.count ? [0x0A] : utf8
        let start = start >= utf8.count ? 0 : start
        let pieces = text.withUnsafeBufferPointer { ReadingChunks(UnsafeBufferPointer(rebasing: $0[start...]), target: pieceSize).pieces }
            .map { (range: $0.range.lowerBound + start ..< $0.range.upperBound + start, firstLine: $0.firstLine) }
        do {
            let results = ParallelSlots<Piece>(count: pieces.count)
            ParallelSlots<Piece>.run(count: pieces.count) { i in
                results[i] = parsePiece(text, pieces[i].range, firstLine: pieces[i].firstLine, options: options, map: map)
            }
            var document = Block(kind: .document)
            var i = 0
            while i < pieces.count {
                var piece = results[i]!
                var end = i
                // Rare: join with the following pieces until the last block is safely closed.
                while piece.mayRunOn, end + 1 < pieces.count {
                    end += 1
                    piece = parsePiece(text, pieces[i].range.lowerBound..<pieces[end].range.upperBound,
                                       firstLine: pieces[i].firstLine, options: options, map: map)
                }
                document.children.append(contentsOf: piece.blocks)
                i = end + 1
            }
            // The pieces' arenas were allocated and freed on worker threads, whose malloc
            // arenas keep the freed chunks: about twice the text, resident for nothing.
            if pieces.count > 1 { malloc_trim(0) }
            return document
        }
    }

    /// One piece's top-level blocks, and whether its last block might continue past its end.
    struct Piece: Sendable {
        var blocks: [Block]
        var mayRunOn: Bool
    }

    private static func parsePiece(_ text: [UInt8], _ range: Range<Int>, firstLine: Int,
                                   options: Options, map: @escaping Mapper) -> Piece {
        // The parser and its tree live in an arena that goes at once when the piece is
        // converted: no node-by-node free walk, and allocation by slicing (CArena).
        let arena = redline_arena_begin()
        defer { redline_arena_end(arena) }
        let allocator = redline_arena_allocator()!.assumingMemoryBound(to: cmark_mem.self)
        let parser = cmark_parser_new_with_mem(options.rawValue, allocator)!
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        text.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.advanced(by: range.lowerBound).withMemoryRebound(to: CChar.self, capacity: range.count) {
                cmark_parser_feed(parser, $0, range.count)
            }
        }
        nonisolated(unsafe) var finished: OpaquePointer?
        finishLock.withLock { finished = cmark_parser_finish(parser) }
        guard let root = finished else { return Piece(blocks: [], mayRunOn: false) }
        var converter = Converter(lineOffset: firstLine - 1, map: map)
        var blocks: [Block] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            blocks.append(converter.block(node))
            child = cmark_node_next(node)
        }
        let lastType = cmark_node_last_child(root).map(cmark_node_get_type)
        return Piece(blocks: blocks, mayRunOn: lastType == CMARK_NODE_CODE_BLOCK || lastType == CMARK_NODE_HTML_BLOCK)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Turns one piece's C nodes into values. Core node types are compared as numbers; the
    /// extensions' types (tables, strikethrough) are assigned at run time, so they are named
    /// once by their type string and remembered.
    private struct Converter {
        let lineOffset: Int
        let map: Mapper
        var extensionNames: [UInt32: String] = [:]
        /// Scratch space for joining text nodes.
        var textBytes: [UInt8] = []

        init(lineOffset: Int, map: @escaping Mapper) {
            self.lineOffset = lineOffset
            self.map = map
        }

        mutating func extensionName(_ node: OpaquePointer) -> String {
            let type = cmark_node_get_type(node).rawValue
            if let name = extensionNames[type] { return name }
            let name = String(cString: cmark_node_get_type_string(node))
            extensionNames[type] = name
            return name
        }

        func range(_ node: OpaquePointer) -> SourceRange? {
            let sl = Int(cmark_node_get_start_line(node)), sc = Int(cmark_node_get_start_column(node))
            let el = Int(cmark_node_get_end_line(node)), ec = Int(cmark_node_get_end_column(node))
            guard sl > 0 else { return nil }
            return map(sl + lineOffset, sc, el + lineOffset, ec)
        }

        mutating func block(_ node: OpaquePointer) -> Block {
            let kind: Block.Kind
            switch cmark_node_get_type(node) {
            case CMARK_NODE_DOCUMENT: kind = .document
            case CMARK_NODE_PARAGRAPH: kind = .paragraph
            case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
            case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
            case CMARK_NODE_LIST:
                kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                             start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0,
                             delimiter: cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : ".")
            case CMARK_NODE_ITEM: kind = .item
            case CMARK_NODE_CODE_BLOCK: kind = .codeBlock(info: string(cmark_node_get_fence_info(node)))
            case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock
            case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
            // Footnotes are core nodes that this version names "<unknown>".
            case CMARK_NODE_FOOTNOTE_DEFINITION: kind = .footnoteDefinition(label: string(cmark_node_get_literal(node)))
            default:
                switch extensionName(node) {
                case "table": kind = .table(alignments: CmarkConverter.alignments(node))
                // One node type for both; its type string depends on the row, so ask the row.
                case "table_header", "table_row": kind = .tableRow(header: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
                case "table_cell": kind = .tableCell
                case let other: kind = .other(other)
                }
            }
            var block = Block(kind: kind, range: range(node))
            switch kind {
            case .paragraph, .heading, .tableCell:
                block.inlines = inlines(of: node)
            case .codeBlock, .htmlBlock:
                block.inlines = [.text(string(cmark_node_get_literal(node)))]
            default:
                depth += 1
                defer { depth -= 1 }
                if depth > Self.maximumDepth {
                    let flat = leaves(under: node)
                    // A list holds items only (the editions draw nothing else in one).
                    if case .list = kind { block.children = flat.map { Block(kind: .item, children: [$0]) } } else { block.children = flat }
                    break
                }
                var child = cmark_node_first_child(node)
                while let c = child {
                    block.children.append(self.block(c))
                    child = cmark_node_next(c)
                }
            }
            return block
        }

        /// How deep containers (lists, items, quotes) nest before the ones inside are laid flat.
        /// Every pass over the tree (editions, comparison, the tree's own release) recurses; a
        /// few thousand levels overflowed the stack. A policy nests five or six.
        static let maximumDepth = 100

        var depth = 0

        /// The blocks that hold text under a container, in order, without the containers
        /// around them: nesting past ``maximumDepth`` keeps every word and loses only the levels.
        mutating func leaves(under node: OpaquePointer) -> [Block] {
            var result: [Block] = []
            var stack: [OpaquePointer] = []
            var child = cmark_node_last_child(node)
            while let c = child { stack.append(c); child = cmark_node_previous(c) }
            while let next = stack.popLast() {
                switch cmark_node_get_type(next) {
                case CMARK_NODE_LIST, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_FOOTNOTE_DEFINITION:
                    var inner = cmark_node_last_child(next)
                    while let c = inner { stack.append(c); inner = cmark_node_previous(c) }
                default:
                    result.append(block(next))
                }
            }
            return result
        }

        /// cmark-gfm ends a text node at every character an inline rule might start at (the
        /// autolink extension adds `w`, `:` and `@`), so a sentence arrives in dozens of pieces.
        /// Adjacent text is joined here: a long policy's tree is then a fraction of the size.
        mutating func inlines(of node: OpaquePointer) -> [Inline] {
            var result: [Inline] = []
            var child = cmark_node_first_child(node)
            while let c = child {
                if cmark_node_get_type(c) == CMARK_NODE_TEXT {
                    // The pieces' bytes are gathered in one reused buffer and made a string
                    // once, not a string per piece.
                    textBytes.removeAll(keepingCapacity: true)
                    var next: OpaquePointer? = c
                    while let n = next, cmark_node_get_type(n) == CMARK_NODE_TEXT {
                        if let literal = cmark_node_get_literal(n) {
                            literal.withMemoryRebound(to: UInt8.self, capacity: 1) {
                                textBytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: strlen(literal)))
                            }
                        }
                        next = cmark_node_next(n)
                    }
                    result.append(.text(String(decoding: textBytes, as: UTF8.self)))
                    child = next
                    continue
                }
                result.append(inline(c))
                child = cmark_node_next(c)
            }
            return result
        }

        mutating func inline(_ node: OpaquePointer) -> Inline {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
            case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_HTML_INLINE: return .html(string(cmark_node_get_literal(node)))
            case CMARK_NODE_EMPH: return .emphasis(inlines(of: node))
            case CMARK_NODE_STRONG: return .strong(inlines(of: node))
            case CMARK_NODE_LINK:
                return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), inlines(of: node))
            case CMARK_NODE_IMAGE:
                return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), inlines(of: node))
            case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference(string(cmark_node_get_literal(node)))
            default:
                if extensionName(node) == "strikethrough" { return .strikethrough(inlines(of: node)) }
                return .text(string(cmark_node_get_literal(node)))
            }
        }
    }

    /// The column alignments of a table node (the extension keeps them as 'l', 'c', 'r' or 0).
    static func alignments(_ node: OpaquePointer) -> [Block.Alignment] {
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
}
