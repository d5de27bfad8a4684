// Fixed-arity overloads of `Linker.defineAsyncFunction` for up to four
// parameters and at most one result: Swift infers a closure's result type
// from these (the parameter-pack form needs it spelled out), and, being
// inlinable, they build the adapter for the concrete types in the caller's
// module (Unsafe/Async/AsyncHostAdapters.swift).

extension Linker {
    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction(
        _ module: String, _ name: String, _ body: @escaping @Sendable () async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [], results: []),
                load: { _, _ in () },
                invoke: { _ in try await body() },
                write: { _, _, _, _ in }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable () async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [], results: [R.valueType]),
                load: { _, _ in () },
                invoke: { _ in try await body() },
                write: { value, results, store, state in try results.put(value, at: 0, store: store, state: state) }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<A0: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType], results: []),
                load: { arguments, store in arguments.get(A0.self, at: 0, store: store, owned: false) },
                invoke: body,
                write: { _, _, _, _ in }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<A0: WasmValue & Sendable, R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType], results: [R.valueType]),
                load: { arguments, store in arguments.get(A0.self, at: 0, store: store, owned: false) },
                invoke: body,
                write: { value, results, store, state in try results.put(value, at: 0, store: store, state: state) }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType, A1.valueType], results: []),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1) },
                write: { _, _, _, _ in }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable, R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType, A1.valueType], results: [R.valueType]),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1) },
                write: { value, results, store, state in try results.put(value, at: 0, store: store, state: state) }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType, A1.valueType, A2.valueType], results: []),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false),
                        arguments.get(A2.self, at: 2, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1, $0.2) },
                write: { _, _, _, _ in }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, R: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType, A1.valueType, A2.valueType], results: [R.valueType]),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false),
                        arguments.get(A2.self, at: 2, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1, $0.2) },
                write: { value, results, store, state in try results.put(value, at: 0, store: store, state: state) }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, A3: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2, A3) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(parameters: [A0.valueType, A1.valueType, A2.valueType, A3.valueType], results: []),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false),
                        arguments.get(A2.self, at: 2, store: store, owned: false),
                        arguments.get(A3.self, at: 3, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1, $0.2, $0.3) },
                write: { _, _, _, _ in }))
    }

    /// Defines an async host function; see the parameter-pack form.
    @inlinable
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, A3: WasmValue & Sendable,
        R: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2, A3) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(
            module, name,
            host: .specialized(
                type: FuncType(
                    parameters: [A0.valueType, A1.valueType, A2.valueType, A3.valueType], results: [R.valueType]),
                load: { arguments, store in
                    (
                        arguments.get(A0.self, at: 0, store: store, owned: false),
                        arguments.get(A1.self, at: 1, store: store, owned: false),
                        arguments.get(A2.self, at: 2, store: store, owned: false),
                        arguments.get(A3.self, at: 3, store: store, owned: false)
                    )
                },
                invoke: { try await body($0.0, $0.1, $0.2, $0.3) },
                write: { value, results, store, state in try results.put(value, at: 0, store: store, state: state) }))
    }
}
