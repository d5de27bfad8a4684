extension ComponentLinker {
    /// Defines a host resource type at `path` (instance names, then the
    /// resource's name, as the component imports it), backed by objects of
    /// class `Object`, and returns it: make handles with
    /// ``HostResourceType/own(_:in:)`` and read objects back with
    /// ``ComponentValue/object(of:)``.
    ///
    /// ```swift
    /// let buckets = try linker.defineResource("example:kv/store", "bucket", backedBy: Bucket.self) { bucket in
    ///     bucket.close()   // the last owned handle was dropped
    /// }
    /// ```
    ///
    /// Host functions for the resource's constructor, methods and static
    /// functions are defined as usual, with their WIT-mangled names
    /// (`[constructor]bucket`, `[method]bucket.get`, `[static]bucket.open`).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    @discardableResult
    public func defineResource<Object: AnyObject>(
        _ path: String..., backedBy objectType: Object.Type,
        destructor: @escaping (Object) throws -> Void = { _ in }
    ) throws(WasmtimeError) -> HostResourceType<Object> {
        let (_, name) = try Self.split(path)
        let type = HostResourceType(name, backedBy: objectType, destructor: destructor)
        try define(path, type)
        return type
    }

    /// Defines an existing host resource type at `path`: the same type can be
    /// defined in several linkers, or at several paths, and its handles pass
    /// between all the components that import it.
    ///
    /// - Throws: the errors of ``defineResource(_:backedBy:destructor:)``.
    public func defineResource<Object: AnyObject>(
        _ path: String..., type: HostResourceType<Object>
    ) throws(WasmtimeError) {
        try define(path, type)
    }

    private func define(_ path: [String], _ type: any AnyHostResourceType) throws(WasmtimeError) {
        let (instances, name) = try Self.split(path)
        try handle.defineResource(in: instances, name: name, type)
        definedPaths.insert(path)
    }
}
