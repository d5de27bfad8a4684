import CWasmtime

/// A `wasmtime_component_func_t`: a plain value (store id and indices),
/// valid while its store lives, which the Swift object holding one keeps alive.
@safe struct ComponentFuncHandle {
    let raw: wasmtime_component_func_t

    init(_ raw: wasmtime_component_func_t) {
        unsafe self.raw = unsafe raw
    }

    func type(in context: StoreContext) -> ComponentFuncType {
        var copy = unsafe raw
        return unsafe ComponentFuncType(taking: wasmtime_component_func_type(&copy, context.pointer)!)
    }

    /// Calls the function with type-checked arguments.
    func call(_ arguments: [ComponentValue], resultCount: Int, store: AnyStore) throws -> [ComponentValue] {
        store.dropReleasedResources()
        let args = UnsafeMutableBufferPointer<wasmtime_component_val_t>.allocate(capacity: max(arguments.count, 1))
        for (index, argument) in arguments.enumerated() { unsafe argument.encode(into: args.baseAddress! + index) }
        defer {
            for index in arguments.indices { unsafe wasmtime_component_val_delete(args.baseAddress! + index) }
            unsafe args.deallocate()
        }
        // The library overwrites result slots without reading them.
        var results = unsafe [wasmtime_component_val_t](
            repeating: wasmtime_component_val_t(), count: max(resultCount, 1))
        var copy = unsafe raw
        let error = unsafe results.withUnsafeMutableBufferPointer { buffer in
            unsafe wasmtime_component_func_call(
                &copy, store.context.pointer, args.baseAddress, arguments.count,
                buffer.baseAddress, resultCount)
        }
        if let error = unsafe error {
            throw unsafe store.componentCallFailure(error)
        }
        defer {
            for index in 0..<resultCount { unsafe wasmtime_component_val_delete(&results[index]) }
        }
        var context = DecodingContext(store: store)
        return try (0..<resultCount).map { index throws(WasmtimeError) in
            unsafe try ComponentValue(decoding: &results[index], context: &context)
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
