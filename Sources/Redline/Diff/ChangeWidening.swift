/// Changes widened to where a mark can stand: a change that touches a link's destination takes
/// the whole link with it, one that cuts into a bare URL the whole URL, and one beside a
/// backslash escape the escape and what it escapes.
///
/// Why links: a link's destination, `](…)`, is one token, so a changed URL is a change of that
/// token alone, and the mark would stand between the link's text and its destination
/// (`[text{~~](old)~>](new)~~}`). The readings are right, but the redline's own pages cannot
/// draw a link cut in two, and Word cannot hold a hyperlink whose address is half deleted. The
/// whole link replaced, `{~~[text](old)~>[text](new)~~}`, reads as what happened and renders
/// everywhere.
///
/// Why escapes: a backslash escapes the punctuation after it (`\+` is a literal `+`), so a mark
/// right after one (`\{++x++}`) or whose text ends with one (`{++x\++}`) has a delimiter
/// escaped and no longer closes: `{~~x\~>x\ y~~}` is written instead.
enum ChangeWidening {
    typealias Segment = MarkupWriter.Segment

    /// One step per equal token, one per change: widening walks over steps.
    private enum Step { case equal, change(Int, Int) }

    /// `segments` (of old tokens from `oldStart` and new tokens from `newStart`) with every
    /// change that holds a link's destination or a reference link's label widened to the whole
    /// link, every change that cuts into a bare URL (`https://…`, `www.…`) widened to the
    /// whole URL, and every change beside an escaping backslash widened over it, absorbing the
    /// equal tokens and changes in between. Other segments come back as they were.
    static func widened(_ segments: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> [Segment] {
        guard needsWidening(segments, old: old, from: oldStart, new: new, from: newStart) else { return segments }
        var steps: [(step: Step, old: Int, new: Int)] = []
        var i = oldStart, j = newStart
        for segment in segments {
            switch segment {
            case .equal(let n):
                for d in 0..<n { steps.append((.equal, i + d, j + d)) }
                i += n
                j += n
            case .change(let d, let ins):
                steps.append((.change(d, ins), i, j))
                i += d
                j += ins
            }
        }
        let oldBounds = oldStart..<i, newBounds = newStart..<j
        func counts(_ step: Step) -> (Int, Int) { if case .change(let a, let b) = step { (a, b) } else { (1, 1) } }
        var result: [(step: Step, old: Int, new: Int)] = []
        var widenedAny = false
        var k = 0
        while k < steps.count {
            let step = steps[k]
            k += 1
            guard case .change(let d, let ins) = step.step else { result.append(step); continue }
            let ro = step.old..<(step.old + d), rn = step.new..<(step.new + ins)
            if var close = emphasisClose(of: (ro, rn), after: k, in: steps, old: old, new: new) {
                // From the change that opens the emphasis to the one that closes it, as one
                // change, with the delimiters both sides share (`*b*` → `**b**`: the outer `*`s).
                widenedAny = true
                var merged = (d: d, ins: ins, old: step.old, new: step.new)
                func isEqualDelimiter(_ s: (step: Step, old: Int, new: Int)) -> Bool {
                    if case .equal = s.step { isDelimiter(old, s.old) } else { false }
                }
                while let last = result.last, isEqualDelimiter(last) {
                    result.removeLast()
                    merged = (merged.d + 1, merged.ins + 1, last.old, last.new)
                }
                while true {
                    while k < steps.count, k <= close || isEqualDelimiter(steps[k]) {
                        let (nd, ni) = counts(steps[k].step)
                        merged = (merged.d + nd, merged.ins + ni, merged.old, merged.new)
                        k += 1
                    }
                    // What closed one emphasis may open the next (`data. So,` → `**data.** **So,**`).
                    let reach = (merged.old..<(merged.old + merged.d), merged.new..<(merged.new + merged.ins))
                    guard let next = emphasisClose(of: reach, after: k, in: steps, old: old, new: new) else { break }
                    close = next
                }
                result.append((.change(merged.d, merged.ins), merged.old, merged.new))
                continue
            }
            if let from = emphasisOpenerBefore(change: (ro, rn), in: result, old: old, new: new) {
                // Back to the opening delimiters of the emphasis this change closes on one
                // side only (`**Short version:** *We` → `**Short *We`): the redline would pair
                // them with delimiters of the other side's text.
                widenedAny = true
                var merged = (d: d, ins: ins, old: step.old, new: step.new)
                while result.count > from {
                    let last = result.removeLast()
                    let (ld, li) = counts(last.step)
                    merged = (merged.d + ld, merged.ins + li, last.old, last.new)
                }
                result.append((.change(merged.d, merged.ins), merged.old, merged.new))
                continue
            }
            let link = linkStarts(old, ro, from: oldStart, new, rn, from: newStart)
                ?? referenceStarts(old, ro, within: oldBounds, new, rn, within: newBounds)
            let urlOld = reach(old, ro, within: oldBounds), urlNew = reach(new, rn, within: newBounds)
            guard link != nil || urlOld != nil || urlNew != nil else { result.append(step); continue }
            widenedAny = true
            let start = (old: min(link?.old ?? ro.lowerBound, urlOld?.lowerBound ?? ro.lowerBound),
                         new: min(link?.new ?? rn.lowerBound, urlNew?.lowerBound ?? rn.lowerBound))
            let end = (old: max(ro.upperBound, urlOld?.upperBound ?? ro.upperBound, link?.oldEnd ?? ro.upperBound),
                       new: max(rn.upperBound, urlNew?.upperBound ?? rn.upperBound, link?.newEnd ?? rn.upperBound))
            var merged = (d: d, ins: ins, old: step.old, new: step.new)
            // Back while the step before still lies inside the link or URL on either side…
            while let last = result.last, last.old >= start.old || last.new >= start.new {
                result.removeLast()
                let (ld, li) = counts(last.step)
                merged = (merged.d + ld, merged.ins + li, last.old, last.new)
            }
            // …and on while the URL goes on past the change on either side.
            while k < steps.count, steps[k].old < end.old || steps[k].new < end.new {
                let (nd, ni) = counts(steps[k].step)
                merged.d += nd
                merged.ins += ni
                k += 1
            }
            result.append((.change(merged.d, merged.ins), merged.old, merged.new))
        }
        guard widenedAny else { return segments }
        // Back to segments: equal tokens in runs, changes as they stand.
        var out: [Segment] = []
        for step in result {
            switch (step.step, out.last) {
            case (.equal, .equal(let n)?): out[out.count - 1] = .equal(n + 1)
            case (.equal, _): out.append(.equal(1))
            case (.change(let d, let ins), _): out.append(.change(deleted: d, inserted: ins))
            }
        }
        return out
    }

    /// Emphasis added, removed or changed (`them.` → `**them.**`) changes the delimiters, a
    /// change at each end of the text. Marked so, the redline would show two empty insertions
    /// around unmarked text (the delimiters are formatting, not text), hiding the change; so
    /// the change that opens the emphasis and the one that closes it become one:
    /// `{~~them.~>**them.**~~}`, the text as it was and as it is now.
    ///
    /// For a change that ends with opening delimiters on either side: where in `steps` the
    /// change that closes them is (one starting with closing delimiters on either side). Nil
    /// for any other change, and when no change in the paragraph closes it.
    private static func emphasisClose(of change: (old: Range<Int>, new: Range<Int>), after next: Int,
                                      in steps: [(step: Step, old: Int, new: Int)], old: TokenizedText, new: TokenizedText) -> Int? {
        // The delimiter that opens (on either side); the closer must be the same one.
        guard let delimiter = endsOpening(old, change.old) ?? endsOpening(new, change.new) else { return nil }
        var k = next
        while k < steps.count, k - next < 400 {
            let (step, o, n) = steps[k]
            let (d, ins) = if case .change(let d, let ins) = step { (d, ins) } else { (1, 1) }
            let ro = o..<(o + d), rn = n..<(n + ins)
            // Emphasis does not run over a paragraph break.
            if ro.contains(where: { old.ids[$0] == TokenizedText.paragraphBreak }) || rn.contains(where: { new.ids[$0] == TokenizedText.paragraphBreak }) {
                return nil
            }
            if case .change = step, startsClosing(old, ro) == delimiter || startsClosing(new, rn) == delimiter { return k }
            k += 1
        }
        return nil
    }

    /// For a change that, on one side only, holds closing delimiters it does not open itself
    /// (`version:** *` for `*`, the `**` closing a `**Short` before the change): where in
    /// `result` the equal tokens with the opening delimiters stand, in the same paragraph.
    /// Nil for any other change.
    private static func emphasisOpenerBefore(change: (old: Range<Int>, new: Range<Int>), in result: [(step: Step, old: Int, new: Int)],
                                             old: TokenizedText, new: TokenizedText) -> Int? {
        let closers = (old: unopenedCloser(old, change.old), new: unopenedCloser(new, change.new))
        guard let delimiter = closers.old ?? closers.new, closers.old != closers.new else { return nil }
        var k = result.count - 1
        while k >= 0, result.count - k <= 400 {
            let entry = result[k]
            guard case .equal = entry.step else { k -= 1; continue }
            if old.ids[entry.old] == TokenizedText.paragraphBreak { return nil }
            // The last token of a run that opens: text follows it.
            if old.isByte(entry.old, delimiter), entry.old + 1 < old.count, !old.isWhitespace(entry.old + 1),
               !old.isByte(entry.old + 1, delimiter) {
                // From the first token of the run.
                var first = k
                while first > 0, case .equal = result[first - 1].step, old.isByte(result[first - 1].old, delimiter) { first -= 1 }
                return first
            }
            k -= 1
        }
        return nil
    }

    /// The first delimiter in the tokens that closes emphasis opened before them: a run of `*`
    /// or `_` after text and not followed by text, with no run of its kind opened in the
    /// tokens before it.
    private static func unopenedCloser(_ t: TokenizedText, _ r: Range<Int>) -> UInt8? {
        var opened: [UInt8] = []
        var i = r.lowerBound
        while i < r.upperBound {
            guard isDelimiter(t, i) else { i += 1; continue }
            let delimiter = t.bytes[t.range(i).lowerBound]
            var end = i
            while end + 1 < r.upperBound, t.isByte(end + 1, delimiter) { end += 1 }
            let canClose = i > 0 && !t.isWhitespace(i - 1) && !isDelimiter(t, i - 1)
            let canOpen = end + 1 < t.count && !t.isWhitespace(end + 1)
            if canClose, let at = opened.lastIndex(of: delimiter) {
                opened.remove(at: at)
            } else if canClose, !canOpen {
                return delimiter
            } else if canOpen {
                opened.append(delimiter)
            }
            i = end + 1
        }
        return nil
    }

    /// `*` or `_`, the emphasis delimiters (`~~` is a revision mark in a policy source).
    private static func isDelimiter(_ t: TokenizedText, _ i: Int) -> Bool {
        t.isByte(i, UInt8(ascii: "*")) || t.isByte(i, UInt8(ascii: "_"))
    }

    /// The delimiter (`*` or `_`) that the tokens end with, when it can open emphasis: text
    /// follows it, and a `_` stands at a word's start (inside `snake_case` it opens nothing).
    private static func endsOpening(_ t: TokenizedText, _ r: Range<Int>) -> UInt8? {
        guard !r.isEmpty, isDelimiter(t, r.upperBound - 1), r.upperBound < t.count, !t.isWhitespace(r.upperBound) else { return nil }
        let delimiter = t.bytes[t.range(r.upperBound - 1).lowerBound]
        var first = r.upperBound - 1
        while first > 0, t.isByte(first - 1, delimiter) { first -= 1 }
        if delimiter == UInt8(ascii: "_"), first > 0, isWordEnd(t, first - 1) { return nil }
        return delimiter
    }

    /// The delimiter that the tokens start with, when it can close emphasis: text before it,
    /// and a `_` at a word's end.
    private static func startsClosing(_ t: TokenizedText, _ r: Range<Int>) -> UInt8? {
        guard !r.isEmpty, isDelimiter(t, r.lowerBound), r.lowerBound > 0, !t.isWhitespace(r.lowerBound - 1) else { return nil }
        let delimiter = t.bytes[t.range(r.lowerBound).lowerBound]
        var last = r.lowerBound
        while last + 1 < t.count, t.isByte(last + 1, delimiter) { last += 1 }
        if delimiter == UInt8(ascii: "_"), last + 1 < t.count, isWordEnd(t, last + 1) { return nil }
        return delimiter
    }

    /// A token of letters or digits (one a `_` inside a word stands beside).
    private static func isWordEnd(_ t: TokenizedText, _ i: Int) -> Bool {
        !t.isWhitespace(i) && t.slice(i).last.map { TokenizedText.isWordByte($0) } == true
    }

    /// Where a change must reach on one side for a bare URL and for escapes: the URL first,
    /// then any escape at the edges of that (a URL may end with a backslash).
    private static func reach(_ t: TokenizedText, _ r: Range<Int>, within bounds: Range<Int>) -> Range<Int>? {
        guard let url = bareURLReach(t, r, within: bounds) else { return escapeReach(t, r, within: bounds) }
        guard let escaped = escapeReach(t, url, within: bounds) else { return url }
        return min(url.lowerBound, escaped.lowerBound)..<max(url.upperBound, escaped.upperBound)
    }

    /// Whether any change holds a destination or a label, touches a bare URL or an escape:
    /// most do not, and then the segments are not taken apart at all.
    private static func needsWidening(_ segments: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> Bool {
        let (changes, end) = MarkupWriter.changeRanges(segments, old: oldStart, new: newStart)
        // A reference link's label needs `][` in the block: looked for once, not from each
        // change back over its line.
        let oldLabels = holdsLabel(old, oldStart..<end.old), newLabels = holdsLabel(new, newStart..<end.new)
        return changes.contains { ro, rn in
            endsOpening(old, ro) != nil || endsOpening(new, rn) != nil || unopenedCloser(old, ro) != unopenedCloser(new, rn)
                || ro.contains { isDestination(old, $0) } || rn.contains { isDestination(new, $0) }
                || (oldLabels && referenceLink(old, ro, within: oldStart..<end.old) != nil)
                || (newLabels && referenceLink(new, rn, within: newStart..<end.new) != nil)
                || bareURLReach(old, ro, within: oldStart..<end.old) != nil || bareURLReach(new, rn, within: newStart..<end.new) != nil
                || escapeReach(old, ro, within: oldStart..<end.old) != nil || escapeReach(new, rn, within: newStart..<end.new) != nil
        }
    }

    /// Where a change beside a backslash escape must reach: back over a backslash that would
    /// escape the mark's opener, and on over the token that a backslash ending the change's
    /// text escapes (it would escape the closer or the `~>`). A change whose text ends with `{`
    /// reaches on too: the closer would make an opener of it (`{++{++}`). Nil when neither.
    private static func escapeReach(_ t: TokenizedText, _ r: Range<Int>, within bounds: Range<Int>) -> Range<Int>? {
        func escapes(endingAt i: Int) -> Bool {
            // An odd run of backslashes ends at token i: its last one escapes what follows.
            var count = 0, k = i
            while k >= bounds.lowerBound, t.isByte(k, UInt8(ascii: "\\")) { count += 1; k -= 1 }
            return count % 2 == 1
        }
        let lo = r.lowerBound > bounds.lowerBound && escapes(endingAt: r.lowerBound - 1) ? r.lowerBound - 1 : r.lowerBound
        // (A change widened back over a backslash ends with it when it was empty on that side.)
        let hi = lo < r.upperBound && r.upperBound < bounds.upperBound
            && (escapes(endingAt: r.upperBound - 1) || t.isByte(r.upperBound - 1, UInt8(ascii: "{"))) ? r.upperBound + 1 : r.upperBound
        return lo == r.lowerBound && hi == r.upperBound ? nil : lo..<hi
    }

    /// Where a bare URL that a change cuts into reaches: the run of tokens between white space
    /// at either edge of the change, when that run holds a bare URL and goes past the change.
    /// A mark inside a bare URL cannot be written (GFM would read the URL on through it).
    private static func bareURLReach(_ t: TokenizedText, _ r: Range<Int>, within bounds: Range<Int>) -> Range<Int>? {
        var lo = r.lowerBound, hi = r.upperBound
        while lo > bounds.lowerBound, !t.isWhitespace(lo - 1) { lo -= 1 }
        while hi < bounds.upperBound, !t.isWhitespace(hi) { hi += 1 }
        // The word runs at the change's two edges, and whether each holds a bare URL.
        var firstEnd = r.lowerBound
        while firstEnd < hi, !t.isWhitespace(firstEnd) { firstEnd += 1 }
        var lastStart = r.upperBound
        while lastStart > lo, !t.isWhitespace(lastStart - 1) { lastStart -= 1 }
        let before = lo < r.lowerBound && holdsBareURL(t, lo..<max(firstEnd, r.lowerBound))
        let after = hi > r.upperBound && holdsBareURL(t, min(lastStart, r.upperBound)..<hi)
        guard before || after else { return nil }
        return (before ? lo : r.lowerBound)..<(after ? hi : r.upperBound)
    }

    /// `scheme://` or `www.` among the tokens.
    private static func holdsBareURL(_ t: TokenizedText, _ r: Range<Int>) -> Bool {
        func token(_ i: Int, _ s: String) -> Bool { r.contains(i) && t.slice(i).elementsEqual(s.utf8) }
        for i in r {
            if t.isByte(i, UInt8(ascii: ":")), token(i + 1, "/"), token(i + 2, "/"), i > r.lowerBound, let letter = t.slice(i - 1).last, MarkupScanner.isASCIILetter(letter) { return true }
            if token(i, "www"), token(i + 1, ".") { return true }
        }
        return false
    }

    /// Where the links whose destinations lie in the changed tokens start, on each side (the
    /// change's own start where that side has no destination in it); nil when neither has one.
    private static func linkStarts(_ old: TokenizedText, _ ro: Range<Int>, from oldStart: Int,
                                   _ new: TokenizedText, _ rn: Range<Int>, from newStart: Int) -> (old: Int, new: Int, oldEnd: Int?, newEnd: Int?)? {
        let o = ro.first { isDestination(old, $0) }.map { opening(old, before: $0, from: oldStart) }
        let n = rn.first { isDestination(new, $0) }.map { opening(new, before: $0, from: newStart) }
        guard o != nil || n != nil else { return nil }
        return (o ?? ro.lowerBound, n ?? rn.lowerBound, nil, nil)
    }

    /// The same for a full reference link, `[text][label]`, whose label the change cuts into:
    /// a label half changed would leave the redline's link unresolved (`[text][r{~~1~>2~~}]`
    /// shows as brackets). Where the links start and end on each side.
    private static func referenceStarts(_ old: TokenizedText, _ ro: Range<Int>, within oldBounds: Range<Int>,
                                        _ new: TokenizedText, _ rn: Range<Int>, within newBounds: Range<Int>) -> (old: Int, new: Int, oldEnd: Int?, newEnd: Int?)? {
        let o = referenceLink(old, ro, within: oldBounds), n = referenceLink(new, rn, within: newBounds)
        guard o != nil || n != nil else { return nil }
        return (o?.lowerBound ?? ro.lowerBound, n?.lowerBound ?? rn.lowerBound, o?.upperBound, n?.upperBound)
    }

    /// Whether tokens `r` hold `][`, where a reference link's label opens.
    private static func holdsLabel(_ t: TokenizedText, _ r: Range<Int>) -> Bool {
        let bytes = t.byteRange(r)
        return t.bytes.withUnsafeBufferPointer { p in
            var i = bytes.lowerBound
            while let at = p.offset(of: UInt8(ascii: "]"), from: i, to: bytes.upperBound - 1) {
                if p[at + 1] == UInt8(ascii: "[") { return true }
                i = at + 1
            }
            return false
        }
    }

    /// The tokens of the `[text][label]` link whose label (brackets included) the change
    /// touches, if there is one.
    static func referenceLink(_ t: TokenizedText, _ r: Range<Int>, within bounds: Range<Int>) -> Range<Int>? {
        func token(_ i: Int, _ b: Unicode.Scalar) -> Bool { bounds.contains(i) && t.isByte(i, UInt8(ascii: b)) }
        // A bracket or a line break: where the searches below stop.
        func stops(_ i: Int) -> Bool {
            let first = t.bytes[t.bounds[i]]
            return first == UInt8(ascii: "[") || first == UInt8(ascii: "]") || (t.isWhitespace(i) && t.slice(i).contains(0x0A))
        }
        // The label's `[`, back from the change's last token (an insertion: the token before
        // it) over at most a few words on one line; a change may end with the label's `]`.
        // Searched from the change's first token too: a change may run on past the label's `]`.
        func labelOpen(from last: Int) -> Int? {
            var open = token(last, "]") ? last - 1 : last
            while open >= bounds.lowerBound, last - open < 40, !stops(open) { open -= 1 }
            return token(open, "[") && token(open - 1, "]") ? open : nil
        }
        guard let open = labelOpen(from: r.isEmpty ? r.lowerBound - 1 : r.upperBound - 1) ?? (r.isEmpty ? nil : labelOpen(from: r.lowerBound))
        else { return nil }
        var close = open + 1
        while close < bounds.upperBound, close - open < 40, !stops(close) { close += 1 }
        // The change touches the label: it starts at its `]` or before (an insertion, after its `[`).
        guard token(close, "]"), r.lowerBound <= close, !r.isEmpty || r.lowerBound > open else { return nil }
        return opening(t, before: open - 1, from: bounds.lowerBound)..<(close + 1)
    }

    private static func isDestination(_ t: TokenizedText, _ i: Int) -> Bool {
        let token = t.slice(i)
        return token.count > 2 && token.first == UInt8(ascii: "]") && token.dropFirst().first == UInt8(ascii: "(")
    }

    /// The `[` (or the `!` of `![`) that opens the link text ending at destination token `k`.
    private static func opening(_ t: TokenizedText, before k: Int, from start: Int) -> Int {
        var depth = 0, i = k - 1
        while i >= start {
            let token = t.slice(i)
            // A `]` or a whole inner link's destination (an image inside a link) closes a bracket.
            if (token.count == 1 && token.first == UInt8(ascii: "]")) || isDestination(t, i) { depth += 1 }
            if token.count == 1, token.first == UInt8(ascii: "[") {
                if depth == 0 { return i > start && t.slice(i - 1).elementsEqual([UInt8(ascii: "!")]) ? i - 1 : i }
                depth -= 1
            }
            i -= 1
        }
        return k
    }
}
