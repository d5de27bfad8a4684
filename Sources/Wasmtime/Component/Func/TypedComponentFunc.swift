/// A component function whose signature was checked once, called with
/// Swift values.
///
/// `Parameters` is the tuple of parameter types (`Void` for none, a single
/// type for one) and `Results` the result type (`Void` when the function
/// has none; a Swift tuple for a `tuple<…>` result). Every type conforms to
/// ``ComponentLowerable`` (parameters) or ``ComponentLiftable`` (result).
///
/// ```swift
/// let greet = try instance.function("greet", String.self, String.self)
/// print(try greet("Ada"))
/// let add = try instance.function("add", (UInt32, UInt32).self, UInt32.self)
/// let sum = try add(2, 3)
/// let run = try instance.function(path: ["wasi:cli/run@0.2.0", "run"], Void.self, Result<ComponentUnit, ComponentUnit>.self)
/// ```
///
/// Bind the lookup to a constant before calling it, and spell arguments with
/// their type (`UInt32(7)`, not `7`), as for ``TypedFunc``.
///
/// Calls convert straight between Swift values and Wasmtime's C values
/// (no ``ComponentValue`` in between). Errors are those of
/// ``ComponentFunc/call(_:)-([ComponentValue])``: a ``Trap``, the very error
/// a host function threw, or a ``WasmtimeError``.
public struct TypedComponentFunc<Parameters, Results> {
    /// The underlying function.
    public let function: ComponentFunc
    /// The parameter types, for checking the arguments' parts as they are written.
    @usableFromInline let parameterTypes: [ComponentValueType]
    /// Whether the Swift result is a tuple standing for a `tuple<…>` result.
    @usableFromInline let resultIsTuple: Bool

    init(function: ComponentFunc, resultIsTuple: Bool) {
        self.function = function
        parameterTypes = function.type.parameters.map(\.type)
        self.resultIsTuple = resultIsTuple
    }

    /// Calls the function (any number of arguments; a tuple result).
    @_disfavoredOverload @inlinable
    public func callAsFunction<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        try function.handle.callTyped(
            repeat each arguments, parameterTypes: parameterTypes, resultIsTuple: resultIsTuple,
            store: function.store, as: (repeat each R).self)
    }

    /// Calls the function; the same as calling the value directly.
    @_disfavoredOverload @inlinable
    public func call<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        try function.handle.callTyped(
            repeat each arguments, parameterTypes: parameterTypes, resultIsTuple: resultIsTuple,
            store: function.store, as: (repeat each R).self)
    }
}

@available(*, unavailable, message: "component functions belong to a single-threaded store")
extension TypedComponentFunc: Sendable {}

extension ComponentFunc {
    /// This function as a ``TypedComponentFunc``: parameter types, then the
    /// result type (`Void` for none), checked once against ``type``.
    ///
    /// Throws ``WasmtimeError/Kind/typeMismatch`` naming the first parameter
    /// or result whose component type the Swift type does not match.
    public func typed<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ parameters: (repeat each P).Type, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedComponentFunc<(repeat each P), (repeat each R)> {
        try typed(parameters, results, name: "the component function")
    }

    func typed<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ parameters: (repeat each P).Type, _ results: (repeat each R).Type, name: String
    ) throws(WasmtimeError) -> TypedComponentFunc<(repeat each P), (repeat each R)> {
        let signature = TypedComponentSignature.export(parameters, results)
        try signature.check(type, function: name)
        return TypedComponentFunc(function: self, resultIsTuple: signature.results.count > 1)
    }
}

extension ComponentInstance {
    /// The exported function `name` as a ``TypedComponentFunc``: parameter
    /// types, then the result type (`Void`, the default, for none). The
    /// signature is checked once, here.
    ///
    /// ```swift
    /// let greet = try instance.function("greet", String.self, String.self)
    /// ```
    ///
    /// Throws ``WasmtimeError/Kind/notFound`` if nothing is exported as
    /// `name` and ``WasmtimeError/Kind/typeMismatch`` if it is not a function
    /// or its signature differs (the message names the parameter and both types).
    public func function<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ name: String, _ parameters: (repeat each P).Type, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedComponentFunc<(repeat each P), (repeat each R)> {
        try function(path: [name], parameters, results)
    }

    /// The function at the export `path` (exported instances, then the
    /// function's name) as a ``TypedComponentFunc``.
    ///
    /// ```swift
    /// let run = try instance.function(
    ///     path: ["wasi:cli/run@0.2.0", "run"], Void.self, Result<ComponentUnit, ComponentUnit>.self)
    /// ```
    public func function<each P: ComponentLowerable, each R: ComponentLiftable>(
        path: [String], _ parameters: (repeat each P).Type, _ results: (repeat each R).Type = Void.self
    ) throws(WasmtimeError) -> TypedComponentFunc<(repeat each P), (repeat each R)> {
        let name = "function " + path.map { "\"\($0)\"" }.joined(separator: " / ")
        return try function(path: path).typed(parameters, results, name: name)
    }
}
