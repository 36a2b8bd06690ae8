extension String {
    /// Runs of whitespace as one space, none at either end: how a heading or a contents entry is
    /// compared and shown. Works on Unicode scalars, not grapheme clusters: headings are short
    /// but a long policy has thousands of them, and cluster breaking was most of the cost.
    var collapsingWhitespace: String {
        // ASCII text (nearly every heading) by bytes: appending scalar by scalar was most of
        // the time of deriving a long policy's sections.
        let ascii = asciiRuns(separator: 0x20) { byte in byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? .separate : .keep(byte) }
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

    /// How ``asciiRuns(separator:_:)`` takes a byte: kept (as the byte given), one of a run
    /// that separates, or skipped as if it were not there.
    enum ASCIIRunByte {
        case keep(UInt8), separate, skip
    }

    /// For ASCII text: each byte as `classify` takes it, a run of separating bytes as one
    /// `separator` between kept ones (none at either end). Nil for other text. Through the
    /// contiguous storage: stepping a String's UTF-8 view checks its representation at every
    /// byte. (Heading titles and slugs, thousands in a long policy, go this way.)
    func asciiRuns(separator: UInt8, _ classify: (UInt8) -> ASCIIRunByte) -> String? {
        var copy = self
        return copy.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            // At most one separator per kept byte: never longer than the text.
            return String(unsafeUninitializedCapacity: utf8.count) { out in
                var count = 0, pending = false
                for byte in utf8 {
                    switch classify(byte) {
                    case .keep(let kept):
                        if pending && count > 0 { out[count] = separator; count += 1 }
                        pending = false
                        out[count] = kept
                        count += 1
                    case .separate: pending = true
                    case .skip: break
                    }
                }
                return count
            }
        }
    }
}
