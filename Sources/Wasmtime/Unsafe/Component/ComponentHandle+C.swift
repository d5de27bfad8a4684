import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ComponentHandle {
    init(compiling bytes: [UInt8], engine: borrowing EngineHandle) throws(WasmtimeError) {
        let engine = unsafe engine.pointer
        unsafe self.init(
            taking: try CAPI.make(from: bytes, .compilation) { unsafe wasmtime_component_new(engine, $0, $1, &$2) })
    }

    init(deserializing bytes: [UInt8], engine: borrowing EngineHandle) throws(WasmtimeError) {
        let engine = unsafe engine.pointer
        unsafe self.init(
            taking: try CAPI.make(from: bytes, .compilation) {
                unsafe wasmtime_component_deserialize(engine, $0, $1, &$2)
            })
    }

    init(deserializingFile path: String, engine: borrowing EngineHandle) throws(WasmtimeError) {
        try CAPI.checkReadableFile(path)
        var raw: OpaquePointer?
        unsafe try CAPI.check(wasmtime_component_deserialize_file(engine.pointer, path, &raw), .compilation)
        unsafe self.init(taking: raw!)
    }

    func serialize() throws(WasmtimeError) -> [UInt8] {
        var vec = unsafe wasm_byte_vec_t()
        unsafe try CAPI.check(wasmtime_component_serialize(pointer, &vec), .runtime)
        return unsafe CAPI.takeBytes(&vec)
    }

    func type(engine: borrowing EngineHandle) -> ComponentType {
        let raw = unsafe wasmtime_component_type(pointer)!
        defer { unsafe wasmtime_component_type_delete(raw) }
        return unsafe ComponentType(borrowing: raw, engine: engine.pointer)
    }

    /// Whether the component has a (possibly nested) export at `path`.
    func hasExport(_ path: [String]) -> Bool {
        var parent: OpaquePointer?
        defer { if let parent = unsafe parent { unsafe wasmtime_component_export_index_delete(parent) } }
        for name in path {
            let next = unsafe withUTF8(name) { unsafe wasmtime_component_get_export_index(pointer, parent, $0, $1) }
            if let previous = unsafe parent { unsafe wasmtime_component_export_index_delete(previous) }
            unsafe parent = unsafe next
            guard unsafe next != nil else { return false }
        }
        return true
    }
}
