import ArgumentParser

/// The `wasmtime-swift` command: runs, compiles and inspects WebAssembly
/// modules through the Swift `Wasmtime` package.
@main
struct WasmtimeSwift: ParsableCommand {
    /// The tool's version and the Wasmtime release it is built against
    /// (`scripts/install-wasmtime` installs that release).
    static let version = "wasmtime-swift 0.1.0 (Wasmtime 50.0.1 C API)"

    /// Set to `argument-parser` to parse every command line with
    /// ArgumentParser, skipping the start-up path (the tests compare both).
    static let parserVariable = "WASMTIME_SWIFT_PARSER"

    static let subcommandNames = ["run", "compile", "inspect", "wat2wasm", "bindgen", "help"]

    static let configuration = CommandConfiguration(
        commandName: "wasmtime-swift",
        abstract: "Run, compile and inspect WebAssembly modules with Wasmtime.",
        discussion: """
            Exit status: a guest's own exit status for `run`; 134 when wasm traps, runs out of \
            fuel or times out; 1 for any other error (one line on standard error); 64 for bad \
            usage (the error line, then the usage).
            """,
        version: version,
        subcommands: [Run.self, Compile.self, Inspect.self, Wat2Wasm.self, BindgenCommand.self]
    )

    static func main() {
        var arguments = CommandLine.arguments.dropFirst()
        // `wasmtime-swift FILE ARGS...` is `run`, as `wasmtime FILE` is.
        if let first = arguments.first, !first.hasPrefix("-"), !subcommandNames.contains(first),
            System.fileExists(first)
        {
            arguments = ["run"] + arguments
        }
        if let help = RunSettings.helpText(for: arguments) {
            print(help)
            System.terminate(0)
        }
        // The start-up path: a valid `run` command line skips ArgumentParser.
        if arguments.first == "run", System.environment(parserVariable) != "argument-parser",
            let request = RunRequest(quickly: arguments.dropFirst())
        {
            finish { try Runner(request: request).run() }
        }
        finish {
            var command = try parseAsRoot(RunRequest.splittingJoinedOptions(Array(arguments)))
            try command.run()
        }
    }

    /// Runs `body` and exits, reporting its failure as one `error: ` line on
    /// standard error (traps add their frames, usage errors the usage) with
    /// a documented status.
    static func finish(_ body: () throws -> Void) -> Never {
        do {
            try body()
            System.terminate(0)
        } catch let exit as GuestExit {
            System.terminate(exit.status)
        } catch let failure as Failure {
            failure.report()
            System.terminate(failure.status)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // --help and --version
            // fullMessage is `Error: MESSAGE` then the usage; keep the usage lines.
            let usage = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
                .drop { !$0.hasPrefix("Usage:") }
            Failure(message(for: error), details: usage.map(String.init), status: code.rawValue).report()
            System.terminate(code.rawValue)
        }
    }
}
