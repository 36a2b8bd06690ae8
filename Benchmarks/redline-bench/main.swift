import Redline
enum GeneratedDocument {
    static let words = ["staff", "shall", "report", "the", "policy", "Principal", "II.", "1)", "*emph*", "`code`",
                        "C++", "3", "é", "district", "[link](http://x.org)", "a"]

    static func word(_ n: Int) -> String { words[(n / 16) % words.count] }
    static func phrase(_ n: Int) -> String { (0..<(1 + n % 3)).map { word(n / (7 + $0)) }.joined(separator: " ") }

    static func build(_ codes: [Int], insertionsOnly: Bool = false) -> String {
        var out = ""
        for code in codes {
            let kind = insertionsOnly ? [0, 1, 2, 3, 4][code % 5] : code % 16
            switch kind {
            case 0, 1, 2: out += word(code) + " "
            case 3: out += [".", ",", ";"][code % 3] + " "
            case 4: out += insertionsOnly ? "{++" + phrase(code) + "++} " : "\n"
            case 5: out += "\n\n"
            case 6: out += "{++" + phrase(code) + "++} "
            case 7: out += "{--" + phrase(code) + "--} "
            case 8: out += "{~~" + phrase(code) + "~>" + phrase(code / 3) + "~~} "
            case 9: out += "{==" + phrase(code) + "==}{>>" + phrase(code / 5) + "<<} "
            case 10: out += "{>>" + phrase(code) + "<<} "
            case 11: out += "~~" + word(code) + "~~ "
            case 12: out += "++" + word(code) + "++ "
            case 13: out += "{++" + word(code) + " {--" + word(code / 3) + "--} " + word(code / 5) + "++} "
            case 14: out += "\n## " + ["II.", "A.", "Scope"][code % 3] + " {++" + word(code) + "++}\n\n"
            default: out += "{++" + word(code) + "++}{>>" + word(code / 11) + "<<} "
            }
        }
        return out
    }

}
var rng = SystemRandomNumberGenerator()
outer: for _ in 0..<3000 {
  let codes = (0..<Int.random(in: 0...25, using: &rng)).map { _ in Int.random(in: 0...100_000, using: &rng) }
  let s = GeneratedDocument.build(codes)
  let d = Document(parsing: s)
  if d.hasErrors { continue }
  for t in d.changes { for dec in [Decision.accept, .reject] {
    let out = d.resolving(ChangeSelection(ids: [t.id]), as: dec)
    let a = Document(parsing: out)
    let gone: Set<String> = dec == .accept || t.kind != .insertion ? [t.id] : Set(d.changes.filter { $0.id == t.id || $0.parentID == t.id }.map(\.id))
    let exp = d.changes.map(\.id).filter { !gone.contains($0) }
    if a.changes.map(\.id) != exp { print(s.debugDescription); print(dec, t.id, t.kind); print(out.debugDescription); print(exp, a.changes.map(\.id)); break outer }
  }}
}
