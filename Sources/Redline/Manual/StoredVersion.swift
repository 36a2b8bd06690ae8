import Foundation

/// A version file that sits in a policy store (`STORE/SLUG/vN.md`, beside its `policy.yml`,
/// with `site.yml` above), seen from the store: its status as the versions' record gives it, and
/// its footer. `policy render` uses it so that an edition rendered on its own for a meeting ends
/// with the same footer as the site's, its cross-references linking to the published site.
public struct StoredVersion: Sendable {
    public var status: VersionStatus
    public var footer: PolicyFooter
    /// The site's address (`site.yml`'s url), for the cross-references' links.
    public var siteURL: String

    /// Whether a file sits in a policy's folder of a store: `policy.yml` beside it, `site.yml` above.
    public static func isInStore(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        let fm = FileManager.default
        return fm.fileExists(atPath: folder.appendingPathComponent(SiteTree.metadataName).path)
            && fm.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent(SiteTree.configName).path)
    }

    /// Why a version in a store gets no footer.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Nil when the file is not in a store; throws when it is but its record cannot be trusted
    /// (the store, the policy's metadata or its versions' record has errors): a footer made from
    /// it would be wrong, so a render goes on without it, saying why.
    public static func find(_ path: String) throws(Unusable) -> StoredVersion? {
        guard isInStore(path) else { return nil }
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let folder = file.deletingLastPathComponent(), root = folder.deletingLastPathComponent()
        let unusable = Unusable(description: "\(path): warning: its policy's record has errors, so the edition has no footer and states no derived status (`policy lint \(folder.path)` lists them)")
        guard let tree = try? SiteTree.read(root.path), let config = SiteConfig.read(tree).0,
              let policy = tree.policies.first(where: { $0.slug == folder.lastPathComponent }),
              let yaml = policy.metadata, !yaml.problems.contains(where: { $0.severity == .error }),
              policy.versions.allSatisfy({ $0.version.map(PolicySource.isValidVersion) == true }) else { throw unusable }
        let named = policy.versions.compactMap { version in version.version.map { (version: version, name: $0) } }
        guard let index = named.firstIndex(where: { $0.version.name == file.lastPathComponent }),
              Set(named.map { $0.name.lowercased() }).count == named.count else { throw unusable }
        let history = PolicyHistory(named)
        guard !history.problems.contains(where: \.isError) else { throw unusable }
        let (references, _) = PolicyReferences.read { yaml[$0] }.0.forVersion(named[index].version)
        let codes = SiteBuilder.codeIndex(tree)
        let (targets, unknown) = PolicyFooter.resolve(references.crossReferences, codes: codes)
        // A code that names no policy stays in the footer as written, unlinked.
        let footer = PolicyFooter(references: references, targets: targets + unknown.map { PolicyFooter.Target(code: $0, slug: "", title: "") },
                                  history: history.historyItems(through: index))
        return StoredVersion(status: history.entries[index].status, footer: footer, siteURL: config.url)
    }
}

extension Document {
    /// The document with the status its record implies stated in its front matter (its pages
    /// show the front matter's status); unchanged when the front matter states one.
    public func stating(_ status: VersionStatus) -> Document {
        guard frontMatter.status == nil else { return self }
        var document = self
        document.frontMatter.set("status", status.rawValue)
        return document
    }
}
