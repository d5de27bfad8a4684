import CWasmtime

// The raw-slot codec: how values travel through Wasmtime's 16-byte
// `wasmtime_val_raw_t` slots on the unchecked call paths, in both directions.
// Typed paths dispatch on the sealed `WasmValueRepresentation` of their
// types: the kind is a constant once specialized, so each conversion
// compiles to one load or store.

/// One raw value slot's worth of bytes, for stack buffers declared in safe
/// code (layout-compatible with `wasmtime_val_raw_t`: 16 bytes, 8-aligned).
@frozen @usableFromInline struct RawSlot {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    @inlinable init() {}

    /// A slot with `bits` in its low half and zeros above (numbers occupy
    /// the low bytes).
    @inlinable @inline(__always)
    init(low bits: UInt64) {
        low = bits
    }
}

/// A buffer of `count` raw value slots that lives for the duration of one
/// call. Every access checks its index against `count` (a constant on the
/// typed paths, where the check folds away); values are converted by the
/// codec below, so safe code can only write well-typed bits.
@safe @frozen @usableFromInline struct RawSlots {
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let count: Int

    @inlinable init(base: UnsafeMutableRawPointer, count: Int) {
        unsafe self.base = unsafe base
        self.count = count
    }

    /// Lends `storage` (a `RawSlot` or a tuple of them) to `body` as slots.
    /// Without a stack protector: Wasmtime writes at most `count` slots.
    @inlinable @inline(__always)
    static func with<Storage, R>(_ storage: inout Storage, _ body: (RawSlots) throws -> R) rethrows -> R {
        unsafe try _withUnprotectedUnsafeMutablePointer(to: &storage) { pointer in
            unsafe try body(
                RawSlots(
                    base: UnsafeMutableRawPointer(pointer),
                    count: MemoryLayout<Storage>.size / MemoryLayout<RawSlot>.stride))
        }
    }

    /// Lends `count` zeroed slots on the stack (or the heap, for very many) to `body`.
    @inlinable @inline(__always)
    static func withTemporary<R>(count: Int, _ body: (RawSlots) throws -> R) rethrows -> R {
        unsafe try withUnsafeTemporaryAllocation(of: RawSlot.self, capacity: count) { buffer in
            unsafe buffer.initialize(repeating: RawSlot())
            return unsafe try body(RawSlots(base: UnsafeMutableRawPointer(buffer.baseAddress!), count: count))
        }
    }

    /// The first `count` slots, after checking there are that many: with a
    /// constant `count`, later index checks against it fold away.
    @inlinable @inline(__always)
    func prefix(_ count: Int) -> RawSlots {
        precondition(count <= self.count, "raw slot buffer too short")
        return unsafe RawSlots(base: base, count: count)
    }

    /// The buffer taken to hold `count` slots, unchecked: for Wasmtime's
    /// buffer in a host function, which holds as many slots as the type the
    /// function was created with needs.
    @unsafe @inlinable @inline(__always)
    func assumingCount(_ count: Int) -> RawSlots {
        unsafe RawSlots(base: base, count: count)
    }

    /// The address of slot `index`, after checking it is in range.
    @inlinable @inline(__always)
    func slot(_ index: Int) -> UnsafeMutableRawPointer {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "raw slot index out of range")
        return unsafe base + index &* MemoryLayout<RawSlot>.stride
    }

    /// The buffer as the C API wants it.
    @inlinable var cPointer: UnsafeMutablePointer<wasmtime_val_raw_t> {
        unsafe base.assumingMemoryBound(to: wasmtime_val_raw_t.self)
    }

    /// Zeroes slot `index` (references write only 4 or 8 bytes of it).
    @inlinable @inline(__always)
    func zero(at index: Int) {
        unsafe slot(index).storeBytes(of: RawSlot(), as: RawSlot.self)
    }

    /// Copies slot `index` of `other` into slot `index` of this buffer.
    @inlinable @inline(__always)
    func copy(_ index: Int, from other: RawSlots) {
        unsafe slot(index).storeBytes(of: other.slot(index).load(as: RawSlot.self), as: RawSlot.self)
    }

    /// Whether slot `index` is all zero bits (a null reference).
    @inlinable func isZero(at index: Int) -> Bool {
        let value = unsafe slot(index).load(as: RawSlot.self)
        return value.low == 0 && value.high == 0
    }

    // MARK: Typed values

    /// Writes `value` into the zeroed slot `index`.
    @inlinable @inline(__always)
    func store<T: WasmValue>(_ value: T, at index: Int, store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        let slot = unsafe slot(index)
        // Each kind stands for exactly one Swift type (see RawValueKind):
        // `_identityCast` checks that (the check folds away once specialized),
        // and numbers are reinterpreted between same-sized integer types.
        switch T._representation.kind {
        case .i32, .f32: unsafe slot.storeBytes(of: unsafeBitCast(value, to: UInt32.self), as: UInt32.self)
        case .i64, .f64: unsafe slot.storeBytes(of: unsafeBitCast(value, to: UInt64.self), as: UInt64.self)
        case .v128:
            let vector = _identityCast(value, to: V128.self)
            unsafe slot.storeBytes(of: vector.low, as: UInt64.self)
            unsafe slot.storeBytes(of: vector.high, toByteOffset: 8, as: UInt64.self)
        case .funcref: unsafe try Self.storeFunc(_identityCast(value, to: Func.self), to: slot, store: store())
        case .nullableFuncref:
            if let function = _identityCast(value, to: Func?.self) {
                unsafe try Self.storeFunc(function, to: slot, store: store())
            }
        case .externref: unsafe Self.storeExternRef(_identityCast(value, to: ExternRef.self), to: slot, store: store())
        case .nullableExternref:
            if let reference = _identityCast(value, to: ExternRef?.self) {
                unsafe Self.storeExternRef(reference, to: slot, store: store())
            }
        case .anyref: unsafe try Self.storeAnyRef(_identityCast(value, to: AnyRef.self), to: slot, store: store())
        case .nullableAnyref:
            if let reference = _identityCast(value, to: AnyRef?.self) {
                unsafe try Self.storeAnyRef(reference, to: slot, store: store())
            }
        case .exnref: unsafe try Self.storeExnRef(_identityCast(value, to: ExnRef.self), to: slot, store: store())
        case .nullableExnref:
            if let reference = _identityCast(value, to: ExnRef?.self) {
                unsafe try Self.storeExnRef(reference, to: slot, store: store())
            }
        case .structref:
            unsafe try Self.storeStructRef(_identityCast(value, to: StructRef.self), to: slot, store: store())
        case .nullableStructref:
            if let reference = _identityCast(value, to: StructRef?.self) {
                unsafe try Self.storeStructRef(reference, to: slot, store: store())
            }
        case .arrayref: unsafe try Self.storeArrayRef(_identityCast(value, to: ArrayRef.self), to: slot, store: store())
        case .nullableArrayref:
            if let reference = _identityCast(value, to: ArrayRef?.self) {
                unsafe try Self.storeArrayRef(reference, to: slot, store: store())
            }
        }
    }

    /// Writes `value` into slot `index`, whatever the slot held (a host
    /// function's result over its argument): numbers are written as the
    /// slot's low 8 bytes, zero-extended, which is all Wasmtime reads of a
    /// number, so only references (4 or 8 bytes) zero the slot first.
    @inlinable @inline(__always)
    func overwrite<T: WasmValue>(_ value: T, at index: Int, store: @autoclosure () -> AnyStore)
        throws(WasmtimeError)
    {
        switch T._representation.kind {
        case .i32, .f32:
            unsafe slot(index).storeBytes(of: UInt64(unsafeBitCast(value, to: UInt32.self)), as: UInt64.self)
        case .i64, .f64, .v128:
            try self.store(value, at: index, store: store())
        default:
            zero(at: index)
            try self.store(value, at: index, store: store())
        }
    }

    /// Reads slot `index` as a `T`.
    @inlinable @inline(__always)
    func load<T: WasmValue>(_ type: T.Type, at index: Int, store: @autoclosure () -> AnyStore) -> T {
        let slot = unsafe slot(index)
        switch T._representation.kind {
        case .i32, .f32: return unsafe unsafeBitCast(slot.load(as: UInt32.self), to: T.self)
        case .i64, .f64: return unsafe unsafeBitCast(slot.load(as: UInt64.self), to: T.self)
        case .v128:
            let vector = unsafe V128(
                low: slot.loadUnaligned(as: UInt64.self), high: slot.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            return _identityCast(vector, to: T.self)
        case .funcref:
            // Wasm guarantees non-null for a `(ref func)` value.
            return unsafe _identityCast(Self.loadFunc(from: slot, store: store())!, to: T.self)
        case .nullableFuncref: return unsafe _identityCast(Self.loadFunc(from: slot, store: store()), to: T.self)
        case .externref:
            return unsafe _identityCast(Self.loadExternRef(from: slot, store: store()) ?? ExternRef.opaque, to: T.self)
        case .nullableExternref: return unsafe _identityCast(Self.loadExternRef(from: slot, store: store()), to: T.self)
        case .anyref: return unsafe _identityCast(Self.loadAnyRef(from: slot, store: store())!, to: T.self)
        case .nullableAnyref: return unsafe _identityCast(Self.loadAnyRef(from: slot, store: store()), to: T.self)
        case .exnref: return unsafe _identityCast(Self.loadExnRef(from: slot, store: store())!, to: T.self)
        case .nullableExnref: return unsafe _identityCast(Self.loadExnRef(from: slot, store: store()), to: T.self)
        case .structref: return unsafe _identityCast(Self.loadStructRef(from: slot, store: store())!, to: T.self)
        case .nullableStructref: return unsafe _identityCast(Self.loadStructRef(from: slot, store: store()), to: T.self)
        case .arrayref: return unsafe _identityCast(Self.loadArrayRef(from: slot, store: store())!, to: T.self)
        case .nullableArrayref: return unsafe _identityCast(Self.loadArrayRef(from: slot, store: store()), to: T.self)
        }
    }

    // MARK: References (out of line: they call into Wasmtime anyway)

    @usableFromInline
    static func storeFunc(_ function: Func, to slot: UnsafeMutableRawPointer, store: AnyStore) throws(WasmtimeError) {
        try store.checkOwns(function.store, "function reference")
        var raw = unsafe function.handle.raw
        unsafe slot.storeBytes(of: wasmtime_func_to_raw(store.context.pointer, &raw), as: UnsafeMutableRawPointer?.self)
    }

    @usableFromInline
    static func loadFunc(from slot: UnsafeMutableRawPointer, store: AnyStore) -> Func? {
        guard let bits = unsafe slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        var raw = unsafe wasmtime_func_t()
        unsafe wasmtime_func_from_raw(store.context.pointer, bits, &raw)
        return unsafe Func(store: store, handle: FuncHandle(raw))
    }

    @usableFromInline
    static func storeExternRef(_ reference: ExternRef, to slot: UnsafeMutableRawPointer, store: AnyStore) {
        var root = unsafe reference.makeRooted(store: store)
        unsafe slot.storeBytes(of: wasmtime_externref_to_raw(store.context.pointer, &root), as: UInt32.self)
        // The raw value is not a root: keep this one until the call's other
        // values are converted (see AnyStore.temporaryRoots).
        unsafe store.temporaryRoots.append(root)
    }

    @usableFromInline
    static func loadExternRef(from slot: UnsafeMutableRawPointer, store: AnyStore) -> ExternRef? {
        let bits = unsafe slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        var raw = unsafe wasmtime_externref_t()
        unsafe wasmtime_externref_from_raw(store.context.pointer, bits, &raw)
        return unsafe ExternRef.take(&raw, store: store)
    }

    @usableFromInline
    static func storeAnyRef(_ reference: AnyRef, to slot: UnsafeMutableRawPointer, store: AnyStore)
        throws(WasmtimeError)
    {
        try store.checkOwns(reference.store, "anyref")
        unsafe slot.storeBytes(of: reference.root.raw(in: store.context), as: UInt32.self)
    }

    @usableFromInline
    static func loadAnyRef(from slot: UnsafeMutableRawPointer, store: AnyStore) -> AnyRef? {
        let bits = unsafe slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        return AnyRef(root: RootedAnyRef(fromRaw: bits, store: store))
    }

    @usableFromInline
    static func storeExnRef(_ reference: ExnRef, to slot: UnsafeMutableRawPointer, store: AnyStore)
        throws(WasmtimeError)
    {
        try store.checkOwns(reference.store, "exnref")
        unsafe slot.storeBytes(of: reference.root.raw(in: store.context), as: UInt32.self)
    }

    @usableFromInline
    static func loadExnRef(from slot: UnsafeMutableRawPointer, store: AnyStore) -> ExnRef? {
        let bits = unsafe slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        return ExnRef(root: RootedExnRef(fromRaw: bits, store: store))
    }
}

/// Reads consecutive slots; used inside pack expansions.
@usableFromInline struct RawSlotCursor {
    @usableFromInline let slots: RawSlots
    @usableFromInline var index = 0

    @inlinable init(_ slots: RawSlots) {
        self.slots = slots
    }

    @inlinable @inline(__always)
    mutating func next<T: WasmValue>(_ type: T.Type, store: AnyStore) -> T {
        defer { index += 1 }
        return slots.load(T.self, at: index, store: store)
    }
}
