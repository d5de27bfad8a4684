import CWasmtime

/// A WebAssembly linear memory that lives in a store.
///
/// Loads and stores are bounds-checked and little-endian, like wasm's own.
/// For bulk work, ``withUnsafeMutableBytes(_:)`` lends the memory's bytes;
/// the buffer is valid only inside the closure, and only until the memory
/// grows, so do not call into wasm from it.
public struct Memory {
    let store: AnyStore
    let raw: wasmtime_memory_t

    init(store: AnyStore, raw: wasmtime_memory_t) {
        self.store = store
        self.raw = raw
    }

    /// Creates a memory of `type` in `store`.
    public init(store: AnyStore, type: MemoryType) throws(WasmtimeError) {
        let memorytype = try type.makeRaw()
        defer { wasm_memorytype_delete(memorytype) }
        var raw = wasmtime_memory_t()
        try CAPI.check(wasmtime_memory_new(store.context, memorytype, &raw), .resourceLimit)
        self.init(store: store, raw: raw)
    }

    /// The type the memory was created or declared with; ``pageCount`` is its current size.
    public var type: MemoryType {
        var raw = self.raw
        return MemoryType(taking: wasmtime_memory_type(store.context, &raw))
    }

    /// The current size in pages.
    public var pageCount: UInt64 {
        var raw = self.raw
        return wasmtime_memory_size(store.context, &raw)
    }

    /// The page size in bytes (64 KiB unless the module chose a custom page size).
    public var pageSize: UInt64 {
        var raw = self.raw
        return wasmtime_memory_page_size(store.context, &raw)
    }

    /// The current size in bytes.
    public var byteCount: Int {
        var raw = self.raw
        return wasmtime_memory_data_size(store.context, &raw)
    }

    /// Grows the memory by `delta` pages and returns the previous size in
    /// pages. Throws when the maximum or a store limit does not allow it.
    @discardableResult
    public func grow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        var raw = self.raw
        var previous: UInt64 = 0
        try CAPI.check(wasmtime_memory_grow(store.context, &raw, delta, &previous), .resourceLimit)
        return previous
    }

    /// Lends the memory's bytes to `body`.
    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        var raw = self.raw
        let data = wasmtime_memory_data(store.context, &raw)
        let count = wasmtime_memory_data_size(store.context, &raw)
        return try body(UnsafeMutableRawBufferPointer(start: data, count: count))
    }

    /// Lends `count` bytes at `offset` to `body`, after checking the range.
    @inline(__always)
    func withRange<R>(
        _ offset: UInt64, _ count: Int, _ body: (UnsafeMutableRawPointer) -> R
    ) throws(WasmtimeError) -> R {
        var raw = self.raw
        let size = wasmtime_memory_data_size(store.context, &raw)
        guard count >= 0, offset <= UInt64(size), UInt64(count) <= UInt64(size) - offset else {
            throw WasmtimeError(.outOfBounds,
                "memory access of \(count) byte(s) at offset \(offset) is out of bounds (size \(size))")
        }
        return body(wasmtime_memory_data(store.context, &raw)! + Int(offset))
    }

    /// Loads a little-endian integer at byte `offset`.
    public func load<T: FixedWidthInteger>(_ type: T.Type = T.self, at offset: UInt64) throws(WasmtimeError) -> T {
        try withRange(offset, MemoryLayout<T>.size) { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    /// Stores `value` little-endian at byte `offset`.
    public func store<T: FixedWidthInteger>(_ value: T, at offset: UInt64) throws(WasmtimeError) {
        try withRange(offset, MemoryLayout<T>.size) { $0.storeBytes(of: value.littleEndian, as: T.self) }
    }

    /// Loads an `f32` at byte `offset`, bit for bit.
    public func load(_ type: Float.Type, at offset: UInt64) throws(WasmtimeError) -> Float {
        Float(bitPattern: try load(UInt32.self, at: offset))
    }

    /// Loads an `f64` at byte `offset`, bit for bit.
    public func load(_ type: Double.Type, at offset: UInt64) throws(WasmtimeError) -> Double {
        Double(bitPattern: try load(UInt64.self, at: offset))
    }

    /// Stores an `f32` at byte `offset`, bit for bit.
    public func store(_ value: Float, at offset: UInt64) throws(WasmtimeError) {
        try store(value.bitPattern, at: offset)
    }

    /// Stores an `f64` at byte `offset`, bit for bit.
    public func store(_ value: Double, at offset: UInt64) throws(WasmtimeError) {
        try store(value.bitPattern, at: offset)
    }

    /// Copies `count` bytes starting at `offset` out of the memory.
    public func read(at offset: UInt64, count: Int) throws(WasmtimeError) -> [UInt8] {
        try withRange(offset, count) { source in
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { buffer.baseAddress!.initialize(from: source.assumingMemoryBound(to: UInt8.self), count: count) }
                initialized = count
            }
        }
    }

    /// Copies `count` bytes at `offset` into `destination`, which must hold at least `count` bytes.
    public func read(at offset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(WasmtimeError) {
        try withRange(offset, destination.count) { source in
            if destination.count > 0 { destination.baseAddress!.copyMemory(from: source, byteCount: destination.count) }
        }
    }

    /// Copies `bytes` into the memory at `offset`.
    public func write(_ bytes: some Collection<UInt8>, at offset: UInt64) throws(WasmtimeError) {
        let count = bytes.count
        try withRange(offset, count) { destination in
            let buffer = UnsafeMutableRawBufferPointer(start: destination, count: count)
            if bytes.withContiguousStorageIfAvailable({ buffer.copyMemory(from: UnsafeRawBufferPointer($0)) }) == nil {
                buffer.copyBytes(from: bytes)
            }
        }
    }

    /// Copies raw bytes into the memory at `offset`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(WasmtimeError) {
        try withRange(offset, bytes.count) { destination in
            if bytes.count > 0 { destination.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        }
    }

    /// Copies `count` bytes within the memory; the ranges may overlap.
    public func copy(from source: UInt64, to destination: UInt64, count: Int) throws(WasmtimeError) {
        let from = try withRange(source, count) { $0 }
        try withRange(destination, count) { $0.copyMemory(from: from, byteCount: count) }
    }

    /// Decodes `count` bytes at `offset` as UTF-8 (invalid sequences become U+FFFD).
    public func readString(at offset: UInt64, count: Int) throws(WasmtimeError) -> String {
        try withRange(offset, count) {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// Decodes the NUL-terminated UTF-8 string at `offset`.
    public func readCString(at offset: UInt64) throws(WasmtimeError) -> String {
        let length = try withUnsafeMutableBytes { (bytes) throws(WasmtimeError) -> Int in
            guard offset < UInt64(bytes.count) else {
                throw WasmtimeError(.outOfBounds, "string offset \(offset) is out of bounds (size \(bytes.count))")
            }
            guard let end = bytes[Int(offset)...].firstIndex(of: 0) else {
                throw WasmtimeError(.outOfBounds, "string at offset \(offset) has no NUL terminator")
            }
            return end - Int(offset)
        }
        return try readString(at: offset, count: length)
    }

    /// Writes `string` as UTF-8 (without a terminator) at `offset` and
    /// returns the number of bytes written.
    @discardableResult
    public func writeString(_ string: String, at offset: UInt64) throws(WasmtimeError) -> Int {
        let utf8 = string.utf8
        try write(utf8, at: offset)
        return utf8.count
    }
}

extension Memory: Equatable {
    /// Two `Memory` values are equal when they denote the same memory of the same store.
    public static func == (lhs: Memory, rhs: Memory) -> Bool {
        lhs.store === rhs.store && lhs.raw.store_id == rhs.raw.store_id
            && lhs.raw.__private1 == rhs.raw.__private1 && lhs.raw.__private2 == rhs.raw.__private2
    }
}

@available(*, unavailable, message: "memories belong to a single-threaded store")
extension Memory: Sendable {}
