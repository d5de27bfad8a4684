import CWasmtime

// The store's C side: its context, the back pointer from the context to
// the Swift store, and unowned borrows on call paths.

extension StoreContext {
    /// Makes the context point back at its Swift store, unretained: the
    /// store owns the context, so the pointer is valid whenever a callback
    /// can see it.
    func attach(_ store: AnyStore) {
        unsafe wasmtime_context_set_data(pointer, Unmanaged.passUnretained(store).toOpaque())
    }

    func fuel() throws(WasmtimeError) -> UInt64 {
        var fuel: UInt64 = 0
        unsafe try CAPI.check(wasmtime_context_get_fuel(pointer, &fuel), .configuration)
        return fuel
    }

    func setFuel(_ fuel: UInt64) throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_context_set_fuel(pointer, fuel), .configuration)
    }

    func setEpochDeadline(_ ticks: UInt64) {
        unsafe wasmtime_context_set_epoch_deadline(pointer, ticks)
    }

    func collectGarbage() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_context_gc(pointer), .runtime)
    }

    // WORKAROUND(wasmtime-50): the C API has no getter for a store's id, which
    // every item handle carries; it is read off a tiny constant global.
    func probeStoreID() -> UInt64 {
        let type = unsafe wasm_globaltype_new(wasm_valtype_new(wasm_valkind_t(WASM_I32)), wasm_mutability_t(WASM_CONST))
        defer { unsafe wasm_globaltype_delete(type) }
        var value = unsafe wasmtime_val_t()
        unsafe value.kind = wasmtime_valkind_t(WASMTIME_I32)
        var global = wasmtime_global_t()
        if let error = unsafe wasmtime_global_new(pointer, type, &value, &global) {
            unsafe wasmtime_error_delete(error)
            return 0
        }
        return global.store_id
    }
}

extension StoreHandle {
    func setLimits(memorySize: Int64, tableElements: Int64, instances: Int64, tables: Int64, memories: Int64) {
        unsafe wasmtime_store_limiter(pointer, memorySize, tableElements, instances, tables, memories)
    }
}

extension AnyStore {
    /// Lends the store to `body` without a retain/release pair: on call
    /// paths the caller already keeps it alive.
    @inlinable @inline(__always)
    final func withGuaranteedReference<R>(_ body: (AnyStore) throws -> R) rethrows -> R {
        unsafe try Unmanaged.passUnretained(self)._withUnsafeGuaranteedRef(body)
    }

    /// Looks up the Swift store behind a `wasmtime_context_t` of this package.
    @inlinable @inline(__always)
    static func from(context: StoreContext) -> AnyStore {
        unsafe Unmanaged<AnyStore>.fromOpaque(wasmtime_context_get_data(context.pointer)!).takeUnretainedValue()
    }

    /// Lends the cached signature of `function` to `body` without reference
    /// counting: the cache keeps it alive as long as the store. Repeated
    /// calls of one function take the inline path.
    @inline(__always)
    func withSignature<R>(of function: FuncHandle, _ body: (CallSignature) throws -> R) rethrows -> R {
        if let last = lastSignature, last.key == function {
            return try last.signature.with(body)
        }
        return try cachedSignature(of: function).with(body)
    }

    /// Looks up (or creates) the signature of `function` and makes it the
    /// most recent one.
    @inline(never)
    private func cachedSignature(of function: FuncHandle) -> BorrowedSignature {
        let signature =
            signatures[function]
            ?? {
                let created = CallSignature(function.type(in: context))
                signatures[function] = created
                return created
            }()
        let borrowed = BorrowedSignature(signature)
        lastSignature = (function, borrowed)
        return borrowed
    }
}

/// An unowned reference to a signature that something else keeps alive
/// (the store's cache, or the host adapter that created the borrower).
@safe @usableFromInline struct BorrowedSignature {
    @usableFromInline let reference: Unmanaged<CallSignature>

    init(_ signature: CallSignature) {
        unsafe reference = unsafe .passUnretained(signature)
    }

    @inlinable @inline(__always)
    func with<R>(_ body: (CallSignature) throws -> R) rethrows -> R {
        unsafe try reference._withUnsafeGuaranteedRef(body)
    }
}
