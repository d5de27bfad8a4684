import CWasmtime

/// The `env` behind a typed component host function: lifts the C arguments
/// straight into Swift values, calls the closure and lowers its result into
/// the C result slot. Released by Wasmtime through the finalizer.
///
/// `make` is inlinable, so the closure lifting and lowering a host
/// function's Swift types is specialized in client code (no generic
/// metadata or witness tables per call).
@safe @usableFromInline final class TypedComponentHostFunction {
    @usableFromInline typealias Body = (
        _ store: AnyStore, _ type: OpaquePointer,
        _ arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, _ argumentCount: Int,
        _ results: UnsafeMutablePointer<wasmtime_component_val_t>?, _ resultCount: Int
    ) throws -> Void

    let body: Body

    @usableFromInline
    init(_ body: @escaping Body) {
        unsafe self.body = unsafe body
    }

    /// A host function calling `body` with the store, a way to read the
    /// imported function's type (a conversion, for ``ComponentCaller``) and
    /// the lifted arguments.
    @inlinable
    static func make<each P: ComponentLiftable, each R: ComponentLowerable>(
        _ body: @escaping (repeat each P) throws -> (repeat each R)
    ) -> TypedComponentHostFunction {
        let shape = Shape((repeat each P).self, (repeat each R).self)
        return unsafe TypedComponentHostFunction { store, type, arguments, argumentCount, results, resultCount in
            try shape.check(argumentCount, resultCount)
            var cursor = unsafe ArgumentCursor(arguments: arguments, store: store)
            defer { for box in cursor.borrowed { box.markExpired() } }
            let produced = try body(repeat try cursor.next((each P).self))
            guard shape.results > 0, let results = unsafe results else { return }
            unsafe try lowerHostResults(repeat each produced, count: shape.results, into: results, store: store)
        }
    }

    @inlinable
    static func make<each P: ComponentLiftable, each R: ComponentLowerable>(
        _ body: @escaping (borrowing ComponentCaller, repeat each P) throws -> (repeat each R)
    ) -> TypedComponentHostFunction {
        let shape = Shape((repeat each P).self, (repeat each R).self)
        return unsafe TypedComponentHostFunction { store, type, arguments, argumentCount, results, resultCount in
            try shape.check(argumentCount, resultCount)
            var cursor = unsafe ArgumentCursor(arguments: arguments, store: store)
            defer { for box in cursor.borrowed { box.markExpired() } }
            let caller = ComponentCaller(store: store, type: unsafe ComponentFuncType(borrowing: type))
            let produced = try body(caller, repeat try cursor.next((each P).self))
            guard shape.results > 0, let results = unsafe results else { return }
            unsafe try lowerHostResults(repeat each produced, count: shape.results, into: results, store: store)
        }
    }

    /// The Swift signature's arity, checked against each call's.
    @usableFromInline struct Shape {
        @usableFromInline let parameters: Int
        @usableFromInline let results: Int

        @inlinable
        init<each P, each R>(_ parameters: (repeat each P).Type, _ results: (repeat each R).Type) {
            var parameterCount = 0
            for _ in repeat (each P).self { parameterCount += 1 }
            var resultCount = 0
            for _ in repeat (each R).self { resultCount += 1 }
            self.parameters = parameterCount
            self.results = resultCount
        }

        @inlinable
        func check(_ argumentCount: Int, _ resultCount: Int) throws(WasmtimeError) {
            guard argumentCount == parameters, resultCount == min(results, 1) else {
                throw mismatch(argumentCount, resultCount)
            }
        }

        @usableFromInline
        func mismatch(_ argumentCount: Int, _ resultCount: Int) -> WasmtimeError {
            WasmtimeError(
                .typeMismatch,
                "typed host function called with \(argumentCount) argument(s) and \(resultCount) result(s); "
                    + "its Swift signature has \(parameters) and \(results)")
        }
    }

    /// Runs the closure for one call; a thrown error is returned, never unwound through C.
    func invoke(
        context: OpaquePointer, type: OpaquePointer,
        arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, argumentCount: Int,
        results: UnsafeMutablePointer<wasmtime_component_val_t>?, resultCount: Int
    ) -> OpaquePointer? {
        let store = unsafe AnyStore.from(context: StoreContext(context))
        do {
            unsafe try body(store, type, arguments, argumentCount, results, resultCount)
            return nil
        } catch {
            return unsafe store.hostFunctionFailure(error)
        }
    }
}

/// Lowers a host function's result into its slot (a tuple for several
/// Swift results). Results cannot be borrows, so owned handles move to the
/// guest. On failure the slot is emptied again, so nothing half-built is left.
@inlinable @inline(__always)
func lowerHostResults<each R: ComponentLowerable>(
    _ values: repeat each R, count: Int, into slot: UnsafeMutablePointer<wasmtime_component_val_t>, store: AnyStore
) throws {
    unsafe slot.initialize(to: wasmtime_component_val_t())
    var moved: [ResourceBox] = []
    do {
        if count == 1 {
            for value in repeat each values {
                unsafe try lowerValue(value, into: slot, expected: nil, store: store, moved: &moved)
            }
        } else {
            var lowerer = unsafe ComponentLowerer(slot: slot, expected: nil, store: store)
            try lowerer.tuple(count: count) { tuple in
                for value in repeat each values { try tuple.element(value) }
            }
            moved = lowerer.moved
        }
    } catch {
        unsafe wasmtime_component_val_delete(slot)
        unsafe slot.initialize(to: wasmtime_component_val_t())
        throw error
    }
    for box in moved { box.markMoved() }
}

/// Reads a host call's arguments in order.
@safe @usableFromInline struct ArgumentCursor {
    @usableFromInline let arguments: UnsafeMutablePointer<wasmtime_component_val_t>?
    @usableFromInline let store: AnyStore
    @usableFromInline var index = 0
    @usableFromInline var borrowed: [ResourceBox] = []

    @inlinable
    init(arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, store: AnyStore) {
        unsafe self.arguments = unsafe arguments
        self.store = store
    }

    @inlinable @inline(__always)
    mutating func next<T: ComponentLiftable>(_ type: T.Type) throws -> T {
        defer { index += 1 }
        do {
            return unsafe try liftValue(T.self, from: arguments! + index, store: store, borrowed: &borrowed)
        } catch let error as WasmtimeError {
            throw Self.argumentError(error, index: index)
        }
    }

    @usableFromInline
    static func argumentError(_ error: WasmtimeError, index: Int) -> WasmtimeError {
        WasmtimeError(error.kind, "argument \(index): \(error.message)")
    }
}

extension ComponentLinkerHandle {
    func defineTypedFunction(in path: [String], name: String, _ function: TypedComponentHostFunction)
        throws(WasmtimeError)
    {
        unsafe try withInstance(path) { instance throws(WasmtimeError) in
            let env = unsafe Unmanaged.passRetained(function).toOpaque()
            // The finalizer runs even when the definition fails, releasing `env`.
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_func(
                    instance, $0, $1, typedComponentHostTrampoline, env, typedComponentHostFinalizer)
            }
            unsafe try CAPI.check(error, .linking)
        }
    }
}

/// The single C entry point of all typed component host functions.
let typedComponentHostTrampoline: wasmtime_component_func_callback_t = {
    env, context, type, args, nargs, results, nresults in
    unsafe Unmanaged<TypedComponentHostFunction>.fromOpaque(env!).takeUnretainedValue()
        .invoke(
            context: context!, type: type!, arguments: args, argumentCount: nargs,
            results: results, resultCount: nresults)
}

let typedComponentHostFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<TypedComponentHostFunction>.fromOpaque(env!).release()
}
