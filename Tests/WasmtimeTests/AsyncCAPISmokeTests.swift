import CWasmtime
import Foundation
import Testing

/// Proves the async and guest-profiler declarations against the real library,
/// written straight against `CWasmtime`: futures polled to completion, an
/// async host function whose continuation stays pending for a few polls,
/// fuel and epoch yielding, and a profile whose samples name the functions
/// that ran.
@Suite struct AsyncCAPISmokeTests {
    typealias Failure = ComponentCAPISmokeTests.CAPIFailure

    static func check(_ error: OpaquePointer?, _ what: String) throws {
        try ComponentCAPISmokeTests.check(error, what)
    }

    static let module = """
        (module
          (import "host" "slow" (func $slow (param i32) (result i32)))
          (import "host" "tick" (func $tick))
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func (export "crash") unreachable)
          (func (export "via-host") (param i32) (result i32) local.get 0 call $slow i32.const 1 i32.add)
          (func (export "spin") (param $n i32) (result i32) (local $sum i32)
            (block $done (loop $next
              local.get $n i32.eqz br_if $done
              local.get $sum local.get $n i32.add local.set $sum
              local.get $n i32.const 1 i32.sub local.set $n
              br $next))
            local.get $sum)
          (func (export "ticks") (param $n i32) (result i32) (local $done i32)
            (block $out (loop $next
              local.get $done local.get $n i32.ge_u br_if $out
              call $tick
              local.get $done i32.const 1 i32.add local.set $done
              br $next))
            local.get $done))
        """

    /// What the host functions record; shared with C callbacks through `env`.
    final class Host: @unchecked Sendable {
        var slowCalls = 0
        var continuationPolls = 0
        var continuationsFinalized = 0
        var pendingPolls = 2
        var trapMessage: String?
        var engine: OpaquePointer?
    }

    /// Env of one continuation: counts down, then is ready.
    final class Countdown {
        let host: Host
        var remaining: Int
        init(host: Host, remaining: Int) {
            self.host = host
            self.remaining = remaining
        }
    }

    static func i32(_ value: Int32) -> wasmtime_val_t {
        var result = wasmtime_val_t()
        result.kind = wasmtime_valkind_t(WASMTIME_I32)
        result.of.i32 = value
        return result
    }

    static func functype(params: Int, results: Int) -> OpaquePointer? {
        var parameterTypes = wasm_valtype_vec_t()
        var resultTypes = wasm_valtype_vec_t()
        let p: [OpaquePointer?] = (0..<params).map { _ in wasm_valtype_new(wasm_valkind_t(WASM_I32)) }
        let r: [OpaquePointer?] = (0..<results).map { _ in wasm_valtype_new(wasm_valkind_t(WASM_I32)) }
        wasm_valtype_vec_new(&parameterTypes, p.count, p)
        wasm_valtype_vec_new(&resultTypes, r.count, r)
        return wasm_functype_new(&parameterTypes, &resultTypes)  // takes both vectors
    }

    /// Engine (configured by `configure`), store, module and a linker with
    /// `host.slow` (async) and `host.tick` (sync, bumps the engine's epoch).
    @discardableResult
    static func withLinker<R>(
        configure: (OpaquePointer) -> Void = { _ in },
        asyncHost: Bool = true,
        _ body: (
            _ engine: OpaquePointer, _ store: OpaquePointer, _ context: OpaquePointer,
            _ linker: OpaquePointer, _ module: OpaquePointer, _ host: Host
        ) throws -> R
    ) throws -> R {
        let config = try #require(wasm_config_new())
        configure(config)
        let engine = try #require(wasm_engine_new_with_config(config))
        defer { wasm_engine_delete(engine) }
        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        let context = try #require(wasmtime_store_context(store))

        var binary = wasm_byte_vec_t()
        try check(Self.module.withCString { wasmtime_wat2wasm($0, Self.module.utf8.count, &binary) }, "wat2wasm")
        defer { wasm_byte_vec_delete(&binary) }
        var compiled: OpaquePointer?
        try check(
            UnsafeRawPointer(binary.data).withMemoryRebound(to: UInt8.self, capacity: binary.size) {
                wasmtime_module_new(engine, $0, binary.size, &compiled)
            }, "wasmtime_module_new")
        let module = try #require(compiled)
        defer { wasmtime_module_delete(module) }

        let host = Host()
        host.engine = engine
        let linker = try #require(wasmtime_linker_new(engine))
        defer { wasmtime_linker_delete(linker) }
        let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
            Unmanaged<Host>.fromOpaque(env!).release()
        }

        let slowType = try #require(functype(params: 1, results: 1))
        defer { wasm_functype_delete(slowType) }
        if asyncHost {
            let slow: wasmtime_func_async_callback_t = {
                env, _, args, nargs, results, nresults, trapRet, continuationRet in
                let host = Unmanaged<Host>.fromOpaque(env!).takeUnretainedValue()
                host.slowCalls += 1
                let x = nargs == 1 ? args![0].of.i32 : 0
                if nresults == 1 {
                    results![0] = AsyncCAPISmokeTests.i32(x &* 2)
                }
                if let message = host.trapMessage {
                    trapRet!.pointee = message.withCString { wasmtime_trap_new($0, message.utf8.count) }
                }
                // Every async host call must fill the continuation.
                let countdown = Countdown(host: host, remaining: host.pendingPolls)
                continuationRet!.pointee = wasmtime_async_continuation_t(
                    callback: { env in
                        let countdown = Unmanaged<Countdown>.fromOpaque(env!).takeUnretainedValue()
                        countdown.host.continuationPolls += 1
                        if countdown.remaining == 0 { return true }
                        countdown.remaining -= 1
                        return false
                    },
                    env: Unmanaged.passRetained(countdown).toOpaque(),
                    finalizer: { env in
                        let countdown = Unmanaged<Countdown>.fromOpaque(env!).takeRetainedValue()
                        countdown.host.continuationsFinalized += 1
                    })
            }
            try check(
                wasmtime_linker_define_async_func(
                    linker, "host", 4, "slow", 4, slowType, slow,
                    Unmanaged.passRetained(host).toOpaque(), release), "slow")
        } else {
            let slow: wasmtime_func_callback_t = { _, _, args, _, results, _ in
                results![0] = AsyncCAPISmokeTests.i32(args![0].of.i32 &* 2)
                return nil
            }
            try check(wasmtime_linker_define_func(linker, "host", 4, "slow", 4, slowType, slow, nil, nil), "slow")
        }
        let tickType = try #require(functype(params: 0, results: 0))
        defer { wasm_functype_delete(tickType) }
        let tick: wasmtime_func_callback_t = { env, _, _, _, _, _ in
            let host = Unmanaged<Host>.fromOpaque(env!).takeUnretainedValue()
            wasmtime_engine_increment_epoch(host.engine)
            return nil
        }
        try check(
            wasmtime_linker_define_func(
                linker, "host", 4, "tick", 4, tickType, tick,
                Unmanaged.passRetained(host).toOpaque(), release), "tick")
        return try body(engine, store, context, linker, module, host)
    }

    /// Polls `future` to completion and deletes it; returns how many polls
    /// came back pending.
    static func complete(_ future: OpaquePointer) -> Int {
        var pending = 0
        while !wasmtime_call_future_poll(future) {
            pending += 1
            if pending > 1_000_000 {
                Issue.record("future never completed")
                break
            }
        }
        wasmtime_call_future_delete(future)
        return pending
    }

    struct AsyncOutcome {
        var results: [wasmtime_val_t]
        var pending: Int
        var trap: String?
    }

    /// Arguments, results and the trap/error slots are written while the
    /// future is polled, so they live in storage pinned until it is deleted.
    static func instantiate(_ linker: OpaquePointer, _ context: OpaquePointer, _ module: OpaquePointer) throws
        -> (instance: wasmtime_instance_t, pending: Int)
    {
        let instance = UnsafeMutablePointer<wasmtime_instance_t>.allocate(capacity: 1)
        instance.initialize(to: wasmtime_instance_t())
        let trap = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        trap.initialize(to: nil)
        let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        error.initialize(to: nil)
        defer {
            instance.deallocate()
            trap.deallocate()
            error.deallocate()
        }
        let future = try #require(wasmtime_linker_instantiate_async(linker, context, module, instance, trap, error))
        let pending = complete(future)
        try check(error.pointee, "instantiate_async")
        if let trapped = trap.pointee {
            wasm_trap_delete(trapped)
            throw Failure(description: "instantiation trapped")
        }
        return (instance.pointee, pending)
    }

    static func export(_ name: String, _ instance: wasmtime_instance_t, _ context: OpaquePointer) throws
        -> wasmtime_func_t
    {
        var instance = instance
        var item = wasmtime_extern_t()
        #expect(wasmtime_instance_export_get(context, &instance, name, name.utf8.count, &item))
        #expect(Int(item.kind) == WASMTIME_EXTERN_FUNC)
        return item.of.func
    }

    static func callAsync(
        _ context: OpaquePointer, _ function: wasmtime_func_t, _ args: [wasmtime_val_t],
        results count: Int
    ) throws -> AsyncOutcome {
        let pinnedFunction = UnsafeMutablePointer<wasmtime_func_t>.allocate(capacity: 1)
        pinnedFunction.initialize(to: function)
        let arguments = UnsafeMutableBufferPointer<wasmtime_val_t>.allocate(capacity: max(args.count, 1))
        _ = arguments.initialize(from: args)
        let results = UnsafeMutableBufferPointer<wasmtime_val_t>.allocate(capacity: max(count, 1))
        results.initialize(repeating: wasmtime_val_t())
        let trap = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        trap.initialize(to: nil)
        let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        error.initialize(to: nil)
        defer {
            pinnedFunction.deallocate()
            arguments.deallocate()
            results.deallocate()
            trap.deallocate()
            error.deallocate()
        }
        let future = try #require(
            wasmtime_func_call_async(
                context, pinnedFunction, arguments.baseAddress, args.count,
                results.baseAddress, count, trap, error))
        let pending = complete(future)
        try check(error.pointee, "func_call_async")
        var message: String?
        if let trapped = trap.pointee {
            var bytes = wasm_byte_vec_t()
            wasm_trap_message(trapped, &bytes)
            message = bytes.data.map { String(cString: $0) }
            wasm_byte_vec_delete(&bytes)
            wasm_trap_delete(trapped)
        }
        return AsyncOutcome(results: Array(results.prefix(count)), pending: pending, trap: message)
    }

    // MARK: - Calls

    @Test func asyncHostFunctionSuspendsTheCall() throws {
        let host = try Self.withLinker { _, _, context, linker, module, host in
            let (instance, instantiationPending) = try Self.instantiate(linker, context, module)
            #expect(instantiationPending == 0)
            #expect(instance.store_id != 0)

            let add = try Self.export("add", instance, context)
            let sum = try Self.callAsync(context, add, [Self.i32(2), Self.i32(3)], results: 1)
            #expect(sum.pending == 0)
            #expect(sum.trap == nil)
            #expect(Int(sum.results[0].kind) == WASMTIME_I32)
            #expect(sum.results[0].of.i32 == 5)

            let viaHost = try Self.export("via-host", instance, context)
            let outcome = try Self.callAsync(context, viaHost, [Self.i32(20)], results: 1)
            // The continuation was pending for two polls, and so was the call.
            #expect(outcome.pending == 2)
            #expect(outcome.trap == nil)
            #expect(outcome.results[0].of.i32 == 41)
            #expect(host.slowCalls == 1)
            #expect(host.continuationPolls == 3)
            #expect(host.continuationsFinalized == 1)

            host.pendingPolls = 0
            let immediate = try Self.callAsync(context, viaHost, [Self.i32(-5)], results: 1)
            #expect(immediate.pending == 0)
            #expect(immediate.results[0].of.i32 == -9)
            return host
        }
        #expect(host.continuationsFinalized == 2)
    }

    /// A message trap set by an async host function is reported once its
    /// continuation completes, through the future's *error* slot (only traps
    /// with a code use the trap slot in the async calls); a guest trap with a
    /// code comes back through the trap slot.
    @Test func asyncTrapsAndErrors() throws {
        try Self.withLinker { _, _, context, linker, module, host in
            let (instance, _) = try Self.instantiate(linker, context, module)
            host.trapMessage = "host refused"
            let viaHost = try Self.export("via-host", instance, context)
            let refused = #expect(throws: Failure.self) {
                _ = try Self.callAsync(context, viaHost, [Self.i32(1)], results: 1)
            }
            #expect(refused?.description.contains("host refused") == true)
            #expect(host.continuationPolls == 3)  // the error is read only after the continuation is ready
            #expect(host.continuationsFinalized == 1)

            let crash = try Self.export("crash", instance, context)
            let crashed = try Self.callAsync(context, crash, [], results: 0)
            #expect(crashed.trap?.contains("unreachable") == true)

            // The store stays usable.
            host.trapMessage = nil
            let again = try Self.callAsync(context, viaHost, [Self.i32(1)], results: 1)
            #expect(again.results[0].of.i32 == 3)
        }
    }

    /// Once a store has instantiated against async host functions, the
    /// synchronous entry points return an error (no abort).
    @Test func synchronousUseOfAnAsyncStoreIsAnError() throws {
        try Self.withLinker { _, _, context, linker, module, _ in
            var instance = wasmtime_instance_t()
            var trap: OpaquePointer?
            let refused = #expect(throws: Failure.self) {
                try Self.check(wasmtime_linker_instantiate(linker, context, module, &instance, &trap), "instantiate")
            }
            #expect(refused?.description.contains("`*_async` functions are used instead") == true)
            #expect(trap == nil)

            let (asyncInstance, _) = try Self.instantiate(linker, context, module)
            var add = try Self.export("add", asyncInstance, context)
            var results = [wasmtime_val_t()]
            let syncCall = #expect(throws: Failure.self) {
                try Self.check(
                    wasmtime_func_call(context, &add, [Self.i32(1), Self.i32(2)], 2, &results, 1, &trap),
                    "call")
            }
            #expect(syncCall?.description.contains("`*_async` functions are used instead") == true)
        }
    }

    /// Without async host functions, sync and async calls mix in one store.
    @Test func syncAndAsyncCallsMix() throws {
        try Self.withLinker(asyncHost: false) { _, _, context, linker, module, _ in
            var instance = wasmtime_instance_t()
            var trap: OpaquePointer?
            try Self.check(wasmtime_linker_instantiate(linker, context, module, &instance, &trap), "instantiate")
            #expect(trap == nil)
            let viaHost = try Self.export("via-host", instance, context)
            let outcome = try Self.callAsync(context, viaHost, [Self.i32(4)], results: 1)
            #expect(outcome.results[0].of.i32 == 9)
            var function = viaHost
            var results = [wasmtime_val_t()]
            try Self.check(wasmtime_func_call(context, &function, [Self.i32(4)], 1, &results, 1, &trap), "call")
            #expect(results[0].of.i32 == 9)
        }
    }

    /// Deleting a future whose call is suspended in an async host function
    /// (cancellation) finalizes the pending continuation and leaves the store
    /// usable for the next call.
    @Test func deletingAPendingFuture() throws {
        try Self.withLinker { _, _, context, linker, module, host in
            let (instance, _) = try Self.instantiate(linker, context, module)
            let viaHost = try Self.export("via-host", instance, context)
            let function = UnsafeMutablePointer<wasmtime_func_t>.allocate(capacity: 1)
            function.initialize(to: viaHost)
            let argument = UnsafeMutablePointer<wasmtime_val_t>.allocate(capacity: 1)
            argument.initialize(to: Self.i32(10))
            let result = UnsafeMutablePointer<wasmtime_val_t>.allocate(capacity: 1)
            result.initialize(to: wasmtime_val_t())
            let trap = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            trap.initialize(to: nil)
            let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            error.initialize(to: nil)
            defer {
                function.deallocate()
                argument.deallocate()
                result.deallocate()
                trap.deallocate()
                error.deallocate()
            }
            let future = try #require(wasmtime_func_call_async(context, function, argument, 1, result, 1, trap, error))
            #expect(!wasmtime_call_future_poll(future))
            #expect(host.slowCalls == 1)
            #expect(host.continuationsFinalized == 0)
            wasmtime_call_future_delete(future)
            #expect(host.continuationsFinalized == 1)
            #expect(trap.pointee == nil)
            #expect(error.pointee == nil)

            let next = try Self.callAsync(context, viaHost, [Self.i32(10)], results: 1)
            #expect(next.pending == 2)
            #expect(next.results[0].of.i32 == 21)
        }
    }

    // MARK: - Yielding

    @Test func fuelYielding() throws {
        let consumeFuel: (OpaquePointer) -> Void = { wasmtime_config_consume_fuel_set($0, true) }
        try Self.withLinker(configure: consumeFuel) { _, _, context, linker, module, _ in
            try Self.check(wasmtime_context_set_fuel(context, 50_000_000), "fuel")
            let (instance, _) = try Self.instantiate(linker, context, module)
            let spin = try Self.export("spin", instance, context)
            let unyielding = try Self.callAsync(context, spin, [Self.i32(50_000)], results: 1)
            #expect(unyielding.pending == 0)
            #expect(unyielding.results[0].of.i32 == 1_250_025_000)

            try Self.check(wasmtime_context_fuel_async_yield_interval(context, 10_000), "yield interval")
            let yielding = try Self.callAsync(context, spin, [Self.i32(50_000)], results: 1)
            #expect(yielding.pending > 10)
            #expect(yielding.results[0].of.i32 == 1_250_025_000)
        }
    }

    /// The fuel yield interval needs fuel consumption: an error otherwise.
    @Test func fuelYieldingWithoutFuelIsAnError() throws {
        try Self.withLinker { _, _, context, _, _, _ in
            #expect(throws: Failure.self) {
                try Self.check(wasmtime_context_fuel_async_yield_interval(context, 10_000), "yield interval")
            }
        }
    }

    /// `wasmtime_context_epoch_deadline_async_yield_and_update` returns
    /// nothing (the headers claim an error pointer): each epoch tick the guest
    /// makes through `host.tick` yields once.
    @Test func epochYielding() throws {
        let interruptible: (OpaquePointer) -> Void = { wasmtime_config_epoch_interruption_set($0, true) }
        try Self.withLinker(configure: interruptible) { _, _, context, linker, module, _ in
            wasmtime_context_set_epoch_deadline(context, 1)
            wasmtime_context_epoch_deadline_async_yield_and_update(context, 1)
            let (instance, _) = try Self.instantiate(linker, context, module)
            let ticks = try Self.export("ticks", instance, context)
            let outcome = try Self.callAsync(context, ticks, [Self.i32(5)], results: 1)
            #expect(outcome.trap == nil)
            #expect(outcome.results[0].of.i32 == 5)
            #expect(outcome.pending == 5)
        }
    }

    // MARK: - Guest profiler

    static let profiled = """
        (module
          (import "host" "sample" (func $sample))
          (func $hot_a (export "hot_a") (param $n i32)
            (loop $l call $sample local.get $n i32.const 1 i32.sub local.tee $n br_if $l))
          (func $hot_b (export "hot_b") (param $n i32)
            (loop $l call $sample local.get $n i32.const 1 i32.sub local.tee $n br_if $l))
          (func (export "main") i32.const 30 call $hot_a i32.const 10 call $hot_b))
        """

    final class Sampler: @unchecked Sendable {
        var profiler: OpaquePointer?
        var store: OpaquePointer?
        var samples = 0
    }

    /// Samples taken from a host function while wasm runs come back in the
    /// Firefox-profiler JSON with the right leaf function for each sample.
    @Test func guestProfilerSamplesNameTheRunningFunctions() throws {
        let engine = try #require(wasm_engine_new())
        defer { wasm_engine_delete(engine) }
        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        let context = try #require(wasmtime_store_context(store))
        var binary = wasm_byte_vec_t()
        try Self.check(Self.profiled.withCString { wasmtime_wat2wasm($0, Self.profiled.utf8.count, &binary) }, "wat")
        defer { wasm_byte_vec_delete(&binary) }
        var compiled: OpaquePointer?
        try Self.check(
            UnsafeRawPointer(binary.data).withMemoryRebound(to: UInt8.self, capacity: binary.size) {
                wasmtime_module_new(engine, $0, binary.size, &compiled)
            }, "module")
        let module = try #require(compiled)
        defer { wasmtime_module_delete(module) }

        var profileName = wasm_byte_vec_t()
        wasm_byte_vec_new(&profileName, 3, "hot")
        defer { wasm_byte_vec_delete(&profileName) }
        var moduleName = wasm_byte_vec_t()
        wasm_byte_vec_new(&moduleName, 8, "hot.wasm")
        defer { wasm_byte_vec_delete(&moduleName) }
        let sampler = Sampler()
        sampler.store = store
        sampler.profiler = withUnsafePointer(to: &moduleName) { name in
            var modules = wasmtime_guestprofiler_modules_t(name: name, mod: module)
            return wasmtime_guestprofiler_new(engine, &profileName, 1_000_000, &modules, 1)
        }
        let profiler = try #require(sampler.profiler)

        let linker = try #require(wasmtime_linker_new(engine))
        defer { wasmtime_linker_delete(linker) }
        let sampleType = try #require(Self.functype(params: 0, results: 0))
        defer { wasm_functype_delete(sampleType) }
        let sample: wasmtime_func_callback_t = { env, _, _, _, _, _ in
            let sampler = Unmanaged<Sampler>.fromOpaque(env!).takeUnretainedValue()
            wasmtime_guestprofiler_sample(sampler.profiler, sampler.store, 1_000_000)
            sampler.samples += 1
            return nil
        }
        try Self.check(
            wasmtime_linker_define_func(
                linker, "host", 4, "sample", 6, sampleType, sample,
                Unmanaged.passUnretained(sampler).toOpaque(), nil), "define")
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        try Self.check(wasmtime_linker_instantiate(linker, context, module, &instance, &trap), "instantiate")
        var main = try Self.export("main", instance, context)
        try Self.check(wasmtime_func_call(context, &main, nil, 0, nil, 0, &trap), "main")
        #expect(trap == nil)
        #expect(sampler.samples == 40)

        var json = wasm_byte_vec_t()
        try Self.check(wasmtime_guestprofiler_finish(profiler, &json), "finish")  // consumes the profiler
        defer { wasm_byte_vec_delete(&json) }
        let data = Data(bytes: try #require(json.data), count: json.size)
        let profile = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let thread = try #require((profile["threads"] as? [[String: Any]])?.first)
        #expect(thread["name"] as? String == "hot")
        let strings = try #require(thread["stringArray"] as? [String])
        let stackFrames = try #require((thread["stackTable"] as? [String: Any])?["frame"] as? [Int])
        let frameFuncs = try #require((thread["frameTable"] as? [String: Any])?["func"] as? [Int])
        let funcNames = try #require((thread["funcTable"] as? [String: Any])?["name"] as? [Int])
        let stacks = try #require((thread["samples"] as? [String: Any])?["stack"] as? [Int?])
        var leaves: [String: Int] = [:]
        for stack in stacks {
            let stack = try #require(stack)
            leaves[strings[funcNames[frameFuncs[stackFrames[stack]]]], default: 0] += 1
        }
        #expect(leaves == ["hot_a": 30, "hot_b": 10])
    }

    // MARK: - Component model, async

    final class ComponentHost: @unchecked Sendable {
        var calls = 0
        var continuationPolls = 0
        var finalized = 0
        var failWith: String?
    }

    /// Component instantiation and calls through futures, with an async host
    /// function whose continuation stays pending for two polls.
    @Test func componentAsync() throws {
        let state = ComponentHost()
        try ComponentCAPISmokeTests.withComponent(ComponentCAPISmokeTests.usesHost) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }
                let callback: wasmtime_component_func_async_callback_t = {
                    env, _, _, args, _, results, _, errorRet, continuationRet in
                    let state = Unmanaged<ComponentHost>.fromOpaque(env!).takeUnretainedValue()
                    state.calls += 1
                    if let message = state.failWith {
                        // Read right after this callback returns: the continuation never runs.
                        errorRet!.pointee = message.withCString { wasmtime_error_new($0) }
                    }
                    results![0] = ComponentCAPISmokeTests.u32(args![0].of.u32 &+ args![1].of.u32)
                    continuationRet!.pointee = wasmtime_async_continuation_t(
                        callback: { env in
                            let state = Unmanaged<ComponentHost>.fromOpaque(env!).takeUnretainedValue()
                            state.continuationPolls += 1
                            return state.continuationPolls % 3 == 0
                        },
                        env: env,
                        finalizer: { env in
                            Unmanaged<ComponentHost>.fromOpaque(env!).takeUnretainedValue().finalized += 1
                        })
                }
                let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
                    Unmanaged<ComponentHost>.fromOpaque(env!).release()
                }
                try Self.check(
                    wasmtime_component_linker_instance_add_func_async(
                        root, "host-add", 8, callback, Unmanaged.passRetained(state).toOpaque(), release),
                    "add_func_async")
            }

            let instance = UnsafeMutablePointer<wasmtime_component_instance_t>.allocate(capacity: 1)
            instance.initialize(to: wasmtime_component_instance_t())
            let error = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            error.initialize(to: nil)
            defer {
                instance.deallocate()
                error.deallocate()
            }
            let instantiation = try #require(
                wasmtime_component_linker_instantiate_async(
                    linker, context, component, instance, error))
            #expect(Self.complete(instantiation) == 0)
            try Self.check(error.pointee, "instantiate_async")

            let function = UnsafeMutablePointer<wasmtime_component_func_t>.allocate(capacity: 1)
            function.initialize(to: try ComponentCAPISmokeTests.function("twice", in: instance.pointee, context))
            let arguments = UnsafeMutablePointer<wasmtime_component_val_t>.allocate(capacity: 1)
            arguments.initialize(to: ComponentCAPISmokeTests.u32(21))
            let results = UnsafeMutablePointer<wasmtime_component_val_t>.allocate(capacity: 1)
            results.initialize(to: wasmtime_component_val_t())
            defer {
                function.deallocate()
                arguments.deallocate()
                results.deallocate()
            }

            let call = try #require(
                wasmtime_component_func_call_async(function, context, arguments, 1, results, 1, error))
            #expect(Self.complete(call) == 2)
            try Self.check(error.pointee, "func_call_async")
            #expect(Int(results.pointee.kind) == WASMTIME_COMPONENT_U32)
            #expect(results.pointee.of.u32 == 42)
            #expect(state.calls == 1)
            #expect(state.continuationPolls == 3)
            #expect(state.finalized == 1)

            // An error set by the callback fails the call without polling the continuation.
            state.failWith = "component host refused"
            let failing = try #require(
                wasmtime_component_func_call_async(
                    function, context, arguments, 1, results, 1,
                    error))
            #expect(Self.complete(failing) == 0)
            let refused = #expect(throws: Failure.self) { try Self.check(error.pointee, "func_call_async") }
            #expect(refused?.description.contains("component host refused") == true)
            #expect(state.continuationPolls == 3)
            #expect(state.finalized == 2)  // the unpolled continuation is still finalized
        }
        #expect(state.finalized == 2)
    }

    /// The async WASI entry points of the component linker.
    @Test func componentAsyncWASIEntryPoints() throws {
        try ComponentCAPISmokeTests.withComponent(ComponentCAPISmokeTests.adder) { engine, _, _ in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            try Self.check(wasmtime_component_linker_add_wasip2_async(linker), "add_wasip2_async")
            try Self.check(wasmtime_component_linker_add_wasi_http_async(linker), "add_wasi_http_async")
        }
    }

}
