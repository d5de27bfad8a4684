import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Modules and components are made the same way from bytes and from files;
// only the C function differs.

extension CAPI {
    /// Builds a C object from `bytes` with `make` (one of `wasmtime_module_new`,
    /// `wasmtime_component_deserialize`, …), throwing its error with `kind`.
    static func make(
        from bytes: [UInt8], _ kind: WasmtimeError.Kind,
        _ make: (UnsafePointer<UInt8>?, Int, inout OpaquePointer?) -> OpaquePointer?
    ) throws(WasmtimeError) -> OpaquePointer {
        var raw: OpaquePointer?
        let error = unsafe bytes.withUnsafeBufferPointer { unsafe make($0.baseAddress, $0.count, &raw) }
        unsafe try check(error, kind)
        return unsafe raw!
    }

    /// Throws an I/O error unless `path` names a regular file this process
    /// can open: Wasmtime reports a missing file or a directory as a
    /// compilation error.
    static func checkReadableFile(_ path: String) throws(WasmtimeError) {
        var status = stat()
        guard unsafe stat(path, &status) == 0 else {
            throw WasmtimeError(.io, unsafe "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw WasmtimeError(.io, "cannot open \(path): not a regular file")
        }
        guard let file = unsafe fopen(path, "rb") else {
            throw WasmtimeError(.io, unsafe "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        unsafe fclose(file)
    }
}
