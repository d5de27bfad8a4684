import CWasmtime

/// A Swift type that maps to one WebAssembly value type, usable as a
/// parameter or result of ``TypedFunc`` and of typed host functions.
///
/// The library provides the conformances (`Int32`, `UInt32`, `Int64`,
/// `UInt64`, `Float`, `Double`, ``V128``, `Func`, `Func?`, `ExternRef?`,
/// `AnyRef?`, `ExnRef?`); the requirements are implementation details that
/// read and write Wasmtime's 16-byte raw value slots.
public protocol WasmValue {
    /// The WebAssembly type this Swift type stands for.
    static var valueType: ValueType { get }
    /// Reads a value from a raw slot. Do not call or implement it yourself.
    static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self
    /// Writes the value into a zeroed raw slot. Do not call or implement it yourself.
    func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) throws(WasmtimeError)
    /// Whether `_store` leaves a temporary root in the store. Do not use or
    /// implement it yourself.
    static var _rootsTemporarily: Bool { get }
}

extension WasmValue {
    @inlinable public static var _rootsTemporarily: Bool { false }
}

extension Int32: WasmValue {
    public static var valueType: ValueType { .i32 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Int32 {
        slot.load(as: Int32.self)
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: self, as: Int32.self)
    }
}

extension UInt32: WasmValue {
    public static var valueType: ValueType { .i32 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> UInt32 {
        slot.load(as: UInt32.self)
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: self, as: UInt32.self)
    }
}

extension Int64: WasmValue {
    public static var valueType: ValueType { .i64 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Int64 {
        slot.load(as: Int64.self)
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: self, as: Int64.self)
    }
}

extension UInt64: WasmValue {
    public static var valueType: ValueType { .i64 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> UInt64 {
        slot.load(as: UInt64.self)
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: self, as: UInt64.self)
    }
}

extension Float: WasmValue {
    public static var valueType: ValueType { .f32 }
    // Through the bit pattern, so NaN payloads survive unchanged.
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Float {
        Float(bitPattern: slot.load(as: UInt32.self))
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: bitPattern, as: UInt32.self)
    }
}

extension Double: WasmValue {
    public static var valueType: ValueType { .f64 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Double {
        Double(bitPattern: slot.load(as: UInt64.self))
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: bitPattern, as: UInt64.self)
    }
}

extension V128: WasmValue {
    public static var valueType: ValueType { .v128 }
    @inlinable @inline(__always) public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> V128 {
        V128(low: slot.loadUnaligned(as: UInt64.self), high: slot.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }
    @inlinable @inline(__always) public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        slot.storeBytes(of: low, as: UInt64.self)
        slot.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
    }
}

extension Func: WasmValue {
    /// A non-null function reference, `(ref func)`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .func)) }
    public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Func {
        let store = store()
        // Wasm guarantees non-null for a `(ref func)` result.
        var raw = wasmtime_func_t()
        wasmtime_func_from_raw(store.context, slot.load(as: UnsafeMutableRawPointer?.self), &raw)
        return Func(store: store, raw: raw)
    }
    public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let store = store()
        try store.checkOwns(self.store, "function reference")
        var raw = self.raw
        slot.storeBytes(of: wasmtime_func_to_raw(store.context, &raw), as: UnsafeMutableRawPointer?.self)
    }
}

extension Optional: WasmValue where Wrapped: NullableWasmReference {
    public static var valueType: ValueType {
        guard case .ref(var ref) = Wrapped.valueType else { return Wrapped.valueType }
        ref.isNullable = true
        return .ref(ref)
    }
    @inlinable public static var _rootsTemporarily: Bool { Wrapped._rootsTemporarily }
    public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Wrapped? {
        Wrapped._loadNullable(from: slot, store: store())
    }
    public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        if let self { try self._store(to: slot, store: store()) }
    }
}

/// A reference type whose optional form is a nullable WebAssembly reference.
public protocol NullableWasmReference: WasmValue {
    /// Reads a possibly-null reference. Do not call or implement it yourself.
    static func _loadNullable(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self?
}

extension Func: NullableWasmReference {
    public static func _loadNullable(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Func? {
        guard slot.load(as: UnsafeMutableRawPointer?.self) != nil else { return nil }
        return _load(from: slot, store: store())
    }
}

extension ExternRef: NullableWasmReference {
    /// A non-null `externref`; use `ExternRef?` for the nullable `externref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .extern)) }
    public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self {
        _loadNullable(from: slot, store: store()) ?? (ExternRef.opaque as! Self)
    }
    public static func _loadNullable(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self? {
        let bits = slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        let store = store()
        var raw = wasmtime_externref_t()
        wasmtime_externref_from_raw(store.context, bits, &raw)
        return ExternRef.take(&raw, store: store) as! Self?
    }
    @inlinable public static var _rootsTemporarily: Bool { true }
    public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) {
        let store = store()
        var raw = makeRooted(store: store)
        slot.storeBytes(of: wasmtime_externref_to_raw(store.context, &raw), as: UInt32.self)
        // The raw value is not a root: keep this one until the call's other
        // values are converted (see AnyStore.temporaryRoots).
        store.temporaryRoots.append(raw)
    }
}

extension AnyRef: NullableWasmReference {
    /// A non-null `anyref`; use `AnyRef?` for the nullable `anyref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .any)) }
    public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self {
        _loadNullable(from: slot, store: store())!
    }
    public static func _loadNullable(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self? {
        let bits = slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        let store = store()
        var raw = wasmtime_anyref_t()
        wasmtime_anyref_from_raw(store.context, bits, &raw)
        return AnyRef(store: store, taking: raw) as? Self
    }
    public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let store = store()
        try store.checkOwns(self.store, "anyref")
        slot.storeBytes(of: wasmtime_anyref_to_raw(store.context, &raw), as: UInt32.self)
    }
}

extension ExnRef: NullableWasmReference {
    /// A non-null `exnref`; use `ExnRef?` for the nullable `exnref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .exn)) }
    public static func _load(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self {
        _loadNullable(from: slot, store: store())!
    }
    public static func _loadNullable(from slot: UnsafeRawPointer, store: @autoclosure () -> AnyStore) -> Self? {
        let bits = slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        let store = store()
        var raw = wasmtime_exnref_t()
        wasmtime_exnref_from_raw(store.context, bits, &raw)
        return ExnRef(store: store, taking: raw) as? Self
    }
    public func _store(to slot: UnsafeMutableRawPointer, store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let store = store()
        try store.checkOwns(self.store, "exnref")
        slot.storeBytes(of: wasmtime_exnref_to_raw(store.context, &raw), as: UInt32.self)
    }
}
