// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A package that uses the WasmtimeBindgen build plugin: the component in
// Sources/greeter-app gets typed Swift bindings at build time.
//
// It lives inside the Wasmtime package's checkout and depends on it by path; a
// path dependency's identity is its directory's name (lowercased), read here.
// A package of your own writes `.package(url: "…/wasmtime-swift", from: "…")`.
let wasmtime = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let identity = wasmtime.lastPathComponent.lowercased()

let package = Package(
    name: "bindgen-plugin",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: wasmtime.path)],
    targets: [
        .executableTarget(
            name: "greeter-app",
            dependencies: [.product(name: "Wasmtime", package: identity)],
            resources: [.copy("greeter.wat")],
            plugins: [.plugin(name: "WasmtimeBindgen", package: identity)]
        )
    ]
)
