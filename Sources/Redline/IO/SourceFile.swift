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

        if let bad = firstInvalidUTF8(Array(data)) {
            let location = LineIndex(data.prefix(bad)).location(of: bad)
            throw Failure(description: "\(path == "-" ? "<stdin>" : path):\(location): error: invalid UTF-8 (byte 0x\(String(data[data.startIndex + bad], radix: 16))); save the file as UTF-8")
        }
        // Decoding by hand keeps a byte-order mark as U+FEFF, so it is written back too.
        return String(decoding: data, as: UTF8.self)
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Writes text to a file atomically, or to standard output for `-`.
    public static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // Write through a symbolic link to its target, and keep the file's permissions.
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written, never replaced.
        var status = stat()
        if stat(url.path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: url.path) else {
                throw Failure(description: "\(path): error: cannot write")
            }
            handle.write(Data(text.utf8))
            try? handle.close()
            return
        }
        let permissions = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions]
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw Failure(description: "\(path): error: cannot write (is the folder there and writable?)")
        }
        if let permissions {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "\(path): error: cannot write: \(reason)")
        }
    }
}
