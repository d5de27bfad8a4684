extension ComponentFunc {
    /// Calls the function asynchronously (see <doc:Async>): the component
    /// runs on its own fiber stack, polled by the calling task; async host
    /// functions it calls (``ComponentLinker/defineAsyncFunction(_:body:)``)
    /// run in this task while the guest is suspended, and it yields where
    /// the store says (``AnyStore/setAsyncYieldInterval(fuel:)``).
    ///
    /// A call that ended by a host error after an `await`, or by
    /// cancellation, leaves the store as a trap does: Wasmtime enters none
    /// of its component instances again (``TrapCode/cannotEnterComponent``).
    ///
    /// - Throws: what ``call(_:)-([ComponentValue])`` throws (a
    ///   ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch`` for
    ///   arguments that do not fit, a ``Trap``, a host function's own
    ///   error); a ``Trap`` of code ``TrapCode/interrupt`` when the task is
    ///   cancelled at a yield or host call; a ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/runtime`` when another async call of the
    ///   store is in flight.
    @discardableResult
    nonisolated(nonsending) public func callAsync(_ arguments: [ComponentValue]) async throws -> [ComponentValue] {
        guard arguments.count == type.parameters.count else {
            throw WasmtimeError(
                .typeMismatch,
                "\(type) takes \(type.parameters.count) argument(s), got \(arguments.count)")
        }
        var moved: [ResourceBox] = []
        for (argument, parameter) in zip(arguments, type.parameters) {
            try argument.check(against: parameter.type, in: store, path: "argument `\(parameter.name)`", moved: &moved)
        }
        defer { for box in moved { box.markMoved() } }
        store.dropReleasedResources()
        // Handles released while the guest was suspended are dropped once the call is over.
        defer { store.dropReleasedResources() }
        return try await handle.callAsync(arguments, resultCount: type.result == nil ? 0 : 1, store: store)
    }

    /// Calls the function asynchronously with the arguments listed.
    ///
    /// - Throws: the errors of ``callAsync(_:)-([ComponentValue])``.
    @discardableResult
    nonisolated(nonsending) public func callAsync(_ arguments: ComponentValue...) async throws -> [ComponentValue] {
        try await callAsync(arguments)
    }
}
