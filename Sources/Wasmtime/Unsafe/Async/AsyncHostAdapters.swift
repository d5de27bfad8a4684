// The specialized adapter of typed async host functions: the fixed-arity
// `Linker.defineAsyncFunction` overloads are inlinable, so the closures
// built here are compiled in the caller's module for its concrete types
// (no generic dispatch per call), and a call allocates one object, its
// `TypedPendingHostCall`.

extension AsyncHostFunction {
    /// An adapter whose argument reading, invocation and result writing
    /// are given as closures specialized for `Arguments` and `Output`.
    @inlinable @inline(__always)
    static func specialized<Arguments: Sendable, Output: Sendable>(
        type: FuncType,
        load: @escaping (ValBuffer, AnyStore) -> Arguments,
        invoke: @escaping @Sendable (Arguments) async throws -> Output,
        write: @escaping (Output, ValBuffer, AnyStore, AsyncCallState) throws -> Void
    ) -> AsyncHostFunction {
        typealias Call = TypedPendingHostCall<Arguments, Output>
        let work: AsyncHostWork = { call in
            let call = Call.of(call)
            unsafe call.output = try await invoke(call.arguments)
        }
        let writeResults: AsyncHostWrite = { call, results, state in
            guard let output = unsafe Call.of(call).output else { return }
            try write(output, results, call.store, state)
        }
        return AsyncHostFunction(type: type) { caller, arguments in
            let store = caller.store
            return Call(store: store, arguments: load(arguments, store), work: work, writeResults: writeResults)
        }
    }
}
