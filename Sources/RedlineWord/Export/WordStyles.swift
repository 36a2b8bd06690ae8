import Foundation

/// The styles and list definitions an exported document uses. Style IDs are Word's own built-in
/// names where Word has one (`Heading1`, `Quote`, `ListParagraph`, `FootnoteText`, `Hyperlink`),
/// so the document looks native in Word and LibreOffice, and `policy import` reads them back.
enum WordStyles {
    private typealias E = XMLPart

    static func styles() -> Data {
        var styles: [XMLTree] = [
            E.element("w:docDefaults", [], [
                E.element("w:rPrDefault", [], [E.element("w:rPr", [], [
                    E.element("w:rFonts", [("w:ascii", "Calibri"), ("w:hAnsi", "Calibri"), ("w:cs", "Calibri"), ("w:eastAsia", "Calibri")]),
                    E.element("w:sz", [("w:val", "22")]),
                    E.element("w:lang", [("w:val", "en-US")]),
                ])]),
                E.element("w:pPrDefault", [], [E.element("w:pPr", [], [
                    E.element("w:spacing", [("w:after", "160"), ("w:line", "259"), ("w:lineRule", "auto")]),
                ])]),
            ]),
            paragraphStyle("Normal", "Normal", isDefault: true),
        ]
        let sizes = [32, 28, 26, 24, 22, 22]
        for level in 1...6 {
            styles.append(paragraphStyle("Heading\(level)", "heading \(level)", basedOn: "Normal", paragraph: [
                E.element("w:keepNext"), E.element("w:spacing", [("w:before", "240"), ("w:after", "80")]),
                E.element("w:outlineLvl", [("w:val", String(level - 1))]),
            ], run: [E.element("w:b"), E.element("w:sz", [("w:val", String(sizes[level - 1]))])]))
        }
        styles += [
            paragraphStyle("Quote", "Quote", basedOn: "Normal", paragraph: [E.element("w:ind", [("w:left", "720"), ("w:right", "720")])],
                           run: [E.element("w:i")]),
            paragraphStyle("SourceCode", "Source Code", basedOn: "Normal", paragraph: [E.element("w:spacing", [("w:after", "0")])],
                           run: [monospace()]),
            paragraphStyle("ListParagraph", "List Paragraph", basedOn: "Normal", paragraph: [E.element("w:ind", [("w:left", "720")])]),
            paragraphStyle("ListContinue", "List Continue", basedOn: "Normal", paragraph: [E.element("w:ind", [("w:left", "720")])]),
            paragraphStyle("ThematicBreak", "Horizontal Line", basedOn: "Normal", paragraph: [
                E.element("w:pBdr", [], [E.element("w:bottom", [("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")])]),
            ]),
            paragraphStyle("FootnoteText", "footnote text", basedOn: "Normal", paragraph: [E.element("w:spacing", [("w:after", "0")])],
                           run: [E.element("w:sz", [("w:val", "20")])]),
            paragraphStyle("CommentText", "annotation text", basedOn: "Normal", run: [E.element("w:sz", [("w:val", "20")])]),
            characterStyle("FootnoteReference", "footnote reference", run: [E.element("w:vertAlign", [("w:val", "superscript")])]),
            characterStyle("CommentReference", "annotation reference", run: [E.element("w:sz", [("w:val", "16")])]),
            characterStyle("Hyperlink", "Hyperlink", run: [E.element("w:color", [("w:val", "0563C1")]), E.element("w:u", [("w:val", "single")])]),
            characterStyle("VerbatimChar", "Verbatim Char", run: [monospace()]),
            E.element("w:style", [("w:type", "table"), ("w:styleId", "Table")], [
                E.element("w:name", [("w:val", "Table Grid")]),
                E.element("w:tblPr", [], [E.element("w:tblBorders", [], ["top", "left", "bottom", "right", "insideH", "insideV"].map {
                    E.element("w:" + $0, [("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")])
                })]),
            ]),
        ]
        return XMLPart.data(E.element("w:styles", [], styles), declaring: ["w"])
    }

    private static func monospace() -> XMLTree {
        E.element("w:rFonts", [("w:ascii", "Courier New"), ("w:hAnsi", "Courier New"), ("w:cs", "Courier New")])
    }

    private static func paragraphStyle(_ id: String, _ name: String, isDefault: Bool = false, basedOn: String? = nil,
                                       paragraph: [XMLTree] = [], run: [XMLTree] = []) -> XMLTree {
        var children: [XMLTree] = [E.element("w:name", [("w:val", name)])]
        if let basedOn { children.append(E.element("w:basedOn", [("w:val", basedOn)])) }
        if id.hasPrefix("Heading") { children.append(E.element("w:next", [("w:val", "Normal")])) }
        children.append(E.element("w:qFormat"))
        if !paragraph.isEmpty { children.append(E.element("w:pPr", [], paragraph)) }
        if !run.isEmpty { children.append(E.element("w:rPr", [], run)) }
        return E.element("w:style", [("w:type", "paragraph")] + (isDefault ? [("w:default", "1")] : []) + [("w:styleId", id)], children)
    }

    private static func characterStyle(_ id: String, _ name: String, run: [XMLTree]) -> XMLTree {
        E.element("w:style", [("w:type", "character"), ("w:styleId", id)], [
            E.element("w:name", [("w:val", name)]), E.element("w:rPr", [], run),
        ])
    }

    /// Three list definitions (bullets, decimal numbers `1.` and `1)`) and one list instance per
    /// list, so each numbered list counts from its own start.
    static func numbering(_ lists: [(ordered: Bool, start: Int, level: Int, delimiter: Character)]) -> Data {
        func abstract(_ id: Int, ordered: Bool, delimiter: Character = ".") -> XMLTree {
            let bullets = ["\u{2022}", "\u{25E6}", "\u{25AA}"]
            let levels = (0..<9).map { level in
                E.element("w:lvl", [("w:ilvl", String(level))], [
                    E.element("w:start", [("w:val", "1")]),
                    E.element("w:numFmt", [("w:val", ordered ? "decimal" : "bullet")]),
                    E.element("w:lvlText", [("w:val", ordered ? "%\(level + 1)\(delimiter)" : bullets[level % 3])]),
                    E.element("w:lvlJc", [("w:val", "left")]),
                    E.element("w:pPr", [], [E.element("w:ind", [("w:left", String(720 * (level + 1))), ("w:hanging", "360")])]),
                ])
            }
            return E.element("w:abstractNum", [("w:abstractNumId", String(id))], [E.element("w:multiLevelType", [("w:val", "multilevel")])] + levels)
        }
        var children: [XMLTree] = [abstract(0, ordered: false), abstract(1, ordered: true), abstract(2, ordered: true, delimiter: ")")]
        for (i, list) in lists.enumerated() {
            let definition = !list.ordered ? "0" : list.delimiter == ")" ? "2" : "1"
            var num: [XMLTree] = [E.element("w:abstractNumId", [("w:val", definition)])]
            if list.ordered {
                num.append(E.element("w:lvlOverride", [("w:ilvl", String(min(list.level, 8)))], [
                    E.element("w:startOverride", [("w:val", String(list.start))]),
                ]))
            }
            children.append(E.element("w:num", [("w:numId", String(i + 1))], num))
        }
        return XMLPart.data(E.element("w:numbering", [], children), declaring: ["w"])
    }
}
