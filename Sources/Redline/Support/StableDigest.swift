/// A 128-bit digest of byte strings that is the same on every machine and run (Swift's
/// `Hasher` is seeded per process): it tells the site build whether a policy's inputs changed
/// since its pages were made. Not for security: two FNV-1a lanes with different starts.
struct StableDigest {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ bytes: some Sequence<UInt8>) {
        var count: UInt64 = 0
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (b >> 29)
            count &+= 1
        }
        // The length too, so that ("ab", "c") and ("a", "bc") differ.
        for shift in stride(from: 0, to: 64, by: 8) {
            let byte = UInt8(truncatingIfNeeded: count >> UInt64(shift))
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (b >> 29)
        }
    }

    mutating func add(_ text: String) { add(text.utf8) }

    var hex: String {
        func hex(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(a) + hex(b)
    }
}
