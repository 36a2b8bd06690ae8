/// A revision mark as the scanner found it: byte ranges into the file, nothing resolved.
///
/// Internal: the public face of a mark is ``Change``. Marks live in one flat array in source
/// order; nesting is by index, so walking them never recurses deeply.
struct Mark: Hashable, Sendable {
    var kind: Change.Kind
    var style: Change.Style
    /// The whole mark, delimiters included; for a block change its delimiter lines too.
    var range: Range<Int>
    /// The JSON attribution prefix with its `@@`, if any.
    var prefix: Range<Int>?
    /// The content after the prefix; for a substitution its old side.
    var content: Range<Int>
    /// A substitution's new side.
    var newContent: Range<Int>?
    var isBlock: Bool
    var parent: Int?
    var children: [Int] = []
    /// For a comment written directly after a change: that change's index.
    var owner: Int?
    /// Comments attached to this mark, in order.
    var comments: [Int] = []
    var attribution = Attribution()
    var explicitID: String?
    var move: String?
    var renumber: String?
}
