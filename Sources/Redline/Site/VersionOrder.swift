/// Orders version names as people number them: digit runs by value, so "2" < "10" and
/// "1.9" < "1.10" (as `sort -V` does), everything else by its bytes.
public enum VersionOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = parts(a), y = parts(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)): return m.count != n.count ? m.count < n.count : m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return Array(s.utf8).lexicographicallyPrecedes(Array(t.utf8))
            }
        }
        return x.count != y.count ? x.count < y.count : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }

    enum Part: Equatable {
        /// Digits without leading zeros ("" for zero), compared by length then bytes: any size.
        case number(String)
        case text(String)
    }

    static func parts(_ s: String) -> [Part] {
        var result: [Part] = []
        var current = "", digits = false
        func flush() {
            guard !current.isEmpty else { return }
            result.append(digits ? .number(String(current.drop { $0 == "0" })) : .text(current))
            current = ""
        }
        for c in s {
            let isDigit = c.isASCII && c.isNumber
            if isDigit != digits { flush(); digits = isDigit }
            current.append(c)
        }
        flush()
        return result
    }
}
