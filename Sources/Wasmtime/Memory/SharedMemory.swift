import CWasmtime

/// A linear memory shared between threads (the threads proposal).
///
/// Unlike ``Memory`` it belongs to the engine rather than a store, so it
/// can be imported by instances in many stores and used from any thread.
/// Requires ``Config/Features/threads`` (and ``Config/Features/sharedMemory``).
public final class SharedMemory: @unchecked Sendable {
    // @unchecked: wasmtime_sharedmemory_t is Send + Sync; accesses to its
    // bytes race like any shared memory and are the user's to order.
    let raw: OpaquePointer
    /// The engine the memory belongs to, when known (not for memories
    /// obtained from an instance's exports).
    let engine: Engine?

    init(taking raw: OpaquePointer, engine: Engine?) {
        self.raw = raw
        self.engine = engine
    }

    /// Creates a shared memory of `type`, which must be marked shared.
    public init(engine: Engine, type: MemoryType) throws(WasmtimeError) {
        guard type.isShared else {
            throw WasmtimeError(.typeMismatch, "a shared memory needs a memory type marked shared")
        }
        let memorytype = try type.makeRaw()
        defer { wasm_memorytype_delete(memorytype) }
        var raw: OpaquePointer?
        try CAPI.check(wasmtime_sharedmemory_new(engine.raw, memorytype, &raw), .configuration)
        self.raw = raw!
        self.engine = engine
    }

    deinit {
        wasmtime_sharedmemory_delete(raw)
    }

    /// The memory's type.
    public var type: MemoryType { MemoryType(taking: wasmtime_sharedmemory_type(raw)) }

    /// The current size in pages.
    public var pageCount: UInt64 { wasmtime_sharedmemory_size(raw) }

    /// The current size in bytes.
    public var byteCount: Int { wasmtime_sharedmemory_data_size(raw) }

    /// Grows the memory by `delta` pages and returns the previous size in pages.
    @discardableResult
    public func grow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        var previous: UInt64 = 0
        try CAPI.check(wasmtime_sharedmemory_grow(raw, delta, &previous), .resourceLimit)
        return previous
    }

    /// Lends the memory's bytes to `body`; other threads may change them concurrently.
    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: wasmtime_sharedmemory_data(raw), count: byteCount))
    }
}
