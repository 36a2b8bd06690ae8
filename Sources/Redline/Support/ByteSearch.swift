import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first `byte` in `from..<to` (to the end when `to` is nil), or nil:
    /// memchr, which looks at many bytes per step, for the scans over a whole policy.
    func offset(of byte: UInt8, from: Int, to: Int? = nil) -> Int? {
        let to = Swift.min(to ?? count, count)
        guard from < to, let base = baseAddress, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
