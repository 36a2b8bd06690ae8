import Foundation
import Testing

/// Every input fuzzing found a crash or a broken promise with, kept in Tests/FuzzRegressions/
/// TARGET/, replayed through its target (`redline-fuzz TARGET FILE`, the ordinary build).
@Suite struct FuzzRegressions {
    static let folder = PolicyCommand.root.appendingPathComponent("Tests/FuzzRegressions")

    static var fuzzer: URL { PolicyCommand.binary.deletingLastPathComponent().appendingPathComponent("redline-fuzz") }

    @Test func everyKeptInputPasses() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(!targets.isEmpty)
        for target in targets {
            let dir = Self.folder.appendingPathComponent(target)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { dir.appendingPathComponent($0).path }
            let r = try PolicyCommand.run([target] + files, executable: Self.fuzzer)
            #expect(r.status == 0, "\(target): \(r.stderr.split(separator: "\n").prefix(3).joined(separator: " | "))")
        }
    }

    /// The Word package that made ZIPFoundation trap: `policy import` says it is corrupt.
    @Test func aCorruptPackageIsAnError() throws {
        let r = try PolicyCommand.run(["import", Self.folder.appendingPathComponent("docx/zip-directory-past-the-end").path, "-o", "/dev/null"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("corrupt .docx package"), "\(r.stderr)")
    }
}
