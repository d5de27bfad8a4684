/// A compiled WebAssembly component, ready to be instantiated by a
/// ``ComponentLinker`` in any store of its engine. Components are immutable
/// and thread-safe.
///
/// ```swift
/// let component = try Component(engine: engine, wat: """
///     (component
///       (core module $m (func (export "add") (param i32 i32) (result i32)
///         local.get 0 local.get 1 i32.add))
///       (core instance $i (instantiate $m))
///       (func (export "add") (param "a" u32) (param "b" u32) (result u32)
///         (canon lift (core func $i "add"))))
///     """)
/// ```
public final class Component: Sendable {
    /// Owns the compiled Wasmtime component.
    let handle: ComponentHandle
    /// The engine the component was compiled for.
    public let engine: Engine

    private init(engine: Engine, handle: consuming ComponentHandle) {
        self.engine = engine
        self.handle = handle
    }

    /// Compiles a component from its binary encoding.
    ///
    /// A core module's bytes are rejected with a ``WasmtimeError`` of kind
    /// ``WasmtimeError/Kind/compilation`` that says so (use ``Module``).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    ///   when the bytes are not a valid component (or are a core module).
    public convenience init(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) {
        let bytes = Array(bytes)
        try BinaryKind.expectComponent(bytes)
        self.init(engine: engine, handle: try ComponentHandle(compiling: bytes, engine: engine.handle))
    }

    /// Compiles a component from the WebAssembly text format (`(component …)`).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    ///   when the text does not parse or is not a valid component.
    public convenience init(engine: Engine, wat: String) throws(WasmtimeError) {
        try self.init(engine: engine, bytes: try wat2wasm(wat))
    }

    /// Compiles a component from a `.wasm` (binary) or `.wat` (text) file.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/io`` when
    ///   the file cannot be read, ``WasmtimeError/Kind/compilation`` when its
    ///   contents are not a valid component.
    public convenience init(engine: Engine, contentsOf path: String) throws(WasmtimeError) {
        let bytes = try readFile(path)
        if bytes.starts(with: [0, 0x61, 0x73, 0x6d]) {
            try self.init(engine: engine, bytes: bytes)
        } else {
            try self.init(engine: engine, bytes: try wat2wasm(bytes: bytes))
        }
    }

    /// The component's compiled form, for ``deserialize(engine:bytes:)``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when Wasmtime cannot serialize it.
    public func serialize() throws(WasmtimeError) -> [UInt8] {
        try handle.serialize()
    }

    /// Loads a component serialized by ``serialize()``, skipping compilation.
    ///
    /// - Important: only for trusted input. The bytes contain machine code
    ///   that is mapped and run as is; Wasmtime checks the format header and
    ///   engine compatibility, not that the code is safe.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    ///   when the bytes are not a component serialized by a compatible
    ///   engine (a serialized core module included).
    public static func deserialize(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) -> Component {
        Component(engine: engine, handle: try ComponentHandle(deserializing: Array(bytes), engine: engine.handle))
    }

    /// Loads a component serialized to a file; the file is memory-mapped.
    ///
    /// - Important: only for trusted files, as with ``deserialize(engine:bytes:)``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/io`` when
    ///   the file cannot be read, ``WasmtimeError/Kind/compilation`` when it
    ///   is not a component serialized by a compatible engine.
    public static func deserialize(engine: Engine, file path: String) throws(WasmtimeError) -> Component {
        Component(engine: engine, handle: try ComponentHandle(deserializingFile: path, engine: engine.handle))
    }

    /// The component's imports and exports, with their full types.
    public var type: ComponentType {
        handle.type(engine: engine.handle)
    }

    /// What the component imports.
    public var imports: [ComponentItemEntry] { type.imports }

    /// What the component exports.
    public var exports: [ComponentItemEntry] { type.exports }
}
