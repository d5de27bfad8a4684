/// A WebAssembly global variable that lives in a store.
public struct Global {
    let store: AnyStore
    let raw: GlobalHandle

    init(store: AnyStore, raw: GlobalHandle) {
        self.store = store
        self.raw = raw
    }

    /// Creates a global of `type` holding `value`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   when `value` does not fit `type`, and of kind
    ///   ``WasmtimeError/Kind/storeMismatch`` when `value` references an
    ///   object of another store.
    public init(store: AnyStore, type: GlobalType, value: Value) throws(WasmtimeError) {
        try value.check(store: store)
        guard value.matches(type.content) else {
            throw WasmtimeError(.typeMismatch, "value of type \(value.type) does not fit a global of type \(type)")
        }
        self.init(store: store, raw: try Self.create(store: store, type: type, value: value))
    }

    /// The global's type.
    public var type: GlobalType {
        loadType()
    }

    /// The current value.
    public func get() -> Value {
        read()
    }

    /// Sets the value.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   for an immutable global or a value that does not fit its type, and
    ///   of kind ``WasmtimeError/Kind/storeMismatch`` when `value`
    ///   references an object of another store.
    public func set(_ value: Value) throws(WasmtimeError) {
        let type = self.type
        guard type.isMutable else { throw WasmtimeError(.typeMismatch, "global is immutable") }
        try value.check(store: store)
        guard value.matches(type.content) else {
            throw WasmtimeError(.typeMismatch, "value of type \(value.type) does not fit a global of type \(type)")
        }
        try write(value)
    }
}

@available(*, unavailable, message: "globals belong to a single-threaded store")
extension Global: Sendable {}
