import CWasmtime

/// A `wasmtime_component_func_t`: a plain value (store id and indices),
/// valid while its store lives, which the Swift object holding one keeps alive.
@safe @usableFromInline struct ComponentFuncHandle {
    @usableFromInline let raw: wasmtime_component_func_t

    init(_ raw: wasmtime_component_func_t) {
        unsafe self.raw = unsafe raw
    }

    func type(in context: StoreContext) -> ComponentFuncType {
        var copy = unsafe raw
        return unsafe ComponentFuncType(taking: wasmtime_component_func_type(&copy, context.pointer)!)
    }

    /// Calls the function with type-checked arguments; the C argument and
    /// result slots live on the stack for the call.
    func call(_ arguments: [ComponentValue], resultCount: Int, store: AnyStore) throws -> [ComponentValue] {
        store.dropReleasedResources()
        // Handles released during the call (by host functions, say) are dropped before it returns.
        defer { store.dropReleasedResources() }
        let argumentCount = arguments.count
        return try unsafe withUnsafeTemporaryAllocation(
            of: wasmtime_component_val_t.self, capacity: argumentCount + max(resultCount, 1)
        ) { buffer in
            let args = buffer.baseAddress!
            for index in 0..<argumentCount { unsafe arguments[index].encode(into: args + index) }
            defer { for index in 0..<argumentCount { unsafe wasmtime_component_val_delete(args + index) } }
            // The library overwrites result slots without reading them.
            let results = unsafe ComponentLowerer.zeroed(args + argumentCount, max(resultCount, 1))
            var copy = unsafe raw
            if let error = unsafe wasmtime_component_func_call(
                &copy, store.context.pointer, args, argumentCount, results, resultCount)
            {
                throw unsafe store.componentCallFailure(error)
            }
            defer { for index in 0..<resultCount { unsafe wasmtime_component_val_delete(results + index) } }
            return unsafe try ComponentValue.decodeAll(results, count: resultCount, store: store)
        }
    }
}

extension AnyStore {
    /// The error to throw for a failed component call or instantiation: a
    /// host function's Swift error, a WASI exit, a ``Trap`` (recovered from
    /// the message: the component API reports traps as plain errors), or a
    /// ``WasmtimeError``.
    func componentCallFailure(_ error: OpaquePointer, kind: WasmtimeError.Kind = .runtime) -> any Error {
        let failure = unsafe callFailure(error: error, trap: nil, kind: kind)
        if let plain = failure as? WasmtimeError, let trap = Trap(componentError: plain) { return trap }
        return failure
    }
}
