/// A revision mark as the scanner found it: byte ranges into the file, nothing resolved.
///
/// Internal: the public face of a mark is ``Change``. Marks live in one flat array in source
/// order; nesting is by index, so walking them never recurses deeply.
struct Mark: Hashable, Sendable {
    var kind: Change.Kind
    var style: Change.Style
    /// The whole mark, delimiters included; for a block change its delimiter lines too.
    var range: Range<Int>
    /// The JSON attribution prefix with its `@@`, if any.
    var prefix: Range<Int>?
    /// The content after the prefix; for a substitution its old side.
    var content: Range<Int>
    /// A substitution's new side.
    var newContent: Range<Int>?
    var isBlock: Bool
    var parent: Int?
    var children: [Int] = []
    /// For a comment written directly after a change: that change's index.
    var owner: Int?
    /// Comments attached to this mark, in order.
    var comments: [Int] = []
    var attribution = Attribution()
    var explicitID: String?
    var move: String?
    var renumber: String?
    /// The mark starts in a code span or a fenced code block, where white space is content.
    var inCode = false
}

extension Mark {
    /// A change of layout only, shown as nothing in the editions (kept so that both readings
    /// come back exactly, as `policy diff` writes them): white space for white space inside a
    /// paragraph (a re-wrapped line) or between paragraphs (other line endings, more blank
    /// lines), or line breaks inserted or deleted where a blank line stands in both readings (an
    /// extra blank line between two blocks, which Markdown ignores) or at the file's start or end. Never in code, where white
    /// space is content, and never spaces or tabs inserted or deleted alone (indentation can
    /// make a paragraph code, or move it into a list item).
    func isLayout(in bytes: [UInt8]) -> Bool {
        guard children.isEmpty, comments.isEmpty, !isBlock, !inCode else { return false }
        func newlines(_ r: Range<Int>) -> Int? {
            var count = 0
            for b in bytes[r] {
                if b == 0x0A { count += 1 } else if b != 0x20, b != 0x09, b != 0x0D { return nil }
            }
            return count
        }
        switch kind {
        case .substitution:
            // Neither side breaks a paragraph, or both do (`⏎⏎` for `␍⏎␍⏎`).
            guard let new = newContent, let a = newlines(content), let b = newlines(new) else { return false }
            // Between paragraphs the next line's indentation must stay: four spaces more and
            // the paragraph after is code.
            func indentation(_ r: Range<Int>) -> ArraySlice<UInt8> { bytes[r].reversed().prefix { $0 == 0x20 || $0 == 0x09 }[...] }
            return a < 2 && b < 2 || a >= 2 && b >= 2 && indentation(content).elementsEqual(indentation(new))
        case .insertion, .deletion:
            guard !content.isEmpty, bytes[content].allSatisfy({ $0 == 0x0A || $0 == 0x0D }) else { return false }
            // Line breaks right around the mark, outside it: two make a blank line on their own.
            var before = 0, i = range.lowerBound
            while i > 0, let b = Optional(bytes[i - 1]), b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D {
                if b == 0x0A { before += 1 }
                i -= 1
            }
            var after = 0, j = range.upperBound
            while j < bytes.count, let b = Optional(bytes[j]), b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D {
                if b == 0x0A { after += 1 }
                j += 1
            }
            // The file's start and end count as blank lines: line breaks there show nowhere.
            return i == 0 || j == bytes.count || before + after >= 2
        default:
            return false
        }
    }
}
