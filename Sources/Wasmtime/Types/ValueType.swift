import CWasmtime

/// The type of a WebAssembly value.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case i32, i64, f32, f64, v128
    /// A reference type, such as `funcref` or `(ref null any)`.
    case ref(RefType)

    /// `funcref`, that is `(ref null func)`.
    public static let funcref = ValueType.ref(.funcref)
    /// `externref`, that is `(ref null extern)`.
    public static let externref = ValueType.ref(.externref)
    /// `anyref`, that is `(ref null any)`.
    public static let anyref = ValueType.ref(.anyref)
    /// `exnref`, that is `(ref null exn)`.
    public static let exnref = ValueType.ref(.exnref)

    /// Whether this is a reference to a concrete (module-defined) type.
    var isConcreteReference: Bool {
        guard case .ref(let ref) = self else { return false }
        switch ref.heapType {
        case .concreteFunc, .concreteArray, .concreteStruct, .concreteExn: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref(let ref): ref.description
        }
    }
}

/// A WebAssembly reference type: a heap type and whether null is allowed.
public struct RefType: Hashable, Sendable, CustomStringConvertible {
    /// Whether the reference may be null.
    public var isNullable: Bool
    /// What the reference points to.
    public var heapType: HeapType

    /// Creates a reference type.
    public init(nullable: Bool = true, _ heapType: HeapType) {
        self.isNullable = nullable
        self.heapType = heapType
    }

    /// `funcref`.
    public static let funcref = RefType(.func)
    /// `externref`.
    public static let externref = RefType(.extern)
    /// `anyref`.
    public static let anyref = RefType(.any)
    /// `exnref`.
    public static let exnref = RefType(.exn)

    public var description: String {
        switch (isNullable, heapType) {
        case (true, .func): "funcref"
        case (true, .extern): "externref"
        case (true, .any): "anyref"
        case (true, .exn): "exnref"
        case (true, .eq): "eqref"
        case (true, .i31): "i31ref"
        default: "(ref \(isNullable ? "null " : "")\(heapType))"
        }
    }
}

/// The heap type of a reference: an abstract type or a concrete one.
///
/// Concrete struct, array and exception types are reported without their
/// definitions; concrete function types carry theirs.
public indirect enum HeapType: Hashable, Sendable, CustomStringConvertible {
    case extern, noExtern, `func`, noFunc, any, none, eq, i31, array, `struct`, exn, noExn
    /// A concrete function type.
    case concreteFunc(FuncType)
    /// A concrete GC array type.
    case concreteArray
    /// A concrete GC struct type.
    case concreteStruct
    /// A concrete exception type.
    case concreteExn

    public var description: String {
        switch self {
        case .extern: "extern"
        case .noExtern: "noextern"
        case .func: "func"
        case .noFunc: "nofunc"
        case .any: "any"
        case .none: "none"
        case .eq: "eq"
        case .i31: "i31"
        case .array: "array"
        case .struct: "struct"
        case .exn: "exn"
        case .noExn: "noexn"
        case .concreteFunc(let type): "(func \(type))"
        case .concreteArray: "(array)"
        case .concreteStruct: "(struct)"
        case .concreteExn: "(exn)"
        }
    }
}

// MARK: - C conversions

extension ValueType {
    /// Reads a borrowed `wasm_valtype_t` through the `wasmtime_valtype_*`
    /// family, because `wasm_valtype_kind` aborts on v128 and most references.
    init(borrowing raw: OpaquePointer, depth: Int = 0) {
        var full = wasmtime_valtype_t()
        wasmtime_valtype_new(raw, &full)
        defer { wasmtime_valtype_delete(&full) }
        switch Int(full.kind) {
        case WASMTIME_VALTYPE_KIND_I32: self = .i32
        case WASMTIME_VALTYPE_KIND_I64: self = .i64
        case WASMTIME_VALTYPE_KIND_F32: self = .f32
        case WASMTIME_VALTYPE_KIND_F64: self = .f64
        case WASMTIME_VALTYPE_KIND_V128: self = .v128
        default: self = .ref(RefType(full.reftype, depth: depth))
        }
    }

    /// Creates an owned `wasm_valtype_t`; the caller (or the vector it is
    /// moved into) must free it.
    func makeRaw(engine: Engine) -> OpaquePointer {
        switch self {
        case .i32: return wasm_valtype_new(wasm_valkind_t(WASM_I32))
        case .i64: return wasm_valtype_new(wasm_valkind_t(WASM_I64))
        case .f32: return wasm_valtype_new(wasm_valkind_t(WASM_F32))
        case .f64: return wasm_valtype_new(wasm_valkind_t(WASM_F64))
        case .v128: return wasmtime_wasm_valtype_v128()
        case .ref(let ref):
            return ref.withRaw(engine: engine) { full in
                var full = full
                return wasmtime_valtype_to_wasm(engine.raw, &full)
            }
        }
    }
}

extension RefType {
    init(_ raw: wasmtime_reftype_t, depth: Int = 0) {
        self.init(nullable: raw.nullable, HeapType(raw.heaptype, depth: depth))
    }

    /// Builds the C form; concrete function types are created for the call
    /// and freed afterwards.
    func withRaw<R>(engine: Engine, _ body: (wasmtime_valtype_t) -> R) -> R {
        var full = wasmtime_valtype_t()
        full.kind = wasmtime_valtype_kind_t(WASMTIME_VALTYPE_KIND_REF)
        full.reftype.nullable = isNullable
        full.reftype.heaptype.kind = heapType.rawKind
        if case .concreteFunc(let type) = heapType {
            let functype = type.makeRaw(engine: engine)
            defer { wasm_functype_delete(functype) }
            full.reftype.heaptype.of.concrete_func = functype
            return body(full)
        }
        return body(full)
    }
}

extension HeapType {
    /// How deeply concrete function types inside signatures are expanded:
    /// recursive types (`(rec (type $t (func (param (ref $t)))))`) would
    /// otherwise expand forever. Deeper ones read as a signature-less
    /// `concreteFunc`, so comparisons at that depth are approximate; calls
    /// that pass concrete references therefore let Wasmtime check types.
    static let concreteExpansionDepth = 3

    init(_ raw: wasmtime_heaptype_t, depth: Int = 0) {
        switch Int(raw.kind) {
        case WASMTIME_HEAPTYPE_KIND_EXTERN: self = .extern
        case WASMTIME_HEAPTYPE_KIND_NOEXTERN: self = .noExtern
        case WASMTIME_HEAPTYPE_KIND_FUNC: self = .func
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC:
            if let type = raw.of.concrete_func, depth < Self.concreteExpansionDepth {
                self = .concreteFunc(FuncType(borrowing: type, depth: depth + 1))
            } else if raw.of.concrete_func != nil {
                self = .concreteFunc(FuncType())
            } else {
                self = .func
            }
        case WASMTIME_HEAPTYPE_KIND_NOFUNC: self = .noFunc
        case WASMTIME_HEAPTYPE_KIND_ANY: self = .any
        case WASMTIME_HEAPTYPE_KIND_NONE: self = .none
        case WASMTIME_HEAPTYPE_KIND_EQ: self = .eq
        case WASMTIME_HEAPTYPE_KIND_I31: self = .i31
        case WASMTIME_HEAPTYPE_KIND_ARRAY: self = .array
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_ARRAY: self = .concreteArray
        case WASMTIME_HEAPTYPE_KIND_STRUCT: self = .struct
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_STRUCT: self = .concreteStruct
        case WASMTIME_HEAPTYPE_KIND_EXN: self = .exn
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_EXN: self = .concreteExn
        default: self = .noExn
        }
    }

    /// The C discriminant. Concrete GC types cannot be built from Swift, so
    /// they map to their abstract supertype.
    var rawKind: wasmtime_heaptype_kind_t {
        let kind: Int = switch self {
        case .extern: WASMTIME_HEAPTYPE_KIND_EXTERN
        case .noExtern: WASMTIME_HEAPTYPE_KIND_NOEXTERN
        case .func: WASMTIME_HEAPTYPE_KIND_FUNC
        case .concreteFunc: WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC
        case .noFunc: WASMTIME_HEAPTYPE_KIND_NOFUNC
        case .any: WASMTIME_HEAPTYPE_KIND_ANY
        case .none: WASMTIME_HEAPTYPE_KIND_NONE
        case .eq: WASMTIME_HEAPTYPE_KIND_EQ
        case .i31: WASMTIME_HEAPTYPE_KIND_I31
        case .array, .concreteArray: WASMTIME_HEAPTYPE_KIND_ARRAY
        case .struct, .concreteStruct: WASMTIME_HEAPTYPE_KIND_STRUCT
        case .exn, .concreteExn: WASMTIME_HEAPTYPE_KIND_EXN
        case .noExn: WASMTIME_HEAPTYPE_KIND_NOEXN
        }
        return wasmtime_heaptype_kind_t(kind)
    }
}
