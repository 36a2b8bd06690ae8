import Foundation
import Redline

/// What `diff` writes.
enum DiffFormat: String, CaseIterable {
    case markup, html, text, json, stat
}

/// Which reading of a marked-up input is compared.
enum ReadingChoice: String, CaseIterable {
    case clean, original
}

struct Diff: Subcommand {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Compare two drafts: a redline whose changes are exactly their differences.",
        discussion: """
        Exit status: 0 when the drafts are the same, 1 when they differ, 2 on error (as diff).

        markup: a Redline source (NEW's front matter, the differences in CriticMarkup) that
        `policy accept` turns into NEW and `policy reject` into OLD, byte for byte. html and
        text: the redline edition of that source. json: every difference with its section,
        positions in both files, kind and texts. stat: words inserted, deleted and moved per
        section. Re-wrapped lines are layout changes: kept in the markup so that both texts
        come back exactly, counted apart, and invisible in the editions.

        Examples:
          policy diff adopted.md draft.md -o draft.redline.md
          policy diff adopted.md draft.md --format html -o redline.html
          policy diff adopted.md draft.md --format stat
        """,
        arguments: [
            .init(name: "old", help: "The older draft ('-' for standard input)."),
            .init(name: "new", help: "The newer draft."),
        ],
        options: [
            .output,
            .choice("format", DiffFormat.self, help: "markup, html, text, json or stat.", default: .markup),
            .choice("granularity", Granularity.self, help: "word, character or sentence.", default: .word),
            .flag("no-moves", help: "Show moved blocks as deletions and insertions."),
            .choice("view", ReadingChoice.self, help: "Which reading of inputs that have revision marks to compare: clean (accepted) or original (rejected).", default: .clean),
            .value("width", "width", help: "Text: the column to wrap at.", default: "72"),
        ]
    )

    var old: String
    var new: String
    var output: String
    var format: DiffFormat
    var granularity: Granularity
    var noMoves: Bool
    var view: ReadingChoice
    var width: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        old = arguments.positional[0]
        new = arguments.positional[1]
        output = arguments.value("output") ?? "-"
        format = arguments.choice("format", default: .markup)
        granularity = arguments.choice("granularity", default: .word)
        noMoves = arguments.flag("no-moves")
        view = arguments.choice("view", default: .clean)
        width = try arguments.integer("width", default: 72)
        guard width >= 20 else { throw UsageError("--width must be at least 20, not \(width).", spec: Self.spec) }
        try Self.spec.refuseOverwriting([old, new], with: output)
    }

    func run() throws {
        try Self.exitAfterFailure(status: 2) {
            let oldText = try reading(old), newText = try reading(new)
            let comparison: Comparison
            do {
                comparison = try Comparison(old: oldText, new: newText, options: .init(granularity: granularity, detectMoves: !noMoves))
            } catch { throw Failed(message: "\(new): error: \(error)") }
            // What goes into the output, written to its stream (a page piece by piece).
            let produce: (SourceFile.Stream) throws -> Void
            switch format {
            case .markup:
                produce = { try $0.write(comparison.markupBytes) }
            case .json:
                let json = ComparisonReport.json(comparison, markup: Document(utf8: comparison.markupBytes), oldName: old, newName: new)
                produce = { try $0.write(json) }
            case .stat:
                let stat = ComparisonReport.stat(comparison, markup: Document(utf8: comparison.markupBytes))
                produce = { try $0.write(stat) }
            case .html:
                let edition = Edition(document: Document(utf8: comparison.markupBytes), view: .redline)
                let page: HTMLPage
                do { page = try HTMLPage(templateDirectory: nil) } catch { throw Failed(message: "\(error)") }
                let source = "\((old as NSString).lastPathComponent) → \((new as NSString).lastPathComponent)"
                let changes = ComparisonReport.headerChanges(comparison)
                produce = { stream in try page.write(edition, source: source, frontMatterChanges: changes) { try stream.write($0) } }
            case .text:
                let edition = Edition(document: Document(utf8: comparison.markupBytes), view: .redline)
                let text = ComparisonReport.frontMatterLines(ComparisonReport.headerChanges(comparison))
                    + TextRenderer(edition: edition, width: width, color: false).render(fragment: false)
                produce = { try $0.write(text) }
            }
            do { try SourceFile.write(to: output, produce) } catch { throw Failed(message: "\(error)") }
            // Exit here, as `render` does: freeing a long comparison's arrays one by one takes
            // milliseconds the system does at once. Kept alive to here so Swift frees nothing.
            withExtendedLifetime(comparison) { Foundation.exit(comparison.isIdentical ? 0 : 1) }
        }
    }

    /// An input's text (UTF-8): a draft with revision marks is compared in the reading
    /// `--view` names.
    private func reading(_ file: String) throws -> [UInt8] {
        let source: [UInt8]
        do { source = try SourceFile.readUTF8(file) } catch { throw Failed(message: "\(error)") }
        guard Document.containsRevisionMarkup(utf8: source) else { return source }
        let document = Document(utf8: source)
        try Failed.refuseErrors(in: document, file: file, refusing: "compared")
        return Array((view == .clean ? document.accepted : document.rejected).utf8)
    }
}
