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
        try Self.callUnchecked(handle, slots, store: store)
    }

    /// The unchecked call of the function `handle` of `store`.
    @inlinable @inline(__always)
    static func callUnchecked(_ handle: FuncHandle, _ slots: RawSlots, store: AnyStore) throws {
        if unsafe _slowPath(store.refusesSynchronousCalls) { throw store.synchronousCallError() }
        store.releaseTemporaryRoots()
        var raw = unsafe handle.raw
        var trap: OpaquePointer?
        // Lent without a stack protector (as `&raw` would be): Wasmtime only
        // reads the handle and writes one pointer to `trap`.
        let error = unsafe _withUnprotectedUnsafeMutablePointer(to: &raw) { raw in
            unsafe _withUnprotectedUnsafeMutablePointer(to: &trap) { trap in
                unsafe wasmtime_func_call_unchecked(store.context.pointer, raw, slots.cPointer, slots.count, trap)
            }
        }
        if unsafe _slowPath(error != nil || trap != nil) {
            throw unsafe store.callFailure(error: error, trap: trap)
        }
    }

    /// An untyped call, inlined into ``call(_:into:)`` so the common case
    /// (a signature the Swift-side check verifies exactly, at most four
    /// slots) runs in one frame; everything else is out of line.
    @inline(__always)
    func callUntyped(
        _ arguments: [Value], into results: inout [Value],
        signature: CallSignature, store: AnyStore
    ) throws {
        guard unsafe arguments.count == signature.parameters.count else {
            throw Self.argumentCountMismatch(signature, arguments.count)
        }
        let slotCount = signature.inlineSlotCount
        guard _fastPath(slotCount != 0) else {
            return try callUntypedSlowly(arguments, into: &results, signature: signature, store: store)
        }
        // Uninitialized and without a stack protector: every argument slot is
        // written in full before the call, the others are zeroed, and
        // Wasmtime writes at most `slotCount` slots.
        unsafe try _withUnprotectedUnsafeTemporaryAllocation(of: RawSlot.self, capacity: 4) { buffer in
            let slots = unsafe RawSlots(
                base: UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped), count: slotCount)
            try callUnchecked(arguments, into: &results, slots: slots, signature: signature, store: store)
        }
    }

    /// The error for a call with the wrong number of arguments.
    @inline(never)
    private static func argumentCountMismatch(_ signature: CallSignature, _ count: Int) -> WasmtimeError {
        WasmtimeError(
            .typeMismatch,
            unsafe "function \(signature.type) expects \(signature.parameters.count) argument(s), got \(count)")
    }

    /// The untyped calls the fast path leaves out: concrete reference
    /// parameters (Wasmtime's checked call) and more than four slots.
    @inline(never)
    private func callUntypedSlowly(
        _ arguments: [Value], into results: inout [Value],
        signature: CallSignature, store: AnyStore
    ) throws {
        if signature.needsCheckedCall {
            results = try callChecked(arguments, signature: signature)
            return
        }
        let slotCount = unsafe max(arguments.count, signature.results.count, 1)
        try RawSlots.withTemporary(count: slotCount) { slots in
            try callUnchecked(arguments, into: &results, slots: slots, signature: signature, store: store)
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
        let parameterCount = arguments.count
        // Elements are read in place: through the array's own subscript each
        // one would be copied and destroyed.
        unsafe try arguments.withUnsafeBufferPointer { values in
            let base = unsafe values.baseAddress.unsafelyUnwrapped
            for index in 0..<parameterCount {
                unsafe try signature.storeArgument(base + index, index, to: slots, store: store)
            }
        }
        // Result slots past the arguments: Wasmtime expects a zeroed buffer.
        for index in parameterCount..<slots.count {
            slots.zero(at: index)
        }
        try callUnchecked(slots, store: store)
        let resultCount = unsafe signature.results.count
        guard _fastPath(results.count == resultCount) else {
            return Self.replaceResults(&results, from: slots, signature: signature, store: store)
        }
        // (Lending an empty array's buffer would copy the shared empty storage.)
        guard resultCount > 0 else { return }
        // Written in place, after one uniqueness check of the array.
        unsafe results.withUnsafeMutableBufferPointer { values in
            let base = unsafe values.baseAddress.unsafelyUnwrapped
            for index in 0..<resultCount {
                let result = signature.loadResult(index, from: slots, store: store)
                let element = unsafe base + index
                // A number has nothing to release: the old value is overwritten.
                if unsafe element.pointee.isNumber {
                    unsafe element.initialize(to: result)
                } else {
                    unsafe element.pointee = result
                }
            }
        }
    }

    /// Fills `results` when it has a different count than the function's
    /// results (the first call into a fresh array).
    @inline(never)
    private static func replaceResults(
        _ results: inout [Value], from slots: RawSlots, signature: CallSignature, store: AnyStore
    ) {
        results.removeAll(keepingCapacity: true)
        for index in unsafe 0..<signature.results.count {
            results.append(signature.loadResult(index, from: slots, store: store))
        }
    }

    /// Calls through Wasmtime's checked path, which verifies concrete
    /// reference types exactly (the Swift-side check only approximates them).
    func callChecked(_ arguments: [Value], signature: CallSignature) throws -> [Value] {
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
