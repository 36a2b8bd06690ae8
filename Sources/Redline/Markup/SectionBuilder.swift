/// Derives sections, numbering labels and stable anchors from the headings of a parsed reading.
enum SectionBuilder {
    static func sections(in document: Block, sourceLength: Int) -> [Section] {
        // Through the buffer: copying each of a long policy's blocks just to look at its kind
        // was most of the cost of this function.
        let headings = document.children.withUnsafeBufferPointer { blocks in
            var headings: [(level: Int, title: String, range: SourceRange)] = []
            for i in blocks.indices {
                guard case .heading(let level) = blocks[i].kind, let range = blocks[i].range else { continue }
                headings.append((level, collapse(blocks[i].plainText), range))
            }
            return headings
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
            anchor = unreserved(anchor)
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

    private static func collapse(_ s: String) -> String { s.collapsingWhitespace }

    /// Not an id the page gives something else: a heading "Text", "Summary title", "Change X"
    /// or "Fn 1" would clash with the page's own (and a duplicate's `-2` cannot make one of
    /// them: `section-` goes before a name any such id starts with).
    static func unreserved(_ anchor: String) -> String {
        // Every reserved name starts with one of these letters: most anchors are passed at once.
        guard let first = anchor.utf8.first, first == UInt8(ascii: "t") || first == UInt8(ascii: "s")
            || first == UInt8(ascii: "c") || first == UInt8(ascii: "f") else { return anchor }
        return reservedAnchors.contains(anchor) || reservedPrefixes.contains(where: { anchor.hasPrefix($0) || $0 == anchor + "-" })
            ? "section-" + anchor : anchor
    }

    /// Ids the page template and the renderer give (the article's `main`, the change summary's
    /// title; changes, footnotes and their references by prefix).
    static let reservedAnchors: Set<String> = ["text", "summary-title"]
    static let reservedPrefixes = ["change-", "fn-", "fnref-"]

    /// "II.", "A.", "b)", "1)", "3.1", "3.1." at the start of a heading, followed by a space.
    /// Every label is ASCII, so this works on bytes (a long policy has thousands of headings).
    static func numberingLabel(of title: String) -> String? {
        var title = title
        return title.withUTF8 { utf8 -> String? in
            let token = UnsafeBufferPointer(rebasing: utf8[..<(utf8.firstIndex(of: UInt8(ascii: " ")) ?? utf8.count)])
            guard token.count >= 2, token.allSatisfy({ $0 < 0x80 }) else { return nil }
            let last = token[token.count - 1]
            let punctuated = last == UInt8(ascii: ".") || last == UInt8(ascii: ")")
            let body = punctuated ? UnsafeBufferPointer(rebasing: token.dropLast()) : token
            let roman = !body.isEmpty && body.allSatisfy { "IVXLCDM".utf8.contains($0) }
            let letter = body.count == 1 && ((body[0] >= 0x41 && body[0] <= 0x5A) || (body[0] >= 0x61 && body[0] <= 0x7A))
            // Digits in dot-separated parts, none empty ("3.1", not "3..1" or ".1").
            var parts = 1, number = !body.isEmpty, previousDot = true
            for byte in body {
                if byte == UInt8(ascii: ".") {
                    if previousDot { number = false }
                    parts += 1
                    previousDot = true
                } else {
                    if !(byte >= 0x30 && byte <= 0x39) { number = false }
                    previousDot = false
                }
            }
            if previousDot { number = false }
            if (roman || letter) && punctuated { return String(decoding: token, as: UTF8.self) }
            if number && (punctuated || parts > 1) { return String(decoding: token, as: UTF8.self) }
            return nil
        }
    }

    /// Lowercase letters and digits (of any script: `Café` is `café`, as GitHub has it), everything
    /// else a single hyphen.
    static func slug(_ text: String) -> String {
        // ASCII titles (nearly all) by bytes; others through Unicode lowercasing, which can
        // turn a non-ASCII letter into an ASCII one (the Kelvin sign into k).
        let ascii = text.asciiRuns(separator: UInt8(ascii: "-")) { byte in
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) { return .keep(lower) }
            return lower == UInt8(ascii: "'") ? .skip : .separate
        }
        if let ascii { return ascii }
        var result = ""
        var hyphen = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil
                || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark {
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
