import CWasmtime

extension Extern {
    /// Converts an extern the C API handed over and frees it (only shared
    /// memories own anything: this package keeps its own clone).
    init(taking raw: inout wasmtime_extern_t, store: AnyStore) {
        defer { unsafe wasmtime_extern_delete(&raw) }
        switch unsafe Int(raw.kind) {
        case WASMTIME_EXTERN_FUNC: self = unsafe .function(Func(store: store, handle: FuncHandle(raw.of.func)))
        case WASMTIME_EXTERN_GLOBAL: self = unsafe .global(Global(store: store, raw: raw.of.global))
        case WASMTIME_EXTERN_TABLE: self = unsafe .table(Table(store: store, raw: raw.of.table))
        case WASMTIME_EXTERN_MEMORY: self = unsafe .memory(Memory(store: store, raw: raw.of.memory))
        case WASMTIME_EXTERN_SHAREDMEMORY:
            self = unsafe .sharedMemory(
                SharedMemory(
                    handle: SharedMemoryHandle(taking: wasmtime_sharedmemory_clone(raw.of.sharedmemory)),
                    engine: store.engine))
        default: self = unsafe .tag(Tag(store: store, raw: raw.of.tag))
        }
    }

    /// Wasmtime's store id in a raw extern; `nil` for shared memories.
    static func storeID(of raw: wasmtime_extern_t) -> UInt64? {
        switch unsafe Int(raw.kind) {
        case WASMTIME_EXTERN_FUNC: unsafe raw.of.func.store_id
        case WASMTIME_EXTERN_GLOBAL: unsafe raw.of.global.store_id
        case WASMTIME_EXTERN_TABLE: unsafe raw.of.table.store_id
        case WASMTIME_EXTERN_MEMORY: unsafe raw.of.memory.store_id
        case WASMTIME_EXTERN_SHAREDMEMORY: nil
        default: unsafe raw.of.tag.store_id
        }
    }

    /// The C form, borrowed for the duration of `body`.
    func withRaw<R>(_ body: (inout wasmtime_extern_t) throws -> R) rethrows -> R {
        var raw = unsafe wasmtime_extern_t()
        switch self {
        case .function(let f):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_FUNC)
            unsafe raw.of.func = unsafe f.handle.raw
        case .global(let g):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_GLOBAL)
            unsafe raw.of.global = g.raw
        case .table(let t):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_TABLE)
            unsafe raw.of.table = t.raw
        case .memory(let m):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_MEMORY)
            unsafe raw.of.memory = m.raw
        case .sharedMemory(let m):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_SHAREDMEMORY)
            unsafe raw.of.sharedmemory = unsafe m.handle.pointer
            return try withExtendedLifetime(m) { unsafe try body(&raw) }
        case .tag(let t):
            unsafe raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_TAG)
            unsafe raw.of.tag = t.raw
        }
        return unsafe try body(&raw)
    }
}

extension Tag {
    static func create(store: AnyStore, type: FuncType) throws(WasmtimeError) -> wasmtime_tag_t {
        let functype = unsafe type.makeRaw(engine: store.engine)
        let tagtype = unsafe wasm_tagtype_new(functype)!
        defer { unsafe wasm_tagtype_delete(tagtype) }
        var raw = wasmtime_tag_t()
        unsafe try CAPI.check(wasmtime_tag_new(store.context.pointer, tagtype, &raw), .runtime)
        return raw
    }

    func loadType() -> FuncType {
        var raw = self.raw
        let tagtype = unsafe wasmtime_tag_type(store.context.pointer, &raw)!
        defer { unsafe wasm_tagtype_delete(tagtype) }
        return unsafe FuncType(borrowing: wasm_tagtype_functype(tagtype))
    }
}
