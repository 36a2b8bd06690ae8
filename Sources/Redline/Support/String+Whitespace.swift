extension String {
    /// Runs of whitespace as one space, none at either end: how a heading or a contents entry is
    /// compared and shown. Works on Unicode scalars, not grapheme clusters: headings are short
    /// but a long policy has thousands of them, and cluster breaking was most of the cost.
    var collapsingWhitespace: String {
        // ASCII text (nearly every heading) by bytes: appending scalar by scalar was most of
        // the time of deriving a long policy's sections.
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            var pendingSpace = false
            for byte in utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !bytes.isEmpty
                } else {
                    if pendingSpace { bytes.append(0x20) }
                    pendingSpace = false
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        result.reserveCapacity(utf8.count)
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.value < 0x80 ? (scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)) : scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
