import PackagePlugin

/// The `WasmtimeBindgen` build-tool plugin: every component (`.wasm`, or
/// `.wat` text) among a target's files gets typed Swift bindings generated
/// at build time by `wasmtime-bindgen` (the code generator of
/// `wasmtime-swift bindgen`), compiled into the target.
///
/// The bindings of `greeter.wasm` are the enum `Greeter` (the file name in
/// UpperCamelCase), `internal` to the target. Add the plugin to a target:
///
/// ```swift
/// .executableTarget(
///     name: "app",
///     dependencies: [.product(name: "Wasmtime", package: "wasmtime-swift")],
///     plugins: [.plugin(name: "WasmtimeBindgen", package: "wasmtime-swift")]
/// )
/// ```
@main
struct WasmtimeBindgenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "wasmtime-bindgen")
        let components = target.sourceFiles.filter { file in
            ["wasm", "wat"].contains(file.url.pathExtension)
        }
        return components.map { file in
            let name = file.url.deletingPathExtension().lastPathComponent
            let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(name)+Bindings.swift")
            return .buildCommand(
                displayName: "Generating Swift bindings for \(file.url.lastPathComponent)",
                executable: tool.url,
                arguments: [file.url.path, "-o", output.path],
                inputFiles: [file.url],
                outputFiles: [output]
            )
        }
    }
}
