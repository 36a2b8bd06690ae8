import Foundation
import ZIPFoundation

/// A .docx package: the zip of XML parts that Word reads and writes (ECMA-376 Part 2, Open
/// Packaging Conventions).
///
/// Reading is bounded before anything is inflated: a part or a whole package larger than the
/// limits is refused, and the limits are enforced on the bytes actually inflated too, because a
/// zip bomb's headers may lie about its sizes. Writing is deterministic: every entry has the same
/// fixed date, so the same document always gives the same bytes.
struct DocxArchive {
    /// No policy document comes near these; a package past them is refused with a clear error.
    static let maxPartSize = 64 << 20
    static let maxTotalSize = 256 << 20
    static let maxEntries = 10_000

    private let archive: Archive
    private let name: String

    /// Opens a package's bytes (`name` is the file, for messages).
    init(data: Data, name: String) throws {
        self.name = name
        guard data.count >= 4, data.prefix(2) == Data("PK".utf8) else {
            throw WordError("\(name): not a .docx file (not a zip archive)")
        }
        // Read through a file, not ZIPFoundation's in-memory archive: that one traps (a range
        // past the end) on a package whose directory points past its end, where reading a file
        // just comes up short and throws. Found by fuzzing (Tests/FuzzRegressions/docx).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("redline-\(UUID().uuidString).docx")
        do {
            try data.write(to: file)
        } catch {
            throw WordError("\(name): cannot read the package: \(error.localizedDescription)")
        }
        // The archive keeps the file open; its name can go at once.
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw WordError("\(name): corrupt .docx package: \(error)")
        }
        var count = 0, total: UInt64 = 0
        for entry in archive {
            count += 1
            total += entry.uncompressedSize
            guard count <= Self.maxEntries else { throw WordError("\(name): more than \(Self.maxEntries) parts in the package") }
            guard entry.uncompressedSize <= UInt64(Self.maxPartSize) else {
                throw WordError("\(name): part \(entry.path) is \(entry.uncompressedSize >> 20) MiB uncompressed; the limit is \(Self.maxPartSize >> 20) MiB")
            }
        }
        guard total <= UInt64(Self.maxTotalSize) else {
            throw WordError("\(name): the package is \(total >> 20) MiB uncompressed; the limit is \(Self.maxTotalSize >> 20) MiB")
        }
        guard count > 0 else { throw WordError("\(name): corrupt .docx package: no parts") }
    }

    /// The part's bytes, or nil when the package has no such part.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > Self.maxPartSize {
                    throw WordError("\(name): part \(path) inflates past \(Self.maxPartSize >> 20) MiB (a zip bomb?)")
                }
            }
        } catch let error as WordError {
            throw error
        } catch {
            throw WordError("\(name): corrupt part \(path): \(error)")
        }
        return data
    }

    /// A package of these parts, in this order, deflated, with a fixed date on every entry.
    static func write(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        // 1980-01-01, the earliest date a zip entry can carry: no build time leaks into the file.
        let fixedDate = Date(timeIntervalSince1970: 315_532_800)
        for part in parts {
            let data = part.data
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: fixedDate, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw WordError("could not write the .docx package") }
        return bytes
    }
}

/// A Word import or export failure, as the message a user sees.
public struct WordError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ message: String) { description = message }
}
