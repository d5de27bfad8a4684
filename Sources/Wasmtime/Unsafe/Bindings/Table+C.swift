import CWasmtime

extension Table {
    static func create(store: AnyStore, type: TableType, initial: Value) throws(WasmtimeError) -> wasmtime_table_t {
        let tabletype = unsafe try type.makeRaw(engine: store.engine)
        defer { unsafe wasm_tabletype_delete(tabletype) }
        var raw = wasmtime_table_t()
        let error = unsafe initial.withRaw(store: store) {
            unsafe wasmtime_table_new(store.context.pointer, tabletype, &$0, &raw)
        }
        unsafe try CAPI.check(error, .resourceLimit)
        return raw
    }

    func loadType() -> TableType {
        var raw = self.raw
        return unsafe TableType(taking: wasmtime_table_type(store.context.pointer, &raw))
    }

    func loadSize() -> UInt64 {
        var raw = self.raw
        return unsafe wasmtime_table_size(store.context.pointer, &raw)
    }

    /// The element at `index`, or nil when out of bounds.
    func read(_ index: UInt64) -> Value? {
        var raw = self.raw
        var value = unsafe wasmtime_val_t()
        guard unsafe wasmtime_table_get(store.context.pointer, &raw, index, &value) else { return nil }
        return unsafe Value(taking: &value, store: store)
    }

    /// Writes a value already checked against the element type.
    func write(_ value: Value, at index: UInt64) throws(WasmtimeError) {
        var raw = self.raw
        let store = self.store
        let error = unsafe value.withRaw(store: store) {
            unsafe wasmtime_table_set(store.context.pointer, &raw, index, &$0)
        }
        unsafe try CAPI.check(error, .outOfBounds)
    }

    func rawGrow(by delta: UInt64, initial: Value) throws(WasmtimeError) -> UInt64 {
        var raw = self.raw
        let store = self.store
        var previous: UInt64 = 0
        let error = unsafe initial.withRaw(store: store) {
            unsafe wasmtime_table_grow(store.context.pointer, &raw, delta, &$0, &previous)
        }
        unsafe try CAPI.check(error, .resourceLimit)
        return previous
    }
}
