extension Linker {
    /// Defines an async host function from a typed closure (see
    /// <doc:Async>). While it awaits, the wasm that called it is suspended
    /// on its fiber and the thread is free; the closure runs in the task
    /// awaiting the call (its cancellation, priority and task-locals). An
    /// error it throws comes out of that call unchanged.
    ///
    /// A store that instantiates against an async host function must be
    /// used with the async calls only: Wasmtime refuses synchronous ones.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and
    ///   ``Linker/allowsShadowing`` is off.
    @_disfavoredOverload
    public func defineAsyncFunction<each P: WasmValue & Sendable, each R: WasmValue & Sendable>(
        _ module: String, _ name: String,
        _ body: @escaping @Sendable (repeat each P) async throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function that needs the ``Caller``. The
    /// closure runs in two parts: its synchronous body, with the caller,
    /// while the calling wasm is on the stack (read memory, the store's
    /// data); then the async work it returns, without the caller, while
    /// the guest is suspended. Reaching the store while wasm is suspended
    /// would break Wasmtime's exclusive access to it, so the caller cannot
    /// cross the `await`.
    ///
    /// ```swift
    /// try linker.defineAsyncFunction("env", "lookup") { (caller: borrowing Caller, key: Int32) in
    ///     let scale = caller.data(as: Int32.self) ?? 1
    ///     return { await database.value(for: key) * scale }
    /// }
    /// ```
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and
    ///   ``Linker/allowsShadowing`` is off.
    @_disfavoredOverload
    public func defineAsyncFunction<each P: WasmValue & Sendable, each R: WasmValue & Sendable>(
        _ module: String, _ name: String,
        _ body:
            @escaping @Sendable (borrowing Caller, repeat each P) throws
            -> @Sendable () async throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function whose signature is known only at run
    /// time. The closure runs on the executor of the task awaiting the
    /// call, so its values need not be `Sendable`; its results are checked
    /// against `type`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and
    ///   ``Linker/allowsShadowing`` is off.
    public func defineAsyncFunction(
        _ module: String, _ name: String, type: FuncType,
        _ body: nonisolated(nonsending) @escaping @Sendable ([Value]) async throws -> [Value]
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .untyped(type, body))
    }

    @usableFromInline
    func defineAsync(_ module: String, _ name: String, host: AsyncHostFunction) throws(WasmtimeError) {
        try handle.defineAsyncFunction(module, name, host: host, engine: engine)
        definesAsyncFunctions = true
    }

    /// Instantiates `module` in `store` asynchronously (see <doc:Async>):
    /// the start function runs as an async call, so it may call async host
    /// functions and yield.
    ///
    /// - Throws: what ``instantiate(_:in:)`` throws (``Trap``, the very
    ///   error a host function threw, ``WasmtimeError`` of kinds
    ///   ``WasmtimeError/Kind/storeMismatch``, ``WasmtimeError/Kind/linking``,
    ///   ``WasmtimeError/Kind/resourceLimit`` or
    ///   ``WasmtimeError/Kind/instantiation``); a ``Trap`` of code
    ///   ``TrapCode/interrupt`` when the awaiting task is cancelled at a
    ///   yield or host call of the start function; and ``WasmtimeError`` of
    ///   kind ``WasmtimeError/Kind/runtime`` when another async call of the
    ///   store is in flight.
    nonisolated(nonsending) public func instantiateAsync(_ module: Module, in store: AnyStore) async throws -> Instance
    {
        try check(module: module, store: store)
        try checkDefinitions(of: module, belongTo: store)
        try prepareWASI(in: store)
        return Instance(store: store, raw: try await handle.instantiateAsync(module, in: store))
    }
}

extension InstancePre {
    /// Instantiates the module in `store` asynchronously (see <doc:Async>).
    ///
    /// - Throws: what ``instantiate(in:)`` throws (``Trap``, the very error a
    ///   host function threw, ``WasmtimeError`` of kinds
    ///   ``WasmtimeError/Kind/storeMismatch``,
    ///   ``WasmtimeError/Kind/resourceLimit`` or
    ///   ``WasmtimeError/Kind/instantiation``); a ``Trap`` of code
    ///   ``TrapCode/interrupt`` when the awaiting task is cancelled at a
    ///   yield or host call of the start function; and ``WasmtimeError`` of
    ///   kind ``WasmtimeError/Kind/runtime`` when another async call of the
    ///   store is in flight.
    nonisolated(nonsending) public func instantiateAsync(in store: AnyStore) async throws -> Instance {
        try prepare(store)
        return Instance(store: store, raw: try await handle.instantiateAsync(in: store))
    }
}
