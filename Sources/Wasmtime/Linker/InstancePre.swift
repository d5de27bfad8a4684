/// A module whose imports a ``Linker`` has already resolved: the fastest
/// way to instantiate the same module many times, in any store of the engine.
///
/// `InstancePre` is `Sendable`: the linker's host functions it refers to
/// are `@Sendable` closures.
public final class InstancePre: Sendable {
    // Sendable: wasmtime_instance_pre_t is Send + Sync in Wasmtime, and the
    // host closures it references were required to be @Sendable.
    let handle: InstancePreHandle
    /// The module this instantiates.
    public let module: Module

    /// Stores owning the memories and tables the imports resolved to.
    let definitionStores: Set<UInt64>

    /// Whether the linker defined WASI, so stores need a WASI context.
    let needsWASI: Bool

    /// Whether the linker defined async host functions, so stores must be
    /// called asynchronously only.
    let requiresAsync: Bool

    init(
        handle: consuming InstancePreHandle, module: Module, definitionStores: Set<UInt64>, needsWASI: Bool,
        requiresAsync: Bool = false
    ) {
        self.handle = handle
        self.module = module
        self.definitionStores = definitionStores
        self.needsWASI = needsWASI
        self.requiresAsync = requiresAsync
    }

    /// Instantiates the module in `store`.
    ///
    /// - Throws: ``Trap`` when the start function traps; the very error a
    ///   host function called by the start function threw; and
    ///   ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch`` when
    ///   `store` belongs to another engine or the imports resolved to
    ///   memories or tables of another store,
    ///   ``WasmtimeError/Kind/resourceLimit`` when a store limit or the
    ///   pooling allocator refuses the instance,
    ///   ``WasmtimeError/Kind/runtime`` when `store` takes only async calls,
    ///   or ``WasmtimeError/Kind/instantiation`` for other failures.
    public func instantiate(in store: AnyStore) throws -> Instance {
        try prepare(store)
        try store.checkSynchronousCallsAllowed()
        return Instance(store: store, raw: try handle.instantiate(in: store))
    }

    /// Checks `store` can receive an instance of this and gives it the WASI
    /// context the linker's definitions need.
    func prepare(_ store: AnyStore) throws(WasmtimeError) {
        try store.engine.checkSame(as: module.engine, "instance-pre")
        // Wasmtime aborts when a memory or table of one store is instantiated into another.
        guard definitionStores.isEmpty || definitionStores == [store.id] else {
            throw WasmtimeError(
                .storeMismatch, "the instance-pre resolves imports to memories or tables of a different store")
        }
        if needsWASI && !store.hasWASI { try store.setWASI(WASIConfiguration()) }
        if requiresAsync { store.requireAsyncCalls() }
    }
}
