import Foundation
import Testing
@testable import RedlineWord

/// The zip container of .docx packages, checked against Python's `zipfile` as the oracle both
/// ways, and on damaged packages that must be refused, never hang or crash.
@Suite struct ZipArchiveTests {
    static let parts: [(path: String, data: [UInt8])] = [
        (path: "[Content_Types].xml", data: Array("<Types/>".utf8)),
        (path: "empty.xml", data: []),
        (path: "word/document.xml", data: Array(String(repeating: "<w:p>policy text</w:p>", count: 5_000).utf8)),
        (path: "media/bytes.bin", data: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }),
        (path: "名前/ünïcode.xml", data: Array("é".utf8)),
    ]

    /// Runs a Python script with the package's path as its argument; returns its output.
    static func python(_ script: String, _ package: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        try Data(package).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func writtenPackagesReadBackAndPythonAgrees() throws {
        let package = try ZipArchive.write(Self.parts)
        let archive = try ZipArchive(package, maxEntries: 100)
        #expect(archive.entries.map(\.path) == Self.parts.map(\.path))
        for part in Self.parts {
            #expect(try archive.read(archive.entry(part.path)!, limit: 1 << 20) == part.data)
        }
        // Python checks every CRC (testzip) and reads the same names and bytes.
        let report = try Self.python("""
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            for i in z.infolist(): print(i.filename, i.date_time[:3], z.read(i).hex())
            """, package)
        let expected = Self.parts.map { part in
            "\(part.path) (1980, 1, 1) \(part.data.map { String(format: "%02x", $0) }.joined())\n"
        }.joined()
        #expect(report == expected)
        #expect(try ZipArchive.write(Self.parts) == package, "the same parts give the same bytes")
    }

    /// What other tools write: stored and deflated entries, a folder entry, data descriptors
    /// (a stream's sizes after its data) and an archive comment.
    @Test func readsPackagesPythonWrites() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, zipfile
            class Unseekable:
                def __init__(self, f): self.f = f
                def write(self, b): return self.f.write(b)
                def flush(self): self.f.flush()
            with open(sys.argv[1], 'wb') as raw:
                z = zipfile.ZipFile(Unseekable(raw), 'w')
                z.writestr('stored.txt', 'kept as is', compress_type=zipfile.ZIP_STORED)
                z.writestr('folder/', '')
                with z.open('streamed.xml', 'w') as f: f.write(b'<a>' * 1000)
                z.comment = b'written by python'
                z.close()
            """, file.path]
        try process.run()
        process.waitUntilExit()
        let archive = try ZipArchive([UInt8](try Data(contentsOf: file)), maxEntries: 100)
        #expect(archive.entries.map(\.path) == ["stored.txt", "folder/", "streamed.xml"])
        #expect(try archive.read(archive.entry("stored.txt")!, limit: 1 << 20) == Array("kept as is".utf8))
        #expect(archive.entry("folder/")!.isDirectory)
        #expect(try archive.read(archive.entry("streamed.xml")!, limit: 1 << 20) == Array(String(repeating: "<a>", count: 1000).utf8))
    }

    /// A deflate stream cut short: ZIPFoundation 0.9.20 looped for ever on it (a hang that
    /// kept the docx fuzz target out of CI). Now it is refused at once.
    @Test func streamCutShortIsRefused() throws {
        let url = SeedPolicy.root.appendingPathComponent("Tests/FuzzRegressions/docx/deflate-stream-cut-short")
        #expect {
            _ = try DocxImporter.read(try Data(contentsOf: url), name: "cut.docx")
        } throws: { "\($0)".contains("word/document.xml: the compressed data ends early") }
    }

    @Test func lyingSizesAndChecksumsAreRefused() throws {
        var package = try ZipArchive.write([(path: "a.xml", data: Array("hello".utf8))])
        // The checksum in the directory: 16 bytes into its only entry.
        let directory = package.count - 22 - (46 + 5)
        package[directory + 16] ^= 0xFF
        let archive = try ZipArchive(package, maxEntries: 10)
        #expect(throws: ZipArchive.Failure.self) { try archive.read(archive.entries[0], limit: 1 << 20) }
    }

    /// A small part that inflates far past its limit stops at the limit, whatever its headers say.
    @Test func bombsStopAtTheLimit() throws {
        let package = try ZipArchive.write([(path: "bomb.xml", data: [UInt8](repeating: 0, count: 3 << 20))])
        let archive = try ZipArchive(package, maxEntries: 10)
        #expect(package.count < 10_000)
        #expect { try archive.read(archive.entries[0], limit: 1 << 20) } throws: { "\($0)".contains("inflates past 1 MiB") }
    }

    /// Every byte of a small package changed, one at a time, and every length it can be cut to:
    /// each opens and reads or is refused, and none crashes or hangs.
    @Test func damagedPackagesNeverCrash() throws {
        let package = try ZipArchive.write([(path: "a.xml", data: Array(String(repeating: "text ", count: 40).utf8)),
                                            (path: "b/c.xml", data: Array("<x/>".utf8))])
        var variants: [[UInt8]] = (0..<package.count).map { Array(package[..<$0]) }
        for index in package.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = package
                damaged[index] ^= flip
                variants.append(damaged)
            }
        }
        var opened = 0
        for bytes in variants {
            guard let archive = try? ZipArchive(bytes, maxEntries: 10) else { continue }
            opened += 1
            for entry in archive.entries { _ = try? archive.read(entry, limit: 1 << 20) }
        }
        #expect(opened > 0)
    }
}
