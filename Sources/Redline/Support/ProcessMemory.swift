import CCmarkGFM

/// Process-wide allocator settings, for programs (the `policy` command) that render long
/// policies; a library never changes them on its own.
public enum ProcessMemory {
    /// glibc serves blocks under its mmap threshold from the heap, and raises that threshold (up
    /// to 32 MiB) whenever a large block is freed; a freed copy of a long policy then stays
    /// resident until exit. A fixed 1 MiB threshold gives every large buffer back to the system
    /// when it is freed: about a tenth less peak memory on a 10 MB policy.
    public static func returnLargeBlocksPromptly() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
