extension Func {
    /// Defines a host function in `store` from a typed closure.
    ///
    /// The signature comes from the closure's parameter and result types.
    /// Errors the closure throws come out of the call into wasm unchanged.
    /// The closure must not capture `store` or its objects strongly, or the
    /// store can never be freed; reach them through a ``Caller`` instead.
    @_disfavoredOverload
    public init<each P: WasmValue, each R: WasmValue>(
        store: AnyStore, _ body: @escaping (repeat each P) throws -> (repeat each R)
    ) {
        self.init(store: store, host: .typed(body))
    }

    /// Defines a host function in `store` from a typed closure that receives
    /// the ``Caller`` first.
    @_disfavoredOverload
    public init<each P: WasmValue, each R: WasmValue>(
        store: AnyStore, _ body: @escaping (borrowing Caller, repeat each P) throws -> (repeat each R)
    ) {
        self.init(store: store, host: .typed(body))
    }

    /// Defines a host function in `store` whose signature is known only at run time.
    ///
    /// The closure receives arguments matching `type.parameters` and must
    /// return values matching `type.results`, or the call fails with a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``.
    public init(store: AnyStore, type: FuncType, _ body: @escaping (borrowing Caller, [Value]) throws -> [Value]) {
        self.init(store: store, host: .untyped(type, body))
    }

    /// Defines a host function in `store` whose signature is known only at
    /// run time, without allocating per call: the closure reads `arguments`
    /// and assigns `results` in place (they start as zeros or nulls of their
    /// types). Results that do not match `type.results` fail the call with a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``.
    ///
    /// ```swift
    /// let add = Func(store: store, type: FuncType(parameters: [.i32, .i32], results: [.i32])) {
    ///     _, arguments, results in
    ///     results[0] = .i32(arguments[0].i32! &+ arguments[1].i32!)
    /// }
    /// ```
    public init(
        store: AnyStore, type: FuncType,
        _ body: @escaping (borrowing Caller, borrowing HostArguments, inout HostResults) throws -> Void
    ) {
        self.init(store: store, host: .untyped(type, body))
    }
}
