/// Typed component host functions: Swift closures whose parameter and
/// result types conform to ``ComponentLiftable`` and ``ComponentLowerable``.
///
/// ```swift
/// try linker.defineFunction("wasi:test/host@0.1.0", "double") { (x: UInt32) -> UInt32 in x * 2 }
/// try linker.defineFunction("log") { (caller: borrowing ComponentCaller, line: String) in
///     print(line, caller.type)
/// }
/// ```
///
/// The C API hands a host function its import's type only when it is
/// called, so the signature is checked when a component that imports the
/// function is **instantiated** through this linker (``instantiate(_:in:)``
/// throws ``WasmtimeError/Kind/typeMismatch`` naming the import, the
/// parameter and both types). Arguments are then lifted straight from
/// Wasmtime's C values and the result lowered straight into them, with no
/// ``ComponentValue`` in between; a Swift error thrown by the closure comes
/// out of the outer call as that same error.
extension ComponentLinker {
    /// Defines a typed host function at `path` (instance names, then the
    /// function's name).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off. A signature that does not fit the
    ///   import is reported by ``instantiate(_:in:)``.
    @_disfavoredOverload @inlinable
    public func defineFunction<each P: ComponentLiftable, each R: ComponentLowerable>(
        _ path: String..., body: @escaping (repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineFunction(path: path, body: body)
    }

    /// Defines a typed host function at `path` (an array, for generated code).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    @_disfavoredOverload @inlinable
    public func defineFunction<each P: ComponentLiftable, each R: ComponentLowerable>(
        path: [String], body: @escaping (repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineTyped(path: path, TypedComponentHostFunction.make(body), (repeat each P).self, (repeat each R).self)
    }

    /// Defines a typed host function at `path` that also receives the
    /// call's context (its store and the imported function's type; reading
    /// the type costs a conversion on every call).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    @_disfavoredOverload @inlinable
    public func defineFunction<each P: ComponentLiftable, each R: ComponentLowerable>(
        _ path: String..., body: @escaping (borrowing ComponentCaller, repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineFunction(path: path, body: body)
    }

    /// Defines a typed host function receiving the call's context at `path` (an array).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when `path` is empty, or the name is already defined there and
    ///   ``allowsShadowing`` is off.
    @_disfavoredOverload @inlinable
    public func defineFunction<each P: ComponentLiftable, each R: ComponentLowerable>(
        path: [String], body: @escaping (borrowing ComponentCaller, repeat each P) throws -> (repeat each R)
    ) throws(WasmtimeError) {
        try defineTyped(path: path, TypedComponentHostFunction.make(body), (repeat each P).self, (repeat each R).self)
    }

    /// Defines `function`, whose Swift signature is `P -> R`, at `path`.
    @usableFromInline
    func defineTyped<each P: ComponentLiftable, each R: ComponentLowerable>(
        path: [String], _ function: TypedComponentHostFunction, _ parameters: (repeat each P).Type,
        _ results: (repeat each R).Type
    ) throws(WasmtimeError) {
        let signature = TypedComponentSignature.host(parameters, results)
        guard let name = path.last else { throw WasmtimeError(.linking, "a definition path needs at least a name") }
        try handle.defineTypedFunction(in: Array(path.dropLast()), name: name, function)
        typedImports.removeAll { $0.path == path }
        typedImports.append(TypedImport(path: path, signature: signature))
        hostFunctionPaths.insert(Self.unversioned(path))
        definedPaths.insert(path)
    }

    /// Checks the typed host functions that `component` imports against
    /// their import types (called by ``instantiate(_:in:)``).
    func checkTypedImports(of component: Component) throws(WasmtimeError) {
        guard !typedImports.isEmpty else { return }
        let imports = component.imports
        for typed in typedImports {
            guard let item = Self.item(at: typed.path, in: imports) else { continue }
            let shown = typed.path.map { "\"\($0)\"" }.joined(separator: " / ")
            guard case .function(let type) = item else {
                throw WasmtimeError(.typeMismatch, "the component imports \(shown) as \(item), not as a function")
            }
            try typed.signature.check(type, function: "typed host function \(shown)")
        }
    }

    private static func item(at path: [String], in entries: [ComponentItemEntry]) -> ComponentItem? {
        guard let first = path.first, let item = entries.first(where: { $0.name == first })?.item else { return nil }
        if path.count == 1 { return item }
        guard case .instance(let instance) = item else { return nil }
        return self.item(at: Array(path.dropFirst()), in: instance.exports)
    }
}

/// A typed host function's path and Swift signature, checked at instantiation.
struct TypedImport {
    let path: [String]
    let signature: TypedComponentSignature
}
