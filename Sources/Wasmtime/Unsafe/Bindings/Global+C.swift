import CWasmtime

extension Global {
    static func create(store: AnyStore, type: GlobalType, value: Value) throws(WasmtimeError) -> wasmtime_global_t {
        let globaltype = unsafe type.makeRaw(engine: store.engine)
        defer { unsafe wasm_globaltype_delete(globaltype) }
        var raw = wasmtime_global_t()
        let error = unsafe value.withRaw(store: store) {
            unsafe wasmtime_global_new(store.context.pointer, globaltype, &$0, &raw)
        }
        unsafe try CAPI.check(error, .typeMismatch)
        return raw
    }

    func loadType() -> GlobalType {
        var raw = self.raw
        return unsafe GlobalType(taking: wasmtime_global_type(store.context.pointer, &raw))
    }

    func read() -> Value {
        var raw = self.raw
        var value = unsafe wasmtime_val_t()
        unsafe wasmtime_global_get(store.context.pointer, &raw, &value)
        return unsafe Value(taking: &value, store: store)
    }

    /// Writes a value already checked against the global's type.
    func write(_ value: Value) throws(WasmtimeError) {
        var raw = self.raw
        let store = self.store
        let error = unsafe value.withRaw(store: store) { unsafe wasmtime_global_set(store.context.pointer, &raw, &$0) }
        unsafe try CAPI.check(error, .typeMismatch)
    }
}
