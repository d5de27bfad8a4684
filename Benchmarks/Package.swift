// swift-tools-version: 6.1
import PackageDescription

// A separate package so that the Wasmtime library itself gains no dependency:
// the benchmarks pull in WasmKit as the pure-Swift peer.
let package = Package(
    name: "WasmtimeBenchmarks",
    dependencies: [
        .package(name: "Wasmtime", path: ".."),
        .package(url: "https://github.com/swiftwasm/WasmKit", from: "0.4.2"),
    ],
    targets: [
        // The compute kernels compiled natively; scripts/run-bench compiles the same file to wasm.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        // Counts heap allocations by interposing malloc and friends in the benchmark process.
        .target(name: "CAllocCounter"),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "CKernels",
                "CAllocCounter",
                .product(name: "Wasmtime", package: "Wasmtime"),
                .product(name: "CWasmtime", package: "Wasmtime"),
                .product(name: "WasmKit", package: "WasmKit"),
            ],
            // bindgen-bench.wat -> the generated enum BindgenBench (ratio bindgen-vs-typed).
            plugins: [.plugin(name: "WasmtimeBindgen", package: "Wasmtime")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
