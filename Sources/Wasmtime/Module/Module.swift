import CWasmtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled WebAssembly module, ready to be instantiated in any store of
/// its engine. Modules are immutable and thread-safe.
public final class Module: @unchecked Sendable {
    // @unchecked: wasmtime_module_t is Send + Sync and `raw` never changes.
    let raw: OpaquePointer
    /// The engine the module was compiled for.
    public let engine: Engine

    /// Names of the non-shared memory and table imports: the items whose
    /// store the linker must check before instantiating (see ``Linker``).
    /// Read once, by kind only: reading table limits can abort (table64).
    let storeBoundImports: [(module: String, name: String)]
    /// Table types read from the module's bytes; `nil` for deserialized modules.
    let tableScan: TableScan?

    private init(engine: Engine, raw: OpaquePointer, bytes: [UInt8]? = nil) {
        self.engine = engine
        self.raw = raw
        tableScan = bytes.flatMap(TableScan.init)
        var vec = wasm_importtype_vec_t()
        wasmtime_module_imports(raw, &vec)
        defer { wasm_importtype_vec_delete(&vec) }
        storeBoundImports = (0..<vec.size).compactMap { index in
            let item = vec.data[index]!
            let type = wasm_importtype_type(item)!
            switch Int(wasm_externtype_kind(type)) {
            case WASM_EXTERN_TABLE: break
            case WASM_EXTERN_MEMORY where !wasmtime_memorytype_isshared(wasm_externtype_as_memorytype_const(type)): break
            default: return nil
            }
            return (String(name: wasm_importtype_module(item)), String(name: wasm_importtype_name(item)))
        }
    }

    deinit {
        wasmtime_module_delete(raw)
    }

    /// Compiles a module from its binary encoding.
    public convenience init(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) {
        var raw: OpaquePointer?
        let bytes = Array(bytes)
        let error = Self.withBytes(bytes) { wasmtime_module_new(engine.raw, $0, $1, &raw) }
        try CAPI.check(error, .compilation)
        self.init(engine: engine, raw: raw!, bytes: bytes)
    }

    /// Compiles a module from the WebAssembly text format.
    public convenience init(engine: Engine, wat: String) throws(WasmtimeError) {
        try self.init(engine: engine, bytes: try wat2wasm(wat))
    }

    /// Compiles a module from a `.wasm` (binary) or `.wat` (text) file.
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
    /// Throws a ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
    /// whose message says what is wrong.
    public static func validate(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) {
        try CAPI.check(withBytes(bytes) { wasmtime_module_validate(engine.raw, $0, $1) }, .compilation)
    }

    /// The module's compiled form, for ``deserialize(engine:bytes:)``.
    public func serialize() throws(WasmtimeError) -> [UInt8] {
        var vec = wasm_byte_vec_t()
        try CAPI.check(wasmtime_module_serialize(raw, &vec), .runtime)
        return CAPI.takeBytes(&vec)
    }

    /// Loads a module serialized by ``serialize()``, skipping compilation.
    ///
    /// - Important: only for trusted input. The bytes contain machine code
    ///   that is mapped and run as is; Wasmtime checks the format header and
    ///   engine compatibility, not that the code is safe.
    public static func deserialize(engine: Engine, bytes: some Collection<UInt8>) throws(WasmtimeError) -> Module {
        var raw: OpaquePointer?
        let error = withBytes(bytes) { wasmtime_module_deserialize(engine.raw, $0, $1, &raw) }
        try CAPI.check(error, .compilation)
        return Module(engine: engine, raw: raw!)
    }

    /// Loads a module serialized to a file; the file is memory-mapped.
    ///
    /// - Important: only for trusted files, as with ``deserialize(engine:bytes:)``.
    public static func deserialize(engine: Engine, file path: String) throws(WasmtimeError) -> Module {
        guard let file = fopen(path, "rb") else {
            throw WasmtimeError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        fclose(file)
        var raw: OpaquePointer?
        try CAPI.check(wasmtime_module_deserialize_file(engine.raw, path, &raw), .compilation)
        return Module(engine: engine, raw: raw!)
    }

    /// What the module imports, in order.
    ///
    /// - Important: for a *deserialized* module that imports or exports a
    ///   64-bit table with limits above `UInt32.max`, Wasmtime's C API aborts
    ///   the process when asked for the table's limits. Modules compiled from
    ///   bytes or text are safe: their table types are read from the bytes.
    public var imports: [ImportType] {
        var vec = wasm_importtype_vec_t()
        wasmtime_module_imports(raw, &vec)
        defer { wasm_importtype_vec_delete(&vec) }
        var nextTable = 0
        return (0..<vec.size).map { index in
            let item = vec.data[index]!
            let type = ExternType(borrowing: wasm_importtype_type(item), scannedTable: {
                defer { nextTable += 1 }
                guard let scan = self.tableScan, nextTable < scan.importedCount else { return nil }
                return scan.tables[nextTable]
            }())
            return ImportType(module: String(name: wasm_importtype_module(item)),
                              name: String(name: wasm_importtype_name(item)), type: type)
        }
    }

    /// What the module exports, in order.
    public var exports: [ExportType] {
        var vec = wasm_exporttype_vec_t()
        wasmtime_module_exports(raw, &vec)
        defer { wasm_exporttype_vec_delete(&vec) }
        return (0..<vec.size).map { index in
            let item = vec.data[index]!
            let name = String(name: wasm_exporttype_name(item))
            let type = ExternType(borrowing: wasm_exporttype_type(item), scannedTable: {
                guard let scan = self.tableScan, let table = scan.exports[name], table < scan.tables.count else { return nil }
                return scan.tables[table]
            }())
            return ExportType(name: name, type: type)
        }
    }

    private static func withBytes<R>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafePointer<UInt8>?, Int) -> R
    ) -> R {
        if let result = bytes.withContiguousStorageIfAvailable({ body($0.baseAddress, $0.count) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
    }
}

/// Translates WebAssembly text into the binary format.
///
/// Throws a ``WasmtimeError`` of kind ``WasmtimeError/Kind/compilation``
/// with the parser's message (including line and column) on bad text.
public func wat2wasm(_ text: String) throws(WasmtimeError) -> [UInt8] {
    var vec = wasm_byte_vec_t()
    try CAPI.check(withUTF8(text) { wasmtime_wat2wasm($0, $1, &vec) }, .compilation)
    return CAPI.takeBytes(&vec)
}

/// Translates WebAssembly text, given as raw bytes (for example a file's
/// contents), into the binary format; invalid UTF-8 is an error.
public func wat2wasm(bytes: some Collection<UInt8>) throws(WasmtimeError) -> [UInt8] {
    var vec = wasm_byte_vec_t()
    let source = Array(bytes)
    let error = source.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { wasmtime_wat2wasm($0.baseAddress ?? emptyCString, $0.count, &vec) }
    }
    try CAPI.check(error, .compilation)
    return CAPI.takeBytes(&vec)
}

/// Reads a whole file with the C library, keeping Foundation out of the library.
func readFile(_ path: String) throws(WasmtimeError) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw WasmtimeError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: chunk[..<count]) }
        if count < chunk.count { break }
    }
    if ferror(file) != 0 {
        throw WasmtimeError(.io, "cannot read \(path)")
    }
    return bytes
}
