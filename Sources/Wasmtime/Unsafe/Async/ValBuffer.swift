import CWasmtime

// The async C API passes values as tagged `wasmtime_val_t` (there is no
// unchecked async call): this is their codec for typed values, by the
// sealed representation of each `WasmValue` type, and for `Value`s.

/// A run of pinned `wasmtime_val_t`s with checked indices.
@safe @usableFromInline struct ValBuffer {
    @usableFromInline let base: UnsafeMutablePointer<wasmtime_val_t>
    @usableFromInline let count: Int

    @usableFromInline init(base: UnsafeMutablePointer<wasmtime_val_t>, count: Int) {
        unsafe self.base = unsafe base
        self.count = count
    }

    @inlinable @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<wasmtime_val_t> {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "value index out of range")
        return unsafe base + index
    }

    // MARK: Specialized paths (inlined into the fixed-arity adapters and calls)

    /// ``store(_:at:store:state:)`` with numbers written inline.
    @inlinable @inline(__always)
    func put<T: WasmValue>(_ value: T, at index: Int, store: AnyStore, state: AsyncCallState) throws(WasmtimeError) {
        if unsafe !Self.writeNumber(value, to: slot(index)) {
            try self.store(value, at: index, store: store, state: state)
        }
    }

    /// Writes `value` into `raw` if its type is a number (a constant once
    /// specialized); false for every other type.
    @inlinable @inline(__always)
    static func writeNumber<T: WasmValue>(_ value: T, to raw: UnsafeMutablePointer<wasmtime_val_t>) -> Bool {
        switch T._representation.kind {
        case .i32:
            unsafe raw.pointee.kind = wasmtime_valkind_t(WASMTIME_I32)
            unsafe raw.pointee.of.i32 = unsafe unsafeBitCast(value, to: Int32.self)
        case .f32:
            unsafe raw.pointee.kind = wasmtime_valkind_t(WASMTIME_F32)
            unsafe raw.pointee.of.f32 = unsafe unsafeBitCast(value, to: Float.self)
        case .i64:
            unsafe raw.pointee.kind = wasmtime_valkind_t(WASMTIME_I64)
            unsafe raw.pointee.of.i64 = unsafe unsafeBitCast(value, to: Int64.self)
        case .f64:
            unsafe raw.pointee.kind = wasmtime_valkind_t(WASMTIME_F64)
            unsafe raw.pointee.of.f64 = unsafe unsafeBitCast(value, to: Double.self)
        default:
            return false
        }
        return true
    }

    /// ``take(_:at:store:)`` (`owned`) or ``borrow(_:at:store:)`` with
    /// numbers read inline.
    @inlinable @inline(__always)
    func get<T: WasmValue>(_ type: T.Type, at index: Int, store: AnyStore, owned: Bool) -> T {
        let raw = unsafe slot(index)
        switch T._representation.kind {
        case .i32: return unsafe unsafeBitCast(raw.pointee.of.i32, to: T.self)
        case .f32: return unsafe unsafeBitCast(raw.pointee.of.f32, to: T.self)
        case .i64: return unsafe unsafeBitCast(raw.pointee.of.i64, to: T.self)
        case .f64: return unsafe unsafeBitCast(raw.pointee.of.f64, to: T.self)
        default: return owned ? take(T.self, at: index, store: store) : borrow(T.self, at: index, store: store)
        }
    }

    // MARK: Typed values

    /// Writes `value` as the C value of its type. An `externref` gets a
    /// root kept in `state` until the call ends; `anyref`/`exnref` lend
    /// their own root, and `state` keeps their owner alive as long.
    @usableFromInline
    func store<T: WasmValue>(_ value: T, at index: Int, store: AnyStore, state: AsyncCallState) throws(WasmtimeError) {
        let raw = unsafe slot(index)
        unsafe raw.pointee = wasmtime_val_t()
        if unsafe Self.writeNumber(value, to: raw) { return }
        try storeValue(Self.value(of: value), at: index, store: store, state: state)
    }

    /// Reads a value the C API produced as a `T`, taking ownership of any
    /// root in it (results of calls).
    @usableFromInline
    func take<T: WasmValue>(_ type: T.Type, at index: Int, store: AnyStore) -> T {
        let raw = unsafe slot(index)
        switch T._representation.kind {
        case .i32: return unsafe unsafeBitCast(raw.pointee.of.i32, to: T.self)
        case .f32: return unsafe unsafeBitCast(raw.pointee.of.f32, to: T.self)
        case .i64: return unsafe unsafeBitCast(raw.pointee.of.i64, to: T.self)
        case .f64: return unsafe unsafeBitCast(raw.pointee.of.f64, to: T.self)
        default:
            let value = unsafe Value(taking: &raw.pointee, store: store)
            unsafe raw.pointee = wasmtime_val_t()
            return Self.typed(value, as: T.self)
        }
    }

    /// Reads a value Wasmtime lends (arguments of host functions): any
    /// root in it stays Wasmtime's, so references are copied, not taken.
    @usableFromInline
    func borrow<T: WasmValue>(_ type: T.Type, at index: Int, store: AnyStore) -> T {
        switch T._representation.kind {
        case .i32, .f32, .i64, .f64: return take(T.self, at: index, store: store)
        default: return Self.typed(borrowValue(at: index, store: store), as: T.self)
        }
    }

    // MARK: Values

    /// Writes a dynamically typed value (see ``store(_:at:store:state:)``).
    func storeValue(_ value: Value, at index: Int, store: AnyStore, state: AsyncCallState) throws(WasmtimeError) {
        try value.check(store: store)
        let raw = unsafe slot(index)
        if case .externref(let reference?) = value {
            var converted = unsafe wasmtime_val_t()
            unsafe converted.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
            unsafe converted.of.externref = unsafe reference.makeRooted(store: store)
            unsafe state.roots.append(converted.of.externref)
            unsafe raw.pointee = converted
            return
        }
        switch value {
        case .anyref(let reference?): unsafe state.keepAlive.append(reference)
        case .exnref(let reference?): unsafe state.keepAlive.append(reference)
        default: break
        }
        unsafe value.withRaw(store: store) { unsafe raw.pointee = $0 }
    }

    /// Takes a value the C API produced (results of calls).
    func takeValue(at index: Int, store: AnyStore) -> Value {
        let raw = unsafe slot(index)
        let value = unsafe Value(taking: &raw.pointee, store: store)
        unsafe raw.pointee = wasmtime_val_t()
        return value
    }

    /// Copies a value Wasmtime lends, rooting references anew for Swift.
    func borrowValue(at index: Int, store: AnyStore) -> Value {
        var copy = unsafe slot(index).pointee
        switch unsafe Int(copy.kind) {
        case WASMTIME_EXTERNREF:
            var original = unsafe copy.of.externref
            unsafe wasmtime_externref_clone(&original, &copy.of.externref)
        case WASMTIME_ANYREF:
            var original = unsafe copy.of.anyref
            unsafe wasmtime_anyref_clone(&original, &copy.of.anyref)
        case WASMTIME_EXNREF:
            var original = unsafe copy.of.exnref
            unsafe wasmtime_exnref_clone(&original, &copy.of.exnref)
        default:
            break
        }
        return unsafe Value(taking: &copy, store: store)
    }

    // MARK: Typed and dynamic values

    /// A typed reference value as a `Value` (numbers never get here).
    static func value<T: WasmValue>(of value: T) -> Value {
        switch T._representation.kind {
        case .i32: .i32(unsafe unsafeBitCast(value, to: Int32.self))
        case .f32: .f32(unsafe unsafeBitCast(value, to: Float.self))
        case .i64: .i64(unsafe unsafeBitCast(value, to: Int64.self))
        case .f64: .f64(unsafe unsafeBitCast(value, to: Double.self))
        case .v128: .v128(_identityCast(value, to: V128.self))
        case .funcref: .funcref(_identityCast(value, to: Func.self))
        case .nullableFuncref: .funcref(_identityCast(value, to: Func?.self))
        case .externref: .externref(_identityCast(value, to: ExternRef.self))
        case .nullableExternref: .externref(_identityCast(value, to: ExternRef?.self))
        case .anyref: .anyref(_identityCast(value, to: AnyRef.self))
        case .nullableAnyref: .anyref(_identityCast(value, to: AnyRef?.self))
        case .exnref: .exnref(_identityCast(value, to: ExnRef.self))
        case .nullableExnref: .exnref(_identityCast(value, to: ExnRef?.self))
        case .structref: .structRef(_identityCast(value, to: StructRef.self))
        case .nullableStructref: .structRef(_identityCast(value, to: StructRef?.self))
        case .arrayref: .arrayRef(_identityCast(value, to: ArrayRef.self))
        case .nullableArrayref: .arrayRef(_identityCast(value, to: ArrayRef?.self))
        }
    }

    /// The `T` in a `Value` whose type the function's signature guarantees.
    static func typed<T: WasmValue>(_ value: Value, as type: T.Type) -> T {
        switch (T._representation.kind, value) {
        case (.i32, .i32(let v)): return unsafe unsafeBitCast(v, to: T.self)
        case (.f32, .f32(let v)): return unsafe unsafeBitCast(v, to: T.self)
        case (.i64, .i64(let v)): return unsafe unsafeBitCast(v, to: T.self)
        case (.f64, .f64(let v)): return unsafe unsafeBitCast(v, to: T.self)
        case (.v128, .v128(let v)): return _identityCast(v, to: T.self)
        case (.funcref, .funcref(let f?)): return _identityCast(f, to: T.self)
        case (.nullableFuncref, .funcref(let f)): return _identityCast(f, to: T.self)
        case (.externref, .externref(let e)): return _identityCast(e ?? .opaque, to: T.self)
        case (.nullableExternref, .externref(let e)): return _identityCast(e, to: T.self)
        case (.anyref, .anyref(let a?)): return _identityCast(a, to: T.self)
        case (.nullableAnyref, .anyref(let a)): return _identityCast(a, to: T.self)
        case (.exnref, .exnref(let e?)): return _identityCast(e, to: T.self)
        case (.nullableExnref, .exnref(let e)): return _identityCast(e, to: T.self)
        case (.structref, .anyref(let a?)):
            if let object = a.asStruct() { return _identityCast(object, to: T.self) }
            preconditionFailure("value \(value) is not the struct its signature guarantees")
        case (.nullableStructref, .anyref(let a)): return _identityCast(a?.asStruct(), to: T.self)
        case (.arrayref, .anyref(let a?)):
            if let object = a.asArray() { return _identityCast(object, to: T.self) }
            preconditionFailure("value \(value) is not the array its signature guarantees")
        case (.nullableArrayref, .anyref(let a)): return _identityCast(a?.asArray(), to: T.self)
        default: preconditionFailure("value \(value) does not have the checked type \(T.valueType)")
        }
    }
}
