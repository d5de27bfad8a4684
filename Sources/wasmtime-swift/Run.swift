import ArgumentParser
import Foundation
import Wasmtime

/// `wasmtime-swift run`: runs a WASI command, or one export with `--invoke`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a WebAssembly module's _start function, or one export with --invoke.",
        discussion: """
            FILE is a .wasm or .wat module, or a .cwasm module written by `compile`. Options go \
            before FILE: everything after it is ARGS, the program's arguments (after its name, \
            which is FILE), or with --invoke the function's arguments, one per parameter. The \
            guest sees nothing of the host unless granted: no environment variables, no files \
            outside --dir directories, no network. Standard input, output and error are the \
            tool's own.
            """
    )

    /// Limits on the number of memories and tables, so the per-item limits
    /// below bound the total a module can allocate.
    static let maxMemories = 16
    static let maxTables = 16

    @Option(name: .customLong("dir"), help: ArgumentHelp(
        "Give the guest a host directory, read-write, at GUEST (default: HOST as written).",
        valueName: "host[::guest]"))
    var directories: [DirectoryMapping] = []

    @Option(name: .customLong("read-only-dir"), help: ArgumentHelp(
        "Give the guest a host directory it can read but not change.", valueName: "host[::guest]"))
    var readOnlyDirectories: [DirectoryMapping] = []

    @Option(name: .customLong("env"), help: ArgumentHelp(
        "Set an environment variable for the guest; KEY alone passes the host's value.", valueName: "key=value"))
    var environment: [EnvironmentSetting] = []

    @Option(help: ArgumentHelp("Call this export instead of _start and print its results.", valueName: "name"))
    var invoke: String?

    @Option(help: ArgumentHelp("Stop the guest after it has used this much fuel (about one unit per instruction).",
                               valueName: "n"))
    var fuel: UInt64?

    @Option(help: ArgumentHelp("Stop the guest after this long, such as 500ms, 2s or 1m.", valueName: "duration"),
            transform: TimeoutDuration.parse)
    var timeout: TimeoutDuration?

    @Option(help: ArgumentHelp(
        "Largest size any linear memory may reach, in bytes or with K, M, G, T (default: 1GiB; at most \(Run.maxMemories) memories).",
        valueName: "size"), transform: ByteCount.parse)
    var maxMemory = ByteCount(bytes: 1 << 30)

    @Option(help: ArgumentHelp(
        "Largest number of elements any table may hold (at most \(Run.maxTables) tables).", valueName: "n"))
    var maxTableElements = 1_000_000

    @Flag(help: "Let the guest use the host's network sockets.")
    var inheritNetwork = false

    @Flag(name: .customLong("allow-ip-name-lookup"), help: "Let the guest resolve host names.")
    var allowsNameLookup = false

    @Flag(help: "Load FILE as a precompiled module even without the .cwasm extension (only for trusted files).")
    var allowPrecompiled = false

    @OptionGroup var cache: CacheOptions

    @Argument(help: ArgumentHelp("The module to run.", valueName: "file"))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp(
        "Arguments for the program, or for the function given with --invoke.", valueName: "args"))
    var arguments: [String] = []

    func run() throws {
        var config = Config()
        config.consumeFuel = fuel != nil
        config.epochInterruption = timeout != nil
        try cache.apply(to: &config)
        let engine: Engine
        do {
            engine = try Engine(config)
        } catch {
            throw Failure(error, context: "cannot create the engine")
        }
        let moduleFile = ModuleFile(file, allowPrecompiled: allowPrecompiled)
        let module = try moduleFile.load(engine: engine)

        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: maxMemory.bytes, tableElements: maxTableElements,
                                    tables: Self.maxTables, memories: Self.maxMemories))
        if let fuel {
            try wrap { () throws(WasmtimeError) in try store.setFuel(fuel) }
        }
        let wasi = try wasiConfiguration()
        try wrap { () throws(WasmtimeError) in try store.setWASI(wasi) }
        let linker = Linker(engine: engine)
        try wrap { () throws(WasmtimeError) in try linker.defineWASI() }

        let watchdog = timeout.map { Watchdog(timeout: $0, message: timeoutMessage($0)) }
        defer { watchdog?.stop() }
        do {
            try withTimeout(store) {
                let instance = try linker.instantiate(module, in: store)
                try execute(instance)
            }
        } catch let exit as WASIExit {
            throw ExitCode(exit.status)
        } catch let trap as Trap {
            throw failure(for: trap)
        } catch let error as WasmtimeError {
            throw Failure(error)
        }
    }

    /// Runs `body` under `--timeout`, if given: the library's deadline scope
    /// advances the engine's epoch from a ticker thread, so wasm still running
    /// at the deadline traps with `TrapCode.interrupt`.
    private func withTimeout(_ store: AnyStore, _ body: () throws -> Void) throws {
        guard let timeout else { return try body() }
        try store.withDeadline(.seconds(timeout.seconds), body)
    }

    /// Runs the entry point: `--invoke NAME` (after `_initialize` for
    /// reactors), else `_start`.
    private func execute(_ instance: Instance) throws {
        if let invoke {
            let function = try exportedFunction(invoke, of: instance)
            let parameters = try Invocation.arguments(arguments, for: function.type, name: invoke)
            if invoke != "_initialize", let initialize = instance.export(named: "_initialize")?.function {
                _ = try initialize.call()
            }
            let results = try function.call(parameters)
            for result in results {
                print(Invocation.format(result))
            }
            return
        }
        guard instance.export(named: "_start") != nil else {
            throw Failure("\(file) has no _start function; choose an export with --invoke NAME")
        }
        _ = try exportedFunction("_start", of: instance).call()
    }

    private func exportedFunction(_ name: String, of instance: Instance) throws(Failure) -> Func {
        switch instance.export(named: name) {
        case .function(let function)?: return function
        case nil: throw Failure("\(file) has no export named '\(name)'")
        case let item?: throw Failure("export '\(name)' of \(file) is a \(kindName(item)), not a function")
        }
    }

    private func kindName(_ item: Extern) -> String {
        switch item {
        case .function: "function"
        case .global: "global"
        case .table: "table"
        case .memory, .sharedMemory: "memory"
        case .tag: "tag"
        }
    }

    /// The guest's view of the host: the tool's standard streams, and only
    /// what the flags grant.
    private func wasiConfiguration() throws(Failure) -> WASIConfiguration {
        var wasi = WASIConfiguration()
        wasi.arguments = invoke == nil ? [file] + arguments : [file]
        wasi.environment = environment.compactMap { setting in setting.value.map { (setting.name, $0) } }
        wasi.standardInput = .inherit
        wasi.standardOutput = .inherit
        wasi.standardError = .inherit
        for (mapping, writable) in directories.map({ ($0, true) }) + readOnlyDirectories.map({ ($0, false) }) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: mapping.hostPath, isDirectory: &isDirectory),
                  isDirectory.boolValue
            else {
                throw Failure("\(writable ? "--dir" : "--read-only-dir") \(mapping.hostPath): no such directory")
            }
            wasi.preopenedDirectories.append(.init(hostPath: mapping.hostPath, guestPath: mapping.guestPath,
                                                   isWritable: writable))
        }
        wasi.inheritsNetwork = inheritNetwork
        wasi.allowsNameLookup = allowsNameLookup
        return wasi
    }

    private func wrap(_ body: () throws(WasmtimeError) -> Void) throws(Failure) {
        do {
            try body()
        } catch {
            throw Failure(error)
        }
    }

    private func timeoutMessage(_ timeout: TimeoutDuration) -> String {
        "wasm execution timed out after \(timeout) (--timeout \(timeout))"
    }

    /// A trap's reason on the first line, then its frames, innermost first.
    private func failure(for trap: Trap) -> Failure {
        let message = switch trap.code {
        case .outOfFuel?: "wasm execution ran out of fuel (--fuel \(fuel ?? 0))"
        case .interrupt? where timeout != nil: timeoutMessage(timeout!)
        default: TrapReport.reason(trap)
        }
        return Failure(message, details: TrapReport.frames(trap, fileName: file), status: Failure.trapStatus)
    }
}
