import CWasmtime

#if canImport(Glibc)
import Glibc
#endif

// The floor: Wasmtime's C API called directly, the way a C embedder writes
// it, with no binding code in between. This file deliberately does not
// import the Wasmtime module.

/// Pool sizes shared by the raw and the binding's pooling engines, so both
/// reserve the same address space.
enum PoolSizes {
    static let instances: UInt32 = 100
    static let memories: UInt32 = 100
    static let tables: UInt32 = 100
}

enum RawC {
    /// Throws a readable failure for an error or a trap, freeing them.
    static func check(_ error: OpaquePointer?, trap: OpaquePointer? = nil, _ what: @autoclosure () -> String) throws {
        if let error {
            var message = wasm_byte_vec_t()
            wasmtime_error_message(error, &message)
            let text = String(decoding: UnsafeRawBufferPointer(start: message.data, count: message.size), as: UTF8.self)
            wasm_byte_vec_delete(&message)
            wasmtime_error_delete(error)
            throw CheckFailure("\(what()): \(text)")
        }
        if let trap {
            var message = wasm_byte_vec_t()
            wasm_trap_message(trap, &message)
            let text = String(decoding: UnsafeRawBufferPointer(start: message.data, count: message.size), as: UTF8.self)
            wasm_byte_vec_delete(&message)
            wasm_trap_delete(trap)
            throw CheckFailure("\(what()) trapped: \(text)")
        }
    }

    static func engine(pooling: Bool) -> OpaquePointer {
        guard pooling else { return wasm_engine_new() }
        let config = wasm_config_new()!
        let pool = wasmtime_pooling_allocation_config_new()!
        wasmtime_pooling_allocation_config_total_core_instances_set(pool, PoolSizes.instances)
        wasmtime_pooling_allocation_config_total_memories_set(pool, PoolSizes.memories)
        wasmtime_pooling_allocation_config_total_tables_set(pool, PoolSizes.tables)
        wasmtime_pooling_allocation_strategy_set(config, pool)
        wasmtime_pooling_allocation_config_delete(pool)
        return wasm_engine_new_with_config(config)
    }

    static func module(engine: OpaquePointer, bytes: [UInt8]) throws -> OpaquePointer {
        var module: OpaquePointer?
        try check(wasmtime_module_new(engine, bytes, bytes.count, &module), "compiling")
        return module!
    }

    /// A `wasm_functype_t` from `wasm_valkind_t` values.
    static func functype(_ parameters: [Int], _ results: [Int]) -> OpaquePointer {
        func vec(_ kinds: [Int]) -> wasm_valtype_vec_t {
            var vec = wasm_valtype_vec_t()
            var types: [OpaquePointer?] = kinds.map { wasm_valtype_new(wasm_valkind_t($0)) }
            wasm_valtype_vec_new(&vec, types.count, &types)
            return vec
        }
        var p = vec(parameters)
        var r = vec(results)
        return wasm_functype_new(&p, &r)
    }

    static func export(_ context: OpaquePointer, _ instance: wasmtime_instance_t, _ name: String) throws
        -> wasmtime_extern_t
    {
        var instance = instance
        var item = wasmtime_extern_t()
        guard wasmtime_instance_export_get(context, &instance, name, name.utf8.count, &item) else {
            throw CheckFailure("missing export \(name)")
        }
        return item
    }

    /// The function export `name`, in a heap cell: a `var` captured by an
    /// escaping closure would add Swift's dynamic exclusivity checks to
    /// every call, which a C embedder does not pay.
    static func function(_ context: OpaquePointer, _ instance: wasmtime_instance_t, _ name: String) throws
        -> UnsafeMutablePointer<wasmtime_func_t>
    {
        let item = try export(context, instance, name)
        guard item.kind == WASMTIME_EXTERN_FUNC else { throw CheckFailure("export \(name) is not a function") }
        let cell = UnsafeMutablePointer<wasmtime_func_t>.allocate(capacity: 1)
        cell.initialize(to: item.of.func)
        return cell
    }
}

// MARK: Host functions, unchecked and checked

/// Counts `nop` calls. The count lives in plain memory so that the raw C
/// host functions bump it through their env pointer, as C code would,
/// without Swift reference counting.
final class CallCounter {
    let cell = UnsafeMutablePointer<Int>.allocate(capacity: 1)

    init() { cell.initialize(to: 0) }

    var count: Int {
        get { cell.pointee }
        set { cell.pointee = newValue }
    }
}

private let uncheckedNop: wasmtime_func_unchecked_callback_t = { env, _, _, _ in
    env!.assumingMemoryBound(to: Int.self).pointee += 1
    return nil
}

private let uncheckedAdd: wasmtime_func_unchecked_callback_t = { _, _, slots, _ in
    slots![0].i32 = slots![0].i32 &+ slots![1].i32
    return nil
}

private let uncheckedMix: wasmtime_func_unchecked_callback_t = { _, _, slots, _ in
    let result = Signature.mix(slots![0].i32, slots![1].i64)
    slots![0] = wasmtime_val_raw_t()
    slots![0].f32 = result
    return nil
}

private let checkedNop: wasmtime_func_callback_t = { env, _, _, _, _, _ in
    env!.assumingMemoryBound(to: Int.self).pointee += 1
    return nil
}

private let checkedAdd: wasmtime_func_callback_t = { _, _, args, _, results, _ in
    results![0].kind = wasmtime_valkind_t(WASMTIME_I32)
    results![0].of.i32 = args![0].of.i32 &+ args![1].of.i32
    return nil
}

private let checkedMix: wasmtime_func_callback_t = { _, _, args, _, results, _ in
    results![0].kind = wasmtime_valkind_t(WASMTIME_F32)
    results![0].of.f32 = Signature.mix(args![0].of.i32, args![1].of.i64)
    return nil
}

private let ignoreLog: wasmtime_func_unchecked_callback_t = { _, _, _, _ in nil }

/// The parameter and result kinds of each call signature.
extension Signature {
    var rawKinds: (parameters: [Int], results: [Int]) {
        switch self {
        case .nop: ([], [])
        case .add: ([WASM_I32, WASM_I32], [WASM_I32])
        case .mix: ([WASM_I32, WASM_I64], [WASM_F32])
        }
    }
}

// MARK: Contestants

/// The raw C contestants: one store per flavour of host functions.
final class RawSide {
    let engine: OpaquePointer
    let callsModule: OpaquePointer
    /// Store and instance whose imports are unchecked host functions.
    let store: OpaquePointer
    let context: OpaquePointer
    let instance: wasmtime_instance_t
    let counter = CallCounter()
    /// The same, with checked host functions (`wasmtime_func_new`).
    let checkedStore: OpaquePointer
    let checkedContext: OpaquePointer
    let checkedInstance: wasmtime_instance_t
    let checkedCounter = CallCounter()

    init(callsBytes: [UInt8]) throws {
        engine = RawC.engine(pooling: false)
        callsModule = try RawC.module(engine: engine, bytes: callsBytes)
        (store, context, instance) = try Self.instantiateCalls(engine, callsModule, counter, checked: false)
        (checkedStore, checkedContext, checkedInstance) = try Self.instantiateCalls(
            engine, callsModule, checkedCounter, checked: true)
    }

    private static func instantiateCalls(
        _ engine: OpaquePointer, _ module: OpaquePointer, _ counter: CallCounter, checked: Bool
    ) throws -> (OpaquePointer, OpaquePointer, wasmtime_instance_t) {
        let store = wasmtime_store_new(engine, nil, nil)!
        let context = wasmtime_store_context(store)!
        var imports: [wasmtime_extern_t] = []
        let env = UnsafeMutableRawPointer(counter.cell)
        for signature in Signature.allCases {
            let type = RawC.functype(signature.rawKinds.parameters, signature.rawKinds.results)
            defer { wasm_functype_delete(type) }
            var item = wasmtime_extern_t()
            item.kind = wasmtime_extern_kind_t(WASMTIME_EXTERN_FUNC)
            if checked {
                let callback = [checkedNop, checkedAdd, checkedMix][signature.index]
                wasmtime_func_new(context, type, callback, env, nil, &item.of.func)
            } else {
                let callback = [uncheckedNop, uncheckedAdd, uncheckedMix][signature.index]
                wasmtime_func_new_unchecked(context, type, callback, env, nil, &item.of.func)
            }
            imports.append(item)
        }
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        try RawC.check(
            wasmtime_instance_new(context, module, imports, imports.count, &instance, &trap), trap: trap,
            "instantiating")
        return (store, context, instance)
    }

    // MARK: host to wasm

    /// `wasmtime_func_call_unchecked` with a buffer set up once.
    func hostToWasm(_ signature: Signature) throws -> Contestant {
        let context = self.context
        let function = try RawC.function(context, instance, ["nop", "add", "mix"][signature.index])
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 2)
        slots.initialize(repeating: wasmtime_val_raw_t(), count: 2)
        switch signature {
        case .nop:
            return Contestant(name: "c") { count in
                for _ in 0..<count {
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "nop") }
                }
                return UInt64(count)
            }
        case .add:
            return Contestant(name: "c") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    slots[0].i32 = Int32(truncatingIfNeeded: i)
                    slots[1].i32 = 1
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call_unchecked(context, function, slots, 2, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "add") }
                    sum &+= UInt64(UInt32(bitPattern: slots[0].i32))
                }
                return sum
            }
        case .mix:
            return Contestant(name: "c") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    slots[0].i64 = 0
                    slots[0].i32 = Int32(i & 0xFFFF)
                    slots[1].i64 = Int64(i)
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call_unchecked(context, function, slots, 2, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "mix") }
                    sum &+= UInt64(slots[0].f32.bitPattern)
                }
                return sum
            }
        }
    }

    /// `wasmtime_func_call`: type-checked arguments and results in `wasmtime_val_t`.
    func hostToWasmChecked(_ signature: Signature) throws -> Contestant {
        let context = checkedContext
        let function = try RawC.function(context, checkedInstance, ["nop", "add", "mix"][signature.index])
        let args = UnsafeMutablePointer<wasmtime_val_t>.allocate(capacity: 2)
        args.initialize(repeating: wasmtime_val_t(), count: 2)
        let results = UnsafeMutablePointer<wasmtime_val_t>.allocate(capacity: 1)
        results.initialize(to: wasmtime_val_t())
        switch signature {
        case .nop:
            return Contestant(name: "c-checked") { count in
                for _ in 0..<count {
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call(context, function, nil, 0, nil, 0, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "nop") }
                }
                return UInt64(count)
            }
        case .add:
            return Contestant(name: "c-checked") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    args[0].kind = wasmtime_valkind_t(WASMTIME_I32)
                    args[0].of.i32 = Int32(truncatingIfNeeded: i)
                    args[1].kind = wasmtime_valkind_t(WASMTIME_I32)
                    args[1].of.i32 = 1
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call(context, function, args, 2, results, 1, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "add") }
                    sum &+= UInt64(UInt32(bitPattern: results[0].of.i32))
                }
                return sum
            }
        case .mix:
            return Contestant(name: "c-checked") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    args[0].kind = wasmtime_valkind_t(WASMTIME_I32)
                    args[0].of.i32 = Int32(i & 0xFFFF)
                    args[1].kind = wasmtime_valkind_t(WASMTIME_I64)
                    args[1].of.i64 = Int64(i)
                    var trap: OpaquePointer?
                    let error = wasmtime_func_call(context, function, args, 2, results, 1, &trap)
                    if error != nil || trap != nil { try RawC.check(error, trap: trap, "mix") }
                    sum &+= UInt64(results[0].of.f32.bitPattern)
                }
                return sum
            }
        }
    }

    // MARK: wasm to host

    /// The `call_*` loop of an instance whose imports are unchecked (`c`)
    /// or checked (`c-checked`) host functions; the outer call is unchecked.
    func wasmToHost(_ signature: Signature, checked: Bool) throws -> Contestant {
        let context = checked ? checkedContext : self.context
        let counter = checked ? checkedCounter : self.counter
        let function = try RawC.function(
            context, checked ? checkedInstance : instance,
            ["call_nop", "call_add", "call_mix"][signature.index])
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 1)
        slots.initialize(to: wasmtime_val_raw_t())
        return Contestant(name: checked ? "c-checked" : "c") { count in
            counter.count = 0
            slots[0].i64 = 0
            slots[0].i32 = Int32(count)
            var trap: OpaquePointer?
            let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
            if error != nil || trap != nil { try RawC.check(error, trap: trap, "call loop") }
            return signature == .nop ? UInt64(counter.count) : UInt64(UInt32(bitPattern: slots[0].i32))
        }
    }

    // MARK: instantiation

    /// Engines (on-demand and pooling) with a linker defining `host.log`
    /// and the instantiation module compiled in each.
    struct InstantiationSetup {
        let engine: OpaquePointer
        let linker: OpaquePointer
        let module: OpaquePointer
        let pre: OpaquePointer
    }

    static func instantiationSetup(bytes: [UInt8], pooling: Bool) throws -> InstantiationSetup {
        let engine = RawC.engine(pooling: pooling)
        let module = try RawC.module(engine: engine, bytes: bytes)
        let linker = wasmtime_linker_new(engine)!
        let type = RawC.functype([WASM_I32], [])
        defer { wasm_functype_delete(type) }
        try RawC.check(
            wasmtime_linker_define_func_unchecked(linker, "host", 4, "log", 3, type, ignoreLog, nil, nil),
            "defining host.log")
        var pre: OpaquePointer?
        try RawC.check(wasmtime_linker_instantiate_pre(linker, module, &pre), "instance-pre")
        return InstantiationSetup(engine: engine, linker: linker, module: module, pre: pre!)
    }

    static func storeCreateDrop(engine: OpaquePointer) -> Contestant {
        Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                guard let store = wasmtime_store_new(engine, nil, nil) else { continue }
                wasmtime_store_delete(store)
                made += 1
            }
            return made
        }
    }

    /// A new store, `wasmtime_linker_instantiate`, and the store dropped.
    static func linkerInstantiate(_ setup: InstantiationSetup) -> Contestant {
        Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = wasmtime_store_new(setup.engine, nil, nil)!
                var instance = wasmtime_instance_t()
                var trap: OpaquePointer?
                let error = wasmtime_linker_instantiate(
                    setup.linker, wasmtime_store_context(store), setup.module, &instance, &trap)
                if error != nil || trap != nil { try RawC.check(error, trap: trap, "instantiate") }
                wasmtime_store_delete(store)
                made += 1
            }
            return made
        }
    }

    /// A new store, `wasmtime_instance_pre_instantiate`, and the store dropped.
    static func preInstantiate(_ setup: InstantiationSetup) -> Contestant {
        Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = wasmtime_store_new(setup.engine, nil, nil)!
                var instance = wasmtime_instance_t()
                var trap: OpaquePointer?
                let error = wasmtime_instance_pre_instantiate(
                    setup.pre, wasmtime_store_context(store), &instance, &trap)
                if error != nil || trap != nil { try RawC.check(error, trap: trap, "instantiate-pre") }
                wasmtime_store_delete(store)
                made += 1
            }
            return made
        }
    }

    // MARK: modules

    static func compile(engine: OpaquePointer, bytes: [UInt8]) -> Contestant {
        Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                var module: OpaquePointer?
                try RawC.check(wasmtime_module_new(engine, bytes, bytes.count, &module), "compile")
                wasmtime_module_delete(module)
                made += 1
            }
            return made
        }
    }

    static func serialize(engine: OpaquePointer, bytes: [UInt8]) throws -> [UInt8] {
        let module = try RawC.module(engine: engine, bytes: bytes)
        defer { wasmtime_module_delete(module) }
        var serialized = wasm_byte_vec_t()
        try RawC.check(wasmtime_module_serialize(module, &serialized), "serialize")
        defer { wasm_byte_vec_delete(&serialized) }
        return Array(UnsafeRawBufferPointer(start: serialized.data, count: serialized.size))
    }

    static func deserialize(engine: OpaquePointer, serialized: [UInt8]) -> Contestant {
        Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                var module: OpaquePointer?
                try RawC.check(
                    wasmtime_module_deserialize(engine, serialized, serialized.count, &module), "deserialize")
                wasmtime_module_delete(module)
                made += 1
            }
            return made
        }
    }

    // MARK: memory

    /// A store with the 2 MiB memory module; the region at ``Modules/copyOffset`` holds the pattern.
    static func memoryInstance(engine: OpaquePointer, bytes: [UInt8], size: Int) throws -> (
        OpaquePointer, wasmtime_memory_t
    ) {
        let store = wasmtime_store_new(engine, nil, nil)!
        let context = wasmtime_store_context(store)!
        let module = try RawC.module(engine: engine, bytes: bytes)
        defer { wasmtime_module_delete(module) }
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        try RawC.check(wasmtime_instance_new(context, module, nil, 0, &instance, &trap), trap: trap, "instantiating")
        let item = try RawC.export(context, instance, "memory")
        var memory = item.of.memory
        let base = wasmtime_memory_data(context, &memory)! + Modules.copyOffset
        for index in 0..<size { base[index] = copyPattern(index) }
        return (context, memory)
    }

    /// memcpy into linear memory, after the bounds check a C embedder needs
    /// (the data pointer can move when the memory grows).
    static func copyIn(engine: OpaquePointer, bytes: [UInt8], source: UnsafeMutableRawBufferPointer) throws
        -> Contestant
    {
        let size = source.count
        let (context, memory) = try memoryInstance(engine: engine, bytes: bytes, size: size)
        return Contestant(name: "c") { count in
            var memory = memory
            for i in 0..<count {
                source[0] = UInt8(truncatingIfNeeded: i)
                guard Modules.copyOffset + size <= wasmtime_memory_data_size(context, &memory) else {
                    throw CheckFailure("out of bounds")
                }
                memcpy(wasmtime_memory_data(context, &memory)! + Modules.copyOffset, source.baseAddress!, size)
            }
            let base = wasmtime_memory_data(context, &memory)! + Modules.copyOffset
            return UInt64(base[0]) | UInt64(base[size - 1]) << 8
        }
    }

    static func copyOut(engine: OpaquePointer, bytes: [UInt8], destination: UnsafeMutableRawBufferPointer) throws
        -> Contestant
    {
        let size = destination.count
        let (context, memory) = try memoryInstance(engine: engine, bytes: bytes, size: size)
        return Contestant(name: "c") { count in
            var memory = memory
            destination[0] = 0
            destination[size - 1] = 0
            for _ in 0..<count {
                guard Modules.copyOffset + size <= wasmtime_memory_data_size(context, &memory) else {
                    throw CheckFailure("out of bounds")
                }
                memcpy(destination.baseAddress!, wasmtime_memory_data(context, &memory)! + Modules.copyOffset, size)
            }
            return UInt64(destination[0]) | UInt64(destination[size - 1]) << 8
        }
    }

    // MARK: compute

    static func kernel(_ name: String, engine: OpaquePointer, bytes: [UInt8]) throws -> Contestant {
        let store = wasmtime_store_new(engine, nil, nil)!
        let context = wasmtime_store_context(store)!
        let module = try RawC.module(engine: engine, bytes: bytes)
        defer { wasmtime_module_delete(module) }
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        try RawC.check(
            wasmtime_instance_new(context, module, nil, 0, &instance, &trap), trap: trap, "instantiating kernels")
        let function = try RawC.function(context, instance, name)
        let slots = UnsafeMutablePointer<wasmtime_val_raw_t>.allocate(capacity: 1)
        return Contestant(name: "c") { count in
            slots[0] = wasmtime_val_raw_t()
            slots[0].i32 = Int32(truncatingIfNeeded: count)
            var trap: OpaquePointer?
            let error = wasmtime_func_call_unchecked(context, function, slots, 1, &trap)
            if error != nil || trap != nil { try RawC.check(error, trap: trap, name) }
            return UInt64(bitPattern: slots[0].i64)
        }
    }
}

extension Signature {
    var index: Int {
        switch self {
        case .nop: 0
        case .add: 1
        case .mix: 2
        }
    }
}
