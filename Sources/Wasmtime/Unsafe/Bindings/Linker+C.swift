import CWasmtime

extension LinkerHandle {
    func allowShadowing(_ allow: Bool) {
        unsafe wasmtime_linker_allow_shadowing(pointer, allow)
    }

    func defineFunction(_ module: String, _ name: String, host: HostFunction, engine: Engine) throws(WasmtimeError) {
        let functype = unsafe host.type.makeRaw(engine: engine)
        defer { unsafe wasm_functype_delete(functype) }
        let error = unsafe withUTF8(module) { m, ml in
            unsafe withUTF8(name) { n, nl in
                unsafe wasmtime_linker_define_func_unchecked(
                    pointer, m, ml, n, nl, functype, host.trampoline,
                    host.retainedEnv(), hostFunctionFinalizer)
            }
        }
        unsafe try CAPI.check(error, .linking)
    }

    func define(_ module: String, _ name: String, _ item: Extern, in store: AnyStore) throws(WasmtimeError) {
        let error = unsafe item.withRaw { raw in
            unsafe withUTF8(module) { m, ml in
                unsafe withUTF8(name) { n, nl in
                    unsafe wasmtime_linker_define(pointer, store.context.pointer, m, ml, n, nl, &raw)
                }
            }
        }
        unsafe try CAPI.check(error, .linking)
    }

    func define(_ module: String, instance: Instance) throws(WasmtimeError) {
        var raw = instance.raw
        let error = unsafe withUTF8(module) {
            unsafe wasmtime_linker_define_instance(pointer, instance.store.context.pointer, $0, $1, &raw)
        }
        unsafe try CAPI.check(error, .linking)
    }

    func define(_ name: String, module: Module, in store: AnyStore) throws {
        let error = unsafe withUTF8(name) {
            unsafe wasmtime_linker_module(pointer, store.context.pointer, $0, $1, module.handle.pointer)
        }
        if unsafe error != nil { throw unsafe store.callFailure(error: error, trap: nil, kind: .linking) }
    }

    func defineUnknownImportsAsTraps(for module: Module) throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_linker_define_unknown_imports_as_traps(pointer, module.handle.pointer), .linking)
    }

    func defineUnknownImportsAsDefaultValues(for module: Module, in store: AnyStore) throws(WasmtimeError) {
        unsafe try CAPI.check(
            wasmtime_linker_define_unknown_imports_as_default_values(
                pointer, store.context.pointer, module.handle.pointer), .linking)
    }

    func defineWASI() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_linker_define_wasi(pointer), .linking)
    }

    func instantiate(_ module: Module, in store: AnyStore) throws -> wasmtime_instance_t {
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        let error = unsafe wasmtime_linker_instantiate(
            pointer, store.context.pointer, module.handle.pointer, &instance, &trap)
        if unsafe error != nil || trap != nil {
            throw unsafe store.callFailure(error: error, trap: trap, kind: .instantiation)
        }
        return instance
    }

    func instantiatePre(_ module: Module) throws(WasmtimeError) -> InstancePreHandle {
        var pre: OpaquePointer?
        unsafe try CAPI.check(wasmtime_linker_instantiate_pre(pointer, module.handle.pointer, &pre), .linking)
        return unsafe InstancePreHandle(taking: pre!)
    }

    /// The store id of what `module` `name` resolves to, if it is defined and store-bound.
    func storeIDOfDefinition(_ module: String, _ name: String, seenFrom store: AnyStore) -> UInt64? {
        var raw = unsafe wasmtime_extern_t()
        let found = unsafe withUTF8(module) { m, ml in
            unsafe withUTF8(name) { n, nl in
                unsafe wasmtime_linker_get(pointer, store.context.pointer, m, ml, n, nl, &raw)
            }
        }
        guard found else { return nil }
        defer { unsafe wasmtime_extern_delete(&raw) }
        return unsafe Extern.storeID(of: raw)
    }

    func lookUp(_ module: String, _ name: String, in store: AnyStore) throws(WasmtimeError) -> Extern? {
        var item = unsafe wasmtime_extern_t()
        let found = unsafe withUTF8(module) { m, ml in
            unsafe withUTF8(name) { n, nl in
                unsafe wasmtime_linker_get(pointer, store.context.pointer, m, ml, n, nl, &item)
            }
        }
        guard found else { return nil }
        if let id = unsafe Extern.storeID(of: item), id != store.id {
            unsafe wasmtime_extern_delete(&item)
            throw WasmtimeError(.storeMismatch, "\"\(module)\" \"\(name)\" is defined in a different store")
        }
        return unsafe Extern(taking: &item, store: store)
    }

    func defaultFunction(_ module: String, in store: AnyStore) throws(WasmtimeError) -> FuncHandle {
        var function = unsafe wasmtime_func_t()
        unsafe try CAPI.check(
            withUTF8(module) {
                unsafe wasmtime_linker_get_default(pointer, store.context.pointer, $0, $1, &function)
            }, .notFound)
        return unsafe FuncHandle(function)
    }
}
