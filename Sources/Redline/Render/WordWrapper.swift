/// Breaks a run of inline content into words and fills lines with them: the text edition's
/// paragraph engine.
///
/// A word is what sits between spaces, revision markers included, so `informing e+}[-E-]mployees`
/// stays one unit, as in git's word diff. Markers never stand alone at a line edge: an opener
/// waits for the first visible character after it (so `{+ word` becomes ` {+word`) and a closer
/// that follows a space attaches to the word before it. Terminal colour codes count as zero
/// width.
struct WordWrapper {
    struct Word {
        var text = ""
        var width = 0
        /// A forced line break after this word.
        var breakAfter = false
        var isEmpty: Bool { text.isEmpty }
    }

    private(set) var words: [Word] = []
    private var current = Word()
    /// Words to follow the current word (a comment met in the middle of a word).
    private var trailing: [Word] = []
    /// Markup waiting for the next visible character (openers).
    private var pending: [(text: String, width: Int)] = []

    /// Visible text: spaces separate words.
    mutating func text(_ s: String) {
        // By bytes, a run between ASCII white space at a time (``caretEscaped`` shows the other
        // controls, so a space, a tab or a line feed): an ASCII run is appended whole at a
        // column a byte, and only a run with other characters is looked at Character by
        // Character. Looking up every Character's Unicode properties was a third of the time
        // of a long policy's text edition.
        var escaped = s.caretEscaped
        escaped.withUTF8 { bytes in
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A }
            var i = 0
            while i < bytes.count {
                if isSpace(bytes[i]) {
                    finishWord()
                    i += 1
                    continue
                }
                var j = i, ascii = true
                while j < bytes.count, !isSpace(bytes[j]) {
                    if bytes[j] >= 0x80 { ascii = false }
                    j += 1
                }
                let run = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
                if ascii {
                    flushPending()
                    current.text += run
                    current.width += j - i
                } else {
                    characters(run)
                }
                i = j
            }
        }
    }

    /// Text Character by Character: white space by Unicode's properties (a no-break space
    /// separates words too), East Asian wide characters two columns.
    private mutating func characters(_ s: String) {
        for character in s {
            if character.isWhitespace {
                finishWord()
            } else {
                flushPending()
                current.text.append(character)
                current.width += character.isWide ? 2 : 1
            }
        }
    }

    /// Text that must not be split at its spaces or lose them (a code span keeps its spacing).
    mutating func unbreakable(_ s: String) {
        flushPending()
        for character in s.caretEscaped {
            current.text.append(character)
            current.width += character.isWide ? 2 : 1
        }
    }

    /// An opening marker: written just before the next visible character.
    mutating func opener(_ text: String, width: Int) {
        pending.append((text, width))
    }

    /// A closing marker: glued to the last visible character.
    mutating func closer(_ text: String, width: Int) {
        if !pending.isEmpty {
            flushPending()
            append(text, width: width)
        } else if current.isEmpty, let last = words.indices.last, !words[last].breakAfter {
            words[last].text += text
            words[last].width += width
        } else {
            append(text, width: width)
        }
    }

    /// Markup that stands as part of the current word (a footnote number, a pilcrow marker).
    mutating func glued(_ text: String, width: Int) {
        flushPending()
        append(text, width: width)
    }

    /// True when an opener is still waiting for text.
    var hasPending: Bool { !pending.isEmpty }

    /// Drops waiting openers (their change is closed before any text came).
    mutating func dropPending() -> [(text: String, width: Int)] {
        defer { pending = [] }
        return pending
    }

    mutating func lineBreak() {
        finishWord()
        if let last = words.indices.last { words[last].breakAfter = true }
    }

    mutating func finishWord() {
        if !current.isEmpty { words.append(current) }
        current = Word()
        words += trailing
        trailing = []
    }

    /// Words set after the current word ends, so that an aside never splits a word.
    mutating func afterCurrentWord(_ aside: [Word]) {
        if current.isEmpty {
            words += aside
        } else {
            trailing += aside
        }
    }

    private mutating func append(_ text: String, width: Int) {
        current.text += text
        current.width += width
    }

    private mutating func flushPending() {
        for (text, width) in pending { append(text, width: width) }
        pending = []
    }

    /// Fills lines no wider than `width` (a longer word gets a line of its own).
    static func fill(_ words: [Word], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in words {
            if lineWidth > 0, lineWidth + 1 + word.width > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            line += word.text
            lineWidth += word.width
            if word.breakAfter {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    /// Control characters from a source shown in caret notation (`^[`, and `M-^[` for the C1
    /// controls), so that text output cannot drive the terminal that displays it; tab and
    /// newline stay.
    var caretEscaped: String {
        guard unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value == 0x7F {
                result += "^?"
            } else if (0x80...0x9F).contains(scalar.value) {
                // C1 controls (U+009B starts a terminal escape as ESC [ does), as `cat -v` shows them.
                result += "M-^" + String(UnicodeScalar(UInt8(scalar.value - 0x80 + 0x40)))
            } else if scalar.value < 0x20, scalar != "\n", scalar != "\t" {
                result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Character {
    /// East Asian wide and fullwidth characters take two terminal columns.
    var isWide: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        let v = scalar.value
        return (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
            || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1FAFF) || (v >= 0x20000 && v <= 0x3FFFD)
    }
}

extension String {
    /// Columns on a terminal, ignoring ANSI colour codes.
    var displayWidth: Int {
        var width = 0
        var inEscape = false
        for character in self {
            if inEscape {
                if character == "m" { inEscape = false }
                continue
            }
            if character == "\u{1B}" { inEscape = true; continue }
            width += character.isWide ? 2 : 1
        }
        return width
    }
}
