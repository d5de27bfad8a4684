import CWasmtime

/// A reference into the `any` hierarchy of the GC proposal: an `i31`, a
/// struct or an array that lives in a store.
///
/// The reference stays rooted (safe from collection) while this object is
/// alive, and it keeps its store alive.
public final class AnyRef {
    let store: AnyStore
    var raw: wasmtime_anyref_t

    /// Takes ownership of a rooted reference.
    init(store: AnyStore, taking raw: wasmtime_anyref_t) {
        self.store = store
        self.raw = raw
    }

    deinit {
        wasmtime_anyref_unroot(&raw)
    }

    /// Creates an `i31ref` holding the low 31 bits of `value`.
    public convenience init(i31 value: UInt32, in store: AnyStore) {
        var raw = wasmtime_anyref_t()
        wasmtime_anyref_from_i31(store.context, value, &raw)
        self.init(store: store, taking: raw)
    }

    /// Whether this is an `i31ref`.
    public var isI31: Bool { wasmtime_anyref_is_i31(store.context, &raw) }
    /// Whether this is a struct reference.
    public var isStruct: Bool { wasmtime_anyref_is_struct(store.context, &raw) }
    /// Whether this is an array reference.
    public var isArray: Bool { wasmtime_anyref_is_array(store.context, &raw) }
    /// Whether this is an `eqref` (i31, struct or array).
    public var isEq: Bool { wasmtime_anyref_is_eqref(store.context, &raw) }

    /// The `i31` payload zero-extended, or `nil` if this is not an `i31ref`.
    public var i31Unsigned: UInt32? {
        var value: UInt32 = 0
        return wasmtime_anyref_i31_get_u(store.context, &raw, &value) ? value : nil
    }

    /// The `i31` payload sign-extended, or `nil` if this is not an `i31ref`.
    public var i31Signed: Int32? {
        var value: Int32 = 0
        return wasmtime_anyref_i31_get_s(store.context, &raw, &value) ? value : nil
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension AnyRef: Sendable {}

/// A reference to a WebAssembly exception object (`exnref`), passed
/// through between wasm and the host.
public final class ExnRef {
    let store: AnyStore
    var raw: wasmtime_exnref_t

    init(store: AnyStore, taking raw: wasmtime_exnref_t) {
        self.store = store
        self.raw = raw
    }

    deinit {
        wasmtime_exnref_unroot(&raw)
    }

    /// Number of fields in the exception's payload.
    public var fieldCount: Int { wasmtime_exnref_field_count(store.context, &raw) }

    /// Reads payload field `index`.
    public func field(_ index: Int) throws(WasmtimeError) -> Value {
        guard index >= 0, index < fieldCount else {
            throw WasmtimeError(.outOfBounds, "exception field \(index) out of range")
        }
        var value = wasmtime_val_t()
        try CAPI.check(wasmtime_exnref_field(store.context, &raw, index, &value), .runtime)
        return Value(taking: &value, store: store)
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension ExnRef: Sendable {}
