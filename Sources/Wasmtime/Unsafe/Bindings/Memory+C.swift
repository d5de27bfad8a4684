import CWasmtime

extension Memory {
    static func create(store: AnyStore, type: MemoryType) throws(WasmtimeError) -> wasmtime_memory_t {
        let memorytype = unsafe try type.makeRaw()
        defer { unsafe wasm_memorytype_delete(memorytype) }
        var raw = wasmtime_memory_t()
        unsafe try CAPI.check(wasmtime_memory_new(store.context.pointer, memorytype, &raw), .resourceLimit)
        return raw
    }

    func loadType() -> MemoryType {
        var raw = self.raw
        return unsafe MemoryType(taking: wasmtime_memory_type(store.context.pointer, &raw))
    }

    func loadPageCount() -> UInt64 {
        var raw = self.raw
        return unsafe wasmtime_memory_size(store.context.pointer, &raw)
    }

    func loadPageSize() -> UInt64 {
        var raw = self.raw
        return unsafe wasmtime_memory_page_size(store.context.pointer, &raw)
    }

    func loadByteCount() -> Int {
        var raw = self.raw
        return unsafe wasmtime_memory_data_size(store.context.pointer, &raw)
    }

    func rawGrow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        var raw = self.raw
        var previous: UInt64 = 0
        unsafe try CAPI.check(wasmtime_memory_grow(store.context.pointer, &raw, delta, &previous), .resourceLimit)
        return previous
    }
}

// The accessors of linear memory: the only code that reads or writes a
// memory's bytes. Each access is checked against the current size first;
// `withUnsafeMutableBytes` and the pointer-taking `read`/`write` hand raw
// pointers across the API and are unsafe.

extension Memory {
    /// Lends the memory's bytes to `body`.
    ///
    /// Unsafe: the buffer is a raw view of the memory, valid only inside
    /// `body` and only until the memory grows (which can move it), so do not
    /// call into wasm inside `body` and do not let the pointer escape.
    /// Prefer the bounds-checked accessors (`load`, `store`, ``read(at:count:)``,
    /// `write`).
    ///
    /// - Throws: Only what `body` throws.
    @unsafe public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        var raw = self.raw
        let data = unsafe wasmtime_memory_data(store.context.pointer, &raw)
        let count = unsafe wasmtime_memory_data_size(store.context.pointer, &raw)
        return unsafe try body(UnsafeMutableRawBufferPointer(start: data, count: count))
    }

    /// Lends `count` bytes at `offset` to `body`, after checking the range.
    @inline(__always)
    func withRange<R>(
        _ offset: UInt64, _ count: Int, _ body: (UnsafeMutableRawPointer) -> R
    ) throws(WasmtimeError) -> R {
        var raw = self.raw
        let size = unsafe wasmtime_memory_data_size(store.context.pointer, &raw)
        guard count >= 0, offset <= UInt64(size), UInt64(count) <= UInt64(size) - offset else {
            throw WasmtimeError(
                .outOfBounds,
                "memory access of \(count) byte(s) at offset \(offset) is out of bounds (size \(size))")
        }
        return unsafe body(wasmtime_memory_data(store.context.pointer, &raw)! + Int(offset))
    }

    /// Loads a little-endian integer at byte `offset`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the integer's bytes at `offset` are not inside the memory.
    public func load<T: FixedWidthInteger>(_ type: T.Type = T.self, at offset: UInt64) throws(WasmtimeError) -> T {
        unsafe try withRange(offset, MemoryLayout<T>.size) { unsafe T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    /// Stores `value` little-endian at byte `offset`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the integer's bytes at `offset` are not inside the memory.
    public func store<T: FixedWidthInteger>(_ value: T, at offset: UInt64) throws(WasmtimeError) {
        unsafe try withRange(offset, MemoryLayout<T>.size) { unsafe $0.storeBytes(of: value.littleEndian, as: T.self) }
    }

    /// Loads an `f32` at byte `offset`, bit for bit.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when its 4 bytes at `offset` are not inside the memory.
    public func load(_ type: Float.Type, at offset: UInt64) throws(WasmtimeError) -> Float {
        Float(bitPattern: try load(UInt32.self, at: offset))
    }

    /// Loads an `f64` at byte `offset`, bit for bit.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when its 8 bytes at `offset` are not inside the memory.
    public func load(_ type: Double.Type, at offset: UInt64) throws(WasmtimeError) -> Double {
        Double(bitPattern: try load(UInt64.self, at: offset))
    }

    /// Stores an `f32` at byte `offset`, bit for bit.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when its 4 bytes at `offset` are not inside the memory.
    public func store(_ value: Float, at offset: UInt64) throws(WasmtimeError) {
        try store(value.bitPattern, at: offset)
    }

    /// Stores an `f64` at byte `offset`, bit for bit.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when its 8 bytes at `offset` are not inside the memory.
    public func store(_ value: Double, at offset: UInt64) throws(WasmtimeError) {
        try store(value.bitPattern, at: offset)
    }

    /// Copies `count` bytes starting at `offset` out of the memory.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `count` is negative or the range is not inside the memory.
    public func read(at offset: UInt64, count: Int) throws(WasmtimeError) -> [UInt8] {
        unsafe try withRange(offset, count) { source in
            unsafe [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 {
                    unsafe buffer.baseAddress!.initialize(
                        from: source.assumingMemoryBound(to: UInt8.self), count: count)
                }
                initialized = count
            }
        }
    }

    /// Copies `destination.count` bytes at `offset` into `destination`.
    ///
    /// Unsafe: `destination` must be valid for writes of its whole count.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the range is not inside the memory.
    @unsafe public func read(at offset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(WasmtimeError) {
        unsafe try withRange(offset, destination.count) { source in
            if destination.count > 0 {
                unsafe destination.baseAddress!.copyMemory(from: source, byteCount: destination.count)
            }
        }
    }

    /// Copies `bytes` into the memory at `offset`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the range is not inside the memory.
    public func write(_ bytes: some Collection<UInt8>, at offset: UInt64) throws(WasmtimeError) {
        let count = bytes.count
        unsafe try withRange(offset, count) { destination in
            let buffer = unsafe UnsafeMutableRawBufferPointer(start: destination, count: count)
            if bytes.withContiguousStorageIfAvailable({ unsafe buffer.copyMemory(from: UnsafeRawBufferPointer($0)) })
                == nil
            {
                unsafe buffer.copyBytes(from: bytes)
            }
        }
    }

    /// Copies raw bytes into the memory at `offset`.
    ///
    /// Unsafe: `bytes` must be valid for reads of its whole count.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the range is not inside the memory.
    @unsafe public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(WasmtimeError) {
        unsafe try withRange(offset, bytes.count) { destination in
            if bytes.count > 0 { unsafe destination.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        }
    }

    /// Copies `count` bytes within the memory; the ranges may overlap.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `count` is negative or either range is not inside the memory.
    public func copy(from source: UInt64, to destination: UInt64, count: Int) throws(WasmtimeError) {
        let from = unsafe try withRange(source, count) { unsafe $0 }
        unsafe try withRange(destination, count) { unsafe $0.copyMemory(from: from, byteCount: count) }
    }

    /// Decodes `count` bytes at `offset` as UTF-8 (invalid sequences become U+FFFD).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `count` is negative or the range is not inside the memory.
    public func readString(at offset: UInt64, count: Int) throws(WasmtimeError) -> String {
        unsafe try withRange(offset, count) {
            unsafe String(decoding: UnsafeRawBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// Decodes the NUL-terminated UTF-8 string at `offset`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `offset` is not inside the memory or no NUL byte follows it.
    public func readCString(at offset: UInt64) throws(WasmtimeError) -> String {
        let length = unsafe try withUnsafeMutableBytes { (bytes) throws(WasmtimeError) -> Int in
            guard offset < UInt64(bytes.count) else {
                throw WasmtimeError(.outOfBounds, "string offset \(offset) is out of bounds (size \(bytes.count))")
            }
            guard let end = unsafe bytes[Int(offset)...].firstIndex(of: 0) else {
                throw WasmtimeError(.outOfBounds, "string at offset \(offset) has no NUL terminator")
            }
            return end - Int(offset)
        }
        return try readString(at: offset, count: length)
    }

    /// Writes `string` as UTF-8 (without a terminator) at `offset` and
    /// returns the number of bytes written.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when the string's bytes at `offset` are not inside the memory.
    @discardableResult
    public func writeString(_ string: String, at offset: UInt64) throws(WasmtimeError) -> Int {
        let utf8 = string.utf8
        try write(utf8, at: offset)
        return utf8.count
    }
}
