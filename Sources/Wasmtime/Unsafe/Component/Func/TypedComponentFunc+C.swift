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

extension ComponentFuncHandle {
    /// The fixed-arity call path: no parameter packs (whose metadata the
    /// runtime looks up on every call), arguments lowered by `arguments`
    /// into stack slots, the one result read by `result`.
    func invoke<R>(
        parameterTypes: [ComponentValueType], store: AnyStore,
        arguments: (inout ArgumentSlots) throws -> Void, result: (ResultSlot) throws -> R
    ) throws -> R {
        let argumentCount = parameterTypes.count
        return try unsafe withUnsafeTemporaryAllocation(
            of: wasmtime_component_val_t.self, capacity: argumentCount + 1
        ) { buffer in
            let slots = unsafe ComponentLowerer.zeroed(buffer.baseAddress!, argumentCount + 1)
            let resultSlot = unsafe slots + argumentCount
            try unsafe call(slots: slots, parameterTypes: parameterTypes, hasResult: true, store: store, arguments)
            defer { unsafe wasmtime_component_val_delete(resultSlot) }
            return try result(unsafe ResultSlot(value: resultSlot, store: store))
        }
    }

    /// ``invoke(parameterTypes:store:arguments:result:)`` for a function without result.
    func invoke(
        parameterTypes: [ComponentValueType], store: AnyStore, arguments: (inout ArgumentSlots) throws -> Void
    ) throws {
        let argumentCount = parameterTypes.count
        try unsafe withUnsafeTemporaryAllocation(
            of: wasmtime_component_val_t.self, capacity: argumentCount + 1
        ) { buffer in
            let slots = unsafe ComponentLowerer.zeroed(buffer.baseAddress!, argumentCount + 1)
            try unsafe call(slots: slots, parameterTypes: parameterTypes, hasResult: false, store: store, arguments)
        }
    }

    /// Lowers the arguments into `slots` (zeroed, one more than the
    /// parameters, the last for the result), calls, and deletes the arguments.
    private func call(
        slots: UnsafeMutablePointer<wasmtime_component_val_t>, parameterTypes: [ComponentValueType],
        hasResult: Bool, store: AnyStore, _ arguments: (inout ArgumentSlots) throws -> Void
    ) throws {
        let argumentCount = parameterTypes.count
        defer { for index in 0..<argumentCount { unsafe wasmtime_component_val_delete(slots + index) } }
        var lowered = unsafe ArgumentSlots(slots: slots, parameterTypes: parameterTypes, store: store)
        try arguments(&lowered)
        guard lowered.index == argumentCount else {
            throw WasmtimeError(.typeMismatch, "\(lowered.index) argument(s) for \(argumentCount) parameter(s)")
        }
        for box in lowered.moved { box.markMoved() }
        var copy = unsafe raw
        if let error = unsafe wasmtime_component_func_call(
            &copy, store.context.pointer, slots, argumentCount, slots + argumentCount, hasResult ? 1 : 0)
        {
            throw unsafe store.componentCallFailure(error)
        }
    }
}

/// The argument slots of one fixed-arity call, filled in order.
@safe struct ArgumentSlots: ~Copyable {
    let slots: UnsafeMutablePointer<wasmtime_component_val_t>
    let parameterTypes: [ComponentValueType]
    let store: AnyStore
    var index = 0
    var moved: [ResourceBox] = []

    init(slots: UnsafeMutablePointer<wasmtime_component_val_t>, parameterTypes: [ComponentValueType], store: AnyStore) {
        unsafe self.slots = unsafe slots
        self.parameterTypes = parameterTypes
        self.store = store
    }

    @inline(__always)
    mutating func lower<T: ComponentLowerable>(_ value: T) throws {
        guard index < parameterTypes.count else {
            throw WasmtimeError(.typeMismatch, "more arguments than the function's \(parameterTypes.count) parameter(s)")
        }
        do {
            unsafe try lowerValue(value, into: slots + index, expected: parameterTypes[index], store: store, moved: &moved)
        } catch let error as WasmtimeError {
            throw WasmtimeError(error.kind, "argument \(index): \(error.message)")
        }
        index += 1
    }
}

/// The result slot of one fixed-arity call.
@safe struct ResultSlot {
    let value: UnsafePointer<wasmtime_component_val_t>
    let store: AnyStore

    init(value: UnsafePointer<wasmtime_component_val_t>, store: AnyStore) {
        unsafe self.value = unsafe value
        self.store = store
    }

    @inline(__always)
    func lift<T: ComponentLiftable>(_ type: T.Type) throws -> T {
        var borrowed: [ResourceBox] = []
        return unsafe try liftValue(T.self, from: value, store: store, borrowed: &borrowed)
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
        guard unsafe result.pointee.kind == ValKind.tuple, unsafe index < tuple.size, let data = unsafe tuple.data else {
            throw WasmtimeError(.typeMismatch, "the result is not a tuple of \(index + 1) or more elements")
        }
        return unsafe try liftValue(T.self, from: data + index, store: store, borrowed: &borrowed)
    }
}
