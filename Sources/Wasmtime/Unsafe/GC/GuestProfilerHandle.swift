import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns a `wasmtime_guestprofiler_t` until `finish` consumes it.
///
/// Wasmtime 50 aborts when a name is not UTF-8 (Swift strings always are),
/// when the module list pointer is NULL (even for no modules), when a module
/// belongs to another engine (checked by ``GuestProfiler``), and when
/// guest debugging is enabled (not configurable through the C API).
@safe final class GuestProfilerHandle {
    private var pointer: OpaquePointer?

    init(engine: Engine, name: String, intervalNanoseconds: UInt64, modules: [(name: String, module: Module)]) {
        var names: [wasm_name_t] = unsafe modules.map { entry in
            var vec = unsafe wasm_byte_vec_t()
            unsafe withUTF8(entry.name) { unsafe wasm_byte_vec_new(&vec, $1, $0) }
            return unsafe vec
        }
        defer { for index in unsafe names.indices { unsafe wasm_byte_vec_delete(&names[index]) } }
        var profileName = unsafe wasm_byte_vec_t()
        unsafe withUTF8(name) { unsafe wasm_byte_vec_new(&profileName, $1, $0) }
        defer { unsafe wasm_byte_vec_delete(&profileName) }
        unsafe pointer = unsafe names.withUnsafeBufferPointer { nameBuffer in
            var entries: [wasmtime_guestprofiler_modules_t] = unsafe modules.indices.map { index in
                unsafe wasmtime_guestprofiler_modules_t(
                    name: nameBuffer.baseAddress! + index, mod: modules[index].module.handle.pointer)
            }
            // The list must not be NULL even when empty.
            if unsafe entries.isEmpty { unsafe entries.reserveCapacity(1) }
            return unsafe entries.withUnsafeBufferPointer { entryBuffer in
                unsafe withUnsafePointer(to: &profileName) { namePointer in
                    unsafe wasmtime_guestprofiler_new(
                        engine.handle.pointer, namePointer, intervalNanoseconds,
                        entryBuffer.baseAddress ?? UnsafePointer(emptyModuleList), entries.count)
                }
            }
        }
    }

    func sample(_ store: AnyStore, deltaNanoseconds: UInt64) {
        unsafe wasmtime_guestprofiler_sample(pointer, store.owner.pointer, deltaNanoseconds)
    }

    /// Writes the profile; consumes the profiler, even on failure.
    func finish() throws(WasmtimeError) -> [UInt8] {
        let profiler = unsafe pointer
        unsafe pointer = nil
        var bytes = unsafe wasm_byte_vec_t()
        unsafe try CAPI.check(wasmtime_guestprofiler_finish(profiler, &bytes), .runtime)
        return unsafe CAPI.takeBytes(&bytes)
    }

    deinit {
        if let pointer = unsafe pointer { unsafe wasmtime_guestprofiler_delete(pointer) }
    }
}

/// A valid pointer for an empty module list.
private nonisolated(unsafe) let emptyModuleList: UnsafeMutablePointer<wasmtime_guestprofiler_modules_t> = {
    let pointer = UnsafeMutablePointer<wasmtime_guestprofiler_modules_t>.allocate(capacity: 1)
    return unsafe pointer
}()

/// Writes `bytes` to the file at `path`, replacing it.
func writeFile(_ path: String, _ bytes: [UInt8]) throws(WasmtimeError) {
    guard let file = unsafe fopen(path, "wb") else {
        throw WasmtimeError(.io, "cannot open \(path) for writing")
    }
    let written = unsafe bytes.withUnsafeBufferPointer { unsafe fwrite($0.baseAddress, 1, $0.count, file) }
    let closed = unsafe fclose(file)
    guard written == bytes.count, closed == 0 else {
        throw WasmtimeError(.io, "cannot write \(path)")
    }
}
