import CWasmtime

/// A dynamically typed host closure that returns a new array of results.
typealias ArrayHostBody = (borrowing Caller, [Value]) throws -> [Value]

/// A dynamically typed host closure that reads and writes values in place.
typealias InPlaceHostBody = (borrowing Caller, borrowing HostArguments, inout HostResults) throws -> Void

extension HostFunction {
    /// Adapts a dynamically typed closure that returns a new array.
    static func untyped(_ type: FuncType, _ body: @escaping ArrayHostBody) -> HostFunction {
        let adapter = ArrayHostAdapter(CallSignature(type), body)
        return HostFunction(type: type) { caller, slots in adapter.invoke(caller, slots) }
    }

    /// Adapts a dynamically typed closure that reads its arguments and
    /// writes its results in place: nothing is allocated per call.
    static func untyped(_ type: FuncType, _ body: @escaping InPlaceHostBody) -> HostFunction {
        let adapter = InPlaceHostAdapter(CallSignature(type), body)
        return HostFunction(type: type) { caller, slots in adapter.invoke(caller, slots) }
    }
}

// Adapters are classes so that a call borrows their fields through `self`
// rather than retaining captured values. The store is looked up only when a
// reference is converted: numeric signatures never need it.

private final class ArrayHostAdapter {
    let signature: CallSignature
    let body: ArrayHostBody

    init(_ signature: CallSignature, _ body: @escaping ArrayHostBody) {
        self.signature = signature
        self.body = body
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

private final class InPlaceHostAdapter {
    let signature: CallSignature
    let body: InPlaceHostBody

    init(_ signature: CallSignature, _ body: @escaping InPlaceHostBody) {
        self.signature = signature
        self.body = body
    }

    func invoke(_ caller: CallerContext, _ slots: RawSlots) -> HostTrap? {
        // Results go to a zeroed buffer of their own: Wasmtime's buffer
        // still holds the arguments, which the closure may read after
        // writing a result. Up to four results fit in a fixed stack buffer.
        let count = unsafe signature.results.count
        if count <= 4 {
            // Spelled out rather than through RawSlots.with: the two closures
            // would be identical, and LLVM merges identical functions, which
            // stops this one from being inlined.
            var buffer = (RawSlot(), RawSlot(), RawSlot(), RawSlot())
            return unsafe withUnsafeMutableBytes(of: &buffer) { bytes in
                unsafe invoke(caller, slots, pending: RawSlots(base: bytes.baseAddress!, count: 4), count: count)
            }
        }
        return RawSlots.withTemporary(count: count) { pending in
            invoke(caller, slots, pending: pending, count: count)
        }
    }

    @inline(__always)
    private func invoke(
        _ caller: CallerContext, _ slots: RawSlots,
        pending: RawSlots, count: Int
    ) -> HostTrap? {
        do {
            var results = HostResults(slots: pending, signature: signature, caller: caller)
            try body(Caller(caller), HostArguments(slots: slots, signature: signature, caller: caller), &results)
            if let slow = results.slowAssignments {
                if let failure = slow.failure { throw failure.error }
                // References are converted last, with nothing running in
                // between that could collect them before wasm receives them.
                try slow.storeReferences(into: pending, signature: signature, store: caller.store)
            }
            try signature.checkNonNullResults(in: pending)
            let (from, to) = unsafe (pending.assumingCount(count), slots.assumingCount(count))
            for index in 0..<count { to.copy(index, from: from) }
            return nil
        } catch {
            return HostFunction.failed(error, caller: caller)
        }
    }
}
