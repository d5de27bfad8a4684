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
