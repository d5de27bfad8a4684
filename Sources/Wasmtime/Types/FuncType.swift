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
