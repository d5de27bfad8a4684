import ArgumentParser
import Wasmtime

/// `wasmtime-swift inspect`: lists a module's imports and exports with their types.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a module's or a component's imports and exports with their types.",
        discussion: """
            For a module, one line per item, in module order: `import "MODULE" "NAME": TYPE`, then \
            `export "NAME": TYPE`. Types read like the text format: `func (i32, i32) -> (i32)`, \
            `memory 1 16`, `table 2 funcref`, `global (mut i64)`. For a component, a WIT-like \
            world: `import NAME: ITEM;` and `export NAME: ITEM;` with functions as \
            `func(a: u32) -> string`, interfaces as `interface { … }` and types in WIT syntax.
            """
    )

    @Argument(help: ArgumentHelp("A .wasm, .wat or .cwasm module or component.", valueName: "file"))
    var file: String

    @OptionGroup var cache: CacheOptions

    func run() throws {
        let module: Module
        switch try load() {
        case .module(let loaded): module = loaded
        case .component(let component):
            print(ComponentWIT.world(component.type))
            return
        }
        var lines = module.imports.map(\.description) + module.exports.map(\.description)
        if lines.isEmpty { lines = ["(no imports or exports)"] }
        print(lines.joined(separator: "\n"))
    }

    /// A precompiled module only loads into an engine with the settings it
    /// was compiled with, so each combination `compile` can produce is tried.
    private func load() throws(Failure) -> ModuleFile.Loaded {
        let moduleFile = ModuleFile(file)
        let settings =
            moduleFile.isPrecompiled
            ? [(false, false), (true, false), (false, true), (true, true)]
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
                return try moduleFile.loadAny(engine: engine)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure!
    }
}
