import CWasmtime

/// A host closure adapted to Wasmtime's unchecked callback: it reads its
/// arguments from, and writes its results to, the raw slot buffer, and
/// returns the trap to raise (from ``HostFunction/failed(_:caller:)``) or nil.
/// It does not throw, so the C entry point needs no error register.
///
/// It takes the C entry point's own arguments in the same order (`env`
/// first, unused), so the entry point passes them on without moving any.
@usableFromInline typealias RawHostCall = (HostEnv, CallerContext, RawSlots) -> HostTrap?

/// The `env` pointer as a closure adapter receives it (and ignores).
@safe @frozen @usableFromInline struct HostEnv {
    @usableFromInline let pointer: UnsafeMutableRawPointer

    @inlinable init(_ pointer: UnsafeMutableRawPointer) {
        unsafe self.pointer = unsafe pointer
    }
}

/// The `env` object behind every host function, released by Wasmtime
/// through ``hostFunctionFinalizer``. Each kind of host function is a
/// subclass with a C entry point of its own, which finds its fields in
/// `env` directly.
@safe @usableFromInline class HostFunction {
    let type: FuncType
    /// The C entry point Wasmtime calls for this function.
    let trampoline: wasmtime_func_unchecked_callback_t

    init(type: FuncType, trampoline: wasmtime_func_unchecked_callback_t) {
        self.type = type
        unsafe self.trampoline = unsafe trampoline
    }

    /// A +1 reference for Wasmtime to own.
    func retainedEnv() -> UnsafeMutableRawPointer {
        unsafe Unmanaged.passRetained(self).toOpaque()
    }
}

/// A host function whose adapter is a closure: typed host functions, whose
/// adapters are specialized in the module that defines them.
@safe @usableFromInline final class ClosureHostFunction: HostFunction {
    /// The adapter that converts arguments and results.
    let invoke: RawHostCall

    @usableFromInline init(type: FuncType, invoke: @escaping RawHostCall) {
        self.invoke = invoke
        unsafe super.init(type: type, trampoline: closureHostFunctionTrampoline)
    }

    /// Adapts a throwing closure: its error becomes the returned trap.
    convenience init(type: FuncType, throwing body: @escaping (CallerContext, RawSlots) throws -> Void) {
        self.init(type: type) { _, caller, slots in
            do {
                try body(caller, slots)
                return nil
            } catch {
                return HostFunction.failed(error, caller: caller)
            }
        }
    }
}

/// A host function from a closure without parameters, results or caller,
/// which needs no adapter: its own C entry point calls it directly. (A
/// closure that captures values is not inlined into an adapter, so the
/// adapter would be one more call.)
@safe @usableFromInline final class VoidHostFunction: HostFunction {
    let body: () throws -> Void

    @usableFromInline init(_ body: @escaping () throws -> Void) {
        self.body = body
        unsafe super.init(type: FuncType(), trampoline: voidHostFunctionTrampoline)
    }
}

/// The C entry point of ``VoidHostFunction``.
let voidHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, _, _ in
    do {
        unsafe try Unmanaged<VoidHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
            try $0.body()
        }
        return nil
    } catch {
        return unsafe HostFunction.failed(error, caller: CallerContext(caller.unsafelyUnwrapped))?.pointer
    }
}

/// A ``VoidHostFunction`` whose closure cannot throw: its entry point
/// calls it without the error register and the catch.
@safe @usableFromInline final class NonThrowingVoidHostFunction: HostFunction {
    let body: () -> Void

    @usableFromInline init(_ body: @escaping () -> Void) {
        self.body = body
        unsafe super.init(type: FuncType(), trampoline: nonThrowingVoidHostFunctionTrampoline)
    }
}

/// The C entry point of ``NonThrowingVoidHostFunction``.
let nonThrowingVoidHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, _, _, _ in
    unsafe Unmanaged<NonThrowingVoidHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        $0.body()
    }
    return nil
}

/// The C entry point of closure-backed host functions: it only loads the
/// closure, whose parameters take the same registers as its own.
let closureHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, count in
    // Wasmtime owns a reference to `env` for as long as the function exists,
    // and never passes null pointers here; the buffer holds `count` slots.
    unsafe Unmanaged<ClosureHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        unsafe $0.invoke(
            HostEnv(env.unsafelyUnwrapped), CallerContext(caller.unsafelyUnwrapped),
            RawSlots(base: UnsafeMutableRawPointer(slots.unsafelyUnwrapped), count: count))?.pointer
    }
}

extension HostFunction {
    /// Turns a host closure's error into the trap to return to Wasmtime. A
    /// Swift error must never unwind through Wasmtime's frames: it is parked
    /// in the store, and the call into wasm that the trap unwinds rethrows it.
    @usableFromInline @inline(never)
    static func failed(_ error: any Error, caller: CallerContext) -> HostTrap? {
        let store = caller.store
        // A WasmException is raised in wasm (see ExceptionBox.swift); one
        // that cannot be raised fails the call with the reason instead.
        if let exception = WasmException.from(error) {
            switch exception.raise(in: store) {
            case .success(let trap): return trap
            case .failure(let reason): return park(reason, in: store)
            }
        }
        return park(error, in: store)
    }

    /// Parks `error` in `store` for the call into wasm to rethrow, and
    /// returns the trap that unwinds to it.
    private static func park(_ error: any Error, in store: AnyStore) -> HostTrap? {
        store.pendingError = error
        let message = "host function failed: \(error)"
        return unsafe withUTF8(message) { unsafe wasmtime_trap_new($0, $1) }.map { unsafe HostTrap($0) }
    }
}

let hostFunctionFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<HostFunction>.fromOpaque(env!).release()
}

extension HostFunction {
    static func typeOf<each P: WasmValue, each R: WasmValue>(
        _ parameters: (repeat each P).Type, _ results: (repeat each R).Type
    ) -> FuncType {
        var type = FuncType()
        for p in repeat (each P).self { type.parameters.append(p.valueType) }
        for r in repeat (each R).self { type.results.append(r.valueType) }
        return type
    }

    /// Adapts a typed closure without a caller.
    static func typed<each P: WasmValue, each R: WasmValue>(
        _ body: @escaping (repeat each P) throws -> (repeat each R)
    ) -> HostFunction {
        ClosureHostFunction(
            type: typeOf((repeat each P).self, (repeat each R).self),
            throwing: { caller, slots in
                let store = caller.store
                var cursor = RawSlotCursor(slots)
                let results = try body(repeat cursor.next((each P).self, store: store))
                try storeResults(repeat each results, to: slots, store: store)
            })
    }

    /// Adapts a typed closure that takes the caller first.
    static func typed<each P: WasmValue, each R: WasmValue>(
        _ body: @escaping (borrowing Caller, repeat each P) throws -> (repeat each R)
    ) -> HostFunction {
        ClosureHostFunction(
            type: typeOf((repeat each P).self, (repeat each R).self),
            throwing: { caller, slots in
                let store = caller.store
                var cursor = RawSlotCursor(slots)
                let results = try body(Caller(caller), repeat cursor.next((each P).self, store: store))
                try storeResults(repeat each results, to: slots, store: store)
            })
    }

    @inline(__always)
    private static func storeResults<each R: WasmValue>(
        _ results: repeat each R, to slots: RawSlots, store: AnyStore
    ) throws(WasmtimeError) {
        var index = 0
        for result in repeat each results {
            // Slots still hold arguments.
            try slots.overwrite(result, at: index, store: store)
            index += 1
        }
        store.releaseTemporaryRoots()
    }
}

extension Func {
    @usableFromInline init(store: AnyStore, host: HostFunction) {
        let functype = unsafe host.type.makeRaw(engine: store.engine)
        defer { unsafe wasm_functype_delete(functype) }
        var raw = unsafe wasmtime_func_t()
        unsafe wasmtime_func_new_unchecked(
            store.context.pointer, functype, host.trampoline,
            host.retainedEnv(), hostFunctionFinalizer, &raw)
        unsafe self.init(store: store, handle: FuncHandle(raw))
    }
}
