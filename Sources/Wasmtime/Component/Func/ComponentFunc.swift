/// A function exported by a component instance, called with dynamic
/// ``ComponentValue``s.
///
/// Arguments are checked against the function's type before Wasmtime sees
/// them: a wrong count or kind throws a ``WasmtimeError`` of kind
/// ``WasmtimeError/Kind/typeMismatch`` and leaves the store usable. A trap
/// comes back as ``Trap``; an error thrown by a host function the guest
/// called comes back as that same error.
///
/// - Important: after a trap, Wasmtime refuses to enter the component
///   instances of that store again (``TrapCode/cannotEnterComponent``): use
///   a new store.
public struct ComponentFunc {
    /// The Wasmtime handle (a store id and an index).
    @usableFromInline let handle: ComponentFuncHandle
    /// The store the function lives in.
    public let store: AnyStore
    /// The function's signature.
    public let type: ComponentFuncType
    /// The part of the result type whose values cannot cross the C API, if
    /// any (found once, here, rather than on every call).
    let resultPartWithoutCValues: ComponentValueType?

    init(handle: ComponentFuncHandle, store: AnyStore) {
        self.handle = handle
        self.store = store
        type = handle.type(in: store.context)
        resultPartWithoutCValues = type.result?.partWithoutCValues
    }

    /// Calls the function; the result list is empty for a function without
    /// result, else it holds the one result.
    @discardableResult
    public func call(_ arguments: [ComponentValue]) throws -> [ComponentValue] {
        try store.checkSynchronousCallsAllowed()
        guard arguments.count == type.parameters.count else {
            throw WasmtimeError(
                .typeMismatch,
                "\(type) takes \(type.parameters.count) argument(s), got \(arguments.count)")
        }
        if let part = resultPartWithoutCValues {
            // Wasmtime would abort converting the result (ComponentValueType+CAPI.swift).
            throw WasmtimeError(
                .typeMismatch, "\(type) returns values of type \(part), which cannot cross Wasmtime 50's C API")
        }
        var moved: [ResourceBox] = []
        for (argument, parameter) in zip(arguments, type.parameters) {
            try argument.check(against: parameter.type, in: store, path: "argument `\(parameter.name)`", moved: &moved)
        }
        defer { for box in moved { box.markMoved() } }
        return try handle.call(arguments, resultCount: type.result == nil ? 0 : 1, store: store)
    }

    /// Calls the function with the arguments listed.
    @discardableResult
    public func call(_ arguments: ComponentValue...) throws -> [ComponentValue] {
        try call(arguments)
    }

    /// Calls the function and returns its one result (throws if it has none).
    public func callAsFunction(_ arguments: ComponentValue...) throws -> ComponentValue {
        guard type.result != nil else {
            throw WasmtimeError(.typeMismatch, "\(type) has no result; use call(_:)")
        }
        return try call(arguments)[0]
    }
}
