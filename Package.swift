// swift-tools-version: 6.2
import PackageDescription

/// Runnable examples: `swift run <name>`; each lives in Examples/<name>/main.swift.
let examples = [
    "hello", "gcd", "memory", "linking", "global", "table", "externref", "funcref",
    "fuel", "store-data", "multi-value", "trap-frames", "dynamic", "components",
]

let package = Package(
    name: "Wasmtime",
    products: [
        .library(name: "Wasmtime", targets: ["Wasmtime"]),
        // The raw C declarations, for benchmarks and for code that needs an unbound function.
        .library(name: "CWasmtime", targets: ["CWasmtime"]),
        .executable(name: "wasmtime-swift", targets: ["wasmtime-swift"]),
        .executable(name: "wasmtime-spec", targets: ["wasmtime-spec"]),
    ],
    dependencies: [
        // Tools only: the Wasmtime library itself depends on nothing but CWasmtime.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CWasmtime",
            pkgConfig: "wasmtime",
            providers: []
        ),
        .target(
            name: "Wasmtime",
            dependencies: ["CWasmtime"],
            swiftSettings: [
                // Every unsafe construct must be acknowledged with `unsafe`; they
                // all live in Sources/Wasmtime/Unsafe (scripts/check-unsafe-boundary).
                .strictMemorySafety(),
                .treatAllWarnings(as: .error),
            ]
        ),
        .testTarget(
            name: "WasmtimeTests",
            dependencies: ["Wasmtime", "CWasmtime"]
        ),
        // The command-line tool.
        .executableTarget(
            name: "wasmtime-swift",
            dependencies: ["Wasmtime", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "WasmtimeCLITests",
            dependencies: ["Wasmtime", "wasmtime-swift"]  // runs the built tool as a subprocess
        ),
        // The spec testsuite runner: the engine as a library, the tool as a thin main.
        .target(
            name: "SpecRunner",
            dependencies: ["Wasmtime"]
        ),
        .executableTarget(
            name: "wasmtime-spec",
            dependencies: ["SpecRunner"]
        ),
        .testTarget(
            name: "SpecRunnerTests",
            dependencies: ["SpecRunner", "Wasmtime"]
        ),
    ] + examples.map { name in
        .executableTarget(
            name: name,
            dependencies: ["Wasmtime"],
            path: "Examples/\(name)"
        )
    },
    swiftLanguageModes: [.v6]
)
