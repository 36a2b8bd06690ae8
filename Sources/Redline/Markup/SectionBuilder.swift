/// Derives sections, numbering labels and stable anchors from the headings of a parsed reading.
enum SectionBuilder {
    static func sections(in document: Block, sourceLength: Int) -> [Section] {
        let headings: [(level: Int, title: String, range: SourceRange)] = document.children.compactMap { block in
            guard case .heading(let level) = block.kind, let range = block.range else { return nil }
            return (level, collapse(block.plainText), range)
        }
        // Where each section ends: the next heading of the same or a higher level (one pass with
        // a stack, not a search per heading: a long document has thousands of headings).
        var ends = Array(repeating: sourceLength, count: headings.count)
        var waiting: [Int] = []
        for (i, heading) in headings.enumerated() {
            while let last = waiting.last, headings[last].level >= heading.level {
                ends[last] = heading.range.offsets.lowerBound
                waiting.removeLast()
            }
            waiting.append(i)
        }
        var sections: [Section] = []
        var used: [String: Int] = [:]
        // Open ancestors: (level, label-derived anchor or nil).
        var ancestors: [(level: Int, labelPath: String?)] = []
        for (i, heading) in headings.enumerated() {
            while let last = ancestors.last, last.level >= heading.level { ancestors.removeLast() }
            let label = numberingLabel(of: heading.title)
            var anchor: String
            var labelPath: String? = nil
            if let label {
                let own = slug(label)
                let parent = ancestors.last(where: { $0.labelPath != nil })?.labelPath
                labelPath = parent.map { "\($0)-\(own)" } ?? own
                anchor = labelPath!
            } else {
                anchor = slug(heading.title)
            }
            if anchor.isEmpty { anchor = "section" }
            let n = (used[anchor] ?? 0) + 1
            used[anchor] = n
            if n > 1 { anchor += "-\(n)" }
            ancestors.append((heading.level, labelPath))
            let end = ends[i]
            sections.append(Section(level: heading.level, label: label, title: heading.title, anchor: anchor,
                                    range: heading.range, extent: heading.range.offsets.lowerBound..<max(end, heading.range.offsets.lowerBound)))
        }
        return sections
    }

    private static func collapse(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// "II.", "A.", "b)", "1)", "3.1", "3.1." at the start of a heading, followed by a space.
    static func numberingLabel(of title: String) -> String? {
        guard let token = title.split(separator: " ", maxSplits: 1).first.map(String.init), title.count > token.count || true else { return nil }
        let chars = Array(token)
        guard chars.count >= 2 else { return nil }
        let last = chars.last!
        let body = (last == "." || last == ")") ? String(chars.dropLast()) : token
        let roman = !body.isEmpty && body.allSatisfy { "IVXLCDM".contains($0) }
        let letter = body.count == 1 && body.first!.isLetter && body.first!.isASCII
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let number = !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        let punctuated = last == "." || last == ")"
        if (roman || letter) && punctuated { return token }
        if number && (punctuated || parts.count > 1) { return token }
        return nil
    }

    /// Lowercase ASCII letters and digits, everything else a single hyphen.
    static func slug(_ text: String) -> String {
        var result = ""
        var hyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if hyphen && !result.isEmpty { result.append("-") }
                hyphen = false
                result.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue
            } else {
                hyphen = true
            }
        }
        return result
    }
}
