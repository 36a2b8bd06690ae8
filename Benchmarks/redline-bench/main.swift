import Foundation
import Redline

// Prints a Markdown table of parse and resolve times: the pathological inputs the scanner must
// keep linear, the seed policy, and the generated large inputs when they exist
// (`make bench` writes them to .build/scale.generated with ../shared/corpus/make-scale.py).

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of three, so one slow run on a busy machine does not decide the number.
func best(_ body: () -> Void) -> Double { (0..<3).map { _ in seconds(body) }.min()! }

/// The same input through pandoc's Markdown reader and writer, when pandoc is installed: the
/// peer a district would otherwise use to turn these sources into editions.
func pandocSeconds(_ text: String) -> Double? {
    let paths = ["/usr/bin/pandoc", "/usr/local/bin/pandoc"]
    guard let pandoc = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("redline-bench-\(getpid()).md")
    guard (try? text.write(to: input, atomically: true, encoding: .utf8)) != nil else { return nil }
    defer { try? FileManager.default.removeItem(at: input) }
    return best {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: pandoc)
        p.arguments = ["-f", "markdown", "-t", "markdown", "-o", "/dev/null", input.path]
        try? p.run()
        p.waitUntilExit()
    }
}

func row(_ name: String, _ text: String, peer: Bool = false) -> String {
    var doc: Document?
    let parse = best { doc = Document(parsing: text) }
    let accept = best { _ = doc!.accepted }
    let reject = best { _ = doc!.rejected }
    let mb = Double(text.utf8.count) / 1_048_576
    let pandoc = peer ? pandocSeconds(text).map { String(format: "%.3f", $0) } ?? "n/a" : "–"
    return String(format: "| %@ | %.2f | %d | %.3f | %.3f | %.3f | %@ |", name, mb, doc!.changes.count, parse, accept, reject, pandoc)
}

var rows: [String] = []
for input in PathologicalInput.allCases { rows.append(row(input.rawValue, input.text)) }

let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let files: [(String, String)] = [
    ("seed policy (policy-src)", "policy-src/staff-social-media/draft.md"),
    ("big-1m-marked.md (corpus)", ".build/scale.generated/big-1m-marked.md"),
]
for (name, path) in files {
    if let text = try? String(contentsOf: here.appendingPathComponent(path), encoding: .utf8) { rows.append(row(name, text, peer: true)) }
}

print("| input | MB | changes | parse (s) | accept all (s) | reject all (s) | pandoc md→md (s) |")
print("|---|---|---|---|---|---|---|")
for r in rows { print(r) }
