// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Redline",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Redline", targets: ["Redline"]),
        .executable(name: "policy", targets: ["policy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // zlib, for the zip container of .docx packages (Sources/RedlineWord/Package/ZipArchive.swift).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The arena cmark-gfm parses into (C: its allocator callbacks are C function pointers).
        .target(name: "CArena"),
        // What the site build asks of the system that Swift's Glibc module lacks: the atomic swap
        // of two folders (renameat2) and the program's build ID.
        .target(name: "CSystem"),
        .target(
            name: "Redline",
            dependencies: ["CCmarkGFM", "CArena", "CSystem", .product(name: "Yams", package: "Yams"),
                           .product(name: "Mustache", package: "swift-mustache")],
            // The default templates are compiled into the binary: no resource bundle to lose.
            resources: [.embedInCode("Render/Templates/page.mustache"), .embedInCode("Render/Templates/style.mustache"),
                        .embedInCode("Render/Templates/index.mustache"), .embedInCode("Render/Templates/history.mustache"),
                        .embedInCode("Render/Templates/site-style.mustache"), .embedInCode("Render/Templates/under-review.mustache")]
        ),
        // Word interoperability in a module of its own, so the core library does not pull in
        // FoundationXML (libxml2) and zlib, which it has no use for.
        .target(
            name: "RedlineWord",
            dependencies: ["Redline", "CZlib"]
        ),
        .executableTarget(
            name: "policy",
            dependencies: ["Redline", "RedlineWord"]
        ),
        .executableTarget(
            name: "redline-bench",
            dependencies: ["Redline"],
            path: "Benchmarks/redline-bench"
        ),
        // Fuzz targets for libFuzzer (`make fuzz`); in an ordinary build it replays inputs.
        .executableTarget(
            name: "redline-fuzz",
            dependencies: ["Redline", "RedlineWord"],
            path: "Fuzz/redline-fuzz"
        ),
        .testTarget(
            name: "RedlineTests",
            dependencies: ["Redline", "RedlineWord", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "PolicyCLITests",
            dependencies: ["Redline"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
