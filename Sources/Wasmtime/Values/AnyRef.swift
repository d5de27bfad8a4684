/// A reference into the `any` hierarchy of the GC proposal: an `i31`, a
/// struct or an array that lives in a store.
///
/// The reference stays rooted (safe from collection) while this object is
/// alive, and it keeps its store alive.
public final class AnyRef {
    /// The root, released with this object; it keeps the store alive.
    let root: RootedAnyRef

    /// The store the reference lives in.
    var store: AnyStore { root.store }

    /// Takes ownership of a root.
    init(root: consuming RootedAnyRef) {
        self.root = root
    }

    /// Creates an `i31ref` holding the low 31 bits of `value`.
    public convenience init(i31 value: UInt32, in store: AnyStore) {
        self.init(root: RootedAnyRef(i31: value, store: store))
    }

    /// Whether this is an `i31ref`.
    public var isI31: Bool { root.isI31(in: store.context) }
    /// Whether this is a struct reference.
    public var isStruct: Bool { root.isStruct(in: store.context) }
    /// Whether this is an array reference.
    public var isArray: Bool { root.isArray(in: store.context) }
    /// Whether this is an `eqref` (i31, struct or array).
    public var isEq: Bool { root.isEq(in: store.context) }

    /// The `i31` payload zero-extended, or `nil` if this is not an `i31ref`.
    public var i31Unsigned: UInt32? {
        root.i31Unsigned(in: store.context)
    }

    /// The `i31` payload sign-extended, or `nil` if this is not an `i31ref`.
    public var i31Signed: Int32? {
        root.i31Signed(in: store.context)
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension AnyRef: Sendable {}

/// A reference to a WebAssembly exception object (`exnref`), passed
/// through between wasm and the host.
public final class ExnRef {
    /// The root, released with this object; it keeps the store alive.
    let root: RootedExnRef

    /// The store the reference lives in.
    var store: AnyStore { root.store }

    init(root: consuming RootedExnRef) {
        self.root = root
    }

    /// Number of fields in the exception's payload.
    public var fieldCount: Int { root.fieldCount(in: store.context) }

    /// Reads payload field `index`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``fieldCount``.
    public func field(_ index: Int) throws(WasmtimeError) -> Value {
        guard index >= 0, index < fieldCount else {
            throw WasmtimeError(.outOfBounds, "exception field \(index) out of range")
        }
        return try root.field(index, store: store)
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension ExnRef: Sendable {}
