/// Resolves a module's imports by name and instantiates it.
///
/// Define host functions, globals, tables, memories and whole instances
/// under `module`/`name` pairs, then ``instantiate(_:in:)`` modules against
/// them. Host functions defined on a linker are not tied to a store, so they
/// must be `@Sendable`: an ``InstancePre`` may instantiate them on any thread.
public final class Linker {
    /// Owns the Wasmtime linker.
    let handle: LinkerHandle
    /// The engine every module, store and item used with this linker must share.
    public let engine: Engine
    /// Whether ``defineWASI()`` was called: stores then need a WASI context.
    var definesWASI = false
    /// Whether an async host function was defined: stores that see it must
    /// be called asynchronously only.
    var definesAsyncFunctions = false

    /// Creates an empty linker for `engine`.
    public init(engine: Engine) {
        self.engine = engine
        handle = LinkerHandle(engine: engine.handle)
    }

    /// Whether a later definition may replace an earlier one of the same
    /// name (off by default: redefinition throws).
    public var allowsShadowing = false {
        didSet { handle.allowShadowing(allowsShadowing) }
    }

    // MARK: Host functions

    /// Defines a host function from a typed closure; the signature comes
    /// from the closure's parameter and result types.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and ``allowsShadowing`` is off.
    @_disfavoredOverload
    public func defineFunction<each P: WasmValue, each R: WasmValue>(
        _ module: String, _ name: String,
        _ body: @escaping @Sendable (repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try define(module, name, host: .typed(body))
    }

    /// Defines a host function from a typed closure that receives the
    /// ``Caller`` first, to reach the calling instance's exports and the store.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and ``allowsShadowing`` is off.
    @_disfavoredOverload
    public func defineFunction<each P: WasmValue, each R: WasmValue>(
        _ module: String, _ name: String,
        _ body: @escaping @Sendable (borrowing Caller, repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try define(module, name, host: .typed(body))
    }

    /// Defines a host function whose signature is known only at run time.
    ///
    /// The closure receives arguments matching `type.parameters` and must
    /// return values matching `type.results`, or the call fails with a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and ``allowsShadowing`` is off.
    public func defineFunction(
        _ module: String, _ name: String, type: FuncType,
        _ body: @escaping @Sendable (borrowing Caller, [Value]) throws -> [Value]
    ) throws(WasmtimeError) {
        try define(module, name, host: .untyped(type, body))
    }

    /// Defines a host function whose signature is known only at run time,
    /// without allocating per call: the closure reads the arguments and
    /// assigns the results in place (they start as zeros or nulls).
    ///
    /// ```swift
    /// try linker.defineFunction("env", "add", type: FuncType(parameters: [.i32, .i32], results: [.i32])) {
    ///     _, arguments, results in
    ///     results[0] = .i32(arguments[0].i32! &+ arguments[1].i32!)
    /// }
    /// ```
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `module`/`name` is already defined and ``allowsShadowing`` is off.
    public func defineFunction(
        _ module: String, _ name: String, type: FuncType,
        _ body: @escaping @Sendable (borrowing Caller, borrowing HostArguments, inout HostResults) throws -> Void
    ) throws(WasmtimeError) {
        try define(module, name, host: .untyped(type, body))
    }

    @usableFromInline
    func define(_ module: String, _ name: String, host: HostFunction) throws(WasmtimeError) {
        try handle.defineFunction(module, name, host: host, engine: engine)
    }

    // MARK: Items

    /// Defines `item` (a function, global, table, memory, shared memory or
    /// tag) under `module`/`name`. Store-bound items are usable only when
    /// instantiating in their store.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when the item belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`/`name` is already
    ///   defined and ``allowsShadowing`` is off.
    public func define(_ module: String, _ name: String, _ item: Extern) throws(WasmtimeError) {
        let store = try storeForDefinition(item)
        try handle.define(module, name, item, in: store)
    }

    /// Defines a function under `module`/`name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when the item belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`/`name` is already
    ///   defined and ``allowsShadowing`` is off.
    public func define(_ module: String, _ name: String, _ function: Func) throws(WasmtimeError) {
        try define(module, name, .function(function))
    }

    /// Defines a global under `module`/`name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when the item belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`/`name` is already
    ///   defined and ``allowsShadowing`` is off.
    public func define(_ module: String, _ name: String, _ global: Global) throws(WasmtimeError) {
        try define(module, name, .global(global))
    }

    /// Defines a table under `module`/`name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when the item belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`/`name` is already
    ///   defined and ``allowsShadowing`` is off.
    public func define(_ module: String, _ name: String, _ table: Table) throws(WasmtimeError) {
        try define(module, name, .table(table))
    }

    /// Defines a memory under `module`/`name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when the item belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`/`name` is already
    ///   defined and ``allowsShadowing`` is off.
    public func define(_ module: String, _ name: String, _ memory: Memory) throws(WasmtimeError) {
        try define(module, name, .memory(memory))
    }

    /// Defines every export of `instance` under the module name
    /// `moduleName`, so modules instantiated later can import them.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `instance` belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when one of its names is already
    ///   defined and ``allowsShadowing`` is off.
    public func defineInstance(_ instance: Instance, as moduleName: String) throws(WasmtimeError) {
        try engine.checkSame(as: instance.store.engine, "instance")
        try handle.define(moduleName, instance: instance)
    }

    /// Instantiates `module` in `store` (running its start function) and
    /// defines its exports under the module name `moduleName`. A trapping start function comes out
    /// as a ``WasmtimeError`` here: the C API reports it as an error. Command modules (with `_start`)
    /// are instead instantiated afresh for each call to their exports.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `module` or `store` belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when `module`'s imports cannot be
    ///   resolved, its start function fails or a name clashes; the very
    ///   error a host function called by the start function threw.
    public func defineModule(_ module: Module, as moduleName: String, in store: AnyStore) throws {
        try check(module: module, store: store)
        try prepareWASI(in: store)
        try handle.define(moduleName, module: module, in: store)
    }

    /// Satisfies every import of `module` not yet defined with a function
    /// that fails when called (other kinds of imports are not covered). The
    /// call throws a ``WasmtimeError`` naming the import, not a ``Trap``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `module` belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when Wasmtime refuses a definition.
    public func defineUnknownImportsAsTraps(for module: Module) throws(WasmtimeError) {
        try engine.checkSame(as: module.engine, "module")
        try handle.defineUnknownImportsAsTraps(for: module)
    }

    /// Satisfies every import of `module` not yet defined with a default
    /// value: functions returning zeros, zero globals, empty tables and memories.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `module` or `store` belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when Wasmtime refuses a definition.
    public func defineUnknownImportsAsDefaultValues(for module: Module, in store: AnyStore) throws(WasmtimeError) {
        try check(module: module, store: store)
        try handle.defineUnknownImportsAsDefaultValues(for: module, in: store)
    }

    // MARK: Instantiation and lookup

    /// Instantiates `module` in `store`, resolving its imports by name.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   for a missing or mismatched import,
    ///   ``WasmtimeError/Kind/storeMismatch`` when `module` or `store`
    ///   belongs to another engine or an import resolves to a memory or
    ///   table of another store, ``WasmtimeError/Kind/resourceLimit`` when a
    ///   store limit or the pooling allocator refuses the instance,
    ///   ``WasmtimeError/Kind/runtime`` when `store` takes only async calls,
    ///   or ``WasmtimeError/Kind/instantiation`` for other failures; ``Trap``
    ///   when the start function traps; and the very error a host function
    ///   called by the start function threw.
    public func instantiate(_ module: Module, in store: AnyStore) throws -> Instance {
        try check(module: module, store: store)
        try checkDefinitions(of: module, belongTo: store)
        try prepareWASI(in: store)
        try store.checkSynchronousCallsAllowed()
        return Instance(store: store, raw: try handle.instantiate(module, in: store))
    }

    /// Resolves `module`'s imports now, so it can be instantiated repeatedly
    /// (in any store of the engine) without name lookups.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `module` belongs to another engine, and of kind
    ///   ``WasmtimeError/Kind/linking`` when an import is missing or does
    ///   not match its definition.
    public func instantiatePre(_ module: Module) throws(WasmtimeError) -> InstancePre {
        try engine.checkSame(as: module.engine, "module")
        return InstancePre(
            handle: try handle.instantiatePre(module), module: module,
            definitionStores: definitionStoreIDs(for: module, seenFrom: engineStore),
            needsWASI: definesWASI, requiresAsync: definesAsyncFunctions)
    }

    /// Store ids of the memories and tables that `module`'s imports resolve
    /// to. Wasmtime aborts when those of one store are instantiated into
    /// another (for functions and globals it returns an error), so
    /// instantiation compares these with the target store first.
    private func definitionStoreIDs(for module: Module, seenFrom store: AnyStore) -> Set<UInt64> {
        var ids: Set<UInt64> = []
        for item in module.storeBoundImports {
            if let id = handle.storeIDOfDefinition(item.module, item.name, seenFrom: store) { ids.insert(id) }
        }
        return ids
    }

    func checkDefinitions(of module: Module, belongTo store: AnyStore) throws(WasmtimeError) {
        let foreign = definitionStoreIDs(for: module, seenFrom: store).subtracting([store.id])
        guard foreign.isEmpty else {
            throw WasmtimeError(
                .storeMismatch, "the linker resolves imports of this module to items of a different store")
        }
    }

    /// The item defined under `module`/`name`, as seen from `store`, or
    /// `nil` if there is none.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `store` belongs to another engine or the item to another store.
    public func item(module: String, name: String, in store: AnyStore) throws(WasmtimeError) -> Extern? {
        try engine.checkSame(as: store.engine, "store")
        try prepareWASI(in: store)
        return try handle.lookUp(module, name, in: store)
    }

    /// The default export of `module` (its `""` export or `_start`), as
    /// used to run command modules.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when `module` has no default export, and of kind
    ///   ``WasmtimeError/Kind/storeMismatch`` when `store` belongs to another
    ///   engine or the export to another store.
    public func defaultFunction(_ module: String, in store: AnyStore) throws(WasmtimeError) -> Func {
        try engine.checkSame(as: store.engine, "store")
        try prepareWASI(in: store)
        let function = try handle.defaultFunction(module, in: store)
        try store.checkOwns(storeID: function.storeID, "the default export of \"\(module)\"")
        return Func(store: store, handle: function)
    }

    /// WASI functions abort the process in a store without a WASI context;
    /// such a store gets one that grants nothing.
    func prepareWASI(in store: AnyStore) throws(WasmtimeError) {
        if definesAsyncFunctions { store.requireAsyncCalls() }
        if definesWASI && !store.hasWASI { try store.setWASI(WASIConfiguration()) }
    }

    func check(module: Module, store: AnyStore) throws(WasmtimeError) {
        try engine.checkSame(as: module.engine, "module")
        try engine.checkSame(as: store.engine, "store")
    }

    /// Shared memories belong to the engine, but `wasmtime_linker_define`
    /// always dereferences a store context, so they are defined through a
    /// private store of the linker's engine.
    private lazy var engineStore = Store(engine: engine)

    private func storeForDefinition(_ item: Extern) throws(WasmtimeError) -> AnyStore {
        if case .sharedMemory(let memory) = item {
            if let engine = memory.engine { try self.engine.checkSame(as: engine, "shared memory") }
            return engineStore
        }
        let store = item.store!
        try engine.checkSame(as: store.engine, "\(item.kindName)")
        return store
    }
}

@available(*, unavailable, message: "a linker is mutable and must be used from one thread at a time")
extension Linker: Sendable {}
