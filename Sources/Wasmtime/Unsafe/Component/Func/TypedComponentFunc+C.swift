import CWasmtime

// Typed component calls. `callTyped` is inlinable, so a fixed-arity call
// specializes in client code (no generic metadata or witness tables per
// call); the parts that do not depend on the Swift types stay behind
// non-generic entry points.

extension ComponentFuncHandle {
    /// Calls the function with Swift arguments lowered straight into C value
    /// slots on the stack; the one result (a tuple when `resultIsTuple`) is
    /// lifted, then deleted with `wasmtime_component_val_delete`.
    @inlinable @inline(__always)
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
            defer { unsafe Self.deleteValues(slots, argumentCount) }
            var moved: [ResourceBox] = []
            var index = 0
            for argument in repeat each arguments {
                guard index < argumentCount else { break }
                do {
                    unsafe try lowerValue(
                        argument, into: slots + index, expected: parameterTypes[index], store: store, moved: &moved)
                } catch let error as WasmtimeError {
                    throw Self.argumentError(error, index: index)
                }
                index += 1
            }
            unsafe try invoke(slots, argumentCount, result, resultCount, moved: moved, store: store)
            defer { if resultCount > 0 { unsafe Self.deleteValues(result, 1) } }
            var cursor = unsafe ResultCursor(result: result, isTuple: resultIsTuple, store: store)
            return try (repeat cursor.next((each R).self))
        }
    }

    /// `wasmtime_component_func_call` for lowered arguments; owned handles
    /// among them now belong to the call (Wasmtime consumes them even when
    /// it fails).
    @usableFromInline
    func invoke(
        _ arguments: UnsafeMutablePointer<wasmtime_component_val_t>, _ argumentCount: Int,
        _ result: UnsafeMutablePointer<wasmtime_component_val_t>, _ resultCount: Int,
        moved: [ResourceBox], store: AnyStore
    ) throws {
        // Handles released since the store was last entered, or during the
        // call (by host functions, say), are dropped before and after it.
        store.dropReleasedResources()
        defer { store.dropReleasedResources() }
        for box in moved { box.markMoved() }
        var copy = unsafe raw
        if let error = unsafe wasmtime_component_func_call(
            &copy, store.context.pointer, arguments, argumentCount, result, resultCount)
        {
            throw unsafe store.componentCallFailure(error)
        }
    }

    /// Deletes `count` values (each valid, possibly a zeroed placeholder).
    @usableFromInline
    static func deleteValues(_ values: UnsafeMutablePointer<wasmtime_component_val_t>, _ count: Int) {
        for index in 0..<count { unsafe wasmtime_component_val_delete(values + index) }
    }

    /// A lowering error, naming the argument.
    @usableFromInline
    static func argumentError(_ error: WasmtimeError, index: Int) -> WasmtimeError {
        WasmtimeError(error.kind, "argument \(index): \(error.message)")
    }
}

/// Reads a call's results: the one result, or the elements of its tuple.
@safe @usableFromInline struct ResultCursor {
    @usableFromInline let result: UnsafePointer<wasmtime_component_val_t>
    @usableFromInline let isTuple: Bool
    @usableFromInline let store: AnyStore
    @usableFromInline var index = 0
    @usableFromInline var borrowed: [ResourceBox] = []

    @inlinable
    init(result: UnsafePointer<wasmtime_component_val_t>, isTuple: Bool, store: AnyStore) {
        unsafe self.result = unsafe result
        self.isTuple = isTuple
        self.store = store
    }

    @inlinable @inline(__always)
    mutating func next<T: ComponentLiftable>(_ type: T.Type) throws -> T {
        defer { index += 1 }
        guard isTuple else { return unsafe try liftValue(T.self, from: result, store: store, borrowed: &borrowed) }
        return unsafe try liftValue(T.self, from: tupleElement(), store: store, borrowed: &borrowed)
    }

    /// The tuple element at `index`.
    @usableFromInline
    func tupleElement() throws -> UnsafePointer<wasmtime_component_val_t> {
        let tuple = unsafe result.pointee.of.tuple
        guard unsafe result.pointee.kind == ValKind.tuple, unsafe index < tuple.size, let data = unsafe tuple.data
        else {
            throw WasmtimeError(.typeMismatch, "the result is not a tuple of \(index + 1) or more elements")
        }
        return unsafe UnsafePointer(data + index)
    }
}
