/// What the site knows of one policy once it is built: written out as its `policy.json` (for
/// other systems), and read back from there by the next build when the policy's sources have
/// not changed, so that an unchanged policy costs a file read, not a rebuild.
public struct PolicySummary: Codable, Sendable, Equatable {
    public var slug: String
    public var code: String
    public var title: String
    public var category: String?
    public var owner: String?
    /// `adopted`, `rescinded`, or for a policy never adopted its newest version's status.
    public var status: String
    /// What the manual's index says of it: "Second reading 2026-12-08 — public comment open".
    public var statusText: String
    /// The manual section its code files it in (`G`), or "" outside A–K.
    public var section: String
    /// The newest date of its record (a reading, an adoption, a review, …).
    public var lastAction: String?
    /// The newest adoption or review of the text in force.
    public var lastReviewed: String?
    /// The version in force, if any, and the date it was adopted.
    public var current: String?
    public var lastAdopted: String?
    /// Versions still open (draft or proposed), oldest first.
    public var openDrafts: [String]
    public var versions: [VersionSummary]
    /// Every HTML page of the policy, relative to the site's root (for the sitemap).
    public var pages: [String]
    /// Every file the build wrote for the policy, this one included: what a later build takes
    /// over when nothing changed (and nothing else it finds in the policy's folder).
    public var files: [String]
    /// The section anchors of the policy's main page (`SLUG/`), which other policies may link to.
    public var anchors: [String]
    /// Links to other policies in the site, checked at every build.
    public var crossReferences: [CrossReference]
    /// A digest of everything the policy's pages are made from (its files, the site's
    /// configuration and templates, Redline's version): equal digests, equal pages.
    public var sourceDigest: String

    public struct VersionSummary: Codable, Sendable, Equatable {
        public var version: String
        public var status: String
        public var adopted: String?
        public var date: String?
        public var base: String?
        /// The source file's name in the policy's folder.
        public var source: String
        /// The clean edition's page, relative to the site's root.
        public var page: String
        /// The redline against the version before it, when there is one.
        public var comparison: String?
        /// Tracked changes in the version (a draft's marks).
        public var trackedChanges: Int
        /// Differences from its base that its marks do not show (built with `--allow-untracked`).
        public var untrackedEdits: Int
        /// Its readings at public meetings, first first.
        public var readings: [VersionRecord.Reading]
        public var rejected: MeetingDate?
        /// Reviews that kept it unchanged.
        public var reviewed: [String]
    }

    public struct CrossReference: Codable, Sendable, Equatable, Hashable {
        /// The version whose text holds the link.
        public var version: String
        /// The link as written (`../gbeb/#ii-a`).
        public var href: String
        /// The policy and anchor it names.
        public var policy: String
        public var anchor: String?
    }
}
