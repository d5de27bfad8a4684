import CWasmtime

extension SharedMemoryHandle {
    init(engine: borrowing EngineHandle, type: MemoryType) throws(WasmtimeError) {
        let memorytype = unsafe try type.makeRaw()
        defer { unsafe wasm_memorytype_delete(memorytype) }
        var raw: OpaquePointer?
        unsafe try CAPI.check(wasmtime_sharedmemory_new(engine.pointer, memorytype, &raw), .configuration)
        unsafe self.init(taking: raw!)
    }

    var type: MemoryType { unsafe MemoryType(taking: wasmtime_sharedmemory_type(pointer)) }
    var pageCount: UInt64 { unsafe wasmtime_sharedmemory_size(pointer) }
    var byteCount: Int { unsafe wasmtime_sharedmemory_data_size(pointer) }

    func grow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        var previous: UInt64 = 0
        unsafe try CAPI.check(wasmtime_sharedmemory_grow(pointer, delta, &previous), .resourceLimit)
        return previous
    }
}

extension SharedMemory {
    /// Lends the memory's bytes to `body`; other threads may change them concurrently.
    ///
    /// Unsafe: the buffer is valid only inside `body`, and accesses race
    /// with other threads' unless you order them.
    ///
    /// - Throws: Only what `body` throws.
    @unsafe public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        unsafe try body(
            UnsafeMutableRawBufferPointer(start: wasmtime_sharedmemory_data(handle.pointer), count: byteCount))
    }
}
