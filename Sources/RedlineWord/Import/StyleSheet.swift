#if canImport(FoundationXML)
import FoundationXML
#else
import Foundation
#endif

/// What `policy import` needs from styles.xml: which paragraph styles are headings (by name or
/// outline level, following `basedOn`), quotes, code, list continuations and rules; which
/// character styles are code; and numbering that a style carries.
struct StyleSheet {
    enum Kind: Equatable {
        case plain, heading(Int), quote, code, thematicBreak, listContinuation
        /// Title, Subtitle, Author, Date: the document's metadata, as pandoc reads them.
        case metadata(String)
    }

    struct Style {
        var kind: Kind
        var outlineLevel: Int?
        var numbering: (numId: String, level: Int)?
    }

    var styles: [String: Style] = [:]
    var codeCharacterStyles: Set<String> = ["VerbatimChar", "SourceCode", "HTMLCode"]

    init() {}

    init(_ root: XMLElement) {
        struct Raw { var name: String; var basedOn: String?; var outline: Int?; var numbering: (String, Int)? }
        var raw: [String: Raw] = [:]
        for style in root.elementChildren where style.local == "style" {
            guard let id = style.value("styleId") else { continue }
            let name = style.childValue("name") ?? id
            if style.value("type") == "character" {
                let lower = name.lowercased()
                if lower.contains("verbatim") || lower.contains("code") { codeCharacterStyles.insert(id) }
                continue
            }
            guard style.value("type") == nil || style.value("type") == "paragraph" else { continue }
            let properties = style.child("pPr")
            let numbering = properties?.child("numPr").flatMap { numPr -> (String, Int)? in
                guard let numId = numPr.childValue("numId") else { return nil }
                return (numId, numPr.childValue("ilvl").flatMap(Int.init) ?? 0)
            }
            raw[id] = Raw(name: name, basedOn: style.childValue("basedOn"),
                          outline: properties?.childValue("outlineLvl").flatMap(Int.init), numbering: numbering)
        }
        for (id, entry) in raw {
            // Inherit what a style does not say itself, a few steps up its basedOn chain.
            var outline = entry.outline, numbering = entry.numbering, parent = entry.basedOn
            var steps = 0
            while let p = parent, let up = raw[p], steps < 10 {
                outline = outline ?? up.outline
                numbering = numbering ?? up.numbering
                parent = up.basedOn
                steps += 1
            }
            styles[id] = Style(kind: Self.kind(id: id, name: entry.name, outline: outline), outlineLevel: outline,
                               numbering: numbering.map { (numId: $0.0, level: $0.1) })
        }
    }

    /// A style's role from its ID or name, the way Word, LibreOffice and pandoc name them.
    static func kind(id: String, name: String, outline: Int?) -> Kind {
        let lower = name.lowercased(), lowerID = id.lowercased()
        for candidate in [lower, lowerID] {
            for prefix in ["heading ", "heading"] where candidate.hasPrefix(prefix) {
                if let level = Int(candidate.dropFirst(prefix.count)), (1...9).contains(level) { return .heading(min(level, 6)) }
            }
        }
        if ["title", "subtitle", "author", "date"].contains(lower) { return .metadata(lower) }
        if ["quote", "block text", "intense quote", "blockquote"].contains(lower) || lowerID == "blocktext" { return .quote }
        if ["source code", "sourcecode", "html preformatted", "code", "preformatted text"].contains(lower) { return .code }
        if lower == "horizontal line" || lowerID == "thematicbreak" { return .thematicBreak }
        if lower.hasPrefix("list continue") { return .listContinuation }
        if let outline, outline < 9 { return .heading(min(outline + 1, 6)) }
        return .plain
    }
}

/// numbering.xml: for each list instance, its levels' formats, label patterns and starts, and
/// the counters that make `II.` come after `I.`.
struct Numbering {
    struct Level {
        var format = "decimal"
        var text = "%1."
        var start = 1
    }

    /// numId → (abstract levels by ilvl, start overrides by ilvl).
    var instances: [String: (levels: [Int: Level], starts: [Int: Int])] = [:]

    /// Current counts: numId → level → count.
    typealias Counters = [String: [Int: Int]]

    init() {}

    init(_ root: XMLElement) {
        var abstracts: [String: [Int: Level]] = [:]
        for abstract in root.elementChildren where abstract.local == "abstractNum" {
            guard let id = abstract.value("abstractNumId") else { continue }
            abstracts[id] = Self.levels(abstract)
        }
        for num in root.elementChildren where num.local == "num" {
            guard let id = num.value("numId"), let abstract = num.childValue("abstractNumId") else { continue }
            var levels = abstracts[abstract] ?? [:]
            var starts: [Int: Int] = [:]
            for override in num.elementChildren where override.local == "lvlOverride" {
                guard let level = override.value("ilvl").flatMap(Int.init) else { continue }
                if let start = override.childValue("startOverride").flatMap(Int.init) { starts[level] = start }
                if let lvl = override.child("lvl") { levels[level] = Self.level(lvl) }
            }
            instances[id] = (levels, starts)
        }
    }

    private static func levels(_ element: XMLElement) -> [Int: Level] {
        var levels: [Int: Level] = [:]
        for lvl in element.elementChildren where lvl.local == "lvl" {
            guard let ilvl = lvl.value("ilvl").flatMap(Int.init) else { continue }
            levels[ilvl] = level(lvl)
        }
        return levels
    }

    private static func level(_ lvl: XMLElement) -> Level {
        Level(format: lvl.childValue("numFmt") ?? "decimal", text: lvl.childValue("lvlText") ?? "",
              start: lvl.childValue("start").flatMap(Int.init) ?? 1)
    }

    /// The label of the next paragraph at this list and level, and the Markdown list marker it
    /// can be written as (`-`, `3.`, `3)`), if any.
    func label(numId: String, level: Int, counters: inout Counters) -> (text: String, marker: String?)? {
        guard let instance = instances[numId] else { return nil }
        let definition = instance.levels[level] ?? Level()
        var counts = counters[numId] ?? [:]
        let start = instance.starts[level] ?? definition.start
        counts[level] = (counts[level] ?? (start - 1)) + 1
        // A higher level restarts the levels below it.
        for deeper in counts.keys where deeper > level { counts[deeper] = nil }
        counters[numId] = counts
        if definition.format == "bullet" { return ("", "-") }
        if definition.format == "none" { return nil }
        var text = definition.text
        for l in (0...8).reversed() where text.contains("%\(l + 1)") {
            let format = instance.levels[l]?.format ?? "decimal"
            let count = counts[l] ?? (instance.starts[l] ?? instance.levels[l]?.start ?? 1)
            text = text.replacingOccurrences(of: "%\(l + 1)", with: Self.format(count, format))
        }
        let own = "%\(level + 1)"
        if definition.format == "decimal", definition.text == own + "." || definition.text == own + ")" {
            return (text, "\(counts[level]!)\(definition.text.last!)")
        }
        return (text, nil)
    }

    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "upperRoman": roman(n)
        case "lowerRoman": roman(n).lowercased()
        case "upperLetter": letters(n)
        case "lowerLetter": letters(n).lowercased()
        case "decimalZero": n < 10 ? "0\(n)" : "\(n)"
        default: "\(n)"
        }
    }

    static func roman(_ n: Int) -> String {
        guard n > 0, n < 4000 else { return "\(n)" }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var n = n, result = ""
        for (value, numeral) in table {
            while n >= value { result += numeral; n -= value }
        }
        return result
    }

    /// A, B, … Z, AA, BB, … as Word counts letters.
    static func letters(_ n: Int) -> String {
        guard n > 0 else { return "\(n)" }
        let letter = Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26)))
        return String(repeating: letter, count: (n - 1) / 26 + 1)
    }
}
