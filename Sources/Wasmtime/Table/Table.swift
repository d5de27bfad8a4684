import CWasmtime

/// A WebAssembly table of references that lives in a store.
public struct Table {
    let store: AnyStore
    let raw: wasmtime_table_t

    init(store: AnyStore, raw: wasmtime_table_t) {
        self.store = store
        self.raw = raw
    }

    /// Creates a table of `type` with every element set to `initial`
    /// (null when omitted).
    public init(store: AnyStore, type: TableType, initial: Value? = nil) throws(WasmtimeError) {
        let initial = initial ?? .zero(of: .ref(type.element))
        try Self.check(initial, fits: type.element, store: store)
        let tabletype = try type.makeRaw(engine: store.engine)
        defer { wasm_tabletype_delete(tabletype) }
        var raw = wasmtime_table_t()
        let error = initial.withRaw(store: store) { wasmtime_table_new(store.context, tabletype, &$0, &raw) }
        try CAPI.check(error, .resourceLimit)
        self.init(store: store, raw: raw)
    }

    /// The type the table was created or declared with; ``size`` is its current size.
    public var type: TableType {
        var raw = self.raw
        return TableType(taking: wasmtime_table_type(store.context, &raw))
    }

    /// The current number of elements.
    public var size: UInt64 {
        var raw = self.raw
        return wasmtime_table_size(store.context, &raw)
    }

    /// The element at `index`; throws when `index` is out of bounds.
    public func get(_ index: UInt64) throws(WasmtimeError) -> Value {
        var raw = self.raw
        var value = wasmtime_val_t()
        guard wasmtime_table_get(store.context, &raw, index, &value) else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        return Value(taking: &value, store: store)
    }

    /// Replaces the element at `index`.
    public func set(_ index: UInt64, _ value: Value) throws(WasmtimeError) {
        try Self.check(value, fits: type.element, store: store)
        guard index < size else {
            throw WasmtimeError(.outOfBounds, "table index \(index) out of bounds (size \(size))")
        }
        var raw = self.raw
        let store = self.store
        let error = value.withRaw(store: store) { wasmtime_table_set(store.context, &raw, index, &$0) }
        try CAPI.check(error, .outOfBounds)
    }

    /// Adds `delta` elements set to `initial` (null when omitted) and
    /// returns the previous size. Throws when the maximum or a store limit
    /// does not allow it.
    @discardableResult
    public func grow(by delta: UInt64, initial: Value? = nil) throws(WasmtimeError) -> UInt64 {
        let element = type.element
        let initial = initial ?? .zero(of: .ref(element))
        try Self.check(initial, fits: element, store: store)
        var raw = self.raw
        let store = self.store
        var previous: UInt64 = 0
        let error = initial.withRaw(store: store) { wasmtime_table_grow(store.context, &raw, delta, &$0, &previous) }
        try CAPI.check(error, .resourceLimit)
        return previous
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
