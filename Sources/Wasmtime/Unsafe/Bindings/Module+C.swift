import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModuleHandle {
    init(compiling bytes: [UInt8], engine: borrowing EngineHandle) throws(WasmtimeError) {
        let engine = unsafe engine.pointer
        unsafe self.init(
            taking: try CAPI.make(from: bytes, .compilation) { unsafe wasmtime_module_new(engine, $0, $1, &$2) })
    }

    init(deserializing bytes: [UInt8], engine: borrowing EngineHandle) throws(WasmtimeError) {
        let engine = unsafe engine.pointer
        unsafe self.init(
            taking: try CAPI.make(from: bytes, .compilation) { unsafe wasmtime_module_deserialize(engine, $0, $1, &$2) }
        )
    }

    init(deserializingFile path: String, engine: borrowing EngineHandle) throws(WasmtimeError) {
        try CAPI.checkReadableFile(path)
        var raw: OpaquePointer?
        unsafe try CAPI.check(wasmtime_module_deserialize_file(engine.pointer, path, &raw), .compilation)
        unsafe self.init(taking: raw!)
    }

    static func validate(_ bytes: [UInt8], engine: borrowing EngineHandle) throws(WasmtimeError) {
        let error = unsafe bytes.withUnsafeBufferPointer {
            unsafe wasmtime_module_validate(engine.pointer, $0.baseAddress, $0.count)
        }
        unsafe try CAPI.check(error, .compilation)
    }

    func serialize() throws(WasmtimeError) -> [UInt8] {
        var vec = unsafe wasm_byte_vec_t()
        unsafe try CAPI.check(wasmtime_module_serialize(pointer, &vec), .runtime)
        return unsafe CAPI.takeBytes(&vec)
    }

    /// The imports that bind to one store when defined: tables and unshared memories.
    func storeBoundImports() -> [(module: String, name: String)] {
        var vec = unsafe wasm_importtype_vec_t()
        unsafe wasmtime_module_imports(pointer, &vec)
        defer { unsafe wasm_importtype_vec_delete(&vec) }
        return unsafe (0..<vec.size).compactMap { index in
            let item = unsafe vec.data[index]!
            let type = unsafe wasm_importtype_type(item)!
            switch unsafe Int(wasm_externtype_kind(type)) {
            case WASM_EXTERN_TABLE: break
            case WASM_EXTERN_MEMORY
            where unsafe !wasmtime_memorytype_isshared(wasm_externtype_as_memorytype_const(type)): break
            default: return nil
            }
            return unsafe (String(name: wasm_importtype_module(item)), String(name: wasm_importtype_name(item)))
        }
    }

    func imports(tableScan: TableScan?) -> [ImportType] {
        var vec = unsafe wasm_importtype_vec_t()
        unsafe wasmtime_module_imports(pointer, &vec)
        defer { unsafe wasm_importtype_vec_delete(&vec) }
        var nextTable = 0
        return unsafe (0..<vec.size).map { index in
            let item = unsafe vec.data[index]!
            let type = unsafe ExternType(
                borrowing: wasm_importtype_type(item),
                scannedTable: {
                    defer { nextTable += 1 }
                    guard let scan = tableScan, nextTable < scan.importedCount else { return nil }
                    return scan.tables[nextTable]
                }())
            return unsafe ImportType(
                module: String(name: wasm_importtype_module(item)),
                name: String(name: wasm_importtype_name(item)), type: type)
        }
    }

    func exports(tableScan: TableScan?) -> [ExportType] {
        var vec = unsafe wasm_exporttype_vec_t()
        unsafe wasmtime_module_exports(pointer, &vec)
        defer { unsafe wasm_exporttype_vec_delete(&vec) }
        return unsafe (0..<vec.size).map { index in
            let item = unsafe vec.data[index]!
            let name = unsafe String(name: wasm_exporttype_name(item))
            let type = unsafe ExternType(
                borrowing: wasm_exporttype_type(item),
                scannedTable: {
                    guard let scan = tableScan, let table = scan.exports[name], table < scan.tables.count else {
                        return nil
                    }
                    return scan.tables[table]
                }())
            return ExportType(name: name, type: type)
        }
    }
}

/// The text format, through Wasmtime's own parser.
enum WAT {
    static func translate(_ text: String) throws(WasmtimeError) -> [UInt8] {
        var vec = unsafe wasm_byte_vec_t()
        unsafe try CAPI.check(withUTF8(text) { unsafe wasmtime_wat2wasm($0, $1, &vec) }, .compilation)
        return unsafe CAPI.takeBytes(&vec)
    }

    static func translate(bytes source: [UInt8]) throws(WasmtimeError) -> [UInt8] {
        var vec = unsafe wasm_byte_vec_t()
        let error = unsafe source.withUnsafeBufferPointer { buffer in
            unsafe buffer.withMemoryRebound(to: CChar.self) {
                unsafe wasmtime_wat2wasm($0.baseAddress ?? emptyCString, $0.count, &vec)
            }
        }
        unsafe try CAPI.check(error, .compilation)
        return unsafe CAPI.takeBytes(&vec)
    }
}

/// Reads a whole file with the C library, keeping Foundation out of the library.
func readFile(_ path: String) throws(WasmtimeError) -> [UInt8] {
    guard let file = unsafe fopen(path, "rb") else {
        throw WasmtimeError(.io, unsafe "cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { unsafe fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = unsafe chunk.withUnsafeMutableBytes { unsafe fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: chunk[..<count]) }
        if count < chunk.count { break }
    }
    if unsafe ferror(file) != 0 {
        throw WasmtimeError(.io, "cannot read \(path)")
    }
    return bytes
}
