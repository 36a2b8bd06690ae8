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
        let url = URL(fileURLWithPath: realPath(output))
        return url.deletingLastPathComponent().appendingPathComponent(".build-site-\(url.lastPathComponent)-\(getpid())").path
    }

    /// A path with every symbolic link in it resolved, also where its last parts do not exist
    /// yet (`sl/site` with `sl` a link to the store is inside the store).
    public static func realPath(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        guard let resolved = realpath(existing.path, nil) else { return existing.path }
        defer { free(resolved) }
        var url = URL(fileURLWithPath: String(cString: resolved))
        for part in rest { url.appendPathComponent(part) }
        return url.path
    }

    /// The names a build writes at the top of the site; with the policies' folders (each with
    /// its `policy.json`) nothing else is ever there.
    static let siteFiles = Set(SitePages.fileNames)

    /// Refuses an output that would lose somebody's files: the store itself or a folder in it,
    /// or an existing folder holding anything a build does not write (a `.git`, a `CNAME`, a
    /// document): the build replaces the folder whole.
    public static func checkReplaceable(_ output: String, source: String) throws {
        let out = realPath(output), src = realPath(source)
        if out == src || out.hasPrefix(src + "/") || src.hasPrefix(out + "/") {
            throw Failure(description: "\(output): error: the output folder and the policy store (\(source)) must be apart")
        }
        let kind = SiteTree.kind(out)
        if kind == .missing { return }
        guard kind == .directory else { throw Failure(description: "\(output): error: exists and is not a folder") }
        let entries = (try? SiteTree.entries(out)) ?? []
        let foreign = entries.filter { name in
            switch SiteTree.kind(SiteTree.join(out, name)) {
            case .file: return !siteFiles.contains(name)
            case .directory: return !PolicySource.isValidSlug(name) || SiteTree.kind(SiteTree.join(SiteTree.join(out, name), "policy.json")) != .file
            default: return true
            }
        }
        if !foreign.isEmpty {
            let listed = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
            throw Failure(description: "\(output): error: holds what a build does not write (\(listed)); the build replaces the folder whole, so it would be lost: move it, or build into another folder")
        }
    }

    /// Makes a fresh staging folder, clearing any that a killed build left.
    public static func prepareStaging(for output: String) throws -> String {
        let staging = stagingFolder(for: output)
        let parent = (staging as NSString).deletingLastPathComponent
        let prefix = ".build-site-\(URL(fileURLWithPath: realPath(output)).lastPathComponent)-"
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
    /// Returns a warning when the old site could not be removed (it is left beside the new one,
    /// named in the warning): the new site is in place all the same.
    @discardableResult
    public static func publish(_ staging: String, as given: String) throws -> String? {
        // Through a link to the site: the folder it names is replaced, and the link kept.
        let output = realPath(given)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            if redline_exchange_paths(staging, output) != 0 {
                let reason = errno
                if reason == EBUSY {
                    throw Failure(description: "\(given): error: cannot replace it: it is a mount point or in use. The build swaps the whole folder in one step, so the site must be a folder of its own inside the mount (-o \(given)/site)")
                }
                guard reason == ENOSYS || reason == EINVAL else {
                    throw Failure(description: "\(given): error: cannot replace it: \(String(cString: strerror(reason)))")
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
                return removeOldSite(old)
            }
            // The old site is now at the staging path.
            return removeOldSite(staging)
        } else {
            guard rename(staging, output) == 0 else {
                throw Failure(description: "\(output): error: cannot put the new site in place: \(String(cString: strerror(errno)))")
            }
            return nil
        }
    }

    /// Removes the site a build replaced, or says why it could not (a folder in it the user may
    /// not write to, say), so that a copy of the old site is never left behind unannounced.
    private static func removeOldSite(_ path: String) -> String? {
        do {
            try FileManager.default.removeItem(atPath: path)
            return nil
        } catch {
            return "\(path): warning: the new site is in place, but the previous one could not be removed from here (\(error.localizedDescription)); remove it by hand"
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

    /// Notes that this program built `output`. Without the note the next build is a full one,
    /// which is safe; an old note left in place is not (another program's pages would be taken
    /// over), so when neither writing nor removing it works, the warning returned says so.
    public static func stamp(_ output: String) -> String? {
        let file = stampFile(for: output)
        if let id = buildID() {
            do {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data((id + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
                return nil
            } catch {}
        }
        try? FileManager.default.removeItem(atPath: file)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return "\(file): warning: cannot update or remove this note of which program built the site; remove it by hand, or the next build may keep pages an older program wrote"
    }

    /// Every file under a folder, as paths relative to it, sorted; and everything else there
    /// that a build never writes (links, devices, empty folders).
    static func files(under root: String) -> (files: [String], others: [String]) {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return ([], []) }
        var files: [String] = [], others: [String] = []
        while let path = enumerator.nextObject() as? String {
            let full = SiteTree.join(root, path)
            switch SiteTree.kind(full) {
            case .file: files.append(path)
            case .directory: if (try? FileManager.default.contentsOfDirectory(atPath: full))?.isEmpty == true { others.append(path) }
            default:
                others.append(path)
                enumerator.skipDescendants()
            }
        }
        return (files.sorted(), others.sorted())
    }
}

/// Writes a build's files into its staging folder; unchanged policies are hard-linked from the
/// previous output (the old files are never written to, so both sites stay whole).
public final class StagingSink: SiteSink, @unchecked Sendable {
    public let root: String
    public let previous: String?
    public let name: String

    public init(root: String, previous: String?, name: String) {
        self.root = root
        self.previous = previous
        self.name = name
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

    public func copy(_ paths: [String]) throws {
        guard let previous else { return }
        for path in paths {
            let source = SiteTree.join(previous, path), target = SiteTree.join(root, path)
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
    public let name: String
    private let lock = NSLock()
    private var produced = Set<String>()
    private var differing: [String] = []

    /// `root` is the folder read (links resolved, so that its files can be listed); `name`
    /// the output as the user named it, in messages.
    public init(root: String, name: String) {
        self.root = root
        self.name = name
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let existing = FileManager.default.contents(atPath: SiteTree.join(root, path))
        let note: String? = existing == nil ? "missing" : existing!.elementsEqual(bytes) ? nil : "differs"
        lock.lock()
        defer { lock.unlock() }
        produced.insert(path)
        if let note { differing.append("\(SiteTree.join(name, path)): \(note)") }
    }

    public func copy(_ paths: [String]) throws {
        throw OutputTree.Failure(description: "a check builds every policy afresh")
    }

    /// Files that are missing, differ, or would not be built, sorted.
    public func differences() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let found = OutputTree.files(under: root)
        let extra = (found.files.filter { !produced.contains($0) } + found.others).map { "\(SiteTree.join(name, $0)): not built from the store" }
        return (differing + extra).sorted()
    }
}
