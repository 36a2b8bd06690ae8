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

/// `--phases FILE`: in-process timings of each step of the clean HTML edition, to see where
/// the time goes.
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--phases" {
    /// Peak and current resident memory so far, in MiB (Linux).
    func memory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let fields = status.split(separator: "\n").filter { $0.hasPrefix("VmHWM") || $0.hasPrefix("VmRSS") }
        return fields.map { $0.split(whereSeparator: \.isWhitespace).dropFirst().first.map { String(Int($0)! / 1024) } ?? "?" }.joined(separator: "/")
    }
    print("start", memory())
    let text = try SourceFile.readUTF8(CommandLine.arguments[2])
    print("read", memory())
    var document: Document?
    var edition: Edition?
    var html = ""
    let parse = seconds { document = Document(utf8: text) }
    print("parsed", memory())
    var blocks = 0, inlines = 0, textBytes = 0
    func countInlines(_ list: [Inline]) {
        for inline in list {
            inlines += 1
            switch inline {
            case .text(let t), .code(let t): textBytes += t.utf8.count
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c), .image(_, _, let c): countInlines(c)
            default: break
            }
        }
    }
    func countBlocks(_ b: Block) { blocks += 1; countInlines(b.inlines); b.children.forEach(countBlocks) }
    countBlocks(document!.blocks)
    print("blocks", blocks, "inlines", inlines, "text bytes", textBytes, "sections", document!.sections.count, MemoryLayout<Block>.size, MemoryLayout<Section>.size)
    let view = seconds { edition = Edition(document: document!, view: .clean) }
    let page = seconds { html = try! HTMLPage(templateDirectory: nil).render(edition!, source: "x") }
    print("page", memory())
    var plain = ""
    let textTime = seconds { plain = TextRenderer(edition: edition!, width: 72, color: false).render(fragment: false) }
    print(String(format: "parse %.3f  edition %.3f  page %.3f  text %.3f  (%d, %d bytes)",
                 parse, view, page, textTime, html.utf8.count, plain.utf8.count))
    exit(0)
}

// MARK: - Rendering: policy render beside the cmark-gfm and pandoc commands

/// `--rss CMD ARGS…`: run CMD, wait, print its peak resident set in KiB. A child process of its
/// own, so that getrusage(RUSAGE_CHILDREN) sees only that one command.
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--rss" {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[2])
    p.arguments = Array(CommandLine.arguments.dropFirst(3))
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    print(usage.ru_maxrss)
    exit(p.terminationStatus)
}

/// Wall time of one run of a command, output to /dev/null. posix_spawn and waitpid, not
/// Foundation's Process, whose wait polls and rounds every run up to 50 ms.
func command(_ path: String, _ arguments: [String]) -> Double {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    return seconds {
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// Peak memory of one run of a command, in MiB.
func peakMiB(_ path: String, _ arguments: [String]) -> Double? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    p.arguments = ["--rss", path] + arguments
    let out = Pipe()
    p.standardOutput = out
    guard (try? p.run()) != nil else { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)).map { $0 / 1024 }
}

func renderRows() -> [String] {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let policy = here.appendingPathComponent(".build/release/policy").path
    let cmark = "/usr/bin/cmark-gfm", pandoc = "/usr/bin/pandoc"
    guard FileManager.default.isExecutableFile(atPath: policy) else { return ["(build .build/release/policy to compare rendering)"] }
    var rows: [String] = []
    let inputs = [("seed policy", "policy-src/staff-social-media/draft.md"),
                  ("big-1m-marked.md", ".build/scale.generated/big-1m-marked.md"),
                  ("big-10m.md", ".build/scale.generated/big-10m.md")]
    for (name, path) in inputs {
        let file = here.appendingPathComponent(path).path
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int else { continue }
        let extensions = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "--strikethrough-double-tilde"]
        let cmarkTime = FileManager.default.isExecutableFile(atPath: cmark) ? (0..<3).map { _ in command(cmark, extensions + [file]) }.min() : nil
        let clean = (0..<3).map { _ in command(policy, ["render", file, "--view", "clean", "--format", "html", "-o", "/dev/null"]) }.min()!
        let redline = (0..<3).map { _ in command(policy, ["render", file, "--view", "redline", "--format", "html", "-o", "/dev/null"]) }.min()!
        let text = (0..<3).map { _ in command(policy, ["render", file, "--view", "clean", "--format", "text", "-o", "/dev/null"]) }.min()!
        let pandocTime = FileManager.default.isExecutableFile(atPath: pandoc) ? command(pandoc, ["-f", "gfm", "-t", "html", "-o", "/dev/null", file]) : nil
        let memory = peakMiB(policy, ["render", file, "--view", "clean", "--format", "html", "-o", "/dev/null"])
        let mb = Double(size) / 1_048_576
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
        let ratio = cmarkTime.map { String(format: "%.2f×", clean / $0) } ?? "n/a"
        let rss = memory.map { String(format: "%.0f (%.1f×)", $0, $0 / max(mb, 0.001)) } ?? "n/a"
        rows.append("| \(name) | \(String(format: "%.2f", mb)) | \(f(cmarkTime)) | \(f(clean)) | \(ratio) | \(f(redline)) | \(f(text)) | \(f(pandocTime)) | \(rss) |")
    }
    return rows
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

print("")
print("| input | MB | cmark-gfm → html (s) | policy render clean html (s) | clean ÷ cmark | redline html (s) | clean text (s) | pandoc gfm → html (s) | policy peak RSS MiB (× input) |")
print("|---|---|---|---|---|---|---|---|---|")
for r in renderRows() { print(r) }
