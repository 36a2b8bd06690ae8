/// Decides which link and image destinations may reach a published page, and escapes them.
///
/// An allow-list, not a block-list: a destination is kept when it is relative (no scheme) or
/// its scheme is one a policy page has reason to use. Everything else — `javascript:`, `data:`,
/// `vbscript:`, `file:` and whatever else a browser may learn — is dropped, and the link text
/// stays as plain text. Browsers ignore tabs, newlines and leading control characters inside a
/// scheme (`java&#9;script:`), so those are removed before the scheme is read.
public enum SafeURL {
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "tel"]
    static let imageSchemes: Set<String> = ["http", "https"]

    /// The destination if a link may point there, else nil.
    public static func link(_ destination: String) -> String? {
        allowed(destination, schemes: linkSchemes) ? destination : nil
    }

    /// The source if an image may load from there, else nil.
    public static func image(_ source: String) -> String? {
        allowed(source, schemes: imageSchemes) ? source : nil
    }

    /// The scheme as a browser would read it (lowercased, control characters and whitespace
    /// removed), or nil for a relative reference.
    static func scheme(of url: String) -> String? {
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F { continue }
            if scalar == ":" { return scheme.lowercased() }
            if scalar == "/" || scalar == "?" || scalar == "#" { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }

    static func allowed(_ url: String, schemes: Set<String>) -> Bool {
        guard let scheme = scheme(of: url) else { return true }
        return schemes.contains(scheme)
    }

    /// Percent-encodes a URL for an `href` or `src` attribute the way cmark-gfm does (its
    /// `houdini_escape_href`): characters legal in a URL stay, `&` and `'` become entities, all
    /// else is percent-encoded as UTF-8.
    public static func escapeHref(_ url: String) -> String {
        func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10 }
        var url = url
        // Through the contiguous bytes, into a string of at most three bytes per byte (`%XX`)
        // or six (`&#x27;`): a long policy has thousands of links.
        return url.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 6) { out in
                var count = 0
                func put(_ byte: UInt8) { out[count] = byte; count += 1 }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "&"): "&amp;".utf8.forEach(put)
                    case UInt8(ascii: "'"): "&#x27;".utf8.forEach(put)
                    case _ where isHrefSafe(byte): put(byte)
                    default: put(UInt8(ascii: "%")); put(hex(byte >> 4)); put(hex(byte & 15))
                    }
                }
                return count
            }
        }
    }

    private static func isHrefSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "@"),
             UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "$"),
             UInt8(ascii: "~"): true
        default: false
        }
    }
}
