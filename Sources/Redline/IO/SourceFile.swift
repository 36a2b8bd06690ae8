import Foundation

/// Reading sources and writing results the way every `policy` command does: `-` is standard
/// input or output, and a file is written to a temporary sibling and renamed, so a reader never
/// sees half a file and a failed run leaves the old file intact.
public enum SourceFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a file (or standard input for `-`) as UTF-8; invalid UTF-8 is an error, not a guess.
    public static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                    throw Failure(description: isDirectory.boolValue ? "\(path): error: is a directory" : "\(path): error: cannot read the file")
                }
                throw Failure(description: "\(path): error: no such file")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = firstInvalidUTF8(data)
            let location = LineIndex(data.prefix(offset)).location(of: offset)
            throw Failure(description: "\(path == "-" ? "<stdin>" : path):\(location): error: invalid UTF-8 (byte 0x\(String(data[data.startIndex + offset], radix: 16))); save the file as UTF-8")
        }
        return text
    }

    private static func firstInvalidUTF8(_ data: Data) -> Int {
        var lo = 0, hi = data.count
        // Binary search for the longest valid prefix (UTF-8 validity is prefix-closed up to a boundary).
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            var prefix = data.prefix(mid)
            // Allow a truncated sequence at the end of the prefix.
            var ok = String(data: prefix, encoding: .utf8) != nil
            var k = 0
            while !ok, k < 3, !prefix.isEmpty {
                prefix = prefix.dropLast()
                ok = String(data: prefix, encoding: .utf8) != nil
                k += 1
            }
            if ok { lo = mid } else { hi = mid - 1 }
        }
        return min(lo, max(data.count - 1, 0))
    }

    /// Writes text to a file atomically, or to standard output for `-`.
    public static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw Failure(description: "\(path): error: cannot write (is the folder there and writable?)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "\(path): error: cannot write: \(reason)")
        }
    }
}
