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
    let inputs = [("seed policy", "policy-src/staff-social-media/v2.md"),
                  ("big-1m-marked.md", ".build/scale.generated/big-1m-marked.md"),
                  ("big-10m.md", ".build/scale.generated/big-10m.md")]
    for (name, path) in inputs {
        let file = here.appendingPathComponent(path).path
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int else { continue }
        let extensions = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "--strikethrough-double-tilde"]
        let cmarkTime = FileManager.default.isExecutableFile(atPath: cmark) ? (0..<7).map { _ in command(cmark, extensions + [file]) }.min() : nil
        let clean = (0..<7).map { _ in command(policy, ["render", file, "--view", "clean", "--format", "html", "-o", "/dev/null"]) }.min()!
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
    ("seed policy (policy-src)", "policy-src/staff-social-media/v2.md"),
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

// MARK: - Comparing drafts: policy diff beside git's word diff, wdiff and dwdiff

/// A command's standard output (for counting the words it reports changed).
func outputOf(_ path: String, _ arguments: [String], withErrors: Bool = false) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    // dwdiff writes its statistics to standard error.
    p.standardError = withErrors ? out : FileHandle.nullDevice
    guard (try? p.run()) != nil else { return "" }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

func words(_ s: Substring) -> Int { s.split(whereSeparator: \.isWhitespace).count }

/// Changed words as each tool reports them: deleted plus inserted (a substitution counts both
/// sides; a move counts its words once on each side for the peers, as moved for Redline).
func changedWords(tool: String, old: String, new: String, policy: String) -> String {
    switch tool {
    case "policy":
        let stat = outputOf(policy, ["diff", old, new, "--format", "stat"])
        guard let last = stat.split(separator: "\n").last, last.contains("inserted") else { return "refused" }
        let numbers = last.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        // "N sections changed: I words inserted, D deleted, M moved, S substitutions"
        return numbers.count >= 4 ? "\(numbers[1] + numbers[2]) + \(numbers[3]) moved" : "?"
    case "git":
        let porcelain = outputOf("/usr/bin/git", ["diff", "--no-index", "--word-diff=porcelain", old, new])
        var count = 0
        for line in porcelain.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++") || line.hasPrefix("---") { continue }
            if line.hasPrefix("+") || line.hasPrefix("-") { count += words(line.dropFirst()) }
        }
        return "\(count)"
    default:
        // wdiff -s and dwdiff -s: "N deleted", "N inserted", "N changed" per file.
        let stats = outputOf(tool == "wdiff" ? "/usr/bin/wdiff" : "/usr/bin/dwdiff", ["-s", "-123", old, new], withErrors: true)
        var count = 0
        for line in stats.split(separator: "\n") where line.contains("common") {
            let parts = line.split(separator: " ")
            for (i, part) in parts.enumerated() where i > 0 && (part.hasPrefix("deleted") || part.hasPrefix("inserted") || part.hasPrefix("changed")) {
                if let n = Int(parts[i - 2]) { count += n }
            }
        }
        return "\(count)"
    }
}

func diffRows() -> [String] {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let policy = here.appendingPathComponent(".build/release/policy").path
    guard FileManager.default.isExecutableFile(atPath: policy) else { return ["(build .build/release/policy to compare diffs)"] }
    var inputs: [(String, String, String)] = []
    let corpus = here.deletingLastPathComponent().appendingPathComponent("shared/corpus/site-policy/pairs")
    if let pairs = try? FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() {
        for pair in pairs.prefix(3) + pairs.suffix(1) {
            inputs.append(("corpus \(pair)", corpus.appendingPathComponent(pair + "/old.md").path, corpus.appendingPathComponent(pair + "/new.md").path))
        }
    }
    for size in ["1m", "10m"] {
        let old = here.appendingPathComponent(".build/scale.generated/big-\(size).md").path
        let new = here.appendingPathComponent(".build/scale.generated/big-\(size)-edited.md").path
        if FileManager.default.fileExists(atPath: new) { inputs.append(("big-\(size) → big-\(size)-edited", old, new)) }
    }
    // The issue's worst case: the 10 MB policy against itself with every paragraph shuffled,
    // and against an unrelated text of the same words (every paragraph shuffled, and the words
    // inside each too). Made here with a fixed generator, so every run compares the same bytes.
    let big = here.appendingPathComponent(".build/scale.generated/big-10m.md").path
    if let text = try? String(contentsOfFile: big, encoding: .utf8) {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func shuffled<T>(_ items: [T]) -> [T] {
            var items = items
            for k in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(k, next(k + 1)) }
            return items
        }
        let paragraphs = shuffled(text.components(separatedBy: "\n\n"))
        let unrelated = paragraphs.map { shuffled($0.components(separatedBy: " ")).joined(separator: " ") }
        for (name, blocks) in [("every paragraph shuffled", paragraphs), ("unrelated (paragraphs and words shuffled)", unrelated)] {
            let path = here.appendingPathComponent(".build/scale.generated/big-10m-\(name.prefix(9).replacingOccurrences(of: " ", with: "-")).md").path
            if (try? blocks.joined(separator: "\n\n").write(toFile: path, atomically: true, encoding: .utf8)) != nil {
                inputs.append(("big-10m → \(name)", big, path))
            }
        }
    }
    var rows: [String] = []
    for (name, old, new) in inputs {
        let size = ((try? FileManager.default.attributesOfItem(atPath: old))?[.size] as? Int ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: new))?[.size] as? Int ?? 0)
        let mb = Double(size) / 1_048_576
        let runs = mb > 5 ? 1 : 3
        func best(_ path: String, _ args: [String]) -> String {
            guard FileManager.default.isExecutableFile(atPath: path) else { return "n/a" }
            return String(format: "%.3f", (0..<runs).map { _ in command(path, args) }.min()!)
        }
        let policyTime = best(policy, ["diff", old, new, "-o", "/dev/null"])
        let memory = peakMiB(policy, ["diff", old, new, "-o", "/dev/null"]).map { String(format: "%.0f (%.1f×)", $0, $0 / max(mb, 0.001)) } ?? "n/a"
        let git = best("/usr/bin/git", ["diff", "--no-index", "--word-diff=porcelain", old, new])
        let wdiff = best("/usr/bin/wdiff", ["-123", old, new])
        let dwdiff = best("/usr/bin/dwdiff", ["-123", old, new])
        let counts = ["policy", "git", "wdiff", "dwdiff"].map { changedWords(tool: $0, old: old, new: new, policy: policy) }
        rows.append("| \(name) | \(String(format: "%.2f", mb)) | \(policyTime) | \(memory) | \(counts[0]) | \(git) | \(counts[1]) | \(wdiff) | \(counts[2]) | \(dwdiff) | \(counts[3]) |")
    }
    return rows
}

print("")
print("| pair | MB (both) | policy diff (s) | policy peak RSS MiB (× input) | policy changed words | git word-diff (s) | git words | wdiff (s) | wdiff words | dwdiff (s) | dwdiff words |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in diffRows() { print(r) }
