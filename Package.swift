// swift-tools-version: 6.2
import PackageDescription

/// Runnable examples: `swift run <name>`; each lives in Examples/<name>/main.swift.
let examples = [
    "hello", "gcd", "memory", "linking", "global", "table", "externref", "funcref",
    "fuel", "store-data", "multi-value", "trap-frames", "dynamic", "components",
]

let package = Package(
    name: "Wasmtime",
    // macOS 15: the library uses Synchronization's Mutex and Atomic (macOS 15+); the
    // wheels' dylibs themselves need only macOS 11 (arm64) and 10.12 (x86_64).
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Wasmtime", targets: ["Wasmtime"]),
        // The raw C declarations, for benchmarks and for code that needs an unbound function.
        .library(name: "CWasmtime", targets: ["CWasmtime"]),
        .executable(name: "wasmtime-swift", targets: ["wasmtime-swift"]),
        .executable(name: "wasmtime-spec", targets: ["wasmtime-spec"]),
        // `swift package install-wasmtime` for packages that depend on this one.
        .plugin(name: "InstallWasmtime", targets: ["InstallWasmtime"]),
        // Typed Swift bindings for the components among a target's files, at build time.
        .plugin(name: "WasmtimeBindgen", targets: ["WasmtimeBindgenPlugin"]),
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
            dependencies: ["Wasmtime", "CWasmtime", "WasmtimeTestSupport"]
        ),
        // Component fixtures both WasmtimeTests and WasmtimeCLITests use (pieces of
        // hand-written components, the C programs built into components); not a product.
        .target(
            name: "WasmtimeTestSupport",
            path: "Tests/WasmtimeTestSupport"
        ),
        // The command-line tool.
        .executableTarget(
            name: "wasmtime-swift",
            dependencies: [
                "Wasmtime", "WasmtimeBindgen", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Start-up (README, "Start-up"): with the static Swift runtime, link
            // libstdc++'s static archive instead of loading the shared library
            // (Linker/libstdc++.so says why); lld, because it resolves that archive
            // whatever its position on the command line, where gold does not.
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-L", Context.packageDirectory + "/Linker"], .when(platforms: [.linux])),
            ]
        ),
        // Typed Swift bindings from a component's types (`wasmtime-swift bindgen`, the WasmtimeBindgen plugin).
        .target(
            name: "WasmtimeBindgen",
            dependencies: ["Wasmtime"]
        ),
        .testTarget(
            name: "WasmtimeBindgenTests",
            dependencies: ["WasmtimeBindgen", "Wasmtime", "wasmtime-swift"],  // runs the built tool as a subprocess
            exclude: ["Fixtures"]
        ),
        // The checked-in generated bindings of Tests/WasmtimeBindgenTests/Fixtures, compiled and called.
        .testTarget(
            name: "BindgenGoldenTests",
            dependencies: ["Wasmtime"],
            path: "Tests/BindgenGolden"
        ),
        .testTarget(
            name: "WasmtimeCLITests",
            dependencies: ["Wasmtime", "wasmtime-swift", "WasmtimeTestSupport"]  // runs the built tool as a subprocess
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
        // Installs the engine (scripts/install-wasmtime) from this package's checkout.
        .plugin(
            name: "InstallWasmtime",
            capability: .command(
                intent: .custom(
                    verb: "install-wasmtime",
                    description: "Install the Wasmtime 50.0.1 C API library this package links against"
                ),
                permissions: [
                    .allowNetworkConnections(
                        scope: .all(),  // pip may go through a proxy on another port
                        reason: "downloads the wasmtime 50.0.1 wheel from the Python Package Index"
                    ),
                ]
            )
        ),
        // The plugin's tool: `wasmtime-swift bindgen` without the CLI's unsafe
        // linker flags, which SwiftPM refuses in a dependency's plugin tool.
        .executableTarget(
            name: "wasmtime-bindgen",
            dependencies: ["WasmtimeBindgen"]
        ),
        // Runs `wasmtime-bindgen` for each component among a target's files.
        .plugin(
            name: "WasmtimeBindgenPlugin",
            capability: .buildTool(),
            dependencies: ["wasmtime-bindgen"],
            path: "Plugins/WasmtimeBindgen"
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
