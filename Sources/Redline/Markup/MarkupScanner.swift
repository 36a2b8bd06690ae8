/// Finds the revision marks in a policy body in one linear pass over its bytes.
///
/// Why a scanner of our own: cmark-gfm's strikethrough and smart punctuation mangle CriticMarkup
/// (`{~~a~>b~~}` becomes `{<del>a~&gt;b</del>}`), so the marks must be claimed before cmark-gfm
/// sees the text. Every byte is looked at a bounded number of times: openers go on a small stack,
/// closers pop it, and everything the scanner needs to know about code spans and tables is
/// precomputed in linear passes. Pathological input (20,000 unclosed `{++`) stays linear.
struct MarkupScanner {
    let bytes: [UInt8]
    /// Where the body starts (after the front matter); marks are only looked for from here.
    let start: Int
    let lines: LineIndex

    private(set) var marks: [Mark] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(bytes: [UInt8], start: Int, lines: LineIndex) {
        self.bytes = bytes
        self.start = start
        self.lines = lines
    }

    /// An open mark on the stack.
    private struct Frame {
        var kind: Change.Kind
        var style: Change.Style
        var opener: Int
        var contentStart: Int
        var separator: Int?
        /// A frame opened where nesting is not allowed: its delimiters stay literal text.
        var literal = false
        var blockOpener = false
        /// A block mark's attribution prefix, written on the opener's line.
        var blockPrefix: Range<Int>?
    }

    private var stack: [Frame] = []
    /// Escaped openers (`\{++`) whose closers are still to come, by kind.
    private var escapedOpeners: [Change.Kind: Int] = [:]

    static func scan(bytes: [UInt8], start: Int, lines: LineIndex) -> (marks: [Mark], diagnostics: [Diagnostic]) {
        var scanner = MarkupScanner(bytes: bytes, start: start, lines: lines)
        scanner.run()
        return (scanner.marks, scanner.diagnostics)
    }

    // MARK: - Byte classes

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"),
        cr = UInt8(ascii: "\r"), brace = UInt8(ascii: "{"), close = UInt8(ascii: "}"),
        plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), tilde = UInt8(ascii: "~"),
        gt = UInt8(ascii: ">"), lt = UInt8(ascii: "<"), equal = UInt8(ascii: "="),
        backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`"), pipe = UInt8(ascii: "|")

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == space || b == tab || b == newline || b == cr || b == 0x0B || b == 0x0C
    }

    static func isPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    private func byte(_ i: Int) -> UInt8? { i >= start && i < bytes.count ? bytes[i] : nil }

    /// CommonMark's left-flanking rule for a delimiter run at `i..<i+n`.
    private func leftFlanking(_ i: Int, _ n: Int) -> Bool {
        guard let next = byte(i + n), !Self.isWhitespace(next) else { return false }
        if !Self.isPunctuation(next) { return true }
        guard let prev = byte(i - 1) else { return true }
        return Self.isWhitespace(prev) || Self.isPunctuation(prev)
    }

    /// CommonMark's right-flanking rule for a delimiter run at `i..<i+n`.
    private func rightFlanking(_ i: Int, _ n: Int) -> Bool {
        guard let prev = byte(i - 1), !Self.isWhitespace(prev) else { return false }
        if !Self.isPunctuation(prev) { return true }
        guard let next = byte(i + n) else { return true }
        return Self.isWhitespace(next) || Self.isPunctuation(next)
    }

    // MARK: - The pass

    private mutating func run() {
        let code = CodeRegions(bytes: bytes, start: start)
        var i = start
        var lineStart = true
        var inLinkDestination = false
        var inAutolink = false
        /// After `]:` (a reference definition), the destination starts at the next non-space.
        var referenceDestinationPending = false
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if lineStart {
                lineStart = false
                if isBlankLine(at: i) { closeShorthandAtParagraphEnd(at: i) }
            }
            // Letters, digits and the rest of most lines start nothing here: skip them fast.
            if !referenceDestinationPending, Self.isPlain(b) || b == Self.space {
                if inLinkDestination || inAutolink {
                    let (end, sawSpace) = Self.skipPlain(bytes, from: i)
                    if sawSpace {
                        // A space ends a link destination or a bare URL, as in the switch below.
                        inLinkDestination = false
                        inAutolink = false
                    }
                    i = end
                } else {
                    i = Self.skipText(bytes, from: i)
                }
                continue
            }
            if b == Self.newline {
                lineStart = true
                inLinkDestination = false
                inAutolink = false
                referenceDestinationPending = false
                i += 1
                continue
            }
            if b == Self.backslash, i + 1 < n, Self.isPunctuation(bytes[i + 1]) {
                // `\{++` keeps the whole opener literal, not just the brace.
                if bytes[i + 1] == Self.brace, i + 3 < n, let kind = Self.openerKind(bytes[i + 2], bytes[i + 3]) {
                    escapedOpeners[kind, default: 0] += 1
                    i += 4
                } else {
                    i += 2
                }
                continue
            }
            if i + 3 < n, bytes[i + 2] == Self.backslash, bytes[i + 3] == Self.close, Self.closerKind(bytes[i], bytes[i + 1]) != nil {
                // `++\}` is an escaped closer.
                i += 4
                continue
            }
            if b == Self.brace, i + 2 < n, let kind = Self.openerKind(bytes[i + 1], bytes[i + 2]) {
                if inLinkDestination || inAutolink, !isLayoutSubstitution(at: i) {
                    report(.error, at: i, "revision markup inside a link destination")
                }
                open(kind, style: .criticMarkup, at: i, length: 3)
                i += 3
                continue
            }
            if i + 2 < n, bytes[i + 2] == Self.close, bytes[i] == bytes[i + 1] || (bytes[i] == Self.lt && bytes[i + 1] == Self.lt),
               let kind = Self.closerKind(bytes[i], bytes[i + 1]), closeCritic(kind, at: i) {
                i += 3
                continue
            }
            if b == Self.tilde, i + 1 < n, bytes[i + 1] == Self.gt, let top = stack.last, top.kind == .substitution,
               top.style == .criticMarkup, top.separator == nil, !top.literal {
                stack[stack.count - 1].separator = i
                i += 2
                continue
            }
            if i + 2 < n, bytes[i + 2] == Self.close, let kind = Self.closerKind(bytes[i], bytes[i + 1]),
               bytes[i] == bytes[i + 1] || kind == .comment, !code.contains(i), !Self.isStrayExempt(bytes, i),
               !stack.contains(where: { $0.style == .shorthand && ($0.kind == .insertion ? Self.plus : Self.tilde) == bytes[i] }) {
                if let pending = escapedOpeners[kind], pending > 0 {
                    // The closer of an escaped opener (`\{++literal++}`): literal too.
                    escapedOpeners[kind] = pending - 1
                } else {
                    report(.error, at: i, "stray closing delimiter '\(Self.closer(kind))' with no opening '\(Self.opener(kind))'")
                }
                i += 3
                continue
            }
            if (b == Self.tilde || b == Self.plus), i + 1 < n, bytes[i + 1] == b,
               byte(i - 1) != b, byte(i + 2) != b, !code.contains(i), !inLinkDestination, !inAutolink {
                if shorthand(b == Self.tilde ? .deletion : .insertion, at: i) {
                    i += 2
                    continue
                }
            }
            if referenceDestinationPending, b != Self.space, b != Self.tab {
                referenceDestinationPending = false
                inLinkDestination = true
            }
            switch b {
            case UInt8(ascii: "]") where i + 1 < n && bytes[i + 1] == UInt8(ascii: ":"):
                referenceDestinationPending = true
                i += 2
                continue
            case UInt8(ascii: ":") where i + 2 < n && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/")
                && i > start && Self.isASCIILetter(bytes[i - 1]):
                // A bare URL (`https://…`: a scheme before the `://`) runs to the next white space.
                inAutolink = true
            case UInt8(ascii: "]") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "("):
                // Only a `(` closed in its paragraph opens a destination: `](` alone is no link.
                // (The paragraph, not the line: a mark may hold a line break before the `)`.)
                inLinkDestination = closesInParagraph(from: i + 2)
                i += 2
                continue
            case UInt8(ascii: ")"), Self.space, Self.tab:
                inLinkDestination = false
                inAutolink = false
            case Self.lt where Self.startsAutolink(bytes, i + 1):
                inAutolink = true
            case Self.gt:
                inAutolink = false
            default:
                break
            }
            i += 1
        }
        // Whatever is still open at the end was never closed.
        while let frame = stack.popLast() {
            reportUnclosed(frame)
        }
        marks.sort { $0.range.lowerBound < $1.range.lowerBound }
        for k in marks.indices where code.contains(marks[k].range.lowerBound) { marks[k].inCode = true }
        renumber()
        attachComments()
        checkContents()
    }

    /// Where the run of plain bytes and spaces from `start` ends, and whether it holds a space.
    /// (Most of a policy is such runs: this loop reads the bytes directly, not through the
    /// scanner's state.)
    private static func skipPlain(_ bytes: [UInt8], from start: Int) -> (end: Int, sawSpace: Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            plainOrSpace.withUnsafeBufferPointer { table in
                var i = start
                var classes: UInt8 = 0
                while i < buffer.count {
                    let c = table[Int(buffer[i])]
                    if c == 0 { break }
                    classes |= c
                    i += 1
                }
                return (i, classes & 2 != 0)
            }
        }
    }

    /// Where the run of plain bytes and spaces from `start` ends, outside link destinations
    /// (where a space needs no notice). Four bytes a step: this is most of the scan of a
    /// policy, and a byte a step spent more on the loop than on the bytes.
    private static func skipText(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            plainOrSpace.withUnsafeBufferPointer { table in
                var i = start
                let n = buffer.count
                while i + 4 <= n, table[Int(buffer[i])] != 0, table[Int(buffer[i + 1])] != 0,
                      table[Int(buffer[i + 2])] != 0, table[Int(buffer[i + 3])] != 0 {
                    i += 4
                }
                while i < n, table[Int(buffer[i])] != 0 { i += 1 }
                return i
            }
        }
    }

    /// ``isPlain(_:)`` as a table (1), and the space (2): one load per byte in ``skipPlain``.
    private static let plainOrSpace: [UInt8] = (0...255).map { b in isPlain(UInt8(b)) ? 1 : UInt8(b) == space ? 2 : 0 }

    /// Bytes that neither open, close nor end anything the scanner tracks: ASCII letters and
    /// digits, UTF-8 beyond ASCII, and common punctuation.
    @inline(__always)
    private static func isPlain(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
            || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "'") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: ";") || b == UInt8(ascii: "?") || b == UInt8(ascii: "!")
    }

    private static func isStrayExempt(_ bytes: [UInt8], _ i: Int) -> Bool {
        // `-->` closing an HTML comment, arrows such as `<--}` are not worth a diagnostic;
        // only a closer preceded by a word or space counts as stray.
        i > 0 && bytes[i - 1] == UInt8(ascii: "<")
    }

    private static func startsAutolink(_ bytes: [UInt8], _ i: Int) -> Bool {
        var j = i
        while j < bytes.count, j - i < 33 {
            let c = bytes[j]
            if c == UInt8(ascii: ":") { return j - i >= 2 }
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || (j > i && ((c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")))
            if !ok { return false }
            j += 1
        }
        return false
    }

    private func isBlankLine(at i: Int) -> Bool {
        var j = i
        while j < bytes.count, bytes[j] == Self.space || bytes[j] == Self.tab || bytes[j] == Self.cr { j += 1 }
        return j < bytes.count && bytes[j] == Self.newline
    }

    // MARK: - Delimiters

    static func openerKind(_ a: UInt8, _ b: UInt8) -> Change.Kind? {
        guard a == b else { return nil }
        switch a {
        case plus: return .insertion
        case minus: return .deletion
        case tilde: return .substitution
        case gt: return .comment
        case equal: return .highlight
        default: return nil
        }
    }

    static func closerKind(_ a: UInt8, _ b: UInt8) -> Change.Kind? {
        guard a == b else { return nil }
        switch a {
        case plus: return .insertion
        case minus: return .deletion
        case tilde: return .substitution
        case lt: return .comment
        case equal: return .highlight
        default: return nil
        }
    }

    static func opener(_ kind: Change.Kind) -> String {
        switch kind {
        case .insertion: "{++"
        case .deletion: "{--"
        case .substitution: "{~~"
        case .comment: "{>>"
        case .highlight: "{=="
        }
    }

    static func closer(_ kind: Change.Kind) -> String {
        switch kind {
        case .insertion: "++}"
        case .deletion: "--}"
        case .substitution: "~~}"
        case .comment: "<<}"
        case .highlight: "==}"
        }
    }

    /// Whether a mark of `kind` may open inside the innermost open mark: one level, inside an
    /// insertion (a reviewer's edit of another's addition, or the edits inside a moved passage,
    /// as Word nests them in a move), and never a highlight there.
    private func nestingAllowed(_ kind: Change.Kind) -> Bool {
        guard let top = stack.last else { return true }
        if top.literal { return false }
        return top.kind == .insertion && kind != .highlight && stack.count == 1
    }

    private mutating func open(_ kind: Change.Kind, style: Change.Style, at i: Int, length: Int) {
        var frame = Frame(kind: kind, style: style, opener: i, contentStart: i + length)
        if !nestingAllowed(kind) {
            if stack.last?.literal != true {
                let outer = stack.last.map { "\($0.style == .shorthand ? "shorthand " : "")\($0.kind.rawValue)" } ?? ""
                report(.error, at: i, "nesting too deep: \(article(kind)) \(kind.rawValue) cannot stand inside \(article(outer)) \(outer); only an insertion may hold other marks, one level deep")
            }
            frame.literal = true
        }
        if style == .criticMarkup, !frame.literal {
            if isAloneOnLine(opener: i, length: length) {
                frame.blockOpener = true
            } else if let prefix = blockPrefix(after: i + length), isAloneOnLine(opener: i, length: prefix.upperBound - i) {
                frame.blockOpener = true
                frame.blockPrefix = prefix
                frame.contentStart = prefix.upperBound
            }
        }
        stack.append(frame)
    }

    private func article(_ word: Change.Kind) -> String { article(word.rawValue) }
    private func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// Closes the innermost open CriticMarkup mark of this kind, if there is one.
    private mutating func closeCritic(_ kind: Change.Kind, at i: Int) -> Bool {
        guard let index = stack.lastIndex(where: { $0.kind == kind && $0.style == .criticMarkup }) else { return false }
        // Frames above it were never closed.
        while stack.count > index + 1 {
            reportUnclosed(stack.removeLast())
        }
        let frame = stack.removeLast()
        finish(frame, closerAt: i, closerLength: 3)
        return true
    }

    /// Handles a `~~` or `++` run; returns whether it was taken as a delimiter.
    private mutating func shorthand(_ kind: Change.Kind, at i: Int) -> Bool {
        // Inside a deletion, substitution, comment or highlight, `~~` and `++` are text:
        // `{~~a~~b~>c~~}` replaces `a~~b`.
        if let top = stack.last, top.style == .criticMarkup, top.kind != .insertion || top.literal { return false }
        if let index = stack.lastIndex(where: { $0.kind == kind && $0.style == .shorthand }), rightFlanking(i, 2) {
            while stack.count > index + 1 {
                let inner = stack.removeLast()
                reportUnclosed(inner)
            }
            let frame = stack.removeLast()
            finish(frame, closerAt: i, closerLength: 2)
            return true
        }
        if leftFlanking(i, 2) {
            open(kind, style: .shorthand, at: i, length: 2)
            return true
        }
        return false
    }

    /// A shorthand mark cannot cross a blank line.
    private mutating func closeShorthandAtParagraphEnd(at i: Int) {
        while let top = stack.last, top.style == .shorthand {
            stack.removeLast()
            reportUnclosed(top)
        }
    }

    /// A `{…}@@` prefix right after a block opener, on the same line (looked for within 512
    /// bytes so that a long line of openers stays linear).
    private func blockPrefix(after i: Int) -> Range<Int>? {
        guard i < bytes.count, bytes[i] == Self.brace else { return nil }
        var j = i + 1
        while j + 2 < bytes.count, j - i < 512, bytes[j] != Self.newline {
            if bytes[j] == Self.close, bytes[j + 1] == UInt8(ascii: "@"), bytes[j + 2] == UInt8(ascii: "@") { return i..<(j + 3) }
            j += 1
        }
        return nil
    }

    private func isAloneOnLine(opener i: Int, length: Int) -> Bool {
        var j = i - 1
        while j >= start, bytes[j] == Self.space || bytes[j] == Self.tab { j -= 1 }
        guard j < start || bytes[j] == Self.newline else { return false }
        let after = i + length
        return after < bytes.count && (bytes[after] == Self.newline || (bytes[after] == Self.cr && after + 1 < bytes.count && bytes[after + 1] == Self.newline))
    }

    private mutating func finish(_ frame: Frame, closerAt i: Int, closerLength: Int) {
        if frame.literal { return }
        var end = i + closerLength
        var rangeStart = frame.opener
        var contentStart = frame.contentStart
        var contentEnd = frame.separator ?? i
        var isBlock = false, atEndOfFile = false
        if frame.blockPrefix != nil, !closerAloneOnLine(at: i, end: end) {
            // Not a block after all: the prefix is read as an ordinary inline prefix.
            contentStart = frame.opener + 3
        }
        if frame.blockOpener, closerAloneOnLine(at: i, end: end) {
            isBlock = true
            // The delimiter lines belong to the change: from the opener's line start through the
            // closer's line break.
            while rangeStart > start, bytes[rangeStart - 1] == Self.space || bytes[rangeStart - 1] == Self.tab { rangeStart -= 1 }
            contentStart = lineBreakEnd(after: contentStart)
            if frame.kind != .substitution { contentEnd = lineStartBefore(i) }
            if end < bytes.count, bytes[end] == Self.cr { end += 1 }
            if end < bytes.count, bytes[end] == Self.newline { end += 1 }
            // The break ending the content's last line stands for the closer's own (which the
            // mark takes): where the file ends at the closer, without one, there is none.
            atEndOfFile = end == bytes.count && end == i + closerLength
        }
        if frame.kind == .substitution, frame.separator == nil {
            report(.error, at: frame.opener, "substitution has no '~>' separator between the old and the new text")
        }
        if atEndOfFile { contentEnd = withoutLineBreak(before: contentEnd, from: contentStart) }
        var mark = Mark(kind: frame.kind, style: frame.style, range: rangeStart..<end, prefix: isBlock ? frame.blockPrefix : nil,
                        content: contentStart..<max(contentStart, contentEnd), newContent: nil, isBlock: isBlock)
        if let separator = frame.separator {
            let newStart = isBlock ? lineBreakEnd(after: separator + 2) : separator + 2
            var newEnd = isBlock ? lineStartBefore(i) : i
            if atEndOfFile { newEnd = withoutLineBreak(before: newEnd, from: newStart) }
            mark.newContent = newStart..<max(newStart, newEnd)
        }
        marks.append(mark)
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    private func closerAloneOnLine(at i: Int, end: Int) -> Bool {
        var j = i - 1
        while j >= start, bytes[j] == Self.space || bytes[j] == Self.tab { j -= 1 }
        guard j >= start, bytes[j] == Self.newline else { return false }
        return end >= bytes.count || bytes[end] == Self.newline || bytes[end] == Self.cr
    }

    private func lineBreakEnd(after i: Int) -> Int {
        var j = i
        if j < bytes.count, bytes[j] == Self.cr { j += 1 }
        if j < bytes.count, bytes[j] == Self.newline { j += 1 }
        return j
    }

    /// The first `)` or blank line found by the last ``closesInParagraph(from:)``: a paragraph
    /// of many `](` is then searched once, not once per `](`.
    private var closeSearch = (end: -1, closes: false)

    /// `{~~ ~>⏎~~}`: white space for white space, without a blank line (a re-wrapped line, as
    /// `policy diff` writes it). It ends a URL on either reading, and the redline shows it as
    /// its new white space: it may follow a URL.
    private func isLayoutSubstitution(at i: Int) -> Bool {
        guard bytes[i + 1] == UInt8(ascii: "~") else { return false }
        func space(from k: Int) -> (end: Int, ok: Bool) {
            var j = k, newlines = 0
            while j < bytes.count, bytes[j] == Self.space || bytes[j] == Self.tab || bytes[j] == Self.cr || bytes[j] == Self.newline {
                if bytes[j] == Self.newline { newlines += 1 }
                j += 1
            }
            return (j, j > k && newlines < 2)
        }
        let old = space(from: i + 3)
        guard old.ok, old.end + 1 < bytes.count, bytes[old.end] == UInt8(ascii: "~"), bytes[old.end + 1] == UInt8(ascii: ">") else { return false }
        let new = space(from: old.end + 2)
        return new.ok && bytes[new.end...].starts(with: "~~}".utf8)
    }

    /// Whether a `)` follows `from` before the paragraph ends (a blank line, or the file's end).
    private mutating func closesInParagraph(from: Int) -> Bool {
        if from <= closeSearch.end { return closeSearch.closes }
        var j = from
        while j < bytes.count, bytes[j] != UInt8(ascii: ")") {
            if bytes[j] == Self.newline {
                var k = j + 1
                while k < bytes.count, bytes[k] == Self.space || bytes[k] == Self.tab || bytes[k] == Self.cr { k += 1 }
                if k >= bytes.count || bytes[k] == Self.newline { break }
            }
            j += 1
        }
        closeSearch = (j, j < bytes.count && bytes[j] == UInt8(ascii: ")"))
        return closeSearch.closes
    }

    /// `end`, or the start of the line break that `end` follows (not before `from`).
    private func withoutLineBreak(before end: Int, from: Int) -> Int {
        guard end > from, bytes[end - 1] == Self.newline else { return end }
        return end - 1 > from && bytes[end - 2] == Self.cr ? end - 2 : end - 1
    }

    private func lineStartBefore(_ i: Int) -> Int {
        var j = i
        while j > start, bytes[j - 1] == Self.space || bytes[j - 1] == Self.tab { j -= 1 }
        return j
    }

    private mutating func reportUnclosed(_ frame: Frame) {
        guard !frame.literal else { return }
        let delimiter = frame.style == .shorthand
            ? (frame.kind == .insertion ? "++" : "~~")
            : Self.opener(frame.kind)
        var message = "unclosed \(frame.kind.rawValue) '\(delimiter)'"
        if frame.style == .shorthand { message += " (a shorthand mark must close before the end of its paragraph)" }
        report(.error, at: frame.opener, message)
    }

    private mutating func report(_ severity: Diagnostic.Severity, at offset: Int, _ message: String) {
        diagnostics.append(Diagnostic(severity, at: lines.location(of: offset), message))
    }

    // MARK: - After the pass

    /// Marks were appended as they closed (inner before outer) and then sorted into source
    /// order; nesting is rebuilt from containment, which is exactly the nesting the stack allowed
    /// (literal and unclosed delimiters never became marks).
    private mutating func renumber() {
        var open: [Int] = []
        for i in marks.indices {
            marks[i].children = []
            marks[i].parent = nil
            while let top = open.last, marks[top].range.upperBound <= marks[i].range.lowerBound { open.removeLast() }
            if let top = open.last, marks[top].range.upperBound >= marks[i].range.upperBound {
                marks[i].parent = top
                marks[top].children.append(i)
            }
            open.append(i)
        }
    }

    /// A comment written directly after a change (or after another comment on it) belongs to it.
    private mutating func attachComments() {
        var previous: Int? = nil
        var previousBySibling: [Int?: Int] = [:]
        for i in marks.indices {
            let parentKey = marks[i].parent
            previous = previousBySibling[parentKey] ?? nil
            if marks[i].kind == .comment, let p = previous, marks[p].range.upperBound == marks[i].range.lowerBound {
                let owner = marks[p].kind == .comment ? (marks[p].owner ?? p) : p
                if marks[owner].kind != .comment {
                    marks[i].owner = owner
                    marks[owner].comments.append(i)
                }
            }
            previousBySibling[parentKey] = i
        }
    }

    /// Attribution prefixes, empty marks, highlights without comments and table cell separators.
    private mutating func checkContents() {
        let tables = TableLines(bytes: bytes, start: start, lines: lines)
        for i in marks.indices {
            parseAttribution(i)
            let mark = marks[i]
            let text = bytes[mark.content]
            let newText = mark.newContent.map { bytes[$0] } ?? []
            switch mark.kind {
            case .substitution:
                if mark.newContent != nil, text.elementsEqual(newText), !text.isEmpty {
                    report(.warning, at: mark.range.lowerBound, "substitution does not change the text")
                } else if text.isEmpty && newText.isEmpty {
                    report(.warning, at: mark.range.lowerBound, "empty substitution")
                }
            case .highlight:
                if text.isEmpty { report(.warning, at: mark.range.lowerBound, "empty highlight") }
                if mark.comments.isEmpty { report(.warning, at: mark.range.lowerBound, "highlight without a comment: write the comment directly after it, {==text==}{>>comment<<}") }
            default:
                if text.isEmpty { report(.warning, at: mark.range.lowerBound, "empty \(mark.kind.rawValue)") }
            }
            if !mark.isBlock, tables.containsPipe(in: mark.range, bytes: bytes), tables.isTable(mark.range) {
                report(.error, at: mark.range.lowerBound, "revision markup contains a table cell separator '|': mark each cell's change separately")
            } else if mark.isBlock, tables.isTable(mark.range.lowerBound..<(mark.range.lowerBound + 1)), tables.containsPipe(in: mark.range, bytes: bytes) {
                // Rows inserted or deleted inside a table: GFM reads the mark's lines as rows
                // of the table around them, and the redline cannot show them as rows.
                report(.error, at: mark.range.lowerBound, "a table's rows cannot be inserted or deleted inside it: mark each cell's change, or replace the whole table")
            }
        }
    }

    private mutating func parseAttribution(_ i: Int) {
        if let prefix = marks[i].prefix {
            applyAttribution(i, json: Array(bytes[prefix.lowerBound..<(prefix.upperBound - 2)]), at: prefix.lowerBound)
            return
        }
        let content = marks[i].content
        guard content.count > 3, bytes[content.lowerBound] == Self.brace else { return }
        // Find `}@@` within the content.
        var j = content.lowerBound + 1
        var found: Int? = nil
        while j + 2 < content.upperBound {
            if bytes[j] == Self.close, bytes[j + 1] == UInt8(ascii: "@"), bytes[j + 2] == UInt8(ascii: "@") {
                found = j
                break
            }
            j += 1
        }
        guard let end = found else { return }
        let json = Array(bytes[content.lowerBound...end])
        let prefixEnd = end + 3
        // A mark nested at the start (`{++{--}@@--}++}`: the `{` is a deletion's) is content,
        // not the opening of an attribution.
        guard !marks[i].children.contains(where: { marks[$0].range.lowerBound < prefixEnd }) else { return }
        marks[i].prefix = content.lowerBound..<prefixEnd
        marks[i].content = prefixEnd..<max(prefixEnd, content.upperBound)
        applyAttribution(i, json: json, at: content.lowerBound)
    }

    private mutating func applyAttribution(_ i: Int, json: [UInt8], at offset: Int) {
        switch AttributionPrefix.parse(json) {
        case .success(let parsed):
            marks[i].attribution = parsed.attribution
            marks[i].explicitID = parsed.id
            marks[i].move = parsed.move
            marks[i].renumber = parsed.renumber
        case .failure(let problem):
            report(.error, at: offset, problem.message)
        }
    }
}

/// Code spans and fenced code blocks, where the shorthand is not recognised.
///
/// Precomputed in linear passes so that the scanner asks "is this byte code?" in amortised O(1).
struct CodeRegions {
    private var regions: [Range<Int>] = []
    /// Where each fenced code block's opening line starts, in order.
    private let fenceStarts: [Int]

    init(bytes: [UInt8], start: Int) {
        let (fences, blankLines, runs) = bytes.withUnsafeBufferPointer { Self.lines($0, from: start) }
        regions = fences
        fenceStarts = fences.map(\.lowerBound)
        // Code spans: a run of N backticks up to the next run of exactly N, not across a blank line.
        var spans: [Range<Int>] = []
        for (_, list) in runs {
            var k = 0
            while k + 1 < list.count {
                let open = list[k], closeRun = list[k + 1]
                if !Self.hasBlankLine(blankLines, between: open.1, and: closeRun.0) {
                    spans.append(open.0..<closeRun.1)
                    k += 2
                } else {
                    k += 1
                }
            }
        }
        spans.sort { $0.lowerBound < $1.lowerBound }
        // Drop spans that start inside an earlier span (the earlier one wins, as in CommonMark).
        var end = -1
        for span in spans where span.lowerBound >= end {
            regions.append(span)
            end = span.upperBound
        }
        regions.sort { $0.lowerBound < $1.lowerBound }
    }

    /// One pass over the lines: fenced code blocks, blank lines, and the backtick runs outside
    /// fences by length (the candidates for code spans). On the buffer, not the array: this
    /// reads every byte of the policy.
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int)
        -> (fences: [Range<Int>], blankLines: [Int], runs: [Int: [(Int, Int)]]) {
        let n = bytes.count
        let newline = UInt8(ascii: "\n"), backtick = UInt8(ascii: "`"), tilde = UInt8(ascii: "~")
        var regions: [Range<Int>] = []
        // Fenced code blocks.
        var i = start
        var fence: (char: UInt8, count: Int, start: Int)? = nil
        var blankLines: [Int] = []
        var runs: [Int: [(Int, Int)]] = [:]
        while i < n {
            let lineStart = i
            var j = i
            while j < n, j - lineStart < 3, bytes[j] == UInt8(ascii: " ") { j += 1 }
            var k = j
            let lineEnd = bytes.offset(of: newline, from: lineStart) ?? n
            if k < n, bytes[k] == backtick || bytes[k] == tilde {
                let c = bytes[k]
                while k < n, bytes[k] == c { k += 1 }
                let count = k - j
                if count >= 3 {
                    if let f = fence {
                        if c == f.char, count >= f.count {
                            regions.append(f.start..<k)
                            fence = nil
                        }
                    } else if c == tilde || bytes.offset(of: backtick, from: k, to: lineEnd) == nil {
                        // (A backtick fence's info string holds no backtick: ```` ```a``` ```` is
                        // a code span.)
                        fence = (c, count, lineStart)
                    }
                }
            }
            var e = j
            while e < n, bytes[e] == UInt8(ascii: " ") || bytes[e] == UInt8(ascii: "\t") || bytes[e] == UInt8(ascii: "\r") { e += 1 }
            if e >= n || bytes[e] == newline { blankLines.append(lineStart) }
            // Backtick runs on this line (outside fences).
            var p = lineStart
            while fence == nil, let run = bytes.offset(of: backtick, from: p, to: lineEnd) {
                p = run
                while p < lineEnd, bytes[p] == backtick { p += 1 }
                runs[p - run, default: []].append((run, p))
            }
            i = lineEnd < n ? lineEnd + 1 : n
        }
        if let f = fence { regions.append(f.start..<n) }
        return (regions, blankLines, runs)
    }

    private static func hasBlankLine(_ blanks: [Int], between a: Int, and b: Int) -> Bool {
        var lo = 0, hi = blanks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if blanks[mid] < a { lo = mid + 1 } else { hi = mid }
        }
        return lo < blanks.count && blanks[lo] < b
    }

    /// Whether a fenced code block opens on the line starting at `lineStart`.
    func opensFence(atLine lineStart: Int) -> Bool {
        var lo = 0, hi = fenceStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if fenceStarts[mid] < lineStart { lo = mid + 1 } else { hi = mid }
        }
        return lo < fenceStarts.count && fenceStarts[lo] == lineStart
    }

    func contains(_ offset: Int) -> Bool {
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].lowerBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && regions[lo - 1].contains(offset)
    }
}

/// Which lines belong to GFM tables: a delimiter row, the header line above it and the rows
/// below it up to a blank line. One linear pass over the lines.
struct TableLines {
    private var tableLine: [Bool]
    private let lines: LineIndex

    init(bytes: [UInt8], start: Int, lines: LineIndex) {
        self.lines = lines
        let count = lines.lineStarts.count
        tableLine = Array(repeating: false, count: count)
        var inTable = false
        for l in 0..<count {
            let s = lines.lineStarts[l]
            guard s >= start else { continue }
            let e = l + 1 < count ? lines.lineStarts[l + 1] - 1 : bytes.count
            let line = bytes[s..<max(s, e)]
            let blank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if blank { inTable = false; continue }
            if inTable { tableLine[l] = true; continue }
            if Self.isDelimiterRow(line), l > 0 {
                tableLine[l] = true
                tableLine[l - 1] = true
                inTable = true
            }
        }
    }

    private static func isDelimiterRow(_ line: ArraySlice<UInt8>) -> Bool {
        var sawPipe = false, sawDash = false
        for b in line {
            switch b {
            case UInt8(ascii: "|"): sawPipe = true
            case UInt8(ascii: "-"): sawDash = true
            case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: return false
            }
        }
        return sawPipe && sawDash
    }

    func containsPipe(in range: Range<Int>, bytes: [UInt8]) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "|") { return true }
            i += 1
        }
        return false
    }

    func isTable(_ range: Range<Int>) -> Bool {
        let first = lines.location(of: range.lowerBound).line
        let last = lines.location(of: max(range.lowerBound, range.upperBound - 1)).line
        return (first...last).contains { $0 - 1 < tableLine.count && tableLine[$0 - 1] }
    }
}
