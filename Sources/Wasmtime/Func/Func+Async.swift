extension Func {
    /// Calls the function asynchronously with dynamically typed arguments
    /// (see <doc:Async>): wasm runs on its own fiber stack, polled by the
    /// calling task; async host functions it calls run in this task, and
    /// it yields where the store says (``AnyStore/setAsyncYieldInterval(fuel:)``).
    ///
    /// - Throws: what ``call(_:)-([Value])`` throws (``Trap``,
    ///   ``WasmException``, ``WASIExit``, the very error a host function
    ///   threw, ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   for arguments that do not match the function's type); a ``Trap`` of
    ///   code ``TrapCode/interrupt`` when the awaiting task is cancelled at a
    ///   yield or host call; and ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/runtime`` when another async call of the store
    ///   is in flight.
    nonisolated(nonsending) public func callAsync(_ arguments: [Value]) async throws -> [Value] {
        try await callAsyncUntyped(arguments, type: type)
    }

    /// Calls the function asynchronously with dynamically typed arguments.
    ///
    /// - Throws: what ``callAsync(_:)-([Value])`` throws.
    nonisolated(nonsending) public func callAsync(_ arguments: Value...) async throws -> [Value] {
        try await callAsyncUntyped(arguments, type: type)
    }
}

extension TypedFunc {
    /// Calls the function asynchronously (see <doc:Async> and
    /// ``Func/callAsync(_:)-([Value])``); results, traps and host errors
    /// are those of the synchronous call.
    ///
    /// - Throws: what the synchronous call throws (``Trap``,
    ///   ``WasmException``, ``WASIExit``, the very error a host function
    ///   threw, ``WasmtimeError``); a ``Trap`` of code
    ///   ``TrapCode/interrupt`` when the awaiting task is cancelled at a
    ///   yield or host call; and ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/runtime`` when another async call of the store
    ///   is in flight.
    @_disfavoredOverload
    nonisolated(nonsending) public func callAsync<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P
    ) async throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        var parameterCount = 0
        for _ in repeat (each P).self { parameterCount += 1 }
        var resultCount = 0
        for _ in repeat (each R).self { resultCount += 1 }
        return try await function.callAsync(
            repeat each arguments,
            parameterCount: parameterCount, resultCount: resultCount)
    }
}
