import CWasmtime

extension Instance {
    static func create(store: AnyStore, module: Module, imports: [Extern]) throws -> wasmtime_instance_t {
        var raw = wasmtime_instance_t()
        var trap: OpaquePointer?
        var raws: [wasmtime_extern_t] = unsafe imports.map { unsafe $0.withRaw { unsafe $0 } }
        let error = unsafe withExtendedLifetime(imports) {
            unsafe wasmtime_instance_new(store.context.pointer, module.handle.pointer, &raws, raws.count, &raw, &trap)
        }
        if unsafe error != nil || trap != nil {
            throw unsafe store.callFailure(error: error, trap: trap, kind: .instantiation)
        }
        return raw
    }

    func lookUpExport(_ name: String) -> Extern? {
        var raw = self.raw
        var item = unsafe wasmtime_extern_t()
        let found = unsafe withUTF8(name) {
            unsafe wasmtime_instance_export_get(store.context.pointer, &raw, $0, $1, &item)
        }
        return unsafe found ? Extern(taking: &item, store: store) : nil
    }

    func loadExports() -> [(name: String, item: Extern)] {
        var raw = self.raw
        var result: [(name: String, item: Extern)] = []
        var index = 0
        while true {
            var namePointer: UnsafeMutablePointer<CChar>?
            var nameLength = 0
            var item = unsafe wasmtime_extern_t()
            guard
                unsafe wasmtime_instance_export_nth(
                    store.context.pointer, &raw, index, &namePointer, &nameLength, &item)
            else {
                break
            }
            // The name belongs to the store: copy it at once.
            let name = unsafe namePointer!.withMemoryRebound(to: UInt8.self, capacity: nameLength) {
                unsafe String(decoding: UnsafeBufferPointer(start: $0, count: nameLength), as: UTF8.self)
            }
            unsafe result.append((name, Extern(taking: &item, store: store)))
            index += 1
        }
        return result
    }
}

extension InstancePreHandle {
    func instantiate(in store: AnyStore) throws -> wasmtime_instance_t {
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        let error = unsafe wasmtime_instance_pre_instantiate(pointer, store.context.pointer, &instance, &trap)
        if unsafe error != nil || trap != nil {
            throw unsafe store.callFailure(error: error, trap: trap, kind: .instantiation)
        }
        return instance
    }
}

extension CallerContext {
    /// An export of the calling instance.
    func export(named name: String) -> Extern? {
        var item = unsafe wasmtime_extern_t()
        let found = unsafe withUTF8(name) { unsafe wasmtime_caller_export_get(pointer, $0, $1, &item) }
        guard found else { return nil }
        return unsafe Extern(taking: &item, store: store)
    }
}
