import Foundation

#if REDLINE_FUZZING
/// libFuzzer's driver, called from our own `main` (so that the same target also links, and
/// replays inputs, in an ordinary build).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// libFuzzer's library refers to the classic entry point even when its driver is called.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzMain.target.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#endif

/// `redline-fuzz`: with `REDLINE_FUZZ_TARGET=NAME` in a fuzzing build (`make fuzz`), libFuzzer
/// runs the target; in any build, `redline-fuzz NAME FILE...` runs it once on each file (a
/// crash found by fuzzing, kept in Tests/FuzzRegressions/, is replayed so by `make test`).
@main
enum FuzzMain {
    nonisolated(unsafe) static var target = FuzzTarget.markup

    static func main() {
        let arguments = CommandLine.arguments
        if let name = ProcessInfo.processInfo.environment["REDLINE_FUZZ_TARGET"] {
            guard let chosen = FuzzTarget(rawValue: name) else { fail("unknown target \(name)") }
            target = chosen
            #if REDLINE_FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
            #else
            fail("this build has no fuzzer: make fuzz builds one")
            #endif
        }
        guard arguments.count >= 3, let chosen = FuzzTarget(rawValue: arguments[1]) else {
            fail("usage: redline-fuzz TARGET FILE... (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for file in arguments.dropFirst(2) {
            guard let data = FileManager.default.contents(atPath: file) else { fail("\(file): cannot read") }
            chosen.run(Array(data))
        }
        print("\(chosen.rawValue): \(arguments.count - 2) input\(arguments.count == 3 ? "" : "s") passed")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("redline-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
