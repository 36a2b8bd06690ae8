import Foundation

/// The files a clerk starts from: a new policy's folder (`policy new`), or a new draft of an
/// adopted policy (`policy revise`). Pure: it returns the files to write, or why not.
public enum PolicyScaffold {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// A slug from a title: its letters and digits, lowercase, in runs joined by hyphens
    /// ("Staff Use of Social Media" → `staff-use-of-social-media`); accents dropped.
    public static func slug(from title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var words: [String] = [], current = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: "-")
    }

    /// A new policy: `SLUG/policy.yml` and `SLUG/v1.md`, a draft with the title as its
    /// heading and no base (a new policy's first version). `tree` is the store as it is: the
    /// slug and the code must be new to it.
    public static func newPolicy(code: String, title: String, slug given: String?, date: String, tree: SiteTree) throws -> [(path: String, text: String)] {
        guard PolicyBuilder.isValidCode(code) else {
            throw Refusal(description: "the code must be letters, digits, hyphens and dots (such as GBEB or JICFB-R), not \"\(code)\"")
        }
        let title = title.trimmingWhitespace
        guard !title.isEmpty, !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator }) else {
            throw Refusal(description: "the title must be one line of text, without control characters")
        }
        // It heads the first draft: revision marks in it would be changes.
        if ["{++", "{--", "{~~", "{>>", "{==", "++}", "--}", "~~}", "<<}", "==}"].contains(where: { title.contains($0) }) {
            throw Refusal(description: "the title holds revision markup; write it as plain text")
        }
        let slug = given ?? slug(from: title)
        guard PolicySource.isValidSlug(slug) else {
            throw Refusal(description: "\"\(slug)\" cannot be a policy's folder: lowercase letters and digits in runs joined by single hyphens (name one with --slug)")
        }
        if tree.policies.contains(where: { $0.slug == slug }) {
            throw Refusal(description: "\(SiteTree.join(tree.root, slug)) exists already: choose another slug with --slug")
        }
        for policy in tree.policies {
            if let other = policy.metadata?["code"], other.uppercased() == code.uppercased() {
                throw Refusal(description: "code \(code) is the code of \(policy.slug) already")
            }
        }
        let folder = SiteTree.join(tree.root, slug)
        return [
            (SiteTree.join(folder, SiteTree.metadataName), metadata(code: code, title: title)),
            // No status: a version's follows from its record (a draft until its first reading).
            (SiteTree.join(folder, "v1.md"), "---\nversion: 1\ndate: \(date)\n---\n\n# \(title)\n"),
        ]
    }

    /// A new draft of the version in force: the same text (so that rejecting its changes gives
    /// its base from the start), numbered after the newest version, based on the one in force.
    public static func revision(of slug: String, date: String, tree: SiteTree) throws -> (path: String, text: String) {
        guard let policy = tree.policies.first(where: { $0.slug == slug }) else {
            throw Refusal(description: "no policy \(slug) in \(tree.root) (its policies: \(tree.policies.map(\.slug).joined(separator: ", ")))")
        }
        let history = PolicyHistory(policy.versions.compactMap { version in version.version.map { (version, $0) } })
        guard let inForce = history.inForce else {
            throw Refusal(description: "\(slug) has no version in force to revise (none is adopted, or the policy was rescinded)")
        }
        let current = inForce.version, base = inForce.record.name
        if let open = history.entries.first(where: { $0.status.isOpen && $0.version.base == base }) {
            throw Refusal(description: "\(open.version.file) is already an open revision (\(open.status.rawValue)) of version \(base): revise that one")
        }
        let names = policy.versions.compactMap(\.version)
        guard names.allSatisfy({ Int($0) != nil }), let newest = names.compactMap({ Int($0) }).max() else {
            throw Refusal(description: "\(slug)'s versions are not all whole numbers (\(names.joined(separator: ", "))): write the new draft's file by hand")
        }
        let version = String(newest + 1)
        let file = SiteTree.join(policy.folder, "v\(version).md")
        if FileManager.default.fileExists(atPath: file) { throw Refusal(description: "\(file) exists already") }
        let body = String(decoding: current.bytes[FrontMatterReader.length(of: current.bytes)...], as: UTF8.self)
        // The base's other keys (title, district, source, …) carry over as written.
        let replaced = ["version", "status", "adopted", "base", "date", "rejected", "reviewed"] + VersionRecord.ordinals.map { "\($0)-reading" }
        // (Split at every line break: a CRLF is one Character, never "\n". A replaced key's
        // indented continuation lines go with it.)
        var kept: [Substring] = [], dropping = false
        for line in current.frontMatter.raw.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).dropFirst() {
            if line.hasPrefix("---") || line.hasPrefix("...") { continue }
            if line.first == " " || line.first == "\t" { if !dropping { kept.append(line) }; continue }
            dropping = replaced.contains { line.hasPrefix($0 + ":") }
            if !dropping { kept.append(line) }
        }
        var front = "---\nversion: \(version)\nbase: \(base)\ndate: \(date)\n"
        for line in kept where !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { front += line + "\n" }
        return (file, front + "---\n" + (body.first?.isNewline == true ? body : "\n" + body))
    }

    /// A new policy's `policy.yml`: its code, title and the manual section its code files it in.
    static func metadata(code: String, title: String) -> String {
        let section = ManualSection(code: code)
        let category = section.letter.isEmpty ? "" : "category: \(yaml("\(section.letter): \(section.title)"))\n"
        return "code: \(yaml(code))\ntitle: \(yaml(title))\n" + category
    }

    /// A YAML scalar: plain when that reads back as the same text, else double-quoted.
    static func yaml(_ s: String) -> String {
        let plain = !s.isEmpty && !s.contains(": ") && !s.contains("#") && !s.contains("\t") && !s.hasSuffix(":")
            && !"-?:,[]{}#&*!|>'\"%@`".contains(s.first!) && s.trimmingWhitespace == s
        if plain { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
