import Foundation
import Testing
@testable import Redline

/// The site build's parts without a disk: version order, dates, slugs, links, digests, and a
/// whole store built into memory.
@Suite struct SiteTests {
    @Test func versionsOrderAsPeopleNumberThem() {
        let sorted = ["10", "2", "1.10", "1.9", "1", "2a", "002", "1.2.3"].sorted(by: VersionOrder.precedes)
        // "002" and "2" are one number: their bytes break the tie, the same on every machine.
        #expect(sorted == ["1", "1.2.3", "1.9", "1.10", "002", "2", "2a", "10"])
        #expect(!VersionOrder.precedes("3", "3"))
    }

    @Test func datesAreRealDays() {
        for good in ["2024-02-29", "2000-02-29", "2026-12-31", "1999-01-01"] { #expect(SiteConfig.isDate(good), "\(good)") }
        for bad in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024-01-32", "2024/01/01", "unknown", ""] {
            #expect(!SiteConfig.isDate(bad), "\(bad)")
        }
    }

    @Test func slugsVersionsAndCodesNameFilesSafely() {
        for good in ["staff-social-media", "gbeb", "a1"] { #expect(PolicySource.isValidSlug(good)) }
        for bad in ["", "..", "Staff", "a_b", "-a", "a-", "a--b", "a/b", "a.b"] { #expect(!PolicySource.isValidSlug(bad), "\(bad)") }
        for good in ["1", "2024.1", "2-rc", "B"] { #expect(PolicySource.isValidVersion(good)) }
        for bad in ["", ".1", "-1", "1/2", "1 2", "../x", "v#1"] { #expect(!PolicySource.isValidVersion(bad), "\(bad)") }
        #expect(PolicyBuilder.isValidCode("JICFB-R") && !PolicyBuilder.isValidCode("GB EB") && !PolicyBuilder.isValidCode("<b>"))
    }

    @Test func linksToOtherPoliciesAreRecognised() {
        func ref(_ href: String) -> (String, String?)? {
            PolicyBuilder.crossReference(href, version: "1").map { ($0.policy, $0.anchor) }
        }
        #expect(ref("../gbeb/")! == ("gbeb", nil))
        #expect(ref("../gbeb/#ii-a")! == ("gbeb", "ii-a"))
        #expect(ref("../gbeb/index.html#i")! == ("gbeb", "i"))
        #expect(ref("../gbeb#i")! == ("gbeb", "i"))
        #expect(ref("../gbeb/v2.html") == nil, "a version's page is not the policy's main page")
        #expect(ref("https://example.org/") == nil && ref("#i") == nil && ref("../Not_A_Slug/") == nil)
    }

    @Test func slugsComeFromTitles() {
        #expect(PolicyScaffold.slug(from: "Staff Use of Social Media") == "staff-use-of-social-media")
        #expect(PolicyScaffold.slug(from: "  Bullying — Prevention & Intervention (2026) ") == "bullying-prevention-intervention-2026")
        #expect(PolicyScaffold.slug(from: "Éducation spéciale") == "education-speciale")
        #expect(PolicyScaffold.slug(from: "!!!") == "")
        #expect(PolicyScaffold.yaml("Plain Title") == "Plain Title" && PolicyScaffold.yaml("Note: a \"quote\"") == "\"Note: a \\\"quote\\\"\"")
    }

    @Test func digestsAreStableAndSeparateTheirParts() {
        func digest(_ parts: [String]) -> String {
            var d = StableDigest()
            parts.forEach { d.add($0) }
            return d.hex
        }
        #expect(digest(["ab", "c"]) == digest(["ab", "c"]))
        #expect(digest(["ab", "c"]) != digest(["a", "bc"]))
        #expect(digest([""]) != digest([]))
        #expect(digest(["policy"]).count == 32)
    }

    /// JSON texts put together whole still parse, with every string escaped.
    @Test func jsonTextsNestAndEscape() throws {
        let inner = JSONText.object([("a", "[\n  1,\n  2\n]\n"), ("b", JSONText.string("q\"\\\n\u{01}é"))])
        let outer = JSONText.object([("list", JSONText.array([inner, "{\n\n}"])), ("none", JSONText.array([]))])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(outer.utf8)) as? [String: Any])
        let list = try #require(parsed["list"] as? [[String: Any]])
        #expect(list.count == 2 && list[0]["a"] as? [Int] == [1, 2] && list[0]["b"] as? String == "q\"\\\n\u{01}é")
        #expect((parsed["none"] as? [Any])?.isEmpty == true)
        #expect(outer.contains("\n    {\n      \"a\" : [\n        1,"), "nested lines are indented under their key: \(outer)")
    }

    @Test func xmlTextIsEscaped() {
        #expect(SitePages.xml("A & B <c> \"d\" 'e'") == "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;")
        #expect(SitePages.xml("bell\u{07}") == "bell\u{FFFD}")
    }

    @Test func aYAMLFileLocatesItsProblemsInItself() {
        let yaml = YAMLFile(Array("code: GBEB\ntitle: a: b\n".utf8))
        #expect(yaml.problems.first?.location.line == 2, "\(yaml.problems)")
        #expect(YAMLFile(Array("# note\ncode: JK\n".utf8)).location(of: "code").line == 2)
    }

    /// Collects a build's files in memory.
    final class MemorySink: SiteSink, @unchecked Sendable {
        let name = "memory"
        private let lock = NSLock()
        private(set) var files: [String: String] = [:]
        func write(_ path: String, _ bytes: [UInt8]) throws {
            lock.lock()
            defer { lock.unlock() }
            files[path] = String(decoding: bytes, as: UTF8.self)
        }
        func copy(_ paths: [String]) throws { Issue.record("nothing to take over") }
    }

    static func tree(title: String, body: String) -> SiteTree {
        let version = PolicyVersion(file: "src/p/v1.md", name: "v1.md", bytes: Array("---\nversion: 1\nstatus: adopted\nadopted: 2024-01-02\n---\n\n\(body)".utf8))
        let policy = PolicySource(slug: "p", folder: "src/p", metadataFile: "src/p/policy.yml",
                                  metadataBytes: Array("code: AB\ntitle: \"\(title)\"\n".utf8), versions: [version])
        return SiteTree(root: "src", configFile: "src/site.yml", configBytes: Array("title: \"Site <i>\"\nurl: https://example.org/x\n".utf8), policies: [policy])
    }

    /// Titles from a store are text on every page and in the feed: they cannot add markup or
    /// script, and a link in a policy cannot run script either.
    @Test func storeTextCannotInjectMarkup() {
        let sink = MemorySink()
        let tree = Self.tree(title: "<script>alert(1)</script> & co", body: "# I. One\n\nSee [this](javascript:alert(1)) and <script>alert(2)</script>.\n")
        let result = SiteBuilder(tree: tree, options: .init(toolVersion: "test")).build(into: sink, previous: nil)
        #expect(!result.failed, "\(result.problems)")
        #expect(sink.files.count > 8)
        // (The text editions and JSON carry it as the text it is.)
        for (path, text) in sink.files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            #expect(!text.contains("<script"), "\(path)")
            #expect(!text.contains("javascript:"), "\(path)")
        }
        #expect(sink.files["index.html"]?.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") == true)
        #expect(sink.files["feed.xml"]?.contains("<link href=\"https://example.org/x/p/v1.html\"/>") == true, "the url gains its /")
        #expect(sink.files["index.html"]?.contains("<title>Site &lt;i&gt;</title>") == true)
    }

    @Test func problemsAreSortedByFileAndPlace() {
        let a = SiteProblem("b.md", .error, line: 1, column: 1, "x"), b = SiteProblem("a.md", .error, line: 9, column: 1, "y")
        let c = SiteProblem("a.md", .warning, line: 2, column: 5, "z")
        #expect([a, b, c].sorted() == [c, b, a])
        var d = SiteProblem("a.md", .error, line: 3, column: 4, "untracked")
        d.detail = "a [-b-]{+c+}"
        #expect(d.description == "a.md:3:4: error: untracked\n    a [-b-]{+c+}")
    }
}
