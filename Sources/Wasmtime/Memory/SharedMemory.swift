/// A linear memory shared between threads (the threads proposal).
///
/// Unlike ``Memory`` it belongs to the engine rather than a store, so it
/// can be imported by instances in many stores and used from any thread.
/// Requires ``Config/Features/threads`` (and ``Config/Features/sharedMemory``).
public final class SharedMemory: Sendable {
    // Sendable: wasmtime_sharedmemory_t is Send + Sync; accesses to its
    // bytes race like any shared memory and are the user's to order.
    let handle: SharedMemoryHandle
    /// The engine the memory belongs to, when known (not for memories
    /// obtained from an instance's exports).
    let engine: Engine?

    init(handle: consuming SharedMemoryHandle, engine: Engine?) {
        self.handle = handle
        self.engine = engine
    }

    /// Creates a shared memory of `type`, which must be marked shared.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   when `type` is not marked shared, and of kind
    ///   ``WasmtimeError/Kind/configuration`` when Wasmtime refuses it (for
    ///   example without ``Config/Features/sharedMemory``).
    public init(engine: Engine, type: MemoryType) throws(WasmtimeError) {
        guard type.isShared else {
            throw WasmtimeError(.typeMismatch, "a shared memory needs a memory type marked shared")
        }
        handle = try SharedMemoryHandle(engine: engine.handle, type: type)
        self.engine = engine
    }

    /// The memory's type.
    public var type: MemoryType { handle.type }

    /// The current size in pages.
    public var pageCount: UInt64 { handle.pageCount }

    /// The current size in bytes.
    public var byteCount: Int { handle.byteCount }

    /// Grows the memory by `delta` pages and returns the previous size in pages.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/resourceLimit``
    ///   when the memory's maximum does not allow the growth.
    @discardableResult
    public func grow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        try handle.grow(by: delta)
    }
}
