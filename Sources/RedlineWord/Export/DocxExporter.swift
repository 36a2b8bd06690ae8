import Foundation
import Redline

/// Writes a policy as a Word document: the redline with every change a real Word revision and
/// every comment a real Word comment, or the clean or original text.
///
/// Headings use Word's heading styles, lists are numbered lists, footnotes are footnotes, and the
/// document properties carry the title, version, status and code. The whole front matter also
/// travels in a custom property, so `policy import` gives it back as written.
public struct DocxExporter: Sendable {
    public let document: Document
    public let view: View

    public init(document: Document, view: View) {
        self.document = document
        self.view = view
    }

    /// The custom document property holding the source's front matter.
    static let frontMatterProperty = "RedlineFrontMatter"

    /// The .docx package's bytes; the same document always gives the same bytes.
    public func package() throws -> Data {
        var body = BodyWriter(edition: Edition(document: document, view: view))
        body.write()
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", packageRelationships()),
            ("word/document.xml", documentPart(body)),
            ("word/_rels/document.xml.rels", documentRelationships(links: body.links)),
            ("word/styles.xml", WordStyles.styles()),
            ("word/numbering.xml", WordStyles.numbering(body.lists)),
            ("word/settings.xml", settings()),
            // A footnote's or comment's hyperlink resolves through its own part's relationships:
            // every link is listed there too, under the same ID.
            ("word/footnotes.xml", footnotesPart(body.footnotes)),
            ("word/_rels/footnotes.xml.rels", Self.relationships(Self.hyperlinks(body.links))),
            ("word/_rels/comments.xml.rels", Self.relationships(Self.hyperlinks(body.links))),
            ("word/comments.xml", commentsPart(body.comments)),
            ("word/commentsExtended.xml", commentsExtendedPart(body.comments)),
            ("docProps/core.xml", coreProperties()),
        ]
        if !document.frontMatter.raw.isEmpty { parts.append(("docProps/custom.xml", customProperties())) }
        return try DocxArchive.write(parts.map { (path: $0.0, data: $0.1) })
    }

    // MARK: Package plumbing

    private static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    private static let wordprocessing = "application/vnd.openxmlformats-officedocument.wordprocessingml."

    private func contentTypes() -> Data {
        let overrides: [(String, String)] = [
            ("/word/document.xml", Self.wordprocessing + "document.main+xml"),
            ("/word/styles.xml", Self.wordprocessing + "styles+xml"),
            ("/word/numbering.xml", Self.wordprocessing + "numbering+xml"),
            ("/word/settings.xml", Self.wordprocessing + "settings+xml"),
            ("/word/footnotes.xml", Self.wordprocessing + "footnotes+xml"),
            ("/word/comments.xml", Self.wordprocessing + "comments+xml"),
            ("/word/commentsExtended.xml", Self.wordprocessing + "commentsExtended+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ] + (document.frontMatter.raw.isEmpty ? [] : [("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")])
        let root = XMLPart.element("Types", [("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")],
            [XMLPart.element("Default", [("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")]),
             XMLPart.element("Default", [("Extension", "xml"), ("ContentType", "application/xml")])]
            + overrides.map { XMLPart.element("Override", [("PartName", $0.0), ("ContentType", $0.1)]) })
        return XMLPart.data(root)
    }

    private static func relationships(_ list: [(id: String, type: String, target: String, external: Bool)]) -> Data {
        let root = XMLPart.element("Relationships", [("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")],
                                   list.map { r in
            XMLPart.element("Relationship", [("Id", r.id), ("Type", r.type), ("Target", r.target)] + (r.external ? [("TargetMode", "External")] : []))
        })
        return XMLPart.data(root)
    }

    private func packageRelationships() -> Data {
        var list = [
            (id: "rId1", type: Self.officeRelationships + "officeDocument", target: "word/document.xml", external: false),
            (id: "rId2", type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", target: "docProps/core.xml", external: false),
        ]
        if !document.frontMatter.raw.isEmpty {
            list.append((id: "rId3", type: Self.officeRelationships + "custom-properties", target: "docProps/custom.xml", external: false))
        }
        return Self.relationships(list)
    }

    private func documentRelationships(links: [String]) -> Data {
        let list = [
            (id: "rIdStyles", type: Self.officeRelationships + "styles", target: "styles.xml", external: false),
            (id: "rIdNumbering", type: Self.officeRelationships + "numbering", target: "numbering.xml", external: false),
            (id: "rIdSettings", type: Self.officeRelationships + "settings", target: "settings.xml", external: false),
            (id: "rIdFootnotes", type: Self.officeRelationships + "footnotes", target: "footnotes.xml", external: false),
            (id: "rIdComments", type: Self.officeRelationships + "comments", target: "comments.xml", external: false),
            (id: "rIdCommentsExtended", type: "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", target: "commentsExtended.xml", external: false),
        ]
        return Self.relationships(list + Self.hyperlinks(links))
    }

    /// The hyperlinks' relationships: the n-th link is `rIdLink<n>`.
    private static func hyperlinks(_ links: [String]) -> [(id: String, type: String, target: String, external: Bool)] {
        links.enumerated().map { (id: "rIdLink\($0.offset + 1)", type: officeRelationships + "hyperlink", target: $0.element, external: true) }
    }

    // MARK: Parts

    private func documentPart(_ body: BodyWriter) -> Data {
        // US Letter with one-inch margins, as the district prints.
        let section = XMLPart.element("w:sectPr", [], [
            XMLPart.element("w:footnotePr", [], [XMLPart.element("w:numFmt", [("w:val", "decimal")])]),
            XMLPart.element("w:pgSz", [("w:w", "12240"), ("w:h", "15840")]),
            XMLPart.element("w:pgMar", [("w:top", "1440"), ("w:right", "1440"), ("w:bottom", "1440"), ("w:left", "1440"),
                                        ("w:header", "720"), ("w:footer", "720"), ("w:gutter", "0")]),
        ])
        let root = XMLPart.element("w:document", [], [XMLPart.element("w:body", [], body.body + [section])])
        return XMLPart.data(root, declaring: ["w", "r", "w14"])
    }

    private func settings() -> Data {
        var children: [XMLTree] = []
        // A redline opens with Track Changes on, so a reviewer's further edits are tracked too.
        if view == .redline { children.append(XMLPart.element("w:trackRevisions")) }
        children.append(XMLPart.element("w:footnotePr", [], [
            XMLPart.element("w:footnote", [("w:id", "-1")]), XMLPart.element("w:footnote", [("w:id", "0")]),
        ]))
        children.append(XMLPart.element("w:compat", [], [
            XMLPart.element("w:compatSetting", [("w:name", "compatibilityMode"), ("w:uri", "http://schemas.microsoft.com/office/word"), ("w:val", "15")]),
        ]))
        return XMLPart.data(XMLPart.element("w:settings", [], children), declaring: ["w"])
    }

    private func footnotesPart(_ footnotes: [(id: Int, paragraphs: [XMLTree])]) -> Data {
        func separator(_ id: String, _ type: String, _ mark: String) -> XMLTree {
            XMLPart.element("w:footnote", [("w:type", type), ("w:id", id)], [
                XMLPart.element("w:p", [], [XMLPart.element("w:r", [], [XMLPart.element(mark)])]),
            ])
        }
        let notes = footnotes.map { XMLPart.element("w:footnote", [("w:id", String($0.id))], $0.paragraphs) }
        let root = XMLPart.element("w:footnotes", [], [separator("-1", "separator", "w:separator"),
                                                       separator("0", "continuationSeparator", "w:continuationSeparator")] + notes)
        return XMLPart.data(root, declaring: ["w", "r", "w14"])
    }

    /// The paragraph ID a comment's last paragraph carries, by which replies name their parent.
    static func commentParagraphID(_ id: Int) -> String {
        String(0x1000_0000 + id, radix: 16, uppercase: true)
    }

    private func commentsPart(_ comments: [WordComment]) -> Data {
        let entries = comments.map { entry -> XMLTree in
            let paragraphs = Self.commentParagraphs(entry.comment.text)
            var attributes = [("w:id", String(entry.id)), ("w:author", entry.comment.attribution.author ?? "")]
            if let date = entry.comment.attribution.date { attributes.append(("w:date", WordRevision.dateTime(date))) }
            let initials = (entry.comment.attribution.author ?? "").split(separator: " ").compactMap(\.first).map(String.init).joined()
            attributes.append(("w:initials", initials))
            let elements = paragraphs.enumerated().map { i, text -> XMLTree in
                var runs: [XMLTree] = []
                if i == 0 {
                    runs.append(XMLPart.element("w:r", [], [
                        XMLPart.element("w:rPr", [], [XMLPart.element("w:rStyle", [("w:val", "CommentReference")])]),
                        XMLPart.element("w:annotationRef"),
                    ]))
                }
                runs.append(XMLPart.element("w:r", [], [XMLPart.text("w:t", text, [("xml:space", "preserve")])]))
                let id: [(String, String)] = i == paragraphs.count - 1 ? [("w14:paraId", Self.commentParagraphID(entry.id))] : []
                return XMLPart.element("w:p", id, [XMLPart.element("w:pPr", [], [XMLPart.element("w:pStyle", [("w:val", "CommentText")])])] + runs)
            }
            return XMLPart.element("w:comment", attributes, elements)
        }
        return XMLPart.data(XMLPart.element("w:comments", [], entries), declaring: ["w", "r", "w14"])
    }

    /// A comment's text as paragraphs: blank lines separate them, line breaks inside one are spaces.
    static func commentParagraphs(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let paragraphs = trimmed.components(separatedBy: "\n\n").map {
            $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }.filter { !$0.isEmpty }
        return paragraphs.isEmpty ? [""] : paragraphs
    }

    private func commentsExtendedPart(_ comments: [WordComment]) -> Data {
        let entries = comments.map { entry in
            XMLPart.element("w15:commentEx", [("w15:paraId", Self.commentParagraphID(entry.id))]
                            + (entry.parent.map { [("w15:paraIdParent", Self.commentParagraphID($0))] } ?? [])
                            + [("w15:done", "0")])
        }
        return XMLPart.data(XMLPart.element("w15:commentsEx", [], entries), declaring: ["w15"])
    }

    private func coreProperties() -> Data {
        let front = document.frontMatter
        var children: [XMLTree] = []
        // The document's sections are its accepted headings: no second edition needed for a title.
        if let title = front.title ?? document.sections.first?.title {
            children.append(XMLPart.text("dc:title", title))
        }
        if let code = front.code { children.append(XMLPart.text("dc:identifier", code)) }
        if let author = front["revision-author"] { children.append(XMLPart.text("dc:creator", author)) }
        if let status = front.status { children.append(XMLPart.text("cp:contentStatus", status)) }
        if let version = front.version { children.append(XMLPart.text("cp:version", version)) }
        let root = XMLPart.element("cp:coreProperties", [
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ], children)
        return XMLPart.data(root)
    }

    private func customProperties() -> Data {
        let property = XMLPart.element("property", [("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"), ("pid", "2"),
                                                    ("name", Self.frontMatterProperty)],
                                       [XMLPart.text("vt:lpwstr", document.frontMatter.raw)])
        let root = XMLPart.element("Properties", [
            ("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
            ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
        ], [property])
        return XMLPart.data(root)
    }
}
