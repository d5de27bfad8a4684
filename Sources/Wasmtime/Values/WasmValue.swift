/// A Swift type that maps to one WebAssembly value type, usable as a
/// parameter or result of ``TypedFunc`` and of typed host functions.
///
/// The library provides every conformance (`Int32`, `UInt32`, `Int64`,
/// `UInt64`, `Float`, `Double`, ``V128``, `Func`, `Func?`, `ExternRef?`,
/// `AnyRef?`, `ExnRef?`, `StructRef?`, `ArrayRef?`), and only the library can: the protocol is sealed,
/// because typed calls go through Wasmtime's unchecked path and trust each
/// conforming type to write exactly the bits its ``valueType`` promises. A
/// conformance outside the library cannot produce the
/// ``WasmValueRepresentation`` it needs.
public protocol WasmValue {
    /// The WebAssembly type this Swift type stands for.
    static var valueType: ValueType { get }
    /// How the library converts this type to and from Wasmtime's raw value
    /// slots. An implementation detail that only the library can provide.
    static var _representation: WasmValueRepresentation<Self> { get }
}

/// The library's private description of how a ``WasmValue`` type is stored
/// in a raw value slot.
///
/// It has no public initializer, so a type outside the library cannot
/// conform to ``WasmValue``; and it is generic over the type it describes,
/// so one type's representation cannot be borrowed for another.
public struct WasmValueRepresentation<Described>: Sendable {
    @usableFromInline let kind: RawValueKind

    @inlinable init(_ kind: RawValueKind) {
        self.kind = kind
    }
}

/// The Swift type family behind a ``WasmValueRepresentation``: each case
/// stands for exactly one Swift type (two same-sized integer types for
/// `i32` and `i64`), which the codec relies on.
@usableFromInline enum RawValueKind: UInt8, Sendable {
    case i32, i64, f32, f64, v128
    case funcref, nullableFuncref
    case externref, nullableExternref
    case anyref, nullableAnyref
    case exnref, nullableExnref
    case structref, nullableStructref
    case arrayref, nullableArrayref

    /// Whether storing a value leaves a temporary root in the store (see
    /// ``AnyStore/temporaryRoots``).
    /// Always inlined and a pattern match, not `==`: once the kind grew past
    /// a dozen cases the synthesized comparison stopped folding away in the
    /// typed host adapters (13 instructions more per host call).
    @inlinable @inline(__always) var rootsTemporarily: Bool {
        switch self {
        case .externref, .nullableExternref: true
        default: false
        }
    }
}

extension WasmValue {
    /// Whether storing a value of this type leaves a temporary root in the store.
    @inlinable @inline(__always) static var rootsTemporarily: Bool { _representation.kind.rootsTemporarily }
}

/// A reference type whose optional form is a nullable WebAssembly reference.
///
/// Sealed like ``WasmValue``: only `Func`, ``ExternRef``, ``AnyRef``,
/// ``ExnRef``, ``StructRef`` and ``ArrayRef`` conform.
public protocol NullableWasmReference: WasmValue {
    /// The representation of the optional form. An implementation detail
    /// that only the library can provide.
    static var _nullableRepresentation: WasmValueRepresentation<Self?> { get }
}

extension Int32: WasmValue {
    public static var valueType: ValueType { .i32 }
    @inlinable public static var _representation: WasmValueRepresentation<Int32> { .init(.i32) }
}

extension UInt32: WasmValue {
    public static var valueType: ValueType { .i32 }
    @inlinable public static var _representation: WasmValueRepresentation<UInt32> { .init(.i32) }
}

extension Int64: WasmValue {
    public static var valueType: ValueType { .i64 }
    @inlinable public static var _representation: WasmValueRepresentation<Int64> { .init(.i64) }
}

extension UInt64: WasmValue {
    public static var valueType: ValueType { .i64 }
    @inlinable public static var _representation: WasmValueRepresentation<UInt64> { .init(.i64) }
}

extension Float: WasmValue {
    public static var valueType: ValueType { .f32 }
    // Stored through the bit pattern, so NaN payloads survive unchanged.
    @inlinable public static var _representation: WasmValueRepresentation<Float> { .init(.f32) }
}

extension Double: WasmValue {
    public static var valueType: ValueType { .f64 }
    @inlinable public static var _representation: WasmValueRepresentation<Double> { .init(.f64) }
}

extension V128: WasmValue {
    public static var valueType: ValueType { .v128 }
    @inlinable public static var _representation: WasmValueRepresentation<V128> { .init(.v128) }
}

extension Func: NullableWasmReference {
    /// A non-null function reference, `(ref func)`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .func)) }
    @inlinable public static var _representation: WasmValueRepresentation<Func> { .init(.funcref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<Func?> { .init(.nullableFuncref) }
}

extension ExternRef: NullableWasmReference {
    /// A non-null `externref`; use `ExternRef?` for the nullable `externref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .extern)) }
    @inlinable public static var _representation: WasmValueRepresentation<ExternRef> { .init(.externref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<ExternRef?> {
        .init(.nullableExternref)
    }
}

extension AnyRef: NullableWasmReference {
    /// A non-null `anyref`; use `AnyRef?` for the nullable `anyref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .any)) }
    @inlinable public static var _representation: WasmValueRepresentation<AnyRef> { .init(.anyref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<AnyRef?> { .init(.nullableAnyref) }
}

extension ExnRef: NullableWasmReference {
    /// A non-null `exnref`; use `ExnRef?` for the nullable `exnref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .exn)) }
    @inlinable public static var _representation: WasmValueRepresentation<ExnRef> { .init(.exnref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<ExnRef?> { .init(.nullableExnref) }
}

extension Optional: WasmValue where Wrapped: NullableWasmReference {
    public static var valueType: ValueType {
        guard case .ref(var ref) = Wrapped.valueType else { return Wrapped.valueType }
        ref.isNullable = true
        return .ref(ref)
    }
    @inlinable public static var _representation: WasmValueRepresentation<Wrapped?> {
        Wrapped._nullableRepresentation
    }
}
