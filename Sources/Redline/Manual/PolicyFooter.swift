/// The footer the clerk used to keep by hand, made from the sources: `SOURCE:`, `LEGAL REFS:`,
/// `CROSS REFS:` (each a link to the policy in the site) and `HISTORY:`, on every edition of a
/// version, as HTML and as plain text.
public struct PolicyFooter: Sendable {
    /// A cross-reference resolved to the policy it names.
    public struct Target: Sendable, Equatable {
        public var code: String
        public var slug: String
        public var title: String
    }

    public var references: PolicyReferences
    /// The cross-references, in the order written, each resolved.
    public var targets: [Target]
    public var history: [String]

    public var isEmpty: Bool {
        references.source == nil && references.legal.isEmpty && targets.isEmpty && history.isEmpty
    }

    /// Every cross-reference resolved through `codes` (upper-cased codes), each once, in the
    /// order written; and the codes that name no policy.
    public static func resolve(_ crossReferences: [String], codes: [String: Target]) -> (targets: [Target], unknown: [String]) {
        var targets: [Target] = [], unknown: [String] = []
        for code in crossReferences {
            if let target = codes[code.uppercased()] {
                if !targets.contains(target) { targets.append(target) }
            } else if !unknown.contains(code) {
                unknown.append(code)
            }
        }
        return (targets, unknown)
    }

    /// For a page one folder below the site's root (`SLUG/v2.html`).
    public var html: String { html(linkBase: "../") }

    /// With the cross-references' links under `linkBase` (`../` in the site; the site's address
    /// for a page rendered on its own).
    public func html(linkBase: String) -> String {
        guard !isEmpty else { return "" }
        var html = "<footer class=\"policy-record\" aria-label=\"Policy record\">\n<dl>\n"
        if let source = references.source { html += "<div><dt>Source</dt><dd>\(HTMLEscape.text(source))</dd></div>\n" }
        if !references.legal.isEmpty {
            html += "<div><dt>Legal refs</dt><dd>\(references.legal.map(HTMLEscape.text).joined(separator: "; "))</dd></div>\n"
        }
        if !targets.isEmpty {
            let links = targets.map { target in
                target.slug.isEmpty ? HTMLEscape.text(target.code)
                    : "<a href=\"\(HTMLEscape.text(linkBase + target.slug))/\">\(HTMLEscape.text(target.code))</a> \(HTMLEscape.text(target.title))"
            }
            html += "<div><dt>Cross refs</dt><dd>\(links.joined(separator: "; "))</dd></div>\n"
        }
        if !history.isEmpty {
            html += "<div><dt>History</dt><dd>\(history.map(HTMLEscape.text).joined(separator: "; ")).</dd></div>\n"
        }
        return html + "</dl>\n</footer>"
    }

    /// Lines wrapped at `width`, each field's continuation indented under its text.
    public func text(width: Int) -> String {
        guard !isEmpty else { return "" }
        var fields: [(String, String)] = []
        if let source = references.source { fields.append(("SOURCE:", source)) }
        if !references.legal.isEmpty { fields.append(("LEGAL REFS:", references.legal.joined(separator: "; "))) }
        if !targets.isEmpty { fields.append(("CROSS REFS:", targets.map { $0.title.isEmpty ? $0.code : "\($0.code) \($0.title)" }.joined(separator: "; "))) }
        if !history.isEmpty { fields.append(("HISTORY:", history.joined(separator: "; ") + ".")) }
        var lines: [String] = []
        for (label, value) in fields {
            // The label is a word of the first line; later lines hang four columns in.
            var wrapper = WordWrapper()
            wrapper.unbreakable(label)
            wrapper.finishWord()
            wrapper.text(value)
            wrapper.finishWord()
            let filled = WordWrapper.fill(wrapper.words, width: max(20, width - 4))
            for (k, line) in filled.enumerated() { lines.append(k == 0 ? line : "    " + line) }
        }
        return lines.joined(separator: "\n")
    }
}
