// swift-tools-version: 6.1
import PackageDescription

// A separate package so that the Wasmtime library itself gains no dependency:
// the plugin server pulls in Hummingbird (and SwiftNIO through it).
let package = Package(
    name: "PluginServer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Wasmtime", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // The server: one wasm handler per request, on Hummingbird.
        .target(
            name: "PluginServer",
            dependencies: [
                .product(name: "Wasmtime", package: "Wasmtime"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "plugin-server",
            dependencies: ["PluginServer"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
