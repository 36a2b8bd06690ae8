/// One policy's folder in the store: its metadata file and its versions, in version order.
public struct PolicySource: Sendable {
    /// The folder name: the policy's address in the site (`output/SLUG/`).
    public var slug: String
    /// The folder's path, for messages.
    public var folder: String
    /// `policy.yml`'s path, and its bytes (nil when the file is missing).
    public var metadataFile: String
    public let metadataBytes: [UInt8]?
    /// `policy.yml` read, once: the build, the report and the scaffolds all ask for it.
    let metadata: YAMLFile?
    public var versions: [PolicyVersion]

    public init(slug: String, folder: String, metadataFile: String, metadataBytes: [UInt8]?, versions: [PolicyVersion]) {
        self.slug = slug
        self.folder = folder
        self.metadataFile = metadataFile
        self.metadataBytes = metadataBytes
        metadata = metadataBytes.map(YAMLFile.init)
        self.versions = versions.sorted { a, b in
            switch (a.version, b.version) {
            case let (x?, y?) where x != y: return VersionOrder.precedes(x, y)
            default: return a.name < b.name
            }
        }
    }

    /// A slug names a folder and a URL path: lowercase letters and digits in hyphenated runs.
    public static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--")
    }

    /// A version names files: letters, digits, dots and hyphens, starting with a letter or digit.
    public static func isValidVersion(_ version: String) -> Bool {
        guard let first = version.utf8.first, first != 0x2E, first != 0x2D else { return false }
        return version.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }
}
