import Foundation
import Testing
import Wasmtime

/// Bad input never crashes the tool: one line on standard error, status 1
/// (64 for bad usage), nothing on standard output.
@Suite struct CLIBadInputTests {
    @Test(arguments: ["run", "inspect", "compile", "wat2wasm"])
    func missingFile(command: String) throws {
        let result = try CLI.run([command, "/nonexistent/module.wasm"])
        expectOneLineError(result, containing: "cannot read /nonexistent/module.wasm: No such file or directory")
    }

    @Test func directoryInsteadOfAFile() throws {
        let directory = try Scratch.directory()
        expectOneLineError(try CLI.run(["run", directory.path]), containing: "Is a directory")
    }

    @Test(arguments: ["run", "inspect", "compile"])
    func truncatedBinary(command: String) throws {
        let module = try Scratch.file("truncated.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05])
        expectOneLineError(
            try CLI.run([command, module]),
            containing: "invalid module \(module): failed to parse WebAssembly module: ")
    }

    @Test func invalidModule() throws {
        // Well-formed but invalid: the function returns nothing where i32 is declared.
        let module = try Scratch.file("invalid.wasm", try wat2wasm("(module (func (result i32)))"))
        expectOneLineError(try CLI.run(["run", module]), containing: "invalid module \(module): ")
    }

    @Test(arguments: ["run", "inspect", "compile", "wat2wasm"])
    func malformedText(command: String) throws {
        let module = try Scratch.file("broken.wat", "(module\n  (func (result i32) i32.const))\n")
        expectOneLineError(try CLI.run([command, module]), containing: "broken.wat:2:")
    }

    @Test func randomBytes() throws {
        let module = try Scratch.file("noise.wasm", (0..<256).map { UInt8(($0 * 167 + 13) % 256) })
        expectOneLineError(
            try CLI.run(["run", module]), containing: "is neither a WebAssembly binary nor WebAssembly text")
    }

    @Test func corruptPrecompiledModule() throws {
        let notELF = try Scratch.file("fake.cwasm", "not machine code")
        expectOneLineError(try CLI.run(["run", notELF]), containing: "fake.cwasm is not a precompiled module")
        let badELF = try Scratch.file("bad.cwasm", [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0xAB, count: 64))
        expectOneLineError(try CLI.run(["run", badELF]), containing: "cannot load precompiled module")
    }

    @Test func unknownImport() throws {
        let module = try Scratch.file(
            "imports.wat", "(module (import \"env\" \"missing\" (func)) (func (export \"_start\")))")
        expectOneLineError(
            try CLI.run(["run", module]), containing: "unknown import: `env::missing` has not been defined")
    }

    @Test func missingPreopenDirectory() throws {
        let module = try Scratch.file("hello.wat", CLIRunTests.helloWAT)
        expectOneLineError(
            try CLI.run(["run", "--dir", "/nonexistent/dir::/data", module]),
            containing: "--dir /nonexistent/dir: no such directory")
    }

    @Test func hugeTable64IsInspectedNotAnAbort() throws {
        // Wasmtime's C API aborts when asked for such a table's type; the library reads it from the bytes.
        let exported = try Scratch.file("table64.wat", "(module (table (export \"t\") i64 0 5000000000 funcref))")
        #expect(try CLI.run(["inspect", exported]).stdoutText == "export \"t\": table i64 0 5000000000 funcref\n")
        let imported = try Scratch.file("table64.wat", "(module (import \"m\" \"t\" (table i64 0 5000000000 funcref)))")
        expectOneLineError(try CLI.run(["run", imported]), containing: "unknown import: `m::t` has not been defined")
    }

    @Test func usageErrorsAreOneLineToo() throws {
        expectOneLineError(try CLI.run(["run"]), containing: "Missing expected argument", status: 64)
        expectOneLineError(try CLI.run(["launch", "x.wasm"]), containing: "'launch'", status: 64)
        expectOneLineError(try CLI.run(["run", "--fuel", "lots", "x.wasm"]), containing: "'lots'", status: 64)
    }

    @Test func helpIsNotAnError() throws {
        let result = try CLI.run(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("--timeout <duration>"))
        #expect(result.stderr.isEmpty)
    }
}
