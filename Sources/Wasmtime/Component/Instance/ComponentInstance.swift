/// An instantiated component in a store: look up its exported functions,
/// at the top level or inside exported instances (interfaces).
///
/// ```swift
/// let run = try instance.function("wasi:cli/run@0.2.0", "run")
/// let add = try instance.function("add")
/// ```
public struct ComponentInstance {
    /// The Wasmtime handle (a store id and an index).
    let handle: ComponentInstanceHandle
    /// The store the instance lives in.
    public let store: AnyStore
    /// The component it was instantiated from.
    public let component: Component

    init(handle: ComponentInstanceHandle, store: AnyStore, component: Component) {
        self.handle = handle
        self.store = store
        self.component = component
    }

    /// The function at `path`: its name, preceded by the names of the
    /// exported instances that contain it (`"wasi:cli/run@0.2.0", "run"`).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/notFound``
    ///   when nothing is exported at that path (or it is empty),
    ///   ``WasmtimeError/Kind/typeMismatch`` when the export is not a
    ///   function.
    public func function(_ path: String...) throws(WasmtimeError) -> ComponentFunc {
        try function(path: path)
    }

    /// The function at `path` (see ``function(_:)``).
    ///
    /// - Throws: the errors of ``function(_:)``.
    public func function(path: [String]) throws(WasmtimeError) -> ComponentFunc {
        guard !path.isEmpty else { throw WasmtimeError(.notFound, "an export path needs at least one name") }
        let found = try handle.function(at: path, in: store.context)
        return ComponentFunc(handle: found, store: store)
    }

    /// Whether something is exported at `path`.
    public func hasExport(_ path: String...) -> Bool {
        handle.hasExport(at: path, in: store.context)
    }

    /// The component's exports with their types, in order.
    public var exports: [ComponentItemEntry] {
        component.exports
    }
}
