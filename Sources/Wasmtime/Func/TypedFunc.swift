import CWasmtime

/// A function whose signature was checked once, called with Swift values.
///
/// `Parameters` and `Results` are tuples of ``WasmValue`` types (`Void` for
/// none, a single type for one). Calls go through Wasmtime's unchecked fast
/// path with arguments and results in a stack buffer, so a call allocates
/// nothing on the heap.
///
/// ```swift
/// let gcd = try instance.typedFunc("gcd", (Int32, Int32).self, Int32.self)
/// print(try gcd(6, 27))   // 3
/// ```
///
/// Bind the typed function to a constant before calling it, and spell
/// arguments with their type (`Int32.max`, not `.max`): the call is generic
/// over its argument types, so Swift infers them from the arguments first.
/// Calling straight off the lookup (`try instance.typedFunc(...)(5)`) does
/// not type-check for the same reason.
public struct TypedFunc<Parameters, Results> {
    /// The underlying function.
    public let function: Func
    /// max(parameter count, result count, 1): the raw buffer's length.
    let slotCount: Int

    init(function: Func, slotCount: Int) {
        self.function = function
        self.slotCount = slotCount
    }

    /// Calls the function.
    ///
    /// Throws ``Trap`` when wasm traps, ``WasmtimeError`` for errors such as
    /// a reference from another store, and the very error a host function
    /// threw when one did.
    @_disfavoredOverload @inline(__always)
    public func callAsFunction<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        try call(repeat each arguments)
    }

    /// Calls the function; the same as calling the value directly.
    @_disfavoredOverload @inline(__always)
    public func call<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        let store = function.store
        var raw = function.raw
        return try withUnsafeTemporaryAllocation(of: wasmtime_val_raw_t.self, capacity: slotCount) { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            base.initializeMemory(as: UInt8.self, repeating: 0, count: slotCount &* MemoryLayout<wasmtime_val_raw_t>.stride)
            var slot = base
            for argument in repeat each arguments {
                try argument._store(to: slot, store: store)
                slot += MemoryLayout<wasmtime_val_raw_t>.stride
            }
            store.releaseTemporaryRoots()
            var trap: OpaquePointer?
            let error = wasmtime_func_call_unchecked(store.context, &raw, buffer.baseAddress, slotCount, &trap)
            if _slowPath(error != nil || trap != nil) {
                throw store.callFailure(error: error, trap: trap)
            }
            var cursor = RawSlotCursor(base)
            return (repeat cursor.next((each R).self, store: store))
        }
    }
}

@available(*, unavailable, message: "functions belong to a single-threaded store")
extension TypedFunc: Sendable {}

/// Reads consecutive raw slots; used inside pack expansions.
struct RawSlotCursor {
    var slot: UnsafeMutableRawPointer

    @inline(__always)
    init(_ base: UnsafeMutableRawPointer) {
        slot = base
    }

    @inline(__always)
    mutating func next<T: WasmValue>(_ type: T.Type, store: AnyStore) -> T {
        defer { slot += MemoryLayout<wasmtime_val_raw_t>.stride }
        return T._load(from: slot, store: store)
    }
}
