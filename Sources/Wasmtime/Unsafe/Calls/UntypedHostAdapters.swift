import CWasmtime

/// A dynamically typed host closure that returns a new array of results.
typealias ArrayHostBody = (borrowing Caller, [Value]) throws -> [Value]

/// A dynamically typed host closure that reads and writes values in place.
typealias InPlaceHostBody = (borrowing Caller, borrowing HostArguments, inout HostResults) throws -> Void

extension HostFunction {
    /// Adapts a dynamically typed closure that returns a new array.
    static func untyped(_ type: FuncType, _ body: @escaping ArrayHostBody) -> HostFunction {
        ArrayHostFunction(type, body)
    }

    /// Adapts a dynamically typed closure that reads its arguments and
    /// writes its results in place: nothing is allocated per call.
    static func untyped(_ type: FuncType, _ body: @escaping InPlaceHostBody) -> HostFunction {
        InPlaceHostFunction(type, body)
    }
}

// Each kind of untyped host function is the `env` object of its own C entry
// point, which reaches the signature and the closure through `env` without
// reference counting. The store is looked up only when a reference is
// converted: numeric signatures never need it.

private final class ArrayHostFunction: HostFunction {
    let signature: CallSignature
    let body: ArrayHostBody

    init(_ type: FuncType, _ body: @escaping ArrayHostBody) {
        signature = CallSignature(type)
        self.body = body
        unsafe super.init(type: type, trampoline: arrayHostFunctionTrampoline)
    }

    func invoke(_ caller: CallerContext, _ slots: RawSlots) -> HostTrap? {
        do {
            var arguments: [Value] = []
            unsafe arguments.reserveCapacity(signature.parameters.count)
            for index in unsafe signature.parameters.indices {
                arguments.append(signature.loadParameter(index, from: slots, store: caller.store))
            }
            let results = try body(Caller(caller), arguments)
            guard unsafe results.count == signature.results.count else {
                throw WasmtimeError(
                    .typeMismatch,
                    "host function of type \(signature.type) returned \(results.count) value(s)")
            }
            for (index, result) in results.enumerated() {
                try signature.storeResult(result, index, to: slots, store: caller.store)
            }
            if signature.resultsRootTemporarily { caller.store.releaseTemporaryRoots() }
            return nil
        } catch {
            return HostFunction.failed(error, caller: caller)
        }
    }
}

private let arrayHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, count in
    // Wasmtime owns a reference to `env` for as long as the function exists,
    // and never passes null pointers here; the buffer holds `count` slots.
    unsafe Unmanaged<ArrayHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        unsafe $0.invoke(
            CallerContext(caller.unsafelyUnwrapped),
            RawSlots(base: UnsafeMutableRawPointer(slots.unsafelyUnwrapped), count: count))?.pointer
    }
}

/// An untyped host function whose closure works in place. Results go to a
/// zeroed buffer of their own: Wasmtime's buffer still holds the arguments,
/// which the closure may read after writing a result. Three C entry points
/// share the work: one for no results (no buffer), one for a single result
/// that is a number: i32, i64, f32 or f64 (one stack slot, nothing to convert after the
/// closure), and one for everything else.
private final class InPlaceHostFunction: HostFunction {
    let signature: CallSignature
    let body: InPlaceHostBody

    init(_ type: FuncType, _ body: @escaping InPlaceHostBody) {
        let signature = CallSignature(type)
        self.signature = signature
        self.body = body
        let trampoline: wasmtime_func_unchecked_callback_t
        if type.results.isEmpty {
            unsafe trampoline = unsafe inPlaceNoResultTrampoline
        } else if type.results.count == 1 && [.i32, .i64, .f32, .f64].contains(type.results[0]) {
            unsafe trampoline = unsafe inPlaceNumberResultTrampoline
        } else {
            unsafe trampoline = unsafe inPlaceHostFunctionTrampoline
        }
        unsafe super.init(type: type, trampoline: trampoline)
    }

    /// Runs the closure with results going to `pending` (zeroed, as many
    /// slots as results), then copies them to Wasmtime's buffer.
    /// `references` is false when no result is a reference, which skips
    /// their checks; `numbers` is true when every result is an i32, i64,
    /// f32 or f64. Everything but the common case is out of line, so that
    /// the entry points stay small.
    @inline(__always)
    func invoke(
        _ caller: CallerContext, _ slots: RawSlots, pending: RawSlots, references: Bool, numbers: Bool = false
    ) -> HostTrap? {
        var results = HostResults(slots: pending, signature: signature, caller: caller)
        do {
            try body(Caller(caller), HostArguments(slots: slots, signature: signature, caller: caller), &results)
        } catch {
            return unsafe Self.failed(error, releasing: results.slowAssignments, caller: caller)
        }
        // Without results there is nothing to assign (constant here).
        if pending.count > 0, let slow = unsafe results.slowAssignments {
            if let trap = unsafe finish(slow, pending, caller) { return trap }
        } else if references {
            if let trap = unsafe finish(nil, pending, caller) { return trap }
        }
        let (from, to) = unsafe (pending, slots.assumingCount(pending.count))
        for index in 0..<pending.count {
            if numbers {
                // Numbers fill the low eight bytes (see
                // CallSignature.storeNumeric); the load is forwarded from
                // the store that wrote them.
                unsafe to.slot(index).storeBytes(of: from.slot(index).load(as: UInt64.self), as: UInt64.self)
                unsafe to.slot(index).storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
            } else {
                to.copy(index, from: from)
            }
        }
        return nil
    }

    @inline(never)
    private static func failed(
        _ error: any Error, releasing slow: Unmanaged<SlowAssignments>?, caller: CallerContext
    ) -> HostTrap? {
        unsafe slow?.release()
        return HostFunction.failed(error, caller: caller)
    }

    /// Checks and converts what the closure left in `pending` beyond plain
    /// numbers (releasing `slow`); returns the trap to raise if it fails.
    @inline(never)
    private func finish(_ slow: Unmanaged<SlowAssignments>?, _ pending: RawSlots, _ caller: CallerContext) -> HostTrap?
    {
        do {
            if let slow = unsafe slow {
                // References are converted last, with nothing running in
                // between that could collect them before wasm receives them.
                try unsafe SlowAssignments.finish(slow, into: pending, signature: signature, caller: caller)
            }
            try signature.checkNonNullResults(in: pending)
            return nil
        } catch {
            return HostFunction.failed(error, caller: caller)
        }
    }
}

// Wasmtime owns a reference to `env` for as long as the function exists, and
// never passes null pointers to these; the buffer holds `count` slots, at
// least as many as parameters and as results.

private let inPlaceNoResultTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, count in
    unsafe Unmanaged<InPlaceHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        let slots = unsafe RawSlots(base: UnsafeMutableRawPointer(slots.unsafelyUnwrapped), count: count)
        return unsafe $0.invoke(
            CallerContext(caller.unsafelyUnwrapped), slots, pending: slots.assumingCount(0), references: false)?
            .pointer
    }
}

private let inPlaceNumberResultTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, count in
    unsafe Unmanaged<InPlaceHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef { function in
        var result = RawSlot()
        // Unprotected: the slot is written only through a checked index.
        return unsafe _withUnprotectedUnsafeMutablePointer(to: &result) { pointer in
            unsafe function.invoke(
                CallerContext(caller.unsafelyUnwrapped),
                RawSlots(base: UnsafeMutableRawPointer(slots.unsafelyUnwrapped), count: count),
                pending: RawSlots(base: UnsafeMutableRawPointer(pointer), count: 1), references: false,
                numbers: true)?.pointer
        }
    }
}

private let inPlaceHostFunctionTrampoline: wasmtime_func_unchecked_callback_t = { env, caller, slots, count in
    unsafe Unmanaged<InPlaceHostFunction>.fromOpaque(env.unsafelyUnwrapped)._withUnsafeGuaranteedRef { function in
        let resultCount = unsafe function.signature.results.count
        // Unprotected: the buffer is written only through checked indices.
        return unsafe _withUnprotectedUnsafeTemporaryAllocation(of: RawSlot.self, capacity: resultCount) { buffer in
            unsafe buffer.initialize(repeating: RawSlot())
            return unsafe function.invoke(
                CallerContext(caller.unsafelyUnwrapped),
                RawSlots(base: UnsafeMutableRawPointer(slots.unsafelyUnwrapped), count: count),
                pending: RawSlots(base: UnsafeMutableRawPointer(buffer.baseAddress!), count: resultCount),
                references: true)?.pointer
        }
    }
}
