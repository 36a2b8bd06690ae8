/// Accepts and rejects changes: a rewriter over the source text.
///
/// Resolving works on the source bytes, not on a re-rendered tree, so everything outside the
/// resolved changes stays byte for byte as it was. Unresolved changes are copied with their
/// delimiters; a change that keeps its place but would lose its stable ID (its text changed
/// because a change nested in it was resolved, or an identical twin before it went away) gets
/// its old ID written into its attribution prefix.
struct Resolver {
    let bytes: [UInt8]
    let marks: [Mark]
    let rootMarks: [Int]
    var bodyStart = 0
    /// A decision per mark index; nil keeps the mark.
    let decisions: [Decision?]
    /// Mark index → ID to write into the mark's prefix.
    var pins: [Int: String] = [:]

    struct Output {
        var bytes: [UInt8]
        var emitter: Emitter
    }

    func run() -> Output {
        var emitter = Emitter(capacity: bytes.count, bodyStart: bodyStart)
        var position = 0
        for index in rootMarks {
            emitter.copy(position..<marks[index].range.lowerBound, from: bytes)
            emit(index, into: &emitter)
            position = marks[index].range.upperBound
        }
        emitter.copy(position..<bytes.count, from: bytes)
        emitter.finish()
        return Output(bytes: emitter.output, emitter: emitter)
    }

    /// The decision for a mark: an attached comment follows its change.
    private func decision(_ index: Int) -> Decision? {
        if let owner = marks[index].owner { return decisions[owner] }
        return decisions[index]
    }

    private func emitContent(_ range: Range<Int>, children: [Int], into emitter: inout Emitter) {
        var position = range.lowerBound
        for child in children {
            let mark = marks[child]
            emitter.copy(position..<mark.range.lowerBound, from: bytes)
            emit(child, into: &emitter)
            position = mark.range.upperBound
        }
        emitter.copy(position..<range.upperBound, from: bytes)
    }

    private func emit(_ index: Int, into emitter: inout Emitter) {
        let mark = marks[index]
        let paragraphMark = isParagraphMark(mark)
        guard let decision = decision(index) else {
            keep(index, into: &emitter)
            return
        }
        switch (mark.kind, decision) {
        case (.insertion, .accept), (.highlight, _):
            let before = emitter.output.count
            emitter.edge()
            emitContent(mark.content, children: mark.children, into: &emitter)
            if emitter.output.count == before { emitter.removed(paragraphMark: paragraphMark, block: mark.isBlock) } else { emitter.edge() }
        case (.deletion, .reject):
            keptText(mark.content, block: mark.isBlock, into: &emitter)
        case (.substitution, .accept):
            keptText(mark.newContent ?? mark.content.upperBound..<mark.content.upperBound, block: mark.isBlock, into: &emitter)
        case (.substitution, .reject):
            keptText(mark.content, block: mark.isBlock, into: &emitter)
        case (.insertion, .reject), (.deletion, .accept), (.comment, _):
            emitter.removed(paragraphMark: paragraphMark, block: mark.isBlock)
        }
    }

    /// A change's kept text, tidied at its edges; nothing kept counts as a removal.
    private func keptText(_ range: Range<Int>, block: Bool, into emitter: inout Emitter) {
        if range.isEmpty {
            emitter.removed(block: block)
        } else {
            emitter.edge()
            emitter.copy(range, from: bytes)
            emitter.edge()
        }
    }

    /// Copies a mark as it stands, resolving what is nested in it.
    private func keep(_ index: Int, into emitter: inout Emitter) {
        let mark = marks[index]
        let prefixOrContent = mark.prefix?.lowerBound ?? mark.content.lowerBound
        emitter.copy(mark.range.lowerBound..<prefixOrContent, from: bytes)
        if let id = pins[index] {
            emitter.insert(pinnedPrefix(mark, id: id))
            if let prefix = mark.prefix { emitter.copy(prefix.upperBound..<mark.content.lowerBound, from: bytes) }
        } else if let prefix = mark.prefix {
            emitter.copy(prefix.lowerBound..<mark.content.lowerBound, from: bytes)
        }
        emitContent(mark.content, children: mark.children, into: &emitter)
        emitter.copy(mark.content.upperBound..<mark.range.upperBound, from: bytes)
    }

    /// The mark's prefix with `"id"` added: `{"id":"…","author":…}@@`.
    private func pinnedPrefix(_ mark: Mark, id: String) -> [UInt8] {
        let idField = Array("\"id\":\"\(id)\"".utf8)
        guard let prefix = mark.prefix else { return [UInt8(ascii: "{")] + idField + Array("}@@".utf8) }
        // prefix = `{` inner `}@@`
        let inner = bytes[(prefix.lowerBound + 1)..<(prefix.upperBound - 3)]
        let empty = inner.allSatisfy { $0 == UInt8(ascii: " ") }
        return [UInt8(ascii: "{")] + idField + (empty ? [] : [UInt8(ascii: ",")] + Array(inner)) + Array("}@@".utf8)
    }

    private func isParagraphMark(_ mark: Mark) -> Bool {
        guard mark.kind == .insertion || mark.kind == .deletion, !mark.content.isEmpty, mark.children.isEmpty else { return false }
        var sawNewline = false
        for b in bytes[mark.content] {
            if b == UInt8(ascii: "\n") { sawNewline = true } else if !(b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")) { return false }
        }
        return sawNewline
    }
}
