/// A readable, line-per-node dump of a block tree, for golden tests and debugging
/// (`policy` does not print it; tests compare it).
public enum TreeDump {
    public static func dump(_ block: Block) -> String {
        var out = ""
        write(block, depth: 0, into: &out)
        return out
    }

    private static func write(_ block: Block, depth: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: depth)
        var line = pad + name(block.kind)
        if let change = block.change { line += " [\(change.role.rawValue) \(change.id)]" }
        out += line + "\n"
        if !block.inlines.isEmpty { out += pad + "  " + block.inlines.map(inline).joined() + "\n" }
        for child in block.children { write(child, depth: depth + 1, into: &out) }
    }

    private static func name(_ kind: Block.Kind) -> String {
        switch kind {
        case .document: "document"
        case .paragraph: "paragraph"
        case .heading(let level): "heading \(level)"
        case .blockQuote: "blockquote"
        case .list(let ordered, let start, let tight, let delimiter):
            "list \(ordered ? "ordered \(start)" : "bullet")\(delimiter == ")" ? " paren" : "")\(tight ? " tight" : "")"
        case .item: "item"
        case .codeBlock(let info): "code \(info)"
        case .htmlBlock: "html"
        case .thematicBreak: "hr"
        case .table: "table"
        case .tableRow(let header): header ? "row header" : "row"
        case .tableCell: "cell"
        case .footnoteDefinition(let label): "footnote \(label)"
        case .other(let name): name
        }
    }

    private static func inline(_ inline: Inline) -> String {
        switch inline {
        case .text(let s): s
        case .code(let s): "`\(s)`"
        case .softBreak: "⏎"
        case .lineBreak: "↵"
        case .html(let s): s
        case .emphasis(let c): "*" + c.map(Self.inline).joined() + "*"
        case .strong(let c): "**" + c.map(Self.inline).joined() + "**"
        case .strikethrough(let c): "~~" + c.map(Self.inline).joined() + "~~"
        case .link(let d, _, let c): "[" + c.map(Self.inline).joined() + "](\(d))"
        case .image(let d, _, let c): "![" + c.map(Self.inline).joined() + "](\(d))"
        case .footnoteReference(let label): "[^\(label)]"
        case .changeStart(let m): m.role == .inserted ? "<ins>" : m.role == .deleted ? "<del>" : "<mark>"
        case .changeEnd(let m): m.role == .inserted ? "</ins>" : m.role == .deleted ? "</del>" : "</mark>"
        case .comment: "<comment/>"
        }
    }
}
