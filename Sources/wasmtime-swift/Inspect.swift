import ArgumentParser
import Wasmtime

/// `wasmtime-swift inspect`: lists a module's imports and exports with their types.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a module's imports and exports with their types.",
        discussion: """
            One line per item, in module order: `import "MODULE" "NAME": TYPE`, then \
            `export "NAME": TYPE`. Types read like the text format: `func (i32, i32) -> (i32)`, \
            `memory 1 16`, `table 2 funcref`, `global (mut i64)`.
            """
    )

    @Argument(help: ArgumentHelp("A .wasm, .wat or .cwasm module.", valueName: "file"))
    var file: String

    @OptionGroup var cache: CacheOptions

    func run() throws {
        let module = try load()
        var lines = module.imports.map(\.description) + module.exports.map(\.description)
        if lines.isEmpty { lines = ["(no imports or exports)"] }
        print(lines.joined(separator: "\n"))
    }

    /// A precompiled module only loads into an engine with the settings it
    /// was compiled with, so each combination `compile` can produce is tried.
    private func load() throws(Failure) -> Module {
        let moduleFile = ModuleFile(file)
        let settings = moduleFile.isPrecompiled ? [(false, false), (true, false), (false, true), (true, true)]
                                                : [(false, false)]
        var firstFailure: Failure?
        for (fuel, epochs) in settings {
            var config = Config()
            config.consumeFuel = fuel
            config.epochInterruption = epochs
            if !moduleFile.isPrecompiled { try cache.apply(to: &config) }
            let engine: Engine
            do {
                engine = try Engine(config)
            } catch {
                throw Failure(error, context: "cannot create the engine")
            }
            do {
                return try moduleFile.load(engine: engine)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure!
    }
}
