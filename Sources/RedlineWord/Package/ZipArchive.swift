import Foundation

/// The zip container (PKWARE's APPNOTE, the subset ECMA-376 Part 2 allows): reading a package's
/// directory and entries, and writing one.
///
/// Small on purpose. A .docx is one disk, no encryption, entries stored or deflated, and never
/// near the 4 GiB that needs ZIP64, so anything else is refused with a reason. Every offset and
/// length read from the file is checked against the file before it is used: a package is
/// untrusted input.
struct ZipArchive {
    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let bytes: [UInt8]
    /// In the directory's order; the first of two entries with one name is the one read.
    let entries: [Entry]

    /// Reads the directory of the package `bytes`, refusing more than `maxEntries` entries.
    init(_ bytes: [UInt8], maxEntries: Int) throws {
        self.bytes = bytes
        let end = try Self.endOfDirectory(bytes)
        guard bytes.u16(end + 4) == 0, bytes.u16(end + 6) == 0 else { throw Failure(description: "a package split over several disks") }
        let count = Int(bytes.u16(end + 10))
        let size = Int(bytes.u32(end + 12)), offset = Int(bytes.u32(end + 16))
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw Failure(description: "a ZIP64 package (larger than a Word document can be)")
        }
        guard count <= maxEntries else { throw Failure(description: "more than \(maxEntries) parts in the package") }
        guard offset <= end, size <= end - offset else { throw Failure(description: "the directory lies outside the file") }
        var entries: [Entry] = []
        var position = offset
        for _ in 0..<count {
            guard position + 46 <= offset + size, bytes.u32(position) == 0x0201_4b50 else {
                throw Failure(description: "a damaged directory entry at byte \(position)")
            }
            let nameLength = Int(bytes.u16(position + 28))
            let extraLength = Int(bytes.u16(position + 30)), commentLength = Int(bytes.u16(position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw Failure(description: "a damaged directory entry at byte \(position)") }
            let entry = Entry(
                path: String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self),
                method: bytes.u16(position + 10), flags: bytes.u16(position + 8), crc32: bytes.u32(position + 16),
                compressedSize: Int(bytes.u32(position + 20)), uncompressedSize: Int(bytes.u32(position + 24)),
                localHeaderOffset: Int(bytes.u32(position + 42)))
            guard entry.compressedSize != 0xFFFF_FFFF, entry.uncompressedSize != 0xFFFF_FFFF, entry.localHeaderOffset != 0xFFFF_FFFF else {
                throw Failure(description: "a ZIP64 entry, \(entry.path) (larger than a Word document can be)")
            }
            entries.append(entry)
            position = next
        }
        self.entries = entries
    }

    /// The first entry named `path`.
    func entry(_ path: String) -> Entry? { entries.first { $0.path == path } }

    /// The entry's uncompressed bytes, checked against its recorded size and CRC-32.
    func read(_ entry: Entry, limit: Int) throws -> [UInt8] {
        guard entry.flags & 1 == 0 else { throw Failure(description: "\(entry.path) is encrypted") }
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, bytes.u32(header) == 0x0403_4b50 else {
            throw Failure(description: "\(entry.path): its local header is missing or damaged")
        }
        let start = header + 30 + Int(bytes.u16(header + 26)) + Int(bytes.u16(header + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw Failure(description: "\(entry.path): the file ends inside the part")
        }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard stored.count <= limit else { throw Failure(description: "\(entry.path) is larger than \(limit >> 20) MiB") }
            data = stored
        case 8:
            do { data = try Deflate.inflate(stored, limit: limit) } catch { throw Failure(description: "\(entry.path): \(error)") }
        default:
            throw Failure(description: "\(entry.path) is compressed by method \(entry.method), which Word does not use")
        }
        guard data.count == entry.uncompressedSize, Deflate.crc32(data) == entry.crc32 else {
            throw Failure(description: "\(entry.path): its contents do not match its recorded size and checksum")
        }
        return data
    }

    /// The offset of the end-of-directory record: the last one, since a comment (up to 64 KiB)
    /// may follow it.
    private static func endOfDirectory(_ bytes: [UInt8]) throws -> Int {
        guard bytes.count >= 22 else { throw Failure(description: "too short to be a zip archive") }
        var position = bytes.count - 22
        let lowest = max(0, position - 0xFFFF)
        while position >= lowest {
            if bytes.u32(position) == 0x0605_4b50, position + 22 + Int(bytes.u16(position + 20)) <= bytes.count {
                return position
            }
            position -= 1
        }
        throw Failure(description: "no zip directory (the file is cut short or not a zip archive)")
    }

    /// A package of these entries, in this order, deflated, each dated 1980-01-01 (the earliest
    /// date a zip entry can carry), so no build time leaks into the file and the same parts always
    /// give the same bytes.
    static func write(_ parts: [(path: String, data: [UInt8])]) throws -> [UInt8] {
        var file: [UInt8] = []
        var directory: [UInt8] = []
        let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1, dosTime: UInt16 = 0
        for part in parts {
            let name = Array(part.path.utf8)
            let compressed = try Deflate.deflate(part.data)
            guard name.count <= 0xFFFF, compressed.count < 0xFFFF_FFFF, part.data.count < 0xFFFF_FFFF, file.count < 0xFFFF_FFFF else {
                throw Failure(description: "part \(part.path) is too large for a zip archive")
            }
            let crc = Deflate.crc32(part.data), offset = UInt32(file.count)
            // The fields both headers share, from "version needed" to the name's length.
            var common: [UInt8] = []
            common.put16(20); common.put16(0x0800) /* names are UTF-8 */; common.put16(8)
            common.put16(dosTime); common.put16(dosDate); common.put32(crc)
            common.put32(UInt32(compressed.count)); common.put32(UInt32(part.data.count)); common.put16(UInt16(name.count))
            file.put32(0x0403_4b50); file += common; file.put16(0); file += name; file += compressed
            directory.put32(0x0201_4b50); directory.put16(0x0314) /* made on Unix, spec 2.0 */; directory += common
            directory.put16(0); directory.put16(0); directory.put16(0); directory.put16(0)
            directory.put32(0o100644 << 16) /* a regular file, rw-r--r-- */; directory.put32(offset); directory += name
        }
        guard parts.count < 0xFFFF, file.count < 0xFFFF_FFFF else { throw Failure(description: "too large for a zip archive") }
        let directoryOffset = UInt32(file.count)
        file += directory
        file.put32(0x0605_4b50); file.put16(0); file.put16(0)
        file.put16(UInt16(parts.count)); file.put16(UInt16(parts.count))
        file.put32(UInt32(directory.count)); file.put32(directoryOffset); file.put16(0)
        return file
    }
}

private extension [UInt8] {
    /// Little-endian fields; the caller has checked the offset is inside the array.
    func u16(_ offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    func u32(_ offset: Int) -> UInt32 { UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16 }
    mutating func put16(_ value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func put32(_ value: UInt32) { put16(UInt16(value & 0xFFFF)); put16(UInt16(value >> 16)) }
}
