import Foundation
import Redline

struct Verify: Subcommand {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check that a draft's tracked changes are all the changes from its base.",
        discussion: """
        Rejecting every change in DRAFT must give BASE, byte for byte; with --target,
        accepting every change must give TARGET. Each difference is an untracked edit,
        reported as file:line:column: error: with the words involved and a redline of the
        line. Exit status: 0 when the draft hides nothing, 1 when it has untracked edits,
        2 on error.

        Examples:
          policy verify draft.md --base adopted.md
          policy verify draft.md --base adopted.md --target clean.md --ignore-whitespace
        """,
        arguments: [.init(name: "draft", help: "The draft with tracked changes.")],
        options: [
            .value("base", "file", help: "The text the draft's changes were made to.", required: true),
            .value("target", "file", help: "The text the draft's changes should produce."),
            .flag("ignore-whitespace", help: "Ignore differences of whitespace and line wrapping only."),
        ]
    )

    var draft: String
    var base: String
    var target: String?
    var ignoreWhitespace: Bool

    init(_ arguments: ParsedArguments) {
        draft = arguments.positional[0]
        base = arguments.value("base")!
        target = arguments.value("target")
        ignoreWhitespace = arguments.flag("ignore-whitespace")
    }

    func run() throws {
        try Self.exitAfterFailure(status: 2) {
            let (document, name) = try Failed.checkedDocument(draft, refusing: "verified")
            var untracked: [String] = []
            let baseText: String
            do { baseText = try SourceFile.read(base) } catch { throw Failed(message: "\(error)") }
            untracked += try check(document, name: name, against: baseText, baseName: base, decision: .reject)
            if let target {
                let targetText: String
                do { targetText = try SourceFile.read(target) } catch { throw Failed(message: "\(error)") }
                untracked += try check(document, name: name, against: targetText, baseName: target, decision: .accept)
            }
            if untracked.isEmpty {
                print("\(name): every difference from \(base)\(target.map { " and to \($0)" } ?? "") is a tracked change (\(document.changes.count) change\(document.changes.count == 1 ? "" : "s"))")
                return
            }
            FileHandle.standardError.write(Data((untracked.joined(separator: "\n") + "\n").utf8))
            // One error line per edit; the redline lines under them are not counted.
            let edits = untracked.filter { $0.contains(": error: untracked") }.count
            FileHandle.standardError.write(Data("\(name): \(edits) untracked edit\(edits == 1 ? "" : "s")\n".utf8))
            throw Exit(1)
        }
    }

    /// The differences between the draft's reading and the file it should equal, each as an
    /// error at its place in the draft with a one-line redline under it.
    private func check(_ document: Document, name: String, against expected: String, baseName: String, decision: Decision) throws -> [String] {
        let (reading, locate) = document.reading(decision)
        let comparison: Comparison
        do { comparison = try Comparison(old: expected, new: reading) } catch { throw Failed(message: "\(name): error: \(error)") }
        var messages: [String] = []
        if comparison.frontMatterDiffers {
            messages.append("\(name):1:1: error: untracked edit: the front matter differs from \(baseName)")
        }
        let side = decision == .reject ? "rejecting every change" : "accepting every change"
        // Line endings converted (a file saved with CRLF, or back): one finding, not one per line.
        if let (crlf, places) = comparison.lineEndingsConverted {
            if !ignoreWhitespace {
                messages.append("\(name):1:1: error: untracked edit: the line endings differ from \(baseName) (\(crlf ? "CRLF" : "LF") for \(crlf ? "LF" : "CRLF") in \(places) place\(places == 1 ? "" : "s")), found by \(side)")
            }
            return messages
        }
        // White space that changes the structure (a paragraph split) is no reflow.
        let structural = ignoreWhitespace ? ComparisonReport.structuralOfEach(comparison, Document(parsing: comparison.markup)) : []
        for (index, difference) in comparison.differences.enumerated() {
            // An edit inside a moved passage is part of the moved-to insertion reported already.
            if difference.move != nil, difference.kind != .movedTo, difference.kind != .movedFrom { continue }
            if ignoreWhitespace, !structural[index], difference.kind == .layout || (difference.oldText + difference.newText).allSatisfy(\.isWhitespace) { continue }
            let location = locate(difference.newRange.lowerBound)
            let what: String
            switch difference.kind {
            case .insertion, .movedTo: what = "insertion of \(quoted(difference.newText)) (not in \(baseName))"
            case .deletion, .movedFrom: what = "deletion of \(quoted(difference.oldText)) (in \(baseName))"
            case .substitution: what = "replacement of \(quoted(difference.oldText)) by \(quoted(difference.newText))"
            case .layout: what = "whitespace change (\(quoted(difference.oldText)) → \(quoted(difference.newText)))"
            }
            messages.append("\(name):\(location): error: untracked \(what), found by \(side)")
            messages.append("    " + redlineLine(comparison, difference))
        }
        return messages
    }

    private func quoted(_ s: String) -> String {
        // (A carriage return shown too: `⏎` for `␍⏎` would read as no change.)
        let oneLine = s.replacingOccurrences(of: "\r\n", with: "␍⏎").replacingOccurrences(of: "\r", with: "␍").replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (oneLine.count > 80 ? String(oneLine.prefix(77)) + "…" : oneLine) + "\""
    }

    /// The line around a difference as a redline: `…words [-old-]{+new+} words…`.
    private func redlineLine(_ comparison: Comparison, _ difference: Comparison.Difference) -> String {
        let new = comparison.newBytes
        var start = difference.newRange.lowerBound, end = difference.newRange.upperBound
        var before = 0, after = 0
        while start > 0, new[start - 1] != 0x0A, before < 40 { start -= 1; before += 1 }
        while end < new.count, new[end] != 0x0A, after < 40 { end += 1; after += 1 }
        let left = String(decoding: new[start..<difference.newRange.lowerBound], as: UTF8.self)
        let right = String(decoding: new[difference.newRange.upperBound..<end], as: UTF8.self)
        var mark = ""
        if !difference.oldText.isEmpty { mark += "[-\(difference.oldText.replacingOccurrences(of: "\n", with: "⏎"))-]" }
        if !difference.newText.isEmpty { mark += "{+\(difference.newText.replacingOccurrences(of: "\n", with: "⏎"))+}" }
        return (start > 0 && before >= 40 ? "…" : "") + left + mark + right + (after >= 40 ? "…" : "")
    }
}
