import CWasmtime
import Testing

/// Pins the async and guest-profiler declarations that the core layout tests
/// do not cover: the callback typedefs' exact parameter lists (these closures
/// only compile against the v50 signatures) and the continuation built from
/// the typedef'd callback. Struct sizes and offsets of
/// `wasmtime_async_continuation_t` and `wasmtime_guestprofiler_modules_t` are
/// pinned by `LayoutTests.hostHookStructs`.
@Suite struct AsyncLayoutTests {
    @Test func asyncHostCallbackSignature() {
        let callback: wasmtime_func_async_callback_t = {
            (
                _: UnsafeMutableRawPointer?, _: OpaquePointer?, _: UnsafePointer<wasmtime_val_t>?, _: Int,
                _: UnsafeMutablePointer<wasmtime_val_t>?, _: Int, _: UnsafeMutablePointer<OpaquePointer?>?,
                _: UnsafeMutablePointer<wasmtime_async_continuation_t>?
            ) in
        }
        #expect(MemoryLayout.size(ofValue: callback) == 8)
    }

    @Test func continuationFromTypedefCallback() {
        let ready: wasmtime_func_async_continuation_callback_t = { (_: UnsafeMutableRawPointer?) -> Bool in true }
        let finalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in }
        let environment = UnsafeMutableRawPointer(bitPattern: 0x7766_5544_3320)
        let continuation = wasmtime_async_continuation_t(callback: ready, env: environment, finalizer: finalizer)
        #expect(continuation.env == environment)
        #expect(continuation.callback(nil))
        #expect(MemoryLayout<wasmtime_async_continuation_t>.size == 24)
        #expect(MemoryLayout<wasmtime_func_async_continuation_callback_t>.size == 8)
    }

    @Test func guestProfilerModuleEntry() {
        let name = UnsafePointer<wasm_name_t>(bitPattern: 0x7766_5544_3320)!
        let module = OpaquePointer(bitPattern: 0x1122_3344_5560)!
        let entry = wasmtime_guestprofiler_modules_t(name: name, mod: module)
        #expect(entry.name == name)
        #expect(entry.mod == module)
        #expect(MemoryLayout<wasmtime_guestprofiler_modules_t>.offset(of: \.mod) == 8)
        #expect(MemoryLayout<wasmtime_guestprofiler_modules_t>.stride == 16)
    }
}
