// Fixed-arity overloads of `Linker.defineAsyncFunction` for up to four
// parameters and at most one result: Swift infers a closure's result type
// from these (the parameter-pack form needs it spelled out).

extension Linker {
    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction(
        _ module: String, _ name: String, _ body: @escaping @Sendable () async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable () async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<A0: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<A0: WasmValue & Sendable, R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable, R: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable>(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, R: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, A3: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2, A3) async throws -> Void
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }

    /// Defines an async host function; see the parameter-pack form.
    public func defineAsyncFunction<
        A0: WasmValue & Sendable, A1: WasmValue & Sendable, A2: WasmValue & Sendable, A3: WasmValue & Sendable,
        R: WasmValue & Sendable
    >(
        _ module: String, _ name: String, _ body: @escaping @Sendable (A0, A1, A2, A3) async throws -> R
    ) throws(WasmtimeError) {
        try defineAsync(module, name, host: .typed(body))
    }
}
