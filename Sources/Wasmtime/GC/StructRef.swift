/// A GC struct object that lives in a store.
///
/// Allocate one from Swift with a ``StructType``, or get one from wasm with
/// ``AnyRef/asStruct()``. The object stays rooted (safe from collection)
/// while this Swift object is alive, and it keeps its store alive.
///
/// Every access checks the field index, its mutability and the value's
/// type first, and throws a ``WasmtimeError`` instead of reaching Wasmtime
/// with something it would reject or abort on.
public final class StructRef {
    let store: AnyStore
    /// The root, released with this object.
    let root: RootedStructRef
    private var knownType: StructType?

    init(store: AnyStore, root: consuming RootedStructRef, type: StructType?) {
        self.store = store
        self.root = root
        knownType = type
    }

    /// Allocates a struct of `type` in `store` with `fields` as its initial
    /// values, one per field (packed fields take an `i32` and keep its low
    /// bits).
    ///
    /// Allocation goes through an allocator that the store makes once per
    /// type and keeps.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `type` belongs to another engine or a value to another store,
    ///   ``WasmtimeError/Kind/typeMismatch`` for the wrong number of values or
    ///   a value that does not fit its field,
    ///   ``WasmtimeError/Kind/nullReference`` for null in a non-nullable
    ///   field, and ``WasmtimeError/Kind/resourceLimit`` when the GC heap
    ///   cannot hold the struct.
    public convenience init(store: AnyStore, type: StructType, fields: [Value]) throws(WasmtimeError) {
        try type.checkUsable(in: store)
        guard fields.count == type.fields.count else {
            throw WasmtimeError(
                .typeMismatch, "struct type \(type) has \(type.fields.count) field(s), \(fields.count) value(s) given")
        }
        for (index, (value, field)) in zip(fields, type.fields).enumerated() {
            try value.check(store: store)
            try field.check(value, what: "field \(index)")
        }
        let root = try RootedStructRef.allocate(store.allocator(for: type), fields: fields, store: store)
        self.init(store: store, root: root, type: type)
    }

    /// The struct's type (read from the object once, for structs wasm made).
    public var type: StructType {
        if let knownType { return knownType }
        let read = StructType(engine: store.engine, handle: root.type(in: store.context))
        knownType = read
        return read
    }

    /// The number of fields.
    public var fieldCount: Int { type.fields.count }

    /// Reads field `index`. Packed fields widen to `i32` as `extension` says.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``fieldCount``.
    public func field(_ index: Int, _ extension: PackedExtension = .unsigned) throws(WasmtimeError) -> Value {
        let type = self.type
        try type.checkIndex(index)
        return type.fields[index].extend(try root.field(index, store: store), `extension`)
    }

    /// Writes `value` into field `index`, which must be mutable.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``fieldCount``,
    ///   ``WasmtimeError/Kind/immutable`` for an immutable field, and
    ///   ``WasmtimeError/Kind/typeMismatch`` or
    ///   ``WasmtimeError/Kind/nullReference`` for a value that does not fit
    ///   the field type (null where it is not nullable), and
    ///   ``WasmtimeError/Kind/storeMismatch`` for a value of another store.
    public func setField(_ index: Int, to value: Value) throws(WasmtimeError) {
        let type = self.type
        try type.checkIndex(index)
        let field = type.fields[index]
        guard field.isMutable else {
            throw WasmtimeError(.immutable, "field \(index) of \(type) is immutable")
        }
        try value.check(store: store)
        try field.check(value, what: "field \(index)")
        try root.setField(index, value, store: store)
    }

    /// The same object as an ``AnyRef``, to pass where wasm expects
    /// `anyref`, `eqref` or `structref`.
    public var anyRef: AnyRef {
        AnyRef(root: root.anyRef(store: store))
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension StructRef: Sendable {}
