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

    /// The element at `index`; throws when `index` is out of bounds.
    public func get(_ index: UInt64) throws(WasmtimeError) -> Value {
        guard let value = read(index) else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        return value
    }

    /// Replaces the element at `index`.
    public func set(_ index: UInt64, _ value: Value) throws(WasmtimeError) {
        try Self.check(value, fits: type.element, store: store)
        guard index < size else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        try write(value, at: index)
    }

    /// Adds `delta` elements set to `initial` (null when omitted) and
    /// returns the previous size. Throws when the maximum or a store limit
    /// does not allow it.
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
