/// The HTML a writer has produced so far, as UTF-8 bytes.
///
/// Bytes rather than a String: a page is made of a great many small appends, and appending to
/// a String checks each piece again (is it ASCII, is it valid) — a tenth of the time of writing
/// a long policy's page went there. Every append is of a String or of escaped String contents,
/// so the bytes are always valid UTF-8.
struct HTMLOutput {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    /// The output as text.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Markup, appended as it is.
    static func += (output: inout HTMLOutput, markup: String) {
        output.bytes.append(contentsOf: markup.utf8)
    }

    /// Text from the source, escaped (``HTMLEscape``).
    mutating func appendEscaped(_ text: String) {
        HTMLEscape.append(text, to: &bytes)
    }

}
