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
        var result = ""
        result.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;"
            case UInt8(ascii: "'"): result += "&#x27;"
            case _ where isHrefSafe(byte): result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 15)]))
            }
        }
        return result
    }

    private static func isHrefSafe(_ byte: UInt8) -> Bool {
        if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) { return true }
        return "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
    }
}
