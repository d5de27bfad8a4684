/// A GC array type, registered with an engine: the element type of array
/// objects that Swift allocates (``ArrayRef``) and that wasm reads.
///
/// As with ``StructType``, an array type built here is the same type as a
/// module's standalone `(type (array …))` with the same element type.
public final class ArrayType: Sendable, CustomStringConvertible {
    /// The engine the type is registered with.
    public let engine: Engine
    /// The type of every element.
    public let element: FieldType
    /// Owns the Wasmtime type.
    let handle: ArrayTypeHandle

    /// Registers an array type whose elements have type `element` (the same
    /// element types as ``StructType`` fields are allowed).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch``
    ///   for a concrete struct, array or exception reference element, which
    ///   Wasmtime's C API cannot name.
    public init(engine: Engine, element: FieldType) throws(WasmtimeError) {
        guard element.isBuildable else {
            throw WasmtimeError(
                .typeMismatch,
                "element type \(element): concrete struct, array and exception references cannot be built from Swift")
        }
        self.engine = engine
        self.element = element
        handle = ArrayTypeHandle(engine: engine, element: element)
    }

    init(engine: Engine, handle: consuming ArrayTypeHandle) {
        self.engine = engine
        element = handle.element
        self.handle = handle
    }

    public var description: String { "(array \(element))" }

    func checkUsable(in store: AnyStore) throws(WasmtimeError) {
        guard engine.isSame(as: store.engine) else {
            throw WasmtimeError(.storeMismatch, "array type \(self) belongs to a different engine than the store")
        }
    }
}
