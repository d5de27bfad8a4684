import CWasmtime

/// A WebAssembly value of any type.
///
/// Floats keep their exact bits, NaN payloads included: build them with
/// `Float(bitPattern:)` and read them back with `.bitPattern`.
public enum Value {
    case i32(Int32)
    case i64(Int64)
    case f32(Float)
    case f64(Double)
    case v128(V128)
    /// A function reference; `nil` is `ref.null func`.
    case funcref(Func?)
    /// A host reference; `nil` is `ref.null extern`.
    case externref(ExternRef?)
    /// A GC reference; `nil` is `ref.null any`.
    case anyref(AnyRef?)
    /// An exception reference; `nil` is `ref.null exn`.
    case exnref(ExnRef?)

    /// The value's type (nullable reference types for references).
    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcref: .funcref
        case .externref: .externref
        case .anyref: .anyref
        case .exnref: .exnref
        }
    }

    /// The default value of `type`: zero, or null for references.
    public static func zero(of type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .v128: .v128(V128())
        case .ref(let ref):
            switch ref.heapType.top {
            case .func: .funcref(nil)
            case .extern: .externref(nil)
            case .exn: .exnref(nil)
            default: .anyref(nil)
            }
        }
    }

    /// The payload if this is an `i32`.
    public var i32: Int32? { if case .i32(let v) = self { v } else { nil } }
    /// The payload if this is an `i64`.
    public var i64: Int64? { if case .i64(let v) = self { v } else { nil } }
    /// The payload if this is an `f32`.
    public var f32: Float? { if case .f32(let v) = self { v } else { nil } }
    /// The payload if this is an `f64`.
    public var f64: Double? { if case .f64(let v) = self { v } else { nil } }
    /// The payload if this is a `v128`.
    public var v128: V128? { if case .v128(let v) = self { v } else { nil } }

    /// Whether this is a null reference.
    public var isNull: Bool {
        switch self {
        case .funcref(nil), .externref(nil), .anyref(nil), .exnref(nil): true
        default: false
        }
    }
}

extension Value: CustomStringConvertible {
    public var description: String {
        switch self {
        case .i32(let v): "i32 \(v)"
        case .i64(let v): "i64 \(v)"
        case .f32(let v): "f32 \(v)"
        case .f64(let v): "f64 \(v)"
        case .v128(let v): "v128 \(v)"
        case .funcref(let f): f == nil ? "funcref null" : "funcref"
        case .externref(let e): e.map { "externref \($0.value)" } ?? "externref null"
        case .anyref(let a): a == nil ? "anyref null" : "anyref"
        case .exnref(let e): e == nil ? "exnref null" : "exnref"
        }
    }
}

extension HeapType {
    /// The top of this type's hierarchy: func, extern, exn or any.
    var top: HeapType {
        switch self {
        case .func, .noFunc, .concreteFunc: .func
        case .extern, .noExtern: .extern
        case .exn, .noExn, .concreteExn: .exn
        default: .any
        }
    }
}

// MARK: - C conversions

extension Value {
    /// Converts a `wasmtime_val_t` the C API handed over, unrooting any GC
    /// reference in it: Swift objects root what they keep.
    init(taking raw: inout wasmtime_val_t, store: AnyStore) {
        switch Int(raw.kind) {
        case WASMTIME_I32: self = .i32(raw.of.i32)
        case WASMTIME_I64: self = .i64(raw.of.i64)
        case WASMTIME_F32: self = .f32(raw.of.f32)
        case WASMTIME_F64: self = .f64(raw.of.f64)
        case WASMTIME_V128: self = .v128(withUnsafeBytes(of: raw.of.v128) { V128(bytes: Array($0)) })
        case WASMTIME_FUNCREF:
            self = .funcref(raw.of.funcref.store_id == 0 ? nil : Func(store: store, raw: raw.of.funcref))
        case WASMTIME_EXTERNREF:
            self = .externref(ExternRef.take(&raw.of.externref, store: store))
        case WASMTIME_ANYREF:
            self = .anyref(raw.of.anyref.store_id == 0 ? nil : AnyRef(store: store, taking: raw.of.anyref))
        default:
            self = .exnref(raw.of.exnref.store_id == 0 ? nil : ExnRef(store: store, taking: raw.of.exnref))
        }
    }

    /// Checks the value can be used with `store`; Wasmtime aborts otherwise.
    func check(store: AnyStore) throws(WasmtimeError) {
        switch self {
        case .funcref(let f?): try store.checkOwns(f.store, "function reference")
        case .anyref(let a?): try store.checkOwns(a.store, "anyref")
        case .exnref(let e?): try store.checkOwns(e.store, "exnref")
        default: break
        }
    }

    /// Lends the C form of the value to `body`. A new `externref` is
    /// created for the call and unrooted afterwards.
    func withRaw<R, E: Error>(
        store: AnyStore, _ body: (inout wasmtime_val_t) throws(E) -> R
    ) throws(E) -> R {
        var raw = wasmtime_val_t()
        switch self {
        case .i32(let v): raw.kind = wasmtime_valkind_t(WASMTIME_I32); raw.of.i32 = v
        case .i64(let v): raw.kind = wasmtime_valkind_t(WASMTIME_I64); raw.of.i64 = v
        case .f32(let v): raw.kind = wasmtime_valkind_t(WASMTIME_F32); raw.of.f32 = v
        case .f64(let v): raw.kind = wasmtime_valkind_t(WASMTIME_F64); raw.of.f64 = v
        case .v128(let v):
            raw.kind = wasmtime_valkind_t(WASMTIME_V128)
            withUnsafeMutableBytes(of: &raw.of.v128) { dst in
                withUnsafeBytes(of: v.bytes) { dst.copyMemory(from: $0) }
            }
        case .funcref(let f):
            raw.kind = wasmtime_valkind_t(WASMTIME_FUNCREF)
            if let f { raw.of.funcref = f.raw }
        case .externref(let e):
            raw.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
            if let e {
                raw.of.externref = e.makeRooted(store: store)
                defer { wasmtime_externref_unroot(&raw.of.externref) }
                return try body(&raw)
            }
        case .anyref(let a):
            raw.kind = wasmtime_valkind_t(WASMTIME_ANYREF)
            if let a { raw.of.anyref = a.raw }
        case .exnref(let e):
            raw.kind = wasmtime_valkind_t(WASMTIME_EXNREF)
            if let e { raw.of.exnref = e.raw }
        }
        return try body(&raw)
    }
}

extension ExternRef {
    /// Creates a rooted `wasmtime_externref_t` that owns a +1 reference to
    /// `self`, released by Wasmtime's finalizer when wasm drops it.
    func makeRooted(store: AnyStore) -> wasmtime_externref_t {
        var raw = wasmtime_externref_t()
        let box = Unmanaged.passRetained(self).toOpaque()
        if !wasmtime_externref_new(store.context, box, { Unmanaged<ExternRef>.fromOpaque($0!).release() }, &raw) {
            // Allocation failed inside Wasmtime (GC heap exhausted): the
            // finalizer will not run, so give the reference back.
            Unmanaged<ExternRef>.fromOpaque(box).release()
        }
        return raw
    }

    /// Converts and unroots a rooted `externref` the C API handed over.
    static func take(_ raw: inout wasmtime_externref_t, store: AnyStore) -> ExternRef? {
        guard raw.store_id != 0 else { return nil }
        defer { wasmtime_externref_unroot(&raw) }
        guard let data = wasmtime_externref_data(store.context, &raw) else { return .opaque }
        return Unmanaged<ExternRef>.fromOpaque(data).takeUnretainedValue()
    }
}
