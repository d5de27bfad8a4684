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
    /// Owns the `wasmtime_store_t`; freed with this object.
    let owner: StoreHandle
    /// The store's context; stable for the store's lifetime.
    @usableFromInline let context: StoreContext
    /// The engine the store was created with.
    public let engine: Engine
    /// Whether a WASI context was set (WASI calls abort without one).
    var hasWASI = false
    /// State most stores never use (see ``StoreSideState``), created on
    /// first use: a store without it has one pointer to initialise and to
    /// test when dropped, instead of a field each.
    private var lazySide = LazyReference<StoreSideState>()

    private var side: StoreSideState? { lazySide.object }

    private var sideState: StoreSideState {
        lazySide.object(orMake: StoreSideState.init)
    }

    /// The Swift error thrown by a host function, waiting to be rethrown by
    /// the call into wasm that it unwound through.
    var pendingError: (any Error)? {
        get { side?.pendingError }
        set { if newValue != nil || side != nil { sideState.pendingError = newValue } }
    }
    /// Deadline and cancellation state, once a scope has used them.
    var interruption: InterruptionState? {
        get { side?.interruption }
        set { if newValue != nil || side != nil { sideState.interruption = newValue } }
    }
    /// Allocators of the GC struct and array types used in this store, by type.
    var gcAllocators: [ObjectIdentifier: GCAllocator] {
        get { side?.gcAllocators ?? [:] }
        _modify { yield &sideState.gcAllocators }
    }
    /// The Swift objects behind the store's host resources, once it made one.
    var hostResources: HostResourceTable? {
        get { side?.hostResources }
        set { if newValue != nil || side != nil { sideState.hostResources = newValue } }
    }
    /// Owned component resource handles released since the store was last
    /// entered, once it had one (Unsafe/Component/Values/ReleasedResources.swift).
    var releasedResources: ReleasedResources? {
        get { side?.releasedResources }
        set { if newValue != nil || side != nil { sideState.releasedResources = newValue } }
    }
    /// The state of async calls (one in flight at a time), once one ran.
    var asyncCallState: AsyncCallState? {
        get { side?.asyncCallState }
        set { if newValue != nil || side != nil { sideState.asyncCallState = newValue } }
    }
    /// Whether synchronous calls must not enter the store: its async call
    /// is suspended between polls, or it has async host functions or
    /// yields (checked inline by typed calls).
    /// Unchecked exclusivity: the store is confined to one thread and every
    /// access (in Unsafe/Calls and Unsafe/Async) is a plain read or write of
    /// a `Bool`; dynamic enforcement cost every typed call about 5 ns.
    @exclusivity(unchecked) @usableFromInline final var refusesSynchronousCalls = false

    /// Inlined into ``Store/init(engine:data:)`` and taking `engine` as
    /// consumed: out of line, the optimizer borrowed it instead, which cost
    /// every store an extra atomic retain and release of the engine.
    @inline(__always)
    init(engine: consuming Engine) {
        owner = StoreHandle(engine: engine.handle)
        context = owner.context
        self.engine = engine
        context.attach(self)
    }

    /// Wasmtime's id for this store, as carried by every handle into it.
    lazy var id: UInt64 = context.probeStoreID()

    /// Throws unless a handle Wasmtime returned carries this store's id:
    /// a linker can hold items of other stores.
    func checkOwns(storeID: UInt64, _ what: @autoclosure () -> String) throws(WasmtimeError) {
        guard storeID == id else {
            throw WasmtimeError(.storeMismatch, "\(what()) belongs to a different store")
        }
    }

    /// Throws unless `other` is this store: Wasmtime aborts when an object
    /// is used with a store it does not belong to.
    @inline(__always)
    func checkOwns(_ other: AnyStore, _ what: @autoclosure () -> String) throws(WasmtimeError) {
        guard other === self else {
            throw WasmtimeError(.storeMismatch, "\(what()) belongs to a different store")
        }
    }

    /// Remaining fuel; a store starts with none. Requires ``Config/consumeFuel``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine was created without ``Config/consumeFuel``.
    public func fuel() throws(WasmtimeError) -> UInt64 {
        try context.fuel()
    }

    /// Sets the remaining fuel; running out traps with ``TrapCode/outOfFuel``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine was created without ``Config/consumeFuel``.
    public func setFuel(_ fuel: UInt64) throws(WasmtimeError) {
        try context.setFuel(fuel)
    }

    /// Sets the deadline to the current epoch plus `ticks`; code running
    /// when the engine's epoch passes it traps with ``TrapCode/interrupt``.
    /// Requires ``Config/epochInterruption``.
    public func setEpochDeadline(_ ticks: UInt64) {
        context.setEpochDeadline(ticks)
    }

    /// Limits what the store's guests may allocate.
    public func setLimits(_ limits: StoreLimits) {
        func value<T: BinaryInteger>(_ limit: T?) -> Int64 { limit.map { Int64(clamping: $0) } ?? -1 }
        owner.setLimits(
            memorySize: value(limits.memorySize), tableElements: value(limits.tableElements),
            instances: value(limits.instances), tables: value(limits.tables),
            memories: value(limits.memories))
    }

    /// Runs a garbage collection of the store's GC heap, releasing
    /// `externref` values that wasm no longer references.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when Wasmtime's collector fails.
    public func collectGarbage() throws(WasmtimeError) {
        try context.collectGarbage()
    }

    /// Signatures of the store's functions, by their handle. Functions are
    /// never freed before their store, so entries never go stale; untyped
    /// calls check arguments against these instead of asking Wasmtime (which
    /// allocates a new `wasm_functype_t`) on every call.
    var signatures: [FuncHandle: CallSignature] {
        get { side?.signatures ?? [:] }
        _modify { yield &sideState.signatures }
    }

    /// The most recent lookup: repeated untyped calls of one function skip hashing.
    var lastSignature: (key: FuncHandle, signature: BorrowedSignature)?

    func signature(of function: FuncHandle) -> FuncType {
        withSignature(of: function) { $0.type }
    }

    /// Roots of the `externref`s converted to raw values for one call (its
    /// arguments, or a host function's results). A raw `externref` is not
    /// rooted, and making the next one can collect garbage, so every root is
    /// kept until all values of the call are converted; released right
    /// before control passes to wasm, with no allocation in between.
    /// Unchecked exclusivity: the store is confined to one thread, and the
    /// only accesses (all in Unsafe/GCRoots.swift) are appends and the swap
    /// in `releaseTemporaryRootsNow`, which never overlap; dynamic enforcement
    /// would cost more than the typed call it guards.
    @exclusivity(unchecked) @usableFromInline final var temporaryRoots = TemporaryRoots()

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

/// The parts of a store's state that only some stores use (host errors in
/// flight, deadlines, GC allocators, async calls, untyped-call signatures,
/// host resources).
/// Kept out of ``AnyStore`` because creating and dropping a store is on the
/// hot path of one-store-per-request embeddings: every stored property of a
/// class costs an initialisation and a release, used or not.
private final class StoreSideState {
    var pendingError: (any Error)?
    var interruption: InterruptionState?
    var gcAllocators: [ObjectIdentifier: GCAllocator] = Dictionary()
    var asyncCallState: AsyncCallState?
    var signatures: [FuncHandle: CallSignature] = Dictionary()
    var hostResources: HostResourceTable?
    var releasedResources: ReleasedResources?
}

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
    public init(
        memorySize: Int? = nil, tableElements: Int? = nil, instances: Int? = nil,
        tables: Int? = nil, memories: Int? = nil
    ) {
        self.memorySize = memorySize
        self.tableElements = tableElements
        self.instances = instances
        self.tables = tables
        self.memories = memories
    }
}
