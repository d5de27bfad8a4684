/// The type of a WebAssembly value.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    /// A 32-bit integer.
    case i32
    /// A 64-bit integer.
    case i64
    /// A 32-bit IEEE 754 float.
    case f32
    /// A 64-bit IEEE 754 float.
    case f64
    /// A 128-bit SIMD vector.
    case v128
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
    /// Host references (`externref`): the top of the extern hierarchy.
    case extern
    /// The bottom of the extern hierarchy: only null.
    case noExtern
    /// Any function: the top of the function hierarchy.
    case `func`
    /// The bottom of the function hierarchy: only null.
    case noFunc
    /// Any internal reference (GC objects and `i31`): the top of the any hierarchy.
    case any
    /// The bottom of the any hierarchy: only null.
    case none
    /// References that can be compared with `ref.eq`: structs, arrays and `i31`.
    case eq
    /// Unboxed 31-bit integers.
    case i31
    /// Any GC array.
    case array
    /// Any GC struct.
    case `struct`
    /// Exception references: the top of the exception hierarchy.
    case exn
    /// The bottom of the exception hierarchy: only null.
    case noExn
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
