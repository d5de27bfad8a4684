import CWasmtime

extension ComponentFuncHandle {
    /// Calls the function with Swift arguments lowered straight into C value
    /// slots on the stack; the one result (a tuple when `resultIsTuple`) is
    /// lifted, then deleted with `wasmtime_component_val_delete`.
    @inline(__always)
    func callTyped<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ arguments: repeat each P, parameterTypes: [ComponentValueType], resultIsTuple: Bool, store: AnyStore,
        as results: (repeat each R).Type
    ) throws -> (repeat each R) {
        store.dropReleasedResources()
        let argumentCount = parameterTypes.count
        var resultCount = 0
        for _ in repeat (each R).self { resultCount = 1 }
        return try unsafe withUnsafeTemporaryAllocation(
            of: wasmtime_component_val_t.self, capacity: argumentCount + 1
        ) { buffer in
            let slots = unsafe ComponentLowerer.zeroed(buffer.baseAddress!, argumentCount + 1)
            let result = unsafe slots + argumentCount
            // The call leaves the arguments to their owner: delete them, whether lowering finished or not.
            defer { for index in 0..<argumentCount { unsafe wasmtime_component_val_delete(slots + index) } }
            var moved: [ResourceBox] = []
            var index = 0
            for argument in repeat each arguments {
                guard index < argumentCount else { break }
                do {
                    unsafe try lowerValue(
                        argument, into: slots + index, expected: parameterTypes[index], store: store, moved: &moved)
                } catch let error as WasmtimeError {
                    throw WasmtimeError(error.kind, "argument \(index): \(error.message)")
                }
                index += 1
            }
            // Owned handles now belong to the call (Wasmtime consumes them even when it fails).
            for box in moved { box.markMoved() }
            var copy = unsafe raw
            if let error = unsafe wasmtime_component_func_call(
                &copy, store.context.pointer, slots, argumentCount, result, resultCount)
            {
                throw unsafe store.componentCallFailure(error)
            }
            defer { if resultCount > 0 { unsafe wasmtime_component_val_delete(result) } }
            var cursor = unsafe ResultCursor(result: result, isTuple: resultIsTuple, store: store)
            return try (repeat cursor.next((each R).self))
        }
    }
}

/// Reads a call's results: the one result, or the elements of its tuple.
@safe struct ResultCursor {
    let result: UnsafePointer<wasmtime_component_val_t>
    let isTuple: Bool
    let store: AnyStore
    var index = 0
    var borrowed: [ResourceBox] = []

    init(result: UnsafePointer<wasmtime_component_val_t>, isTuple: Bool, store: AnyStore) {
        unsafe self.result = unsafe result
        self.isTuple = isTuple
        self.store = store
    }

    mutating func next<T: ComponentLiftable>(_ type: T.Type) throws -> T {
        defer { index += 1 }
        guard isTuple else { return unsafe try liftValue(T.self, from: result, store: store, borrowed: &borrowed) }
        let tuple = unsafe result.pointee.of.tuple
        guard unsafe result.pointee.kind == ValKind.tuple, unsafe index < tuple.size, let data = unsafe tuple.data
        else {
            throw WasmtimeError(.typeMismatch, "the result is not a tuple of \(index + 1) or more elements")
        }
        return unsafe try liftValue(T.self, from: data + index, store: store, borrowed: &borrowed)
    }
}
