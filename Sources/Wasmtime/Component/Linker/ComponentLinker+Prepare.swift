extension ComponentLinker {
    /// Readies `store` for what this linker defines, before an instantiation:
    /// the async-only rule where async host functions are defined, a default
    /// (empty) WASI configuration where WASI is defined and the store has
    /// none, and a wasi:http context where wasi:http is defined (Wasmtime's
    /// wasi:http host functions abort the process without both).
    ///
    /// For a synchronous instantiation it first throws if the store cannot
    /// take synchronous calls (an async call is suspended in it, or it is
    /// async-only), before anything touches the store.
    func prepare(_ store: AnyStore, forSynchronousUse synchronous: Bool) throws(WasmtimeError) {
        if synchronous { try store.checkSynchronousCallsAllowed() }
        if definesAsyncFunctions {
            store.requireAsyncCalls()
            if synchronous { try store.checkSynchronousCallsAllowed() }
        }
        if definesWASI && !store.hasWASI { try store.setWASI(WASIConfiguration()) }
        if definesWASIHTTP { store.context.enableWASIHTTP() }
    }
}
