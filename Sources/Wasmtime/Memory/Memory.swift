/// A WebAssembly linear memory that lives in a store.
///
/// Loads and stores are bounds-checked and little-endian, like wasm's own.
/// For bulk work, ``withUnsafeMutableBytes(_:)`` lends the memory's bytes;
/// the buffer is valid only inside the closure, and only until the memory
/// grows, so do not call into wasm from it.
public struct Memory {
    let store: AnyStore
    let raw: MemoryHandle

    init(store: AnyStore, raw: MemoryHandle) {
        self.store = store
        self.raw = raw
    }

    /// Creates a memory of `type` in `store`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when Wasmtime rejects `type` itself, and of kind
    ///   ``WasmtimeError/Kind/resourceLimit`` when it refuses to create the
    ///   memory (for example a store limit).
    public init(store: AnyStore, type: MemoryType) throws(WasmtimeError) {
        self.init(store: store, raw: try Self.create(store: store, type: type))
    }

    /// The type the memory was created or declared with; ``pageCount`` is its current size.
    public var type: MemoryType {
        loadType()
    }

    /// The current size in pages.
    public var pageCount: UInt64 {
        loadPageCount()
    }

    /// The page size in bytes (64 KiB unless the module chose a custom page size).
    public var pageSize: UInt64 {
        loadPageSize()
    }

    /// The current size in bytes.
    public var byteCount: Int {
        loadByteCount()
    }

    /// Grows the memory by `delta` pages and returns the previous size in
    /// pages.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/resourceLimit``
    ///   when the memory's maximum or a store limit does not allow the growth.
    @discardableResult
    public func grow(by delta: UInt64) throws(WasmtimeError) -> UInt64 {
        try rawGrow(by: delta)
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
