import CWasmtime
import Dispatch
import Wasmtime

// Async calls (issue 14): the raw C async API driven by a plain poll loop
// (the floor), the binding's `await` calls, and the binding's synchronous
// calls for the cost of async over sync.

enum AsyncBench {
    /// `host.get` is the (async, or sync for the sync contestant) host
    /// function; `call_get` calls it `n` times.
    static let wat = """
        (module
          (import "host" "get" (func $get (param i32) (result i32)))
          (func (export "nop"))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "call_get") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call $get (i32.add (local.get $acc) (local.get $n))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """

    /// What `call_get(n)` returns when `get(x) = x + 1`.
    static func callGetExpected(_ n: Int) -> UInt64 {
        var acc: Int32 = 0
        var k = Int32(truncatingIfNeeded: n)
        while k != 0 {
            acc = acc &+ k &+ 1
            k -= 1
        }
        return UInt64(UInt32(bitPattern: acc))
    }

    /// `add(i, 1)` summed over `0..<n`, as the call contestants compute it.
    static func addExpected(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        for i in 0..<n { sum &+= UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: i) &+ 1)) }
        return sum
    }

    nonisolated(nonsending) static func cases(instantiationBytes: [UInt8]) async throws -> [(
        id: String, make: () throws -> Case
    )] {
        let bytes = try wat2wasm(wat)
        let raw = try RawAsync(bytes: bytes)
        let binding = try await BindingAsync(bytes: bytes)
        return [
            (
                "async/call-nop",
                {
                    Case(
                        id: "async/call-nop",
                        contestants: [
                            raw.call(add: false), binding.awaitCall(add: false), binding.syncCall(add: false),
                        ], expected: countOperations)
                }
            ),
            (
                "async/call-add",
                {
                    Case(
                        id: "async/call-add",
                        contestants: [
                            raw.call(add: true), binding.awaitCall(add: true), binding.syncCall(add: true),
                        ], expected: addExpected)
                }
            ),
            (
                "async/host-call",
                {
                    Case(
                        id: "async/host-call",
                        contestants: [
                            raw.hostCalls(), raw.hostCalls(suspending: true),
                            binding.awaitHostCalls(), binding.syncHostCalls(),
                        ], expected: Memo(callGetExpected).callAsFunction)
                }
            ),
            (
                "async/instantiate-pre-pooling",
                {
                    let rawSetup = try RawSide.instantiationSetup(bytes: instantiationBytes, pooling: true)
                    let bindingSetup = try BindingSide.instantiationSetup(bytes: instantiationBytes, pooling: true)
                    return Case(
                        id: "async/instantiate-pre-pooling",
                        contestants: [
                            RawAsync.preInstantiate(rawSetup),
                            BindingAsync.awaitPreInstantiate(bindingSetup),
                            BindingAsync.syncPreInstantiate(bindingSetup),
                        ], expected: countOperations)
                }
            ),
        ]
    }
}

// MARK: - Raw C

/// Futures driven directly against CWasmtime, with pinned buffers allocated once.
final class RawAsync: @unchecked Sendable {
    let engine: OpaquePointer
    let store: OpaquePointer
    let context: OpaquePointer
    let values = UnsafeMutablePointer<wasmtime_val_t>.allocate(capacity: 4)
    let trap = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
    let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
    let function = UnsafeMutablePointer<wasmtime_func_t>.allocate(capacity: 1)
    var nop = wasmtime_func_t()
    var add = wasmtime_func_t()
    var callGet = wasmtime_func_t()
    /// The same guest with a host function whose continuation stays pending
    /// for one poll, as one that awaits real work must.
    let suspendingStore: OpaquePointer
    let suspendingContext: OpaquePointer
    var suspendingCallGet = wasmtime_func_t()

    init(bytes: [UInt8]) throws {
        engine = wasm_engine_new()
        store = wasmtime_store_new(engine, nil, nil)
        context = wasmtime_store_context(store)
        suspendingStore = wasmtime_store_new(engine, nil, nil)
        suspendingContext = wasmtime_store_context(suspendingStore)
        let module = try RawC.module(engine: engine, bytes: bytes)
        let linker = wasmtime_linker_new(engine)!
        let type = RawC.functype([WASM_I32], [WASM_I32])
        defer { wasm_functype_delete(type) }
        // The host function returns at once: its continuation is ready on the first poll.
        let get: wasmtime_func_async_callback_t = { _, _, args, _, results, _, _, continuation in
            results![0].kind = wasmtime_valkind_t(WASMTIME_I32)
            results![0].of.i32 = args![0].of.i32 &+ 1
            continuation!.pointee = wasmtime_async_continuation_t(callback: { _ in true }, env: nil, finalizer: nil)
        }
        try RawC.check(wasmtime_linker_define_async_func(linker, "host", 4, "get", 3, type, get, nil, nil), "define")
        let instance = UnsafeMutablePointer<wasmtime_instance_t>.allocate(capacity: 1)
        defer { instance.deallocate() }
        trap.pointee = nil
        error.pointee = nil
        let future = wasmtime_linker_instantiate_async(linker, context, module, instance, trap, error)!
        while !wasmtime_call_future_poll(future) {}
        wasmtime_call_future_delete(future)
        try RawC.check(error.pointee, trap: trap.pointee, "instantiate")
        func export(_ name: String) -> wasmtime_func_t {
            var item = wasmtime_extern_t()
            _ = wasmtime_instance_export_get(context, instance, name, name.utf8.count, &item)
            return item.of.func
        }
        nop = export("nop")
        add = export("add")
        callGet = export("call_get")

        // Pending on its first poll, ready on the second: the env counts.
        let suspendingLinker = wasmtime_linker_new(engine)!
        let suspending: wasmtime_func_async_callback_t = { _, _, args, _, results, _, _, continuation in
            results![0].kind = wasmtime_valkind_t(WASMTIME_I32)
            results![0].of.i32 = args![0].of.i32 &+ 1
            let polls = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            polls.initialize(to: 0)
            continuation!.pointee = wasmtime_async_continuation_t(
                callback: { env in
                    let polls = env!.assumingMemoryBound(to: Int.self)
                    polls.pointee += 1
                    return polls.pointee > 1
                },
                env: UnsafeMutableRawPointer(polls),
                finalizer: { env in env!.assumingMemoryBound(to: Int.self).deallocate() })
        }
        try RawC.check(
            wasmtime_linker_define_async_func(
                suspendingLinker, "host", 4, "get", 3, type, suspending,
                nil, nil), "define")
        let suspendingFuture = wasmtime_linker_instantiate_async(
            suspendingLinker, suspendingContext, module,
            instance, trap, error)!
        while !wasmtime_call_future_poll(suspendingFuture) {}
        wasmtime_call_future_delete(suspendingFuture)
        try RawC.check(error.pointee, trap: trap.pointee, "instantiate")
        var item = wasmtime_extern_t()
        _ = wasmtime_instance_export_get(suspendingContext, instance, "call_get", 8, &item)
        suspendingCallGet = item.of.func
    }

    /// One future: start, poll to completion, delete, check.
    @inline(__always)
    func run(_ target: wasmtime_func_t, arguments: Int, results: Int, in context: OpaquePointer? = nil) throws {
        function.pointee = target
        let future = wasmtime_func_call_async(
            context ?? self.context, function, values, arguments,
            values + arguments, results, trap, error)!
        while !wasmtime_call_future_poll(future) {}
        wasmtime_call_future_delete(future)
        if error.pointee != nil || trap.pointee != nil {
            try RawC.check(error.pointee, trap: trap.pointee, "call")
        }
    }

    func call(add: Bool) -> Contestant {
        Contestant(name: "c") { [self] count in
            var sum: UInt64 = 0
            for i in 0..<count {
                if add {
                    values[0].kind = wasmtime_valkind_t(WASMTIME_I32)
                    values[0].of.i32 = Int32(truncatingIfNeeded: i)
                    values[1].kind = wasmtime_valkind_t(WASMTIME_I32)
                    values[1].of.i32 = 1
                    try run(self.add, arguments: 2, results: 1)
                    sum &+= UInt64(UInt32(bitPattern: values[2].of.i32))
                } else {
                    try run(nop, arguments: 0, results: 0)
                    sum &+= 1
                }
            }
            return sum
        }
    }

    /// `c`: the host function is ready at once (never suspends the guest);
    /// `c-suspend`: it is pending for one poll, like one awaiting real work.
    func hostCalls(suspending: Bool = false) -> Contestant {
        Contestant(name: suspending ? "c-suspend" : "c") { [self] count in
            values[0].kind = wasmtime_valkind_t(WASMTIME_I32)
            values[0].of.i32 = Int32(truncatingIfNeeded: count)
            if suspending {
                try run(suspendingCallGet, arguments: 1, results: 1, in: suspendingContext)
            } else {
                try run(callGet, arguments: 1, results: 1)
            }
            return UInt64(UInt32(bitPattern: values[1].of.i32))
        }
    }

    /// A new store, `wasmtime_instance_pre_instantiate_async` polled to
    /// completion, and the store dropped.
    static func preInstantiate(_ setup: RawSide.InstantiationSetup) -> Contestant {
        let instance = UnsafeMutablePointer<wasmtime_instance_t>.allocate(capacity: 1)
        let trap = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        return Contestant(name: "c") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = wasmtime_store_new(setup.engine, nil, nil)!
                trap.pointee = nil
                error.pointee = nil
                let future = wasmtime_instance_pre_instantiate_async(
                    setup.pre, wasmtime_store_context(store),
                    instance, trap, error)!
                while !wasmtime_call_future_poll(future) {}
                wasmtime_call_future_delete(future)
                if error.pointee != nil || trap.pointee != nil {
                    try RawC.check(error.pointee, trap: trap.pointee, "instantiate-pre-async")
                }
                wasmtime_store_delete(store)
                made += 1
            }
            return made
        }
    }
}

// MARK: - Binding

/// The binding's contestants: the `await` ones run in the harness's task
/// (see ``AsyncBatch``), so an awaited call that does not suspend never
/// leaves the thread, exactly like raw C's poll loop beside it.
final class BindingAsync {
    /// A store with the async `host.get`: called with `await` only.
    let asyncStore: Store<Void>
    let asyncInstance: Instance
    /// A store with a synchronous `host.get`, for the synchronous contestants.
    let syncStore: Store<Void>
    let syncInstance: Instance

    nonisolated(nonsending) init(bytes: [UInt8]) async throws {
        let engine = Engine()
        let module = try Module(engine: engine, bytes: bytes)
        let asyncLinker = Linker(engine: engine)
        try asyncLinker.defineAsyncFunction("host", "get") { (x: Int32) async in x &+ 1 }
        asyncStore = Store(engine: engine)
        asyncInstance = try await asyncLinker.instantiateAsync(module, in: asyncStore)
        let syncLinker = Linker(engine: engine)
        try syncLinker.defineFunction("host", "get") { (x: Int32) in x &+ 1 }
        syncStore = Store(engine: engine)
        syncInstance = try syncLinker.instantiate(module, in: syncStore)
    }

    func awaitCall(add: Bool) -> Contestant {
        let instance = asyncInstance
        return Contestant(name: "swift-await") { count in
            var sum: UInt64 = 0
            if add {
                let add = try instance.function("add", (Int32, Int32).self, Int32.self)
                for i in 0..<count {
                    sum &+= UInt64(
                        UInt32(bitPattern: try await add.callAsync(Int32(truncatingIfNeeded: i), Int32(1))))
                }
            } else {
                let nop = try instance.function("nop", Void.self)
                for _ in 0..<count {
                    try await nop.callAsync()
                    sum &+= 1
                }
            }
            return sum
        }
    }

    func syncCall(add: Bool) -> Contestant {
        let instance = syncInstance
        return Contestant(name: "swift-sync") { count in
            var sum: UInt64 = 0
            if add {
                let add = try instance.function("add", (Int32, Int32).self, Int32.self)
                for i in 0..<count { sum &+= UInt64(UInt32(bitPattern: try add(Int32(truncatingIfNeeded: i), 1))) }
            } else {
                let nop = try instance.function("nop", Void.self)
                for _ in 0..<count {
                    try nop()
                    sum &+= 1
                }
            }
            return sum
        }
    }

    func awaitHostCalls() -> Contestant {
        let instance = asyncInstance
        return Contestant(name: "swift-await") { count in
            let callGet = try instance.function("call_get", Int32.self, Int32.self)
            return UInt64(UInt32(bitPattern: try await callGet.callAsync(Int32(truncatingIfNeeded: count))))
        }
    }

    func syncHostCalls() -> Contestant {
        let instance = syncInstance
        return Contestant(name: "swift-sync") { count in
            let callGet = try instance.function("call_get", Int32.self, Int32.self)
            return UInt64(UInt32(bitPattern: try callGet(Int32(truncatingIfNeeded: count))))
        }
    }

    static func awaitPreInstantiate(_ setup: BindingSide.InstantiationSetup) -> Contestant {
        Contestant(name: "swift-await") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: setup.engine)
                _ = try await setup.pre.instantiateAsync(in: store)
                made += 1
            }
            return made
        }
    }

    static func syncPreInstantiate(_ setup: BindingSide.InstantiationSetup) -> Contestant {
        Contestant(name: "swift-sync", run: BindingSide.preInstantiate(setup).run)
    }
}
