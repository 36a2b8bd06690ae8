/// One version of a policy: a Markdown source in the policy's folder, and what its front matter
/// says of it. Only the front matter is read here; the text is parsed when the version is built.
public struct PolicyVersion: Sendable {
    /// The path, for messages (`policy-src/gbeb/v2.md`).
    public var file: String
    /// The file name within the policy's folder (`v2.md`).
    public var name: String
    public var bytes: [UInt8]
    public var frontMatter: FrontMatter
    /// Front matter that does not parse, located in the file.
    public var frontMatterProblems: [Diagnostic]
    private var keyLines: [String: Int]

    public init(file: String, name: String, bytes: [UInt8]) {
        self.file = file
        self.name = name
        self.bytes = bytes
        let raw = String(decoding: bytes[0..<FrontMatterReader.length(of: bytes)], as: UTF8.self)
        (frontMatter, frontMatterProblems) = FrontMatterReader.read(raw)
        keyLines = YAMLFile.keyLines(raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw)
    }

    private func value(_ key: String) -> String? {
        guard let value = frontMatter[key]?.trimmingWhitespace, !value.isEmpty else { return nil }
        return value
    }

    /// The version's name (`version:`), as written: it names its pages (`v2.html`).
    public var version: String? { value("version") }
    public var statusText: String? { value("status") }
    public var status: VersionStatus? { statusText.flatMap { VersionStatus(rawValue: $0.lowercased()) } }
    /// The adoption date, for a version that was adopted.
    public var adopted: String? { value("adopted") }
    /// The version a draft revises.
    public var base: String? { value("base") }
    /// When the version was written or put forward (a draft's or a rescission's date).
    public var date: String? { value("date") }

    /// The date the version's status took effect: adoption for an adopted one, else its date.
    public var effectiveDate: String? { status?.wasAdopted == true ? adopted : date }

    /// Where a front matter key stands (line 1 when it is missing).
    public func location(of key: String) -> SourceLocation {
        SourceLocation(line: keyLines[key] ?? 1, column: 1)
    }

    /// The file name of a version's pages: `v` and the version, with anything that is not a
    /// letter, digit, dot or hyphen refused by the build first.
    public static func pageStem(_ version: String) -> String { "v" + version }
}
