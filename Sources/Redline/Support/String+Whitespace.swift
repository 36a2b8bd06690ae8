extension String {
    /// Runs of whitespace as one space, none at either end: how a heading or a contents entry is
    /// compared and shown. Works on Unicode scalars, not grapheme clusters: headings are short
    /// but a long policy has thousands of them, and cluster breaking was most of the cost.
    var collapsingWhitespace: String {
        // ASCII text (nearly every heading) by bytes, through the contiguous storage (stepping a
        // String's UTF-8 view checks its representation at every byte): appending scalar by
        // scalar was most of the time of deriving a long policy's sections.
        var copy = self
        let ascii: String? = copy.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: utf8.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in utf8 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace { out[count] = 0x20; count += 1 }
                        pendingSpace = false
                        out[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
        if let ascii { return ascii }
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
