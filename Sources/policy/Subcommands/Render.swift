import Foundation
import Redline

/// When text output is coloured.
enum ColorChoice: String, CaseIterable {
    case auto, always, never
}

struct Render: Subcommand {
    static let spec = CommandSpec(
        name: "render",
        abstract: "Render a policy as an HTML page, plain text or Markdown: clean, redline or original.",
        discussion: """
        Views: clean (every change accepted), redline (old and new text, every change marked),
        original (every change rejected). Formats: html (a standalone page, or with --fragment
        only the <article>), text (wrapped plain text; the redline uses [-deleted-]{+inserted+}),
        markdown (the clean or original text as `policy accept` / `policy reject` give it; the
        redline in Markdown is the source itself). The format defaults to the extension of -o
        (.html, .txt, .md), else html.

        Examples:
          policy render draft.md --view redline -o draft.redline.html
          policy render draft.md --view clean --format text --width 66
          policy render draft.md --view redline --format text | less -R
          policy render draft.md --template-dir my-templates -o page.html
        """,
        arguments: [.source],
        options: [
            .choice("view", View.self, help: "Which reading: clean, redline or original.", default: .clean),
            .choice("format", Format.self, help: "html, text or markdown (default: from the -o extension, else html)."),
            .flag("fragment", help: "HTML: only the <article>, for embedding. Text: no header."),
            .value("width", "width", help: "Text: the column to wrap at.", default: "72"),
            .value("template-dir", "dir", help: "HTML: a directory of Mustache templates (page.mustache, style.mustache) that override the built-in ones."),
            .choice("color", ColorChoice.self, help: "Text: colour insertions and deletions: auto (on a terminal unless NO_COLOR is set), always or never.", default: .auto),
            .output,
        ]
    )

    var file: String
    var view: View
    var format: Format?
    var fragment: Bool
    var width: Int
    var templateDir: String?
    var color: ColorChoice
    var output: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional[0]
        view = arguments.choice("view", default: .clean)
        format = arguments.choice("format")
        fragment = arguments.flag("fragment")
        width = try arguments.integer("width", default: 72)
        templateDir = arguments.value("template-dir")
        color = arguments.choice("color", default: .auto)
        output = arguments.value("output")
        try validate(Self.spec)
    }

    private func validate(_ spec: CommandSpec) throws(UsageError) {
        guard width >= 20 else { throw UsageError("--width must be at least 20, not \(width).", spec: spec) }
        try spec.refuseOverwriting([file], with: output)
        if templateDir != nil, resolvedFormat != .html {
            throw UsageError("--template-dir applies to --format html only.", spec: spec)
        }
        // An output name whose extension says a format render does not write is refused rather
        // than given HTML under that name (`-o policy.pdf` would be a web page called .pdf).
        // Other extensions get HTML, as pandoc does (`-o page.html.tmp`, then a rename).
        if format == nil, let ext = outputExtension {
            switch ext {
            case "docx", "doc", "odt", "rtf":
                throw UsageError("-o \(output!): Word documents come from `policy export`; render writes html, text or markdown.", spec: spec)
            case "pdf":
                throw UsageError("-o \(output!): PDF is not written; render HTML and print it (the page has a print stylesheet for Letter and A4).", spec: spec)
            case "epub", "tex", "latex", "json", "xml", "csv":
                throw UsageError("-o \(output!): render does not write .\(ext); it writes html, text or markdown (name one with --format).", spec: spec)
            default: break
            }
        }
    }

    private var outputExtension: String? {
        guard let output, output != "-" else { return nil }
        let ext = (output as NSString).pathExtension.lowercased()
        return ext.isEmpty ? nil : ext
    }

    private static func formatOf(_ ext: String) -> Format? {
        switch ext {
        case "txt", "text": .text
        case "md", "markdown": .markdown
        case "html", "htm", "xhtml": .html
        default: nil
        }
    }

    var resolvedFormat: Format {
        if let format { return format }
        return outputExtension.flatMap(Self.formatOf) ?? .html
    }

    func run() throws {
        // A long policy's page templates load, and are tried once, on another core while the
        // policy is read and parsed (for a short one, starting the thread costs more than it
        // saves).
        let templateDir = templateDir
        var status = stat()
        let long = file != "-" && stat(file, &status) == 0 && status.st_size >= 256 * 1024
        let view = view
        let pageLoad = resolvedFormat == .html && !fragment && long ? Pending {
            let page = try HTMLPage(templateDirectory: templateDir)
            page.warmUp(view: view)
            return page
        } : nil
        try Self.exitAfterFailure {
            var (document, name) = try Failed.checkedDocument(file, refusing: "rendered")
            // A version in a policy store: its status from the versions' record, and the footer
            // the site gives it (docs/manual.md).
            var stored: StoredVersion?
            if file != "-", !fragment {
                do { stored = try StoredVersion.find(file) } catch {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
            }
            if let stored { document = document.stating(stored.status) }
            let destination = output ?? "-"
            // What goes into the output, written to its stream: the page piece by piece, so a
            // long policy's page is never held whole.
            let produce: (SourceFile.Stream) throws -> Void
            var kept: Edition?
            switch resolvedFormat {
            case .markdown:
                let text: String
                switch view {
                case .clean: text = document.accepted
                case .original: text = document.rejected
                case .redline: text = document.source
                }
                produce = { try $0.write(text) }
            case .text:
                let edition = Edition(document: document, view: view)
                kept = edition
                var text = TextRenderer(edition: edition, width: width, color: useColor(destination)).render(fragment: fragment)
                if let footer = stored?.footer, !footer.isEmpty {
                    text += "\n" + String(repeating: "-", count: width) + "\n" + footer.text(width: width) + "\n"
                }
                produce = { try $0.write(text) }
            case .html:
                let edition = Edition(document: document, view: view)
                kept = edition
                if fragment {
                    produce = { try $0.write(HTMLRenderer(edition: edition).article()) }
                } else {
                    let page: HTMLPage
                    do { page = try pageLoad?.value() ?? HTMLPage(templateDirectory: templateDir) } catch { throw Failed(message: "\(error)") }
                    let source = (name as NSString).lastPathComponent
                    let record = stored.map { $0.footer.html(linkBase: $0.siteURL) } ?? ""
                    produce = { stream in try page.write(edition, source: source, record: record) { try stream.write($0) } }
                }
            }
            do { try SourceFile.write(to: destination, produce) } catch { throw Failed(message: "\(error)") }
            // Done: exit without taking a long policy's tree apart node by node (as compilers
            // skip freeing at exit); the system reclaims it at once. The document and edition
            // are kept alive to here, or Swift would free them right after their last use.
            withExtendedLifetime((document, kept)) { Foundation.exit(0) }
        }
    }

    /// Colour only for a person at a terminal: `NO_COLOR` (https://no-color.org) and `TERM=dumb`
    /// turn it off; `--color always` turns it on regardless.
    private func useColor(_ destination: String) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return destination == "-" && isatty(STDOUT_FILENO) == 1
        }
    }
}
