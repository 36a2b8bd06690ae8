import Foundation
import Testing

/// `policy export` and `policy import` against the real peers: pandoc reads our revisions,
/// we read pandoc's, LibreOffice opens every export and shows the clean text; bad packages are
/// refused with a clear error and nothing written.
@Suite(.serialized) struct WordCommand {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @discardableResult
    static func shell(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static let attributed = """
        ---
        title: Attendance
        ---

        # I. Attendance

        Staff {--{"author":"Legal","date":"2024-03-01"}@@may--}{++{"author":"Legal","date":"2024-03-01"}@@shall++} report absences{++{"author":"Clerk"}@@ promptly++}{>>{"author":"Clerk","date":"2024-03-02"}@@Per statute.<<}.

        """

    @Test func pandocReadsOurRevisionsAndComments() throws {
        let pandoc = try #require(Self.tool("pandoc"), "pandoc is not installed (make test installs it)")
        let dir = try PolicyCommand.temporaryDirectory()
        try Self.attributed.write(to: dir.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let export = try PolicyCommand.run(["export", "a.md", "-o", "a.docx"], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let all = try Self.shell(pandoc, ["--track-changes=all", "a.docx", "-t", "markdown", "--wrap=none"], in: dir).out
        #expect(all.contains("[may]{.deletion author=\"Legal\" date=\"2024-03-01T00:00:00Z\"}"), "\(all)")
        #expect(all.contains("[shall]{.insertion author=\"Legal\" date=\"2024-03-01T00:00:00Z\"}"), "\(all)")
        #expect(all.contains("[ promptly]{.insertion author=\"Clerk\"}") || all.contains("[promptly]{.insertion author=\"Clerk\"}"), "\(all)")
        #expect(all.contains("Per statute."), "\(all)")
        #expect(all.contains("author=\"Clerk\" date=\"2024-03-02T00:00:00Z\""), "\(all)")
        let accepted = try Self.shell(pandoc, ["--track-changes=accept", "a.docx", "-t", "plain", "--wrap=none"], in: dir).out
        #expect(accepted.contains("Staff shall report absences promptly."), "\(accepted)")
        let rejected = try Self.shell(pandoc, ["--track-changes=reject", "a.docx", "-t", "plain", "--wrap=none"], in: dir).out
        #expect(rejected.contains("Staff may report absences."), "\(rejected)")
    }

    /// Our redline of the seed read by pandoc (tracked changes kept) and written again as .docx
    /// by pandoc imports to the seed's two readings, word for word: the revisions survive
    /// another program's reader and writer.
    @Test func aRedlineRewrittenByPandocImports() throws {
        let pandoc = try #require(Self.tool("pandoc"), "pandoc is not installed (make test installs it)")
        let dir = try PolicyCommand.temporaryDirectory()
        let seed = PolicyCommand.root.appendingPathComponent("policy-src/staff-social-media/v2.md").path
        #expect(try PolicyCommand.run(["export", seed, "-o", dir.appendingPathComponent("in.docx").path]).status == 0)
        let rewrite = try Self.shell(pandoc, ["--track-changes=all", "in.docx", "-o", "out.docx"], in: dir)
        #expect(rewrite.status == 0, "\(rewrite.err)")
        let imported = try PolicyCommand.run(["import", "out.docx", "-o", "back.md"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        for view in ["clean", "original"] {
            #expect(try Self.renderedWords(dir.appendingPathComponent("back.md").path, view) == Self.renderedWords(seed, view), "\(view)")
        }
    }

    @Test func importsTrackedChangesPandocWrites() throws {
        let pandoc = try #require(Self.tool("pandoc"), "pandoc is not installed (make test installs it)")
        let dir = try PolicyCommand.temporaryDirectory()
        // Built here with pandoc, which writes real w:ins, w:del and comments.
        let markdown = """
            ---
            title: Test Policy
            ---

            # I. Purpose

            Staff [shall]{.insertion author="Legal" date="2024-03-01T00:00:00Z"} report [all]{.deletion author="Ann" date="2024-05-06T07:08:09Z"} *absences* to the **principal**.[^1]

            [Check this.]{.comment-start id="1" author="Clerk" date="2024-03-02T10:15:00Z"}Keep this text.[]{.comment-end id="1"}

            1. First item
            2. Second [new]{.insertion author="B"} item

            [^1]: A footnote with [inserted]{.insertion author="C"} words.
            """
        try markdown.write(to: dir.appendingPathComponent("p.md"), atomically: true, encoding: .utf8)
        try Self.shell(pandoc, ["p.md", "-o", "p.docx"], in: dir)
        let result = try PolicyCommand.run(["import", "p.docx"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let source = result.stdout
        #expect(source.hasPrefix("---\ntitle: \"Test Policy\"\n---\n"), "\(source)")
        #expect(source.contains("Staff {++{\"author\":\"Legal\",\"date\":\"2024-03-01\"}@@shall++} report {--{\"author\":\"Ann\",\"date\":\"2024-05-06T07:08:09Z\"}@@all--} *absences* to the **principal**.[^1]"), "\(source)")
        #expect(source.contains("{==Keep this text.==}{>>{\"author\":\"Clerk\",\"date\":\"2024-03-02T10:15:00Z\"}@@Check this.<<}"), "\(source)")
        #expect(source.contains("2. Second {++{\"author\":\"B\"}@@new++} item"), "\(source)")
        #expect(source.contains("[^1]: A footnote with {++{\"author\":\"C\"}@@inserted++} words."), "\(source)")
        let accepted = try PolicyCommand.run(["import", "p.docx", "--track-changes", "accept"], in: dir).stdout
        #expect(accepted.contains("Staff shall report *absences*"), "\(accepted)")
        #expect(!accepted.contains("{++") && !accepted.contains("Check this."), "\(accepted)")
        let rejected = try PolicyCommand.run(["import", "p.docx", "--track-changes", "reject"], in: dir).stdout
        #expect(rejected.contains("Staff report all *absences*"), "\(rejected)")
    }

    /// The words of a file's rendered page (outside the tags), as `policy render` shows it.
    static func renderedWords(_ file: String, _ view: String) throws -> [String] {
        let html = try PolicyCommand.run(["render", file, "--view", view, "--format", "html", "--fragment"]).stdout
        return words(html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression))
    }

    /// Letters-only words, for comparing text laid out by different programs.
    static func words(_ text: String) -> [String] {
        text.split { !$0.isLetter }.map(String.init)
    }

    @Test func libreOfficeOpensEveryExportAndShowsTheCleanText() throws {
        let soffice = try #require(Self.tool("soffice"), "LibreOffice is not installed (make test installs it)")
        let dir = try PolicyCommand.temporaryDirectory()
        let seed = PolicyCommand.root.appendingPathComponent("policy-src/staff-social-media/v2.md").path
        for view in ["redline", "clean", "original"] {
            let export = try PolicyCommand.run(["export", seed, "--view", view, "-o", dir.appendingPathComponent("\(view).docx").path])
            #expect(export.status == 0, "\(export.stderr)")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("redline-lo-\(UUID().uuidString)")
        let convert = try Self.shell(soffice, ["-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", "txt:Text",
                                               "--outdir", dir.path] + ["redline", "clean", "original"].map { dir.appendingPathComponent("\($0).docx").path })
        #expect(convert.status == 0, "\(convert.err)")
        for view in ["redline", "clean", "original"] {
            let text = try String(contentsOf: dir.appendingPathComponent("\(view).txt"), encoding: .utf8)
            #expect(text.count > 1000, "LibreOffice could not read \(view).docx: \(convert.out) \(convert.err)")
        }
        // LibreOffice's text export leaves footnotes out: compare the body.
        for view in ["clean", "original"] {
            let ours = try PolicyCommand.run(["render", seed, "--view", view, "--format", "text", "--fragment", "--width", "1000"]).stdout
            // The footnotes follow the last rule of 20 dashes (headings are underlined too).
            let body = ours.range(of: "\n--------------------\n", options: .backwards).map { String(ours[..<$0.lowerBound]) } ?? ours
            let theirs = try String(contentsOf: dir.appendingPathComponent("\(view).txt"), encoding: .utf8)
            #expect(Self.words(theirs) == Self.words(body), "\(view): LibreOffice shows other text than policy render")
        }
    }

    /// A .docx written by LibreOffice (our redline export, opened and saved again as .docx, as
    /// a reviewer on LibreOffice would send it back) imports, and its tracked changes still
    /// accept and reject to the seed's two readings, word for word. LibreOffice writes its own
    /// flavour: its own styles, relationship files per part, `0-00-00T00:00:00Z` for "no date".
    @Test func aRedlineSavedAgainByLibreOfficeImports() throws {
        let soffice = try #require(Self.tool("soffice"), "LibreOffice is not installed (make test installs it)")
        let dir = try PolicyCommand.temporaryDirectory()
        let seed = PolicyCommand.root.appendingPathComponent("policy-src/staff-social-media/v2.md").path
        let export = try PolicyCommand.run(["export", seed, "-o", dir.appendingPathComponent("in.docx").path])
        #expect(export.status == 0, "\(export.stderr)")
        // And a note whose link LibreOffice keeps in the notes' own relationships, and a numbered
        // list (LibreOffice gives its first item a numbering instance of its own).
        let note = try PolicyCommand.run(["export", "-", "-o", dir.appendingPathComponent("note.docx").path],
                                         stdin: "A rule.[^1]\n\n1. a\n2. b\n3. c\n\n[^1]: See [the law](https://example.org/law).\n")
        #expect(note.status == 0, "\(note.stderr)")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("redline-lo-\(UUID().uuidString)")
        let out = dir.appendingPathComponent("lo")
        let convert = try Self.shell(soffice, ["-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                                               "--outdir", out.path, dir.appendingPathComponent("in.docx").path, dir.appendingPathComponent("note.docx").path])
        #expect(convert.status == 0, "\(convert.err)")
        let imported = try PolicyCommand.run(["import", out.appendingPathComponent("in.docx").path, "-o", dir.appendingPathComponent("back.md").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Compared as rendered (the words outside tags): `<url>` comes back as `[url](url)`.
        for view in ["clean", "original"] {
            #expect(try Self.renderedWords(dir.appendingPathComponent("back.md").path, view) == Self.renderedWords(seed, view), "\(view): the text LibreOffice sent back differs")
        }
        let noteBack = try PolicyCommand.run(["import", out.appendingPathComponent("note.docx").path])
        #expect(noteBack.stdout.hasSuffix("[^1]: See [the law](https://example.org/law).\n"), "\(noteBack.stdout)")
        let list = try PolicyCommand.run(["render", "-", "--format", "html", "--fragment"], stdin: noteBack.stdout).stdout
        #expect(list.contains("<ol>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ol>"), "one list: \(noteBack.stdout)")
    }

    /// A package built with Python's zipfile: part name → content (or a size of zeros).
    static func package(_ parts: [(String, String)], zeros: (String, Int)? = nil, at url: URL) throws {
        var script = "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n"
        for (name, content) in parts {
            script += "z.writestr(\(Self.python(name)), \(Self.python(content)))\n"
        }
        if let (name, size) = zeros { script += "z.writestr(\(Self.python(name)), b'\\0'*\(size))\n" }
        script += "z.close()\n"
        let result = try Self.shell("/usr/bin/python3", ["-c", script, url.path])
        #expect(result.status == 0, "\(result.err)")
    }

    static func python(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = try! encoder.encode(s)
        return String(decoding: data, as: UTF8.self)
    }

    static let contentTypes = #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
    static func document(_ body: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"# + body + "</w:body></w:document>"
    }

    @Test func badPackagesAreRefusedAndNothingIsWritten() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        try Data("not a zip at all".utf8).write(to: dir.appendingPathComponent("plain.docx"))
        try Data("PK\u{3}\u{4}garbage that is no zip".utf8).write(to: dir.appendingPathComponent("corrupt.docx"))
        try Self.package([("[Content_Types].xml", Self.contentTypes)], at: dir.appendingPathComponent("missing.docx"))
        let laughs = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", laughs)], at: dir.appendingPathComponent("laughs.docx"))
        try Self.package([("[Content_Types].xml", Self.contentTypes)], zeros: ("word/document.xml", 100 << 20), at: dir.appendingPathComponent("bomb.docx"))
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", Self.document("<w:p><w:r><w:t>cut short</w:r></w:p>"))],
                         at: dir.appendingPathComponent("broken.docx"))
        let expected = ["plain": "not a .docx file", "corrupt": "corrupt .docx package", "missing": "has no word/document.xml",
                        "laughs": "declares a document type or entities", "bomb": "the limit is 64 MiB",
                        "broken": "word/document.xml is not well-formed XML (line 1, column"]
        for (name, message) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try PolicyCommand.run(["import", "\(name).docx", "-o", "\(name).md"], in: dir)
            #expect(result.status == 1, "\(name): \(result.stdout)")
            #expect(result.stderr.hasPrefix("\(name).docx: error: ") && result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name).md").path), "\(name): wrote output")
        }
        let gone = try PolicyCommand.run(["import", "nowhere.docx"], in: dir)
        #expect(gone.status == 1 && gone.stderr.hasPrefix("nowhere.docx: error: cannot read"), "\(gone.stderr)")
    }

    /// Word often writes a hyperlink as a field (`HYPERLINK "url"` between field characters, or
    /// a simple field): its result is a link, and the instruction is never text. Other fields
    /// (a page number) keep their result as text.
    @Test func hyperlinkFieldsAreLinks() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let body = #"<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/site" \o "tip" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the site</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:fldSimple w:instr=" HYPERLINK \l &quot;sec-2&quot; "><w:r><w:t>section 2</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve">, page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", Self.document(body))],
                         at: dir.appendingPathComponent("fields.docx"))
        let result = try PolicyCommand.run(["import", "fields.docx"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "See [the site](https://example.org/site) and [section 2](#sec-2), page 7.\n", "\(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    /// A text box is written twice (`mc:AlternateContent`: a drawing for new readers, a VML
    /// shape for old ones): its text comes in once. A picture's description stands in its place;
    /// the drawing's layout numbers never become text.
    @Test func textBoxesOnceAndPicturesByTheirDescription() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let box = #"<w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent>"#
        let body = #"<w:p><w:r><w:t xml:space="preserve">Before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:positionH><wp:posOffset>914400</wp:posOffset></wp:positionH><wp:docPr id="1" name="Text Box 1"/><wps:txbx>"# + box + #"</wps:txbx></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"# + box + #"</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> middle </w:t></w:r><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="200"/><wp:docPr id="2" name="Picture 2" descr="District logo"/></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve"> after.</w:t></w:r></w:p>"#
        let namespaces = #" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">"#
        let document = Self.document(body).replacingOccurrences(of: #"wordprocessingml/2006/main">"#, with: #"wordprocessingml/2006/main""# + namespaces)
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", document)], at: dir.appendingPathComponent("box.docx"))
        let result = try PolicyCommand.run(["import", "box.docx"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Before Boxed text middle District logo after.\n", "\(result.stdout)")
    }

    /// Formatting changes tracked in Word have no form in the markup: the formatting is taken as
    /// it now stands, and the importer says so.
    @Test func trackedFormattingChangesAreWarnedAbout() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let body = #"<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="Ann"><w:rPr/></w:rPrChange></w:rPr><w:t>Bold now</w:t></w:r><w:r><w:t xml:space="preserve"> and plain.</w:t></w:r></w:p>"#
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", Self.document(body))],
                         at: dir.appendingPathComponent("format.docx"))
        let result = try PolicyCommand.run(["import", "format.docx"], in: dir)
        #expect(result.status == 0 && result.stdout == "**Bold now** and plain.\n", "\(result.stdout)")
        #expect(result.stderr.contains("format.docx: warning: formatting changes tracked in Word"), "\(result.stderr)")
    }

    /// Revisions nested deeper than Word writes them (a deletion in a deletion, an insertion in
    /// a deletion), as a damaged or hand-made file may have: the outer revision of each kind
    /// stands for the rest, never a markup the importer cannot write.
    @Test func revisionsNestedTooDeepAreFlattened() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let body = #"<w:p><w:r><w:t xml:space="preserve">Keep </w:t></w:r><w:del w:id="1" w:author="A"><w:del w:id="2" w:author="B"><w:r><w:delText>gone</w:delText></w:r></w:del></w:del><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:del w:id="3" w:author="A"><w:ins w:id="4" w:author="B"><w:r><w:delText>both</w:delText></w:r></w:ins></w:del><w:r><w:t>.</w:t></w:r></w:p>"#
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", Self.document(body))],
                         at: dir.appendingPathComponent("nested.docx"))
        let result = try PolicyCommand.run(["import", "nested.docx"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Keep {--{\"author\":\"A\"}@@gone--} and {++{\"author\":\"B\"}@@{--{\"author\":\"A\"}@@both--}++}.\n", "\(result.stdout)")
    }

    @Test func unknownElementsWarnAndKeepTheirText() throws {
        let dir = try PolicyCommand.temporaryDirectory()
        let body = "<w:p><w:r><w:t>Before </w:t></w:r><w:mystery><w:r><w:t>kept text</w:t></w:r></w:mystery><w:r><w:t> after.</w:t></w:r></w:p>"
        try Self.package([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", Self.document(body))],
                         at: dir.appendingPathComponent("odd.docx"))
        let result = try PolicyCommand.run(["import", "odd.docx"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Before kept text after.\n", "\(result.stdout)")
        #expect(result.stderr.contains("odd.docx: warning: unsupported element <w:mystery>"), "\(result.stderr)")
    }
}
