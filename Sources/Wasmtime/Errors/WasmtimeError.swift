/// An error reported by Wasmtime or by the Swift layer's own checks.
///
/// ``kind`` tells which step failed, so callers can catch what they care
/// about: `catch let error as WasmtimeError where error.kind == .compilation`.
public struct WasmtimeError: Error, Sendable, CustomStringConvertible {
    /// The step that failed.
    public enum Kind: Sendable, Hashable {
        /// The bytes or text are not a valid module (parse, validation or compilation).
        case compilation
        /// Imports could not be satisfied or a definition clashed.
        case linking
        /// Instantiation failed for a reason other than a trap.
        case instantiation
        /// A value, function or import has the wrong type or arity.
        case typeMismatch
        /// An object was used with a store it does not belong to.
        case storeMismatch
        /// A named export or definition does not exist.
        case notFound
        /// An index, offset or size lies outside its bounds.
        case outOfBounds
        /// A null reference was given where an object is required.
        case nullReference
        /// An immutable GC field or array element was written.
        case immutable
        /// A limit (memory, table, fuel, instances) refused the request.
        case resourceLimit
        /// A file could not be read or written.
        case io
        /// A configuration option is invalid or unsupported.
        case configuration
        /// Any other error reported by Wasmtime at run time.
        case runtime
    }

    /// The step that failed.
    public var kind: Kind
    /// Wasmtime's (or the Swift layer's) explanation.
    public var message: String
    /// WebAssembly frames attached to the error, innermost first.
    public var frames: [Frame]
    /// Creates an error value.
    public init(_ kind: Kind, _ message: String, frames: [Frame] = []) {
        self.kind = kind
        self.message = message
        self.frames = frames
    }

    public var description: String { message }
}
