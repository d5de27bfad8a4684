import Foundation
import Testing
import Wasmtime

/// `compile`, `inspect` and `wat2wasm`, and running what `compile` writes.
@Suite struct CLIToolCommandTests {
    static let calculator = """
        (module
          (import "env" "log" (func (param i32)))
          (import "env" "table" (table 2 10 funcref))
          (memory (export "memory") 1 16)
          (global (export "counter") (mut i64) (i64.const 0))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "pair") (result f32 f64) (f32.const 1) (f64.const 2)))
        """

    @Test func inspectListsImportsAndExportsWithTypes() throws {
        let result = try CLI.run(["inspect", try Scratch.file("calc.wat", Self.calculator)])
        #expect(
            result.stdoutText == """
                import "env" "log": func (i32) -> ()
                import "env" "table": table 2 10 funcref
                export "memory": memory 1 16
                export "counter": global (mut i64)
                export "add": func (i32, i32) -> (i32)
                export "pair": func () -> (f32, f64)

                """)
        #expect(result.status == 0)
    }

    @Test func inspectAgreesWithTheLibrary() throws {
        let path = try Scratch.file("calc.wat", Self.calculator)
        let module = try Module(engine: Engine(), wat: Self.calculator)
        let expected =
            (module.imports.map(\.description) + module.exports.map(\.description)).joined(separator: "\n") + "\n"
        #expect(try CLI.run(["inspect", path]).stdoutText == expected)
    }

    @Test func inspectOfAnEmptyModule() throws {
        let result = try CLI.run(["inspect", try Scratch.file("empty.wat", "(module)")])
        #expect(result.stdoutText == "(no imports or exports)\n")
    }

    @Test func wat2wasmWritesTheBinaryTheLibraryProduces() throws {
        let source = try Scratch.file("calc.wat", Self.calculator)
        let output = URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("out.wasm").path
        let result = try CLI.run(["wat2wasm", source, "-o", output])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: output))) == (try wat2wasm(Self.calculator)))

        // Without -o the output goes next to the input, with the .wasm extension.
        #expect(try CLI.run(["wat2wasm", source]).status == 0)
        let beside = URL(fileURLWithPath: source).deletingPathExtension().appendingPathExtension("wasm")
        #expect(try Data(contentsOf: beside) == (try Data(contentsOf: URL(fileURLWithPath: output))))

        // The binary inspects like the text.
        #expect(try CLI.run(["inspect", output]).stdoutText == (try CLI.run(["inspect", source]).stdoutText))
    }

    @Test func wat2wasmRefusesBinaryInput() throws {
        let binary = try Scratch.file("already.wasm", try wat2wasm("(module)"))
        expectOneLineError(
            try CLI.run(["wat2wasm", binary]), containing: "already.wasm is already in the binary format")
    }

    @Test func compiledModuleRunsAndInspects() throws {
        let source = try Scratch.file("hello.wat", CLIRunTests.helloWAT)
        let compiled = URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("hello.cwasm")
            .path
        let result = try CLI.run(["compile", source, "-o", compiled])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: compiled)))
        #expect(bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]))  // ELF, as Wasmtime serializes

        let run = try CLI.run(["run", compiled])
        #expect(run.stdoutText == "hi from text\n")
        #expect(run.status == 3)
        #expect(try CLI.run(["inspect", compiled]).stdoutText == (try CLI.run(["inspect", source]).stdoutText))
    }

    @Test func compiledModuleNeedsMatchingSettings() throws {
        let source = try Scratch.file("spin.wat", CLILimitsTests.spin)
        let plain = source.replacingOccurrences(of: ".wat", with: ".cwasm")
        let metered = source.replacingOccurrences(of: ".wat", with: "-fuel.cwasm")
        #expect(try CLI.run(["compile", source, "-o", plain]).status == 0)
        #expect(try CLI.run(["compile", "--consume-fuel", source, "-o", metered]).status == 0)

        let stopped = try CLI.run(["run", "--fuel", "5000", metered])
        #expect(stopped.stderrLines.first == "error: wasm execution ran out of fuel (--fuel 5000)")
        expectOneLineError(try CLI.run(["run", "--fuel", "5000", plain]), containing: "compiled without fuel support")
        // inspect finds the settings by itself.
        #expect(try CLI.run(["inspect", metered]).stdoutText == "export \"_start\": func () -> ()\n")
    }

    @Test func precompiledCodeIsOnlyLoadedWhenNamedSo() throws {
        let source = try Scratch.file("hello.wat", CLIRunTests.helloWAT)
        let disguised = URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("code.bin").path
        #expect(try CLI.run(["compile", source, "-o", disguised]).status == 0)
        expectOneLineError(try CLI.run(["run", disguised]), containing: "code.bin is a precompiled module")
        let allowed = try CLI.run(["run", "--allow-precompiled", disguised])
        #expect(allowed.stdoutText == "hi from text\n")
    }
}
