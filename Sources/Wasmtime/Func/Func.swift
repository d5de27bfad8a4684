/// A WebAssembly function that lives in a store: exported by an instance,
/// defined by the host, or received as a `funcref`.
///
/// Call it with ``call(_:)-([Value])`` when the signature is known only at
/// run time, or get a ``TypedFunc`` with ``typed(_:_:)`` for fast,
/// allocation-free calls with Swift types.
public struct Func {
    @usableFromInline let store: AnyStore
    @usableFromInline let handle: FuncHandle

    @usableFromInline init(store: AnyStore, handle: FuncHandle) {
        self.store = store
        self.handle = handle
    }

    /// The function's signature.
    public var type: FuncType {
        store.signature(of: handle)
    }

    /// Calls the function with dynamically typed arguments.
    ///
    /// - Throws: ``Trap`` when wasm traps, ``WasmException`` for a wasm
    ///   exception nothing caught, ``WASIExit`` when a WASI guest exits, the
    ///   very error a host function threw, and ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` for arguments of the wrong
    ///   type or count, ``WasmtimeError/Kind/storeMismatch`` for a reference
    ///   argument of another store, or ``WasmtimeError/Kind/runtime`` for
    ///   other failures (for example a store that takes only async calls).
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
    /// - Throws: As ``call(_:)-([Value])`` does; `results` is unspecified
    ///   after a throw.
    public func call(_ arguments: [Value], into results: inout [Value]) throws {
        try store.withGuaranteedReference { store in
            try store.withSignature(of: handle) { signature in
                try callUntyped(arguments, into: &results, signature: signature, store: store)
            }
        }
    }

    /// Calls the function with dynamically typed arguments.
    ///
    /// - Throws: As ``call(_:)-([Value])`` does.
    public func call(_ arguments: Value...) throws -> [Value] {
        try call(arguments)
    }

    /// Prepares a dynamically typed call of the function that can be made
    /// many times without allocating: arguments are checked as they are
    /// assigned and results are read in place (see ``PreparedCall``).
    ///
    /// ```swift
    /// var add = function.prepareCall()
    /// add[argument: 0] = .i32(2)
    /// add[argument: 1] = .i32(3)
    /// try add()
    /// let sum = add[result: 0]
    /// ```
    public func prepareCall() -> PreparedCall {
        PreparedCall(function: self)
    }

    /// Returns a typed view of the function after checking its signature
    /// once; calls through it are unchecked and allocation-free.
    ///
    /// ```swift
    /// let add = try function.typed((Int32, Int32).self, Int32.self)
    /// let sum = try add(2, 3)
    /// ```
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   when the function's signature differs from the Swift types
    ///   (for references, a Swift parameter type may be a subtype of the
    ///   function's and a Swift result type a supertype).
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
            throw WasmtimeError(
                .typeMismatch,
                "function has type \(actual), not \(FuncType(parameters: swiftParameters, results: swiftResults))")
        }
        return TypedFunc(function: self, slotCount: max(swiftParameters.count, swiftResults.count, 1))
    }
}

extension Func: Equatable, Hashable {
    /// Two `Func` values are equal when they denote the same function of the same store.
    public static func == (lhs: Func, rhs: Func) -> Bool {
        lhs.store === rhs.store && lhs.handle == rhs.handle
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(handle)
    }
}

@available(*, unavailable, message: "functions belong to a single-threaded store")
extension Func: Sendable {}

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
            return other == .eq || (other == .struct && self == .concreteStruct)
                || (other == .array && self == .concreteArray)
        case .concreteFunc: return other == .func
        default: return false
        }
    }
}
