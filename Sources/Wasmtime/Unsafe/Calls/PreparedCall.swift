/// A dynamically typed call of one function, prepared once and then made
/// any number of times without allocating or copying `Value`s: arguments
/// are checked and converted as you assign them and kept in a buffer of the
/// call's own, and results are read in place after each call.
///
/// The fastest untyped way into wasm: use it when the signature is known
/// only at run time but one function is called many times (an interpreter
/// of a scripting language, a plugin host, a fuzzer). Get one with
/// ``Func/prepareCall()``:
///
/// ```swift
/// var add = function.prepareCall()
/// add[argument: 1] = .i32(1)
/// for i in 0..<1000 {
///     add[argument: 0] = .i32(Int32(i))
///     try add()
///     print(add[result: 0])
/// }
/// ```
///
/// Arguments you do not assign are zeros, or nulls for references. An
/// assignment of the wrong type (or of a reference of another store) is
/// remembered and thrown by the next call, unless a valid value is assigned
/// to the same index first, like the results of a host function (see
/// ``HostResults``). So is a non-nullable reference parameter left unassigned.
///
/// A prepared call cannot be copied: it owns its buffer. It keeps the
/// function's store alive.
@safe public struct PreparedCall: ~Copyable {
    // Safe to hand out: the buffers belong to `state`, which only this
    // value references (it cannot be copied) and which frees them; every
    // index is checked, and arguments are checked as they are assigned.
    @usableFromInline let state: PreparedCallState

    init(function: Func) {
        state = PreparedCallState(function: function)
    }

    /// The number of arguments: the count of the function type's parameters.
    public var argumentCount: Int { state.argumentSlots.count }

    /// The number of results: the count of the function type's results.
    public var resultCount: Int { unsafe state.resultKinds.count }

    /// The argument at `index`, which must be in `0..<argumentCount`.
    ///
    /// Assigning checks the value against the parameter type; a mismatch is
    /// thrown by the next call (see ``PreparedCall``).
    @inlinable
    public subscript(argument index: Int) -> Value {
        @inline(__always) get {
            precondition(UInt(bitPattern: index) < UInt(state.argumentSlots.count), "argument index out of range")
            let kind = unsafe state.parameterKinds[index]
            return CallSignature.load(kind, from: state.argumentSlots, at: index) ?? state.loadArgument(at: index)
        }
        @inline(__always) set {
            // Inlined, so that assigning a number compiles to a kind
            // comparison and a store.
            precondition(UInt(bitPattern: index) < UInt(state.argumentSlots.count), "argument index out of range")
            let kind = unsafe state.parameterKinds[index]
            if CallSignature.storeNumeric(newValue, kind, to: state.argumentSlots, at: index) {
                if unsafe _slowPath(state.slowArguments != nil) { state.numberAssigned(at: index) }
                return
            }
            state.assignSlowly(newValue, at: index)
        }
    }

    /// Result `index` of the latest call, which must be in `0..<resultCount`:
    /// zero (or null) before the first call, unspecified after a call threw.
    @inlinable @inline(__always)
    public subscript(result index: Int) -> Value {
        precondition(UInt(bitPattern: index) < UInt(unsafe state.resultKinds.count), "result index out of range")
        if _slowPath(state.needsSlowCall) { return unsafe state.resultValues[index] }
        let kind = unsafe state.resultKinds[index]
        return CallSignature.load(kind, from: state.callSlots, at: index) ?? state.loadResult(at: index)
    }

    /// Calls the function with the assigned arguments.
    ///
    /// - Throws: As ``Func/call(_:)-([Value])`` does, including the
    ///   ``WasmtimeError`` of a failed argument assignment.
    @inlinable @inline(__always)
    public mutating func call() throws {
        // Inlined: numbers only, the common case, is a copy of the argument
        // slots and the unchecked call.
        let state = self.state
        guard unsafe _fastPath(state.slowArguments == nil && !state.needsSlowCall) else {
            return try state.callSlowly()
        }
        state.copyArguments()
        // The store is lent unretained: `state.function` keeps it alive.
        try unsafe state.store._withUnsafeGuaranteedRef { store in
            try Func.callUnchecked(state.handle, state.callSlots, store: store)
        }
    }

    /// Calls the function with the assigned arguments (the same as ``call()``).
    ///
    /// - Throws: As ``call()`` does.
    @inlinable @inline(__always)
    public mutating func callAsFunction() throws {
        try call()
    }
}

/// The state of a ``PreparedCall``, which is its only owner.
///
/// Unchecked exclusivity: the prepared call cannot be copied and its
/// mutations are `mutating`, so Swift already enforces exclusive access
/// to this object through it.
@safe @usableFromInline final class PreparedCallState {
    let function: Func
    /// The parts of `function` the inlined call uses, without reference counting.
    @usableFromInline let store: Unmanaged<AnyStore>
    @usableFromInline let handle: FuncHandle
    let signature: CallSignature
    /// The signature's parameter and result kinds (it keeps them alive).
    @usableFromInline let parameterKinds: UnsafeBufferPointer<ValueKind>
    @usableFromInline let resultKinds: UnsafeBufferPointer<ValueKind>
    /// The arguments as assigned: numbers in place, zeros for references
    /// (kept in `slowArguments`).
    @usableFromInline let argumentSlots: RawSlots
    /// Wasmtime's buffer: the arguments are copied in, the results come out.
    @usableFromInline let callSlots: RawSlots
    /// Whether calls take the out-of-line path: a parameter type only
    /// Wasmtime's checked call verifies, or results that are references
    /// (converted into `resultValues` at once, while they are rooted).
    @usableFromInline let needsSlowCall: Bool
    /// Reference arguments and failed assignments; nil while every argument
    /// is a number of the right kind, so the common case tests one pointer.
    @exclusivity(unchecked) @usableFromInline var slowArguments: SlowArguments?
    /// The results when `needsSlowCall`; empty otherwise.
    @exclusivity(unchecked) @usableFromInline var resultValues: [Value]

    init(function: Func) {
        let signature = function.store.withSignature(of: function.handle) { $0 }
        self.function = function
        unsafe store = unsafe .passUnretained(function.store)
        handle = function.handle
        self.signature = signature
        unsafe parameterKinds = unsafe signature.parameters
        unsafe resultKinds = unsafe signature.results
        let parameterCount = unsafe signature.parameters.count
        let slotCount = unsafe max(parameterCount, signature.results.count, 1)
        let buffer = UnsafeMutableBufferPointer<RawSlot>.allocate(capacity: parameterCount + slotCount)
        unsafe buffer.initialize(repeating: RawSlot())
        let base = unsafe UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        argumentSlots = unsafe RawSlots(base: base, count: parameterCount)
        callSlots = unsafe RawSlots(base: base + parameterCount &* MemoryLayout<RawSlot>.stride, count: slotCount)
        needsSlowCall = signature.needsCheckedCall || signature.resultsRootTemporarily
        unsafe resultValues = needsSlowCall ? signature.type.results.map(Value.zero(of:)) : []
        for (index, type) in signature.type.parameters.enumerated() {
            guard case .ref(let ref) = type, !ref.isNullable else { continue }
            if unsafe slowArguments == nil { unsafe slowArguments = SlowArguments() }
            unsafe slowArguments!.assigned(
                at: index,
                failure: WasmtimeError(.typeMismatch, "argument \(index) is null, expected \(type)"))
        }
    }

    deinit {
        unsafe argumentSlots.base.deallocate()
    }

    @inlinable @inline(__always)
    func copyArguments() {
        for index in 0..<argumentSlots.count {
            callSlots.copy(index, from: argumentSlots)
        }
    }

    /// Reference arguments, failed assignments, checked calls and reference results.
    @usableFromInline
    func callSlowly() throws {
        let store = function.store
        if let failure = unsafe slowArguments?.firstFailure { throw failure }
        if signature.needsCheckedCall {
            let arguments = (0..<argumentSlots.count).map(argument(at:))
            unsafe resultValues = try function.callChecked(arguments, signature: signature)
            return
        }
        copyArguments()
        if let slowArguments = unsafe slowArguments {
            // Converted (and rooted until the call starts) only now: a raw
            // reference kept between calls would not be rooted.
            for (index, value) in slowArguments.references {
                callSlots.zero(at: index)
                try callSlots.storeValue(value, at: index, store: store)
            }
        }
        try function.callUnchecked(callSlots, store: store)
        if needsSlowCall {
            for index in signature.type.results.indices {
                unsafe resultValues[index] = signature.loadResult(index, from: callSlots, store: store)
            }
        }
    }

    /// Argument `index` as assigned.
    func argument(at index: Int) -> Value {
        unsafe CallSignature.load(parameterKinds[index], from: argumentSlots, at: index) ?? loadArgument(at: index)
    }

    @usableFromInline
    func loadArgument(at index: Int) -> Value {
        if unsafe parameterKinds[index] == .reference {
            return unsafe slowArguments?.reference(at: index) ?? Value.zero(of: signature.type.parameters[index])
        }
        return signature.loadParameter(index, from: argumentSlots, store: function.store)
    }

    @usableFromInline
    func loadResult(at index: Int) -> Value {
        signature.loadResult(index, from: callSlots, store: function.store)
    }

    /// A valid number was assigned: it may correct an earlier failure.
    @usableFromInline
    func numberAssigned(at index: Int) {
        unsafe slowArguments?.assigned(at: index, failure: nil)
        if unsafe slowArguments?.isEmpty == true { unsafe slowArguments = nil }
    }

    /// Checks a value that is not a number of the expected kind; keeps a
    /// reference as a Swift value, stores anything else in place.
    @usableFromInline
    func assignSlowly(_ value: Value, at index: Int) {
        let store = function.store
        let isReference = unsafe parameterKinds[index] == .reference
        var failure: WasmtimeError?
        do throws(WasmtimeError) {
            try signature.checkArgument(value, index, store: store)
            if !isReference { try argumentSlots.storeValue(value, at: index, store: store) }
        } catch {
            failure = error
        }
        if unsafe failure == nil && !isReference && slowArguments == nil { return }
        if unsafe slowArguments == nil { unsafe slowArguments = SlowArguments() }
        unsafe slowArguments!.assigned(
            at: index, failure: failure, reference: isReference && failure == nil ? value : nil)
        if unsafe slowArguments!.isEmpty { unsafe slowArguments = nil }
    }
}

@available(*, unavailable, message: "prepared calls belong to a single-threaded store")
extension PreparedCall: Sendable {}

/// The arguments of a ``PreparedCall`` that take more than a store: a wrong
/// type, or a reference (kept as a Swift value until a call converts it).
@usableFromInline final class SlowArguments {
    private(set) var references: [(index: Int, value: Value)] = []
    /// Failed assignments, unless a valid value was assigned to the same index since.
    private var failures: [(index: Int, error: WasmtimeError)] = []

    init() {}

    var isEmpty: Bool { references.isEmpty && failures.isEmpty }

    /// The failure of the lowest argument index, if any.
    var firstFailure: WasmtimeError? {
        failures.min { $0.index < $1.index }?.error
    }

    func reference(at index: Int) -> Value? {
        references.first { $0.index == index }?.value
    }

    /// Records the outcome of assigning argument `index`.
    func assigned(at index: Int, failure: WasmtimeError?, reference: Value? = nil) {
        references.removeAll { $0.index == index }
        failures.removeAll { $0.index == index }
        if let reference { references.append((index, reference)) }
        if let failure { failures.append((index, failure)) }
    }
}
