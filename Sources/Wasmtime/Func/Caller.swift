/// The context of a host function call: the calling instance's exports and
/// the store, valid only during the call.
///
/// `Caller` cannot be copied or kept: host closures receive it `borrowing`.
///
/// ```swift
/// linker.defineFunction("env", "log") { (caller: borrowing Caller, ptr: Int32, len: Int32) in
///     let memory = try caller.memory("memory")
///     print(try memory.readString(at: UInt64(ptr), count: Int(len)))
/// }
/// ```
public struct Caller: ~Copyable {
    @usableFromInline let context: CallerContext

    @usableFromInline init(_ context: CallerContext) {
        self.context = context
    }

    /// The store the call runs in.
    public var store: AnyStore {
        context.store
    }

    /// The store, if its data has type `Data`.
    public func store<Data>(as type: Data.Type = Data.self) -> Store<Data>? {
        store as? Store<Data>
    }

    /// The store's data, if it has type `Data`.
    public func data<Data>(as type: Data.Type = Data.self) -> Data? {
        store(as: Data.self)?.data
    }

    /// Looks up an export of the calling instance.
    public func export(named name: String) -> Extern? {
        context.export(named: name)
    }

    /// The calling instance's memory export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when the instance has no export `name`, and of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` when it is not a memory.
    public func memory(_ name: String) throws(WasmtimeError) -> Memory {
        try export(named: name).unwrap(name, as: \.memory, "memory")
    }

    /// The calling instance's function export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when the instance has no export `name`, and of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` when it is not a function.
    public func function(_ name: String) throws(WasmtimeError) -> Func {
        try export(named: name).unwrap(name, as: \.function, "function")
    }

    /// The calling instance's global export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when the instance has no export `name`, and of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` when it is not a global.
    public func global(_ name: String) throws(WasmtimeError) -> Global {
        try export(named: name).unwrap(name, as: \.global, "global")
    }

    /// The calling instance's table export `name`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when the instance has no export `name`, and of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` when it is not a table.
    public func table(_ name: String) throws(WasmtimeError) -> Table {
        try export(named: name).unwrap(name, as: \.table, "table")
    }

    /// The store's remaining fuel.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine was created without ``Config/consumeFuel``.
    public func fuel() throws(WasmtimeError) -> UInt64 {
        try store.fuel()
    }

    /// Sets the store's remaining fuel.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine was created without ``Config/consumeFuel``.
    public func setFuel(_ fuel: UInt64) throws(WasmtimeError) {
        try store.setFuel(fuel)
    }
}

extension Optional where Wrapped == Extern {
    /// Extracts one kind of export or throws a precise error.
    func unwrap<T>(_ name: String, as kind: KeyPath<Extern, T?>, _ kindName: String) throws(WasmtimeError) -> T {
        guard let item = self else { throw WasmtimeError(.notFound, "no export named \"\(name)\"") }
        guard let value = item[keyPath: kind] else {
            throw WasmtimeError(.typeMismatch, "export \"\(name)\" is a \(item.kindName), not a \(kindName)")
        }
        return value
    }
}
