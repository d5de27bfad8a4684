import Foundation
import Testing
import WasmtimeTestSupport

/// `run`, `inspect` and `compile` with components: `--invoke 'name(args)'`
/// in WAVE both ways, the export lookup, clear errors, limits, and the WASI
/// preview 2 command built from C.
@Suite struct CLIComponentTests {
    static let pad = ComponentFixtures.padValue

    @Test(arguments: [
        (#"echo("hi")"#, #""hi""#),
        (#"echo("tab\t \"q\" \u{1F600} \u{7f}")"#, #""tab\t \"q\" 😀 \u{7f}""#),
        ("half(7)", "none"),
        ("half(8)", "some(4)"),
        ("echo-u8(255)", "255"),
        ("echo-s64(-9223372036854775808)", "-9223372036854775808"),
        ("echo-f32(nan)", "nan"),
        ("echo-f32(0.1)", "0.1"),
        ("echo-f64(1e30)", "1000000000000000000000000000000"),
        ("echo-f64(-0)", "-0"),
        ("echo-f64(-inf)", "-inf"),
        ("echo-char('\\u{7f}')", "'\\u{7f}'"),
        ("echo-bool(true)", "true"),
        ("echo-color(%green)", "green"),
        ("echo-perms({exec, read})", "{read, exec}"),
        ("echo-perms({})", "{}"),
        ("echo-record({name: \"Ada\", id: 36}, \(pad))", #"{id: 36, name: "Ada"}"#),
        ("echo-variant(number(7), \(pad))", "number(7)"),
        ("echo-variant(nothing, \(pad))", "nothing"),
        ("echo-list([\"a\", \"b\\n\"], \(pad))", #"["a", "b\n"]"#),
        ("echo-tuple((1, \"x\", 2.5), \(pad))", #"(1, "x", 2.5)"#),
        ("echo-result(ok(\"fine\"), \(pad))", #"ok("fine")"#),
        ("echo-result(err(404), \(pad))", "err(404)"),
        ("echo-option(some(none), \(pad))", "some(none)"),
        (
            "echo-nested([({id: 1, name: \"a\"}, some(text(\"t\"))), ({id: 2, name: \"\"}, none)], \(pad))",
            #"[({id: 1, name: "a"}, some(text("t"))), ({id: 2, name: ""}, none)]"#
        ),
        ("nothing()", "()"),
        ("nested.first(1, 2)", "3"),
        ("other.first(5, 3)", "2"),
        ("only-here(5, 6)", "11"),
        ("echo ( \"spaces\" , ) ", #""spaces""#),
    ])
    func invokeReadsAndPrintsWAVE(call: String, expected: String) throws {
        let result = try CLI.run(["run", "--invoke", call, ComponentFixtures.echoPath])
        #expect(result.stdoutText == expected + "\n", "\(result.stderrText)")
        #expect(result.stderr.isEmpty, "\(result.stderrText)")
        #expect(result.status == 0)
    }

    @Test(arguments: [
        ("nope()", "No exported func named `nope` in component."),
        ("nested.nope()", "No exported func named `nested.nope` in component."),
        (
            "first(1, 2)",
            "Multiple instances contained funcs named `first`, retry with a more specific name: `nested.first`, `other.first`"
        ),
        ("echo", "Failed to parse invoke 'echo': expected `(` and the arguments after the function name at 4..4"),
        (#"echo("a") x"#, "Failed to parse invoke 'echo(\"a\") x'"),
        (
            "echo(hi)",
            #"while interpreting parameters in invoke "echo(hi)" (s: string): expected a string such as "text", found `hi` at 5..7"#
        ),
        ("echo-u8(300)", "300 is out of range for u8 (0...255) at 8..11"),
        ("echo-u8(1, 2)", "more arguments than expected: 1 expected at 11..12"),
        ("nested.first(1)", "missing argument(s): 2 expected (u32, u32), 1 given"),
        ("echo-color(purple)", "no case `purple` in enum { red, green, blue } at 11..17"),
        ("echo-perms({read, read})", "duplicate flag `read`"),
        ("echo-record({id: 1}, \(pad))", "missing field `name` of type string"),
        (#"echo("\q")"#, "unknown escape"),
        (#" echo("a")"#, "invalid token: the function name must come first at 0..1"),
    ])
    func invokeMistakesAreOneLineErrors(call: String, message: String) throws {
        let result = try CLI.run(["run", "--invoke", call, ComponentFixtures.echoPath])
        expectOneLineError(result, containing: message)
    }

    @Test func aTrapInAComponentReportsItsFrames() throws {
        let result = try CLI.run(["run", "--invoke", "boom()", ComponentFixtures.echoPath])
        #expect(result.status == 134)
        #expect(
            result.stderrLines.first == "error: wasm trap: wasm `unreachable` instruction executed",
            "\(result.stderrText)")
        #expect(result.stderrText.contains("wasm backtrace:"))
    }

    @Test(arguments: [
        (["-W", "fuel=10000"], "wasm trap: all fuel consumed by WebAssembly (-W fuel=10000)"),
        (["--fuel", "5000"], "wasm trap: all fuel consumed by WebAssembly (--fuel 5000)"),
        (["-W", "timeout=200ms"], "wasm trap: interrupt (timed out after 200ms: -W timeout=200ms)"),
    ])
    func limitsStopAComponent(options: [String], message: String) throws {
        let result = try CLI.run(["run"] + options + ["--invoke", "spin()", ComponentFixtures.echoPath])
        #expect(result.status == 134)
        #expect(result.stderrLines.first == "error: \(message)", "\(result.stderrText)")
    }

    @Test func aComponentWithoutCommandNeedsInvoke() throws {
        let result = try CLI.run(["run", ComponentFixtures.echoPath])
        expectOneLineError(result, containing: "no exported instance named `wasi:cli/run@0.2.x`")
    }

    @Test func unknownImports() throws {
        let path = ComponentFixtures.importerPath
        expectOneLineError(
            try CLI.run(["run", "--invoke", "id(3)", path]),
            containing:
                "component imports function `host-thing`, but a matching implementation was not found in the linker")
        let id = try CLI.run(["run", "-W", "unknown-imports-trap", "--invoke", "id(3)", path])
        #expect(id.stdoutText == "3\n")
        #expect(id.status == 0)
        // Status 1 as with the reference: the import's error, not a trap.
        expectOneLineError(
            try CLI.run(["run", "-W", "unknown-imports-trap", "--invoke", "call(3)", path]),
            containing: "unknown import: `host-thing` has not been defined")
        expectOneLineError(
            try CLI.run(["run", "-W", "unknown-imports-default", "--invoke", "id(3)", path]),
            containing: "cannot use `--default-values-unknown-imports` with components")
        expectOneLineError(
            try CLI.run(["run", "--preload", "lib=\(path)", "--invoke", "id(3)", path]),
            containing: "--preload cannot be used with components")
    }

    @Test func inspectPrintsAWorld() throws {
        let result = try CLI.run(["inspect", ComponentFixtures.importerPath])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(
            result.stdoutText == """
                world component {
                  import host-thing: func(x: u32) -> u32;
                  export call: func(x: u32) -> u32;
                  export id: func(x: u32) -> u32;
                }

                """)
        let echo = try CLI.run(["inspect", ComponentFixtures.echoPath]).stdoutText
        for line in [
            "  export rec: type record { id: u32, name: string };",
            "  export perms: type flags { read, write, exec };",
            "  export half: func(x: u32) -> option<u32>;",
            "  export echo-result: func(x: result<string, u32>, pad: tuple<u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64>) -> result<string, u32>;",
            "  export nested: interface {\n    first: func(a: u32, b: u32) -> u32;\n    only-here: func(a: u32, b: u32) -> u32;\n  }",
            "  export nothing: func();",
        ] {
            #expect(echo.contains(line + "\n"), "missing \(line) in\n\(echo)")
        }
    }

    @Test func compiledComponentsRun() throws {
        let directory = try Scratch.directory()
        let compiled = directory.appendingPathComponent("echo.cwasm").path
        let compile = try CLI.run(["compile", ComponentFixtures.echoPath, "-o", compiled])
        #expect(compile.status == 0, "\(compile.stderrText)")
        let run = try CLI.run(["run", "--invoke", #"echo("aot")"#, compiled])
        #expect(run.stdoutText == "\"aot\"\n", "\(run.stderrText)")
        // Any name, with --allow-precompiled.
        let renamed = directory.appendingPathComponent("echo.bin").path
        try FileManager.default.copyItem(atPath: compiled, toPath: renamed)
        let allowed = try CLI.run(["run", "--allow-precompiled", "--invoke", "half(10)", renamed])
        #expect(allowed.stdoutText == "some(5)\n", "\(allowed.stderrText)")
        let inspected = try CLI.run(["inspect", compiled])
        #expect(inspected.stdoutText.contains("  export echo: func(s: string) -> string;\n"))
        // Compiled without fuel metering: --fuel refuses it with the hint.
        expectOneLineError(
            try CLI.run(["run", "--fuel", "100", "--invoke", "half(10)", compiled]),
            containing: "compiled without fuel support")
        let metered = directory.appendingPathComponent("metered.cwasm").path
        #expect(try CLI.run(["compile", "--consume-fuel", ComponentFixtures.echoPath, "-o", metered]).status == 0)
        #expect(try CLI.run(["run", "--fuel", "100000", "--invoke", "half(10)", metered]).stdoutText == "some(5)\n")
    }
}

/// The WASI preview 2 command component (Tests/ComponentPrograms/command.c)
/// run with the same options as modules. Expected texts are what the
/// reference `wasmtime` 49 prints for the same runs.
@Suite(.enabled(if: ComponentPrograms.runnable, ComponentPrograms.skipComment))
struct CLICommandComponentTests {
    @Test func argumentsEnvironmentStdinDirectoriesAndExit() throws {
        let command = try ComponentPrograms.path("command")
        let directory = try Scratch.directory()
        try Data("twelve bytes".utf8).write(to: directory.appendingPathComponent("input.txt"))
        let result = try CLI.run(
            ["run", "--env", "GREETING=hello", "--dir", "\(directory.path)::/data", command, "a b", "exit=3"],
            input: Array("from stdin\n".utf8))
        #expect(
            result.stdoutText == """
                arg 0: command.wasm
                arg 1: a b
                arg 2: exit=3
                GREETING=hello
                from stdin
                stdin bytes: 11
                input.txt: 12 bytes
                escape: refused

                """)
        #expect(result.stderrText == "done\n")
        // wasi:cli/exit carries only ok or err: any failure is 1.
        #expect(result.status == 1)
        #expect(
            try String(contentsOf: directory.appendingPathComponent("output.txt"), encoding: .utf8)
                == "input had 12 bytes\n")
    }

    @Test func successAndArgv0() throws {
        let command = try ComponentPrograms.path("command")
        let result = try CLI.run(
            ["run", "--argv0", "renamed", "-S", "inherit-stdin=n", command, "exit=0"], input: Array("x".utf8))
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("arg 0: renamed\narg 1: exit=0\nGREETING=(unset)\nstdin bytes: 0\n"))
    }

    @Test func invokeRunPrintsItsResult() throws {
        let result = try CLI.run(["run", "--invoke", "run()", try ComponentPrograms.path("command")])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.hasSuffix("escape: refused\nok\n"))
        // ARGS still go to the program; its exit(4) ends the run with 1, as without --invoke.
        let failing = try CLI.run(["run", "--invoke", "run()", try ComponentPrograms.path("command"), "x", "exit=4"])
        #expect(failing.status == 1, "\(failing.stderrText)")
        #expect(failing.stdoutText.hasPrefix("arg 0: command.wasm\narg 1: x\narg 2: exit=4\n"))
        #expect(failing.stdoutText.hasSuffix("escape: refused\n"))
        #expect(failing.stderrText == "done\n")
    }

    /// The run ends without tearing the store down: everything the guest
    /// wrote (here 2 MiB copied from standard input) and its last lines on
    /// both streams still arrive, and the status is the guest's.
    @Test func largeOutputArrivesWhole() throws {
        let line = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".utf8)
        var input: [UInt8] = []
        for _ in 0..<(2 << 20) / line.count { input += line }
        let result = try CLI.run(["run", try ComponentPrograms.path("command"), "exit=0"], input: input)
        #expect(result.status == 0, "\(result.stderrText)")
        let prefix = Array("arg 0: command.wasm\narg 1: exit=0\nGREETING=(unset)\n".utf8)
        let suffix = Array("stdin bytes: \(input.count)\ninput.txt: cannot open\nescape: refused\n".utf8)
        #expect(result.stdout.count == prefix.count + input.count + suffix.count)
        #expect(result.stdout == prefix + input + suffix)
        #expect(result.stderrText == "done\n")
    }

    @Test func withoutWASIImportsFail() throws {
        let result = try CLI.run(["run", "-S", "cli=n", try ComponentPrograms.path("command")])
        expectOneLineError(result, containing: "but a matching implementation was not found in the linker")
    }

    @Test func fuelRunsOut() throws {
        let result = try CLI.run(["run", "-W", "fuel=1000", try ComponentPrograms.path("command")])
        #expect(result.status == 134)
        #expect(result.stderrLines.first == "error: wasm trap: all fuel consumed by WebAssembly (-W fuel=1000)")
    }
}
