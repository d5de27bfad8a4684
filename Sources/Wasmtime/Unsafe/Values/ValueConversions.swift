import CWasmtime

// Values to and from the C API's tagged `wasmtime_val_t` (checked calls,
// globals, tables) and, by type, to and from raw slots (untyped calls).

extension Value {
    /// Converts a `wasmtime_val_t` the C API handed over, unrooting any GC
    /// reference in it: Swift objects root what they keep.
    init(taking raw: inout wasmtime_val_t, store: AnyStore) {
        switch unsafe Int(raw.kind) {
        case WASMTIME_I32: self = unsafe .i32(raw.of.i32)
        case WASMTIME_I64: self = unsafe .i64(raw.of.i64)
        case WASMTIME_F32: self = unsafe .f32(raw.of.f32)
        case WASMTIME_F64: self = unsafe .f64(raw.of.f64)
        case WASMTIME_V128: self = unsafe .v128(withUnsafeBytes(of: raw.of.v128) { unsafe V128(bytes: Array($0)) })
        case WASMTIME_FUNCREF:
            self = unsafe .funcref(
                raw.of.funcref.store_id == 0 ? nil : Func(store: store, handle: FuncHandle(raw.of.funcref)))
        case WASMTIME_EXTERNREF:
            self = unsafe .externref(ExternRef.take(&raw.of.externref, store: store))
        case WASMTIME_ANYREF:
            self = unsafe .anyref(
                raw.of.anyref.store_id == 0 ? nil : AnyRef(root: RootedAnyRef(taking: raw.of.anyref, store: store)))
        default:
            self = unsafe .exnref(
                raw.of.exnref.store_id == 0 ? nil : ExnRef(root: RootedExnRef(taking: raw.of.exnref, store: store)))
        }
    }

    /// Lends the C form of the value to `body`. A new `externref` is
    /// created for the call and unrooted afterwards.
    func withRaw<R, E: Error>(
        store: AnyStore, _ body: (inout wasmtime_val_t) throws(E) -> R
    ) throws(E) -> R {
        if var number = unsafe rawNumber { return unsafe try body(&number) }
        var raw = unsafe wasmtime_val_t()
        switch self {
        case .i32, .i64, .f32, .f64:
            preconditionFailure("numbers are written by rawNumber")
        case .v128(let v):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_V128)
            unsafe withUnsafeMutableBytes(of: &raw.of.v128) { dst in
                unsafe withUnsafeBytes(of: v.bytes) { unsafe dst.copyMemory(from: $0) }
            }
        case .funcref(let f):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_FUNCREF)
            if let f { unsafe raw.of.funcref = unsafe f.handle.raw }
        case .externref(let e):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
            if let e {
                return unsafe try e.withRooted(store: store) { (root) throws(E) -> R in
                    unsafe raw.of.externref = unsafe root
                    return unsafe try body(&raw)
                }
            }
        case .anyref(let a):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_ANYREF)
            if let a { unsafe raw.of.anyref = unsafe a.root.borrowed }
        case .exnref(let e):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_EXNREF)
            if let e { unsafe raw.of.exnref = unsafe e.root.borrowed }
        }
        return unsafe try body(&raw)
    }
}

extension Value {
    /// Whether this is a number (or a vector): a value without references,
    /// which can be overwritten without being destroyed.
    @inline(__always)
    var isNumber: Bool {
        switch self {
        case .i32, .i64, .f32, .f64, .v128: true
        case .funcref, .externref, .anyref, .exnref: false
        }
    }
}

extension Value {
    /// The C form of a number (or vector), which needs no store; nil for references.
    @inline(__always)
    var rawNumber: wasmtime_val_t? {
        var raw = unsafe wasmtime_val_t()
        switch self {
        case .i32(let v):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_I32)
            unsafe raw.of.i32 = v
        case .i64(let v):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_I64)
            unsafe raw.of.i64 = v
        case .f32(let v):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_F32)
            unsafe raw.of.f32 = v
        case .f64(let v):
            unsafe raw.kind = wasmtime_valkind_t(WASMTIME_F64)
            unsafe raw.of.f64 = v
        case .v128, .funcref, .externref, .anyref, .exnref:
            return nil
        }
        return unsafe raw
    }
}

extension RawSlots {
    /// Reads slot `index`, whose type is known from a signature.
    func loadValue(_ type: ValueType, at index: Int, store: AnyStore) -> Value {
        switch type {
        case .i32: return .i32(load(Int32.self, at: index, store: store))
        case .i64: return .i64(load(Int64.self, at: index, store: store))
        case .f32: return .f32(load(Float.self, at: index, store: store))
        case .f64: return .f64(load(Double.self, at: index, store: store))
        case .v128: return .v128(load(V128.self, at: index, store: store))
        case .ref(let ref):
            switch ref.heapType.top {
            case .func: return .funcref(load(Func?.self, at: index, store: store))
            case .extern: return .externref(load(ExternRef?.self, at: index, store: store))
            case .exn: return .exnref(load(ExnRef?.self, at: index, store: store))
            default: return .anyref(load(AnyRef?.self, at: index, store: store))
            }
        }
    }

    /// Writes `value` into the zeroed slot `index`.
    func storeValue(_ value: Value, at index: Int, store: AnyStore) throws(WasmtimeError) {
        switch value {
        case .i32(let v): try self.store(v, at: index, store: store)
        case .i64(let v): try self.store(v, at: index, store: store)
        case .f32(let v): try self.store(v, at: index, store: store)
        case .f64(let v): try self.store(v, at: index, store: store)
        case .v128(let v): try self.store(v, at: index, store: store)
        case .funcref(let f): try self.store(f, at: index, store: store)
        case .externref(let e): try self.store(e, at: index, store: store)
        case .anyref(let a): try self.store(a, at: index, store: store)
        case .exnref(let e): try self.store(e, at: index, store: store)
        }
    }
}
