import Foundation

/// The differences between a draft's reading and the text it should equal: each an *untracked
/// edit*, reported at its place in the draft with a one-line redline under it.
///
/// `policy verify` compares whole files; the site build compares bodies only, since a draft's
/// front matter (its version and status) differs from its base's by design.
public struct UntrackedEdits: Sendable {
    public var draft: Document
    /// The draft's name in messages.
    public var name: String
    public var ignoreWhitespace: Bool = false
    /// Compare the texts after their front matter.
    public var bodiesOnly: Bool = false

    public init(draft: Document, name: String, ignoreWhitespace: Bool = false, bodiesOnly: Bool = false) {
        self.draft = draft
        self.name = name
        self.ignoreWhitespace = ignoreWhitespace
        self.bodiesOnly = bodiesOnly
    }

    /// The edits found by reading the draft with every change rejected (`.reject`, against its
    /// base) or accepted (`.accept`, against its target): an error line for each, followed by
    /// an indented redline line. Throws when the two cannot be compared.
    public func check(against expected: [UInt8], named expectedName: String, decision: Decision) throws -> [String] {
        let (fullReading, locate) = draft.reading(decision)
        var reading = Array(fullReading.utf8), expected = expected, shift = 0
        if bodiesOnly {
            shift = FrontMatterReader.length(of: reading)
            reading.removeFirst(shift)
            expected.removeFirst(FrontMatterReader.length(of: expected))
        }
        // An honest draft reads back exactly: no diff needed (the site build checks hundreds).
        if reading == expected { return [] }
        let comparison = try Comparison(old: expected, new: reading)
        var messages: [String] = []
        if comparison.frontMatterDiffers {
            messages.append("\(name):1:1: error: untracked edit: the front matter differs from \(expectedName)")
        }
        let side = decision == .reject ? "rejecting every change" : "accepting every change"
        // Line endings converted (a file saved with CRLF, or back): one finding, not one per line.
        if let (crlf, places) = comparison.lineEndingsConverted {
            if !ignoreWhitespace {
                messages.append("\(name):1:1: error: untracked edit: the line endings differ from \(expectedName) (\(crlf ? "CRLF" : "LF") for \(crlf ? "LF" : "CRLF") in \(places) place\(places == 1 ? "" : "s")), found by \(side)")
            }
            return messages
        }
        // White space that changes the structure (a paragraph split) is no reflow.
        let structural = ignoreWhitespace ? ComparisonReport.structuralOfEach(comparison, Document(utf8: comparison.markupBytes)) : []
        for (index, difference) in comparison.differences.enumerated() {
            // An edit inside a moved passage is part of the moved-to insertion reported already.
            if difference.move != nil, difference.kind != .movedTo, difference.kind != .movedFrom { continue }
            if ignoreWhitespace, !structural[index], difference.kind == .layout || (difference.oldText + difference.newText).allSatisfy(\.isWhitespace) { continue }
            let location = locate(difference.newRange.lowerBound + shift)
            let what: String
            switch difference.kind {
            case .insertion, .movedTo: what = "insertion of \(Self.quoted(difference.newText)) (not in \(expectedName))"
            case .deletion, .movedFrom: what = "deletion of \(Self.quoted(difference.oldText)) (in \(expectedName))"
            case .substitution: what = "replacement of \(Self.quoted(difference.oldText)) by \(Self.quoted(difference.newText))"
            case .layout: what = "whitespace change (\(Self.quoted(difference.oldText)) → \(Self.quoted(difference.newText)))"
            }
            messages.append("\(name):\(location): error: untracked \(what), found by \(side)")
            messages.append("    " + Self.redlineLine(comparison, difference))
        }
        return messages
    }

    /// How many edits a list of messages from ``check(against:named:decision:)`` reports (the
    /// redline lines under them are not counted).
    public static func count(_ messages: [String]) -> Int {
        messages.filter { $0.contains(": error: untracked") }.count
    }

    static func quoted(_ s: String) -> String {
        // (A carriage return shown too: `⏎` for `␍⏎` would read as no change.)
        let oneLine = s.replacingOccurrences(of: "\r\n", with: "␍⏎").replacingOccurrences(of: "\r", with: "␍").replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (oneLine.count > 80 ? String(oneLine.prefix(77)) + "…" : oneLine) + "\""
    }

    /// The line around a difference as a redline: `…words [-old-]{+new+} words…`.
    static func redlineLine(_ comparison: Comparison, _ difference: Comparison.Difference) -> String {
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
