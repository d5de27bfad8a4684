/// The context of a component host function call, valid only during the call.
public struct ComponentCaller: ~Copyable {
    /// The store the call runs in.
    public let store: AnyStore
    /// The type of the imported function being called.
    public let type: ComponentFuncType

    @usableFromInline
    init(store: AnyStore, type: ComponentFuncType) {
        self.store = store
        self.type = type
    }

    /// The store, if its data has type `Data`.
    public func store<Data>(as type: Data.Type = Data.self) -> Store<Data>? {
        store as? Store<Data>
    }

    /// The store's data, if it has type `Data`.
    public func data<Data>(as type: Data.Type = Data.self) -> Data? {
        store(as: Data.self)?.data
    }
}
