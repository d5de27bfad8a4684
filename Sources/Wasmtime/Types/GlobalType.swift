import CWasmtime

/// The type of a global: its content type and whether it can be set.
public struct GlobalType: Hashable, Sendable, CustomStringConvertible {
    /// The type of the value the global holds.
    public var content: ValueType
    /// Whether `global.set` (and ``Global/set(_:)``) may change the value.
    public var isMutable: Bool

    /// Creates a global type.
    public init(_ content: ValueType, mutable: Bool = false) {
        self.content = content
        self.isMutable = mutable
    }

    public var description: String { isMutable ? "(mut \(content))" : content.description }
}

extension GlobalType {
    init(borrowing raw: OpaquePointer) {
        content = ValueType(borrowing: wasm_globaltype_content(raw))
        isMutable = wasm_globaltype_mutability(raw) == wasm_mutability_t(WASM_VAR)
    }

    init(taking raw: OpaquePointer) {
        defer { wasm_globaltype_delete(raw) }
        self.init(borrowing: raw)
    }

    func makeRaw(engine: Engine) -> OpaquePointer {
        wasm_globaltype_new(content.makeRaw(engine: engine),
                            wasm_mutability_t(isMutable ? WASM_VAR : WASM_CONST))
    }
}
