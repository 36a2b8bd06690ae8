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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "Redline",
            dependencies: ["CCmarkGFM", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "policy",
            dependencies: ["Redline", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "redline-bench",
            dependencies: ["Redline"],
            path: "Benchmarks/redline-bench"
        ),
        .testTarget(
            name: "RedlineTests",
            dependencies: ["Redline", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "PolicyCLITests",
            dependencies: ["Redline"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
