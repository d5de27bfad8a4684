/// A WebAssembly value of any type.
///
/// Floats keep their exact bits, NaN payloads included: build them with
/// `Float(bitPattern:)` and read them back with `.bitPattern`.
public enum Value {
    /// A 32-bit integer (signedness is up to the instructions that use it).
    case i32(Int32)
    /// A 64-bit integer (signedness is up to the instructions that use it).
    case i64(Int64)
    /// A 32-bit float.
    case f32(Float)
    /// A 64-bit float.
    case f64(Double)
    /// A 128-bit SIMD vector.
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

extension Value {
    /// Checks the value can be used with `store`; Wasmtime aborts otherwise.
    func check(store: AnyStore) throws(WasmtimeError) {
        switch self {
        case .funcref(let f?): try store.checkOwns(f.store, "function reference")
        case .anyref(let a?): try store.checkOwns(a.store, "anyref")
        case .exnref(let e?): try store.checkOwns(e.store, "exnref")
        default: break
        }
    }
}
