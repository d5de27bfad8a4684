import CWasmtime

/// A module whose imports a ``Linker`` has already resolved: the fastest
/// way to instantiate the same module many times, in any store of the engine.
///
/// `InstancePre` is `Sendable`: the linker's host functions it refers to
/// are `@Sendable` closures.
public final class InstancePre: @unchecked Sendable {
    // @unchecked: wasmtime_instance_pre_t is Send + Sync in Wasmtime, and the
    // host closures it references were required to be @Sendable.
    let raw: OpaquePointer
    /// The module this instantiates.
    public let module: Module

    /// Stores owning the memories and tables the imports resolved to.
    let definitionStores: Set<UInt64>

    /// Whether the linker defined WASI, so stores need a WASI context.
    let needsWASI: Bool

    init(raw: OpaquePointer, module: Module, definitionStores: Set<UInt64>, needsWASI: Bool) {
        self.raw = raw
        self.module = module
        self.definitionStores = definitionStores
        self.needsWASI = needsWASI
    }

    deinit {
        wasmtime_instance_pre_delete(raw)
    }

    /// Instantiates the module in `store`.
    ///
    /// Throws ``Trap`` when the start function traps, ``WasmtimeError``
    /// for other failures such as store limits, and a host function's own
    /// error when one it calls throws.
    public func instantiate(in store: AnyStore) throws -> Instance {
        try store.engine.checkSame(as: module.engine, "instance-pre")
        // Wasmtime aborts when a memory or table of one store is instantiated into another.
        guard definitionStores.isEmpty || definitionStores == [store.id] else {
            throw WasmtimeError(.storeMismatch, "the instance-pre resolves imports to memories or tables of a different store")
        }
        if needsWASI && !store.hasWASI { try store.setWASI(WASIConfiguration()) }
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        let error = wasmtime_instance_pre_instantiate(raw, store.context, &instance, &trap)
        if error != nil || trap != nil {
            throw store.callFailure(error: error, trap: trap, kind: .instantiation)
        }
        return Instance(store: store, raw: instance)
    }
}
