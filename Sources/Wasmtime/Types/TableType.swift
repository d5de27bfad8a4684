import CWasmtime

/// The type of a table: its element type and size limits, in elements.
///
/// Wasmtime 50's C API describes table limits with 32-bit numbers only
/// (`wasm_tabletype_limits`) and has no way to tell a 64-bit table from a
/// 32-bit one, so a table64's limits above `UInt32.max` cannot be created
/// through it, and reading them makes Wasmtime abort the process: do not
/// ask for the imports, exports or table types of modules declaring such
/// tables. ``minimum`` and ``maximum`` are `UInt64` so the Swift API does
/// not change when the C API grows.
public struct TableType: Hashable, Sendable, CustomStringConvertible {
    /// The type of the table's elements.
    public var element: RefType
    /// Initial number of elements.
    public var minimum: UInt64
    /// Maximum number of elements, if bounded.
    public var maximum: UInt64?
    /// Whether the table is indexed with 64-bit numbers (memory64 proposal).
    /// Known for the imports and exports of modules compiled from bytes;
    /// Wasmtime's C API cannot report it for tables of a store.
    public var is64: Bool

    /// Creates a table type.
    public init(element: RefType, minimum: UInt64, maximum: UInt64? = nil, is64: Bool = false) {
        self.element = element
        self.minimum = minimum
        self.maximum = maximum
        self.is64 = is64
    }

    public var description: String {
        "table \(is64 ? "i64 " : "")\(minimum)\(maximum.map { " \($0)" } ?? "") \(element)"
    }
}

extension TableType {
    /// Reads the type, taking limits and index width from `scanned` when the
    /// module's bytes were scanned: asking the C API aborts for large table64 limits.
    init(borrowing raw: OpaquePointer, scanned: TableScan.ScannedTable?) {
        guard let scanned else {
            self.init(borrowing: raw)
            return
        }
        guard case .ref(let element) = ValueType(borrowing: wasm_tabletype_element(raw)) else {
            preconditionFailure("Wasmtime reported a table whose elements are not references")
        }
        self.init(element: element, minimum: scanned.minimum, maximum: scanned.maximum, is64: scanned.is64)
    }

    init(borrowing raw: OpaquePointer) {
        guard case .ref(let element) = ValueType(borrowing: wasm_tabletype_element(raw)) else {
            preconditionFailure("Wasmtime reported a table whose elements are not references")
        }
        let limits = wasm_tabletype_limits(raw)!.pointee
        self.init(element: element, minimum: UInt64(limits.min),
                  maximum: limits.max == UInt32.max ? nil : UInt64(limits.max))
    }

    init(taking raw: OpaquePointer) {
        defer { wasm_tabletype_delete(raw) }
        self.init(borrowing: raw)
    }

    func makeRaw(engine: Engine) throws(WasmtimeError) -> OpaquePointer {
        if let maximum, maximum < minimum {
            // The C API has no error path for this and would build the table anyway.
            throw WasmtimeError(.configuration, "table maximum (\(maximum)) is smaller than its minimum (\(minimum))")
        }
        guard !is64 else {
            throw WasmtimeError(.configuration, "64-bit tables cannot be created through Wasmtime's C API")
        }
        guard minimum <= UInt64(UInt32.max), (maximum ?? 0) < UInt64(UInt32.max) else {
            throw WasmtimeError(.configuration, "table limits above 2^32-2 cannot be expressed through Wasmtime's C API")
        }
        var limits = wasm_limits_t(min: UInt32(minimum), max: maximum.map(UInt32.init) ?? UInt32.max)
        return wasm_tabletype_new(ValueType.ref(element).makeRaw(engine: engine), &limits)
    }
}
