import ArgumentParser
import Foundation

/// The `wasmtime-swift` command: runs, compiles and inspects WebAssembly
/// modules through the Swift `Wasmtime` package.
@main
struct WasmtimeSwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wasmtime-swift",
        abstract: "Run, compile and inspect WebAssembly modules with Wasmtime.",
        discussion: """
            Exit status: a guest's own exit status for `run`; 134 when wasm traps, runs out of \
            fuel or times out; 1 for any other error (one line on standard error); 64 for bad usage.
            """,
        subcommands: [Run.self, Compile.self, Inspect.self, Wat2Wasm.self]
    )

    /// Replaces ArgumentParser's reporting so every failure is one line on
    /// standard error (traps add their frames) with a documented status.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // A guest's own exit status: nothing to report.
            Foundation.exit(code.rawValue)
        } catch let failure as Failure {
            failure.report()
            Foundation.exit(failure.status)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // --help and friends
            Failure(message(for: error), status: code.rawValue).report()
            Foundation.exit(code.rawValue)
        }
    }
}
