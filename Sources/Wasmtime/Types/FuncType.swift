import CWasmtime

/// The signature of a WebAssembly function.
public struct FuncType: Hashable, Sendable, CustomStringConvertible {
    /// Parameter types, in order.
    public var parameters: [ValueType]
    /// Result types, in order.
    public var results: [ValueType]

    /// Creates a signature.
    public init(parameters: [ValueType] = [], results: [ValueType] = []) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: ", "))) -> (\(results.map(\.description).joined(separator: ", ")))"
    }
}

extension FuncType {
    init(borrowing raw: OpaquePointer, depth: Int = 0) {
        parameters = Self.read(wasm_functype_params(raw), depth: depth)
        results = Self.read(wasm_functype_results(raw), depth: depth)
    }

    /// Reads and frees an owned `wasm_functype_t`.
    init(taking raw: OpaquePointer) {
        defer { wasm_functype_delete(raw) }
        self.init(borrowing: raw)
    }

    private static func read(_ vec: UnsafePointer<wasm_valtype_vec_t>?, depth: Int) -> [ValueType] {
        guard let vec, let data = vec.pointee.data else { return [] }
        return (0..<vec.pointee.size).map { ValueType(borrowing: data[$0]!, depth: depth) }
    }

    /// Creates an owned `wasm_functype_t`.
    func makeRaw(engine: Engine) -> OpaquePointer {
        var params = Self.makeVec(parameters, engine: engine)
        var results = Self.makeVec(results, engine: engine)
        return wasm_functype_new(&params, &results)
    }

    private static func makeVec(_ types: [ValueType], engine: Engine) -> wasm_valtype_vec_t {
        var vec = wasm_valtype_vec_t()
        var raws: [OpaquePointer?] = types.map { $0.makeRaw(engine: engine) }
        wasm_valtype_vec_new(&vec, raws.count, &raws)
        return vec
    }
}
