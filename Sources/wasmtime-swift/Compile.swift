import ArgumentParser
import Wasmtime

/// `wasmtime-swift compile`: compiles ahead of time to a `.cwasm` file.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile a module or component ahead of time, for `run` to load without compiling.",
        discussion: """
            The output holds machine code for this machine and this version of Wasmtime. `run` \
            loads .cwasm files as they are, so only run those you compiled yourself. A module \
            compiled for `run --fuel` or `run --timeout` needs --consume-fuel or \
            --epoch-interruption here.
            """
    )

    @Argument(help: ArgumentHelp("The .wasm or .wat module or component to compile.", valueName: "file"))
    var file: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write the compiled module (default: FILE with the extension .cwasm).",
            valueName: "out"))
    var output: String?

    @Flag(help: "Compile with fuel metering, for `run --fuel`.")
    var consumeFuel = false

    @Flag(help: "Compile with epoch checks, for `run --timeout`.")
    var epochInterruption = false

    func run() throws {
        var config = Config()
        config.consumeFuel = consumeFuel
        config.epochInterruption = epochInterruption
        let engine: Engine
        do {
            engine = try Engine(config)
        } catch {
            throw Failure(error, context: "cannot create the engine")
        }
        let loaded = try ModuleFile(file).loadAny(engine: engine)
        let bytes: [UInt8]
        do {
            switch loaded {
            case .module(let module): bytes = try module.serialize()
            case .component(let component): bytes = try component.serialize()
            }
        } catch {
            throw Failure(error, context: "cannot serialize \(file)")
        }
        try ModuleFile.write(bytes, to: output ?? ModuleFile.replacingExtension(of: file, with: "cwasm"))
    }
}
