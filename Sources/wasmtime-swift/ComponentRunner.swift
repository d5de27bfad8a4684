import Wasmtime

/// `run` for a component, as `wasmtime run` does it: WASI preview 2 from the
/// same options as for modules, then `wasi:cli/run`'s `run`, or with
/// `--invoke 'name(args)'` one export called with WAVE arguments and its
/// result printed in WAVE.
extension Runner {
    func run(_ component: Component, _ settings: RunSettings) throws {
        if !request.preload.isEmpty {
            throw Failure("--preload cannot be used with components")
        }
        if settings.unknownImports == .defaultValues {
            throw Failure("cannot use `--default-values-unknown-imports` with components")
        }
        // Parsed before anything runs, so a mistyped call fails at once.
        let call = try invoke.map { text throws(Failure) in try ComponentCall(parsing: text, in: component) }

        let engine = component.engine
        let store = Store(engine: engine)
        store.setLimits(settings.limits)
        if let fuel = settings.fuel {
            try wrap { () throws(WasmtimeError) in try store.setFuel(fuel) }
        }
        let linker = ComponentLinker(engine: engine)
        if settings.definesWASI {
            let wasi = try wasiConfiguration(settings, forComponent: true)
            try wrap { () throws(WasmtimeError) in try store.setWASI(wasi) }
            try wrap { () throws(WasmtimeError) in try linker.addWASIp2() }
        }
        if settings.wantsHTTP {
            // Without preview 2 (`-S cli=n`) this is the linker's own error.
            try wrap { () throws(WasmtimeError) in try linker.addWASIHTTP() }
        }
        if settings.unknownImports == .trap {
            try wrap { () throws(WasmtimeError) in try linker.defineUnknownImportsAsTraps(for: component) }
        }

        if settings.guestProfile != nil {
            // wasmtime_guestprofiler_new takes core modules only (there is no
            // component constructor in the C API), so no frame could be named.
            throw Failure(
                "--profile guest is not supported for components: Wasmtime's C API profiler "
                    + "only resolves frames of core modules")
        }
        let watchdog = settings.timeout.map { Watchdog(timeout: $0, message: timeoutMessage(settings)) }
        var status: Int32 = 0
        var outcome: (any Error)?
        do {
            try withTimeout(settings.timeout, store) {
                let instance = try linker.instantiate(component, in: store)
                if let call {
                    let function = try instance.function(path: call.path)
                    let arguments = try call.arguments(for: function.type)
                    let results = try function.call(arguments)
                    // The reference prints `()` for a function without result.
                    print(results.first.map(\.description) ?? "()")
                } else {
                    guard instance.commandInterface != nil else {
                        throw Failure(
                            "no exported instance named `wasi:cli/run@0.2.x`: \(file) is not a "
                                + "WASI command component (call one of its exports with --invoke)")
                    }
                    status = try instance.runCommand()
                }
            }
        } catch {
            outcome = report(error, settings)
        }
        watchdog?.stop()
        // As for modules (and as `wasmtime run` does), the process ends with
        // the store, linker and engine alive: tearing them down just before
        // exit is work for nothing. `finish` flushes the tool's own output;
        // the guest's went out through WASI's blocking-write-and-flush.
        withExtendedLifetime((engine, component, store, linker)) {
            WasmtimeSwift.finish {
                if let outcome { throw outcome }
                if status != 0 { throw GuestExit(status: status) }
            }
        }
    }
}

/// A parsed `--invoke 'name(arg, …)'` for a component: the export's path and
/// the text of its arguments, read in WAVE once the function's type is known.
struct ComponentCall {
    /// The whole `--invoke` text, for messages.
    let text: String
    /// Instance names, then the function's name.
    let path: [String]
    /// The text between the parentheses.
    let argumentText: String
    /// The UTF-8 offset of `argumentText` in `text`.
    let argumentOffset: Int

    /// Parses `name(args)` or `instance.name(args)` and finds the export: a
    /// function of the component, at a dotted path of exported instances,
    /// or by its bare name inside an exported instance (the first in export
    /// order), as `wasmtime run` finds it.
    init(parsing text: String, in component: Component) throws(Failure) {
        self.text = text
        let bytes = Array(text.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")) else {
            throw Self.syntaxError(
                text, "expected `(` and the arguments after the function name", at: bytes.count..<bytes.count)
        }
        var close = bytes.count
        while close > open + 1, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[close - 1]) { close -= 1 }
        guard close > open + 1, bytes[close - 1] == UInt8(ascii: ")") else {
            throw Self.syntaxError(text, "expected `)` closing the arguments", at: close..<bytes.count)
        }
        if let first = bytes.first, [0x20, 0x09, 0x0A, 0x0D].contains(first) {
            throw Self.syntaxError(text, "invalid token: the function name must come first", at: 0..<1)
        }
        let name = String(decoding: bytes[..<open], as: UTF8.self).trimmed
        guard !name.isEmpty else {
            throw Self.syntaxError(text, "expected a function name before `(`", at: 0..<open)
        }
        argumentText = String(decoding: bytes[(open + 1)..<(close - 1)], as: UTF8.self)
        argumentOffset = open + 1
        let found = Self.find(name, in: component.exports)
        guard let path = found.first else {
            throw Failure("No exported func named `\(name)` in component.")
        }
        guard found.count == 1 else {
            throw Failure(
                "Multiple instances contained funcs named `\(name)`, retry with a more specific name: "
                    + found.map { "`\($0.joined(separator: "."))`" }.joined(separator: ", "))
        }
        self.path = path
    }

    /// The arguments read against the function's parameter types.
    func arguments(for type: ComponentFuncType) throws(Failure) -> [ComponentValue] {
        do {
            return try ComponentValue.values(wave: argumentText, as: type.parameters.map(\.type))
        } catch {
            let expected = type.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            throw Failure(
                "while interpreting parameters in invoke \"\(text)\" (\(expected)): \(error.shifted(by: argumentOffset))"
            )
        }
    }

    private static func syntaxError(_ text: String, _ message: String, at range: Range<Int>) -> Failure {
        Failure("Failed to parse invoke '\(text)': \(WAVEParseError(message, at: range))")
    }

    /// The export paths of the function `name`: itself at the top level, the
    /// dotted path through exported instances, else every function of that
    /// name inside exported instances.
    static func find(_ name: String, in exports: [ComponentItemEntry]) -> [[String]] {
        if case .function? = exports.first(where: { $0.name == name })?.item { return [[name]] }
        if name.contains(".") {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var entries = exports
            for (index, part) in parts.enumerated() {
                switch entries.first(where: { $0.name == part })?.item {
                case .function? where index == parts.count - 1: return [parts]
                case .instance(let instance)? where index < parts.count - 1: entries = instance.exports
                default: return []
                }
            }
            return []
        }
        return exports.flatMap { entry -> [[String]] in
            guard case .instance(let instance) = entry.item else { return [] }
            return find(name, in: instance.exports).map { [entry.name] + $0 }
        }
    }
}
