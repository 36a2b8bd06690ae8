/// Stable change IDs: the first 8 hex digits of a 64-bit FNV-1a hash of the change's content.
///
/// Content-derived rather than positional, so an ID survives edits elsewhere in the file and the
/// resolving of other changes. FNV-1a because it is tiny, fast and the same on every platform
/// (Swift's `Hasher` is seeded per process and would change IDs on every run).
enum ChangeID {
    static func hash(_ fields: [String]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, field) in fields.enumerated() {
            if i > 0 { h = (h ^ 0x1F) &* 0x100_0000_01b3 }
            for byte in field.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        let hex = String(h >> 32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
