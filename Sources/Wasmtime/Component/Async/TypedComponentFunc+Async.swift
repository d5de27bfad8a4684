extension TypedComponentFunc {
    /// Calls the function as a future driven by the calling task (see
    /// <doc:Async>): the guest may call async host functions, yield on fuel
    /// or epochs, and be cancelled with the task.
    ///
    /// Arguments are lowered straight into Wasmtime's C values, as for
    /// synchronous typed calls. Results and errors are those of
    /// ``ComponentFunc/callAsync(_:)-([ComponentValue])``: one async call per
    /// store at a time, and after a trap, a host error raised after an
    /// `await` or a cancellation, Wasmtime enters none of the store's
    /// component instances again.
    ///
    /// - Throws: a ``Trap``, the error an async host function threw, or a
    ///   ``WasmtimeError`` (``WasmtimeError/Kind/typeMismatch`` for a value
    ///   that does not fit its parameter, ``WasmtimeError/Kind/runtime`` when
    ///   another async call is in flight in the store).
    nonisolated(nonsending) public func callAsync<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ arguments: repeat each P
    ) async throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        let store = function.store
        store.dropReleasedResources()
        // Handles released while the guest was suspended are dropped once the call is over.
        defer { store.dropReleasedResources() }
        return try await function.handle.callTypedAsync(
            repeat each arguments, parameterTypes: parameterTypes, resultIsTuple: resultIsTuple,
            store: function.store, as: (repeat each R).self)
    }
}
