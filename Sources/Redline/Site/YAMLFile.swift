/// A small YAML file of `key: value` lines (`site.yml`, a policy's `policy.yml`), read as the
/// front matter of a source is, with problems located in the file itself.
struct YAMLFile: Sendable {
    var fields: FrontMatter
    var problems: [Diagnostic]

    init(_ bytes: [UInt8]) {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Read as front matter between fences; its lines then count from the opening fence.
        let (fields, problems) = FrontMatterReader.read("---\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "---\n")
        self.fields = fields
        self.problems = problems.map { problem in
            var moved = problem
            moved.location.line = max(1, problem.location.line - 1)
            // (Read as front matter, but it is a file of its own.)
            if moved.message.hasPrefix("invalid front matter") { moved.message = "invalid YAML" + moved.message.dropFirst("invalid front matter".count) }
            return moved
        }
        self.keyLines = Self.keyLines(text)
    }

    /// The line each top-level key stands on.
    private var keyLines: [String: Int]

    func location(of key: String) -> SourceLocation {
        SourceLocation(line: keyLines[key] ?? 1, column: 1)
    }

    subscript(key: String) -> String? {
        guard let value = fields[key]?.trimmingWhitespace, !value.isEmpty else { return nil }
        return value
    }

    static func keyLines(_ text: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        // (Split at every line break: in a Swift string a CRLF is one Character, never "\n".)
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard let first = line.first, first != " ", first != "\t", first != "#", let colon = line.firstIndex(of: ":") else { continue }
            var key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if key.count >= 2, let q = key.first, q == "\"" || q == "'", key.last == q { key = String(key.dropFirst().dropLast()) }
            if lines[key] == nil { lines[key] = number + 1 }
        }
        return lines
    }
}
