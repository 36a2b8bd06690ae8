/// Two drafts compared: a Redline source whose changes are exactly the differences, and the
/// list of those differences.
///
/// The markup is NEW's front matter and a body with CriticMarkup such that accepting every
/// change gives NEW and rejecting every change gives OLD, byte for byte. That is checked before
/// a comparison is returned (``Failure`` otherwise), so a redline never invents or hides text.
///
/// How: both bodies are cut into tokens (``TokenizedText``) and blocks; blocks are aligned
/// (``BlockAlignment``); paired blocks are compared token by token (``Myers``, with a step budget);
/// short unchanged runs between two changes are absorbed into one substitution; whitespace that
/// differs only in layout (a re-wrapped line) is written as a *layout* change, so the markup
/// still gives both texts back exactly, and the editions show it as nothing.
public struct Comparison: Sendable {
    public struct Options: Sendable {
        public var granularity: Granularity
        public var detectMoves: Bool

        public init(granularity: Granularity = .word, detectMoves: Bool = true) {
            self.granularity = granularity
            self.detectMoves = detectMoves
        }
    }

    /// One difference between the texts, as the markup writes it.
    public struct Difference: Sendable, Hashable {
        public enum Kind: String, Sendable {
            case insertion, deletion, substitution
            /// Whitespace only, without a change of paragraphs: a re-wrapped line.
            case layout
            /// A block moved: its old place and its new one share ``Difference/move``.
            case movedFrom = "moved-from", movedTo = "moved-to"
        }

        public var kind: Kind
        /// Byte offsets in the old file and in the new one (front matter included).
        public var oldRange: Range<Int>
        public var newRange: Range<Int>
        public var oldText: String
        public var newText: String
        /// The move's number (1, 2, …) for both halves of a moved block, and for the edits
        /// made inside it on its way.
        public var move: Int?
        /// The renumbering's number (1, 2, …) for a heading's label that changed with the
        /// labels around it: all of one renumbering are one change to a reader.
        public var renumber: Int? = nil
        /// Where the change is written in ``Comparison/markup``.
        public var markupRange: Range<Int>

        /// Words as reviewers count them: runs of letters and digits.
        public var oldWords: Int { Self.wordCount(oldText) }
        public var newWords: Int { Self.wordCount(newText) }

        /// An apostrophe or a hyphen between letters or digits joins them, as in "the
        /// administrator's" or "2023-24" (as a curly apostrophe already did, being a letter
        /// byte here): "administrator's" → "their" was counted two words deleted.
        static func wordCount(_ s: String) -> Int {
            let bytes = Array(s.utf8)
            var count = 0, inWord = false
            for (k, b) in bytes.enumerated() {
                var w = TokenizedText.isWordByte(b)
                if !w, inWord, b == UInt8(ascii: "'") || b == UInt8(ascii: "-"), k + 1 < bytes.count, TokenizedText.isWordByte(bytes[k + 1]) { w = true }
                if w && !inWord { count += 1 }
                inWord = w
            }
            return count
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The redline as a Redline source.
    public var markup: String { String(decoding: markupBytes, as: UTF8.self) }
    /// The same as bytes: what `diff` writes, without checking a long redline's UTF-8 again.
    public let markupBytes: [UInt8]
    public let differences: [Difference]
    /// The front matter differs; the markup carries NEW's (front matter holds no revision marks).
    public let frontMatterDiffers: Bool
    /// The texts compared (UTF-8), held as bytes: that is what the comparison works on.
    public let oldBytes: [UInt8]
    public let newBytes: [UInt8]
    public var oldText: String { String(decoding: oldBytes, as: UTF8.self) }
    public var newText: String { String(decoding: newBytes, as: UTF8.self) }

    /// No difference at all, layout included.
    public var isIdentical: Bool { differences.isEmpty && !frontMatterDiffers }

    /// When every difference (one at least) is a line ending converted, `⏎` for `␍⏎` or back
    /// (a file saved with other line endings): whether NEW has the carriage returns, and in
    /// how many places. Nil otherwise. `verify` and the diff editions report it once.
    public var lineEndingsConverted: (toCRLF: Bool, places: Int)? {
        func withoutCR(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\r" })) }
        guard !differences.isEmpty, differences.allSatisfy({ withoutCR($0.oldText) == withoutCR($0.newText) }) else { return nil }
        return (newBytes.contains(0x0D), differences.count)
    }

    /// A front-matter field whose value differs (nil: the field is not on that side).
    public struct FrontMatterChange: Equatable, Sendable {
        public var key: String
        public var old: String?
        public var new: String?

        public init(key: String, old: String?, new: String?) {
            self.key = key
            self.old = old
            self.new = new
        }
    }

    /// How the front matter differs, field by field (NEW's order, then fields only OLD has);
    /// when no field's value differs (a comment or the layout of the YAML did), the front
    /// matter whole, under the key "front matter". Empty when it is the same.
    public var frontMatterChanges: [FrontMatterChange] {
        guard frontMatterDiffers else { return [] }
        func frontMatter(_ bytes: [UInt8]) -> FrontMatter {
            return FrontMatterReader.read(String(decoding: bytes[..<FrontMatterReader.length(of: bytes)], as: UTF8.self)).0
        }
        let a = frontMatter(oldBytes), b = frontMatter(newBytes)
        var changes: [FrontMatterChange] = []
        for field in b.fields where a[field.key] != field.value {
            changes.append(FrontMatterChange(key: field.key, old: a[field.key], new: field.value))
        }
        for field in a.fields where b[field.key] == nil {
            changes.append(FrontMatterChange(key: field.key, old: field.value, new: nil))
        }
        if changes.isEmpty {
            // No field's value differs: a byte-order mark or line endings alone are named as
            // such (the whole front matter twice looked the same); anything else is shown whole.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let oldRaw = Array(oldBytes[..<FrontMatterReader.length(of: oldBytes)]), newRaw = Array(newBytes[..<FrontMatterReader.length(of: newBytes)])
            func plain(_ x: [UInt8]) -> [UInt8] { (x.starts(with: bom) ? Array(x.dropFirst(3)) : x).filter { $0 != 0x0D } }
            if plain(oldRaw) == plain(newRaw) {
                if oldRaw.starts(with: bom) != newRaw.starts(with: bom) {
                    changes.append(FrontMatterChange(key: "byte-order mark", old: oldRaw.starts(with: bom) ? "U+FEFF" : nil, new: newRaw.starts(with: bom) ? "U+FEFF" : nil))
                }
                if oldRaw.contains(0x0D) != newRaw.contains(0x0D) {
                    changes.append(FrontMatterChange(key: "line endings", old: oldRaw.contains(0x0D) ? "CRLF" : "LF", new: newRaw.contains(0x0D) ? "CRLF" : "LF"))
                }
            }
            if changes.isEmpty { changes.append(FrontMatterChange(key: "front matter", old: a.raw, new: b.raw)) }
        }
        return changes
    }

    public init(old: String, new: String, options: Options = Options()) throws {
        try self.init(old: Array(old.utf8), new: Array(new.utf8), options: options)
    }

    /// Compares two texts given as UTF-8 (valid: a file read with ``SourceFile/readUTF8(_:)``).
    public init(old oldBytes: [UInt8], new newBytes: [UInt8], options: Options = Options()) throws {
        self.oldBytes = oldBytes
        self.newBytes = newBytes
        let oldStart = FrontMatterReader.length(of: oldBytes), newStart = FrontMatterReader.length(of: newBytes)
        frontMatterDiffers = oldBytes[..<oldStart] != newBytes[..<newStart]
        // Which text is tokenized and aligned first goes by content, not by argument order:
        // every tie (two equally good alignments of repeated blocks) is then broken the same
        // way, and comparing the other way round gives the mirror image of this redline.
        let oldBody = Array(oldBytes[oldStart...]), newBody = Array(newBytes[newStart...])
        let newFirst = newBody.lexicographicallyPrecedes(oldBody)
        let (a, b) = Self.tokenized(old: oldBody, new: newBody, newFirst: newFirst, granularity: options.granularity)
        var writer = MarkupWriter(old: a, new: b, oldOffset: oldStart, newOffset: newStart, granularity: options.granularity)
        writer.output.append(contentsOf: newBytes[..<newStart])
        // Blocks are aligned by their words whatever the granularity: sentences or characters
        // say little about which paragraph is which.
        let (aWords, bWords) = options.granularity == .word ? (a, b) : Self.tokenized(old: oldBody, new: newBody, newFirst: newFirst, granularity: .word)
        var entries = Self.entries(aWords, bWords, detectMoves: options.detectMoves, newFirst: newFirst)
        writer.cacheSegments(for: entries)
        if options.detectMoves, options.granularity == .word {
            let blockMoves = entries.reduce(0) { n, entry in
                switch entry {
                case .delete(_, let move?), .insert(_, let move?, _): max(n, move)
                default: n
                }
            }
            writer.findSentenceMoves(in: entries, firstMove: blockMoves + 1, newFirst: newFirst)
        }
        var lastProblem = ""
        let rejectedBytes = Array(newBytes[..<newStart]) + oldBytes[oldStart...]
        // Raw HTML written as whole blocks from the start (it reads garbled inline); should that
        // not give the texts back, inline after all, which at least does.
        // So are blocks made code or no longer code by their indentation alone.
        var rawHTML = writer.rawHTMLRegions(in: entries)
        for region in writer.codeIndentRegions(in: entries).ranges { rawHTML.insert(region) }
        // Passes: raw HTML written whole (if any), giving way to the next rather than growing;
        // then regions from the block at each failure, grown while needed; last, should that not
        // settle (a text of thousands of moves, some of them tables, where each attempt finds
        // one more), regions of all the changed blocks around each failure: coarser, but they
        // settle. The fine pass may write about 32 MB in all (every attempt writes and reads
        // the whole redline): two dozen attempts on a policy, two on 10 MB.
        let fineAttempts = max(2, min(24, (32 << 20) / max(1, oldBytes.count + newBytes.count)))
        let passes: [(start: BlockRegions, grows: Bool, coarse: Bool, attempts: Int)] =
            (rawHTML.isEmpty ? [] : [(rawHTML, false, false, 64)]) + [(BlockRegions(), true, false, fineAttempts), (BlockRegions(), true, true, 64)]
        let (firstEntries, firstWriter) = (entries, writer)
        for pass in passes {
            var blockForm = pass.start
            // Each pass starts from every move found (one pass's dropped moves are its own).
            (entries, writer) = (firstEntries, firstWriter)
            // Write, check, and write again with whole-block marks where the inline ones did
            // not give the texts back (revision marks are not read inside code, for one).
            for _ in 0..<pass.attempts {
                var attempt = writer
                attempt.write(entries, blockForm: blockForm)
                let readings = Document.readings(of: attempt.output)
                let failures = Self.failures(readings, accepted: newBytes, rejected: rejectedBytes, writer: attempt)
                // A move one of whose halves went into a whole-block fallback would point at
                // nothing: it is written again as plain edits.
                if failures.isEmpty {
                    let unpaired = Self.unpairedMoves(attempt.differences)
                    let droppedSentences = writer.dropSentenceMoves(unpaired), droppedBlocks = Self.dropBlockMoves(unpaired, from: &entries)
                    if droppedSentences || droppedBlocks { continue }
                }
                guard let first = failures.first else {
                    markupBytes = attempt.output
                    differences = attempt.differences
                    return
                }
                lastProblem = first.problem
                guard attempt.cover(failures.map(\.entry), in: &blockForm, entries: entries, grows: pass.grows, coarse: pass.coarse) else { break }
            }
        }
        throw Failure(description: "the differences cannot be written as revision markup that gives both texts back exactly (\(lastProblem))")
    }

    /// Both bodies cut into tokens, numbered as one interner reading first one and then the
    /// other. Large texts are cut on two cores, each with an interner of its own; the second's
    /// numbers are then mapped into the first's in the order it met its words, which gives the
    /// very same numbers.
    private static func tokenized(old: [UInt8], new: [UInt8], newFirst: Bool, granularity: Granularity) -> (TokenizedText, TokenizedText) {
        let first = newFirst ? new : old, second = newFirst ? old : new
        var interner = Interner()
        var x: TokenizedText, y: TokenizedText
        if first.count + second.count < 256 << 10 {
            x = TokenizedText(first, granularity: granularity, interner: &interner)
            y = TokenizedText(second, granularity: granularity, interner: &interner)
        } else {
            @Sendable func cut(_ bytes: [UInt8]) -> (TokenizedText, Interner) {
                var own = Interner()
                return (TokenizedText(bytes, granularity: granularity, interner: &own), own)
            }
            let (one, two) = ParallelSlots.both(parallel: true, { cut(first) }, { cut(second) })
            (x, interner) = one
            y = two.0
            y.renumber(two.1.renumbering(into: &interner))
        }
        return newFirst ? (y, x) : (x, y)
    }

    /// Makes the block moves numbered in `moves` plain deletions and insertions; whether there
    /// were any.
    private static func dropBlockMoves(_ moves: Set<Int>, from entries: inout [MarkupWriter.Entry]) -> Bool {
        var dropped = false
        for k in entries.indices {
            switch entries[k] {
            case .delete(let i, let move?) where moves.contains(move):
                entries[k] = .delete(i, move: nil)
                dropped = true
            case .insert(let j, let move?, _) where moves.contains(move):
                entries[k] = .insert(j, move: nil, from: nil)
                dropped = true
            default: break
            }
        }
        return dropped
    }

    /// Moves shown with only one of their two halves.
    private static func unpairedMoves(_ differences: [Difference]) -> Set<Int> {
        var from = Set<Int>(), to = Set<Int>()
        for d in differences {
            guard let move = d.move else { continue }
            if d.kind == .movedFrom { from.insert(move) } else if d.kind == .movedTo { to.insert(move) }
        }
        return from.symmetricDifference(to)
    }

    /// The entries where the markup's readings differ from the texts: every place the scanner
    /// reports an error, else the first place a reading differs. Empty when the markup is right.
    private static func failures(_ readings: (accepted: [UInt8], rejected: [UInt8], errors: [Diagnostic]), accepted: [UInt8],
                                 rejected: [UInt8], writer: MarkupWriter) -> [(entry: Int, problem: String)] {
        func context(_ bytes: [UInt8], _ at: Int) -> String {
            String(decoding: bytes[max(0, at - 30)..<min(bytes.count, at + 30)], as: UTF8.self).debugDescription
        }
        if !readings.errors.isEmpty {
            let lines = LineIndex(writer.output)
            return readings.errors.map { error in
                (writer.entry(atMarkup: lines.offset(of: error.location)) ?? 0, "markup \(error.location): \(error.message)")
            }
        }
        // memcmp: `!=` on two long arrays compared them element by element.
        func same(_ x: [UInt8], _ y: [UInt8]) -> Bool { MarkupWriter.sameBytes(x, x.indices, y, y.indices) }
        if !same(readings.accepted, accepted) {
            let at = firstDifference(readings.accepted, accepted)
            return [(writer.entry(atNew: at) ?? 0, "accepting gives \(context(readings.accepted, at)) for \(context(accepted, at))")]
        }
        if !same(readings.rejected, rejected) {
            let at = firstDifference(readings.rejected, rejected)
            return [(writer.entry(atOld: at - writer.newOffset + writer.oldOffset) ?? 0, "rejecting gives \(context(readings.rejected, at)) for \(context(rejected, at))")]
        }
        return []
    }

    private static func firstDifference(_ x: [UInt8], _ y: [UInt8]) -> Int {
        var i = 0
        while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
        return i
    }

    /// The blocks in the order the markup writes them: old blocks not kept in place where they
    /// stood, then new ones, then each pair.
    static func entries(_ a: TokenizedText, _ b: TokenizedText, detectMoves: Bool, newFirst: Bool = false) -> [MarkupWriter.Entry] {
        let oldBlocks = MarkupWriter.Blocks(a), newBlocks = MarkupWriter.Blocks(b)
        var keys = Interner()
        // A heading's numbering label is left out of its block's key: "## 3. Scope" is still
        // "## 2. Scope" after a section was inserted above it, aligned as the same heading and
        // shown as renumbered.
        @Sendable func words(_ t: TokenizedText, _ r: Range<Int>) -> [Int32] {
            let label = HeadingLabel.token(in: t, r) ?? -1
            // A loop over the numbers' buffer: `compactMap` with its closure per token was a
            // millisecond of a 1 MB comparison.
            var result: [Int32] = []
            result.reserveCapacity(r.count / 2 + 1)
            t.ids.withUnsafeBufferPointer { ids in
                for k in r where k != label && ids[k] >= 0 { result.append(ids[k]) }
            }
            return result
        }
        let (oldWords, newWords) = ParallelSlots.both(parallel: a.count + b.count >= 128 << 10,
                                                      { oldBlocks.ranges.map { words(a, $0) } }, { newBlocks.ranges.map { words(b, $0) } })
        // Blocks are keyed by interning their words' numbers as bytes: numbered in the order
        // first met, as a dictionary would, but without hashing a 10 MB draft word by word
        // through the standard hasher (a tenth of a comparison's time).
        func key(_ w: [Int32]) -> Int {
            Int(w.withUnsafeBytes { raw in keys.id(raw) })
        }
        let oldKeys: [Int], newKeys: [Int]
        if newFirst { newKeys = newWords.map(key); oldKeys = oldWords.map(key) } else { oldKeys = oldWords.map(key); newKeys = newWords.map(key) }
        // A block's words proper (letters and digits; no punctuation, link destinations or
        // labels) with its sentences' ends, for the few blocks whose kept runs are measured.
        func plainWords(_ t: TokenizedText, _ r: Range<Int>) -> [Int32] {
            r.compactMap { k in
                guard t.ids[k] >= 0 else { return nil }
                if TokenizedText.isWordByte(t.bytes[t.range(k).lowerBound]) { return t.ids[k] }
                let ends = t.isByte(k, UInt8(ascii: ".")) || t.isByte(k, UInt8(ascii: "!")) || t.isByte(k, UInt8(ascii: "?"))
                return ends && (k + 1 == r.upperBound || t.isWhitespace(k + 1)) ? BlockAlignment.sentenceEnd : nil
            }
        }
        // Blocks that open with an ATX heading.
        let oldHeadings = oldBlocks.ranges.map { HeadingLabel.atxSpace(in: a, $0) != nil }
        let newHeadings = newBlocks.ranges.map { HeadingLabel.atxSpace(in: b, $0) != nil }
        let alignment = newFirst
            ? BlockAlignment(old: newKeys, new: oldKeys, oldWords: newWords, newWords: oldWords, detectMoves: detectMoves,
                             headings: (newHeadings, oldHeadings), plainWords: ({ plainWords(b, newBlocks.ranges[$0]) }, { plainWords(a, oldBlocks.ranges[$0]) })).mirrored
            : BlockAlignment(old: oldKeys, new: newKeys, oldWords: oldWords, newWords: newWords, detectMoves: detectMoves,
                             headings: (oldHeadings, newHeadings), plainWords: ({ plainWords(a, oldBlocks.ranges[$0]) }, { plainWords(b, newBlocks.ranges[$0]) }))
        var result: [MarkupWriter.Entry] = []
        var i = 0, j = 0
        while i < alignment.old.count || j < alignment.new.count {
            if i < alignment.old.count {
                switch alignment.old[i] {
                case .alone: result.append(.delete(i, move: nil)); i += 1; continue
                case .moved(_, let move): result.append(.delete(i, move: move + 1)); i += 1; continue
                case .paired, .joined: break
                }
            }
            if j < alignment.new.count {
                switch alignment.new[j] {
                case .alone: result.append(.insert(j, move: nil, from: nil)); j += 1; continue
                case .moved(let origin, let move): result.append(.insert(j, move: move + 1, from: origin)); j += 1; continue
                case .paired, .joined: break
                }
            }
            guard i < alignment.old.count, j < alignment.new.count else { break }
            // A paragraph split in two (or two joined) is one pair of block runs.
            var i2 = i + 1, j2 = j + 1
            while i2 < alignment.old.count, alignment.old[i2] == .joined { i2 += 1 }
            while j2 < alignment.new.count, alignment.new[j2] == .joined { j2 += 1 }
            result.append(.pair(i..<i2, j..<j2))
            i = i2
            j = j2
        }
        return result
    }
}
