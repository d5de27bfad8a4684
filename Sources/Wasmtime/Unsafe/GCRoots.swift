import CWasmtime

// Every GC root this package holds, and the only code that roots or unroots.
//
// Contract (see ../shared/docs/c-api-notes.md): every rooted reference the C
// API returns is owned by the receiver and must be unrooted exactly once;
// a raw (`*_to_raw`) value is not a root, so whatever it came from must stay
// rooted until wasm has received it.

/// Owns one rooted `anyref`: unrooted when the owner goes away. It keeps
/// its store alive itself, so the store is released only after the unroot
/// (a separate store property of the owner could go first).
@safe struct RootedAnyRef: ~Copyable {
    private var raw: wasmtime_anyref_t
    /// The store the root lives in.
    let store: AnyStore

    /// Takes ownership of a rooted reference the C API handed over.
    init(taking raw: wasmtime_anyref_t, store: AnyStore) {
        unsafe self.raw = unsafe raw
        self.store = store
    }

    /// Roots the reference behind a raw value.
    init(fromRaw bits: UInt32, store: AnyStore) {
        unsafe raw = unsafe wasmtime_anyref_t()
        unsafe wasmtime_anyref_from_raw(store.context.pointer, bits, &raw)
        self.store = store
    }

    /// A new `i31ref`.
    init(i31 value: UInt32, store: AnyStore) {
        unsafe raw = unsafe wasmtime_anyref_t()
        unsafe wasmtime_anyref_from_i31(store.context.pointer, value, &raw)
        self.store = store
    }

    /// The raw value for a slot; valid while this root lives.
    func raw(in context: StoreContext) -> UInt32 {
        var copy = unsafe raw
        return unsafe wasmtime_anyref_to_raw(context.pointer, &copy)
    }

    /// A borrowed copy for a `wasmtime_val_t`; valid while this root lives.
    var borrowed: wasmtime_anyref_t { unsafe raw }

    func isI31(in context: StoreContext) -> Bool {
        var copy = unsafe raw
        return unsafe wasmtime_anyref_is_i31(context.pointer, &copy)
    }
    func isStruct(in context: StoreContext) -> Bool {
        var copy = unsafe raw
        return unsafe wasmtime_anyref_is_struct(context.pointer, &copy)
    }
    func isArray(in context: StoreContext) -> Bool {
        var copy = unsafe raw
        return unsafe wasmtime_anyref_is_array(context.pointer, &copy)
    }
    func isEq(in context: StoreContext) -> Bool {
        var copy = unsafe raw
        return unsafe wasmtime_anyref_is_eqref(context.pointer, &copy)
    }

    func i31Unsigned(in context: StoreContext) -> UInt32? {
        var copy = unsafe raw
        var value: UInt32 = 0
        return unsafe wasmtime_anyref_i31_get_u(context.pointer, &copy, &value) ? value : nil
    }

    func i31Signed(in context: StoreContext) -> Int32? {
        var copy = unsafe raw
        var value: Int32 = 0
        return unsafe wasmtime_anyref_i31_get_s(context.pointer, &copy, &value) ? value : nil
    }

    deinit {
        var root = unsafe raw
        unsafe wasmtime_anyref_unroot(&root)
    }
}

/// Owns one rooted `exnref`: unrooted when the owner goes away, before its
/// store is released (see ``RootedAnyRef``).
@safe struct RootedExnRef: ~Copyable {
    private var raw: wasmtime_exnref_t
    /// The store the root lives in.
    let store: AnyStore

    init(taking raw: wasmtime_exnref_t, store: AnyStore) {
        unsafe self.raw = unsafe raw
        self.store = store
    }

    init(fromRaw bits: UInt32, store: AnyStore) {
        unsafe raw = unsafe wasmtime_exnref_t()
        unsafe wasmtime_exnref_from_raw(store.context.pointer, bits, &raw)
        self.store = store
    }

    func raw(in context: StoreContext) -> UInt32 {
        var copy = unsafe raw
        return unsafe wasmtime_exnref_to_raw(context.pointer, &copy)
    }

    var borrowed: wasmtime_exnref_t { unsafe raw }

    func fieldCount(in context: StoreContext) -> Int {
        var copy = unsafe raw
        return unsafe wasmtime_exnref_field_count(context.pointer, &copy)
    }

    func field(_ index: Int, store: AnyStore) throws(WasmtimeError) -> Value {
        var copy = unsafe raw
        var value = unsafe wasmtime_val_t()
        unsafe try CAPI.check(wasmtime_exnref_field(store.context.pointer, &copy, index, &value), .runtime)
        return unsafe Value(taking: &value, store: store)
    }

    deinit {
        var root = unsafe raw
        unsafe wasmtime_exnref_unroot(&root)
    }
}

/// Makes a just-made exception the store's pending one and releases the
/// root `wasmtime_exnref_new` returned (Wasmtime keeps its own root for the
/// pending exception): the trap that raises it.
func raisePending(taking exception: inout wasmtime_exnref_t, in context: StoreContext) -> HostTrap {
    let trap = unsafe wasmtime_context_set_exception(context.pointer, &exception)
    unsafe wasmtime_exnref_unroot(&exception)
    return unsafe HostTrap(trap.unsafelyUnwrapped)
}

/// Unroots an exception Wasmtime left pending in a store after a call.
func discardPendingException(in context: StoreContext) -> Bool {
    guard unsafe wasmtime_context_has_exception(context.pointer) else { return false }
    var exception = unsafe wasmtime_exnref_t()
    if unsafe wasmtime_context_take_exception(context.pointer, &exception) { unsafe wasmtime_exnref_unroot(&exception) }
    return true
}

/// The `externref` roots of one call's converted values (see
/// ``AnyStore/temporaryRoots``).
@safe @usableFromInline struct TemporaryRoots {
    @usableFromInline var roots: [wasmtime_externref_t] = unsafe []

    @inlinable init() {}

    @inlinable var isEmpty: Bool { unsafe roots.isEmpty }

    mutating func append(_ root: wasmtime_externref_t) {
        unsafe roots.append(root)
    }

    /// Unroots every root and empties the list, keeping its storage.
    mutating func releaseAll() {
        for index in unsafe roots.indices { unsafe wasmtime_externref_unroot(&roots[index]) }
        unsafe roots.removeAll(keepingCapacity: true)
    }
}

extension AnyStore {
    /// Releases the roots of a fully converted call; nearly free when none.
    @inlinable @inline(__always)
    final func releaseTemporaryRoots() {
        if unsafe _slowPath(!temporaryRoots.isEmpty) { releaseTemporaryRootsNow() }
    }

    @usableFromInline
    final func releaseTemporaryRootsNow() {
        // Taken out first: releasing a reference can run a Swift deinit,
        // which may start another call.
        var roots = TemporaryRoots()
        unsafe swap(&roots, &temporaryRoots)
        roots.releaseAll()
        if unsafe temporaryRoots.isEmpty { unsafe swap(&roots, &temporaryRoots) }
    }
}

extension ExternRef {
    /// Creates a rooted `wasmtime_externref_t` that owns a +1 reference to
    /// `self`, released by Wasmtime's finalizer when wasm drops it. The
    /// caller unroots it (directly or through ``TemporaryRoots``).
    func makeRooted(store: AnyStore) -> wasmtime_externref_t {
        var raw = unsafe wasmtime_externref_t()
        let box = unsafe Unmanaged.passRetained(self).toOpaque()
        if unsafe !wasmtime_externref_new(
            store.context.pointer, box, { unsafe Unmanaged<ExternRef>.fromOpaque($0!).release() }, &raw)
        {
            // Allocation failed inside Wasmtime (GC heap exhausted): the
            // finalizer will not run, so give the reference back.
            unsafe Unmanaged<ExternRef>.fromOpaque(box).release()
        }
        return unsafe raw
    }

    /// Converts and unroots a rooted `externref` the C API handed over.
    static func take(_ raw: inout wasmtime_externref_t, store: AnyStore) -> ExternRef? {
        guard unsafe raw.store_id != 0 else { return nil }
        defer { unsafe wasmtime_externref_unroot(&raw) }
        guard let data = unsafe wasmtime_externref_data(store.context.pointer, &raw) else { return .opaque }
        return unsafe Unmanaged<ExternRef>.fromOpaque(data).takeUnretainedValue()
    }

    /// Lends a freshly rooted `externref` to `body`, unrooting it afterwards.
    func withRooted<R, E: Error>(store: AnyStore, _ body: (wasmtime_externref_t) throws(E) -> R) throws(E) -> R {
        var root = unsafe makeRooted(store: store)
        defer { unsafe wasmtime_externref_unroot(&root) }
        return unsafe try body(root)
    }
}

// @unchecked: `value` is immutable; whether it is safe to share is the
// caller's business, exactly as with `Any` in a Sendable box.
extension ExternRef: @unchecked Sendable {}
