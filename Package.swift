// swift-tools-version: 6.0
import PackageDescription

/// Runnable examples: `swift run <name>`; each lives in Examples/<name>/main.swift.
let examples = [
    "hello", "gcd", "memory", "linking", "global", "table", "externref", "funcref",
    "fuel", "store-data", "multi-value", "trap-frames",
]

let package = Package(
    name: "Wasmtime",
    products: [
        .library(name: "Wasmtime", targets: ["Wasmtime"]),
    ],
    targets: [
        .systemLibrary(
            name: "CWasmtime",
            pkgConfig: "wasmtime",
            providers: []
        ),
        .target(
            name: "Wasmtime",
            dependencies: ["CWasmtime"]
        ),
        .testTarget(
            name: "WasmtimeTests",
            dependencies: ["Wasmtime", "CWasmtime"]
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
