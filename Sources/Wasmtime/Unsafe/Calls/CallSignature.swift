import CWasmtime

/// A function signature prepared for untyped calls in either direction:
/// numeric values are checked and converted by comparing a one-byte kind,
/// references go through the full subtype check.
///
/// Stores cache one per function and keep it for their lifetime, so call
/// paths can borrow it without reference counting.
@safe @usableFromInline final class CallSignature {
    let type: FuncType
    /// Kinds of the parameters and results, in buffers of the signature's own
    /// (indices on call paths are in range by construction).
    @usableFromInline let parameters: UnsafeBufferPointer<ValueKind>
    @usableFromInline let results: UnsafeBufferPointer<ValueKind>
    /// Whether a parameter has a concrete reference type, which only
    /// Wasmtime's checked call can verify exactly.
    let needsCheckedCall: Bool
    /// Indices of results with a non-nullable reference type, which a host
    /// function must assign.
    let nonNullResults: [Int]
    /// Whether converting the results can leave temporary roots (see
    /// ``AnyStore/temporaryRoots``).
    let resultsRootTemporarily: Bool
    /// The slots an untyped call into the function takes on its inline
    /// path (`max(parameters, results, 1)`), or 0 when it needs the checked
    /// call or more than four slots: one test on the hot path.
    let inlineSlotCount: Int

    init(_ type: FuncType) {
        self.type = type
        unsafe parameters = unsafe Self.kinds(of: type.parameters)
        unsafe results = unsafe Self.kinds(of: type.results)
        needsCheckedCall = type.parameters.contains(where: \.isConcreteReference)
        let slotCount = max(type.parameters.count, type.results.count, 1)
        inlineSlotCount = needsCheckedCall || slotCount > 4 ? 0 : slotCount
        resultsRootTemporarily = type.results.contains { if case .ref = $0 { true } else { false } }
        nonNullResults = type.results.indices.filter {
            if case .ref(let ref) = type.results[$0] { !ref.isNullable } else { false }
        }
    }

    deinit {
        unsafe parameters.deallocate()
        unsafe results.deallocate()
    }

    private static func kinds(of types: [ValueType]) -> UnsafeBufferPointer<ValueKind> {
        let buffer = UnsafeMutableBufferPointer<ValueKind>.allocate(capacity: types.count)
        _ = unsafe buffer.initialize(from: types.lazy.map(ValueKind.init))
        return UnsafeBufferPointer(buffer)
    }

    /// Throws unless every non-nullable reference result in `slots` was set
    /// (a zero slot is null).
    @inline(__always)
    func checkNonNullResults(in slots: RawSlots) throws(WasmtimeError) {
        for index in nonNullResults where slots.isZero(at: index) {
            throw WasmtimeError(
                .typeMismatch,
                "host function result \(index) is null, expected \(type.results[index])")
        }
    }

    /// Reads a number of the given kind; nil for kinds that need a conversion.
    @inlinable @inline(__always)
    static func load(_ kind: ValueKind, from slots: RawSlots, at index: Int) -> Value? {
        let slot = unsafe slots.slot(index)
        switch kind {
        case .i32: return unsafe .i32(slot.load(as: Int32.self))
        case .i64: return unsafe .i64(slot.load(as: Int64.self))
        case .f32: return unsafe .f32(Float(bitPattern: slot.load(as: UInt32.self)))
        case .f64: return unsafe .f64(Double(bitPattern: slot.load(as: UInt64.self)))
        case .v128, .reference: return nil
        }
    }

    /// ``load(_:from:at:)`` for a closure's own reads: numbers are told
    /// apart from the rest first, so that matching the value read against
    /// one number case compiles to two comparisons of the kind. (The call
    /// paths, which convert every value, take the plain switch.)
    @inlinable @inline(__always)
    static func loadNumber(_ kind: ValueKind, from slots: RawSlots, at index: Int) -> Value? {
        guard kind.rawValue < ValueKind.v128.rawValue else { return nil }
        return load(kind, from: slots, at: index)
    }

    /// Writes a numeric value of the expected kind into slot `index` as one
    /// whole-slot store; returns false for anything else, which takes the
    /// full check, with the slot zeroed (slots may still hold arguments, and
    /// references write only 4 or 8 bytes).
    ///
    /// One store of the whole slot, never a zeroing followed by a narrower
    /// store: slots are then copied whole, and a wide read of a narrower
    /// store waits for it instead of being forwarded.
    @inlinable @inline(__always)
    static func storeNumeric(_ value: Value, _ kind: ValueKind, to slots: RawSlots, at index: Int) -> Bool {
        let bits: UInt64
        switch (kind, value) {
        case (.i32, .i32(let number)): bits = UInt64(UInt32(bitPattern: number))
        case (.i64, .i64(let number)): bits = UInt64(bitPattern: number)
        case (.f32, .f32(let number)): bits = UInt64(number.bitPattern)
        case (.f64, .f64(let number)): bits = number.bitPattern
        default:
            slots.zero(at: index)
            return false
        }
        unsafe slots.slot(index).storeBytes(of: RawSlot(low: bits), as: RawSlot.self)
        return true
    }

    /// Checks a value that is not a plain number of the expected kind and
    /// writes it into its (zeroed) slot.
    @inline(never)
    private static func storeChecked(
        _ value: Value, _ expected: ValueType, to slots: RawSlots, at index: Int,
        store: AnyStore, _ what: String
    ) throws(WasmtimeError) {
        try check(value, expected, store: store, what)
        try slots.storeValue(value, at: index, store: store)
    }

    private static func check(
        _ value: Value, _ expected: ValueType, store: AnyStore,
        _ what: String
    ) throws(WasmtimeError) {
        try value.check(store: store)
        guard value.matches(expected) else {
            throw WasmtimeError(.typeMismatch, "\(what) has type \(value.type), expected \(expected)")
        }
    }

    /// Checks an argument without converting it.
    func checkArgument(_ value: Value, _ index: Int, store: AnyStore) throws(WasmtimeError) {
        try Self.check(value, type.parameters[index], store: store, "argument \(index)")
    }

    /// Checks a host function result without converting it.
    func checkResult(_ value: Value, _ index: Int, store: AnyStore) throws(WasmtimeError) {
        try Self.check(value, type.results[index], store: store, "host function result \(index)")
    }

    @inline(never)
    private static func loadReference(_ type: ValueType, from slots: RawSlots, at index: Int, store: AnyStore) -> Value
    {
        slots.loadValue(type, at: index, store: store)
    }

    @inline(__always)
    func loadParameter(_ index: Int, from slots: RawSlots, store: @autoclosure () -> AnyStore) -> Value {
        unsafe Self.load(parameters[index], from: slots, at: index)
            ?? Self.loadReference(type.parameters[index], from: slots, at: index, store: store())
    }

    @inline(__always)
    func loadResult(_ index: Int, from slots: RawSlots, store: @autoclosure () -> AnyStore) -> Value {
        unsafe Self.load(results[index], from: slots, at: index)
            ?? Self.loadReference(type.results[index], from: slots, at: index, store: store())
    }

    /// Checks and writes argument `index`, reading it in place: a copy of
    /// a `Value` would cost a call per argument.
    @inline(__always)
    func storeArgument(
        _ value: UnsafePointer<Value>, _ index: Int, to slots: RawSlots, store: AnyStore
    ) throws(WasmtimeError) {
        // Unchecked: callers pass at least as many slots as parameters.
        let slot = unsafe slots.base + index &* MemoryLayout<RawSlot>.stride
        switch unsafe (parameters[index], value.pointee) {
        case (.i32, .i32(let number)):
            unsafe slot.storeBytes(of: RawSlot(low: UInt64(UInt32(bitPattern: number))), as: RawSlot.self)
        case (.i64, .i64(let number)):
            unsafe slot.storeBytes(of: RawSlot(low: UInt64(bitPattern: number)), as: RawSlot.self)
        case (.f32, .f32(let number)):
            unsafe slot.storeBytes(of: RawSlot(low: UInt64(number.bitPattern)), as: RawSlot.self)
        case (.f64, .f64(let number)):
            unsafe slot.storeBytes(of: RawSlot(low: number.bitPattern), as: RawSlot.self)
        default:
            slots.zero(at: index)
            unsafe try Self.storeChecked(
                value.pointee, type.parameters[index], to: slots, at: index, store: store, "argument \(index)")
        }
    }

    @inline(__always)
    func storeResult(
        _ value: Value, _ index: Int, to slots: RawSlots,
        store: @autoclosure () -> AnyStore
    ) throws(WasmtimeError) {
        if unsafe Self.storeNumeric(value, results[index], to: slots, at: index) { return }
        try Self.storeChecked(
            value, type.results[index], to: slots, at: index, store: store(),
            "host function result \(index)")
    }
}

/// The shape of a value type, for fast dispatch on call paths.
@usableFromInline enum ValueKind: UInt8 {
    case i32, i64, f32, f64, v128, reference

    init(_ type: ValueType) {
        switch type {
        case .i32: self = .i32
        case .i64: self = .i64
        case .f32: self = .f32
        case .f64: self = .f64
        case .v128: self = .v128
        case .ref: self = .reference
        }
    }
}
