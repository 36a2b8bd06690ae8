import Foundation

/// Builds the site from the store: checks every policy, makes the pages of each (in parallel,
/// across the cores), then the site's own pages, and hands every file to a sink: the staging
/// folder of a build, or the comparison of `--check`.
///
/// A policy whose inputs have the digest its `policy.json` in the previous output records is
/// not rebuilt: its folder is taken over as it is. What the site's pages need of it comes from
/// that `policy.json`, and its links to other policies are checked again.
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        /// Untracked edits in a draft are warnings, not errors.
        public var allowUntracked = false
        /// Rebuild every policy, taking nothing over from the previous output.
        public var force = false
        /// Redline's version: part of every digest, so an upgrade rebuilds everything.
        public var toolVersion: String
        /// Templates that override the built-in ones (`site/templates/`).
        public var templateDirectory: String?

        public init(toolVersion: String, templateDirectory: String? = nil, allowUntracked: Bool = false, force: Bool = false) {
            self.toolVersion = toolVersion
            self.templateDirectory = templateDirectory
            self.allowUntracked = allowUntracked
            self.force = force
        }
    }

    public struct Result: Sendable {
        /// Sorted; the build failed when any is an error.
        public var problems: [SiteProblem]
        /// The slugs of the policies built, and of those taken over unchanged.
        public var rebuilt: [String]
        public var reused: [String]
        public var failed: Bool { problems.contains(where: \.isError) }
    }

    public var tree: SiteTree
    public var options: Options

    public init(tree: SiteTree, options: Options) {
        self.tree = tree
        self.options = options
    }

    /// Builds into `sink`. `previous` is the output folder a policy may be taken over from;
    /// `progress` is told of each policy done (from any thread).
    public func build(into sink: some SiteSink, previous: String?, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> Result {
        var problems = tree.problems
        let (config, configProblems) = SiteConfig.read(tree)
        problems += configProblems
        let page: HTMLPage
        do { page = try HTMLPage(templateDirectory: options.templateDirectory) } catch {
            problems.append(SiteTree.located("\(error)", path: (error as? HTMLPage.TemplateError)?.file ?? options.templateDirectory ?? "templates"))
            return Result(problems: problems.sorted(), rebuilt: [], reused: [])
        }
        guard let config else {
            // Never a site without its settings, whatever the problems say.
            if !problems.contains(where: \.isError) { problems.append(SiteProblem(tree.configFile, .error, "cannot be read")) }
            return Result(problems: problems.sorted(), rebuilt: [], reused: [])
        }

        // Which policies can be taken over.
        let codes = codeIndex()
        let digests = tree.policies.map { digest(of: $0, page: page, codes: codes) }
        var summaries = [PolicySummary?](repeating: nil, count: tree.policies.count)
        var dirty: [Int] = []
        for (k, policy) in tree.policies.enumerated() {
            if let previous, !options.force, let old = Self.previousSummary(previous, policy.slug), old.sourceDigest == digests[k],
               options.allowUntracked || old.versions.allSatisfy({ $0.untrackedEdits == 0 }),
               old.files.allSatisfy({ SiteTree.kind(SiteTree.join(previous, $0)) == .file }) {
                summaries[k] = old
            } else {
                dirty.append(k)
            }
        }
        let reused = tree.policies.indices.filter { summaries[$0] != nil }
        // Allowed untracked edits were reported when the policy was built: said again, briefly.
        for k in reused {
            for version in summaries[k]!.versions where version.untrackedEdits > 0 {
                let file = SiteTree.join(tree.policies[k].folder, version.source)
                problems.append(SiteProblem(file, .warning, "\(version.untrackedEdits) untracked edit\(version.untrackedEdits == 1 ? "" : "s") (shown when it was built; --force shows them again)"))
            }
        }

        // The rest, built in parallel; each policy's files go to the sink as soon as it is done.
        let slots = ParallelSlots<PolicyBuild>(count: dirty.count)
        let counter = Counter()
        let total = dirty.count
        let tree = tree, options = options, dirtyIndices = dirty
        ParallelSlots<PolicyBuild>.run(count: dirty.count) { j in
            let k = dirtyIndices[j]
            let builder = PolicyBuilder(source: tree.policies[k], site: config, page: page, allowUntracked: options.allowUntracked,
                                        digest: digests[k], codes: codes)
            var result = builder.build()
            if !result.problems.contains(where: \.isError) {
                for file in result.files {
                    do { try sink.write(file.path, file.bytes) } catch {
                        result.problems.append(SiteProblem(SiteTree.join(sink.name, file.path), .error, "cannot write: \(error)"))
                        break
                    }
                }
            }
            result.files = []
            slots[j] = result
            progress?(counter.increment(), total)
        }
        for (j, k) in dirty.enumerated() {
            let result = slots[j]!
            problems += result.problems
            summaries[k] = result.summary
        }
        for k in reused {
            do { try sink.copy(summaries[k]!.files) } catch {
                problems.append(SiteProblem(SiteTree.join(sink.name, tree.policies[k].slug), .error, "cannot take over the unchanged pages: \(error)"))
            }
        }
        let built = summaries.compactMap { $0 }
        problems += siteProblems(built)
        if !problems.contains(where: \.isError) {
            for file in SitePages(site: config, page: page, policies: built).files() {
                do { try sink.write(file.path, file.bytes) } catch {
                    problems.append(SiteProblem(SiteTree.join(sink.name, file.path), .error, "cannot write: \(error)"))
                }
            }
        }
        return Result(problems: problems.sorted(), rebuilt: dirty.map { tree.policies[$0].slug }, reused: reused.map { tree.policies[$0].slug })
    }

    /// Checks across policies: one code per policy, and every link to another policy names a
    /// policy of the site and, with an anchor, a section of its main page.
    func siteProblems(_ summaries: [PolicySummary]) -> [SiteProblem] {
        var problems: [SiteProblem] = []
        let bySlug = Dictionary(summaries.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        let inStore = Set(tree.policies.map(\.slug))
        var codes: [String: String] = [:]
        for summary in summaries {
            let key = summary.code.uppercased()
            if let other = codes[key] {
                let file = SiteTree.join(SiteTree.join(tree.root, summary.slug), SiteTree.metadataName)
                let line = YAMLFile.keyLines(String(decoding: tree.policies.first { $0.slug == summary.slug }?.metadataBytes ?? [], as: UTF8.self))["code"] ?? 1
                problems.append(SiteProblem(file, .error, line: line, column: 1, "code \(summary.code) is also the code of \(other): each policy has its own"))
            } else {
                codes[key] = summary.slug
            }
            guard let source = tree.policies.first(where: { $0.slug == summary.slug }) else { continue }
            var cursors: [String: [String: Int]] = [:]
            for reference in summary.crossReferences {
                let message: String
                if let target = bySlug[reference.policy] {
                    guard let anchor = reference.anchor, !target.anchors.contains(anchor) else { continue }
                    message = target.current == nil
                        ? "the link \(reference.href) names a section of \(reference.policy), which has no version in force"
                        : "the link \(reference.href) names no section of \(reference.policy) (version \(target.current!) in force)"
                } else if inStore.contains(reference.policy) {
                    continue  // The policy has errors of its own, reported already.
                } else {
                    message = "the link \(reference.href) names no policy of the site: there is no folder \(reference.policy)"
                }
                let version = source.versions.first { $0.version == reference.version }
                let file = version?.file ?? source.folder
                var cursor = cursors[file] ?? [:]
                let at = version.map { PolicyBuilder.locate(reference.href, in: $0.bytes, cursor: &cursor) } ?? SourceLocation(line: 1, column: 1)
                cursors[file] = cursor
                problems.append(SiteProblem(file, .error, line: at.line, column: at.column, message))
            }
        }
        return problems
    }

    /// Every policy by its code, upper-cased (the first of two with one code: the build
    /// reports the second): what the footers' cross-references resolve to.
    func codeIndex() -> [String: PolicyFooter.Target] { Self.codeIndex(tree) }

    static func codeIndex(_ tree: SiteTree) -> [String: PolicyFooter.Target] {
        var codes: [String: PolicyFooter.Target] = [:]
        for policy in tree.policies {
            guard let yaml = policy.metadata, let code = yaml["code"], let title = yaml["title"] else { continue }
            if codes[code.uppercased()] == nil { codes[code.uppercased()] = PolicyFooter.Target(code: code, slug: policy.slug, title: title) }
        }
        return codes
    }

    /// The codes a policy's footers cite (in `policy.yml` or a version's front matter).
    static func citedCodes(_ policy: PolicySource) -> [String] {
        guard let yaml = policy.metadata else { return [] }
        let (base, _) = PolicyReferences.read { yaml[$0] }
        let codes = ([base] + policy.versions.map { base.forVersion($0).0 }).flatMap(\.crossReferences).map { $0.uppercased() }
        return Array(Set(codes)).sorted()
    }

    /// Everything a policy's pages are made from: its files, the site's settings and templates,
    /// Redline's version, and the slug and title of each policy its footers cite.
    func digest(of policy: PolicySource, page: HTMLPage, codes: [String: PolicyFooter.Target]) -> String {
        var digest = StableDigest()
        digest.add(options.toolVersion)
        digest.add(tree.configBytes ?? [])
        for name in page.texts.keys.sorted() {
            digest.add(name)
            digest.add(page.texts[name]!)
        }
        digest.add(policy.slug)
        digest.add(policy.metadataBytes ?? [])
        for version in policy.versions {
            digest.add(version.name)
            digest.add(version.bytes)
        }
        for code in Self.citedCodes(policy) {
            digest.add(code)
            digest.add(codes[code].map { "\($0.slug)\u{0}\($0.title)" } ?? "\u{0}")
        }
        return digest.hex
    }

    /// The `policy.json` an earlier build wrote for a policy, if it reads.
    static func previousSummary(_ output: String, _ slug: String) -> PolicySummary? {
        let path = SiteTree.join(SiteTree.join(output, slug), "policy.json")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PolicySummary.self, from: data)
    }
}

/// Where a build's files go.
public protocol SiteSink: Sendable {
    /// The output folder as the user named it, for messages.
    var name: String { get }
    /// A file of the new site (called from several threads at once, never twice for one path).
    func write(_ path: String, _ bytes: [UInt8]) throws
    /// Files of an unchanged policy taken over from the previous output.
    func copy(_ paths: [String]) throws
}

/// A count shared by parallel tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
