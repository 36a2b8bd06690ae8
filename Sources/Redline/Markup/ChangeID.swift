/// Stable change IDs: the first 8 hex digits of a 64-bit FNV-1a hash of the change's content.
///
/// Content-derived rather than positional, so an ID survives edits elsewhere in the file and the
/// resolving of other changes. FNV-1a because it is tiny, fast and the same on every platform
/// (Swift's `Hasher` is seeded per process and would change IDs on every run).
/// Fields are added in order, separated by a unit separator (0x1F).
struct ChangeID {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325
    private var fields = 0

    /// Adds a field.
    mutating func add(_ field: String) {
        separate()
        // Through the contiguous bytes: stepping the UTF-8 view checks the string's
        // representation at every byte, and a long policy has thousands of changes.
        var field = field
        field.withUTF8 { for byte in $0 { mix(byte) } }
    }

    /// Adds a field from a source's bytes with its line endings as LF: a file converted
    /// between CRLF and LF (git's autocrlf, a Windows editor) keeps its IDs.
    mutating func add(lineFeedNormalized bytes: ArraySlice<UInt8>) {
        separate()
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if !(byte == 0x0D && i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A) { mix(byte) }
            i += 1
        }
    }

    private mutating func separate() {
        if fields > 0 { mix(0x1F) }
        fields += 1
    }

    @inline(__always)
    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// The top 32 bits, the part an ID shows.
    var value: UInt32 { UInt32(truncatingIfNeeded: state >> 32) }

    /// The ID: the top 32 bits as 8 lowercase hex digits.
    var hex: String { Self.hex(value) }

    static func hex(_ value: UInt32) -> String {
        String(unsafeUninitializedCapacity: 8) { out in
            for i in 0..<8 {
                let digit = UInt8((value >> UInt32(28 - 4 * i)) & 0xF)
                out[i] = digit < 10 ? 0x30 + digit : 0x61 + digit - 10
            }
            return 8
        }
    }
}
