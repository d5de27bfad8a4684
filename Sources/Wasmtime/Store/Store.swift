import CWasmtime

/// The part of a store that does not depend on its data type.
///
/// Every object that lives in a store (functions, globals, tables, memories,
/// instances, references) keeps a strong reference to it, so the store's
/// memory is never freed while any of them can still be used. Objects check
/// that they belong to the store they are used with before calling Wasmtime,
/// because Wasmtime aborts the process on a mismatch.
///
/// A store is confined to one thread at a time; it is not `Sendable`.
public class AnyStore {
    let raw: OpaquePointer
    /// The `wasmtime_context_t` of `raw`; stable for the store's lifetime.
    @usableFromInline let context: OpaquePointer
    /// The engine the store was created with.
    public let engine: Engine
    /// The Swift error thrown by a host function, waiting to be rethrown by
    /// the call into wasm that it unwound through.
    var pendingError: (any Error)?
    /// Whether a WASI context was set (WASI calls abort without one).
    var hasWASI = false
    /// Deadline and cancellation state, once a scope has used them.
    var interruption: InterruptionState?

    init(engine: Engine) {
        self.engine = engine
        raw = wasmtime_store_new(engine.raw, nil, nil)
        context = wasmtime_store_context(raw)
        wasmtime_context_set_data(context, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        wasmtime_store_delete(raw)
    }

    /// Wasmtime's id for this store, as carried by every handle into it.
    /// Wasmtime has no getter for it, so it is read off a tiny constant
    /// global created the first time it is needed.
    lazy var id: UInt64 = {
        let type = wasm_globaltype_new(wasm_valtype_new(wasm_valkind_t(WASM_I32)), wasm_mutability_t(WASM_CONST))
        defer { wasm_globaltype_delete(type) }
        var value = wasmtime_val_t()
        value.kind = wasmtime_valkind_t(WASMTIME_I32)
        var global = wasmtime_global_t()
        if let error = wasmtime_global_new(context, type, &value, &global) {
            wasmtime_error_delete(error)
            return 0
        }
        return global.store_id
    }()

    /// Throws unless a handle Wasmtime returned carries this store's id:
    /// a linker can hold items of other stores.
    func checkOwns(storeID: UInt64, _ what: @autoclosure () -> String) throws(WasmtimeError) {
        guard storeID == id else {
            throw WasmtimeError(.storeMismatch, "\(what()) belongs to a different store")
        }
    }

    /// Lends the store to `body` without a retain/release pair: on call
    /// paths the caller already keeps it alive.
    @inlinable @inline(__always)
    final func withGuaranteedReference<R>(_ body: (AnyStore) throws -> R) rethrows -> R {
        try Unmanaged.passUnretained(self)._withUnsafeGuaranteedRef(body)
    }

    /// The store behind a host call's caller.
    @inlinable @inline(__always)
    static func of(caller: OpaquePointer) -> AnyStore {
        from(context: wasmtime_caller_context(caller))
    }

    /// Looks up the Swift store behind a `wasmtime_context_t` of this package.
    @inlinable @inline(__always)
    static func from(context: OpaquePointer) -> AnyStore {
        Unmanaged<AnyStore>.fromOpaque(wasmtime_context_get_data(context)!).takeUnretainedValue()
    }

    /// Throws unless `other` is this store: Wasmtime aborts when an object
    /// is used with a store it does not belong to.
    @inline(__always)
    func checkOwns(_ other: AnyStore, _ what: @autoclosure () -> String) throws(WasmtimeError) {
        guard other === self else {
            throw WasmtimeError(.storeMismatch, "\(what()) belongs to a different store")
        }
    }

    /// Remaining fuel. Setting it requires ``Config/consumeFuel``; reading
    /// without fuel enabled throws.
    public func fuel() throws(WasmtimeError) -> UInt64 {
        var fuel: UInt64 = 0
        try CAPI.check(wasmtime_context_get_fuel(context, &fuel), .configuration)
        return fuel
    }

    /// Sets the remaining fuel; throws if fuel consumption is not enabled.
    public func setFuel(_ fuel: UInt64) throws(WasmtimeError) {
        try CAPI.check(wasmtime_context_set_fuel(context, fuel), .configuration)
    }

    /// Sets the deadline to the current epoch plus `ticks`; code running
    /// when the engine's epoch passes it traps with ``TrapCode/interrupt``.
    /// Requires ``Config/epochInterruption``.
    public func setEpochDeadline(_ ticks: UInt64) {
        wasmtime_context_set_epoch_deadline(context, ticks)
    }

    /// Limits what the store's guests may allocate.
    public func setLimits(_ limits: StoreLimits) {
        func value<T: BinaryInteger>(_ limit: T?) -> Int64 { limit.map { Int64(clamping: $0) } ?? -1 }
        wasmtime_store_limiter(raw, value(limits.memorySize), value(limits.tableElements),
                               value(limits.instances), value(limits.tables), value(limits.memories))
    }

    /// Runs a garbage collection of the store's GC heap, releasing
    /// `externref` values that wasm no longer references.
    public func collectGarbage() throws(WasmtimeError) {
        try CAPI.check(wasmtime_context_gc(context), .runtime)
    }

    /// Signatures of the store's functions, by their handle. Functions are
    /// never freed before their store, so entries never go stale; untyped
    /// calls check arguments against these instead of asking Wasmtime (which
    /// allocates a new `wasm_functype_t`) on every call.
    private var signatures: [UnsafeMutableRawPointer?: CallSignature] = [:]

    /// The most recent lookup: repeated untyped calls of one function skip hashing.
    private var lastSignature: (key: UnsafeMutableRawPointer?, signature: Unmanaged<CallSignature>)?

    func signature(of function: wasmtime_func_t) -> FuncType {
        withSignature(of: function) { $0.type }
    }

    /// Lends the cached signature of `function` to `body` without reference
    /// counting: the cache keeps it alive as long as the store.
    @inline(__always)
    func withSignature<R>(of function: wasmtime_func_t, _ body: (CallSignature) throws -> R) rethrows -> R {
        if let last = lastSignature, last.key == function.__private {
            return try last.signature._withUnsafeGuaranteedRef(body)
        }
        let signature = signatures[function.__private] ?? {
            var raw = function
            let created = CallSignature(FuncType(taking: wasmtime_func_type(context, &raw)))
            signatures[function.__private] = created
            return created
        }()
        lastSignature = (function.__private, Unmanaged.passUnretained(signature))
        return try body(signature)
    }

    /// Roots of the `externref`s converted to raw values for one call (its
    /// arguments, or a host function's results). A raw `externref` is not
    /// rooted, and making the next one can collect garbage, so every root is
    /// kept until all values of the call are converted; released right
    /// before control passes to wasm, with no allocation in between.
    /// Unchecked exclusivity: the store is confined to one thread, and the
    /// only accesses are appends and the swap below, which never overlap;
    /// dynamic enforcement would cost more than the typed call it guards.
    @exclusivity(unchecked) @usableFromInline final var temporaryRoots: [wasmtime_externref_t] = []

    /// Releases the roots of a fully converted call; nearly free when none.
    @inlinable @inline(__always)
    final func releaseTemporaryRoots() {
        if _slowPath(!temporaryRoots.isEmpty) { releaseTemporaryRootsNow() }
    }

    @usableFromInline
    final func releaseTemporaryRootsNow() {
        // Taken out first: releasing a reference can run a Swift deinit,
        // which may start another call.
        var roots: [wasmtime_externref_t] = []
        swap(&roots, &temporaryRoots)
        for index in roots.indices { wasmtime_externref_unroot(&roots[index]) }
        roots.removeAll(keepingCapacity: true)
        if temporaryRoots.isEmpty { swap(&roots, &temporaryRoots) }
    }

    /// Takes the Swift error a host function left behind, if any.
    @inline(__always)
    func takePendingError() -> (any Error)? {
        guard let error = pendingError else { return nil }
        pendingError = nil
        return error
    }
}

@available(*, unavailable, message: "a store must only be used from one thread at a time")
extension AnyStore: Sendable {}

/// A store: the unit of isolation that owns every instance, function, global,
/// table and memory created in it, plus a value of your own (`data`) that
/// host functions can reach through ``Caller``.
///
/// ```swift
/// let store = Store(engine: engine, data: Counter())
/// store.data.count += 1
/// ```
public final class Store<Data>: AnyStore {
    /// Your value, reachable from host functions through ``Caller/data(as:)``.
    public var data: Data

    /// Creates a store holding `data`.
    public init(engine: Engine, data: Data) {
        self.data = data
        super.init(engine: engine)
    }
}

extension Store where Data == Void {
    /// Creates a store without user data.
    public convenience init(engine: Engine) {
        self.init(engine: engine, data: ())
    }
}

/// Upper bounds on what a store's guests may allocate; `nil` keeps Wasmtime's default.
public struct StoreLimits: Sendable, Hashable {
    /// Maximum size of any one linear memory, in bytes.
    public var memorySize: Int?
    /// Maximum number of elements in any one table.
    public var tableElements: Int?
    /// Maximum number of instances in the store.
    public var instances: Int?
    /// Maximum number of tables in the store.
    public var tables: Int?
    /// Maximum number of linear memories in the store.
    public var memories: Int?

    /// Creates limits.
    public init(memorySize: Int? = nil, tableElements: Int? = nil, instances: Int? = nil,
                tables: Int? = nil, memories: Int? = nil) {
        self.memorySize = memorySize
        self.tableElements = tableElements
        self.instances = instances
        self.tables = tables
        self.memories = memories
    }
}
