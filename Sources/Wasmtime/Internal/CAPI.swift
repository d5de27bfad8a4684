import CWasmtime

// Conversions from the C API's owned error, trap, name and frame objects into
// Swift values. Everything here takes ownership exactly where the C API hands
// it over, so callers never free these objects themselves.

extension String {
    /// Copies a `wasm_name_t`; `dropTrailingNUL` handles `wasm_trap_message`,
    /// which includes the terminator in its length.
    init(name: UnsafePointer<wasm_name_t>, dropTrailingNUL: Bool = false) {
        var count = name.pointee.size
        guard count > 0, let data = name.pointee.data else {
            self = ""
            return
        }
        if dropTrailingNUL, data[count - 1] == 0 { count -= 1 }
        self = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}

/// Calls `body` with a pointer and length for the UTF-8 bytes of `string`,
/// the shape every name-taking C function expects.
@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    var copy = string
    return copy.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer may have a nil base; C wants a valid pointer.
            body(chars.baseAddress ?? emptyCString, chars.count)
        }
    }
}

private nonisolated(unsafe) let emptyCStringStorage: UnsafeMutablePointer<CChar> = {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    p.pointee = 0
    return p
}()
var emptyCString: UnsafePointer<CChar> { UnsafePointer(emptyCStringStorage) }

enum CAPI {
    /// Takes ownership of `error` and turns it into a ``WasmtimeError``.
    static func takeError(_ error: OpaquePointer, kind: WasmtimeError.Kind) -> WasmtimeError {
        defer { wasmtime_error_delete(error) }
        var name = wasm_name_t()
        wasmtime_error_message(error, &name)
        let message = String(name: &name)
        wasm_byte_vec_delete(&name)
        var frames = wasm_frame_vec_t()
        wasmtime_error_wasm_trace(error, &frames)
        return WasmtimeError(kind, message, frames: takeFrames(&frames))
    }

    /// Takes ownership of `trap` and turns it into a ``Trap``.
    static func takeTrap(_ trap: OpaquePointer) -> Trap {
        defer { wasm_trap_delete(trap) }
        var code: wasmtime_trap_code_t = 0
        let trapCode = wasmtime_trap_code(trap, &code) ? TrapCode(rawValue: code) : nil
        var name = wasm_name_t()
        wasm_trap_message(trap, &name)
        let message = String(name: &name, dropTrailingNUL: true)
        wasm_byte_vec_delete(&name)
        var frames = wasm_frame_vec_t()
        wasm_trap_trace(trap, &frames)
        return Trap(code: trapCode, message: message, frames: takeFrames(&frames))
    }

    /// Reads and frees a frame vector; unknown offsets (`SIZE_MAX`, imported as -1) become nil. `wasm_frame_instance` is never called:
    /// it aborts the process in Wasmtime 50.
    static func takeFrames(_ vec: inout wasm_frame_vec_t) -> [Frame] {
        defer { wasm_frame_vec_delete(&vec) }
        guard let data = vec.data else { return [] }
        return (0..<vec.size).compactMap { i -> Frame? in
            guard let frame = data[i] else { return nil }
            let functionOffset = wasm_frame_func_offset(frame)
            let moduleOffset = wasm_frame_module_offset(frame)
            return Frame(
                functionIndex: wasm_frame_func_index(frame),
                functionName: wasmtime_frame_func_name(frame).map { String(name: $0) },
                moduleName: wasmtime_frame_module_name(frame).map { String(name: $0) },
                functionOffset: functionOffset == -1 ? nil : functionOffset,
                moduleOffset: moduleOffset == -1 ? nil : moduleOffset)
        }
    }

    /// Throws if `error` is non-nil.
    @inline(__always)
    static func check(_ error: OpaquePointer?, _ kind: WasmtimeError.Kind) throws(WasmtimeError) {
        if let error { throw takeError(error, kind: kind) }
    }

    /// Copies a byte vector the C API handed over, then frees it.
    static func takeBytes(_ vec: inout wasm_byte_vec_t) -> [UInt8] {
        defer { wasm_byte_vec_delete(&vec) }
        guard vec.size > 0, let data = vec.data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: vec.size) {
            Array(UnsafeBufferPointer(start: $0, count: vec.size))
        }
    }
}
