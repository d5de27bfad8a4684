/// An instantiated module: its functions, globals, tables and memories,
/// living in a store.
public struct Instance {
    let store: AnyStore
    let raw: InstanceHandle

    init(store: AnyStore, raw: InstanceHandle) {
        self.store = store
        self.raw = raw
    }

    /// Instantiates `module` with `imports` given in the order of
    /// ``Module/imports``, without a ``Linker``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when an import is missing or does not match,
    ///   ``WasmtimeError/Kind/storeMismatch`` when an import belongs to
    ///   another store or `module` to another engine,
    ///   ``WasmtimeError/Kind/resourceLimit`` when a store limit or the
    ///   pooling allocator refuses the instance, and
    ///   ``WasmtimeError/Kind/instantiation`` for other failures (or
    ///   ``WasmtimeError/Kind/runtime`` when `store` takes only async calls);
    ///   ``Trap`` when the start function traps; and the very error a host
    ///   function called by the start function threw.
    public init(store: AnyStore, module: Module, imports: [Extern] = []) throws {
        for (index, item) in imports.enumerated() {
            if let owner = item.store { try store.checkOwns(owner, "import \(index)") }
            if case .sharedMemory(let memory) = item, let engine = memory.engine {
                try store.engine.checkSame(as: engine, "shared memory import \(index)")
            }
        }
        try store.engine.checkSame(as: module.engine, "module")
        try store.checkSynchronousCallsAllowed()
        self.init(store: store, raw: try Self.create(store: store, module: module, imports: imports))
    }

    /// The export `name`, if there is one.
    public func export(named name: String) -> Extern? {
        lookUpExport(name)
    }

    /// The function export `name`.
    ///
    /// ```swift
    /// let add = try instance.function("add")
    /// let sum = try add.call(.i32(2), .i32(3))
    /// ```
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a function.
    public func function(_ name: String) throws(WasmtimeError) -> Func {
        try export(named: name).unwrap(name, as: \.function, "function")
    }

    /// The function export `name` as a ``TypedFunc``, its signature checked
    /// once (see ``Func/typed(_:_:)``).
    ///
    /// ```swift
    /// let add = try instance.function("add", (Int32, Int32).self, Int32.self)
    /// let sum = try add(2, 3)
    /// ```
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a function or its signature differs from the Swift types.
    public func function<each P: WasmValue, each R: WasmValue>(
        _ name: String, _ parameters: (repeat each P).Type, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedFunc<(repeat each P), (repeat each R)> {
        try function(name).typed(parameters, results)
    }

    /// The global export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a global.
    public func global(_ name: String) throws(WasmtimeError) -> Global {
        try export(named: name).unwrap(name, as: \.global, "global")
    }

    /// The table export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a table.
    public func table(_ name: String) throws(WasmtimeError) -> Table {
        try export(named: name).unwrap(name, as: \.table, "table")
    }

    /// The memory export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a memory (a shared memory is one of ``sharedMemory(_:)``).
    public func memory(_ name: String) throws(WasmtimeError) -> Memory {
        try export(named: name).unwrap(name, as: \.memory, "memory")
    }

    /// The shared memory export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound`` when there is
    ///   no export `name`, and of kind ``WasmtimeError/Kind/typeMismatch`` when
    ///   it is not a shared memory.
    public func sharedMemory(_ name: String) throws(WasmtimeError) -> SharedMemory {
        try export(named: name).unwrap(name, as: \.sharedMemory, "shared memory")
    }

    /// All exports, in the module's order.
    public var exports: [(name: String, item: Extern)] {
        loadExports()
    }
}

@available(*, unavailable, message: "instances belong to a single-threaded store")
extension Instance: Sendable {}
