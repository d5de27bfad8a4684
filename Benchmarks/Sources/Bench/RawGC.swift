import CWasmtime

// The floor for the GC-object and exception cases: the same C functions the
// binding calls, called directly. Does not import the Wasmtime module.

/// The raw C side of the GC benchmarks: one store, the module instantiated
/// with C host functions that throw an exception or return a trap.
final class RawGCSide {
    let engine: OpaquePointer
    let store: OpaquePointer
    let context: OpaquePointer
    let instance: wasmtime_instance_t
    /// The exception tag, in a heap cell the host callback reads through its env.
    let tag: UnsafeMutablePointer<wasmtime_tag_t>
    let arrayType: OpaquePointer
    let arrayPre: OpaquePointer

    init(bytes: [UInt8]) throws {
        engine = wasm_engine_new()
        store = wasmtime_store_new(engine, nil, nil)
        context = wasmtime_store_context(store)
        let module = try RawC.module(engine: engine, bytes: bytes)
        defer { wasmtime_module_delete(module) }
        tag = .allocate(capacity: 1)
        tag.initialize(to: wasmtime_tag_t())

        let type = RawC.functype([Int(WASM_I32)], [])
        defer { wasm_functype_delete(type) }
        // Throws the tag with the argument as payload.
        let throwing: wasmtime_func_unchecked_callback_t = { env, caller, slots, _ in
            let context = wasmtime_caller_context(caller)
            let tag = env!.assumingMemoryBound(to: wasmtime_tag_t.self)
            var field = wasmtime_val_t()
            field.kind = wasmtime_valkind_t(WASMTIME_I32)
            field.of.i32 = slots![0].i32
            var exception = wasmtime_exnref_t()
            if let error = wasmtime_exnref_new(context, tag, &field, 1, &exception) {
                wasmtime_error_delete(error)
                return wasmtime_trap_new("exnref_new failed", 17)
            }
            defer { wasmtime_exnref_unroot(&exception) }
            return wasmtime_context_set_exception(context, &exception)
        }
        let failing: wasmtime_func_unchecked_callback_t = { _, _, _, _ in
            wasmtime_trap_new("host failure", 12)
        }
        var imports = [wasmtime_extern_t(), wasmtime_extern_t()]
        imports[0].kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_FUNC)
        wasmtime_func_new_unchecked(context, type, throwing, UnsafeMutableRawPointer(tag), nil, &imports[0].of.func)
        imports[1].kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_FUNC)
        wasmtime_func_new_unchecked(context, type, failing, nil, nil, &imports[1].of.func)
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        try RawC.check(
            wasmtime_instance_new(context, module, &imports, 2, &instance, &trap), trap: trap, "instantiating")
        self.instance = instance
        tag.pointee = try RawC.export(context, instance, "e").of.tag

        var element = wasmtime_field_type_t()
        element.mutable_ = true
        element.storage.kind = 2  // WASMTIME_STORAGE_TYPE_KIND_VALTYPE
        element.storage.valtype = wasm_valtype_new(wasm_valkind_t(WASM_I32))
        arrayType = wasmtime_array_type_new(engine, &element)
        wasm_valtype_delete(element.storage.valtype)
        arrayPre = wasmtime_array_ref_pre_new(context, arrayType)
    }

    /// Allocates a 1,000-element `i32` array, writes i at index i, reads
    /// every element back and sums them.
    func gcArray() -> Contestant {
        let context = self.context
        let pre = arrayPre
        let length = UInt32(GCModules.arrayLength)
        return Contestant(name: "c") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                var zero = wasmtime_val_t()
                zero.kind = wasmtime_valkind_t(WASMTIME_I32)
                var array = wasmtime_arrayref_t()
                try RawC.check(wasmtime_arrayref_new(context, pre, &zero, length, &array), "arrayref_new")
                var element = wasmtime_val_t()
                element.kind = wasmtime_valkind_t(WASMTIME_I32)
                for index in 0..<length {
                    element.of.i32 = Int32(bitPattern: index)
                    try RawC.check(wasmtime_arrayref_set(context, &array, index, &element), "arrayref_set")
                }
                var sum: Int32 = 0
                for index in 0..<length {
                    var value = wasmtime_val_t()
                    try RawC.check(wasmtime_arrayref_get(context, &array, index, &value), "arrayref_get")
                    sum &+= value.of.i32
                }
                wasmtime_arrayref_unroot(&array)
                total &+= UInt64(sum)
            }
            return total
        }
    }

    /// The same work done by wasm: one call per array.
    func gcArrayInWasm() throws -> Contestant {
        let context = self.context
        let function = try RawC.function(context, instance, "fillAndSum")
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 1)
        return Contestant(name: "wasm") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                slots[0] = wasmtime_val_raw_t()
                slots[0].i32 = Int32(GCModules.arrayLength)
                var trap: OpaquePointer?
                let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
                if error != nil || trap != nil { try RawC.check(error, trap: trap, "fillAndSum") }
                total &+= UInt64(slots[0].i32)
            }
            return total
        }
    }

    /// Host throws, wasm catches: the result is the payload.
    func exceptionRoundTrip() throws -> Contestant {
        let context = self.context
        let function = try RawC.function(context, instance, "roundtrip")
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 1)
        return Contestant(name: "c") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                slots[0] = wasmtime_val_raw_t()
                slots[0].i32 = Int32(truncatingIfNeeded: i)
                var trap: OpaquePointer?
                let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
                if error != nil || trap != nil { try RawC.check(error, trap: trap, "roundtrip") }
                total &+= UInt64(UInt32(bitPattern: slots[0].i32))
            }
            return total
        }
    }

    /// Host returns a trap that ends the call; the embedder frees what comes back.
    func trapRoundTrip() throws -> Contestant {
        let context = self.context
        let function = try RawC.function(context, instance, "trapping")
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 1)
        return Contestant(name: "c-trap") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                slots[0] = wasmtime_val_raw_t()
                slots[0].i32 = Int32(truncatingIfNeeded: i)
                var trap: OpaquePointer?
                // The host's trap comes back as an error or a trap.
                let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
                if let error {
                    wasmtime_error_delete(error)
                } else if let trap {
                    wasm_trap_delete(trap)
                } else {
                    throw CheckFailure("trapping did not fail")
                }
                total &+= UInt64(UInt32(truncatingIfNeeded: i))
            }
            return total
        }
    }
}
