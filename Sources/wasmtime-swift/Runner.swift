import Wasmtime

/// Runs a module as `run` was asked to: builds the engine, store and linker,
/// instantiates, and calls the entry point.
struct Runner {
    let request: RunRequest
    var file: String { request.file }
    var invoke: String? { request.invoke }
    var arguments: [String] { request.arguments }

    init(request: RunRequest) {
        self.request = request
    }

    func run() throws {
        let settings = try RunSettings(request)
        var config = settings.config
        // The tool's own cache unless the user chose Wasmtime's settings file
        // (or the run needs what only a freshly compiled module knows).
        var cache: ArtifactCache?
        if let file = settings.cacheConfigurationFile, settings.usesCache {
            config.cache = .configurationFile(file)
        } else if settings.usesCache, settings.unknownImports == .defaultValues {
            try CacheOptions.apply(directory: request.cacheDirectory, to: &config)
        } else if settings.usesCache {
            cache = try CacheOptions.artifactCache(directory: request.cacheDirectory, config: config)
        }
        let engine: Engine
        do {
            engine = try Engine(config)
        } catch {
            throw Failure(error, context: "cannot create the engine")
        }
        let module: Module
        switch try ModuleFile(file, allowPrecompiled: request.allowPrecompiled).loadAny(engine: engine, cache: cache) {
        case .module(let loaded): module = loaded
        case .component(let component): return try run(component, settings)
        }
        if settings.wantsHTTP {
            throw Failure("Cannot enable wasi-http for core wasm modules")
        }

        let store = Store(engine: engine)
        store.setLimits(settings.limits)
        if let fuel = settings.fuel {
            try wrap { () throws(WasmtimeError) in try store.setFuel(fuel) }
        }
        let linker = Linker(engine: engine)
        if settings.definesWASI {
            let wasi = try wasiConfiguration(settings)
            try wrap { () throws(WasmtimeError) in try store.setWASI(wasi) }
            try wrap { () throws(WasmtimeError) in try linker.defineWASI() }
        }

        let profile = try settings.guestProfile.map { options throws(Failure) in
            try GuestProfileSession(options, engine: engine, name: file, modules: [(file, module)])
        }
        let watchdog = settings.timeout.map { Watchdog(timeout: $0, message: timeoutMessage(settings)) }
        var outcome: (any Error)?
        do {
            try withProfiling(profile, store) {
                try withTimeout(settings.timeout, store) {
                    for item in request.preload {
                        let preloaded = try ModuleFile(item.path, allowPrecompiled: request.allowPrecompiled).load(
                            engine: engine, cache: cache)
                        try linker.defineModule(preloaded, as: item.name, in: store)
                    }
                    switch settings.unknownImports {
                    case .fail: break
                    case .trap: try linker.defineUnknownImportsAsTraps(for: module)
                    case .defaultValues: try linker.defineUnknownImportsAsDefaultValues(for: module, in: store)
                    }
                    let instance = try linker.instantiate(module, in: store)
                    try execute(instance)
                }
            }
        } catch {
            outcome = report(error, settings)
        }
        watchdog?.stop()
        // As `wasmtime run` does, the process ends here, with the store, linker
        // and engine still alive: freeing them just before exit (unmapping the
        // guest's memory among the rest) is work for nothing, which the cache's
        // statistics thread also gets time to race against (README, "Start-up").
        withExtendedLifetime((engine, module, store, linker)) {
            WasmtimeSwift.finish {
                try profile?.finish()
                if let outcome { throw outcome }
            }
        }
    }

    /// The error a run ends with, as the tool reports it.
    func report(_ error: any Error, _ settings: RunSettings) -> any Error {
        switch error {
        case let exit as WASIExit: GuestExit(status: exit.status)
        case let trap as Trap: failure(for: trap, settings)
        case let error as WasmtimeError: Failure(error)
        default: error
        }
    }

    /// Runs `body` under the timeout, if any: the library's deadline scope
    /// advances the engine's epoch from a ticker thread, so wasm still running
    /// at the deadline traps with `TrapCode.interrupt`.
    func withTimeout(_ timeout: TimeoutDuration?, _ store: AnyStore, _ body: () throws -> Void) throws {
        guard let timeout else { return try body() }
        try store.withDeadline(.nanoseconds(Int64((timeout.seconds * 1e9).rounded(.up))), body)
    }

    /// Runs the entry point as `wasmtime run` does: `_initialize` when
    /// exported, then `--invoke NAME`, else the default export `""`, else
    /// `_start`, else nothing.
    private func execute(_ instance: Instance) throws {
        var parameters: [Value] = []
        let function: Func?
        if let invoke {
            let chosen = try exportedFunction(invoke, of: instance)
            parameters = try Invocation.arguments(arguments, for: chosen.type, name: invoke)
            function = chosen
        } else {
            function = instance.export(named: "")?.function ?? instance.export(named: "_start")?.function
        }
        if invoke != "_initialize", let initialize = instance.export(named: "_initialize")?.function {
            _ = try initialize.call()
        }
        guard let function else { return }
        let results = try function.call(parameters)
        if invoke != nil, !results.isEmpty {
            print(results.map(Invocation.format).joined(separator: "\n"))
        }
    }

    private func exportedFunction(_ name: String, of instance: Instance) throws(Failure) -> Func {
        switch instance.export(named: name) {
        case .function(let function)?: return function
        case nil: throw Failure("\(file) has no export named '\(name)' (no func export named `\(name)` found)")
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
    /// what the options grant.
    /// ARGS go to the program, except with `--invoke` on a module, where
    /// they are the function's arguments (a component's are in the `--invoke` text).
    func wasiConfiguration(_ settings: RunSettings, forComponent: Bool = false) throws(Failure) -> WASIConfiguration {
        var wasi = WASIConfiguration()
        // As `wasmtime run`: the program's name is FILE without its directory.
        wasi.arguments = [request.argv0 ?? System.fileName(file)] + (invoke == nil || forComponent ? arguments : [])
        var variables: [(name: String, value: String)] =
            settings.inheritsEnvironment ? System.environmentVariables() : []
        // Appended as given, even over an inherited variable of the same
        // name, as `wasmtime run` does (the guest's getenv finds the first).
        for setting in request.environment {
            guard let value = setting.value else { continue }
            variables.append((setting.name, value))
        }
        wasi.environment = variables
        wasi.standardInput = settings.inheritsStandardInput ? .inherit : .empty
        wasi.standardOutput = settings.inheritsStandardOutput ? .inherit : .discard
        wasi.standardError = settings.inheritsStandardError ? .inherit : .discard
        for (mapping, writable) in request.directories.map({ ($0, true) })
            + request.readOnlyDirectories.map({ ($0, false) })
        {
            guard System.isDirectory(mapping.hostPath) else {
                throw Failure("\(writable ? "--dir" : "--read-only-dir") \(mapping.hostPath): no such directory")
            }
            wasi.preopenedDirectories.append(
                .init(
                    hostPath: mapping.hostPath, guestPath: mapping.guestPath,
                    isWritable: writable))
        }
        wasi.inheritsNetwork = settings.inheritsNetwork
        wasi.allowsNameLookup = settings.allowsNameLookup
        return wasi
    }

    func wrap(_ body: () throws(WasmtimeError) -> Void) throws(Failure) {
        do {
            try body()
        } catch {
            throw Failure(error)
        }
    }

    func timeoutMessage(_ settings: RunSettings) -> String {
        "wasm trap: interrupt (timed out after \(settings.timeout.map(\.description) ?? "?"): \(settings.timeoutSpelling))"
    }

    /// A trap's reason on the first line (Wasmtime's words, then which
    /// option caused it), then its frames, innermost first.
    func failure(for trap: Trap, _ settings: RunSettings) -> Failure {
        let message =
            switch trap.code {
            case .outOfFuel?: "wasm trap: all fuel consumed by WebAssembly (\(settings.fuelSpelling))"
            case .interrupt? where settings.timeout != nil: timeoutMessage(settings)
            default: TrapReport.reason(trap)
            }
        return Failure(message, details: TrapReport.frames(trap, fileName: file), status: Failure.trapStatus)
    }
}
