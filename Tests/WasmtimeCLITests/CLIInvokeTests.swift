import Foundation
import Testing

/// `run --invoke`: arguments parsed by the export's signature, results printed
/// one per line, and one-line errors for every kind of mistake.
@Suite struct CLIInvokeTests {
    static let module: String = {
        // A fixed name in a fixed place: the file is shared by every test here.
        let url = Scratch.root.appendingPathComponent("invoke").appendingPathComponent("calc.wat")
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(
            """
            (module
              (memory (export "memory") 1)
              (global (export "answer") i32 (i32.const 42))
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
              (func (export "half") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
              (func (export "hypot") (param f64 f64) (result f64)
                (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.mul (local.get 1) (local.get 1)))))
              (func (export "divmod") (param i32 i32) (result i32 i32)
                (i32.div_u (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))
              (func (export "nothing"))
              (func (export "lanes") (param v128) (result v128) (i32x4.add (local.get 0) (local.get 0)))
              (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
            """.utf8
        ).write(to: url)
        return url.path
    }()

    @Test(arguments: [
        (["add", "2", "3"], "5\n"),
        (["add", "-7", "3"], "-4\n"),
        // Unsigned and hexadecimal spellings of the same 32 bits.
        (["add", "4294967295", "0x1"], "0\n"),
        (["mul64", "-3000000000", "3"], "-9000000000\n"),
        (["half", "5"], "2.5\n"),
        (["half", "-inf"], "-inf\n"),
        (["hypot", "3", "4"], "5.0\n"),
        (["divmod", "17", "5"], "3\n2\n"),
        (["nothing"], ""),
        (["lanes", "0x00000004000000030000000200000001"], "0x00000008000000060000000400000002\n"),
        (["is_null", "null"], "1\n"),
    ])
    func typedArgumentsAndResults(call: [String], expected: String) throws {
        let result = try CLI.run(["run", "--invoke", call[0], Self.module] + call.dropFirst())
        #expect(result.stdoutText == expected)
        #expect(result.stderr.isEmpty, "\(result.stderrText)")
        #expect(result.status == 0)
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func exportOfACompiledCProgram() throws {
        let program = try Programs.path("compute")
        let fib = try CLI.run(["run", "--invoke", "fib", program, "50"])
        #expect(fib.stdoutText == "12586269025\n")
        let mix = try CLI.run(["run", "--invoke", "mix", program, "0.5", "3", "-10"])
        #expect(mix.stdoutText == "-8.5\n")
        // main does not run: only the invoked function's output appears.
        let primes = try CLI.run(["run", "--invoke", "count_primes", program, "100"])
        #expect(primes.stdoutText == "25\n")
    }

    @Test func wrongArgumentCount() throws {
        let result = try CLI.run(["run", "--invoke", "add", Self.module, "1"])
        expectOneLineError(result, containing: "'add' takes 2 argument(s) (i32, i32), but 1 was given")
    }

    @Test(arguments: [
        ("add", ["x", "1"], "argument 1 of 'add': 'x' is not a valid i32"),
        ("add", ["1", "4294967296"], "argument 2 of 'add': '4294967296' is not a valid i32"),
        ("half", ["1,5"], "argument 1 of 'half': '1,5' is not a valid f32"),
        ("lanes", ["0x12"], "argument 1 of 'lanes': '0x12' is not a valid v128"),
        ("is_null", ["0"], "argument 1 of 'is_null': '0' is not a valid externref"),
    ])
    func wrongArgumentType(function: String, arguments: [String], message: String) throws {
        let result = try CLI.run(["run", "--invoke", function, Self.module] + arguments)
        expectOneLineError(result, containing: message)
    }

    @Test func unknownExport() throws {
        let result = try CLI.run(["run", "--invoke", "subtract", Self.module, "1", "2"])
        expectOneLineError(result, containing: "calc.wat has no export named 'subtract'")
    }

    @Test func exportThatIsNotAFunction() throws {
        let result = try CLI.run(["run", "--invoke", "answer", Self.module])
        expectOneLineError(result, containing: "export 'answer' of \(Self.module) is a global, not a function")
    }

    @Test func moduleWithoutStartNeedsInvoke() throws {
        let result = try CLI.run(["run", Self.module])
        expectOneLineError(result, containing: "has no _start function; choose an export with --invoke NAME")
    }
}
