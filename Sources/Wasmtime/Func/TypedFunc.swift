/// A function whose signature was checked once, called with Swift values.
///
/// `Parameters` and `Results` are tuples of ``WasmValue`` types (`Void` for
/// none, a single type for one). Calls go through Wasmtime's unchecked fast
/// path with arguments and results in a stack buffer, so a call allocates
/// nothing on the heap.
///
/// ```swift
/// let gcd = try instance.function("gcd", (Int32, Int32).self, Int32.self)
/// print(try gcd(6, 27))   // 3
/// ```
///
/// Bind the typed function to a constant before calling it, and spell
/// arguments with their type (`Int32.max`, not `.max`): the call is generic
/// over its argument types, so Swift infers them from the arguments first.
/// Calling straight off the lookup (`try instance.function("f", Int32.self, Int32.self)(5)`) does
/// not type-check for the same reason.
public struct TypedFunc<Parameters, Results> {
    /// The underlying function.
    public let function: Func
    /// max(parameter count, result count, 1): the raw buffer's length.
    let slotCount: Int

    /// Calls the function.
    ///
    /// - Throws: ``Trap`` when wasm traps, ``WasmException`` for a wasm
    ///   exception nothing caught, ``WASIExit`` when a WASI guest exits, the
    ///   very error a host function threw, and ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/storeMismatch`` for a reference argument of
    ///   another store or ``WasmtimeError/Kind/runtime`` for other failures
    ///   (for example a store that takes only async calls).
    @_disfavoredOverload @inline(__always)
    public func callAsFunction<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        try call(repeat each arguments)
    }

    /// Calls the function; the same as calling the value directly.
    ///
    /// - Throws: The same errors as calling the value directly.
    @_disfavoredOverload @inline(__always)
    public func call<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P
    ) throws -> Results where Parameters == (repeat each P), Results == (repeat each R) {
        let store = function.store
        return try RawSlots.withTemporary(count: slotCount) { slots in
            var index = 0
            for argument in repeat each arguments {
                try slots.store(argument, at: index, store: store)
                index += 1
            }
            try function.callUnchecked(slots, store: store)
            var cursor = RawSlotCursor(slots)
            return (repeat cursor.next((each R).self, store: store))
        }
    }
}

@available(*, unavailable, message: "functions belong to a single-threaded store")
extension TypedFunc: Sendable {}
