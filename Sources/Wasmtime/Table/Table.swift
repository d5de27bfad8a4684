/// A WebAssembly table of references that lives in a store.
public struct Table {
    let store: AnyStore
    let raw: TableHandle

    init(store: AnyStore, raw: TableHandle) {
        self.store = store
        self.raw = raw
    }

    /// Creates a table of `type` with every element set to `initial`
    /// (null when omitted).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   when `initial` is not a reference of the table's element type, and
    ///   of kind ``WasmtimeError/Kind/storeMismatch`` when it belongs
    ///   to another store; of kind ``WasmtimeError/Kind/resourceLimit``
    ///   when a store limit refuses the table.
    public init(store: AnyStore, type: TableType, initial: Value? = nil) throws(WasmtimeError) {
        let initial = initial ?? .zero(of: .ref(type.element))
        try Self.check(initial, fits: type.element, store: store)
        self.init(store: store, raw: try Self.create(store: store, type: type, initial: initial))
    }

    /// The type the table was created or declared with; ``size`` is its current size.
    public var type: TableType {
        loadType()
    }

    /// The current number of elements.
    public var size: UInt64 {
        loadSize()
    }

    /// The element at `index`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``size``.
    public func get(_ index: UInt64) throws(WasmtimeError) -> Value {
        guard let value = read(index) else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        return value
    }

    /// Replaces the element at `index`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``size``, of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` when `value` is not a reference
    ///   of the table's element type, and of kind
    ///   ``WasmtimeError/Kind/storeMismatch`` when it belongs to another store.
    public func set(_ index: UInt64, _ value: Value) throws(WasmtimeError) {
        try Self.check(value, fits: type.element, store: store)
        guard index < size else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        try write(value, at: index)
    }

    /// Adds `delta` elements set to `initial` (null when omitted) and
    /// returns the previous size.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/resourceLimit``
    ///   when the table's maximum or a store limit does not allow the
    ///   growth, and ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   when `initial` is not a reference of the table's element type, and
    ///   of kind ``WasmtimeError/Kind/storeMismatch`` when it belongs
    ///   to another store.
    @discardableResult
    public func grow(by delta: UInt64, initial: Value? = nil) throws(WasmtimeError) -> UInt64 {
        let element = type.element
        let initial = initial ?? .zero(of: .ref(element))
        try Self.check(initial, fits: element, store: store)
        return try rawGrow(by: delta, initial: initial)
    }

    private static func check(_ value: Value, fits element: RefType, store: AnyStore) throws(WasmtimeError) {
        try value.check(store: store)
        guard value.matches(.ref(element)) else {
            throw WasmtimeError(.typeMismatch, "value of type \(value.type) does not fit a table of \(element)")
        }
    }
}

@available(*, unavailable, message: "tables belong to a single-threaded store")
extension Table: Sendable {}
