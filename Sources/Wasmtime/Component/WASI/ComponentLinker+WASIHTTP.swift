extension ComponentLinker {
    /// Defines the outgoing half of wasi:http 0.2 (`wasi:http/types` and
    /// `wasi:http/outgoing-handler`, `@0.2.x`): guests can send HTTP and
    /// HTTPS requests through the host's network stack.
    ///
    /// Call ``addWASIp2()`` first: wasi:http's streams, pollables and
    /// errors are WASI preview 2's `wasi:io` types. Each instantiation gives
    /// the store a wasi:http context (and a default ``WASIConfiguration``
    /// if it has none), so nothing else needs enabling. Serving incoming
    /// requests (`wasi:http/incoming-handler`) is not in Wasmtime's C API.
    ///
    /// - Important: wasi:http is not sandboxed by ``WASIConfiguration``'s
    ///   network settings: a guest given it can reach any address the host
    ///   process can.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   without ``addWASIp2()`` (or ``addWASIp2Async()``) first, or when
    ///   wasi:http is already defined and ``allowsShadowing`` is off.
    public func addWASIHTTP() throws(WasmtimeError) {
        try requireWASIp2(for: "addWASIHTTP()")
        try handle.addWASIHTTP()
        definesWASIHTTP = true
    }

    /// Defines wasi:http like ``addWASIHTTP()``, as async host functions:
    /// a guest waiting for a response suspends instead of blocking the
    /// thread. Stores instantiated with it take async calls only
    /// (`callAsync`, `instantiateAsync`).
    ///
    /// - Throws: the errors of ``addWASIHTTP()``.
    public func addWASIHTTPAsync() throws(WasmtimeError) {
        try requireWASIp2(for: "addWASIHTTPAsync()")
        try handle.addWASIHTTPAsync()
        definesWASIHTTP = true
        definesAsyncFunctions = true
    }

    private func requireWASIp2(for method: String) throws(WasmtimeError) {
        guard definesWASI else {
            throw WasmtimeError(
                .linking,
                "\(method) needs addWASIp2() (or addWASIp2Async()) first: wasi:http's streams and pollables are WASI preview 2's wasi:io types"
            )
        }
    }
}
