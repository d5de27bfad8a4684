import CWasmtime

/// A WebAssembly global variable that lives in a store.
public struct Global {
    let store: AnyStore
    let raw: wasmtime_global_t

    init(store: AnyStore, raw: wasmtime_global_t) {
        self.store = store
        self.raw = raw
    }

    /// Creates a global of `type` holding `value`.
    public init(store: AnyStore, type: GlobalType, value: Value) throws(WasmtimeError) {
        try value.check(store: store)
        guard value.matches(type.content) else {
            throw WasmtimeError(.typeMismatch, "value of type \(value.type) does not fit a global of type \(type)")
        }
        let globaltype = type.makeRaw(engine: store.engine)
        defer { wasm_globaltype_delete(globaltype) }
        var raw = wasmtime_global_t()
        let error = value.withRaw(store: store) { wasmtime_global_new(store.context, globaltype, &$0, &raw) }
        try CAPI.check(error, .typeMismatch)
        self.init(store: store, raw: raw)
    }

    /// The global's type.
    public var type: GlobalType {
        var raw = self.raw
        return GlobalType(taking: wasmtime_global_type(store.context, &raw))
    }

    /// The current value.
    public func get() -> Value {
        var raw = self.raw
        var value = wasmtime_val_t()
        wasmtime_global_get(store.context, &raw, &value)
        return Value(taking: &value, store: store)
    }

    /// Sets the value; throws for an immutable global or a value of the wrong type.
    public func set(_ value: Value) throws(WasmtimeError) {
        let type = self.type
        guard type.isMutable else { throw WasmtimeError(.typeMismatch, "global is immutable") }
        try value.check(store: store)
        guard value.matches(type.content) else {
            throw WasmtimeError(.typeMismatch, "value of type \(value.type) does not fit a global of type \(type)")
        }
        var raw = self.raw
        let store = self.store
        let error = value.withRaw(store: store) { wasmtime_global_set(store.context, &raw, &$0) }
        try CAPI.check(error, .typeMismatch)
    }
}

@available(*, unavailable, message: "globals belong to a single-threaded store")
extension Global: Sendable {}
