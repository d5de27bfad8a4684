import CWasmtime

// Conversions from the C API's owned error, trap, name and frame objects into
// Swift values. Everything here takes ownership exactly where the C API hands
// it over, so callers never free these objects themselves.

extension String {
    // WORKAROUND(wasmtime-50): `wasm_trap_message` counts the NUL terminator in
    // the name's length; other names do not.
    /// Copies a `wasm_name_t`; `dropTrailingNUL` handles `wasm_trap_message`,
    /// which includes the terminator in its length.
    init(name: UnsafePointer<wasm_name_t>, dropTrailingNUL: Bool = false) {
        var count = unsafe name.pointee.size
        guard count > 0, let data = unsafe name.pointee.data else {
            self = ""
            return
        }
        if dropTrailingNUL, unsafe data[count - 1] == 0 { count -= 1 }
        self = unsafe data.withMemoryRebound(to: UInt8.self, capacity: count) {
            unsafe String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}

/// Calls `body` with a pointer and length for the UTF-8 bytes of `string`,
/// the shape every name-taking C function expects.
@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    var copy = string
    return copy.withUTF8 { bytes in
        unsafe bytes.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer may have a nil base; C wants a valid pointer.
            unsafe body(chars.baseAddress ?? emptyCString, chars.count)
        }
    }
}

private nonisolated(unsafe) let emptyCStringStorage: UnsafeMutablePointer<CChar> = {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    unsafe p.pointee = 0
    return unsafe p
}()
var emptyCString: UnsafePointer<CChar> { unsafe UnsafePointer(emptyCStringStorage) }

enum CAPI {
    /// Takes ownership of `error` and turns it into a ``WasmtimeError``.
    static func takeError(_ error: OpaquePointer, kind: WasmtimeError.Kind) -> WasmtimeError {
        defer { unsafe wasmtime_error_delete(error) }
        var name = unsafe wasm_name_t()
        unsafe wasmtime_error_message(error, &name)
        let message = unsafe String(name: &name)
        unsafe wasm_byte_vec_delete(&name)
        var frames = unsafe wasm_frame_vec_t()
        unsafe wasmtime_error_wasm_trace(error, &frames)
        return unsafe WasmtimeError(kind, message, frames: takeFrames(&frames))
    }

    /// Takes ownership of `trap` and turns it into a ``Trap``.
    static func takeTrap(_ trap: OpaquePointer) -> Trap {
        defer { unsafe wasm_trap_delete(trap) }
        var code: wasmtime_trap_code_t = 0
        let trapCode = unsafe wasmtime_trap_code(trap, &code) ? TrapCode(rawValue: code) : nil
        var name = unsafe wasm_name_t()
        unsafe wasm_trap_message(trap, &name)
        let message = unsafe String(name: &name, dropTrailingNUL: true)
        unsafe wasm_byte_vec_delete(&name)
        var frames = unsafe wasm_frame_vec_t()
        unsafe wasm_trap_trace(trap, &frames)
        return unsafe Trap(code: trapCode, message: message, frames: takeFrames(&frames))
    }

    // WORKAROUND(wasmtime-50): `wasm_frame_instance` aborts the process, so frames
    // are read without their instance.
    /// Reads and frees a frame vector; unknown offsets (`SIZE_MAX`, imported as -1) become nil. `wasm_frame_instance` is never called:
    /// it aborts the process in Wasmtime 50.
    static func takeFrames(_ vec: inout wasm_frame_vec_t) -> [Frame] {
        defer { unsafe wasm_frame_vec_delete(&vec) }
        guard let data = unsafe vec.data else { return [] }
        return unsafe (0..<vec.size).compactMap { i -> Frame? in
            guard let frame = unsafe data[i] else { return nil }
            let functionOffset = unsafe wasm_frame_func_offset(frame)
            let moduleOffset = unsafe wasm_frame_module_offset(frame)
            return unsafe Frame(
                functionIndex: wasm_frame_func_index(frame),
                functionName: wasmtime_frame_func_name(frame).map { unsafe String(name: $0) },
                moduleName: unsafe wasmtime_frame_module_name(frame).map { unsafe String(name: $0) },
                functionOffset: functionOffset == -1 ? nil : functionOffset,
                moduleOffset: moduleOffset == -1 ? nil : moduleOffset)
        }
    }

    /// Throws if `error` is non-nil.
    @inline(__always)
    static func check(_ error: OpaquePointer?, _ kind: WasmtimeError.Kind) throws(WasmtimeError) {
        if let error = unsafe error { throw unsafe takeError(error, kind: kind) }
    }

    /// Copies a byte vector the C API handed over, then frees it.
    static func takeBytes(_ vec: inout wasm_byte_vec_t) -> [UInt8] {
        defer { unsafe wasm_byte_vec_delete(&vec) }
        guard unsafe vec.size > 0, let data = unsafe vec.data else { return [] }
        return unsafe data.withMemoryRebound(to: UInt8.self, capacity: vec.size) {
            unsafe Array(UnsafeBufferPointer(start: $0, count: vec.size))
        }
    }
}

extension AnyStore {
    /// Turns a failed call (or instantiation) into the error to throw: the
    /// Swift error a host function threw wins over Wasmtime's rendering of it.
    @usableFromInline
    final func callFailure(error: OpaquePointer?, trap: OpaquePointer?, kind: WasmtimeError.Kind = .runtime)
        -> any Error
    {
        if let pending = takePendingError() {
            if let error = unsafe error { unsafe wasmtime_error_delete(error) }
            if let trap = unsafe trap { unsafe wasm_trap_delete(trap) }
            return pending
        }
        // An uncaught wasm exception stays pending in the store (rooted)
        // until taken: it becomes a WasmException with its tag and payload.
        if let exception = unsafe takePendingException(error: error, trap: trap, kind: kind) { return exception }
        if discardPendingException(in: context) {
            var failure: any Error = unsafe trap.map(CAPI.takeTrap) ?? CAPI.takeError(error!, kind: kind)
            if var asTrap = failure as? Trap {
                asTrap.code = .uncaughtException
                failure = asTrap
            } else if let asError = failure as? WasmtimeError {
                failure = Trap(code: .uncaughtException, message: asError.message, frames: asError.frames)
            }
            return failure
        }
        if let reason = takeInterruptionReason() {
            let frames =
                unsafe trap.map(CAPI.takeTrap)?.frames ?? error.map { unsafe CAPI.takeError($0, kind: kind).frames }
                ?? []
            return Trap(code: .interrupt, message: "wasm interrupted: \(reason)", frames: frames)
        }
        if let trap = unsafe trap { return unsafe CAPI.takeTrap(trap) }
        guard let error = unsafe error else { return WasmtimeError(kind, "unknown failure") }
        var status: Int32 = 0
        if unsafe wasmtime_error_exit_status(error, &status) {
            unsafe wasmtime_error_delete(error)
            return WASIExit(status: status)
        }
        var failure = unsafe CAPI.takeError(error, kind: kind)
        if kind == .instantiation { failure.kind = WasmtimeError.Kind.classifyInstantiation(failure.message) }
        return failure
    }
}
