/// What a policy's footer cites beside its history: its source (`MASC`), its legal references
/// and its cross-references to other policies by code. Kept in `policy.yml`; a version's front
/// matter may give its own, for a revision that changes them.
///
/// ```yaml
/// source: MASC
/// legal-refs:
///   - M.G.L. 71:37O
///   - 603 CMR 26.00
/// cross-refs: [GBEA, JICFB]
/// ```
public struct PolicyReferences: Sendable, Equatable {
    public var source: String?
    public var legal: [String] = []
    /// Codes, as written.
    public var crossReferences: [String] = []

    public static let keys = ["source", "legal-refs", "cross-refs"]

    public init(source: String? = nil, legal: [String] = [], crossReferences: [String] = []) {
        self.source = source
        self.legal = legal
        self.crossReferences = crossReferences
    }

    /// Reads the keys from `value`; a problem names the key it is about.
    static func read(_ value: (String) -> String?) -> (PolicyReferences, [(key: String, message: String)]) {
        var references = PolicyReferences()
        var problems: [(String, String)] = []
        func plain(_ s: String) -> Bool { !s.unicodeScalars.contains(where: MeetingDate.isControl) }
        if let source = value("source") {
            if !plain(source) { problems.append(("source", "'source' must be one line of text, without control characters")) } else { references.source = source }
        }
        if let text = value("legal-refs") {
            if let items = YAMLList.items(text), items.allSatisfy(plain) { references.legal = items } else {
                problems.append(("legal-refs", "'legal-refs' is one reference or a list of them, each one line of text"))
            }
        }
        if let text = value("cross-refs") {
            // One line may list several codes: "GBEA, JICFB".
            if let items = YAMLList.items(text) {
                references.crossReferences = items.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init) }
            } else {
                problems.append(("cross-refs", "'cross-refs' is a list of policy codes"))
            }
        }
        return (references, problems)
    }

    /// A version's references: its own where its front matter gives them, these (the policy's)
    /// otherwise, key by key; and the problems with its own.
    func forVersion(_ version: PolicyVersion) -> (PolicyReferences, [(key: String, message: String)]) {
        let front = version.frontMatter
        let given = Set(Self.keys.filter { front[$0] != nil })
        let (own, problems) = Self.read { front[$0]?.trimmingWhitespace.isEmpty == false ? front[$0] : nil }
        return (overridden(by: own, keys: given), problems)
    }

    /// Cross-references of `versions` to codes no policy has, each once, where it is written: in
    /// a version's front matter when the version gives its own, else in `policy.yml`. (The build
    /// and the report both report them so.)
    static func unknownCrossReferences(_ policy: PolicySource, versions: [PolicyVersion],
                                       codes: [String: PolicyFooter.Target]) -> [SiteProblem] {
        guard let yaml = policy.metadata else { return [] }
        let (base, _) = read { yaml[$0] }
        var found: [SiteProblem] = []
        var reported = Set<String>()
        for version in versions {
            let own = version.frontMatter["cross-refs"] != nil
            let (file, bytes, line) = own ? (version.file, version.bytes, version.location(of: "cross-refs").line)
                                          : (policy.metadataFile, policy.metadataBytes ?? [], yaml.location(of: "cross-refs").line)
            for code in PolicyFooter.resolve(base.forVersion(version).0.crossReferences, codes: codes).unknown
            where reported.insert("\(file)\u{0}\(code)").inserted {
                let at = PolicyBuilder.locate(word: code, in: bytes, fromLine: line)
                found.append(SiteProblem(file, .error, line: at.line, column: at.column, "cross-reference \(code) names no policy of the manual (no policy.yml has that code)"))
            }
        }
        return found
    }

    /// The version's own references where it gives them, the policy's otherwise, key by key.
    func overridden(by version: PolicyReferences, keys: Set<String>) -> PolicyReferences {
        PolicyReferences(source: keys.contains("source") ? version.source : source,
                         legal: keys.contains("legal-refs") ? version.legal : legal,
                         crossReferences: keys.contains("cross-refs") ? version.crossReferences : crossReferences)
    }
}
