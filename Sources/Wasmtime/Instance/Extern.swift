import CWasmtime

/// An item that can be imported or exported: a function, global, table,
/// memory, shared memory or tag.
public enum Extern {
    case function(Func)
    case global(Global)
    case table(Table)
    case memory(Memory)
    case sharedMemory(SharedMemory)
    case tag(Tag)

    /// The function, if this is one.
    public var function: Func? { if case .function(let v) = self { v } else { nil } }
    /// The global, if this is one.
    public var global: Global? { if case .global(let v) = self { v } else { nil } }
    /// The table, if this is one.
    public var table: Table? { if case .table(let v) = self { v } else { nil } }
    /// The memory, if this is one.
    public var memory: Memory? { if case .memory(let v) = self { v } else { nil } }
    /// The shared memory, if this is one.
    public var sharedMemory: SharedMemory? { if case .sharedMemory(let v) = self { v } else { nil } }
    /// The tag, if this is one.
    public var tag: Tag? { if case .tag(let v) = self { v } else { nil } }

    /// The item's type.
    public var type: ExternType {
        switch self {
        case .function(let f): .function(f.type)
        case .global(let g): .global(g.type)
        case .table(let t): .table(t.type)
        case .memory(let m): .memory(m.type)
        case .sharedMemory(let m): .memory(m.type)
        case .tag(let t): .tag(t.type)
        }
    }

    var kindName: String {
        switch self {
        case .function: "function"
        case .global: "global"
        case .table: "table"
        case .memory, .sharedMemory: "memory"
        case .tag: "tag"
        }
    }

    /// The store the item belongs to; `nil` for shared memories, which belong to the engine.
    var store: AnyStore? {
        switch self {
        case .function(let f): f.store
        case .global(let g): g.store
        case .table(let t): t.store
        case .memory(let m): m.store
        case .tag(let t): t.store
        case .sharedMemory: nil
        }
    }
}

@available(*, unavailable, message: "store items belong to a single-threaded store")
extension Extern: Sendable {}

extension Extern {
    /// Converts an extern the C API handed over and frees it (only shared
    /// memories own anything: this package keeps its own clone).
    init(taking raw: inout wasmtime_extern_t, store: AnyStore) {
        defer { wasmtime_extern_delete(&raw) }
        switch Int(raw.kind) {
        case WASMTIME_EXTERN_FUNC: self = .function(Func(store: store, raw: raw.of.func))
        case WASMTIME_EXTERN_GLOBAL: self = .global(Global(store: store, raw: raw.of.global))
        case WASMTIME_EXTERN_TABLE: self = .table(Table(store: store, raw: raw.of.table))
        case WASMTIME_EXTERN_MEMORY: self = .memory(Memory(store: store, raw: raw.of.memory))
        case WASMTIME_EXTERN_SHAREDMEMORY:
            self = .sharedMemory(SharedMemory(taking: wasmtime_sharedmemory_clone(raw.of.sharedmemory), engine: store.engine))
        default: self = .tag(Tag(store: store, raw: raw.of.tag))
        }
    }

    /// Wasmtime's store id in a raw extern; `nil` for shared memories.
    static func storeID(of raw: wasmtime_extern_t) -> UInt64? {
        switch Int(raw.kind) {
        case WASMTIME_EXTERN_FUNC: raw.of.func.store_id
        case WASMTIME_EXTERN_GLOBAL: raw.of.global.store_id
        case WASMTIME_EXTERN_TABLE: raw.of.table.store_id
        case WASMTIME_EXTERN_MEMORY: raw.of.memory.store_id
        case WASMTIME_EXTERN_SHAREDMEMORY: nil
        default: raw.of.tag.store_id
        }
    }

    /// The C form, borrowed for the duration of `body`.
    func withRaw<R>(_ body: (inout wasmtime_extern_t) throws -> R) rethrows -> R {
        var raw = wasmtime_extern_t()
        switch self {
        case .function(let f): raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_FUNC); raw.of.func = f.raw
        case .global(let g): raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_GLOBAL); raw.of.global = g.raw
        case .table(let t): raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_TABLE); raw.of.table = t.raw
        case .memory(let m): raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_MEMORY); raw.of.memory = m.raw
        case .sharedMemory(let m):
            raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_SHAREDMEMORY)
            raw.of.sharedmemory = m.raw
            return try withExtendedLifetime(m) { try body(&raw) }
        case .tag(let t): raw.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_TAG); raw.of.tag = t.raw
        }
        return try body(&raw)
    }
}

/// An exception tag that lives in a store.
public struct Tag {
    let store: AnyStore
    let raw: wasmtime_tag_t

    init(store: AnyStore, raw: wasmtime_tag_t) {
        self.store = store
        self.raw = raw
    }

    /// Creates a tag whose payload has `type.parameters`.
    public init(store: AnyStore, type: FuncType) throws(WasmtimeError) {
        let functype = type.makeRaw(engine: store.engine)
        let tagtype = wasm_tagtype_new(functype)!
        defer { wasm_tagtype_delete(tagtype) }
        var raw = wasmtime_tag_t()
        try CAPI.check(wasmtime_tag_new(store.context, tagtype, &raw), .runtime)
        self.init(store: store, raw: raw)
    }

    /// The tag's payload signature.
    public var type: FuncType {
        var raw = self.raw
        let tagtype = wasmtime_tag_type(store.context, &raw)!
        defer { wasm_tagtype_delete(tagtype) }
        return FuncType(borrowing: wasm_tagtype_functype(tagtype))
    }
}

@available(*, unavailable, message: "tags belong to a single-threaded store")
extension Tag: Sendable {}
