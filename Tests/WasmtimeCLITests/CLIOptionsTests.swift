import Foundation
import Testing

/// The `wasmtime run` options: `--version`, `-W help`, what is refused and
/// why, and that the start-up parser agrees with ArgumentParser.
@Suite struct CLIOptionsTests {
    static let echoArguments = """
        (module
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          ;; Writes every argument's bytes (with their NULs as newlines) to stdout.
          (func (export "_start") (local $count i32) (local $size i32) (local $i i32)
            (drop (call $sizes (i32.const 0) (i32.const 4)))
            (drop (call $get (i32.const 16) (i32.const 1024)))
            (local.set $size (i32.load (i32.const 4)))
            (loop $fix
              (if (i32.lt_u (local.get $i) (local.get $size))
                (then
                  (if (i32.eqz (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
                    (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.const 10))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $fix))))
            (i32.store (i32.const 8) (i32.const 1024))
            (i32.store (i32.const 12) (local.get $size))
            (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))))
        """

    @Test func versionNamesTheWasmtimeReleaseInstalled() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/wasmtime-wheels")
        let text = try String(contentsOf: script, encoding: .utf8)
        let version = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("WASMTIME_VERSION=") }?.dropFirst(17))
        #expect(result.stdoutText == "wasmtime-swift 0.1.0 (Wasmtime \(version) C API)\n")
    }

    @Test(arguments: [
        (["run", "-W", "help"], "W", "unknown-imports-trap[=y|n]"),
        (["run", "-Whelp"], "W", "max-wasm-stack=N"),
        (["run", "--wasi=help"], "S", "inherit-env[=y|n]"),
        (["run", "-O", "help", "x.wasm"], "O", "opt-level=0|1|2|s"),
        (["run", "-C", "help"], "C", "compiler=cranelift|winch"),
        (["run", "-D", "help"], "D", "debug-info[=y|n]"),
    ])
    func keyListsAreHelp(arguments: [String], flag: String, expected: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0)
        #expect(result.stdoutText.hasPrefix("Available -\(flag) options:"))
        #expect(result.stdoutText.contains(expected))
        #expect(result.stderr.isEmpty)
    }

    @Test func aFileAloneIsRun() throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let result = try CLI.run([module, "a"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "args.wat\na\n")
        // Not a file: still an unknown command.
        expectUsageError(try CLI.run(["no-such-file.wasm"]), containing: "no-such-file.wasm")
    }

    @Test func argv0ReplacesTheProgramName() throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let plain = try CLI.run(["run", module, "a", "b c"])
        #expect(plain.stdoutText == "args.wat\na\nb c\n")
        let renamed = try CLI.run(["run", "--argv0", "tool", module, "a"])
        #expect(renamed.stdoutText == "tool\na\n")
        // With --invoke the function gets ARGS; the program sees only its name.
        let invoked = try CLI.run(["run", "--argv0", "tool", "--invoke", "_start", module])
        #expect(invoked.stdoutText == "tool\n")
    }

    @Test func standardStreamsCanBeWithheld() throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let result = try CLI.run(["run", "-S", "inherit-stdout=n", module, "hidden"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func wasiCanBeLeftOut() throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        expectOneLineError(
            try CLI.run(["run", "-S", "cli=n", module]),
            containing: "unknown import: `wasi_snapshot_preview1::args_sizes_get` has not been defined")
    }

    @Test func httpNeedsComponents() throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        expectOneLineError(
            try CLI.run(["run", "-S", "http", module]),
            containing: "Cannot enable wasi-http for core wasm modules")
    }

    @Test(arguments: [
        (["--profile", "guest,p.json,soon"], "--profile guest,p.json,soon: the interval must be a positive duration"),
        (["-W", "trap-on-grow-failure"], "-W trap-on-grow-failure is not supported by wasmtime-swift"),
        (["-W", "extended-const=n"], "the extended-const proposal is always enabled"),
        (["-S", "preview0"], "-S preview0 is not supported by wasmtime-swift"),
        (["-O", "table-lazy-init=n"], "-O table-lazy-init=n is not supported by wasmtime-swift"),
    ])
    func unsupportedSettingsSaySo(options: [String], fragment: String) throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        expectUsageError(try CLI.run(["run"] + options + [module]), containing: fragment)
    }

    @Test(arguments: [
        ["-W", "tcp=n"], ["-S", "tcp=n,udp=n"], ["-W", "extended-const"], ["-S", "preview2=y"],
        ["-W", "unknown-exports-allow"], ["--profile", "perfmap"], ["-O", "opt-level=s,pooling-allocator"],
        ["-C", "compiler=cranelift,parallel-compilation=n"], ["-D", "debug-info"],
    ])
    func acceptedSettingsRun(options: [String]) throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let result = try CLI.run(["run"] + options + [module, "x"])
        if options == ["-W", "tcp=n"] {
            // tcp is a -S key, not a -W one.
            #expect(result.status == 64)
            return
        }
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "args.wat\nx\n")
    }

    @Test func anEmptyComponentIsNotACommand() throws {
        let component = try Scratch.file("component.wasm", [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])
        expectOneLineError(
            try CLI.run(["run", component]),
            containing: "no exported instance named `wasi:cli/run@0.2.x`: \(component) is not a WASI command component")
        let module = try Scratch.file("args.wat", Self.echoArguments)
        expectOneLineError(
            try CLI.run(["run", "--preload", "lib=\(component)", module]),
            containing: "is a WebAssembly component: only core modules can be used here")
    }

    @Test func cacheCanBeTurnedOffWithCodegenOption() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let result = try CLI.run(["run", "-C", "cache=n", "--cache-dir", cache.path, module])
        #expect(result.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
    }

    /// The start-up parser takes plain command lines itself and leaves the
    /// rest to ArgumentParser; both must read every command line alike.
    @Test(arguments: [
        ["--env", "A=1", "--env=B=2", "-W", "fuel=100000000", "{m}", "x", "--env", "y"],
        ["-Wfuel=100000000,max-memory-size=64M", "-Sinherit-env=n", "--dir", "{d}::/d", "{m}"],
        ["--wasm=unknown-imports-trap", "--argv0=me", "--max-memory", "2GiB", "{m}", "-W"],
        ["--timeout", "2s", "--max-table-elements", "100", "--invoke", "_start", "{m}"],
        ["--fuel", "-5", "{m}"],
        ["--dir", "", "{m}"],
        ["-W", "bad-key", "{m}"],
        ["--env", "{m}"],
        ["--", "{m}"],
        ["--inherit-network=yes", "{m}"],
        ["--no-cache", "--allow-ip-name-lookup", "--inherit-network", "--read-only-dir", "{d}", "{m}", "--help"],
    ])
    func startUpParserAgreesWithArgumentParser(template: [String]) throws {
        let module = try Scratch.file("args.wat", Self.echoArguments)
        let directory = try Scratch.directory()
        let arguments =
            ["run"] + template.map { $0 == "{m}" ? module : $0.replacingOccurrences(of: "{d}", with: directory.path) }
        let quick = try CLI.run(arguments)
        let full = try CLI.run(arguments, environment: ["WASMTIME_SWIFT_PARSER": "argument-parser"])
        #expect(quick.status == full.status)
        #expect(quick.stdoutText == full.stdoutText)
        #expect(quick.stderrText == full.stderrText)
    }
}
