extension ComponentInstance {
    /// The name of the `wasi:cli/run@0.2.x` export, if the component is a command.
    public var commandInterface: String? {
        exports.first { entry in
            guard entry.name.hasPrefix("wasi:cli/run@0.2."), case .instance(let type) = entry.item else { return false }
            return type.export(named: "run") != nil
        }?.name
    }

    /// Runs a `wasi:cli/command` component: calls the `run` function of its
    /// `wasi:cli/run@0.2.x` export and returns the exit status, as a process
    /// would have it: 0 when `run` returns `ok`, 1 when it returns `err`, and
    /// the status the guest gave `wasi:cli/exit` (which carries only ok/err,
    /// so any failure is 1, as with the `wasmtime` CLI).
    ///
    /// The WASI interfaces come from ``ComponentLinker/addWASIp2()`` and act
    /// on the store's ``WASIConfiguration``. Traps and other errors are thrown.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when the component exports no `wasi:cli/run@0.2.x` `run` function,
    ///   ``WasmtimeError/Kind/typeMismatch`` when its `run` is not
    ///   `func() -> result`; a ``Trap`` when the guest traps; the Swift error
    ///   a host function threw; a ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/runtime`` when the store takes async calls
    ///   only (call `run` with ``ComponentFunc/callAsync(_:)-([ComponentValue])``).
    public func runCommand() throws -> Int32 {
        guard let interface = commandInterface else {
            throw WasmtimeError(.notFound, "the component exports no wasi:cli/run@0.2.x interface with a run function")
        }
        let run = try function(interface, "run")
        guard run.type.parameters.isEmpty, run.type.result == .result(ok: nil, error: nil) else {
            throw WasmtimeError(.typeMismatch, "\(interface)#run has type \(run.type), expected func() -> result")
        }
        do {
            let results = try run.call()
            return results == [.ok(nil)] ? 0 : 1
        } catch let exit as WASIExit {
            return exit.status
        }
    }
}
