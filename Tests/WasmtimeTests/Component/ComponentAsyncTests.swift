import Testing
import Wasmtime
import WasmtimeTestSupport

/// Async component calls, instantiation and host functions: results,
/// traps and host errors as the synchronous calls give them; host
/// functions that await, throw after awaiting, nest into another store;
/// cancellation; the one-call-per-store rule.
@Suite struct ComponentAsyncTests {
    struct HostFailure: Error, Equatable {
        var reason: String
    }

    let engine = Engine()

    /// A linker whose three `callsHost` imports are async: `host-echo`
    /// reverses its string after sleeping, `host-count` counts scalars plus
    /// `extra` after yielding, `double` doubles after sleeping; `calls`
    /// counts the host calls.
    func asyncLinker(calls: Box<Int>, sleep: Duration = .milliseconds(2)) throws -> ComponentLinker {
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("host-echo") { arguments in
            try await Task.sleep(for: sleep)
            calls.value = (calls.value ?? 0) + 1
            guard case .string(let text) = arguments[0] else { throw HostFailure(reason: "not a string") }
            return [.string(String(text.reversed()))]
        }
        try linker.defineAsyncFunction("host-count") { arguments in
            await Task.yield()
            calls.value = (calls.value ?? 0) + 1
            guard case .string(let text) = arguments[0], case .u32(let extra) = arguments[1] else { return [] }
            return [.u32(UInt32(text.unicodeScalars.count) + extra)]
        }
        try linker.defineAsyncFunction("wasi:test/host@0.1.0", "double") { arguments in
            try await Task.sleep(for: sleep)
            calls.value = (calls.value ?? 0) + 1
            guard case .u32(let x) = arguments.first else { return [] }
            if x == 13 { throw HostFailure(reason: "unlucky \(x)") }
            return [.u32(x &* 2)]
        }
        return linker
    }

    @Test func asyncCallsGiveWhatSynchronousCallsGive() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let linker = ComponentLinker(engine: engine)
        let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
        let add = try instance.function("add")
        #expect(try await add.callAsync(.u32(2), .u32(40)) == [.u32(42)])
        #expect(try await add.callAsync([.u32(UInt32.max), .u32(2)]) == [.u32(1)])
        // Type errors are checked before the call, the store stays usable.
        let wrongKind = await #expect(throws: WasmtimeError.self) { try await add.callAsync(.u32(1), .string("2")) }
        #expect(wrongKind?.kind == .typeMismatch)
        let arity = await #expect(throws: WasmtimeError.self) { try await add.callAsync(.u32(1)) }
        #expect(arity?.kind == .typeMismatch)
        #expect(try add(.u32(3), .u32(4)) == .u32(7))  // no async host functions: sync calls still work
        // A trap is the synchronous call's trap.
        let trap = await #expect(throws: Trap.self) { try await instance.function("fail").callAsync() }
        #expect(trap?.code == .unreachable)
    }

    /// Typed calls awaited: Swift values lowered straight into the future's
    /// frame, results lifted from it; errors as the dynamic async calls.
    @Test func typedAsyncCalls() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let instance = try await ComponentLinker(engine: engine).instantiateAsync(component, in: Store(engine: engine))
        let add = try instance.function("add", (UInt32, UInt32).self, UInt32.self)
        #expect(try await add.callAsync(UInt32(2), UInt32(40)) == 42)
        #expect(try await add.callAsync(UInt32.max, UInt32(2)) == 1)
        let fail = try instance.function("fail", Void.self)
        let trap = await #expect(throws: Trap.self) { try await fail.callAsync() }
        #expect(trap?.code == .unreachable)

        let calls = Box<Int>()
        let hostCalling = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let withHost = try await asyncLinker(calls: calls).instantiateAsync(hostCalling, in: Store(engine: engine))
        let callHost = try withHost.function("call-host", String.self, String.self)
        #expect(try await callHost.callAsync("héllo 🦀") == "🦀 olléh")
        let long = String(repeating: "abc", count: 50_000)
        #expect(try await callHost.callAsync(long) == String(long.reversed()))
        let twice = try withHost.function("twice", UInt32.self, UInt32.self)
        #expect(try await twice.callAsync(UInt32(5)) == 20)
        // An async host function's error comes out unchanged.
        let failure = await #expect(throws: HostFailure.self) { try await twice.callAsync(UInt32(13)) }
        #expect(failure == HostFailure(reason: "unlucky 13"))
        #expect(calls.value == 5)  // two strings, double(5), double(10), double(13)
    }

    @Test func hostFunctionsThatSleep() async throws {
        let calls = Box<Int>()
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let instance = try await asyncLinker(calls: calls).instantiateAsync(component, in: Store(engine: engine))
        #expect(try await instance.function("call-host").callAsync("héllo 🦀") == [.string("🦀 olléh")])
        #expect(try await instance.function("count").callAsync("abc") == [.u32(10)])
        #expect(try await instance.function("twice").callAsync(.u32(5)) == [.u32(20)])
        let long = String(repeating: "xyz", count: 100_000)
        #expect(try await instance.function("call-host").callAsync(.string(long)) == [.string(String(long.reversed()))])
        #expect(calls.value == 5)
    }

    /// Lets callers through only when `size` of them have arrived.
    actor Gate {
        let size: Int
        var waiting: [CheckedContinuation<Void, Never>] = []

        init(size: Int) { self.size = size }

        func arrive() async {
            if waiting.count + 1 == size {
                for continuation in waiting { continuation.resume() }
                waiting.removeAll()
            } else {
                await withCheckedContinuation { waiting.append($0) }
            }
        }
    }

    /// Ten guests in ten stores are suspended in their host functions at
    /// the same time: each host call waits until all ten have arrived,
    /// which could never happen if a suspended guest held a thread of the
    /// (much smaller) cooperative pool. (A timing bound would be flaky
    /// while other suites keep the pool busy.)
    @Test(.timeLimit(.minutes(1))) func suspendedGuestsDoNotHoldThreads() async throws {
        let engine = engine
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let gate = Gate(size: 10)
        try await withThrowingTaskGroup(of: ComponentValue.self) { group in
            for index in 0..<10 {
                group.addTask {
                    let linker = ComponentLinker(engine: engine)
                    try linker.defineAsyncFunction("wasi:test/host@0.1.0", "double") { arguments in
                        await gate.arrive()
                        guard case .u32(let x) = arguments[0] else { return [] }
                        return [.u32(x * 2)]
                    }
                    try linker.defineFunction("host-echo") { $0 }
                    try linker.defineFunction("host-count") { _ in [.u32(0)] }
                    let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
                    // `twice` calls `double` twice: two rounds through the gate.
                    return try await instance.function("twice").callAsync(.u32(UInt32(index)))[0]
                }
            }
            var results: [ComponentValue] = []
            for try await result in group { results.append(result) }
            #expect(Set(results.map(\.description)) == Set((0..<10).map { "\($0 * 4)" }))
        }
    }

    @Test func errorsThrownAfterAwaitingComeOutUnchanged() async throws {
        let calls = Box<Int>()
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let store = Store(engine: engine)
        let instance = try await asyncLinker(calls: calls).instantiateAsync(component, in: store)
        let error = await #expect(throws: HostFailure.self) {
            try await instance.function("twice").callAsync(.u32(13))
        }
        #expect(error == HostFailure(reason: "unlucky 13"))
        #expect(!store.isAsyncCallInFlight)
        // As after a synchronous host error (a trap for Wasmtime), the store's
        // component instances are not entered again: a clean `Trap`.
        let again = try await asyncLinker(calls: calls).instantiateAsync(component, in: store)
        let poisoned = await #expect(throws: Trap.self) { try await again.function("twice").callAsync(.u32(1)) }
        #expect(poisoned?.code == .cannotEnterComponent)
        let syncStore = Store(engine: engine)
        let syncLinker = ComponentLinker(engine: engine)
        try syncLinker.defineFunction("host-echo") { _ in throw HostFailure(reason: "sync") }
        try syncLinker.defineFunction("host-count") { _ in [.u32(0)] }
        try syncLinker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
        #expect(throws: HostFailure.self) {
            try syncLinker.instantiate(component, in: syncStore).function("call-host").call("x")
        }
        let syncPoisoned = #expect(throws: Trap.self) {
            try syncLinker.instantiate(component, in: syncStore).function("twice").call(.u32(1))
        }
        #expect(syncPoisoned?.code == poisoned?.code)
        // A new store runs again.
        let fresh = try await asyncLinker(calls: calls).instantiateAsync(component, in: Store(engine: engine))
        #expect(try await fresh.function("twice").callAsync(.u32(1)) == [.u32(4)])
    }

    @Test func errorsBeforeAndAfterAwaitingMatchTheSynchronousHostFunction() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        // Synchronous reference: the error of a synchronous host function.
        let syncLinker = ComponentLinker(engine: engine)
        try syncLinker.defineFunction("host-echo") { _ in throw HostFailure(reason: "echo") }
        try syncLinker.defineFunction("host-count") { _ in [.u32(0)] }
        try syncLinker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
        let syncError = #expect(throws: HostFailure.self) {
            try syncLinker.instantiate(component, in: Store(engine: self.engine)).function("call-host").call("x")
        }
        for awaitsFirst in [false, true] {
            let linker = ComponentLinker(engine: engine)
            try linker.defineAsyncFunction("host-echo") { _ in
                if awaitsFirst { try await Task.sleep(for: .milliseconds(1)) }
                throw HostFailure(reason: "echo")
            }
            try linker.defineFunction("host-count") { _ in [.u32(0)] }
            try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
            let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
            let asyncError = await #expect(throws: HostFailure.self) {
                try await instance.function("call-host").callAsync("x")
            }
            #expect(asyncError == syncError)
        }
    }

    @Test func wrongResultsOfAnAsyncHostFunctionAreTypeErrors() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("host-echo") { _ in
            await Task.yield()
            return [.u32(1)]
        }
        try linker.defineAsyncFunction("host-count") { _ in [] }
        try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
        // A store each: the failed call leaves its store's instances unenterable.
        let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
        let kind = await #expect(throws: WasmtimeError.self) { try await instance.function("call-host").callAsync("x") }
        #expect(kind?.kind == .typeMismatch)
        let other = try await linker.instantiateAsync(component, in: Store(engine: engine))
        let count = await #expect(throws: WasmtimeError.self) { try await other.function("count").callAsync("x") }
        #expect(count?.kind == .typeMismatch)
        #expect(count?.message.contains("returned 0 result(s)") == true)
    }

    /// host → wasm → async host → wasm of another store → async host: the
    /// inner store's call is awaited inside the outer host function.
    @Test func nestedAcrossStores() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let calls = Box<Int>()
        let innerInstance = try await asyncLinker(calls: calls).instantiateAsync(component, in: Store(engine: engine))
        let innerTwice = try innerInstance.function("twice")
        let outer = ComponentLinker(engine: engine)
        let innerBox = Box<ComponentFunc>()
        innerBox.value = innerTwice
        try outer.defineAsyncFunction("wasi:test/host@0.1.0", "double") { arguments in
            // `twice` in the inner store doubles twice through its own async host.
            try await innerBox.value!.callAsync(arguments)
        }
        try outer.defineFunction("host-echo") { $0 }
        try outer.defineFunction("host-count") { _ in [.u32(0)] }
        let instance = try await outer.instantiateAsync(component, in: Store(engine: engine))
        // twice(x) = inner(inner(x)) = 16x.
        #expect(try await instance.function("twice").callAsync(.u32(3)) == [.u32(48)])
        #expect(calls.value == 4)
    }

    /// A suspended host function cannot re-enter its own store: neither
    /// asynchronously (one future per store) nor synchronously.
    @Test func oneCallPerStore() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let store = Store(engine: engine)
        let instance = Box<ComponentInstance>()
        let messages = Box<[String]>()
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("wasi:test/host@0.1.0", "double") { arguments in
            let count = try instance.value!.function("count")
            do {
                _ = try await count.callAsync("nested")
            } catch let error as WasmtimeError {
                messages.value = (messages.value ?? []) + ["async: " + error.message]
            }
            do {
                _ = try count.call("nested")
            } catch let error as WasmtimeError {
                messages.value = (messages.value ?? []) + ["sync: " + error.message]
            }
            return arguments
        }
        try linker.defineFunction("host-echo") { $0 }
        try linker.defineFunction("host-count") { _ in [.u32(0)] }
        instance.value = try await linker.instantiateAsync(component, in: store)
        #expect(try await instance.value!.function("twice").callAsync(.u32(6)) == [.u32(6)])
        instance.value = nil  // the closure would keep its own store alive
        let recorded = try #require(messages.value)
        #expect(recorded.count == 4)
        #expect(recorded[0].hasPrefix("async: ") && recorded[0].contains("already in flight"))
        #expect(recorded[1].hasPrefix("sync: ") && recorded[1].contains("suspended"))
    }

    @Test func synchronousCallsAreRefusedInAnAsyncOnlyStore() async throws {
        let calls = Box<Int>()
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let linker = try asyncLinker(calls: calls)
        let store = Store(engine: engine)
        let syncInstantiate = #expect(throws: WasmtimeError.self) { _ = try linker.instantiate(component, in: store) }
        #expect(syncInstantiate?.message.contains("async") == true)
        let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
        let syncCall = #expect(throws: WasmtimeError.self) { try instance.function("twice").call(.u32(1)) }
        #expect(syncCall?.message.contains("callAsync") == true)
        #expect(calls.value == nil)
    }

    @Test func cancellationStopsTheGuestAtAHostCall() async throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let store = Store(engine: engine)
        let started = Box<Bool>()
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("wasi:test/host@0.1.0", "double") { arguments in
            started.value = true
            try? await Task.sleep(for: .seconds(300))  // swallows the cancellation: the driver still stops
            return arguments
        }
        try linker.defineFunction("host-echo") { $0 }
        try linker.defineFunction("host-count") { _ in [.u32(0)] }
        let instance = try await linker.instantiateAsync(component, in: store)
        let twice = Box<ComponentFunc>()
        twice.value = try instance.function("twice")
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { try await twice.value!.callAsync(.u32(1)) }
        while started.value != true { try await Task.sleep(for: .milliseconds(1)) }
        task.cancel()
        let trap = await #expect(throws: Trap.self) { try await task.value }
        #expect(trap?.code == .interrupt)
        #expect(clock.now - start < .seconds(120))  // not the 300 s sleep
        #expect(!store.isAsyncCallInFlight)
        // The store takes a new instance, whose calls are refused as after a
        // trap; another store runs.
        let again = try await linker.instantiateAsync(component, in: store)
        let poisoned = await #expect(throws: Trap.self) { try await again.function("count").callAsync("ab") }
        #expect(poisoned?.code == .cannotEnterComponent)
        let fresh = try await linker.instantiateAsync(component, in: Store(engine: engine))
        #expect(try await fresh.function("count").callAsync("ab") == [.u32(0)])
    }

    /// `spin(n)` counts down from `n` in a core loop; returns the count of iterations.
    static let spinner = """
        (component
          (core module $m
            (func (export "spin") (param $n i32) (result i32) (local $i i32)
              (block $done (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
              (local.get $i)))
          (core instance $i (instantiate $m))
          (func (export "spin") (param "n" u32) (result u32) (canon lift (core func $i "spin"))))
        """

    @Test func fuelYieldingSharesTheExecutorAndCancelsAtAYield() async throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let component = try Component(engine: engine, wat: Self.spinner)
        let store = Store(engine: engine)
        try store.setFuel(UInt64.max / 2)
        let instance = try await ComponentLinker(engine: engine).instantiateAsync(component, in: store)
        try store.setAsyncYieldInterval(fuel: 10_000)
        let spin = Box<ComponentFunc>()
        spin.value = try instance.function("spin")
        // A short run completes with the exact count, yielding on the way.
        let fuelBefore = try store.fuel()
        #expect(try await spin.value!.callAsync(.u32(200_000)) == [.u32(200_000)])
        #expect(try fuelBefore - store.fuel() > 200_000)
        // A practically endless run is stopped at a yield when its task is cancelled.
        let fuelAtStart = try store.fuel()
        let task = Task { try await spin.value!.callAsync(.u32(UInt32.max)) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let trap = await #expect(throws: Trap.self) { try await task.value }
        #expect(trap?.code == .interrupt)
        // Stopped early: the whole loop would burn more than UInt32.max units.
        #expect(try fuelAtStart - store.fuel() < UInt64(UInt32.max))
        #expect(!store.isAsyncCallInFlight)
    }

    /// A core start function that calls the imported `ready(u32)` during
    /// instantiation; `seen()` returns what `ready` returned.
    static let startsWithHostCall = """
        (component
          (import "ready" (func $ready (param "x" u32) (result u32)))
          (core func $ready-lowered (canon lower (func $ready)))
          (core module $m
            (import "host" "ready" (func $ready (param i32) (result i32)))
            (global $seen (mut i32) (i32.const 0))
            (func $start (global.set $seen (call $ready (i32.const 21))))
            (start $start)
            (func (export "seen") (result i32) (global.get $seen)))
          (core instance $i (instantiate $m (with "host" (instance (export "ready" (func $ready-lowered))))))
          (func (export "seen") (result u32) (canon lift (core func $i "seen"))))
        """

    @Test func asyncInstantiationRunsAsyncHostFunctionsInStartCode() async throws {
        let component = try Component(engine: engine, wat: Self.startsWithHostCall)
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("ready") { arguments in
            try await Task.sleep(for: .milliseconds(5))
            guard case .u32(let x) = arguments[0] else { return [] }
            return [.u32(x * 2)]
        }
        let instance = try await linker.instantiateAsync(component, in: Store(engine: engine))
        #expect(try await instance.function("seen").callAsync() == [.u32(42)])
        // An error thrown after the await fails the instantiation with that error.
        let failing = ComponentLinker(engine: engine)
        try failing.defineAsyncFunction("ready") { _ in
            await Task.yield()
            throw HostFailure(reason: "not ready")
        }
        let error = await #expect(throws: HostFailure.self) {
            _ = try await failing.instantiateAsync(component, in: Store(engine: self.engine))
        }
        #expect(error == HostFailure(reason: "not ready"))
    }

    @Test func asyncHostFunctionInASynchronousCallIsAnError() async throws {
        // A linker with async host functions made async-only stores; a store
        // whose instance came from another linker cannot reach one anyway.
        // What remains: the host function called outside any async call.
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let linker = ComponentLinker(engine: engine)
        try linker.defineAsyncFunction("host-echo") { $0 }
        try linker.defineFunction("host-count") { _ in [.u32(0)] }
        try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(component, in: store)
        #expect(try await instance.function("call-host").callAsync("ok") == [.string("ok")])
        #expect(throws: WasmtimeError.self) { try instance.function("call-host").call("no") }
    }

    @Test func asyncPreview2Command() async throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.command)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2Async()
        let output = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.arguments = ["cmd", "one"]
        wasi.standardOutput = .buffer(output)
        let store = Store(engine: engine)
        try store.setWASI(wasi)
        let instance = try await linker.instantiateAsync(component, in: store)
        let run = try instance.function("wasi:cli/run@0.2.0", "run")
        #expect(try await run.callAsync() == [.ok(nil)])
        #expect(output.string == "cmd\none\n")
    }

    /// With async WASI, the imports WASI answers (also an older 0.2.x) keep
    /// their definitions and the others trap.
    @Test func unknownImportsAsTrapsWithAsyncWASI() async throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.partlyDefined(wasiVersion: "0.2.0"))
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2Async()
        try linker.defineUnknownImportsAsTraps(for: component)
        var wasi = WASIConfiguration()
        wasi.arguments = ["async"]
        let store = Store(engine: engine)
        try store.setWASI(wasi)
        let instance = try await linker.instantiateAsync(component, in: store)
        #expect(try await instance.function("arguments").callAsync() == [.list(["async"])])
        let error = await #expect(throws: WasmtimeError.self) { try await instance.function("defined").callAsync() }
        #expect(error?.message == "unknown import: `example:test/extra@0.1.0#defined` has not been defined")
    }
}
