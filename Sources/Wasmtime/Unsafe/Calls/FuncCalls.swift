import CWasmtime

// Calls into wasm: the function handle, Wasmtime's unchecked call on a raw
// slot buffer (typed and untyped), and the checked call for signatures the
// Swift-side check cannot verify exactly.

/// A `wasmtime_func_t`: a function of the store that the owning ``Func`` keeps alive.
@safe @frozen @usableFromInline struct FuncHandle: Hashable {
    @usableFromInline let raw: wasmtime_func_t

    @inlinable init(_ raw: wasmtime_func_t) {
        unsafe self.raw = unsafe raw
    }

    /// The store id Wasmtime put in the handle.
    var storeID: UInt64 { unsafe raw.store_id }

    @usableFromInline static func == (lhs: FuncHandle, rhs: FuncHandle) -> Bool {
        unsafe lhs.raw.store_id == rhs.raw.store_id && lhs.raw.__private == rhs.raw.__private
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
        unsafe hasher.combine(raw.store_id)
        unsafe hasher.combine(raw.__private)
    }

    /// Asks Wasmtime for the function's type (allocates; the store caches it).
    func type(in context: StoreContext) -> FuncType {
        var raw = unsafe raw
        return unsafe FuncType(taking: wasmtime_func_type(context.pointer, &raw))
    }
}

extension Func {
    /// The unchecked call on a prepared slot buffer, for the typed calls
    /// that are specialized in client code.
    @inlinable @inline(__always)
    func callUnchecked(_ slots: RawSlots, store: AnyStore) throws {
        if unsafe _slowPath(store.refusesSynchronousCalls) { throw store.synchronousCallError() }
        store.releaseTemporaryRoots()
        var raw = unsafe handle.raw
        var trap: OpaquePointer?
        let error = unsafe wasmtime_func_call_unchecked(store.context.pointer, &raw, slots.cPointer, slots.count, &trap)
        if unsafe _slowPath(error != nil || trap != nil) {
            throw unsafe store.callFailure(error: error, trap: trap)
        }
    }

    /// An untyped call: through the unchecked path with a stack buffer,
    /// unless the signature needs Wasmtime's own checks.
    func callUntyped(
        _ arguments: [Value], into results: inout [Value],
        signature: CallSignature, store: AnyStore
    ) throws {
        guard unsafe arguments.count == signature.parameters.count else {
            throw WasmtimeError(
                .typeMismatch,
                unsafe "function \(signature.type) expects \(signature.parameters.count) argument(s), got \(arguments.count)"
            )
        }
        if signature.needsCheckedCall {
            results = try callChecked(arguments, signature: signature)
            return
        }
        let slotCount = unsafe max(arguments.count, signature.results.count, 1)
        // Up to four slots fit in a fixed stack buffer.
        if slotCount <= 4 {
            var buffer = (RawSlot(), RawSlot(), RawSlot(), RawSlot())
            try RawSlots.with(&buffer) { slots in
                unsafe try callUnchecked(
                    arguments, into: &results, slots: RawSlots(base: slots.base, count: slotCount),
                    signature: signature, store: store)
            }
        } else {
            try RawSlots.withTemporary(count: slotCount) { slots in
                try callUnchecked(arguments, into: &results, slots: slots, signature: signature, store: store)
            }
        }
    }

    /// The untyped call through Wasmtime's unchecked path. Arguments are
    /// checked as they are stored, so it is safe, and it avoids the C API's
    /// own per-call conversions.
    @inline(__always)
    private func callUnchecked(
        _ arguments: [Value], into results: inout [Value], slots: RawSlots,
        signature: CallSignature, store: AnyStore
    ) throws {
        // Elements are read and written in place: through the array's own
        // subscripts each one would be copied and destroyed, and the result
        // array checked for uniqueness once per element.
        unsafe try arguments.withUnsafeBufferPointer { values in
            for index in values.indices {
                unsafe try signature.storeArgument(values[index], index, to: slots, store: store)
            }
        }
        try callUnchecked(slots, store: store)
        let resultCount = unsafe signature.results.count
        if results.count != resultCount {
            results.removeAll(keepingCapacity: true)
            for index in 0..<resultCount {
                results.append(signature.loadResult(index, from: slots, store: store))
            }
            return
        }
        // (Lending an empty array's buffer would copy the shared empty storage.)
        guard resultCount > 0 else { return }
        unsafe results.withUnsafeMutableBufferPointer { values in
            for index in 0..<resultCount {
                let result = signature.loadResult(index, from: slots, store: store)
                let element = unsafe values.baseAddress.unsafelyUnwrapped + index
                // A number has nothing to release: the old value is overwritten.
                if unsafe element.pointee.isNumber {
                    unsafe element.initialize(to: result)
                } else {
                    unsafe element.pointee = result
                }
            }
        }
    }

    /// Calls through Wasmtime's checked path, which verifies concrete
    /// reference types exactly (the Swift-side check only approximates them).
    private func callChecked(_ arguments: [Value], signature: CallSignature) throws -> [Value] {
        try store.checkSynchronousCallsAllowed()
        for (index, (argument, expected)) in zip(arguments, signature.type.parameters).enumerated() {
            try argument.check(store: store)
            guard argument.matches(expected) else {
                throw WasmtimeError(
                    .typeMismatch,
                    "argument \(index) has type \(argument.type), expected \(expected)")
            }
        }
        let resultCount = unsafe signature.results.count
        var raws: [wasmtime_val_t] = unsafe []
        // The externref roots stay until the call returns (GCRoots.swift).
        var roots = TemporaryRoots()
        defer { roots.releaseAll() }
        for argument in arguments {
            if case .externref(let reference?) = argument {
                var raw = unsafe wasmtime_val_t()
                unsafe raw.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
                unsafe raw.of.externref = unsafe reference.makeRooted(store: store)
                unsafe roots.append(raw.of.externref)
                unsafe raws.append(raw)
            } else {
                unsafe argument.withRaw(store: store) { unsafe raws.append($0) }
            }
        }
        var results = unsafe [wasmtime_val_t](repeating: wasmtime_val_t(), count: resultCount)
        var raw = unsafe handle.raw
        var trap: OpaquePointer?
        let error = unsafe wasmtime_func_call(
            store.context.pointer, &raw, raws, raws.count, &results, resultCount, &trap)
        if unsafe error != nil || trap != nil {
            throw unsafe store.callFailure(error: error, trap: trap)
        }
        return unsafe results.indices.map { unsafe Value(taking: &results[$0], store: store) }
    }
}
