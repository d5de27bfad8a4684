import CWasmtime

/// A WebAssembly function that lives in a store: exported by an instance,
/// defined by the host, or received as a `funcref`.
///
/// Call it with ``call(_:)-([Value])`` when the signature is known only at
/// run time, or get a ``TypedFunc`` with ``typed(_:_:)`` for fast,
/// allocation-free calls with Swift types.
public struct Func {
    @usableFromInline let store: AnyStore
    @usableFromInline let raw: wasmtime_func_t

    @usableFromInline init(store: AnyStore, raw: wasmtime_func_t) {
        self.store = store
        self.raw = raw
    }

    /// The function's signature.
    public var type: FuncType {
        store.signature(of: raw)
    }

    /// Calls the function with dynamically typed arguments.
    ///
    /// Throws ``WasmtimeError`` (kind ``WasmtimeError/Kind/typeMismatch``)
    /// for wrong argument types or count, ``Trap`` when wasm traps, and the
    /// very error a host function threw when one did.
    public func call(_ arguments: [Value]) throws -> [Value] {
        var results: [Value] = []
        try call(arguments, into: &results)
        return results
    }

    /// Calls the function with dynamically typed arguments, replacing the
    /// contents of `results` with its results.
    ///
    /// The storage of `results` is reused, so a loop that keeps its argument
    /// and result arrays allocates nothing per call:
    ///
    /// ```swift
    /// var arguments: [Value] = [.i32(0), .i32(1)]
    /// var results: [Value] = []
    /// for i in 0..<1000 {
    ///     arguments[0] = .i32(i)
    ///     try add.call(arguments, into: &results)
    /// }
    /// ```
    ///
    /// Throws as ``call(_:)-([Value])`` does; `results` is unspecified after
    /// a throw.
    public func call(_ arguments: [Value], into results: inout [Value]) throws {
        try store.withGuaranteedReference { store in
            try store.withSignature(of: raw) { signature in
                try call(arguments, into: &results, signature: signature, store: store)
            }
        }
    }

    private func call(_ arguments: [Value], into results: inout [Value],
                      signature: CallSignature, store: AnyStore) throws {
        guard arguments.count == signature.parameters.count else {
            throw WasmtimeError(.typeMismatch,
                "function \(signature.type) expects \(signature.parameters.count) argument(s), got \(arguments.count)")
        }
        if signature.needsCheckedCall {
            results = try callChecked(arguments, signature: signature)
            return
        }
        let slotCount = max(arguments.count, signature.results.count, 1)
        // Up to four slots fit in a fixed stack buffer.
        if slotCount <= 4 {
            var buffer = (wasmtime_val_raw_t(), wasmtime_val_raw_t(), wasmtime_val_raw_t(), wasmtime_val_raw_t())
            try withUnsafeMutableBytes(of: &buffer) { buffer in
                try callUnchecked(arguments, into: &results, slots: buffer.baseAddress!, count: slotCount,
                                  signature: signature, store: store)
            }
        } else {
            try withUnsafeTemporaryAllocation(of: wasmtime_val_raw_t.self, capacity: slotCount) { buffer in
                try callUnchecked(arguments, into: &results, slots: UnsafeMutableRawPointer(buffer.baseAddress!),
                                  count: slotCount, signature: signature, store: store)
            }
        }
    }

    /// The untyped call through Wasmtime's unchecked path. Arguments are
    /// checked as they are stored, so it is safe, and it avoids the C API's
    /// own per-call conversions.
    @inline(__always)
    private func callUnchecked(_ arguments: [Value], into results: inout [Value], slots: UnsafeMutableRawPointer,
                               count: Int, signature: CallSignature, store: AnyStore) throws {
        for index in arguments.indices {
            try signature.storeArgument(arguments[index], index, to: slots, store: store)
        }
        store.releaseTemporaryRoots()
        var raw = self.raw
        var trap: OpaquePointer?
        let error = wasmtime_func_call_unchecked(
            store.context, &raw, slots.assumingMemoryBound(to: wasmtime_val_raw_t.self), count, &trap)
        if _slowPath(error != nil || trap != nil) {
            throw store.callFailure(error: error, trap: trap)
        }
        let resultCount = signature.results.count
        if results.count == resultCount {
            for index in 0..<resultCount {
                results[index] = signature.loadResult(index, from: slots, store: store)
            }
        } else {
            results.removeAll(keepingCapacity: true)
            for index in 0..<resultCount {
                results.append(signature.loadResult(index, from: slots, store: store))
            }
        }
    }

    /// The unchecked call on a prepared slot buffer, for the fixed-arity
    /// typed calls that are specialized in client code.
    @inlinable @inline(__always)
    func callUnchecked(_ slots: UnsafeMutableRawPointer, count: Int, store: AnyStore) throws {
        store.releaseTemporaryRoots()
        var raw = self.raw
        var trap: OpaquePointer?
        let error = wasmtime_func_call_unchecked(
            store.context, &raw, slots.assumingMemoryBound(to: wasmtime_val_raw_t.self), count, &trap)
        if _slowPath(error != nil || trap != nil) {
            throw store.callFailure(error: error, trap: trap)
        }
    }

    /// Calls through Wasmtime's checked path, which verifies concrete
    /// reference types exactly (the Swift-side check only approximates them).
    private func callChecked(_ arguments: [Value], signature: CallSignature) throws -> [Value] {
        for (index, (argument, expected)) in zip(arguments, signature.type.parameters).enumerated() {
            try argument.check(store: store)
            guard argument.matches(expected) else {
                throw WasmtimeError(.typeMismatch,
                    "argument \(index) has type \(argument.type), expected \(expected)")
            }
        }
        let resultCount = signature.results.count
        var raws: [wasmtime_val_t] = []
        var temporaryRoots: [Int] = []
        for (index, argument) in arguments.enumerated() {
            if case .externref(let reference?) = argument {
                var raw = wasmtime_val_t()
                raw.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
                raw.of.externref = reference.makeRooted(store: store)
                raws.append(raw)
                temporaryRoots.append(index)
            } else {
                argument.withRaw(store: store) { raws.append($0) }
            }
        }
        defer { for index in temporaryRoots { wasmtime_externref_unroot(&raws[index].of.externref) } }
        var results = [wasmtime_val_t](repeating: wasmtime_val_t(), count: resultCount)
        var raw = self.raw
        var trap: OpaquePointer?
        let error = wasmtime_func_call(store.context, &raw, raws, raws.count, &results, resultCount, &trap)
        if error != nil || trap != nil {
            throw store.callFailure(error: error, trap: trap)
        }
        return results.indices.map { Value(taking: &results[$0], store: store) }
    }

    /// Calls the function with dynamically typed arguments.
    public func call(_ arguments: Value...) throws -> [Value] {
        try call(arguments)
    }

    /// Returns a typed view of the function after checking its signature
    /// once; calls through it are unchecked and allocation-free.
    ///
    /// ```swift
    /// let add = try function.typed((Int32, Int32).self, Int32.self)
    /// let sum = try add(2, 3)
    /// ```
    public func typed<each P: WasmValue, each R: WasmValue>(
        _ parameters: (repeat each P).Type = Void.self, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedFunc<(repeat each P), (repeat each R)> {
        var swiftParameters: [ValueType] = []
        for type in repeat (each P).self { swiftParameters.append(type.valueType) }
        var swiftResults: [ValueType] = []
        for type in repeat (each R).self { swiftResults.append(type.valueType) }
        let actual = self.type
        // Arguments flow into wasm (Swift type must be a subtype of the
        // parameter type); results flow out (the other way around). The
        // unchecked call relies on this, so it must be exact.
        guard swiftParameters.count == actual.parameters.count,
              zip(swiftParameters, actual.parameters).allSatisfy({ $0.isSubtype(of: $1) }),
              swiftResults.count == actual.results.count,
              zip(actual.results, swiftResults).allSatisfy({ $0.isSubtype(of: $1) })
        else {
            throw WasmtimeError(.typeMismatch,
                "function has type \(actual), not \(FuncType(parameters: swiftParameters, results: swiftResults))")
        }
        return TypedFunc(function: self, slotCount: max(swiftParameters.count, swiftResults.count, 1))
    }
}

extension Func: Equatable, Hashable {
    /// Two `Func` values are equal when they denote the same function of the same store.
    public static func == (lhs: Func, rhs: Func) -> Bool {
        lhs.store === rhs.store && lhs.raw.store_id == rhs.raw.store_id && lhs.raw.__private == rhs.raw.__private
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw.store_id)
        hasher.combine(raw.__private)
    }
}

@available(*, unavailable, message: "functions belong to a single-threaded store")
extension Func: Sendable {}

extension AnyStore {
    /// Turns a failed call (or instantiation) into the error to throw: the
    /// Swift error a host function threw wins over Wasmtime's rendering of it.
    @usableFromInline
    func callFailure(error: OpaquePointer?, trap: OpaquePointer?, kind: WasmtimeError.Kind = .runtime) -> any Error {
        if let pending = takePendingError() {
            if let error { wasmtime_error_delete(error) }
            if let trap { wasm_trap_delete(trap) }
            return pending
        }
        // An uncaught wasm exception stays pending in the store (rooted)
        // until taken; report it with its own trap code.
        if wasmtime_context_has_exception(context) {
            var exception = wasmtime_exnref_t()
            if wasmtime_context_take_exception(context, &exception) { wasmtime_exnref_unroot(&exception) }
            var failure: any Error = trap.map(CAPI.takeTrap) ?? CAPI.takeError(error!, kind: kind)
            if var asTrap = failure as? Trap {
                asTrap.code = .uncaughtException
                failure = asTrap
            } else if let asError = failure as? WasmtimeError {
                failure = Trap(code: .uncaughtException, message: asError.message, frames: asError.frames)
            }
            return failure
        }
        if let reason = takeInterruptionReason() {
            let frames = trap.map(CAPI.takeTrap)?.frames ?? error.map { CAPI.takeError($0, kind: kind).frames } ?? []
            return Trap(code: .interrupt, message: "wasm interrupted: \(reason)", frames: frames)
        }
        if let trap { return CAPI.takeTrap(trap) }
        guard let error else { return WasmtimeError(kind, "unknown failure") }
        var status: Int32 = 0
        if wasmtime_error_exit_status(error, &status) {
            wasmtime_error_delete(error)
            return WASIExit(status: status)
        }
        var failure = CAPI.takeError(error, kind: kind)
        if kind == .instantiation { failure.kind = WasmtimeError.Kind.classifyInstantiation(failure.message) }
        return failure
    }
}

extension Value {
    /// Whether a value of this kind may be passed where `type` is expected.
    func matches(_ type: ValueType) -> Bool {
        switch (self, type) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        case (.funcref(let f), .ref(let ref)):
            guard ref.heapType.top == .func else { return false }
            guard let f else { return ref.isNullable }
            return ref.heapType == .func || f.type.isSubtype(of: ref.heapType)
        case (.externref(let e), .ref(let ref)):
            return ref.heapType == .extern && (e != nil || ref.isNullable)
        case (.anyref(let a), .ref(let ref)):
            guard ref.heapType.top == .any else { return false }
            guard let a else { return ref.isNullable }
            // Concrete struct/array types cannot be checked through the C
            // API, and the unchecked call trusts these checks: refuse them.
            switch ref.heapType {
            case .any: return true
            case .eq: return a.isEq
            case .i31: return a.isI31
            case .struct: return a.isStruct
            case .array: return a.isArray
            default: return false
            }
        case (.exnref(let e), .ref(let ref)):
            return ref.heapType == .exn && (e != nil || ref.isNullable)
        default: return false
        }
    }
}

extension FuncType {
    /// Whether a function of this type can stand where `heapType` is expected.
    func isSubtype(of heapType: HeapType) -> Bool {
        switch heapType {
        case .func: true
        case .concreteFunc(let other): self == other
        default: false
        }
    }
}

extension ValueType {
    /// Conservative subtyping: identical types, or references whose heap
    /// type is below the other's within one hierarchy.
    func isSubtype(of other: ValueType) -> Bool {
        if self == other { return true }
        guard case .ref(let sub) = self, case .ref(let sup) = other else { return false }
        if sub.isNullable && !sup.isNullable { return false }
        return sub.heapType.isSubtype(of: sup.heapType)
    }
}

extension HeapType {
    func isSubtype(of other: HeapType) -> Bool {
        if self == other { return true }
        guard top == other.top else { return false }
        if other == top { return true }
        switch self {
        case .noFunc, .noExtern, .none, .noExn: return true
        case .i31, .struct, .array, .concreteStruct, .concreteArray:
            return other == .eq || (other == .struct && self == .concreteStruct) || (other == .array && self == .concreteArray)
        case .concreteFunc: return other == .func
        default: return false
        }
    }
}
