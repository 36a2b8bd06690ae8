import Foundation

/// Writes aligned blocks as CriticMarkup: the text both drafts share as it is, and every
/// difference as a mark whose two sides are the exact old and new bytes.
struct MarkupWriter {
    /// One block's place in the redline.
    enum Entry: Equatable {
        /// Old blocks and new blocks (usually one each; two on one side for a split or joined
        /// paragraph), equal or edited in place.
        case pair(Range<Int>, Range<Int>)
        /// Old block i is gone (or moved: the move's number).
        case delete(Int, move: Int?)
        /// New block j is new (or moved here: the move's number, and the old block it came from).
        case insert(Int, move: Int?, from: Int?)
    }

    /// A text's blocks (token ranges between paragraph breaks) and the break before each.
    struct Blocks {
        var ranges: [Range<Int>] = []
        var separatorBefore: [Range<Int>] = []
        var trailing: Range<Int>
        /// White space before the first block (blank lines, a line break, the first line's
        /// indentation): written before any change (or inside the first, when that is written
        /// as whole blocks), so that the first block counts as at the start (it has no break
        /// before it).
        var leading = 0..<0

        init(_ t: TokenizedText) {
            var i = 0
            var pending = 0..<0
            var ranges: [Range<Int>] = [], separatorBefore: [Range<Int>] = [], leading = 0..<0
            // Through the numbers' buffer: the scan for breaks was 10M instructions of a 1 MB
            // comparison with the array's checks.
            t.ids.withUnsafeBufferPointer { ids in
                let n = ids.count
                while i < n {
                    if ids[i] == TokenizedText.paragraphBreak { pending = i..<(i + 1); i += 1; continue }
                    if ranges.isEmpty {
                        // A single line break or indentation at the start is white space, not a
                        // paragraph break (a white-space run is one token).
                        if ids[i] < 0 { i += 1 }
                        leading = 0..<i
                        pending = i..<i
                        guard i < n else { break }
                    }
                    let start = i
                    while i < n, ids[i] != TokenizedText.paragraphBreak { i += 1 }
                    ranges.append(start..<i)
                    separatorBefore.append(pending)
                    pending = i..<i
                }
            }
            self.ranges = ranges
            self.separatorBefore = separatorBefore
            self.leading = leading
            trailing = pending
        }
    }

    let old: TokenizedText
    let new: TokenizedText
    let oldBlocks: Blocks
    let newBlocks: Blocks
    /// Where each body starts in its file (after the front matter).
    let oldOffset: Int
    let newOffset: Int
    let granularity: Granularity
    /// The new text's first line ends with CRLF: the line endings a whole-block mark's
    /// delimiter lines take.
    let newUsesCRLF: Bool
    var output: [UInt8] = []
    private(set) var differences: [Comparison.Difference] = []
    /// Per entry: the byte ranges it covers in the markup, the old body and the new body.
    private var spans: [(markup: Range<Int>, old: Range<Int>, new: Range<Int>)] = []

    init(old: TokenizedText, new: TokenizedText, oldOffset: Int, newOffset: Int, granularity: Granularity) {
        self.old = old
        self.new = new
        newUsesCRLF = new.bytes.firstIndex(of: 0x0A).map { $0 > 0 && new.bytes[$0 - 1] == 0x0D } ?? false
        oldBlocks = Blocks(old)
        newBlocks = Blocks(new)
        self.oldOffset = oldOffset
        self.newOffset = newOffset
        self.granularity = granularity
    }

    // MARK: Finding an entry again

    func entry(atMarkup offset: Int) -> Int? { spans.firstIndex { $0.markup.contains(offset) } ?? spans.indices.last }
    func entry(atNew offset: Int) -> Int? { spans.firstIndex { $0.new.contains(offset - newOffset) || $0.new.upperBound >= offset - newOffset } }
    func entry(atOld offset: Int) -> Int? { spans.firstIndex { $0.old.contains(offset - oldOffset) || $0.old.upperBound >= offset - oldOffset } }

    // MARK: Writing

    /// The renumbering under way: headings relabelled by the same shift (every label one up
    /// after an inserted section) belong to one renumbering until the shift changes.
    private var renumberRun: (shift: Int, number: Int)?
    private var renumberings = 0

    private mutating func renumbering(_ shift: Int) -> Int {
        if let run = renumberRun, run.shift == shift { return run.number }
        renumberings += 1
        renumberRun = (shift, renumberings)
        return renumberings
    }

    /// Positions of the old and new text written so far (body offsets).
    private var oldAt = 0, newAt = 0

    /// All the changed entries around entry `index`: a raw HTML block's region, written whole
    /// from the start (see ``rawHTMLRegions(in:)``), and the coarse pass's.
    func region(of index: Int, in entries: [Entry]) -> Range<Int>? {
        guard index < entries.count, isChanged(entries[index]) else { return nil }
        return changedRun(around: index..<index + 1, within: entries.indices, in: entries)
    }

    /// `run` extended over the changed entries on either side of it, inside `bounds`.
    private func changedRun(around run: Range<Int>, within bounds: Range<Int>, in entries: [Entry]) -> Range<Int> {
        var lo = run.lowerBound, hi = run.upperBound
        while lo > bounds.lowerBound, isChanged(entries[lo - 1]) { lo -= 1 }
        while hi < bounds.upperBound, isChanged(entries[hi]) { hi += 1 }
        return lo..<hi
    }

    /// Grows `regions` so that the next attempt covers the entries where this one failed: the
    /// changed entry at each is written whole (every error the scanner found, so one more
    /// attempt covers them all; `coarse`, with all the changed entries around it). Only when
    /// every failure lies in such a region, or beside one, already are those regions widened
    /// (`grows`), each once; and where none can be, an unchanged entry at a failure becomes
    /// one. Whether anything changed.
    func cover(_ failures: [Int], in regions: inout BlockRegions, entries: [Entry], grows: Bool, coarse: Bool) -> Bool {
        var added = false
        for failure in failures where addRegion(&regions, around: failure, in: entries, wholeRun: coarse) { added = true }
        guard !added, grows else { return added }
        let containing = Set(failures.compactMap { regions.holdingOrBeside($0) }).sorted { $0.lowerBound < $1.lowerBound }
        var widened = false
        // (One merged into another's widening is not widened again.)
        for region in containing where regions.holding(region.lowerBound) == region
            && widen(&regions, toCover: region.lowerBound, in: entries) { widened = true }
        if widened { return true }
        for failure in failures where addRegion(&regions, around: failure, in: entries, evenUnchanged: true) { widened = true }
        return widened
    }

    /// Adds changed entry `index` to `regions` as a region of its own, unless it lies in one
    /// already; whether it was added. (The smallest region first: a table moved in a text of
    /// moves is that table written whole, not everything moved around it; ``widen`` grows it
    /// when that is not enough.)
    /// `evenUnchanged`: an unchanged entry too (the last resort, where a break beside it differs
    /// as a mark cannot show: line endings converted after a bare URL, which would take the
    /// mark into its address).
    /// `wholeRun`: with all the changed entries around it.
    private func addRegion(_ regions: inout BlockRegions, around index: Int, in entries: [Entry], evenUnchanged: Bool = false, wholeRun: Bool = false) -> Bool {
        guard index < entries.count, evenUnchanged || isChanged(entries[index]), regions.holding(index) == nil else { return false }
        regions.insert(wholeRun ? region(of: index, in: entries) ?? index..<index + 1 : index..<index + 1)
        return true
    }

    /// Widens the region holding entry `index`, or next to it: doubled on both sides, over the
    /// changed entries around it while there are any, then taking in unchanged ones too, whose
    /// breaks may be what no mark could give back. Whether it grew (at the whole text it
    /// cannot). Never to every changed entry at once: in a text whose blocks were all moved,
    /// that is the whole text.
    private func widen(_ regions: inout BlockRegions, toCover index: Int, in entries: [Entry]) -> Bool {
        guard let existing = regions.holdingOrBeside(index) else { return false }
        let step = existing.count
        let doubled = max(0, existing.lowerBound - step)..<min(entries.count, existing.upperBound + step)
        // Over the changed entries around it first (looked for within the doubling only, so a
        // text of nothing but changes costs no more); unchanged ones once those are all in.
        let overChanged = changedRun(around: existing, within: doubled, in: entries)
        let grown = overChanged == existing ? doubled : overChanged
        guard grown != existing else { return false }
        regions.insert(grown)
        return true
    }

    /// The regions holding a raw HTML block inserted or deleted whole:
    /// those are written as block marks from the start. Written inline, the block's lines (its
    /// first, with the change's closer after `-->`, or a later one such as `</div>`) open an
    /// HTML block in the redline that takes the change's closer in and garbles the page (the
    /// readings come back right, so the write-and-check loop would not notice). Only regions of
    /// whole blocks: one with an edited paragraph in it would lose that paragraph's word edits.
    func rawHTMLRegions(in entries: [Entry]) -> BlockRegions {
        var regions = BlockRegions()
        for (index, entry) in entries.enumerated() {
            let block: ArraySlice<UInt8>
            switch entry {
            case .delete(let i, nil): block = old.bytes[old.byteRange(oldBlocks.ranges[i])]
            case .insert(let j, nil, _): block = new.bytes[new.byteRange(newBlocks.ranges[j])]
            default: continue
            }
            guard Self.startsHTMLBlock(block), let region = region(of: index, in: entries),
                  !entries[region].contains(where: { if case .pair = $0 { true } else { false } }) else { continue }
            regions.insert(region)
        }
        return regions
    }

    /// The paired blocks whose indentation crosses indented code's four columns after a blank
    /// line (`⏎⏎The Principal…` and `⏎⏎    The Principal…`): the white space alone differs,
    /// but one side is a paragraph and the other code. Written inline, as white space changed,
    /// the redline read the change's closer as code and the rest of the page as inside the
    /// change; these are written whole from the start, old block then new.
    func codeIndentRegions(in entries: [Entry]) -> BlockRegions {
        var regions = BlockRegions()
        // The columns a block's first line is indented by, where indented code may start: after
        // a blank line, at the text's start, or right after a heading's or a code fence's line.
        func indent(_ t: TokenizedText, _ first: Int) -> Int? {
            guard first > 0 else { return 0 }
            guard t.isWhitespace(first - 1) else { return nil }
            let space = t.slice(first - 1)
            func afterHeadingOrFence() -> Bool {
                let end = t.bounds[first - 1]
                var start = end
                while start > 0, t.bytes[start - 1] != 0x0A { start -= 1 }
                let line = t.bytes[start..<end].drop { $0 == 0x20 }
                return line.first == UInt8(ascii: "#") || line.starts(with: "```".utf8) || line.starts(with: "~~~".utf8)
            }
            guard space.filter({ $0 == 0x0A }).count >= 2 || first - 1 == 0 || afterHeadingOrFence() else { return nil }
            let line = space[(space.lastIndex(of: 0x0A).map { $0 + 1 } ?? space.startIndex)...]
            return line.reduce(0) { $1 == 0x09 ? ($0 / 4 + 1) * 4 : $1 == 0x20 ? $0 + 1 : $0 }
        }
        func crosses(_ o: Int?, _ n: Int?) -> Bool { if let o, let n { (o >= 4) != (n >= 4) } else { false } }
        for (index, entry) in entries.enumerated() {
            guard case .pair(let i, let j) = entry else { continue }
            let ro = oldBlocks.ranges[i.lowerBound].lowerBound..<oldBlocks.ranges[i.upperBound - 1].upperBound
            let rn = newBlocks.ranges[j.lowerBound].lowerBound..<newBlocks.ranges[j.upperBound - 1].upperBound
            if crosses(indent(old, ro.lowerBound), indent(new, rn.lowerBound)) {
                regions.insert(index..<(index + 1))
                continue
            }
            // Inside a block whose words are the same on both sides, a line after a heading's
            // or a fence's line (`# Head⏎    Text`): white space alone, it was a layout change
            // and the new code block showed unmarked.
            guard ro.count == rn.count, isChanged(entry), old.ids[ro].elementsEqual(new.ids[rn]) else { continue }
            for (k, l) in zip(ro, rn) where k > ro.lowerBound && old.isWhitespace(k) && old.slice(k).contains(0x0A) {
                if crosses(indent(old, k + 1), indent(new, l + 1)) {
                    regions.insert(index..<(index + 1))
                    break
                }
            }
        }
        return regions
    }

    /// Whether a block opens as raw HTML: `<!`, `<?`, or a tag name (`<div`, `</p`) ended by
    /// white space, `>` or `/` (not an autolink such as `<https://…>`).
    private static func startsHTMLBlock(_ block: ArraySlice<UInt8>) -> Bool {
        let text = block.drop { $0 == 0x20 }
        guard text.first == UInt8(ascii: "<"), let second = text.dropFirst().first else { return false }
        if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") { return true }
        let name = text.dropFirst(second == UInt8(ascii: "/") ? 2 : 1)
        let letters = name.prefix { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        guard !letters.isEmpty else { return false }
        let after = name.dropFirst(letters.count).first
        return after == nil || [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(after!)
    }

    private func isChanged(_ entry: Entry) -> Bool {
        guard case .pair(let i, let j) = entry, i.count == 1, j.count == 1 else { return true }
        return !Self.sameBytes(old.bytes, old.byteRange(oldBlocks.ranges[i.lowerBound]), new.bytes, new.byteRange(newBlocks.ranges[j.lowerBound]))
    }

    /// Writes a region of entries (changed ones, and any unchanged ones it was widened over) as
    /// one change on lines of its own: all its old blocks, then all its new ones. The fallback
    /// where inline marks cannot give the texts back (a table whose cells changed, code, raw HTML).
    /// Returns whether the next block's break on the old and on the new side was written with
    /// the region (blocks on one side only at the very start; see the end of this function).
    /// `skipping`: the breaks before the region's first old and new block were written already.
    private mutating func writeRegion(_ region: Range<Int>, of entries: [Entry], skipping: (old: Bool, new: Bool)) -> (skipOld: Bool, skipNew: Bool) {
        let begin = point
        defer { for _ in region { spans.append((begin.output..<output.count, begin.oldAt..<oldAt, begin.newAt..<newAt)) } }
        let (oldIndices, newIndices) = Self.blocks(of: region, in: entries)
        var oldSpan = oldIndices.first.map { old.byteRange(oldBlocks.ranges[$0].lowerBound..<oldBlocks.ranges[oldIndices.last!].upperBound) }
        var newSpan = newIndices.first.map { new.byteRange(newBlocks.ranges[$0].lowerBound..<newBlocks.ranges[newIndices.last!].upperBound) }
        if region.lowerBound == 0, oldAt == 0, newAt == 0, let o = oldSpan, let n = newSpan {
            // The first region takes the white space both texts start with (left unwritten for
            // it, see ``write(_:blockForm:)``): a mark for it would stand before the opener on
            // its line, and the opener would no longer open a block.
            oldSpan = 0..<o.upperBound
            newSpan = 0..<n.upperBound
        }
        if region.upperBound == entries.count, let o = oldSpan, let n = newSpan {
            // The last region takes the white space both texts end with, and the markup ends at
            // its closer, so that a text ending without a line break (or the two ending
            // differently) comes back exactly: a block mark's last line break stands for the
            // one after its closer, and at the end of the file there is none.
            oldSpan = o.lowerBound..<old.bytes.count
            newSpan = n.lowerBound..<new.bytes.count
        }
        // A last region with blocks on one side only takes that side's closing white space too
        // when the other side ends with a single line break: what the readings' tidying leaves
        // after blocks removed at the end of a file.
        var otherSideEnds = false
        func endsWithOneLineBreak(_ rest: ArraySlice<UInt8>) -> Bool { rest.elementsEqual([0x0A]) || rest.elementsEqual([0x0D, 0x0A]) }
        if region.upperBound == entries.count {
            if oldSpan == nil, let n = newSpan, endsWithOneLineBreak(old.bytes[oldAt...]) {
                newSpan = n.lowerBound..<new.bytes.count
                otherSideEnds = true
            } else if newSpan == nil, let o = oldSpan, endsWithOneLineBreak(new.bytes[newAt...]) {
                oldSpan = o.lowerBound..<old.bytes.count
                otherSideEnds = true
            }
        }
        // Each side's last line ends with the blocks: blanks after them stay inside the marks,
        // or they would follow the closer on its line and it would close no block.
        func throughTrailingBlanks(_ t: TokenizedText, _ span: Range<Int>) -> Range<Int> {
            var end = span.upperBound
            while end < t.bytes.count, t.bytes[end] == 0x20 || t.bytes[end] == 0x09 { end += 1 }
            guard end < t.bytes.count, t.bytes[end] == 0x0A || t.bytes[end] == 0x0D else { return span }
            return span.lowerBound..<end
        }
        oldSpan = oldSpan.map { throughTrailingBlanks(old, $0) }
        newSpan = newSpan.map { throughTrailingBlanks(new, $0) }
        // The break before the region: shared when both sides have blocks here. It ends at
        // the line start: the first block's indentation goes inside the marks with it, or a
        // block mark would take it away (`  {++` on a line of its own is removed whole).
        func separator(_ t: TokenizedText, _ blocks: Blocks, _ k: Int, skip: Bool, after at: Int) -> Range<Int> {
            let range = Self.clamped(t.byteRange(blocks.separatorBefore[k]), from: at)
            let lineStart = t.bytes[range].lastIndex(of: 0x0A).map { $0 + 1 } ?? range.upperBound
            return skip ? emptyAt(range.upperBound) : range.lowerBound..<lineStart
        }
        let oldBefore = oldIndices.first.map { separator(old, oldBlocks, $0, skip: skipping.old, after: oldAt) }
        let newBefore = newIndices.first.map { separator(new, newBlocks, $0, skip: skipping.new, after: newAt) }
        if let o = oldSpan, let before = oldBefore { oldSpan = min(o.lowerBound, before.upperBound)..<o.upperBound }
        if let n = newSpan, let before = newBefore { newSpan = min(n.lowerBound, before.upperBound)..<n.upperBound }
        var oneSidedBreak: ArraySlice<UInt8>?
        switch (oldBefore, newBefore) {
        case (let o?, let n?): writeEqual(o, n)
        case (nil, let n?):
            output.append(contentsOf: new.bytes[n])
            newAt = n.upperBound
            oneSidedBreak = new.bytes[n]
        case (let o?, nil):
            output.append(contentsOf: old.bytes[o])
            oldAt = o.upperBound
            oneSidedBreak = old.bytes[o]
        case (nil, nil): return (false, false)
        }
        let start = output.count
        // The line break ending each side's last line is that side's own (CRLF in a file with
        // CRLF line endings): it stands for the break after the closer, which the mark takes.
        func lineBreak(_ t: TokenizedText, after span: Range<Int>) -> [UInt8] {
            span.upperBound < t.bytes.count && t.bytes[span.upperBound] == 0x0D ? [0x0D, 0x0A] : [0x0A]
        }
        // The delimiter lines end as the new text's lines do, so a CRLF redline stays CRLF.
        let delimiterBreak: [UInt8] = newUsesCRLF ? [0x0D, 0x0A] : [0x0A]
        switch (oldSpan, newSpan) {
        case (let o?, let n?):
            output.append(contentsOf: Array("{~~".utf8) + delimiterBreak + old.bytes[o] + lineBreak(old, after: o) + Array("~>".utf8) + delimiterBreak
                          + new.bytes[n] + lineBreak(new, after: n) + Array("~~}".utf8))
            record(.substitution, old: o, new: n, move: nil, markup: start..<output.count)
            oldAt = o.upperBound; newAt = n.upperBound
        case (nil, let n?):
            output.append(contentsOf: Array("{++".utf8) + delimiterBreak + new.bytes[n] + lineBreak(new, after: n) + Array("++}".utf8))
            record(.insertion, old: oldAt..<oldAt, new: n, move: nil, markup: start..<output.count)
            newAt = n.upperBound
            if otherSideEnds { oldAt = old.bytes.count }
        case (let o?, nil):
            output.append(contentsOf: Array("{--".utf8) + delimiterBreak + old.bytes[o] + lineBreak(old, after: o) + Array("--}".utf8))
            record(.deletion, old: o, new: newAt..<newAt, move: nil, markup: start..<output.count)
            oldAt = o.upperBound
            if otherSideEnds { newAt = new.bytes.count }
        case (nil, nil): break
        }
        // Blocks on one side only, then a pair: when the break before the blocks is the one
        // the other side has before the pair, and the break after them is not (blanks ending
        // a line on one side only), that difference would be marked after the closer, on its
        // line, and the closer would close no block. So the break before counts as the shared
        // one, and the break after goes out with the blocks (their readings take one away).
        if let before = oneSidedBreak, region.lowerBound > 0, region.upperBound < entries.count,
           case .pair(let oldRun, let newRun) = entries[region.upperBound] {
            let oldNext = separator(old, oldBlocks, oldRun.lowerBound, skip: false, after: oldAt)
            let newNext = separator(new, newBlocks, newRun.lowerBound, skip: false, after: newAt)
            if newIndices.isEmpty, before.elementsEqual(new.bytes[newNext]), !old.bytes[oldNext].elementsEqual(new.bytes[newNext]) {
                output.append(contentsOf: old.bytes[oldNext])
                oldAt = oldNext.upperBound
                newAt = newNext.upperBound
            } else if oldIndices.isEmpty, before.elementsEqual(old.bytes[oldNext]), !new.bytes[newNext].elementsEqual(old.bytes[oldNext]) {
                output.append(contentsOf: new.bytes[newNext])
                oldAt = oldNext.upperBound
                newAt = newNext.upperBound
            }
        }
        // Blocks on one side only at the very start have no break before them: the break after
        // them follows the closer's line, as it is (`{--⏎| a |⏎--}⏎⏎Text.`; the readings' tidying
        // takes it away with the blocks), and the next block goes without its own.
        guard region.lowerBound == 0 else { return (false, false) }
        if newIndices.isEmpty, let last = oldIndices.last, last + 1 < oldBlocks.ranges.count {
            let after = Self.clamped(old.byteRange(oldBlocks.separatorBefore[last + 1]), from: oldAt)
            output.append(contentsOf: old.bytes[after])
            oldAt = after.upperBound
            return (true, false)
        }
        if oldIndices.isEmpty, let last = newIndices.last, last + 1 < newBlocks.ranges.count {
            let after = Self.clamped(new.byteRange(newBlocks.separatorBefore[last + 1]), from: newAt)
            output.append(contentsOf: new.bytes[after])
            newAt = after.upperBound
            return (false, true)
        }
        return (false, false)
    }

    /// The old and the new blocks of a region's entries, in order.
    private static func blocks(of region: Range<Int>, in entries: [Entry]) -> (old: [Int], new: [Int]) {
        var oldIndices: [Int] = [], newIndices: [Int] = []
        for entry in entries[region] {
            switch entry {
            case .pair(let i, let j): oldIndices += i; newIndices += j
            case .delete(let i, _): oldIndices.append(i)
            case .insert(let j, _, _): newIndices.append(j)
            }
        }
        return (oldIndices.sorted(), newIndices.sorted())
    }

    /// `blockForm`: regions to write as whole blocks.
    mutating func write(_ entries: [Entry], blockForm: BlockRegions) {
        // A body with no block at all (empty, or white space only: a policy emptied down to its
        // last line break) leaves a block's mark nothing to stand beside, and a removal at the
        // start of a body takes the line breaks after it (`{--Text.--}⏎` accepts as nothing,
        // not `⏎`): the two bodies are one change.
        if oldBlocks.ranges.isEmpty || newBlocks.ranges.isEmpty, blockForm.isEmpty {
            writeWholeBodies()
            return
        }
        // A block deleted or inserted at the very start has no break before it: it takes the
        // break after it instead, and the next block goes without.
        var skipOldSeparator = false, skipNewSeparator = false
        let leadingFolds = blockForm.starting(at: 0).map { region in
            let (o, n) = Self.blocks(of: region, in: entries)
            return !o.isEmpty && !n.isEmpty
        } == true
        if !leadingFolds { writeEqual(old.byteRange(oldBlocks.leading), new.byteRange(newBlocks.leading)) }
        var index = 0
        while index < entries.count {
            defer { index += 1 }
            let entry = entries[index]
            let markupStart = output.count, oldStart = oldAt, newStart = newAt
            if let region = blockForm.starting(at: index) {
                (skipOldSeparator, skipNewSeparator) = writeRegion(region, of: entries, skipping: (skipOldSeparator, skipNewSeparator))
                index = region.upperBound - 1
                continue
            }
            switch entry {
            case .pair(let oldRun, let newRun):
                let i = oldRun.lowerBound, j = newRun.lowerBound
                // (From where the writing is: a region before may have taken a separator's start.)
                let so = Self.clamped(skipOldSeparator ? emptyAt(old.byteRange(oldBlocks.separatorBefore[i]).upperBound) : old.byteRange(oldBlocks.separatorBefore[i]), from: oldAt)
                let sn = Self.clamped(skipNewSeparator ? emptyAt(new.byteRange(newBlocks.separatorBefore[j]).upperBound) : new.byteRange(newBlocks.separatorBefore[j]), from: newAt)
                skipOldSeparator = false
                skipNewSeparator = false
                writeEqual(so, sn)
                writePair(oldBlocks.ranges[i].lowerBound..<oldBlocks.ranges[oldRun.upperBound - 1].upperBound,
                          newBlocks.ranges[j].lowerBound..<newBlocks.ranges[newRun.upperBound - 1].upperBound)
            case .delete(let i, let move):
                var bytes = Self.wholeBlock(i, of: old, oldBlocks, skippingBreak: &skipOldSeparator, at: &oldAt)
                if move == nil, let past = blockPastURL(bytes, in: old.bytes, other: new.bytes, otherAt: newAt) {
                    output.append(contentsOf: old.bytes[past.shared])
                    (bytes, newAt) = (past.block, past.otherAt)
                }
                writeMark(move.map { _ in .movedFrom } ?? .deletion, old: bytes, new: newAt..<newAt, move: move)
                oldAt = bytes.upperBound
            case .insert(let j, let move, let origin):
                var bytes = Self.wholeBlock(j, of: new, newBlocks, skippingBreak: &skipNewSeparator, at: &newAt)
                if move == nil, let past = blockPastURL(bytes, in: new.bytes, other: old.bytes, otherAt: oldAt) {
                    output.append(contentsOf: new.bytes[past.shared])
                    (bytes, oldAt) = (past.block, past.otherAt)
                }
                if let move, let origin {
                    writeMovedTo(bytes, block: newBlocks.ranges[j], from: oldBlocks.ranges[origin], move: move)
                } else {
                    writeMark(move.map { _ in .movedTo } ?? .insertion, old: oldAt..<oldAt, new: bytes, move: move)
                }
                newAt = bytes.upperBound
            }
            spans.append((markupStart..<output.count, oldStart..<oldAt, newStart..<newAt))
        }
        let so = skipOldSeparator ? emptyAt(old.bytes.count) : old.byteRange(oldBlocks.trailing)
        let sn = skipNewSeparator ? emptyAt(new.bytes.count) : new.byteRange(newBlocks.trailing)
        let markupStart = output.count, oldStart = oldAt, newStart = newAt
        writeEqual(oldAt..<max(oldAt, so.upperBound), newAt..<max(newAt, sn.upperBound))
        spans.append((markupStart..<output.count, oldStart..<oldAt, newStart..<newAt))
    }

    private func emptyAt(_ offset: Int) -> Range<Int> { offset..<offset }

    /// The two bodies as one change, for a body with no block (see ``write(_:blockForm:)``).
    /// A side that starts with a line break is written in block form (`{--⏎⏎⏎--}` for a lone
    /// line break: the delimiters' own lines hold the breaks around it), since a mark opening
    /// on a line break at the start of a line is read as one; such a side and the other are
    /// then a deletion and an insertion rather than one substitution.
    private mutating func writeWholeBodies() {
        let o = 0..<old.bytes.count, n = 0..<new.bytes.count
        // (The output starts with the new text's front matter.)
        let base = output.count, prefix = Array(output)
        defer {
            spans.append((base..<output.count, o, n))
            oldAt = o.upperBound
            newAt = n.upperBound
        }
        if old.bytes == new.bytes {
            output.append(contentsOf: new.bytes)
            return
        }
        // The plain mark first; where reading it back does not give both bodies, the
        // deletion and insertion with block forms. (The comparison checks the result again.)
        // (Then block form on both sides: a table, whose cells a mark may not cross inline.)
        let split: (Bool) -> (inout MarkupWriter) -> Void = { block in
            { writer in
                if !o.isEmpty { writer.markWhole(.deletion, o, of: writer.old.bytes, "{--", "--}", other: n, block: block) }
                if !n.isEmpty { writer.markWhole(.insertion, n, of: writer.new.bytes, "{++", "++}", other: o, block: block) }
            }
        }
        // Last, the white space both bodies start and end with left outside the mark (a body of
        // blank lines only against a text, `⏎` for `⏎# Policy…`: marked whole, the readings'
        // tidying of the mark's edges gave an extra line break, and the texts were refused).
        var head = 0, tail = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D || b == 0x20 || b == 0x09 }
        while head < min(o.count, n.count), old.bytes[head] == new.bytes[head], isSpace(old.bytes[head]) { head += 1 }
        while tail < min(o.count, n.count) - head, old.bytes[o.upperBound - 1 - tail] == new.bytes[n.upperBound - 1 - tail],
              isSpace(old.bytes[o.upperBound - 1 - tail]) { tail += 1 }
        let innerOld = head..<(o.upperBound - tail), innerNew = head..<(n.upperBound - tail)
        let trimmed: (Bool?) -> (inout MarkupWriter) -> Void = { block in
            { writer in
                writer.output.append(contentsOf: writer.new.bytes[..<head])
                if let block {
                    if !innerOld.isEmpty { writer.markWhole(.deletion, innerOld, of: writer.old.bytes, "{--", "--}", other: innerNew, block: block) }
                    if !innerNew.isEmpty { writer.markWhole(.insertion, innerNew, of: writer.new.bytes, "{++", "++}", other: innerOld, block: block) }
                } else {
                    writer.writeMark(innerOld.isEmpty ? .insertion : innerNew.isEmpty ? .deletion : .substitution, old: innerOld, new: innerNew, move: nil)
                }
                writer.output.append(contentsOf: writer.new.bytes[innerNew.upperBound...])
            }
        }
        let candidates: [(inout MarkupWriter) -> Void] = [
            { $0.writeMark(o.isEmpty ? .insertion : n.isEmpty ? .deletion : .substitution, old: o, new: n, move: nil) },
            split(false), split(true),
        ] + (head + tail > 0 && !(innerOld.isEmpty && innerNew.isEmpty) ? [trimmed(nil), trimmed(false), trimmed(true)] : [])
        for write in candidates {
            differences.removeAll()
            output.removeSubrange(base...)
            (oldAt, newAt) = (0, 0)
            write(&self)
            let readings = Document.readings(of: output)
            if readings.errors.isEmpty, readings.accepted == prefix + new.bytes, readings.rejected == prefix + old.bytes { return }
        }
    }

    /// One side of ``writeWholeBodies()`` as a mark, in block form (delimiters on lines of
    /// their own) where it starts with a line break at the start of a line, or always with
    /// `block` (after the deletion, with a line feed).
    private mutating func markWhole(_ kind: Comparison.Difference.Kind, _ range: Range<Int>, of bytes: [UInt8], _ opener: String,
                                    _ closer: String, other: Range<Int>, block: Bool) {
        let start = output.count
        let atLineStart = output.isEmpty || output.last == 0x0A
        let startsWithBreak = bytes[range].first == 0x0A || bytes[range].starts(with: [0x0D, 0x0A])
        var ending: [UInt8] = []
        if block || (atLineStart && startsWithBreak) {
            let crlf = bytes[range].firstIndex(of: 0x0A).map { $0 > range.lowerBound && bytes[$0 - 1] == 0x0D } ?? false
            ending = atLineStart && crlf ? [0x0D, 0x0A] : [0x0A]
        }
        output.append(contentsOf: Array(opener.utf8) + ending)
        output.append(contentsOf: bytes[range])
        output.append(contentsOf: ending + Array(closer.utf8))
        let markup = start..<output.count
        if kind == .deletion {
            record(kind, old: range, new: other.lowerBound..<other.lowerBound, move: nil, markup: markup)
        } else {
            record(kind, old: other.upperBound..<other.upperBound, new: range, move: nil, markup: markup)
        }
    }

    /// A block inserted or deleted whole right after a bare URL would open its mark against the
    /// address, and GFM reads an autolink on through `{++`: the writing had to take the URL into
    /// the change (`{~~url~>url⏎⏎New.~~}`, the address shown as changed). Instead the paragraph
    /// break before the block (`shared`) is written as shared text, and the mark takes the same
    /// break after the block (`url⏎⏎{++New.⏎⏎++}Next`, the form a block inserted at the top
    /// has), when the block's side goes on with that break and the other side's text (from
    /// `otherAt`) does too. At the very end of the text, where both sides end with the same
    /// single line break, the mark holds the block and that line break (`url⏎⏎{++New.⏎++}`):
    /// reading the side without it drops the blank line a removal leaves at the very end.
    private func blockPastURL(_ range: Range<Int>, in bytes: [UInt8], other: [UInt8], otherAt: Int)
        -> (shared: Range<Int>, block: Range<Int>, otherAt: Int)? {
        guard bareURLWritten() != nil else { return nil }
        let lead = bytes[range].prefix(while: TokenizedText.isSpace)
        let k = lead.count, shared = range.lowerBound..<(range.lowerBound + k)
        guard lead.filter({ $0 == 0x0A }).count >= 2, k < range.count else { return nil }
        if range.upperBound + k <= bytes.count, bytes[range.upperBound..<(range.upperBound + k)].elementsEqual(lead),
           otherAt + k <= other.count, other[otherAt..<(otherAt + k)].elementsEqual(lead) {
            return (shared, (range.lowerBound + k)..<(range.upperBound + k), otherAt + k)
        }
        let ending = other[otherAt...]
        if ending.elementsEqual([0x0A]) || ending.elementsEqual([0x0D, 0x0A]), bytes[range.upperBound...].elementsEqual(ending) {
            return (shared, (range.lowerBound + k)..<bytes.count, other.count)
        }
        return nil
    }

    /// The part of `range` from `at` on.
    private static func clamped(_ range: Range<Int>, from at: Int) -> Range<Int> {
        max(range.lowerBound, at)..<max(range.upperBound, at)
    }

    /// The bytes of block `k` deleted or inserted whole, with a break: the one before it; or,
    /// at the very start or where the block before took this break, the one after it (if
    /// another block follows, which then goes without: `skip` is set). `at` moves past a break
    /// left out.
    private static func wholeBlock(_ k: Int, of t: TokenizedText, _ blocks: Blocks, skippingBreak skip: inout Bool, at: inout Int) -> Range<Int> {
        let block = t.byteRange(blocks.ranges[k]), separator = clamped(t.byteRange(blocks.separatorBefore[k]), from: at)
        guard skip || separator.isEmpty else { return separator.lowerBound..<block.upperBound }
        let followed = k + 1 < blocks.ranges.count
        skip = followed
        if !separator.isEmpty { at = separator.upperBound }
        return followed ? block.lowerBound..<t.byteRange(blocks.separatorBefore[k + 1]).upperBound : block
    }

    /// A place in the writing: where a region written as whole blocks starts.
    struct Point {
        var output: Int, differences: Int, spans: Int, oldAt: Int, newAt: Int
    }

    private var point: Point { Point(output: output.count, differences: differences.count, spans: spans.count, oldAt: oldAt, newAt: newAt) }

    /// Two runs the comparison found equal: copied when their bytes are, else a layout change.
    private mutating func writeEqual(_ o: Range<Int>, _ n: Range<Int>) {
        let ob = old.bytes[o], nb = new.bytes[n]
        if Self.sameBytes(old.bytes, o, new.bytes, n) {
            output.append(contentsOf: nb)
        } else if ob.allSatisfy(TokenizedText.isSpace) && nb.allSatisfy(TokenizedText.isSpace) {
            // The whitespace both share at the end stays outside the mark: `x{++⏎++}⏎`, so the
            // mark never stands alone at the end of a line, where it would read as a block.
            // (Not the white space the texts begin with: text follows it directly, and a mark
            // there, written whole, is never alone on its line; what it shares left outside
            // would be tidied away as a removed change's leftover at the start of the body.)
            // (Nor after a bare URL: white space for white space may follow one, but white space
            // inserted or deleted alone would take the URL into the change.)
            var shared = 0
            let afterURL = !o.isEmpty && !n.isEmpty && bareURLWritten() != nil
            while o.lowerBound > 0 || n.lowerBound > 0, !afterURL, shared < min(o.count, n.count),
                  old.bytes[o.upperBound - 1 - shared] == new.bytes[n.upperBound - 1 - shared] { shared += 1 }
            // After a bare URL, a paragraph break's change leaves its last line break outside:
            // the mark then holds no blank line, so it ends the URL as white space in a paragraph
            // does (one with a blank line would be read into the address and must take the URL
            // in, ``textToTakeIn``), and the block after it still starts a line (`~~}## Next`
            // would be no heading). Even where that cuts a CRLF: `{~~⏎~>␍⏎␍~~}⏎` is white space
            // for white space on both sides, a layout change.
            let urlBreak = afterURL && (ob.filter { $0 == 0x0A }.count >= 2 || nb.filter { $0 == 0x0A }.count >= 2)
            if urlBreak, ob.last == 0x0A, nb.last == 0x0A { shared = 1 }
            // But spaces outside never follow spaces inside: the readings' tidying at a change's
            // edge would merge them (`⏎{~~ ~>~~}  x` would lose the indentation's spaces).
            func spaceAt(_ bytes: [UInt8], _ i: Int, in r: Range<Int>) -> Bool { r.contains(i) && TokenizedText.isHorizontalSpace(bytes[i]) }
            while shared > 0, spaceAt(new.bytes, n.upperBound - shared, in: n),
                  spaceAt(old.bytes, o.upperBound - shared - 1, in: o) || spaceAt(new.bytes, n.upperBound - shared - 1, in: n) { shared -= 1 }
            // Nor is a CRLF cut in two: `{++␍++}⏎` is no layout change on a page, `{~~⏎~>␍⏎~~}` is.
            func crAt(_ bytes: [UInt8], _ i: Int, in r: Range<Int>) -> Bool { r.contains(i) && bytes[i] == 0x0D }
            if shared > 0, !urlBreak, crAt(old.bytes, o.upperBound - shared - 1, in: o) || crAt(new.bytes, n.upperBound - shared - 1, in: n) { shared -= 1 }
            writeMark(.layout, old: o.lowerBound..<(o.upperBound - shared), new: n.lowerBound..<(n.upperBound - shared), move: nil)
            output.append(contentsOf: new.bytes[(n.upperBound - shared)..<n.upperBound])
        } else {
            // Equal sentences (sentence granularity) laid out differently, or tokens equal by
            // number with other bytes (ordered list items renumbered): the spaces as layout,
            // the words as substitutions.
            writeSpacing(o, n)
        }
        oldAt = o.upperBound
        newAt = n.upperBound
    }

    /// Whether `x[rx]` and `y[ry]` hold the same bytes (memcmp: comparing slices element by
    /// element was a tenth of writing a redline).
    static func sameBytes(_ x: [UInt8], _ rx: Range<Int>, _ y: [UInt8], _ ry: Range<Int>) -> Bool {
        guard rx.count == ry.count else { return false }
        guard !rx.isEmpty else { return true }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in memcmp(px.baseAddress! + rx.lowerBound, py.baseAddress! + ry.lowerBound, rx.count) == 0 }
        }
    }

    /// Two texts with the same words and different whitespace between them.
    private mutating func writeSpacing(_ o: Range<Int>, _ n: Range<Int>) {
        var i = o.lowerBound, j = n.lowerBound
        while i < o.upperBound || j < n.upperBound {
            let si = i, sj = j
            while i < o.upperBound, TokenizedText.isSpace(old.bytes[i]) { i += 1 }
            while j < n.upperBound, TokenizedText.isSpace(new.bytes[j]) { j += 1 }
            if old.bytes[si..<i].elementsEqual(new.bytes[sj..<j]) {
                output.append(contentsOf: new.bytes[sj..<j])
            } else {
                writeMark(.layout, old: si..<i, new: sj..<j, move: nil)
            }
            let wi = i, wj = j
            while i < o.upperBound, !TokenizedText.isSpace(old.bytes[i]) { i += 1 }
            while j < n.upperBound, !TokenizedText.isSpace(new.bytes[j]) { j += 1 }
            if old.bytes[wi..<i].elementsEqual(new.bytes[wj..<j]) {
                output.append(contentsOf: new.bytes[wj..<j])
            } else {
                writeMark(.substitution, old: wi..<i, new: wj..<j, move: nil)
            }
        }
    }

    /// Steps allowed to Myers inside one pair of blocks, or inside one run of changed sentences
    /// of a long pair; past it that block or run is one substitution.
    static let pairBudget = 1500

    /// An edited block's segments: the token script, short equal runs between changes absorbed.
    static func pairSegments(_ old: TokenizedText, _ ro: Range<Int>, _ new: TokenizedText, _ rn: Range<Int>) -> [Segment] {
        // A heading whose level changed: its `#` marks are a change of their own, so the line
        // stays a heading of its new level in the redline (`####{++#++} Title`), whatever else
        // changed in it.
        if let ho = headingMarks(old, ro), let hn = headingMarks(new, rn), ho != hn {
            let shared = min(ho, hn)
            return [.equal(shared), .change(deleted: ho - shared, inserted: hn - shared)]
                + pairSegments(old, (ro.lowerBound + ho)..<ro.upperBound, new, (rn.lowerBound + hn)..<rn.upperBound)
        }
        let script = Self.script(old, ro, new, rn)
        let segments = Self.foldingSpacing(Self.segments(script, old: old, from: ro.lowerBound, new: new, from: rn.lowerBound),
                                           old: old, from: ro.lowerBound, new: new, from: rn.lowerBound)
        return reindentedItemsWhole(ChangeWidening.widened(segments, old: old, from: ro.lowerBound, new: new, from: rn.lowerBound),
                                    old: old, ro, new: new, rn)
    }

    /// The number of `#` tokens opening an ATX heading at the start of a block, if it is one.
    private static func headingMarks(_ t: TokenizedText, _ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i < r.upperBound, i - r.lowerBound < 7, t.slice(i).elementsEqual([UInt8(ascii: "#")]) { i += 1 }
        let count = i - r.lowerBound
        guard (1...6).contains(count), i == r.upperBound || t.isWhitespace(i) else { return nil }
        return count
    }

    private struct PairKey: Hashable {
        var old: Range<Int>, new: Range<Int>
    }

    /// The segments of the edited pairs and of the blocks moved with edits, worked out once by
    /// ``cacheSegments(for:)`` and reused by every attempt at writing (a text of thousands of
    /// moved paragraphs may take a dozen attempts, each of which diffed every one again).
    private var segmentCache: [PairKey: [Segment]] = [:]

    /// Works out the segments of every edited pair and every block moved here from elsewhere.
    mutating func cacheSegments(for entries: [Entry]) {
        var pairs: [PairKey] = []
        for entry in entries {
            switch entry {
            case .pair(let oldRun, let newRun) where isChanged(entry):
                pairs.append(PairKey(old: oldBlocks.ranges[oldRun.lowerBound].lowerBound..<oldBlocks.ranges[oldRun.upperBound - 1].upperBound,
                                     new: newBlocks.ranges[newRun.lowerBound].lowerBound..<newBlocks.ranges[newRun.upperBound - 1].upperBound))
            case .insert(let j, _?, let origin?):
                pairs.append(PairKey(old: oldBlocks.ranges[origin], new: newBlocks.ranges[j]))
            default:
                continue
            }
        }
        // Each pair is diffed on its own, so a long comparison's pairs are shared out between
        // two cores, cut where half the tokens are done (the same segments either way).
        let tokens = pairs.reduce(0) { $0 + $1.old.count + $1.new.count }
        let (old, new) = (old, new)
        var cut = pairs.count
        if tokens >= 64 << 10 {
            var done = 0
            cut = pairs.firstIndex { done += $0.old.count + $0.new.count; return 2 * done >= tokens }.map { $0 + 1 } ?? pairs.count
        }
        let halves = [pairs[..<cut], pairs[cut...]]
        let slots = ParallelSlots<[[Segment]]>(count: 2)
        ParallelSlots<[[Segment]]>.run(count: halves[1].isEmpty ? 1 : 2) { k in
            slots[k] = halves[k].map { Self.pairSegments(old, $0.old, new, $0.new) }
        }
        for k in 0..<2 {
            for (pair, segments) in zip(halves[k], slots[k] ?? []) { segmentCache[pair] = segments }
        }
    }
    /// Sentences moved between the changes of edited blocks.
    private(set) var sentenceMoves = SentenceMoves()

    /// Finds the sentences moved from one change to another anywhere in the comparison (word
    /// granularity; block moves are numbered first, so these start at `firstMove`).
    mutating func findSentenceMoves(in entries: [Entry], firstMove: Int, newFirst: Bool) {
        var deleted: [SentenceMoves.Change] = [], inserted: [SentenceMoves.Change] = []
        for entry in entries where isChanged(entry) {
            guard case .pair(let oldRun, let newRun) = entry else { continue }
            let ro = oldBlocks.ranges[oldRun.lowerBound].lowerBound..<oldBlocks.ranges[oldRun.upperBound - 1].upperBound
            let rn = newBlocks.ranges[newRun.lowerBound].lowerBound..<newBlocks.ranges[newRun.upperBound - 1].upperBound
            let segments = segmentCache[PairKey(old: ro, new: rn)] ?? Self.pairSegments(old, ro, new, rn)
            for change in Self.changeRanges(segments, old: ro.lowerBound, new: rn.lowerBound).changes {
                let id = deleted.count + inserted.count
                if !change.old.isEmpty { deleted.append(SentenceMoves.Change(block: ro, tokens: change.old, id: id)) }
                if !change.new.isEmpty { inserted.append(SentenceMoves.Change(block: rn, tokens: change.new, id: id)) }
            }
        }
        sentenceMoves = SentenceMoves(old: old, new: new, deleted: deleted, inserted: inserted, firstMove: firstMove, newFirst: newFirst)
    }

    /// Leaves out the sentence moves among `moves` (one of their halves could not be written as
    /// a move); whether there were any.
    mutating func dropSentenceMoves(_ moves: Set<Int>) -> Bool { sentenceMoves.removing(moves) }

    /// An edited block: token differences, short equal runs between changes absorbed. Inside a
    /// moved block (`allowingMoves` false) no sentence is moved again.
    private mutating func writePair(_ ro: Range<Int>, _ rn: Range<Int>, allowingMoves: Bool = true) {
        let segments = segmentCache[PairKey(old: ro, new: rn)] ?? Self.pairSegments(old, ro, new, rn)
        var i = ro.lowerBound, j = rn.lowerBound
        let oldLabel = HeadingLabel.token(in: old, ro), newLabel = HeadingLabel.token(in: new, rn)
        for segment in segments {
            switch segment {
            case .equal(let n):
                // A run whose bytes are the same on both sides is copied at once; token by token
                // only where the white space between its words differs (a re-wrapped line).
                if n > 1, Self.sameBytes(old.bytes, old.byteRange(i..<(i + n)), new.bytes, new.byteRange(j..<(j + n))) {
                    writeEqual(old.byteRange(i..<(i + n)), new.byteRange(j..<(j + n)))
                } else {
                    for d in 0..<n { writeEqual(old.range(i + d), new.range(j + d)) }
                }
                i += n
                j += n
            case .change(let deleted, let inserted):
                let ob = old.byteRange(i..<(i + deleted)), nb = new.byteRange(j..<(j + inserted))
                let kind: Comparison.Difference.Kind = deleted == 0 ? .insertion : inserted == 0 ? .deletion : .substitution
                if old.bytes[ob].allSatisfy(TokenizedText.isSpace), new.bytes[nb].allSatisfy(TokenizedText.isSpace) {
                    // Only white space (a blank line gone where a paragraph was joined to a
                    // heading): written as layout is, the line break both keep left outside.
                    writeEqual(ob, nb)
                } else if deleted == 1, inserted == 1, i == oldLabel, j == newLabel,
                   let delta = HeadingLabel.shift(from: old.bytes[ob], to: new.bytes[nb]) {
                    writeMark(kind, old: ob, new: nb, move: nil, renumber: renumbering(delta))
                } else if allowingMoves, sentenceMoves.count > 0,
                          case let (oldPieces, newPieces) = (Self.pieces(i..<(i + deleted), sentenceMoves.from, old),
                                                             Self.pieces(j..<(j + inserted), sentenceMoves.to, new)),
                          (oldPieces + newPieces).contains(where: { $0.half != nil }) {
                    writeChange(oldPieces, newPieces)
                } else {
                    // A line break both sides end with (a CRLF whole) stays outside the mark: the
                    // line it ends (a heading's) ends outside the change in every reading.
                    var shared = 0
                    while shared < min(ob.count, nb.count), case let b = old.bytes[ob.upperBound - 1 - shared], b == 0x0A || b == 0x0D,
                          new.bytes[nb.upperBound - 1 - shared] == b { shared += 1 }
                    let o = ob.lowerBound..<(ob.upperBound - shared), n = nb.lowerBound..<(nb.upperBound - shared)
                    writeMark(o.isEmpty ? .insertion : n.isEmpty ? .deletion : kind, old: o, new: n, move: nil)
                    output.append(contentsOf: new.bytes[n.upperBound..<nb.upperBound])
                }
                i += deleted
                j += inserted
                oldAt = ob.upperBound
                newAt = nb.upperBound
            }
        }
    }

    /// A block moved here: one insertion with the move's ID (its bytes, break included), and
    /// inside it the edits made to the block on its way, word by word against the block it
    /// came from, as Word shows edits inside a move. Accepting everything gives the new block;
    /// rejecting the move removes it with its edits; rejecting only the edits leaves the
    /// block as it was before it moved.
    private mutating func writeMovedTo(_ bytes: Range<Int>, block rn: Range<Int>, from ro: Range<Int>, move: Int) {
        let start = output.count, here = oldAt
        output.append(contentsOf: Array("{++".utf8) + Self.movePrefix(move))
        // The break before the block, or (at the very start) after it, goes inside as it is.
        let block = new.byteRange(rn)
        output.append(contentsOf: new.bytes[bytes.lowerBound..<block.lowerBound])
        let firstEdit = differences.count
        newAt = block.lowerBound
        writePair(ro, rn, allowingMoves: false)
        output.append(contentsOf: new.bytes[block.upperBound..<bytes.upperBound])
        output.append(contentsOf: Array("++}".utf8))
        let edits = differences[firstEdit...].map { edit in
            var edit = edit
            edit.move = move
            return edit
        }
        differences.removeSubrange(firstEdit...)
        oldAt = here
        record(.movedTo, old: here..<here, new: bytes, move: move, markup: start..<output.count)
        differences += edits
    }

    /// A piece of a change: plain deleted or inserted tokens, or a moved sentence (with the
    /// white space beside it that the change also took).
    private typealias Piece = (tokens: Range<Int>, half: SentenceMoves.Half?)

    /// A change's tokens on one side, cut around the moved sentences in it. White space and
    /// punctuation between a moved sentence and the change's edge go with the sentence: no
    /// `{--. --}` beside a move.
    private static func pieces(_ r: Range<Int>, _ halves: [Int: SentenceMoves.Half], _ t: TokenizedText) -> [Piece] {
        var cut: [Piece] = []
        var plainStart = r.lowerBound, i = r.lowerBound
        while i < r.upperBound {
            guard let half = halves[i], half.range.upperBound <= r.upperBound else { i += 1; continue }
            if plainStart < i { cut.append((plainStart..<i, nil)) }
            cut.append((half.range, half))
            i = half.range.upperBound
            plainStart = i
        }
        if plainStart < r.upperBound { cut.append((plainStart..<r.upperBound, nil)) }
        var result: [Piece] = []
        // Punctuation and spaces beside a moved sentence go with it, but not a line break or
        // what starts a line (a list item's marker).
        func phraseEdge(_ r: Range<Int>) -> Bool {
            let startsLine = r.lowerBound > 0 && t.isWhitespace(r.lowerBound - 1) && t.slice(r.lowerBound - 1).contains(0x0A)
            return !startsLine && r.allSatisfy { !t.slice($0).contains(0x0A) && (t.isWhitespace($0) || !TokenizedText.isWordByte(t.slice($0).first ?? 0)) }
        }
        // A list item's separator (line break, marker, space) beside a moved item goes with it
        // too, when the move is the whole item: one move, not a move and two separators changed.
        func separator(_ r: Range<Int>) -> Bool {
            r.count == 3 || r.count == 4 ? t.isWhitespace(r.lowerBound) && t.slice(r.lowerBound).filter({ $0 == 0x0A }).count == 1
                && ListItemMarker.matches(t.bytes[t.byteRange((r.lowerBound + 1)..<(r.upperBound - 1))])
                && t.isWhitespace(r.upperBound - 1) && !t.slice(r.upperBound - 1).contains(0x0A) : false
        }
        // Token `i` starts an item's text (after its marker and space, at the start of a line).
        func startsItem(_ i: Int) -> Bool {
            guard i >= 2, t.isWhitespace(i - 1), !t.slice(i - 1).contains(0x0A) else { return false }
            for markerTokens in 1...2 where i - 1 - markerTokens >= 0 {
                let m = i - 1 - markerTokens
                if ListItemMarker.matches(t.bytes[t.byteRange(m..<(i - 1))]), m == 0 || (t.isWhitespace(m - 1) && t.slice(m - 1).contains(0x0A)) { return true }
            }
            return false
        }
        func endsLine(_ i: Int) -> Bool { i == t.count || (t.isWhitespace(i) && t.slice(i).contains(0x0A)) }
        // The same item written from the start of its line to the start of the next (first in
        // its list): its marker and space before it, at a line's start, and its line break after.
        func lineStart(_ i: Int) -> Bool { i == 0 || (t.isWhitespace(i - 1) && t.slice(i - 1).contains(0x0A)) }
        func markerAtLineStart(_ r: Range<Int>) -> Bool {
            (2...3).contains(r.count) && lineStart(r.lowerBound) && t.isWhitespace(r.upperBound - 1) && !t.slice(r.upperBound - 1).contains(0x0A)
                && ListItemMarker.matches(t.bytes[t.byteRange(r.lowerBound..<(r.upperBound - 1))])
        }
        func lineBreak(_ r: Range<Int>) -> Bool {
            r.count == 1 && t.isWhitespace(r.lowerBound) && t.slice(r.lowerBound).filter({ $0 == 0x0A }).count == 1
        }
        func itemAt(_ i: Int) -> Bool { startsItem(i) || (lineStart(i) && (i + 2...i + 3).contains { markerAtLineStart(i..<$0) }) }
        for piece in cut {
            if piece.half == nil, let last = result.last, last.half != nil,
               phraseEdge(piece.tokens) || ((separator(piece.tokens) || lineBreak(piece.tokens)) && itemAt(last.tokens.lowerBound)) {
                result[result.count - 1].tokens = last.tokens.lowerBound..<piece.tokens.upperBound
            } else if let last = result.last, last.half == nil, piece.half != nil,
                      phraseEdge(last.tokens) || ((separator(last.tokens) || markerAtLineStart(last.tokens)) && endsLine(piece.tokens.upperBound)) {
                result[result.count - 1] = (last.tokens.lowerBound..<piece.tokens.upperBound, piece.half)
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// A change holding moved sentences, in pieces: a moved sentence as moved-from (old side) or
    /// moved-to with its edits inside (new side), the rest deleted or inserted. The first plain
    /// old piece and the first plain new piece are one substitution; the pieces before it on each
    /// side come first, the rest after (either side's order is its own, so any interleaving
    /// reads back right, and choosing by position on both sides keeps `diff B A` the mirror of
    /// `diff A B`).
    private mutating func writeChange(_ oldPieces: [Piece], _ newPieces: [Piece]) {
        let pair = oldPieces.firstIndex { $0.half == nil }.flatMap { o in newPieces.firstIndex { $0.half == nil }.map { (old: o, new: $0) } }
        let split = pair ?? (old: oldPieces.count, new: newPieces.count)
        for piece in oldPieces[..<split.old] { writeOld(piece) }
        for piece in newPieces[..<split.new] { writeNew(piece) }
        guard let pair else { return }
        let o = old.byteRange(oldPieces[pair.old].tokens), n = new.byteRange(newPieces[pair.new].tokens)
        writeMark(.substitution, old: o, new: n, move: nil)
        oldAt = o.upperBound
        newAt = n.upperBound
        for piece in oldPieces[(pair.old + 1)...] { writeOld(piece) }
        for piece in newPieces[(pair.new + 1)...] { writeNew(piece) }
    }

    private mutating func writeOld(_ piece: Piece) {
        let bytes = old.byteRange(piece.tokens)
        writeMark(piece.half == nil ? .deletion : .movedFrom, old: bytes, new: newAt..<newAt, move: piece.half?.move)
        oldAt = bytes.upperBound
    }

    private mutating func writeNew(_ piece: Piece) {
        let bytes = new.byteRange(piece.tokens)
        if let half = piece.half {
            // Only the words are compared: a full stop at the edge is the change's, not an edit.
            writeMovedTo(bytes, block: half.words, from: half.otherWords, move: half.move)
        } else {
            writeMark(.insertion, old: oldAt..<oldAt, new: bytes, move: nil)
        }
        newAt = bytes.upperBound
    }

    /// Myers between two blocks' tokens, run in an order fixed by their content (and mirrored
    /// back when that order is new → old), so that a tie between equally short scripts is
    /// broken the same way whichever draft is named first.
    /// Long blocks are aligned sentence by sentence first (``SentenceAlignment``).
    static func script(_ a: TokenizedText, _ ra: Range<Int>, _ b: TokenizedText, _ rb: Range<Int>) -> [(Myers.Operation, Int)] {
        func oriented(_ x: TokenizedText, _ rx: Range<Int>, _ y: TokenizedText, _ ry: Range<Int>) -> [(Myers.Operation, Int)] {
            // A block with a few edits (most of them) needs no sentences: its shortest script
            // is found at once.
            if let few = Myers.diff(x.ids[rx], y.ids[ry], maxCost: 8) { return few }
            return SentenceAlignment.script(x, rx, y, ry, wordBudget: pairBudget)
                ?? Myers.diff(x.ids[rx], y.ids[ry], maxCost: pairBudget) ?? [(.delete, rx.count), (.insert, ry.count)]
        }
        guard b.ids[rb].lexicographicallyPrecedes(a.ids[ra]) else { return oriented(a, ra, b, rb) }
        return oriented(b, rb, a, ra).map { op, n in (op == .delete ? .insert : op == .insert ? .delete : .equal, n) }
    }

    /// A sentence inserted or deleted whole that Myers cut where its first words repeat the
    /// next sentence's (`Students shall {--comply with … staff. Students shall --}not bring`)
    /// slides to the sentence's edges (`{--Students shall comply with … staff. --}Students
    /// shall not bring`): it reads as the sentence it is, and can be found moved. Only where
    /// the tokens it slides over are the same bytes on both sides, and only to a place with more
    /// sentence edges (diff-match-patch's semantic shift does the same for words).
    static func slidingToSentences(_ raw: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> [Segment] {
        sliding(raw, old: old, from: oldStart, new: new, from: newStart) { c in
            let (t, start, count, u, q) = (c.tokens, c.start, c.count, c.other, c.at)
            var left = 0, right = 0
            while left < min(c.before, 16), t.ids[start - 1 - left] == t.ids[start + count - 1 - left],
                  t.slice(start + count - 1 - left).elementsEqual(u.slice(q - 1 - left)) { left += 1 }
            while right < min(c.after, 16), t.ids[start + count + right] == t.ids[start + right],
                  t.slice(start + right).elementsEqual(u.slice(q + right)) { right += 1 }
            guard left > 0 || right > 0 else { return 0 }
            // Inside a paragraph's lines only: list items and blocks have their own slides
            // (and an item's `2.` is no sentence's end).
            func breaksLine(_ i: Int) -> Bool { t.isWhitespace(i) && t.slice(i).contains(0x0A) }
            guard !((start - left)..<(start + count + right)).contains(where: breaksLine) else { return 0 }
            func endsSentence(_ i: Int) -> Bool {
                i >= 0 && i < t.count && [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(where: { t.isByte(i, $0) })
            }
            // A change's edges at sentence edges: it starts after a sentence's end and the white
            // space after it, and ends with a sentence's end (and the white space after it).
            func edges(_ shift: Int) -> Int {
                let first = start + shift, end = first + count
                let starts = first > 0 && t.isWhitespace(first - 1) && endsSentence(first - 2)
                let ends = (t.isWhitespace(end - 1) && endsSentence(end - 2)) || (endsSentence(end - 1) && (end == t.count || t.isWhitespace(end)))
                return (starts ? 1 : 0) + (ends ? 1 : 0)
            }
            var best = 0, most = edges(0)
            for shift in -left...right where shift != 0 {
                let n = edges(shift)
                if n > most || (n == most && n > edges(0) && abs(shift) < abs(best)) { (best, most) = (shift, n) }
            }
            return most == 2 ? best : 0
        }
    }

    /// An insertion or a deletion alone, as the slides see it: the side with its tokens
    /// (`tokens`, `count` of them from `start`), the other side (`other`, at `at`), and the equal
    /// tokens before and after it.
    struct PureChange {
        let tokens: TokenizedText, start: Int, count: Int
        let other: TokenizedText, at: Int
        let before: Int, after: Int
    }

    /// Walks the insertions and deletions alone, moving each by the shift `choose` gives it (0:
    /// where it is) over the equal tokens beside it.
    static func sliding(_ raw: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int,
                        _ choose: (PureChange) -> Int) -> [Segment] {
        var segments = raw
        var po = oldStart, pn = newStart
        var k = 0
        while k < segments.count {
            guard case .change(let d, let ins) = segments[k] else {
                if case .equal(let n) = segments[k] { po += n; pn += n }
                k += 1
                continue
            }
            defer { po += d; pn += ins; k += 1 }
            guard (d == 0) != (ins == 0) else { continue }
            let (t, start, count, u, q) = d == 0 ? (new, pn, ins, old, po) : (old, po, d, new, pn)
            let before = k > 0 ? { if case .equal(let n) = segments[k - 1] { n } else { 0 } }() : 0
            let after = k + 1 < segments.count ? { if case .equal(let n) = segments[k + 1] { n } else { 0 } }() : 0
            let best = choose(PureChange(tokens: t, start: start, count: count, other: u, at: q, before: before, after: after))
            guard best != 0 else { continue }
            if before > 0 { segments[k - 1] = .equal(before + best) }
            if after - best == 0 {
                segments.remove(at: k + 1)
            } else if after > 0 {
                segments[k + 1] = .equal(after - best)
            } else {
                segments.insert(.equal(-best), at: k + 1)
            }
            po += best
            pn += best
            if before + best == 0 {
                segments.remove(at: k - 1)
                k -= 1
            }
        }
        return segments
    }

    /// White space runs compare equal whatever they hold, so Myers may pair a line break with a
    /// space: `Pages⏎**Short` against `Pages and Learning Lab⏎**Short` keeps `⏎`=` ` and inserts
    /// `and Learning Lab⏎`, and the redline would end the heading inside the change. Where an
    /// insertion (or deletion) right after such a pair ends with white space just like the old
    /// (new) one, the pair slides to the end: ` and Learning Lab` inserted, `⏎` kept. Only a
    /// line break is slid into place (a space slid past a list item's marker would cut it off).
    static func slidingLineBreaks(_ raw: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> [Segment] {
        var result: [Segment] = []
        var po = oldStart, pn = newStart
        var k = 0
        while k < raw.count {
            let segment = raw[k]
            if case .equal(let n) = segment, k + 1 < raw.count, case .change(let d, let ins) = raw[k + 1], (d == 0) != (ins == 0) {
                let wo = po + n - 1, wn = pn + n - 1
                let (t, last) = d == 0 ? (new, pn + n + ins - 1) : (old, po + n + d - 1)
                let kept = d == 0 ? old.slice(wo) : new.slice(wn)
                if old.isWhitespace(wo), new.isWhitespace(wn), kept.contains(0x0A), !old.slice(wo).elementsEqual(new.slice(wn)),
                   t.isWhitespace(last), t.slice(last).elementsEqual(kept) {
                    if n > 1 { result.append(.equal(n - 1)) }
                    result.append(.change(deleted: d, inserted: ins))
                    result.append(.equal(1))
                    po += n + d
                    pn += n + ins
                    k += 2
                    continue
                }
            }
            result.append(segment)
            switch segment {
            case .equal(let n): po += n; pn += n
            case .change(let d, let ins): po += d; pn += ins
            }
            k += 1
        }
        // Runs of equal tokens side by side again.
        var merged: [Segment] = []
        for segment in result {
            if case .equal(let a) = segment, case .equal(let b)? = merged.last { merged[merged.count - 1] = .equal(a + b) } else { merged.append(segment) }
        }
        return merged
    }

    /// An insertion or deletion that could stand a few tokens earlier or later (its last tokens
    /// equal the ones before it, or its first the ones after it) goes where the white space
    /// beside it pairs with the same white space on the other side. Myers, to which every white
    /// space run looks alike, may pair a nested list item's line break with the next outer
    /// item's: a nested item added at the end of its list came out as
    /// `{~~⏎~>⏎  ~~}- {++keep records⏎- ++}Next`, which reads as nonsense, where
    /// `{++⏎  - keep records++}⏎- Next` says what happened. It moves only to where it ends a
    /// line; where nothing pairs better it stays where it is. (diff-match-patch's semantic clean-up slides edits the same way.)
    static func slidingToSameWhitespace(_ raw: [Segment], old: TokenizedText, from oldStart: Int, new: TokenizedText, from newStart: Int) -> [Segment] {
        sliding(raw, old: old, from: oldStart, new: new, from: newStart) { c in
            let (t, start, count, u, q) = (c.tokens, c.start, c.count, c.other, c.at)
            var left = 0, right = 0
            // (A few tokens at most: a line's white space and marker, not a run of repeated lines.)
            while left < min(c.before, 16), t.ids[start - 1 - left] == t.ids[start + count - 1 - left] { left += 1 }
            while right < min(c.after, 16), t.ids[start + count + right] == t.ids[start + right] { right += 1 }
            guard left > 0 || right > 0 else { return 0 }
            // White space paired with other white space in the tokens the change may move over.
            func mismatches(_ shift: Int) -> Int {
                var n = 0
                for i in (start - left)..<(start + count + right) where !(start + shift..<start + shift + count).contains(i) {
                    let j = i < start + shift ? q + (i - start) : q + (i - start - count)
                    if t.isWhitespace(i), !t.slice(i).elementsEqual(u.slice(j)) { n += 1 }
                }
                return n
            }
            // Only to where the change ends a line: whole lines, or the rest of one (not
            // between a list item's marker and its text).
            func endsLine(_ shift: Int) -> Bool {
                let end = start + shift + count
                func isLineBreak(_ i: Int) -> Bool { t.isWhitespace(i) && t.slice(i).contains(0x0A) }
                return end == t.count || isLineBreak(end) || isLineBreak(end - 1)
            }
            var best = 0, fewest = mismatches(0)
            for shift in -left...right where shift != 0 && fewest > 0 && endsLine(shift) {
                let n = mismatches(shift)
                if n < fewest || (n == fewest && abs(shift) < abs(best)) { (best, fewest) = (shift, n) }
            }
            // Where nothing pairs better, lines inserted or deleted whole: a change that holds a
            // line break and can run from the end of a line to the end of a later one goes
            // there (`accounts;{++⏎2. post photos;++}⏎{~~2~>3~~}. post records`, not
            // `2. post {++photos;⏎3. post ++}records`, which reads as words added to an item and
            // hides its renumbering), the form a nested item added at the end of its list has.
            func isBreak(_ i: Int) -> Bool { t.isWhitespace(i) && t.slice(i).contains(0x0A) }
            func wholeLines(_ shift: Int) -> Bool {
                let first = start + shift, end = first + count
                return isBreak(first) && (first == 0 || !t.isWhitespace(first - 1)) && !t.isWhitespace(end - 1)
                    && (end == t.count || isBreak(end))
            }
            if best == 0, !wholeLines(0), (start..<(start + count)).contains(where: isBreak) {
                for shift in -left...right where shift != 0 && wholeLines(shift) && mismatches(shift) <= fewest {
                    if best == 0 || abs(shift) < abs(best) { best = shift }
                }
            }
            // Else from the start of a line to the start of the next, its line break last: an
            // item added first in its list, whose line before is a blank one
            // (`{++- **Board** means …⏎++}- **Day** means`, not
            // `- {~~**~>**Board** means …⏎- **~~}Day**`, which cut the emphasis in two).
            func lineStartLines(_ shift: Int) -> Bool {
                let first = start + shift, end = first + count
                return (first == 0 || isBreak(first - 1)) && !t.isWhitespace(first) && isBreak(end - 1)
                    && t.slice(end - 1).filter({ $0 == 0x0A }).count == 1 && (end == t.count || !t.isWhitespace(end))
            }
            if best == 0, !wholeLines(0), !lineStartLines(0), (start..<(start + count)).contains(where: isBreak) {
                for shift in -left...right where shift != 0 && lineStartLines(shift) && mismatches(shift) <= fewest {
                    if best == 0 || abs(shift) < abs(best) { best = shift }
                }
            }
            return best
        }
    }

    /// A list item nested or un-nested changes only the white space before its marker (`⏎- `
    /// for `⏎  - `): the tokens compare equal, and written as a layout change the redline drew
    /// the item on the line of the one before it. The item's line, from that white space to
    /// its end, becomes one substitution with whatever else changed in it:
    /// `{~~⏎- Visitors sign in.~>⏎  - Visitors sign in.~~}`, the item leaving one list and
    /// joining the other.
    static func reindentedItemsWhole(_ segments: [Segment], old: TokenizedText, _ ro: Range<Int>, new: TokenizedText, _ rn: Range<Int>) -> [Segment] {
        // White space of an equal pair, with a line break, indented differently, before a
        // marker, and the item nested in another list than before (a list re-indented from two
        // spaces to four keeps its items where they are: layout).
        func reindents(_ i: Int, _ j: Int) -> Bool {
            guard old.isWhitespace(i), let oi = old.slice(i).lastIndex(of: 0x0A), let ni = new.slice(j).lastIndex(of: 0x0A),
                  !old.bytes[(oi + 1)..<old.range(i).upperBound].elementsEqual(new.bytes[(ni + 1)..<new.range(j).upperBound]) else { return false }
            return startsListItem(old, i + 1, limit: ro.upperBound) && startsListItem(new, j + 1, limit: rn.upperBound)
                && listDepth(old.bytes, old.byteRange(ro).lowerBound, item: old.range(i).upperBound)
                    != listDepth(new.bytes, new.byteRange(rn).lowerBound, item: new.range(j).upperBound)
        }
        func isLineBreak(_ t: TokenizedText, _ i: Int) -> Bool { t.isWhitespace(i) && t.slice(i).contains(0x0A) }
        // Most pairs have none: look before taking the segments apart.
        var found = false
        var po = ro.lowerBound, pn = rn.lowerBound
        for segment in segments {
            switch segment {
            case .equal(let n):
                // A run the same byte for byte has no white space that differs.
                if !sameBytes(old.bytes, old.byteRange(po..<(po + n)), new.bytes, new.byteRange(pn..<(pn + n))),
                   (0..<n).contains(where: { reindents(po + $0, pn + $0) }) { found = true }
                po += n; pn += n
            case .change(let d, let ins): po += d; pn += ins
            }
            if found { break }
        }
        guard found else { return segments }
        // One step per equal token, one per change.
        var steps: [(equal: Bool, d: Int, ins: Int, old: Int, new: Int)] = []
        po = ro.lowerBound; pn = rn.lowerBound
        for segment in segments {
            switch segment {
            case .equal(let n):
                for k in 0..<n { steps.append((true, 1, 1, po + k, pn + k)) }
                po += n; pn += n
            case .change(let d, let ins):
                steps.append((false, d, ins, po, pn))
                po += d; pn += ins
            }
        }
        var result: [Segment] = []
        func add(_ equal: Bool, _ d: Int, _ ins: Int) {
            switch (equal, result.last) {
            case (true, .equal(let n)?): result[result.count - 1] = .equal(n + d)
            case (false, .change(let a, let b)?): result[result.count - 1] = .change(deleted: a + d, inserted: b + ins)
            case (true, _): result.append(.equal(d))
            case (false, _): result.append(.change(deleted: d, inserted: ins))
            }
        }
        var k = 0
        while k < steps.count {
            let step = steps[k]
            guard step.equal, reindents(step.old, step.new) else { add(step.equal, step.d, step.ins); k += 1; continue }
            // On to the end of the item's line: an equal line break, or the end of the pair.
            var d = 1, ins = 1
            k += 1
            while k < steps.count, !(steps[k].equal && isLineBreak(old, steps[k].old)) {
                d += steps[k].d
                ins += steps[k].ins
                k += 1
            }
            add(false, d, ins)
        }
        return result
    }

    /// How deep the list item at byte `item` is nested (0: a top-level item), reading the list
    /// items from `start` on: an item belongs to the one above it when it is indented to that
    /// one's text or more.
    static func listDepth(_ bytes: [UInt8], _ start: Int, item: Int) -> Int {
        var contentColumns: [Int] = []
        var lineStart = start
        while lineStart <= item {
            var i = lineStart, indent = 0
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") {
                indent += bytes[i] == UInt8(ascii: "\t") ? 4 - indent % 4 : 1
                i += 1
            }
            var marker = 0
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "*") || bytes[i] == UInt8(ascii: "+") {
                marker = 1
            } else {
                let digits = bytes[i...].prefix { (0x30...0x39).contains($0) }.count
                if digits > 0, digits <= 9, i + digits < bytes.count, bytes[i + digits] == UInt8(ascii: ".") || bytes[i + digits] == UInt8(ascii: ")") { marker = digits + 1 }
            }
            if marker > 0, i + marker < bytes.count, bytes[i + marker] == UInt8(ascii: " ") || bytes[i + marker] == UInt8(ascii: "\t") {
                while let last = contentColumns.last, indent < last { contentColumns.removeLast() }
                if lineStart == item { return contentColumns.count }
                contentColumns.append(indent + marker + 1)
            }
            guard let next = bytes[lineStart..<min(bytes.count, item + 1)].firstIndex(of: 0x0A) else { break }
            lineStart = next + 1
        }
        return contentColumns.count
    }

    /// Tokens from `i` open a list item: `-`, `*` or `+`, or a number with `.` or `)`, then
    /// white space on the same line.
    private static func startsListItem(_ t: TokenizedText, _ i: Int, limit: Int) -> Bool {
        guard i < limit else { return false }
        var j = i
        if t.isByte(j, UInt8(ascii: "-")) || t.isByte(j, UInt8(ascii: "*")) || t.isByte(j, UInt8(ascii: "+")) {
            j += 1
        } else if t.slice(j).count <= 9, t.slice(j).allSatisfy({ (0x30...0x39).contains($0) }), j + 1 < limit,
                  t.isByte(j + 1, UInt8(ascii: ".")) || t.isByte(j + 1, UInt8(ascii: ")")) {
            j += 2
        } else {
            return false
        }
        return j < limit && t.isWhitespace(j) && !t.slice(j).contains(0x0A)
    }

    /// Runs of equal tokens and changes; a change spans the tokens it deletes and inserts.
    enum Segment: Equatable, Sendable {
        case equal(Int)
        case change(deleted: Int, inserted: Int)
    }

    /// The old and new tokens of each change among `segments` (which start at old token
    /// `oldStart` and new token `newStart`), and where the segments end on each side.
    static func changeRanges(_ segments: [Segment], old oldStart: Int, new newStart: Int)
        -> (changes: [(old: Range<Int>, new: Range<Int>)], end: (old: Int, new: Int)) {
        var changes: [(old: Range<Int>, new: Range<Int>)] = []
        var i = oldStart, j = newStart
        for segment in segments {
            switch segment {
            case .equal(let n):
                i += n
                j += n
            case .change(let d, let ins):
                changes.append((i..<(i + d), j..<(j + ins)))
                i += d
                j += ins
            }
        }
        return (changes, (i, j))
    }

    /// The script as segments, with the readability clean-up: an equal run between two changes
    /// is absorbed into them when it is only whitespace, or at most two words and shorter than
    /// both changes ("the cat sat" → "a dog stood" is one substitution, not three).
    static func segments(_ script: [(Myers.Operation, Int)], old: TokenizedText, from oldStart: Int,
                         new: TokenizedText, from newStart: Int) -> [Segment] {
        var raw: [Segment] = []
        for (op, n) in script {
            switch op {
            case .equal: raw.append(.equal(n))
            case .delete, .insert:
                let d = op == .delete ? n : 0, ins = op == .insert ? n : 0
                if case .change(let a, let b) = raw.last { raw[raw.count - 1] = .change(deleted: a + d, inserted: b + ins) }
                else { raw.append(.change(deleted: d, inserted: ins)) }
            }
        }
        raw = slidingLineBreaks(raw, old: old, from: oldStart, new: new, from: newStart)
        raw = slidingToSameWhitespace(raw, old: old, from: oldStart, new: new, from: newStart)
        raw = slidingToSentences(raw, old: old, from: oldStart, new: new, from: newStart)
        // Word counts of each segment (equal runs counted on the old side).
        var positions: [(old: Int, new: Int)] = []
        var po = oldStart, pn = newStart
        for segment in raw {
            positions.append((po, pn))
            switch segment {
            case .equal(let n): po += n; pn += n
            case .change(let d, let i): po += d; pn += i
            }
        }
        func words(_ t: TokenizedText, _ r: Range<Int>) -> Int { t.ids[r].reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
        func changedWords(_ k: Int) -> Int {
            guard case .change(let d, let i) = raw[k] else { return 0 }
            return words(old, positions[k].old..<(positions[k].old + d)) + words(new, positions[k].new..<(positions[k].new + i))
        }
        // Parentheses a change opens (more than it closes) on one side; negative when it closes more.
        func parentheses(_ t: TokenizedText, _ r: Range<Int>) -> Int {
            r.reduce(0) { n, k in t.isByte(k, UInt8(ascii: "(")) ? n + 1 : t.isByte(k, UInt8(ascii: ")")) ? n - 1 : n }
        }
        func opens(_ k: Int, _ d: Int, _ i: Int) -> (old: Int, new: Int) {
            (parentheses(old, positions[k].old..<(positions[k].old + d)), parentheses(new, positions[k].new..<(positions[k].new + i)))
        }
        var result: [Segment] = []
        var k = 0
        while k < raw.count {
            guard case .change(var d, var i) = raw[k] else { result.append(raw[k]); k += 1; continue }
            // Absorb following (equal, change) pairs while the equal run is short.
            while k + 2 < raw.count, case .equal(let n) = raw[k + 1], case .change(let d2, let i2) = raw[k + 2] {
                let equalRange = positions[k + 1].old..<(positions[k + 1].old + n)
                let equalWords = words(old, equalRange)
                let shorter = min(changedWords(k), changedWords(k + 2))
                // Or a parenthesis the first opens and the second closes, a word or two between
                // (`within {++thirty (++}30{++)++} days` reads better as `{~~30~>thirty (30)~~}`).
                let first = opens(k, d, i), second = opens(k + 2, d2, i2)
                let bracketed = equalWords <= 2 && max(first.old, first.new) > 0 && min(second.old, second.new) < 0
                guard equalWords == 0 || (equalWords <= 2 && equalWords < shorter) || bracketed else { break }
                // Never across a line break or a table cell border: a change stays on its line
                // and in its cell.
                let newEqualRange = positions[k + 1].new..<(positions[k + 1].new + n)
                func crosses(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.contains { $0 == 0x0A || $0 == UInt8(ascii: "|") } }
                guard !crosses(old.bytes[old.byteRange(equalRange)]), !crosses(new.bytes[new.byteRange(newEqualRange)]) else { break }
                d += n + d2
                i += n + i2
                raw[k + 2] = .change(deleted: d, inserted: i)
                positions[k + 2] = positions[k]
                k += 2
            }
            // A parenthesis both sides open, closed right after the change, goes into it:
            // `{~~ten (10)~>five (5)~~}`, not `{~~ten (10~>five (5~~})`.
            let open = opens(k, d, i)
            if open.old > 0, open.new > 0, k + 1 < raw.count, case .equal(let n) = raw[k + 1],
               old.isByte(positions[k + 1].old, UInt8(ascii: ")")) {
                d += 1
                i += 1
                raw[k + 1] = .equal(n - 1)
                positions[k + 1] = (positions[k + 1].old + 1, positions[k + 1].new + 1)
            }
            result.append(.change(deleted: d, inserted: i))
            k += 1
        }
        // (A run emptied that way leaves the changes beside it as one.)
        var merged: [Segment] = []
        var emptied = false
        for segment in result {
            if segment == .equal(0) { emptied = true; continue }
            if emptied, case .change(let d2, let i2) = segment, case .change(let d1, let i1)? = merged.last {
                merged[merged.count - 1] = .change(deleted: d1 + d2, inserted: i1 + i2)
            } else {
                merged.append(segment)
            }
            emptied = false
        }
        return merged
    }

    /// Whitespace that differs (`a  b` for `a b`) right beside a change goes into the change.
    /// Written apart, as a layout mark touching the change, the readings' tidying of spaces at
    /// a change's edge would merge the two and lose a space.
    static func foldingSpacing(_ segments: [Segment], old: TokenizedText, from oldStart: Int,
                               new: TokenizedText, from newStart: Int) -> [Segment] {
        var result = segments
        var po = oldStart, pn = newStart
        func differs(_ i: Int, _ j: Int) -> Bool {
            old.ids[i] == TokenizedText.space && new.ids[j] == TokenizedText.space && !old.bytes[old.range(i)].elementsEqual(new.bytes[new.range(j)])
        }
        for k in result.indices {
            guard case .change(let d, let ins) = result[k] else {
                if case .equal(let n) = result[k] { po += n; pn += n }
                continue
            }
            var take = (before: 0, after: 0)
            if k > 0, case .equal(let n) = result[k - 1], n > 0, differs(po - 1, pn - 1) { take.before = 1 }
            if k + 1 < result.count, case .equal(let n) = result[k + 1], n > 0,
               differs(po + d, pn + ins) { take.after = 1 }
            if take.before > 0, case .equal(let n) = result[k - 1] { result[k - 1] = .equal(n - 1) }
            if take.after > 0, case .equal(let n) = result[k + 1] { result[k + 1] = .equal(n - 1) }
            result[k] = .change(deleted: d + take.before + take.after, inserted: ins + take.before + take.after)
            po += d + take.after
            pn += ins + take.after
        }
        return result.filter { $0 != .equal(0) }
    }

    private static func movePrefix(_ move: Int) -> [UInt8] { Array("{\"move\":\"m\(move)\"}@@".utf8) }

    /// One inline mark with the exact old and new bytes.
    private mutating func writeMark(_ kind: Comparison.Difference.Kind, old o: Range<Int>, new n: Range<Int>, move: Int?, renumber: Int? = nil) {
        if move == nil, renumber == nil, extendLastMark(old: o, new: n) { return }
        var o = o, n = n, kind = kind
        if move == nil, renumber == nil, o.lowerBound == oldAt, n.lowerBound == newAt, let taken = textToTakeIn(o, n) {
            output.removeLast(taken)
            o = (o.lowerBound - taken)..<o.upperBound
            n = (n.lowerBound - taken)..<n.upperBound
            kind = .substitution
        }
        let start = output.count
        let prefix = move.map(Self.movePrefix) ?? renumber.map { Array("{\"renumber\":\"r\($0)\"}@@".utf8) } ?? []
        let ob = old.bytes[o], nb = new.bytes[n]
        if ob.isEmpty {
            output.append(contentsOf: Array("{++".utf8) + prefix)
            output.append(contentsOf: nb)
            output.append(contentsOf: Array("++}".utf8))
        } else if nb.isEmpty {
            output.append(contentsOf: Array("{--".utf8) + prefix)
            output.append(contentsOf: ob)
            output.append(contentsOf: Array("--}".utf8))
        } else {
            output.append(contentsOf: Array("{~~".utf8) + prefix)
            output.append(contentsOf: ob)
            output.append(contentsOf: Array("~>".utf8))
            output.append(contentsOf: nb)
            output.append(contentsOf: Array("~~}".utf8))
        }
        record(isLayout(o, n) && move == nil ? .layout : kind, old: o, new: n, move: move, renumber: renumber, markup: start..<output.count)
        oldAt = o.upperBound
        newAt = n.upperBound
    }

    /// How much of the text just written (shared by both sides) a mark starting here must take
    /// in: a bare URL, which GFM would read on through the mark (white space for white space
    /// within a paragraph may follow one: it ends the URL either way; the scanner reads a
    /// paragraph break's as in the address), or an escaping backslash (a hard line break's),
    /// which would escape the opener. Nil when neither.
    private func textToTakeIn(_ o: Range<Int>, _ n: Range<Int>) -> Int? {
        func blankLine(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.filter { $0 == 0x0A }.count >= 2 }
        if o.isEmpty || n.isEmpty || !isLayout(o, n) || blankLine(old.bytes[o]) || blankLine(new.bytes[n]), let url = bareURLWritten() { return url }
        let backslash = UInt8(ascii: "\\")
        guard oldAt > 0, newAt > 0, old.bytes[oldAt - 1] == backslash, new.bytes[newAt - 1] == backslash,
              output.reversed().prefix(while: { $0 == backslash }).count % 2 == 1 else { return nil }
        return 1
    }

    /// White space for white space, neither side holding a blank line or both (a paragraph
    /// break for a paragraph break); or line breaks alone inserted or deleted (beside a break).
    /// As ``Mark/isLayout(in:)`` decides for the editions, without the context it reads.
    private func isLayout(_ o: Range<Int>, _ n: Range<Int>) -> Bool {
        let ob = old.bytes[o], nb = new.bytes[n]
        if ob.isEmpty || nb.isEmpty { return (ob + nb).allSatisfy { $0 == 0x0A || $0 == 0x0D } && !(ob + nb).isEmpty }
        return ob.allSatisfy(TokenizedText.isSpace) && nb.allSatisfy(TokenizedText.isSpace)
            && (ob.filter { $0 == 0x0A }.count < 2) == (nb.filter { $0 == 0x0A }.count < 2)
    }

    /// The length of the run the output ends with, when it is text both sides share and it
    /// ends inside a bare URL as the scanner reads one (from `://` to white space, `)` or `>`); nil
    /// otherwise.
    private func bareURLWritten() -> Int? {
        var start = output.count
        while start > 0, !TokenizedText.isSpace(output[start - 1]) {
            // Marks in the run: not plain shared text.
            if output[start - 1] == UInt8(ascii: "}") || output[start - 1] == UInt8(ascii: "{") { return nil }
            start -= 1
        }
        var inURL = false
        for i in start..<output.count {
            if output[i] == UInt8(ascii: ")") || output[i] == UInt8(ascii: ">") { inURL = false }
            if output[i] == UInt8(ascii: ":"), i + 2 < output.count, output[i + 1] == UInt8(ascii: "/"), output[i + 2] == UInt8(ascii: "/"),
               i > start, MarkupScanner.isASCIILetter(output[i - 1]) { inURL = true }
        }
        let length = output.count - start
        guard inURL, length <= oldAt, length <= newAt, old.bytes[(oldAt - length)..<oldAt].elementsEqual(output[start...]),
              new.bytes[(newAt - length)..<newAt].elementsEqual(output[start...]) else { return nil }
        return length
    }

    /// White space inserted right after an insertion (a space added after an inserted
    /// paragraph) goes into it, and deleted after a deletion into the deletion: part of that
    /// change, not a second one with nothing to show.
    private mutating func extendLastMark(old o: Range<Int>, new n: Range<Int>) -> Bool {
        guard old.bytes[o].allSatisfy(TokenizedText.isSpace), new.bytes[n].allSatisfy(TokenizedText.isSpace), let last = differences.last, last.markupRange.upperBound == output.count, last.move == nil, last.renumber == nil,
              last.oldRange.upperBound == o.lowerBound + oldOffset, last.newRange.upperBound == n.lowerBound + newOffset else { return false }
        let closer: [UInt8]
        switch last.kind {
        case .insertion where o.isEmpty && !n.isEmpty: closer = Array("++}".utf8)
        case .deletion where n.isEmpty && !o.isEmpty: closer = Array("--}".utf8)
        default: return false
        }
        // Never into a whole-block mark, whose closer stands on a line of its own.
        guard output.count > closer.count, output.suffix(closer.count).elementsEqual(closer),
              output[output.count - closer.count - 1] != 0x0A else { return false }
        output.removeLast(closer.count)
        output.append(contentsOf: o.isEmpty ? new.bytes[n] : old.bytes[o])
        output.append(contentsOf: closer)
        var merged = last
        merged.oldRange = merged.oldRange.lowerBound..<(o.upperBound + oldOffset)
        merged.newRange = merged.newRange.lowerBound..<(n.upperBound + newOffset)
        merged.oldText += String(decoding: old.bytes[o], as: UTF8.self)
        merged.newText += String(decoding: new.bytes[n], as: UTF8.self)
        merged.markupRange = merged.markupRange.lowerBound..<output.count
        differences[differences.count - 1] = merged
        oldAt = o.upperBound
        newAt = n.upperBound
        return true
    }

    private mutating func record(_ kind: Comparison.Difference.Kind, old o: Range<Int>, new n: Range<Int>, move: Int?, renumber: Int? = nil,
                                 markup: Range<Int>) {
        differences.append(Comparison.Difference(
            kind: kind, oldRange: (o.lowerBound + oldOffset)..<(o.upperBound + oldOffset),
            newRange: (n.lowerBound + newOffset)..<(n.upperBound + newOffset),
            oldText: String(decoding: old.bytes[o], as: UTF8.self), newText: String(decoding: new.bytes[n], as: UTF8.self),
            move: move, renumber: renumber, markupRange: markup))
    }
}
