import CWasmtime

/// A host closure adapted to Wasmtime's unchecked callback: it reads its
/// arguments from, and writes its results to, the raw slot buffer, and
/// returns the trap to raise (from ``HostFunction/failed(_:caller:)``) or nil.
/// It does not throw, so the C entry point needs no error register.
@usableFromInline typealias RawHostCall = (OpaquePointer, UnsafeMutableRawPointer) -> OpaquePointer?

/// The `env` object behind every host function: owns the closure; released
/// by Wasmtime through ``hostFunctionFinalizer``.
@usableFromInline final class HostFunction {
    let type: FuncType
    /// The adapter that converts arguments and results (unused for `voidBody`).
    let invoke: RawHostCall
    /// A closure without parameters, results or caller, which needs no
    /// adapter: its own C entry point calls it directly. (Neither closure
    /// is optional: calling an optional closure reabstracts it, which
    /// allocates on every call.)
    let voidBody: () throws -> Void
    /// The C entry point Wasmtime calls for this function.
    let trampoline: wasmtime_func_unchecked_callback_t

    @usableFromInline init(type: FuncType, invoke: @escaping RawHostCall) {
        self.type = type
        self.invoke = invoke
        voidBody = {}
        trampoline = hostFunctionTrampoline
    }

    @usableFromInline init(voidBody: @escaping () throws -> Void) {
        type = FuncType()
        invoke = { _, _ in nil }
        self.voidBody = voidBody
        trampoline = voidHostFunctionTrampoline
    }

    /// Adapts a throwing closure: its error becomes the returned trap.
    convenience init(type: FuncType, throwing body: @escaping (OpaquePointer, UnsafeMutableRawPointer) throws -> Void) {
        self.init(type: type) { caller, slots in
            do {
                try body(caller, slots)
                return nil
            } catch {
                return HostFunction.failed(error, caller: caller)
            }
        }
    }

    /// A +1 reference for Wasmtime to own.
    func retainedEnv() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}

/// The single C entry point of all host functions.
let hostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, _ in
    // Wasmtime owns a reference to `env` for as long as the function exists,
    // and never passes null pointers here.
    Unmanaged<HostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        $0.invoke(caller.unsafelyUnwrapped, UnsafeMutableRawPointer(slots.unsafelyUnwrapped))
    }
}

/// The C entry point of host functions without parameters and results:
/// one call less than going through an adapter.
let voidHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, _, _ in
    do {
        try Unmanaged<HostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
            try $0.voidBody()
        }
        return nil
    } catch {
        return HostFunction.failed(error, caller: caller.unsafelyUnwrapped)
    }
}

extension HostFunction {
    /// Turns a host closure's error into the trap to return to Wasmtime. A
    /// Swift error must never unwind through Wasmtime's frames: it is parked
    /// in the store, and the call into wasm that the trap unwinds rethrows it.
    @usableFromInline @inline(never)
    static func failed(_ error: any Error, caller: OpaquePointer) -> OpaquePointer? {
        let store = AnyStore.of(caller: caller)
        store.pendingError = error
        let message = "host function failed: \(error)"
        return withUTF8(message) { wasmtime_trap_new($0, $1) }
    }
}

let hostFunctionFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    Unmanaged<HostFunction>.fromOpaque(env!).release()
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
        HostFunction(type: typeOf((repeat each P).self, (repeat each R).self), throwing: { caller, slots in
            let store = AnyStore.of(caller: caller)
            var cursor = RawSlotCursor(slots)
            let results = try body(repeat cursor.next((each P).self, store: store))
            try storeResults(repeat each results, to: slots, store: store)
        })
    }

    /// Adapts a typed closure that takes the caller first.
    static func typed<each P: WasmValue, each R: WasmValue>(
        _ body: @escaping (borrowing Caller, repeat each P) throws -> (repeat each R)
    ) -> HostFunction {
        HostFunction(type: typeOf((repeat each P).self, (repeat each R).self), throwing: { caller, slots in
            let store = AnyStore.of(caller: caller)
            var cursor = RawSlotCursor(slots)
            let results = try body(Caller(raw: caller), repeat cursor.next((each P).self, store: store))
            try storeResults(repeat each results, to: slots, store: store)
        })
    }

    @inline(__always)
    private static func storeResults<each R: WasmValue>(
        _ results: repeat each R, to slots: UnsafeMutableRawPointer, store: AnyStore
    ) throws(WasmtimeError) {
        var slot = slots
        for result in repeat each results {
            // Slots still hold arguments; references write only 4 or 8 bytes.
            slot.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<wasmtime_val_raw_t>.stride)
            try result._store(to: slot, store: store)
            slot += MemoryLayout<wasmtime_val_raw_t>.stride
        }
        store.releaseTemporaryRoots()
    }
}

extension Value {
    /// Reads a raw slot whose type is known from a signature.
    static func load(_ type: ValueType, from slot: UnsafeRawPointer, store: AnyStore) -> Value {
        switch type {
        case .i32: return .i32(Int32._load(from: slot, store: store))
        case .i64: return .i64(Int64._load(from: slot, store: store))
        case .f32: return .f32(Float._load(from: slot, store: store))
        case .f64: return .f64(Double._load(from: slot, store: store))
        case .v128: return .v128(V128._load(from: slot, store: store))
        case .ref(let ref):
            switch ref.heapType.top {
            case .func: return .funcref(Func?._load(from: slot, store: store))
            case .extern: return .externref(ExternRef?._load(from: slot, store: store))
            case .exn: return .exnref(ExnRef?._load(from: slot, store: store))
            default: return .anyref(AnyRef?._load(from: slot, store: store))
            }
        }
    }

    /// Writes the value into a zeroed raw slot.
    func storeRaw(to slot: UnsafeMutableRawPointer, store: AnyStore) throws(WasmtimeError) {
        switch self {
        case .i32(let v): v._store(to: slot, store: store)
        case .i64(let v): v._store(to: slot, store: store)
        case .f32(let v): v._store(to: slot, store: store)
        case .f64(let v): v._store(to: slot, store: store)
        case .v128(let v): v._store(to: slot, store: store)
        case .funcref(let f): try f._store(to: slot, store: store)
        case .externref(let e): try e._store(to: slot, store: store)
        case .anyref(let a): try a._store(to: slot, store: store)
        case .exnref(let e): try e._store(to: slot, store: store)
        }
    }
}

extension Func {
    /// Defines a host function in `store` from a typed closure.
    ///
    /// The signature comes from the closure's parameter and result types.
    /// Errors the closure throws come out of the call into wasm unchanged.
    /// The closure must not capture `store` or its objects strongly, or the
    /// store can never be freed; reach them through a ``Caller`` instead.
    @_disfavoredOverload
    public init<each P: WasmValue, each R: WasmValue>(
        store: AnyStore, _ body: @escaping (repeat each P) throws -> (repeat each R)
    ) {
        self.init(store: store, host: .typed(body))
    }

    /// Defines a host function in `store` from a typed closure that receives
    /// the ``Caller`` first.
    @_disfavoredOverload
    public init<each P: WasmValue, each R: WasmValue>(
        store: AnyStore, _ body: @escaping (borrowing Caller, repeat each P) throws -> (repeat each R)
    ) {
        self.init(store: store, host: .typed(body))
    }

    /// Defines a host function in `store` whose signature is known only at run time.
    ///
    /// The closure receives arguments matching `type.parameters` and must
    /// return values matching `type.results`, or the call fails with a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``.
    public init(store: AnyStore, type: FuncType, _ body: @escaping (borrowing Caller, [Value]) throws -> [Value]) {
        self.init(store: store, host: .untyped(type, body))
    }

    /// Defines a host function in `store` whose signature is known only at
    /// run time, without allocating per call: the closure reads `arguments`
    /// and assigns `results` in place (they start as zeros or nulls of their
    /// types). Results that do not match `type.results` fail the call with a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``.
    ///
    /// ```swift
    /// let add = Func(store: store, type: FuncType(parameters: [.i32, .i32], results: [.i32])) {
    ///     _, arguments, results in
    ///     results[0] = .i32(arguments[0].i32! &+ arguments[1].i32!)
    /// }
    /// ```
    public init(
        store: AnyStore, type: FuncType,
        _ body: @escaping (borrowing Caller, borrowing HostArguments, inout HostResults) throws -> Void
    ) {
        self.init(store: store, host: .untyped(type, body))
    }

    @usableFromInline init(store: AnyStore, host: HostFunction) {
        let functype = host.type.makeRaw(engine: store.engine)
        defer { wasm_functype_delete(functype) }
        var raw = wasmtime_func_t()
        wasmtime_func_new_unchecked(store.context, functype, host.trampoline,
                                    host.retainedEnv(), hostFunctionFinalizer, &raw)
        self.init(store: store, raw: raw)
    }
}
