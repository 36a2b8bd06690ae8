import Foundation

/// The policy store as read from disk: `site.yml` and one folder per policy (see
/// docs/policy-src.md). Reading stops at nothing: every file that cannot be read becomes a
/// problem, so that one build reports them all.
public struct SiteTree: Sendable {
    public var root: String
    public var configFile: String
    /// `site.yml`'s bytes, or nil when it is missing.
    public var configBytes: [UInt8]?
    /// In slug order.
    public var policies: [PolicySource]
    public var problems: [SiteProblem]

    public init(root: String, configFile: String, configBytes: [UInt8]?, policies: [PolicySource], problems: [SiteProblem] = []) {
        self.root = root
        self.configFile = configFile
        self.configBytes = configBytes
        self.policies = policies.sorted { $0.slug < $1.slug }
        self.problems = problems
    }

    public static let configName = "site.yml"
    public static let metadataName = "policy.yml"

    /// Reads the store under `root`. Throws only when `root` itself is not a readable folder.
    public static func read(_ root: String) throws -> SiteTree {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            let exists = FileManager.default.fileExists(atPath: root)
            throw SourceFile.Failure(description: "\(root): error: \(exists ? "not a folder" : "no such folder") (the policy store is a folder: see docs/policy-src.md)")
        }
        var problems: [SiteProblem] = []
        var policies: [PolicySource] = []
        let configFile = join(root, configName)
        var configBytes: [UInt8]?
        for name in try entries(root) where !name.hasPrefix(".") {
            let path = join(root, name)
            switch kind(path) {
            case .missing:
                problems.append(SiteProblem(path, .error, "cannot read this name (it is not UTF-8?): rename it"))
            case .directory:
                policies.append(readPolicy(slug: name, folder: path, problems: &problems))
            case .file where name == configName:
                configBytes = readFile(path, problems: &problems)
            case .symbolicLink:
                problems.append(SiteProblem(path, .error, "a symbolic link in the policy store is not followed (it could point outside it); put the files themselves here"))
            default:
                problems.append(SiteProblem(path, .warning, "not read: the store holds \(configName) and one folder per policy"))
            }
        }
        return SiteTree(root: root, configFile: configFile, configBytes: configBytes, policies: policies, problems: problems)
    }

    private static func readPolicy(slug: String, folder: String, problems: inout [SiteProblem]) -> PolicySource {
        let metadataFile = join(folder, metadataName)
        var metadataBytes: [UInt8]?
        var versions: [PolicyVersion] = []
        let names: [String]
        do { names = try entries(folder) } catch {
            problems.append(SiteProblem(folder, .error, "cannot list the folder: \(error.localizedDescription)"))
            names = []
        }
        for name in names where !name.hasPrefix(".") {
            let path = join(folder, name)
            switch kind(path) {
            case .missing:
                problems.append(SiteProblem(path, .error, "cannot read this name (it is not UTF-8?): rename it"))
            case .file where name == metadataName:
                metadataBytes = readFile(path, problems: &problems)
            case .file where name.hasSuffix(".md"):
                if let bytes = readFile(path, problems: &problems) {
                    versions.append(PolicyVersion(file: path, name: name, bytes: bytes))
                }
            case .symbolicLink:
                problems.append(SiteProblem(path, .error, "a symbolic link in the policy store is not followed (it could point outside it); put the file itself here"))
            default:
                problems.append(SiteProblem(path, .warning, "not read: a policy's folder holds \(metadataName) and one Markdown file per version"))
            }
        }
        return PolicySource(slug: slug, folder: folder, metadataFile: metadataFile, metadataBytes: metadataBytes, versions: versions)
    }

    private static func readFile(_ path: String, problems: inout [SiteProblem]) -> [UInt8]? {
        do { return try SourceFile.readUTF8(path) } catch {
            problems.append(located("\(error)", path: path))
            return nil
        }
    }

    /// A reading error (`path:line:col: error: message`) as a problem.
    static func located(_ text: String, path: String) -> SiteProblem {
        var rest = Substring(text)
        if rest.hasPrefix(path + ":") { rest = rest.dropFirst(path.count + 1) }
        var numbers: [Int] = []
        while numbers.count < 2, let colon = rest.firstIndex(of: ":"), let n = Int(rest[..<colon]) {
            numbers.append(n)
            rest = rest[rest.index(after: colon)...]
        }
        rest = rest.drop { $0 == " " }
        if rest.hasPrefix("error: ") { rest = rest.dropFirst(7) }
        return SiteProblem(path, .error, line: numbers.first ?? 1, column: numbers.count > 1 ? numbers[1] : 1, String(rest))
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

    /// A folder's entries in byte order (the same order on every machine).
    static func entries(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    enum Kind { case file, directory, symbolicLink, other, missing }

    /// What is at a path, without following a symbolic link.
    static func kind(_ path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }
}
