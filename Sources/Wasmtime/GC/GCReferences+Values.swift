// How struct and array objects meet the rest of the value machinery: as
// `anyref` values in ``Value`` (untyped calls, globals, tables, fields), as
// their own types in typed calls, and by downcasting an ``AnyRef``.

extension AnyRef {
    /// This reference as a struct, or `nil` if it is an `i31` or an array.
    public func asStruct() -> StructRef? {
        root.asStruct(store: store)
    }

    /// This reference as an array, or `nil` if it is an `i31` or a struct.
    public func asArray() -> ArrayRef? {
        root.asArray(store: store)
    }
}

extension Value {
    /// A struct reference as a value (an `anyref`); `nil` is `ref.null any`.
    public static func structRef(_ reference: StructRef?) -> Value {
        .anyref(reference?.anyRef)
    }

    /// An array reference as a value (an `anyref`); `nil` is `ref.null any`.
    public static func arrayRef(_ reference: ArrayRef?) -> Value {
        .anyref(reference?.anyRef)
    }

    /// The struct this value refers to, if it is a non-null `anyref` to one.
    public var asStruct: StructRef? {
        if case .anyref(let reference?) = self { reference.asStruct() } else { nil }
    }

    /// The array this value refers to, if it is a non-null `anyref` to one.
    public var asArray: ArrayRef? {
        if case .anyref(let reference?) = self { reference.asArray() } else { nil }
    }
}

extension StructRef: NullableWasmReference {
    /// A non-null struct reference, `(ref struct)`; use `StructRef?` for `structref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .struct)) }
    @inlinable public static var _representation: WasmValueRepresentation<StructRef> { .init(.structref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<StructRef?> {
        .init(.nullableStructref)
    }
}

extension ArrayRef: NullableWasmReference {
    /// A non-null array reference, `(ref array)`; use `ArrayRef?` for `arrayref`.
    public static var valueType: ValueType { .ref(RefType(nullable: false, .array)) }
    @inlinable public static var _representation: WasmValueRepresentation<ArrayRef> { .init(.arrayref) }
    @inlinable public static var _nullableRepresentation: WasmValueRepresentation<ArrayRef?> {
        .init(.nullableArrayref)
    }
}
