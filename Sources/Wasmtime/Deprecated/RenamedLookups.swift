// Spellings replaced by the export lookup and linker names of this release;
// kept for one release so existing code builds with a deprecation warning.

extension Instance {
    /// Deprecated: use ``function(_:)``.
    ///
    /// - Throws: The same errors as ``function(_:)``.
    @available(*, deprecated, renamed: "function(_:)")
    public func function(named name: String) throws(WasmtimeError) -> Func {
        try function(name)
    }

    /// Deprecated: use ``function(_:_:_:)``.
    ///
    /// - Throws: The same errors as ``function(_:_:_:)``.
    @available(*, deprecated, renamed: "function(_:_:_:)")
    public func typedFunc<each P: WasmValue, each R: WasmValue>(
        _ name: String, _ parameters: (repeat each P).Type = Void.self, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedFunc<(repeat each P), (repeat each R)> {
        try function(name).typed(parameters, results)
    }

    /// Deprecated: use ``global(_:)``.
    ///
    /// - Throws: The same errors as ``global(_:)``.
    @available(*, deprecated, renamed: "global(_:)")
    public func global(named name: String) throws(WasmtimeError) -> Global {
        try global(name)
    }

    /// Deprecated: use ``table(_:)``.
    ///
    /// - Throws: The same errors as ``table(_:)``.
    @available(*, deprecated, renamed: "table(_:)")
    public func table(named name: String) throws(WasmtimeError) -> Table {
        try table(name)
    }

    /// Deprecated: use ``memory(_:)``.
    ///
    /// - Throws: The same errors as ``memory(_:)``.
    @available(*, deprecated, renamed: "memory(_:)")
    public func memory(named name: String) throws(WasmtimeError) -> Memory {
        try memory(name)
    }

    /// Deprecated: use ``sharedMemory(_:)``.
    ///
    /// - Throws: The same errors as ``sharedMemory(_:)``.
    @available(*, deprecated, renamed: "sharedMemory(_:)")
    public func sharedMemory(named name: String) throws(WasmtimeError) -> SharedMemory {
        try sharedMemory(name)
    }
}

extension Caller {
    /// Deprecated: use ``function(_:)``.
    ///
    /// - Throws: The same errors as ``function(_:)``.
    @available(*, deprecated, renamed: "function(_:)")
    public func function(named name: String) throws(WasmtimeError) -> Func {
        try function(name)
    }

    /// Deprecated: use ``global(_:)``.
    ///
    /// - Throws: The same errors as ``global(_:)``.
    @available(*, deprecated, renamed: "global(_:)")
    public func global(named name: String) throws(WasmtimeError) -> Global {
        try global(name)
    }

    /// Deprecated: use ``table(_:)``.
    ///
    /// - Throws: The same errors as ``table(_:)``.
    @available(*, deprecated, renamed: "table(_:)")
    public func table(named name: String) throws(WasmtimeError) -> Table {
        try table(name)
    }

    /// Deprecated: use ``memory(_:)``.
    ///
    /// - Throws: The same errors as ``memory(_:)``.
    @available(*, deprecated, renamed: "memory(_:)")
    public func memory(named name: String) throws(WasmtimeError) -> Memory {
        try memory(name)
    }
}

extension Linker {
    /// Deprecated: use ``item(module:name:in:)``.
    ///
    /// - Throws: The same errors as ``item(module:name:in:)``.
    @available(*, deprecated, renamed: "item(module:name:in:)")
    public func get(_ module: String, _ name: String, in store: AnyStore) throws(WasmtimeError) -> Extern? {
        try item(module: module, name: name, in: store)
    }

    /// Deprecated: use ``defineInstance(_:as:)``.
    ///
    /// - Throws: The same errors as ``defineInstance(_:as:)``.
    @available(*, deprecated, renamed: "defineInstance(_:as:)")
    public func define(_ module: String, instance: Instance) throws(WasmtimeError) {
        try defineInstance(instance, as: module)
    }

    /// Deprecated: use ``defineModule(_:as:in:)``.
    ///
    /// - Throws: The same errors as ``defineModule(_:as:in:)``.
    @available(*, deprecated, renamed: "defineModule(_:as:in:)")
    public func define(_ name: String, module: Module, in store: AnyStore) throws {
        try defineModule(module, as: name, in: store)
    }
}
