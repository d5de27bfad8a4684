/// An item that can be imported or exported: a function, global, table,
/// memory, shared memory or tag.
public enum Extern {
    /// A function of a store.
    case function(Func)
    /// A global of a store.
    case global(Global)
    /// A table of a store.
    case table(Table)
    /// A linear memory of a store.
    case memory(Memory)
    /// A shared memory, which belongs to an engine rather than a store.
    case sharedMemory(SharedMemory)
    /// An exception tag of a store.
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

/// An exception tag that lives in a store.
public struct Tag {
    let store: AnyStore
    let raw: TagHandle

    init(store: AnyStore, raw: TagHandle) {
        self.store = store
        self.raw = raw
    }

    /// Creates a tag whose payload has `type.parameters`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when Wasmtime refuses the tag type.
    public init(store: AnyStore, type: FuncType) throws(WasmtimeError) {
        self.init(store: store, raw: try Self.create(store: store, type: type))
    }

    /// The tag's payload signature.
    public var type: FuncType {
        loadType()
    }
}

@available(*, unavailable, message: "tags belong to a single-threaded store")
extension Tag: Sendable {}
