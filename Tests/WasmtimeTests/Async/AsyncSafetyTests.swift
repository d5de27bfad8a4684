import Testing
import Wasmtime

/// Misuse of async calls: each case is a thrown error, never an abort.
/// (Sending a store to another task does not compile: stores are not
/// `Sendable`. These cases share one store between tasks of one actor.)
@Suite struct AsyncSafetyTests {
    /// A store of the main actor whose `host.slow` waits until released.
    @MainActor final class Shared {
        let store: Store<Void>
        let instance: Instance
        let gate = Gate()

        init() async throws {
            store = Store(engine: Engine())
            let gate = self.gate
            instance = try await AsyncGuest.instance(store: store) { value in
                await gate.wait()
                return value
            }
        }
    }

    /// Opens once; waiters resume when it does.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private(set) var arrivals = 0

        func wait() async {
            arrivals += 1
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func open() {
            isOpen = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    /// Starts `via-host` on the main actor and waits until it is suspended
    /// in the host function.
    @MainActor static func suspendedCall(_ shared: Shared) async throws -> Task<Int32, any Error> {
        let viaHost = try shared.instance.function("via-host", Int32.self, Int32.self)
        let call = Task { @MainActor in try await viaHost.callAsync(Int32(41)) }
        while await shared.gate.arrivals == 0 { await Task.yield() }
        #expect(shared.store.isAsyncCallInFlight)
        return call
    }

    @Test @MainActor func secondConcurrentAsyncCallIsAnError() async throws {
        let shared = try await Shared()
        let call = try await Self.suspendedCall(shared)
        let add = try shared.instance.function("add", (Int32, Int32).self, Int32.self)
        let error = await #expect(throws: WasmtimeError.self) { _ = try await add.callAsync(Int32(1), Int32(2)) }
        #expect(error?.message.contains("already in flight") == true)
        let untyped = try shared.instance.function("add")
        await #expect(throws: WasmtimeError.self) { _ = try await untyped.callAsync(.i32(1), .i32(2)) }
        let module = try Module(engine: shared.store.engine, wat: "(module)")
        await #expect(throws: WasmtimeError.self) {
            _ = try await Linker(engine: shared.store.engine).instantiateAsync(module, in: shared.store)
        }
        await shared.gate.open()
        #expect(try await call.value == 42)
        #expect(try await add.callAsync(Int32(1), Int32(2)) == 3)
    }

    @Test @MainActor func synchronousCallWhileAnAsyncCallIsSuspendedIsAnError() async throws {
        let shared = try await Shared()
        let call = try await Self.suspendedCall(shared)
        let add = try shared.instance.function("add", (Int32, Int32).self, Int32.self)
        let typed = #expect(throws: WasmtimeError.self) { _ = try add(1, 2) }
        #expect(typed?.message.contains("suspended") == true)
        let untyped = try shared.instance.function("add")
        let dynamic = #expect(throws: WasmtimeError.self) { _ = try untyped.call(.i32(1), .i32(2)) }
        #expect(dynamic?.message.contains("suspended") == true)
        let module = try Module(engine: shared.store.engine, wat: "(module)")
        #expect(throws: WasmtimeError.self) { _ = try Instance(store: shared.store, module: module) }
        await shared.gate.open()
        #expect(try await call.value == 42)
    }

    /// In a store without async host functions, a synchronous call while a
    /// fuel-yielding async call is suspended is refused, saying so.
    @Test @MainActor func synchronousCallDuringAYieldIsAnError() async throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        try store.setFuel(UInt64.max / 2)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: AsyncGuest.plain))
        try store.setAsyncYieldInterval(fuel: 10_000)
        let spin = try instance.function("spin", Int64.self, Int64.self)
        let add = try instance.function("add", (Int32, Int32).self, Int32.self)
        let call = Task { @MainActor in try await spin.callAsync(Int64(2_000_000)) }
        var refusals = 0
        while !store.isAsyncCallInFlight { await Task.yield() }
        while store.isAsyncCallInFlight {
            do {
                _ = try add(1, 2)
            } catch let error as WasmtimeError {
                #expect(error.message.contains("suspended"))
                refusals += 1
            }
            await Task.yield()
        }
        #expect(try await call.value == 2_000_000 * 2_000_001 / 2)
        #expect(refusals > 0)
        // A yielding store refuses synchronous calls altogether (Wasmtime does too).
        let refused = #expect(throws: WasmtimeError.self) { _ = try add(1, 2) }
        #expect(refused?.message.contains("async calls") == true)
    }

    /// A store that has seen async host functions refuses synchronous use
    /// with an error: Wasmtime refuses synchronous instantiation and checked
    /// calls itself, but its unchecked call (the typed calls' path) aborts
    /// the process when it reaches an async host function.
    @Test func storesWithAsyncHostFunctionsRefuseSynchronousUse() async throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: AsyncGuest.wat)
        let linker = try AsyncGuest.linker(engine: engine) { $0 }
        let store = Store(engine: engine)
        let instantiation = #expect(throws: WasmtimeError.self) { _ = try linker.instantiate(module, in: store) }
        #expect(instantiation?.message.contains("async") == true)
        let pre = try linker.instantiatePre(module)
        #expect(throws: WasmtimeError.self) { _ = try pre.instantiate(in: store) }

        let instance = try await linker.instantiateAsync(module, in: store)
        let add = try instance.function("add", (Int32, Int32).self, Int32.self)
        let call = #expect(throws: WasmtimeError.self) { _ = try add(1, 2) }
        #expect(call?.message.contains("async") == true)
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        #expect(throws: WasmtimeError.self) { _ = try viaHost(1) }
        #expect(throws: WasmtimeError.self) { _ = try instance.function("via-host").call(.i32(1)) }
        #expect(try await add.callAsync(Int32(1), Int32(2)) == 3)
    }

    /// Cancelling a call suspended in a host function deletes the future
    /// mid-call: the continuation is finalized, the host's late result is
    /// dropped, and the store runs the next call normally.
    @Test func cancellingMidCallLeavesTheStoreUsable() async throws {
        let task = Task { () async throws -> Int32 in
            let instance = try await AsyncGuest.instance { value in
                try? await Task.sleep(for: .seconds(30))  // ignores the cancellation, returns at once
                return value
            }
            let viaHost = try instance.function("via-host", Int32.self, Int32.self)
            let trap = await #expect(throws: Trap.self) { _ = try await viaHost.callAsync(Int32(1)) }
            #expect(trap?.code == .interrupt)
            let add = try instance.function("add", (Int32, Int32).self, Int32.self)
            return try await add.callAsync(Int32(20), Int32(22))
        }
        try await Task.sleep(for: .milliseconds(30))
        task.cancel()
        #expect(try await task.value == 42)
    }
}
