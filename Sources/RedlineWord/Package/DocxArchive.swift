import Foundation

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

    private let archive: ZipArchive
    private let name: String

    /// Opens a package's bytes (`name` is the file, for messages).
    init(data: Data, name: String) throws {
        self.name = name
        guard data.count >= 4, data.prefix(2) == Data("PK".utf8) else {
            throw WordError("\(name): not a .docx file (not a zip archive)")
        }
        do {
            archive = try ZipArchive([UInt8](data), maxEntries: Self.maxEntries)
        } catch {
            throw WordError("\(name): corrupt .docx package: \(error)")
        }
        var total = 0
        for entry in archive.entries {
            total += entry.uncompressedSize
            guard entry.uncompressedSize <= Self.maxPartSize else {
                throw WordError("\(name): part \(entry.path) is \(entry.uncompressedSize >> 20) MiB uncompressed; the limit is \(Self.maxPartSize >> 20) MiB")
            }
        }
        guard total <= Self.maxTotalSize else {
            throw WordError("\(name): the package is \(total >> 20) MiB uncompressed; the limit is \(Self.maxTotalSize >> 20) MiB")
        }
        guard !archive.entries.isEmpty else { throw WordError("\(name): corrupt .docx package: no parts") }
    }

    /// The part's bytes, or nil when the package has no such part.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive.entry(path), !entry.isDirectory else { return nil }
        do {
            // The size the directory records is checked after inflating too (a zip bomb's
            // headers may lie), and inflating stops at the limit.
            return Data(try archive.read(entry, limit: Self.maxPartSize))
        } catch {
            throw WordError("\(name): corrupt part: \(error)")
        }
    }

    /// A package of these parts, in this order, deflated, with a fixed date on every entry.
    static func write(_ parts: [(path: String, data: Data)]) throws -> Data {
        do {
            return Data(try ZipArchive.write(parts.map { (path: $0.path, data: [UInt8]($0.data)) }))
        } catch {
            throw WordError("could not write the .docx package: \(error)")
        }
    }
}

/// A Word import or export failure, as the message a user sees.
public struct WordError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ message: String) { description = message }
}
