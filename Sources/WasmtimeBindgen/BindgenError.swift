/// Why bindings could not be generated: the message names the function and
/// type at fault. Nothing is written when generation fails.
public struct BindgenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Sendable, Hashable {
        /// The input is not a component (a core module, corrupt bytes, text that does not parse).
        case invalidInput
        /// The component uses something the bindings cannot carry (future, stream,
        /// error-context, fixed-length lists, imported resources).
        case unsupported
        /// A tool the request needs (`wasm-tools` for WIT input) is missing or failed.
        case tool
    }

    /// What went wrong.
    public var kind: Kind
    /// A one-line explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
