/// A host value passed to WebAssembly as an `externref`.
///
/// Wasm can store and return it but never look inside. The same `ExternRef`
/// object comes back when wasm hands the reference back to Swift, so `===`
/// compares identities. Wasmtime releases it when the last wasm-side
/// reference is garbage-collected or its store is dropped.
public final class ExternRef {

    /// The wrapped Swift value.
    public let value: Any

    /// Wraps `value`.
    public init(_ value: Any) {
        self.value = value
    }

    /// A placeholder for an `externref` that wasm produced from an internal
    /// reference (`extern.convert_any`): it has no host value.
    @usableFromInline static let opaque = ExternRef(Opaque())

    /// Whether this reference came from wasm without a host value.
    public var isOpaque: Bool { value is Opaque }

    struct Opaque {}
}
