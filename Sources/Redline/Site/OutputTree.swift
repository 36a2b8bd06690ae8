import CSystem
import Foundation

/// The output folder and how a build replaces it: everything is written into a staging folder
/// beside it, which is then swapped in with one `renameat2(RENAME_EXCHANGE)`. A build stopped
/// at any moment (killed, out of disk, an error) leaves the previous site whole, and readers
/// never see a half-written one.
public enum OutputTree {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The staging folder for `output`: hidden beside it, named so that `.gitignore`'s
    /// `.build-*/` covers it and the next build clears one a killed build left.
    public static func stagingFolder(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".build-site-\(url.lastPathComponent)-\(getpid())").path
    }

    /// Refuses an output that would lose somebody's files: the store itself or a folder in it,
    /// or an existing folder that is not a built site (one with a `sitemap.xml`).
    public static func checkReplaceable(_ output: String, source: String) throws {
        let out = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        let src = URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath().path
        if out == src || out.hasPrefix(src + "/") || src.hasPrefix(out + "/") {
            throw Failure(description: "\(output): error: the output folder and the policy store (\(source)) must be apart")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw Failure(description: "\(output): error: exists and is not a folder") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        if !entries.isEmpty, !entries.contains("sitemap.xml") {
            throw Failure(description: "\(output): error: exists and is not a site Redline built (it has no sitemap.xml); it would be replaced whole: remove it or choose another folder")
        }
    }

    /// Makes a fresh staging folder, clearing any that a killed build left.
    public static func prepareStaging(for output: String) throws -> String {
        let staging = stagingFolder(for: output)
        let parent = (staging as NSString).deletingLastPathComponent
        let prefix = ".build-site-\((URL(fileURLWithPath: output).standardizedFileURL.lastPathComponent))-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
        }
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(parent): error: cannot make the staging folder: \(error.localizedDescription)")
        }
        return staging
    }

    /// Puts the staging folder in the output's place in one step, then removes the old site.
    public static func publish(_ staging: String, as output: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            if redline_exchange_paths(staging, output) != 0 {
                let reason = errno
                guard reason == ENOSYS || reason == EINVAL else {
                    throw Failure(description: "\(output): error: cannot replace it: \(String(cString: strerror(reason)))")
                }
                // A file system without the exchange: two renames, with the old site kept
                // beside until the new one is in place.
                let old = staging + "-old"
                guard rename(output, old) == 0 else { throw Failure(description: "\(output): error: cannot move it aside: \(String(cString: strerror(errno)))") }
                guard rename(staging, output) == 0 else {
                    let reason = errno
                    _ = rename(old, output)
                    throw Failure(description: "\(output): error: cannot put the new site in place: \(String(cString: strerror(reason)))")
                }
                try? FileManager.default.removeItem(atPath: old)
                return
            }
            // The old site is now at the staging path.
            try? FileManager.default.removeItem(atPath: staging)
        } else {
            guard rename(staging, output) == 0 else {
                throw Failure(description: "\(output): error: cannot put the new site in place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Where a build notes which program built `output`: in `.build-site/` beside it (ignored by
    /// git with the other `.build-*` folders), never in the site, whose bytes must not depend on
    /// the machine.
    public static func stampFile(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".build-site/\(url.lastPathComponent).build-id").path
    }

    /// The running program's build ID in hex, if the linker gave it one.
    public static func buildID() -> String? {
        var bytes = [UInt8](repeating: 0, count: 64)
        let length = Int(redline_build_id(&bytes, Int32(bytes.count)))
        guard length > 0 else { return nil }
        return bytes[..<length].map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `output` was built by this very program: only then may a build take its
    /// unchanged policies over (a policy's digest covers its inputs, not Redline's code).
    public static func builtByThisProgram(_ output: String) -> Bool {
        guard let id = buildID(), let data = FileManager.default.contents(atPath: stampFile(for: output)) else { return false }
        return String(decoding: data, as: UTF8.self) == id + "\n"
    }

    /// Notes that this program built `output` (best effort: without it the next build is a full one).
    public static func stamp(_ output: String) {
        let file = stampFile(for: output)
        guard let id = buildID() else { try? FileManager.default.removeItem(atPath: file); return }
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? Data((id + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    /// Every file under a folder, as paths relative to it, sorted.
    static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let path = enumerator.nextObject() as? String {
            if SiteTree.kind(SiteTree.join(root, path)) == .file { found.append(path) }
        }
        return found.sorted()
    }
}

/// Writes a build's files into its staging folder; unchanged policies are hard-linked from the
/// previous output (the old files are never written to, so both sites stay whole).
public final class StagingSink: SiteSink, @unchecked Sendable {
    public let root: String
    public let previous: String?

    public init(root: String, previous: String?) {
        self.root = root
        self.previous = previous
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let full = SiteTree.join(root, path)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputTree.Failure(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputTree.Failure(description: String(cString: strerror(errno)))
                }
                written += n
            }
        }
        // Permissions as the site is published: readable by the web server, whatever the umask.
        fchmod(fd, 0o644)
    }

    public func copy(_ slug: String) throws {
        guard let previous else { return }
        let from = SiteTree.join(previous, slug), to = SiteTree.join(root, slug)
        for path in OutputTree.files(under: from) {
            let source = SiteTree.join(from, path), target = SiteTree.join(to, path)
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if link(source, target) != 0 {
                try FileManager.default.copyItem(atPath: source, toPath: target)
            }
        }
    }
}

/// Compares what a build would write with an output folder (`policy build --check`).
public final class CheckSink: SiteSink, @unchecked Sendable {
    public let root: String
    private let lock = NSLock()
    private var produced = Set<String>()
    private var differing: [String] = []

    public init(root: String) {
        self.root = root
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let existing = FileManager.default.contents(atPath: SiteTree.join(root, path))
        let note: String? = existing == nil ? "missing" : existing!.elementsEqual(bytes) ? nil : "differs"
        lock.lock()
        defer { lock.unlock() }
        produced.insert(path)
        if let note { differing.append("\(SiteTree.join(root, path)): \(note)") }
    }

    public func copy(_ slug: String) throws {
        throw OutputTree.Failure(description: "a check builds every policy afresh")
    }

    /// Files that are missing, differ, or would not be built, sorted.
    public func differences() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let extra = OutputTree.files(under: root).filter { !produced.contains($0) }.map { "\(SiteTree.join(root, $0)): not built from the store" }
        return (differing + extra).sorted()
    }
}
