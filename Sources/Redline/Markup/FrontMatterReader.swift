import Yams

/// Splits YAML front matter off a policy source and reads its keys with Yams.
enum FrontMatterReader {
    /// The byte length of the front matter block (fences and final line break included), or 0.
    static func length(of bytes: [UInt8]) -> Int {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        guard let firstEnd = lineEnd(bytes, from: i), isFence(bytes[i..<firstEnd], "---") else { return 0 }
        var lineStart = nextLine(bytes, firstEnd)
        while lineStart < bytes.count {
            let end = lineEnd(bytes, from: lineStart) ?? bytes.count
            let line = bytes[lineStart..<end]
            if isFence(line, "---") || isFence(line, "...") { return nextLine(bytes, end) }
            lineStart = nextLine(bytes, end)
        }
        return 0
    }

    private static func lineEnd(_ bytes: [UInt8], from i: Int) -> Int? {
        guard i < bytes.count else { return nil }
        return bytes[i...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    }

    private static func nextLine(_ bytes: [UInt8], _ end: Int) -> Int { min(end + 1, bytes.count) }

    private static func isFence(_ line: ArraySlice<UInt8>, _ fence: String) -> Bool {
        var l = line
        while let last = l.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { l = l.dropLast() }
        return l.elementsEqual(fence.utf8)
    }

    /// Parses the block's YAML. Errors carry the line within the file.
    static func read(_ raw: String) -> (FrontMatter, [Diagnostic]) {
        guard !raw.isEmpty else { return (FrontMatter(), []) }
        // CRLF line endings (Word and Windows editors): in a Swift string "\r\n" is one
        // character, which splitting at "\n" would never find.
        var yamlLines = raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        // Drop the two fences.
        yamlLines.removeFirst()
        while let last = yamlLines.last, last.trimmingCharacters(in: .whitespaces).isEmpty || last.hasPrefix("---") || last.hasPrefix("...") {
            yamlLines.removeLast()
            if last.hasPrefix("---") || last.hasPrefix("...") { break }
        }
        let yaml = yamlLines.joined(separator: "\n")
        do {
            // Every value is read as its text, so no implicit typing is needed: the basic
            // resolver also spares every command compiling Yams's dozen ICU regular expressions
            // (about a millisecond of start-up, most of a small policy's render).
            guard let node = try Yams.compose(yaml: yaml, .basic) else { return (FrontMatter(raw: raw), []) }
            guard case .mapping(let mapping) = node else {
                return (FrontMatter(raw: raw), [Diagnostic(.error, at: SourceLocation(line: 2, column: 1), "invalid front matter: expected 'key: value' lines")])
            }
            var fields: [(String, String)] = []
            var problems: [Diagnostic] = []
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                let text: String
                let location = SourceLocation(line: key.mark.map { $0.line + 1 } ?? 2, column: key.mark?.column ?? 1)
                switch value {
                case .scalar(let scalar): text = scalar.string
                default:
                    // Aliases share one node however often they are used, but writing the value
                    // out expands each use: nine levels of nine aliases are 387 million values.
                    var budget = maximumNodes
                    guard fits(value, within: &budget) else {
                        problems.append(Diagnostic(.error, at: location, "invalid front matter: '\(name)' expands to more than \(maximumNodes) values (YAML aliases); write it out plainly"))
                        text = ""
                        break
                    }
                    text = (try? Yams.serialize(node: value).trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
                }
                if name == "revision-date", !AttributionPrefix.isISO8601(text) {
                    problems.append(Diagnostic(.error, at: location, "invalid front matter: 'revision-date' must be an ISO-8601 date such as 2024-03-01"))
                }
                if fields.contains(where: { $0.0 == name }) {
                    problems.append(Diagnostic(.error, at: location, "invalid front matter: duplicate key '\(name)'"))
                }
                // Front matter is data, read as it stands: a mark in it is no change, and every
                // edition would show its delimiters.
                if ["{++", "{--", "{~~", "{>>", "{=="].contains(where: { text.contains($0) }) {
                    problems.append(Diagnostic(.warning, at: location, "revision markup in front matter is not read as a change: '\(name)' keeps it as text"))
                }
                fields.append((name, text))
            }
            return (FrontMatter(raw: raw, fields: fields), problems)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, _) {
            // Located at the key's second line at one indentation (Yams points at the mapping's
            // start); the key may be quoted.
            let key = duplicates.first ?? ""
            var seen = Set<Int>(), line = 2
            for (k, text) in yamlLines.enumerated() {
                let indentation = text.prefix { $0 == " " }.count, rest = text.dropFirst(indentation)
                guard [key + ":", "\"" + key + "\":", "'" + key + "':"].contains(where: { rest.hasPrefix($0) }) else { continue }
                if !seen.insert(indentation).inserted { line = k + 2; break }
            }
            return (FrontMatter(raw: raw), [Diagnostic(.error, at: SourceLocation(line: line, column: 1), "invalid front matter: duplicate key '\(key)'")])
        } catch let error as YamlError {
            return (FrontMatter(raw: raw), [Diagnostic(.error, at: location(of: error), "invalid front matter: \(summary(of: error))")])
        } catch {
            return (FrontMatter(raw: raw), [Diagnostic(.error, at: SourceLocation(line: 2, column: 1), "invalid front matter: \(error)")])
        }
    }

    /// The most values a nested front matter value may hold once its aliases are expanded.
    static let maximumNodes = 10_000

    /// Whether a value has at most `budget` nodes, aliases counted at every use; stops counting
    /// as soon as it has too many.
    static func fits(_ node: Node, within budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let items):
            for item in items where !fits(item, within: &budget) { return false }
            return true
        case .mapping(let pairs):
            for (key, value) in pairs where !fits(key, within: &budget) || !fits(value, within: &budget) { return false }
            return true
        }
    }

    private static func location(of error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            // +1: the YAML starts on the line after the opening fence.
            return SourceLocation(line: mark.line + 1, column: mark.column)
        default:
            return SourceLocation(line: 2, column: 1)
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        default:
            return "\(error)"
        }
    }
}
