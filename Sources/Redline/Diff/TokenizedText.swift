import Foundation

/// A text cut into tokens for comparison: words, punctuation marks and whitespace runs, each
/// with its bytes and an interned number.
///
/// Every whitespace run without a blank line gets the same number, so re-wrapping a paragraph
/// compares equal; a run holding a blank line is a paragraph break, a number of its own, and
/// separates blocks. The bytes are kept, so the comparison can give each side back exactly.
struct TokenizedText {
    static let space: Int32 = -1
    static let paragraphBreak: Int32 = -2

    let bytes: [UInt8]
    /// Token `i` is `bytes[bounds[i]..<bounds[i + 1]]`.
    private(set) var bounds: [Int] = [0]
    private(set) var ids: [Int32] = []

    var count: Int { ids.count }

    func range(_ i: Int) -> Range<Int> { bounds[i]..<bounds[i + 1] }
    /// Bytes of tokens `tokens`.
    func byteRange(_ tokens: Range<Int>) -> Range<Int> { bounds[tokens.lowerBound]..<bounds[tokens.upperBound] }
    func isWhitespace(_ i: Int) -> Bool { ids[i] < 0 }
    func slice(_ i: Int) -> ArraySlice<UInt8> { bytes[range(i)] }
    /// Token `i` is the single byte `b` (a punctuation mark).
    func isByte(_ i: Int, _ b: UInt8) -> Bool { bounds[i + 1] - bounds[i] == 1 && bytes[bounds[i]] == b }

    init(_ bytes: [UInt8], granularity: Granularity, interner: inout Interner) {
        self.bytes = bytes
        // Cut through a buffer into local arrays: indexing the array and appending to the
        // stored ones, with their checks, was most of a comparison's tokenizing.
        var bounds: [Int] = [0], ids: [Int32] = []
        bounds.reserveCapacity(bytes.count / 3 + 1)
        ids.reserveCapacity(bytes.count / 3)
        // A word's bytes are looked up in a table: four range tests per byte were most of
        // the cutting.
        let wordBytes = Self.wordBytes
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                let start = i
                if Self.isSpace(b) {
                    var newlines = 0
                    while i < n, Self.isSpace(p[i]) {
                        if p[i] == 0x0A { newlines += 1 }
                        i += 1
                    }
                    // A break of paragraphs, or the whitespace the text ends with: either separates
                    // blocks rather than belonging to one.
                    bounds.append(i)
                    ids.append(newlines >= 2 || i == n ? Self.paragraphBreak : Self.space)
                    continue
                }
                // A link's destination, `](…)`, is one token: a change to a URL replaces the URL
                // whole (revision marks are not allowed inside a destination).
                if granularity != .sentence, b == UInt8(ascii: "]"), i + 1 < n, p[i + 1] == UInt8(ascii: "("),
                   let close = Self.destinationEnd(bytes, from: i + 2) {
                    i = close
                } else if granularity != .sentence, b == UInt8(ascii: "["), let close = Self.footnoteLabelEnd(bytes, from: i) {
                    // A footnote reference or definition label, `[^label]`, is one token too: a
                    // mark inside the label breaks the reference (the redline showed
                    // `[^{~~1~>2~~}]` as text and dropped the note it pointed to).
                    i = close
                } else {
                    switch granularity {
                    case .word:
                        if Self.isWordByte(b) {
                            i += 1
                            wordBytes.withUnsafeBufferPointer { table in
                                while i < n, table[Int(p[i])] { i += 1 }
                            }
                        } else {
                            i += 1
                        }
                        // An ordered list item's number (`3.` at the start of a line) compares
                        // equal to any other: items reordered or one inserted renumber the rest,
                        // and matching the numbers where they stand would pair each item's words
                        // with another item's.
                        if b &- 0x30 < 10, Self.isItemNumber(bytes, start..<i, after: bounds.count >= 2 ? bounds[bounds.count - 2] : nil) {
                            bounds.append(i)
                            ids.append(interner.id(Self.itemNumberKey[...]))
                            continue
                        }
                    case .character:
                        i += 1
                        while i < n, p[i] & 0xC0 == 0x80 { i += 1 }
                    case .sentence:
                        i = Self.sentenceEnd(bytes, from: i)
                        bounds.append(i)
                        ids.append(interner.id(Self.collapsed(bytes[start..<i])))
                        continue
                    }
                }
                bounds.append(i)
                ids.append(interner.id(UnsafeBufferPointer(rebasing: p[start..<i])))
            }
        }
        self.bounds = bounds
        self.ids = ids
    }

    /// What every ordered item number is interned as: bytes no text holds (a NUL is an error).
    private static let itemNumberKey: [UInt8] = [0x00, UInt8(ascii: "#")]

    /// Digits at the start of a line (the text's, or after a line break and spaces) followed
    /// by `.` or `)` and a space: an ordered list item's number. `previous` is where the token
    /// before it starts, if any.
    private static func isItemNumber(_ bytes: [UInt8], _ r: Range<Int>, after previous: Int?) -> Bool {
        guard r.count <= 9, r.upperBound + 1 < bytes.count, bytes[r].allSatisfy({ (0x30...0x39).contains($0) }),
              bytes[r.upperBound] == UInt8(ascii: ".") || bytes[r.upperBound] == UInt8(ascii: ")"),
              bytes[r.upperBound + 1] == UInt8(ascii: " ") || bytes[r.upperBound + 1] == UInt8(ascii: "\t") else { return false }
        guard let previous else { return true }
        // The token before is white space holding a line break, or starting the text, with
        // spaces only after that.
        let before = bytes[previous..<r.lowerBound]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? (previous == 0 ? 0 : nil)
        guard let lineStart else { return false }
        return before[lineStart...].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// Gives every word its number in another interner's numbering: `map[local]`.
    mutating func renumber(_ map: [Int32]) {
        for k in ids.indices where ids[k] >= 0 { ids[k] = map[Int(ids[k])] }
    }

    /// ``isWordByte(_:)`` for every byte.
    private static let wordBytes: [Bool] = (0...255).map { isWordByte(UInt8($0)) }

    /// ASCII letters and digits and every byte of a multi-byte character: "naïve" and "§12"
    /// stay whole words, "(30)" is three tokens.
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    /// Just past the `)` closing a link destination that starts at `from`, if it closes on the
    /// same line (nested parentheses counted).
    static func destinationEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var depth = 0, i = from
        while i < bytes.count, i - from < 2048 {
            switch bytes[i] {
            case 0x0A: return nil
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                if depth == 0 { return i + 1 }
                depth -= 1
            default: break
            }
            i += 1
        }
        return nil
    }

    /// Where `[^label]` starting at `start` ends (after its `]`): a label of up to 999 bytes,
    /// none of them white space or a bracket, as GFM's footnotes have. Nil otherwise.
    static func footnoteLabelEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start + 3 <= bytes.count, bytes[start + 1] == UInt8(ascii: "^") else { return nil }
        var i = start + 2
        while i < bytes.count, i - start - 2 < 999 {
            switch bytes[i] {
            case UInt8(ascii: "]"): return i > start + 2 ? i + 1 : nil
            case UInt8(ascii: "["), 0x20, 0x09, 0x0A, 0x0D: return nil
            default: i += 1
            }
        }
        return nil
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
    static func isHorizontalSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// A sentence runs to `.`, `!` or `?` (and any closing quotes or brackets) followed by
    /// whitespace, or to a paragraph break; line breaks inside it do not end it.
    static func sentenceEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                // A blank line ends the sentence before it.
                var j = i + 1
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
                if j >= n || bytes[j] == 0x0A { return trimmedEnd(bytes, start, i) }
            }
            i += 1
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                while i < n, [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "*"), UInt8(ascii: "_")].contains(bytes[i]) { i += 1 }
                if i >= n || isSpace(bytes[i]) { return i }
            }
        }
        return trimmedEnd(bytes, start, n)
    }

    private static func trimmedEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, isSpace(bytes[e - 1]) { e -= 1 }
        return e
    }

    /// A sentence's comparison key: its whitespace runs as single spaces.
    static func collapsed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard s.contains(where: { $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) || s.indices.contains(where: { $0 > s.startIndex && s[$0] == 0x20 && s[$0 - 1] == 0x20 }) else { return s }
        var out: [UInt8] = []
        var space = false
        for b in s {
            if isSpace(b) { space = true; continue }
            if space { out.append(0x20) }
            space = false
            out.append(b)
        }
        return out[...]
    }
}

/// Gives equal byte strings the same number, across both texts of a comparison.
///
/// Its own open-addressing table over one byte arena, with a hash of its own, rather than a
/// `Dictionary` keyed by slices: interning every token of two 10 MB drafts was a fifth of a
/// comparison's time with the standard hasher. Single bytes (punctuation) skip the table.
struct Interner {
    private var single = [Int32](repeating: -1, count: 256)
    /// Per slot, the entry stored there plus one (0: empty).
    private var slots = [Int32](repeating: 0, count: 1 << 12)
    private var hashes: [UInt64] = []
    private var ids: [Int32] = []
    /// Entry k's bytes are `arena[keyStarts[k]..<keyStarts[k + 1]]`.
    private var keyStarts: [Int] = [0]
    private var arena: [UInt8] = []
    private var next: Int32 = 0
    /// Per number: its entry (0 or more), or its single byte `b` as `-1 - b`.
    private var byID: [Int32] = []

    mutating func id(_ bytes: ArraySlice<UInt8>) -> Int32 {
        bytes.withUnsafeBufferPointer { id($0) }
    }

    mutating func id(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        id(bytes.assumingMemoryBound(to: UInt8.self))
    }

    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if bytes.count == 1 {
            let b = Int(bytes[0])
            if single[b] < 0 { single[b] = next; next += 1; byID.append(-1 - Int32(b)) }
            return single[b]
        }
        let hash = Self.hash(bytes)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { break }
            if hashes[entry] == hash, keyStarts[entry + 1] - keyStarts[entry] == bytes.count,
               bytes.isEmpty || arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + keyStarts[entry], bytes.baseAddress!, bytes.count) == 0 }) {
                return ids[entry]
            }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        hashes.append(hash)
        ids.append(next)
        arena.append(contentsOf: bytes)
        keyStarts.append(arena.count)
        byID.append(Int32(entry))
        next += 1
        if 2 * hashes.count > slots.count {
            // Keep the table at most half full.
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for k in hashes.indices {
                var s = Int(truncatingIfNeeded: hashes[k]) & mask
                while slots[s] != 0 { s = (s + 1) & mask }
                slots[s] = Int32(k + 1)
            }
        } else {
            slots[slot] = Int32(entry + 1)
        }
        return ids[entry]
    }

    /// This interner's words numbered in `global`, in the order this one met them: `global`
    /// then numbers exactly as if it had read this interner's text itself, after its own.
    func renumbering(into global: inout Interner) -> [Int32] {
        byID.map { k in
            k < 0 ? global.id([UInt8(-1 - k)][...]) : global.id(arena[keyStarts[Int(k)]..<keyStarts[Int(k) + 1]])
        }
    }

    /// Eight bytes per multiply, read as whole words (FNV-1a's multiply per byte made its
    /// chain of multiplies most of interning a long draft's words).
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0xBF58_476D_1CE4_E5B9
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                h ^= h >> 29
                i += 8
            }
            // The last eight bytes, overlapping the words before when the length is not a
            // multiple of eight (the length is in the seed).
            h = (h ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* k
        } else if n >= 4 {
            let low = UInt64(raw.loadUnaligned(as: UInt32.self)), high = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            h = (h ^ (low | high << 32)) &* k
        } else if n > 0 {
            h = (h ^ (UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16)) &* k
        }
        // Mix the high bits down: the table indexes by the low ones.
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }
}
