import CWasmtime

/// A function signature prepared for untyped calls in either direction:
/// numeric values are checked and converted by comparing a one-byte kind,
/// references go through the full subtype check.
///
/// Stores cache one per function and keep it for their lifetime, so call
/// paths can borrow it without reference counting.
@usableFromInline final class CallSignature {
    let type: FuncType
    /// Kinds of the parameters and results, in buffers of the signature's own
    /// (indices on call paths are in range by construction).
    let parameters: UnsafeBufferPointer<ValueKind>
    let results: UnsafeBufferPointer<ValueKind>
    /// Whether a parameter has a concrete reference type, which only
    /// Wasmtime's checked call can verify exactly.
    let needsCheckedCall: Bool
    /// Indices of results with a non-nullable reference type, which a host
    /// function must assign.
    let nonNullResults: [Int]
    /// Whether converting the results can leave temporary roots (see
    /// ``AnyStore/temporaryRoots``).
    let resultsRootTemporarily: Bool

    init(_ type: FuncType) {
        self.type = type
        parameters = Self.kinds(of: type.parameters)
        results = Self.kinds(of: type.results)
        needsCheckedCall = type.parameters.contains(where: \.isConcreteReference)
        resultsRootTemporarily = type.results.contains { if case .ref = $0 { true } else { false } }
        nonNullResults = type.results.indices.filter {
            if case .ref(let ref) = type.results[$0] { !ref.isNullable } else { false }
        }
    }

    deinit {
        parameters.deallocate()
        results.deallocate()
    }

    private static func kinds(of types: [ValueType]) -> UnsafeBufferPointer<ValueKind> {
        let buffer = UnsafeMutableBufferPointer<ValueKind>.allocate(capacity: types.count)
        _ = buffer.initialize(from: types.lazy.map(ValueKind.init))
        return UnsafeBufferPointer(buffer)
    }

    /// Throws unless every non-nullable reference result in `slots` was set
    /// (a zero slot is null).
    @inline(__always)
    func checkNonNullResults(in slots: UnsafeMutableRawPointer) throws(WasmtimeError) {
        for index in nonNullResults {
            let slot = Self.slot(index, in: slots)
            if slot.load(as: UInt64.self) == 0 && slot.load(fromByteOffset: 8, as: UInt64.self) == 0 {
                throw WasmtimeError(.typeMismatch,
                    "host function result \(index) is null, expected \(type.results[index])")
            }
        }
    }

    @inlinable @inline(__always)
    static func slot(_ index: Int, in slots: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        slots + index &* MemoryLayout<wasmtime_val_raw_t>.stride
    }

    @inlinable @inline(__always)
    static func load(_ kind: ValueKind, from slot: UnsafeRawPointer) -> Value? {
        switch kind {
        case .i32: .i32(slot.load(as: Int32.self))
        case .i64: .i64(slot.load(as: Int64.self))
        case .f32: .f32(Float(bitPattern: slot.load(as: UInt32.self)))
        case .f64: .f64(Double(bitPattern: slot.load(as: UInt64.self)))
        case .v128, .reference: nil
        }
    }

    /// Writes a numeric value of the expected kind into a zeroed slot;
    /// returns false for anything else, which takes the full check.
    @inlinable @inline(__always)
    static func storeNumeric(_ value: Value, _ kind: ValueKind,
                                     to slot: UnsafeMutableRawPointer) -> Bool {
        // Slots may still hold arguments; references write only 4 or 8 bytes.
        slot.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<wasmtime_val_raw_t>.stride)
        switch kind {
        case .i32:
            guard case .i32(let value) = value else { return false }
            slot.storeBytes(of: value, as: Int32.self)
        case .i64:
            guard case .i64(let value) = value else { return false }
            slot.storeBytes(of: value, as: Int64.self)
        case .f32:
            guard case .f32(let value) = value else { return false }
            slot.storeBytes(of: value.bitPattern, as: UInt32.self)
        case .f64:
            guard case .f64(let value) = value else { return false }
            slot.storeBytes(of: value.bitPattern, as: UInt64.self)
        case .v128, .reference:
            return false
        }
        return true
    }

    /// Checks a value that is not a plain number of the expected kind and
    /// writes it into its (zeroed) slot.
    @inline(never)
    private static func storeChecked(_ value: Value, _ expected: ValueType, to slot: UnsafeMutableRawPointer,
                                     store: AnyStore, _ what: String) throws(WasmtimeError) {
        try check(value, expected, store: store, what)
        try value.storeRaw(to: slot, store: store)
    }

    private static func check(_ value: Value, _ expected: ValueType, store: AnyStore,
                              _ what: String) throws(WasmtimeError) {
        try value.check(store: store)
        guard value.matches(expected) else {
            throw WasmtimeError(.typeMismatch, "\(what) has type \(value.type), expected \(expected)")
        }
    }

    /// Checks a host function result without converting it.
    func checkResult(_ value: Value, _ index: Int, store: AnyStore) throws(WasmtimeError) {
        try Self.check(value, type.results[index], store: store, "host function result \(index)")
    }

    @inline(never)
    private static func loadReference(_ type: ValueType, from slot: UnsafeRawPointer, store: AnyStore) -> Value {
        Value.load(type, from: slot, store: store)
    }

    @inline(__always)
    func loadParameter(_ index: Int, from slots: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) -> Value {
        let slot = Self.slot(index, in: slots)
        return Self.load(parameters[index], from: slot) ?? Self.loadReference(type.parameters[index], from: slot, store: store())
    }

    @inline(__always)
    func loadResult(_ index: Int, from slots: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) -> Value {
        let slot = Self.slot(index, in: slots)
        return Self.load(results[index], from: slot) ?? Self.loadReference(type.results[index], from: slot, store: store())
    }

    @inline(__always)
    func storeArgument(_ value: Value, _ index: Int, to slots: UnsafeMutableRawPointer,
                       store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let slot = Self.slot(index, in: slots)
        if Self.storeNumeric(value, parameters[index], to: slot) { return }
        try Self.storeChecked(value, type.parameters[index], to: slot, store: store(), "argument \(index)")
    }

    @inline(__always)
    func storeResult(_ value: Value, _ index: Int, to slots: UnsafeMutableRawPointer,
                     store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let slot = Self.slot(index, in: slots)
        if Self.storeNumeric(value, results[index], to: slot) { return }
        try Self.storeChecked(value, type.results[index], to: slot, store: store(), "host function result \(index)")
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
