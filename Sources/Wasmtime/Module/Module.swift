/// A compiled WebAssembly module, ready to be instantiated in any store of
/// its engine. Modules are immutable and thread-safe.
public final class Module: Sendable {
    /// Owns the compiled Wasmtime module.
    let handle: ModuleHandle
    /// The engine the module was compiled for.
    public let engine: Engine

    /// Names of the non-shared memory and table imports: the items whose
    /// store the linker must check before instantiating (see ``Linker``).
    /// Read once, by kind only: reading table limits can abort (table64).
    let storeBoundImports: [(module: String, name: String)]
    /// Table types read from the module's bytes; `nil` for deserialized modules.
    let tableScan: TableScan?

    private init(engine: Engine, handle: consuming ModuleHandle, bytes: [UInt8]? = nil) {
        self.engine = engine
        tableScan = bytes.flatMap(TableScan.init)
        storeBoundImports = handle.storeBoundImports()
        self.handle = handle
    }

    /// Compiles a module from its binary encoding.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation`` with
    ///   Wasmtime's reason when the bytes do not parse, validate (including
    ///   proposals `engine`'s ``Config/Features`` leave off) or compile.
    public convenience init(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) {
        let bytes = Array(bytes)
        self.init(engine: engine, handle: try ModuleHandle(compiling: bytes, engine: engine.handle), bytes: bytes)
    }

    /// Compiles a module from the WebAssembly text format.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation`` for
    ///   text that does not parse (the message has the line and column) and
    ///   for a module that does not validate or compile.
    public convenience init(engine: Engine, wat: String) throws(WasmtimeError) {
        try self.init(engine: engine, bytes: try wat2wasm(wat))
    }

    /// Compiles a module from a `.wasm` (binary) or `.wat` (text) file.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/io`` when the
    ///   file cannot be read, and of kind ``WasmtimeError/Kind/compilation``
    ///   when its contents are not a valid module.
    public convenience init(engine: Engine, contentsOf path: String) throws(WasmtimeError) {
        let bytes = try readFile(path)
        if bytes.starts(with: [0, 0x61, 0x73, 0x6d]) {
            try self.init(engine: engine, bytes: bytes)
        } else {
            // Raw bytes, so Wasmtime's parser rejects invalid UTF-8 instead of
            // Swift replacing it with U+FFFD.
            try self.init(engine: engine, bytes: try wat2wasm(bytes: bytes))
        }
    }

    /// Checks that `bytes` are a valid module for `engine` without compiling it.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    ///   whose message says what is wrong.
    public static func validate(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) {
        try ModuleHandle.validate(Array(bytes), engine: engine.handle)
    }

    /// The module's compiled form, for ``deserialize(engine:bytes:)``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   if Wasmtime cannot serialize the module.
    public func serialize() throws(WasmtimeError) -> [UInt8] {
        try handle.serialize()
    }

    /// Loads a module serialized by ``serialize()``, skipping compilation.
    ///
    /// - Important: only for trusted input. The bytes contain machine code
    ///   that is mapped and run as is; Wasmtime checks the format header and
    ///   engine compatibility, not that the code is safe.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    ///   when the bytes are not a serialized module, or were made by another
    ///   Wasmtime version or an incompatible engine configuration.
    public static func deserialize(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) -> Module {
        Module(engine: engine, handle: try ModuleHandle(deserializing: Array(bytes), engine: engine.handle))
    }

    /// Loads a module serialized to a file; the file is memory-mapped.
    ///
    /// - Important: only for trusted files, as with ``deserialize(engine:bytes:)``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/io`` when
    ///   `path` is not a readable regular file, and
    ///   ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation`` when its
    ///   contents are not a compatible serialized module.
    public static func deserialize(engine: Engine, file path: String) throws(WasmtimeError) -> Module {
        Module(engine: engine, handle: try ModuleHandle(deserializingFile: path, engine: engine.handle))
    }

    /// What the module imports, in order.
    ///
    /// - Important: for a *deserialized* module that imports or exports a
    ///   64-bit table with limits above `UInt32.max`, Wasmtime's C API aborts
    ///   the process when asked for the table's limits. Modules compiled from
    ///   bytes or text are safe: their table types are read from the bytes.
    public var imports: [ImportType] {
        handle.imports(tableScan: tableScan)
    }

    /// What the module exports, in order.
    public var exports: [ExportType] {
        handle.exports(tableScan: tableScan)
    }
}

/// Translates WebAssembly text into the binary format.
///
/// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
///   with the parser's message (including line and column) on bad text.
public func wat2wasm(_ text: String) throws(WasmtimeError) -> [UInt8] {
    try WAT.translate(text)
}

/// Translates WebAssembly text, given as raw bytes (for example a file's
/// contents), into the binary format; invalid UTF-8 is an error.
///
/// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
///   for invalid UTF-8 or text that does not parse.
public func wat2wasm(bytes: some Collection<UInt8>) throws(WasmtimeError) -> [UInt8] {
    try WAT.translate(bytes: Array(bytes))
}
