import Foundation

/// Reading sources and writing results the way every `policy` command does: `-` is standard
/// input or output, and a file is written to a temporary sibling and renamed, so a reader never
/// sees half a file and a failed run leaves the old file intact.
public enum SourceFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether two paths name the same existing file (through links and `..` alike): an output
    /// that is one of the command's inputs would replace it.
    public static func isSameFile(_ a: String, _ b: String) -> Bool {
        guard a != "-", b != "-" else { return false }
        var x = stat(), y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino && (x.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads a file (or standard input for `-`) as UTF-8; invalid UTF-8 is an error, not a guess.
    public static func read(_ path: String) throws -> String {
        // Decoding by hand keeps a byte-order mark as U+FEFF, so it is written back too.
        // Validated once, as the string is made (checking the bytes first, then decoding them,
        // went over a long policy twice).
        let bytes = try readBytes(path)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(decoding: try checked(bytes, path: path), as: UTF8.self)
    }

    /// The file's bytes, checked to be UTF-8: what ``Document/init(utf8:)`` takes, so that a
    /// long source is held once, not as text and as bytes.
    public static func readUTF8(_ path: String) throws -> [UInt8] {
        try checked(readBytes(path), path: path)
    }

    /// The bytes of a file, or of standard input for `-`, unchecked.
    private static func readBytes(_ path: String) throws -> [UInt8] {
        let data: Data
        if path == "-" {
            guard let bytes = try readToEnd(STDIN_FILENO, path: "<stdin>") else {
                throw Failure(description: "<stdin>: error: cannot read standard input")
            }
            return bytes
        } else {
            if let bytes = try readFile(path) { return bytes }
            guard let contents = FileManager.default.contents(atPath: path) else {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                    throw Failure(description: isDirectory.boolValue ? "\(path): error: is a directory" : "\(path): error: cannot read the file")
                }
                throw Failure(description: "\(path): error: no such file")
            }
            data = contents
        }

        return Array(data)
    }

    /// A file's bytes read straight into an array (no `Data` in between: a long policy is
    /// copied once); nil for a directory or what cannot be opened, which takes the general path
    /// (and its error messages).
    private static func readFile(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else { return nil }
        // A pipe or a device (`policy changes <(git show HEAD:draft.md)`): read to its end.
        guard (status.st_mode & S_IFMT) == S_IFREG else { return try readToEnd(fd, path: path) }
        let size = Int(status.st_size)
        guard size <= maximumSize else { throw tooLarge(path) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Foundation.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; break }
                if n == 0 { break }
                count += n
            }
        }
        return failed ? nil : bytes
    }

    /// Everything a descriptor gives until its end, or nil if reading fails; an error past
    /// ``maximumSize`` (a device such as `/dev/zero` never ends).
    private static func readToEnd(_ fd: Int32, path: String) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
            if bytes.count > maximumSize { throw tooLarge(path) }
        }
    }

    /// The largest source read: a policy is text, and 256 MiB is twenty-five times the largest
    /// benchmark policy. Past it, reading stops with an error instead of filling memory.
    static let maximumSize = 256 << 20

    private static func tooLarge(_ path: String) -> Failure {
        Failure(description: "\(path): error: larger than \(maximumSize >> 20) MiB; not read as a policy source")
    }

    /// The bytes if they are UTF-8, else an error naming the line and column of the first bad byte.
    private static func checked(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        // The standard library's validation is fast; the offset of the bad byte is looked for
        // only when there is one.
        if isUTF8(bytes) { return bytes }
        if let bad = firstInvalidUTF8(bytes) {
            let location = LineIndex(bytes.prefix(bad)).location(of: bad)
            throw Failure(description: "\(path == "-" ? "<stdin>" : path):\(location): error: invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16))); save the file as UTF-8")
        }
        return bytes
    }

    /// Whether the bytes are valid UTF-8, checked in place (no string is built).
    ///
    /// Eight bytes at a time while they are ASCII, as policies nearly all are; the standard
    /// library's check goes byte by byte, about a millisecond a megabyte, before anything else
    /// can start. Each other sequence is checked as RFC 3629 says: no overlong forms, no
    /// surrogates, nothing above U+10FFFF.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let n = buffer.count
            var i = 0
            while i < n {
                if i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let lead = base[i]
                if lead < 0x80 { i += 1; continue }
                // How many continuation bytes follow, and the range the first of them must be in.
                let count: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: count = 1
                case 0xE0: count = 2; low = 0xA0
                case 0xED: count = 2; high = 0x9F
                case 0xE1...0xEF: count = 2
                case 0xF0: count = 3; low = 0x90
                case 0xF4: count = 3; high = 0x8F
                case 0xF1...0xF3: count = 3
                default: return false
                }
                guard i + count < n, base[i + 1] >= low, base[i + 1] <= high else { return false }
                if count > 1, base[i + 2] & 0xC0 != 0x80 { return false }
                if count > 2, base[i + 3] & 0xC0 != 0x80 { return false }
                i += count + 1
            }
            return true
        }
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
        try write(to: path) { try $0.write(text) }
    }

    /// Where ``write(to:_:)`` sends the pieces it is handed, as they come.
    public struct Stream {
        fileprivate let fd: Int32, path: String

        public func write(_ text: String) throws {
            try writeAll(text, to: fd, path: path)
        }

        /// Bytes as they are: a page's HTML is written as bytes, and turning it into a String
        /// first would check all of it again for valid UTF-8.
        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try writeAll($0, to: fd, path: path) }
        }
    }

    /// Writes what `produce` hands its stream, piece by piece, with the same guarantees:
    /// a file is complete or untouched (a temporary sibling, renamed at the end), so a long
    /// edition can be streamed out without being held whole.
    public static func write(to path: String, _ produce: (Stream) throws -> Void) throws {
        try writeDescriptor(to: path) { fd in try produce(Stream(fd: fd, path: path)) }
    }

    /// Writes bytes (a .docx package) with the same guarantees.
    public static func write(_ data: Data, to path: String) throws {
        try writeDescriptor(to: path) { fd in
            try data.withUnsafeBytes { try writeAll($0, to: fd, path: path) }
        }
    }

    /// Hands `body` a descriptor to write to: standard output for `-`, a device or pipe as it
    /// is, else a temporary sibling of the file, renamed over it only once `body` has finished.
    private static func writeDescriptor(to path: String, _ body: (Int32) throws -> Void) throws {
        if path == "-" {
            try body(STDOUT_FILENO)
            return
        }
        // Write through a symbolic link to its target, and keep the file's permissions.
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written, never replaced.
        var status = stat()
        if stat(url.path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            let fd = open(url.path, O_WRONLY)
            guard fd >= 0 else { throw Failure(description: "\(path): error: cannot write") }
            defer { close(fd) }
            try body(fd)
            return
        }
        let permissions = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions]
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw Failure(description: "\(path): error: cannot write (is the folder there and writable?)")
        }
        do {
            try body(fd)
        } catch {
            close(fd)
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "\(path): error: cannot write: \(reason)")
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

    /// Writes every byte of the text to a descriptor, straight from the string's storage (a
    /// long edition is not copied into a `Data` first).
    fileprivate static func writeAll(_ text: String, to fd: Int32, path: String) throws {
        var text = text
        try text.withUTF8 { try writeAll(UnsafeRawBufferPointer($0), to: fd, path: path) }
    }

    fileprivate static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "\(path): error: cannot write: \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}
