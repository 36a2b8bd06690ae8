import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Building and reading the XML parts of a package. Parts are read with FoundationXML
/// (libxml2); they are written from ``XMLTree`` values, whose one serializer does all the
/// escaping. (FoundationXML's mutable tree was tried for writing and crashed inside libxml2 when
/// nodes were regrouped; a value tree is also deterministic by construction.)
enum XMLPart {
    /// WordprocessingML's main namespace and the others a part declares.
    static let namespaces: [(prefix: String, uri: String)] = [
        ("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        ("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
        ("w15", "http://schemas.microsoft.com/office/word/2012/wordml"),
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
    ]

    /// An element with attributes (in the given order) and children.
    static func element(_ name: String, _ attributes: [(String, String)] = [], _ children: [XMLTree] = []) -> XMLTree {
        XMLTree(name: name, attributes: attributes, children: children)
    }

    /// An element holding text.
    static func text(_ name: String, _ text: String, _ attributes: [(String, String)] = []) -> XMLTree {
        XMLTree(name: name, attributes: attributes, text: text)
    }

    /// A part's bytes: the XML declaration, then the root with the namespaces it uses declared.
    static func data(_ root: XMLTree, declaring prefixes: [String] = []) -> Data {
        var root = root
        root.attributes = prefixes.compactMap { prefix in
            namespaces.first { $0.prefix == prefix }.map { ("xmlns:" + prefix, $0.uri) }
        } + root.attributes
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        root.write(into: &out)
        return Data(out.utf8)
    }

    /// Parses a part. A document type declaration is refused before parsing: Word never writes
    /// one, and entity declarations are how "billion laughs" expansion and external-entity
    /// reads get in.
    static func parse(_ data: Data, part: String, file: String) throws -> XMLElement {
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw WordError("\(file): \(part) declares a document type or entities, which a .docx part never does; refused")
        }
        // libxml2's tree builder recovers from broken XML (and prints to standard error while it
        // does): a damaged part would come in half guessed. The event parser reports every error;
        // a part with one is refused, with where it is.
        let checker = WellFormedness()
        let parser = XMLParser(data: data)
        parser.delegate = checker
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        if let error = checker.error {
            throw WordError("\(file): \(part) is not well-formed XML (line \(error.line), column \(error.column), libxml2 error \(error.code)); refused")
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(data: data, options: [.nodePreserveWhitespace, .nodeLoadExternalEntitiesNever])
        } catch {
            throw WordError("\(file): \(part) is not well-formed XML: \(error.localizedDescription)")
        }
        guard let root = document.rootElement() else { throw WordError("\(file): \(part) has no root element") }
        return root
    }
}

/// Collects the first error the event parser reports.
private final class WellFormedness: NSObject, XMLParserDelegate {
    var error: (line: Int, column: Int, code: Int)?
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil { error = (parser.lineNumber, parser.columnNumber, (parseError as NSError).code) }
    }
}

extension XMLNode {
    /// The name without its namespace prefix (`w:p` → `p`); parts from other writers may bind
    /// WordprocessingML to another prefix.
    var local: String {
        guard let name else { return "" }
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }
}

extension XMLElement {
    /// The children that are elements.
    var elementChildren: [XMLElement] { (children ?? []).compactMap { $0 as? XMLElement } }

    /// The first child element with this local name.
    func child(_ local: String) -> XMLElement? {
        elementChildren.first { $0.local == local }
    }

    /// An attribute by local name (`w:val` → `val`), whatever its prefix.
    func value(_ local: String) -> String? {
        for attribute in attributes ?? [] where attribute.local == local { return attribute.stringValue }
        return nil
    }

    /// A `w:val` child's value: `<w:pStyle w:val="Heading1"/>` → "Heading1".
    func childValue(_ local: String) -> String? {
        child(local)?.value("val")
    }
}

/// An element to write: a value, built bottom-up, serialized with escaping in one place.
struct XMLTree {
    var name: String
    var attributes: [(String, String)] = []
    var children: [XMLTree] = []
    var text: String?

    func write(into out: inout String) {
        out += "<" + name
        for (key, value) in attributes {
            out += " " + key + "=\""
            Self.escape(value, attribute: true, into: &out)
            out += "\""
        }
        if children.isEmpty, text == nil {
            out += "/>"
            return
        }
        out += ">"
        if let text { Self.escape(text, attribute: false, into: &out) }
        for child in children { child.write(into: &out) }
        out += "</" + name + ">"
    }

    /// Escapes markup characters; characters XML 1.0 cannot carry (C0 controls other than tab,
    /// line feed and carriage return, U+FFFE, U+FFFF) become U+FFFD rather than an unreadable part.
    static func escape(_ text: String, attribute: Bool, into out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
