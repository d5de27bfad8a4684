/// A GC struct type, registered with an engine: the layout of struct
/// objects that Swift allocates (``StructRef``) and that wasm reads.
///
/// Wasm types are compared by structure, so a struct type built here is the
/// same type as a module's standalone, final `(type (struct …))` with the
/// same fields: wasm can `ref.cast` a Swift-made struct to it, and the other
/// way around.
///
/// ```swift
/// let point = try StructType(engine: engine, fields: [FieldType(.i32), FieldType(.i32)])
/// let p = try StructRef(store: store, type: point, fields: [.i32(3), .i32(4)])
/// ```
public final class StructType: Sendable, CustomStringConvertible {
    /// The engine the type is registered with; only its stores (and those
    /// of its clones) can allocate it.
    public let engine: Engine
    /// The fields, in order.
    public let fields: [FieldType]
    /// Owns the Wasmtime type.
    let handle: StructTypeHandle

    /// The most fields Wasmtime accepts in one struct type.
    public static let maximumFieldCount = 10_000

    /// Registers a struct type with `fields`.
    ///
    /// Field types may be numbers, `v128`, packed integers, abstract
    /// references (`anyref`, `eqref`, `structref`, `arrayref`, `i31ref`,
    /// `funcref`, `externref`, …) and concrete function references. Concrete
    /// struct and array references cannot be named through Wasmtime's C
    /// API: use `structref`/`arrayref` and `ref.cast` in wasm instead.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/resourceLimit``
    ///   for more than ``maximumFieldCount`` fields, and of kind
    ///   ``WasmtimeError/Kind/typeMismatch`` for a field of a concrete struct,
    ///   array or exception reference type.
    public init(engine: Engine, fields: [FieldType]) throws(WasmtimeError) {
        guard fields.count <= Self.maximumFieldCount else {
            throw WasmtimeError(
                .resourceLimit,
                "a struct type can have at most \(Self.maximumFieldCount) fields, not \(fields.count)")
        }
        if let index = fields.firstIndex(where: { !$0.isBuildable }) {
            throw WasmtimeError(
                .typeMismatch,
                "field \(index) has type \(fields[index]): concrete struct, array and exception references cannot be built from Swift"
            )
        }
        self.engine = engine
        self.fields = fields
        handle = StructTypeHandle(engine: engine, fields: fields)
    }

    /// Wraps a type Wasmtime handed over (the type of an existing struct).
    init(engine: Engine, handle: consuming StructTypeHandle) {
        self.engine = engine
        fields = handle.fields
        self.handle = handle
    }

    public var description: String {
        "(struct\(fields.map { " (field \($0))" }.joined()))"
    }

    /// Throws unless `index` names a field.
    func checkIndex(_ index: Int) throws(WasmtimeError) {
        guard index >= 0, index < fields.count else {
            throw WasmtimeError(.outOfBounds, "field \(index) out of range: the struct has \(fields.count) field(s)")
        }
    }

    /// Throws unless this type can be allocated in `store`.
    func checkUsable(in store: AnyStore) throws(WasmtimeError) {
        guard engine.isSame(as: store.engine) else {
            throw WasmtimeError(.storeMismatch, "struct type \(self) belongs to a different engine than the store")
        }
    }
}
