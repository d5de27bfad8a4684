extension ComponentLinker {
    /// Defines an async host function at `path` (instance names, then the
    /// function's name; see <doc:Async>). While the closure awaits, the
    /// guest that called it is suspended on its fiber and the thread is
    /// free; the closure runs in the task awaiting the outer call (its
    /// executor, cancellation and task-locals), so its values need not be
    /// `Sendable`. It returns the results (none, or the one result of the
    /// imported function's type), checked before they reach the guest.
    ///
    /// An error the closure throws comes out of the outer async call
    /// unchanged, also after an `await`. The store is Wasmtime's while the
    /// guest is suspended: the closure cannot call into it.
    ///
    /// A store instantiated with a linker that has async host functions
    /// takes async calls only (``ComponentFunc/callAsync(_:)-([ComponentValue])``,
    /// ``instantiateAsync(_:in:)``); synchronous ones throw.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    public func defineAsyncFunction(
        _ path: String...,
        body: nonisolated(nonsending) @escaping @Sendable ([ComponentValue]) async throws -> [ComponentValue]
    ) throws(WasmtimeError) {
        guard let name = path.last else { throw WasmtimeError(.linking, "a definition path needs at least a name") }
        try handle.defineAsyncFunction(in: Array(path.dropLast()), name: name, ComponentAsyncHostFunction(body))
        definesAsyncFunctions = true
        hostFunctionPaths.insert(Self.unversioned(path))
        definedPaths.insert(path)
    }

    /// Defines the WASI preview 2 interfaces like ``addWASIp2()``, as async
    /// host functions: a guest blocked on a stream, a sleep or a socket
    /// suspends instead of blocking the thread. Stores instantiated with it
    /// take async calls only.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when WASI preview 2 is already defined (by ``addWASIp2()`` too) and
    ///   ``allowsShadowing`` is off.
    public func addWASIp2Async() throws(WasmtimeError) {
        try handle.addWASIp2Async()
        definesWASI = true
        definesAsyncFunctions = true
    }

    /// Instantiates `component` in `store` asynchronously (see <doc:Async>):
    /// its start code runs as an async call, so it may call async host
    /// functions and yield.
    ///
    /// - Throws: what ``instantiate(_:in:)`` throws (except the refusal of
    ///   async-only stores), and a ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/runtime`` when another async call of the store
    ///   is in flight.
    nonisolated(nonsending) public func instantiateAsync(_ component: Component, in store: AnyStore)
        async throws -> ComponentInstance
    {
        try checkEngine(component)
        guard store.engine.isSame(as: engine) else {
            throw WasmtimeError(.storeMismatch, "the store belongs to a different engine than the linker")
        }
        try checkTypedImports(of: component)
        try checkHostFunctionTypes(of: component)
        store.dropReleasedResources()
        _ = try store.beginAsyncCall()  // before `prepare` touches the store
        try prepare(store, forSynchronousUse: false)
        let instance = try await handle.instantiateAsync(component.handle, in: store)
        return ComponentInstance(handle: instance, store: store, component: component)
    }
}
