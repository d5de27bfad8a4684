import CWasmtime

// wasi:http (outgoing: `wasi:http/types` + `wasi:http/outgoing-handler`).
// Wasmtime's implementation reads the store's HTTP context *and* its WASI
// context (its resource table) and unwraps both: a guest call without either
// would panic and abort the process, so the Swift layer sets both before
// instantiating (ComponentLinker+WASIHTTP.swift).

extension ComponentLinkerHandle {
    func addWASIHTTP() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_component_linker_add_wasi_http(pointer), .linking)
    }

    func addWASIHTTPAsync() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_component_linker_add_wasi_http_async(pointer), .linking)
    }
}

extension StoreContext {
    /// Gives the store a fresh wasi:http context (it holds no settings).
    func enableWASIHTTP() {
        unsafe wasmtime_context_set_wasi_http(pointer)
    }
}
