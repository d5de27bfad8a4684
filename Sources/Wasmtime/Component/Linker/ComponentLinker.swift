/// Supplies a component's imports (host functions, core modules, WASI) and
/// instantiates components.
///
/// Definitions are addressed by path: the names of the nested instances
/// (interfaces such as `"wasi:cli/environment@0.2.3"`) followed by the
/// item's name, mirroring ``ComponentInstance/function(_:)``:
///
/// ```swift
/// let linker = ComponentLinker(engine: engine)
/// try linker.defineFunction("wasi:test/host@0.1.0", "double") { arguments in
///     guard case .u32(let x) = arguments[0] else { return [] }
///     return [.u32(x * 2)]
/// }
/// let instance = try linker.instantiate(component, in: store)
/// ```
///
/// A linker is used from one thread at a time; it is not `Sendable`.
public final class ComponentLinker {
    let handle: ComponentLinkerHandle
    /// The engine the linker belongs to.
    public let engine: Engine
    /// Whether ``addWASIp2()`` was called (instantiation then gives stores without a WASI configuration a default one).
    var definesWASI = false
    /// Typed host functions, checked against a component's imports when it is instantiated.
    var typedImports: [TypedImport] = []
    /// The paths (without versions) defined by Swift host functions, checked at instantiation (ComponentValueType+CAPI.swift).
    var hostFunctionPaths: Set<[String]> = []
    /// The exact paths of everything defined from Swift (functions, resources, modules), which
    /// ``defineUnknownImportsAsTraps(for:)`` leaves alone.
    var definedPaths: Set<[String]> = []
    /// Whether ``addWASIHTTP()`` was called (instantiation then enables wasi:http in the store).
    var definesWASIHTTP = false
    /// Whether async host functions or async WASI were defined (instantiated stores then refuse synchronous calls).
    var definesAsyncFunctions = false

    /// Creates an empty linker.
    public init(engine: Engine) {
        self.engine = engine
        handle = ComponentLinkerHandle(engine: engine.handle)
    }

    /// Whether a later definition may replace an earlier one of the same
    /// name (off by default: redefining throws).
    public var allowsShadowing = false {
        didSet { handle.allowShadowing(allowsShadowing) }
    }

    /// Defines a host function at `path` (instance names, then the
    /// function's name), called with the guest's arguments; it returns the
    /// results (none, or the one result of the imported function's type).
    ///
    /// A Swift error the closure throws ends the guest's call, and the call
    /// into the component that led here throws that same error. Results of
    /// the wrong type are such an error too (``WasmtimeError/Kind/typeMismatch``).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    public func defineFunction(
        _ path: String..., body: @escaping ([ComponentValue]) throws -> [ComponentValue]
    ) throws(WasmtimeError) {
        try defineFunction(path: path) { _, arguments in try body(arguments) }
    }

    /// Defines a host function at `path` that also receives the call's
    /// context (its store and the imported function's type).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    public func defineFunction(
        path: [String], body: @escaping (borrowing ComponentCaller, [ComponentValue]) throws -> [ComponentValue]
    ) throws(WasmtimeError) {
        let (instances, name) = try Self.split(path)
        try handle.defineFunction(in: instances, name: name, ComponentHostFunction(body))
        hostFunctionPaths.insert(Self.unversioned(path))
        definedPaths.insert(path)
    }

    /// Defines a core module at `path`, for components that import one.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when the module belongs to another engine, `path` is empty, or the
    ///   name is already defined there and ``allowsShadowing`` is off.
    public func defineModule(_ path: String..., module: Module) throws(WasmtimeError) {
        guard module.engine.isSame(as: engine) else {
            throw WasmtimeError(.linking, "the module was compiled for a different engine than the linker's")
        }
        let (instances, name) = try Self.split(path)
        try handle.defineModule(in: instances, name: name, module.handle)
        definedPaths.insert(path)
    }

    /// Defines the WASI preview 2 interfaces (`wasi:cli`, `wasi:io`,
    /// `wasi:filesystem`, `wasi:clocks`, `wasi:random`, `wasi:sockets`,
    /// …`@0.2.x`). They act on the store's ``WASIConfiguration``
    /// (``AnyStore/setWASI(_:)``), the same one preview 1 modules use.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when the interfaces are already defined (twice, or after
    ///   ``addWASIp2Async()``) and ``allowsShadowing`` is off.
    public func addWASIp2() throws(WasmtimeError) {
        try handle.addWASIp2()
        definesWASI = true
    }

    /// Instantiates `component` in `store`, resolving its imports against
    /// this linker's definitions.
    ///
    /// Handles released since the store was last entered are dropped
    /// first (see ``ComponentResource``).
    ///
    /// - Throws: ``WasmtimeError`` of kind
    ///   - ``WasmtimeError/Kind/linking`` for a missing or mismatched import,
    ///     a component of another engine, or an import a Swift host function
    ///     cannot implement (a type with `future`, `stream` or `error-context`);
    ///   - ``WasmtimeError/Kind/typeMismatch`` when a typed host function's
    ///     Swift signature does not fit its import's type;
    ///   - ``WasmtimeError/Kind/storeMismatch`` for a store of another engine;
    ///   - ``WasmtimeError/Kind/runtime`` when the store takes async calls
    ///     only (use ``instantiateAsync(_:in:)``) or an async call is
    ///     suspended in it;
    ///   - ``WasmtimeError/Kind/resourceLimit`` when the store's limits are
    ///     exceeded.
    ///
    ///   A ``Trap`` if the component's start code traps, and the Swift error
    ///   of a host function it called.
    public func instantiate(_ component: Component, in store: AnyStore) throws -> ComponentInstance {
        try checkEngine(component)
        guard store.engine.isSame(as: engine) else {
            throw WasmtimeError(.storeMismatch, "the store belongs to a different engine than the linker")
        }
        try checkTypedImports(of: component)
        try checkHostFunctionTypes(of: component)
        store.dropReleasedResources()
        try prepare(store, forSynchronousUse: true)
        let instance = try handle.instantiate(component.handle, in: store)
        return ComponentInstance(handle: instance, store: store, component: component)
    }

    func checkEngine(_ component: Component) throws(WasmtimeError) {
        guard component.engine.isSame(as: engine) else {
            throw WasmtimeError(.linking, "the component was compiled for a different engine than the linker's")
        }
    }

    static func split(_ path: [String]) throws(WasmtimeError) -> (instances: [String], name: String) {
        guard let name = path.last else { throw WasmtimeError(.linking, "a definition path needs at least a name") }
        return (Array(path.dropLast()), name)
    }
}

@available(*, unavailable, message: "a linker must only be used from one thread at a time")
extension ComponentLinker: Sendable {}
