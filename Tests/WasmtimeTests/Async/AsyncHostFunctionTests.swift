import Testing
import Wasmtime

/// Swift `async` host functions: the guest is suspended while they await,
/// and their errors come out of the outer call unchanged.
@Suite struct AsyncHostFunctionTests {
    @Test func hostFunctionsAwaitTaskSleep() async throws {
        let instance = try await AsyncGuest.instance { value in
            try await Task.sleep(for: .milliseconds(5))
            return value &* 3
        }
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await viaHost.callAsync(Int32(14)) == 43)
        #expect(clock.now - start >= .milliseconds(5))
        let times = try instance.function("host-times", Int32.self, Int32.self)
        // 3 × (10 + 9 + … + 1)
        #expect(try await times.callAsync(Int32(10)) == 165)
    }

    @Test func hostFunctionsAwaitAnotherActor() async throws {
        let ledger = Ledger()
        let instance = try await AsyncGuest.instance { value in
            await ledger.record(value)
        }
        let times = try instance.function("host-times", Int32.self, Int32.self)
        // Each call returns the ledger's count so far: 1 + 2 + … + 5.
        #expect(try await times.callAsync(Int32(5)) == 15)
        #expect(await ledger.entries == [5, 4, 3, 2, 1])
    }

    @Test func errorsThrownAfterAwaitingComeOutUnchanged() async throws {
        let instance = try await AsyncGuest.instance { value in
            try await Task.sleep(for: .milliseconds(1))
            if value == 3 { throw BackendFailure(code: 503) }
            return value
        }
        let times = try instance.function("host-times", Int32.self, Int32.self)
        let error = await #expect(throws: BackendFailure.self) { _ = try await times.callAsync(Int32(5)) }
        #expect(error == BackendFailure(code: 503))
        // The store is usable, and the parked error does not leak into the next call.
        #expect(try await times.callAsync(Int32(2)) == 3)
        let crash = try instance.function("crash", Void.self)
        await #expect(throws: Trap.self) { try await crash.callAsync() }
    }

    /// Closures written inline infer their signature, as the synchronous
    /// host functions do.
    @Test func inlineClosuresInferTheirSignature() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow") { (x: Int32) in
            await Task.yield()
            return x &+ 1
        }
        try linker.defineAsyncFunction("host", "pair") { (a: Int64, b: Double) async in a &+ Int64(b) }
        try linker.defineAsyncFunction("host", "unit") { () async in }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "slow" (func $slow (param i32) (result i32)))
                  (import "host" "pair" (func $pair (param i64 f64) (result i64)))
                  (import "host" "unit" (func $unit))
                  (func (export "run") (result i64)
                    call $unit
                    (call $pair (i64.extend_i32_s (call $slow (i32.const 40))) (f64.const 1))))
                """)
        let instance = try await linker.instantiateAsync(module, in: Store(engine: engine))
        #expect(try await instance.function("run", Void.self, Int64.self).callAsync() == Int64(42))
    }

    @Test func untypedHostFunctionsRunOnTheCallersExecutor() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow", type: FuncType(parameters: [.i32], results: [.i32])) {
            arguments in
            await Task.yield()
            return [.i32(arguments[0].i32! &+ 1000)]
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(Module(engine: engine, wat: AsyncGuest.wat), in: store)
        let viaHost = try instance.function("via-host")
        #expect(try await viaHost.callAsync(.i32(5)).map(bitString) == ["i32:1006"])
    }

    @Test func untypedHostResultsAreChecked() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow", type: FuncType(parameters: [.i32], results: [.i32])) { _ in
            [.i64(1)]
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(Module(engine: engine, wat: AsyncGuest.wat), in: store)
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        let error = await #expect(throws: WasmtimeError.self) { _ = try await viaHost.callAsync(Int32(1)) }
        #expect(error?.kind == .typeMismatch)
    }

    /// The caller's part runs while the guest is on the stack: it reads the
    /// guest's memory and the store's data; the returned work awaits.
    @Test func callerPartRunsBeforeTheAwait() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        let ledger = Ledger()
        try linker.defineAsyncFunction("host", "record") {
            (caller: borrowing Caller, address: Int32) -> @Sendable () async throws -> Int32 in
            let memory = try caller.memory("memory")
            let value = try memory.load(Int32.self, at: UInt64(address))
            let scale = caller.data(as: Int32.self) ?? 0
            return { await ledger.record(value * scale) }
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "record" (func $record (param i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 16) "\\2a\\00\\00\\00")
                  (func (export "run") (result i32) (call $record (i32.const 16))))
                """)
        let store = Store(engine: engine, data: Int32(10))
        let instance = try await linker.instantiateAsync(module, in: store)
        let run = try instance.function("run", Void.self, Int32.self)
        #expect(try await run.callAsync() == 1)
        #expect(await ledger.entries == [420])
    }

    /// Synchronous host functions run inside async calls too (on the
    /// guest's fiber), and their errors come out unchanged as well.
    @Test func synchronousHostFunctionsInsideAsyncCalls() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow") { (x: Int32) in
            await Task.yield()
            return x &* 2
        }
        try linker.defineFunction("host", "check") { (x: Int32) throws -> Int32 in
            guard x < 100 else { throw BackendFailure(code: Int(x)) }
            return x &+ 1
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "slow" (func $slow (param i32) (result i32)))
                  (import "host" "check" (func $check (param i32) (result i32)))
                  (func (export "run") (param i32) (result i32)
                    (call $check (call $slow (local.get 0)))))
                """)
        let instance = try await linker.instantiateAsync(module, in: Store(engine: engine))
        let run = try instance.function("run", Int32.self, Int32.self)
        #expect(try await run.callAsync(Int32(20)) == 41)
        let error = await #expect(throws: BackendFailure.self) { _ = try await run.callAsync(Int32(60)) }
        #expect(error == BackendFailure(code: 120))
        #expect(try await run.callAsync(Int32(1)) == 3)
    }

    /// The host work inherits the awaiting task's task-locals.
    @Test func hostWorkSeesTaskLocals() async throws {
        let instance = try await AsyncGuest.instance { value in
            value &+ RequestID.current
        }
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        let result = try await RequestID.$current.withValue(700) { try await viaHost.callAsync(Int32(1)) }
        #expect(result == 702)
    }

    /// What the C API cannot nest: an async host function cannot call back
    /// into its own store while the guest is suspended, neither
    /// asynchronously (one future per store) nor synchronously (Wasmtime
    /// refuses synchronous calls in stores with async host functions).
    @Test func nestedCallsFromASuspendedHostFunctionAreErrors() async throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: AsyncGuest.wat)
        let linker = Linker(engine: engine)
        let instance = Box<Instance>()
        let outcomes = Box<[String]>()
        try linker.defineAsyncFunction("host", "slow", type: FuncType(parameters: [.i32], results: [.i32])) {
            arguments in
            let add = try instance.value!.function("add", (Int32, Int32).self, Int32.self)
            do {
                _ = try await add.callAsync(Int32(1), Int32(2))
            } catch let error as WasmtimeError {
                outcomes.value = (outcomes.value ?? []) + ["async: " + error.message]
            }
            do {
                _ = try add(1, 2)
            } catch let error as WasmtimeError {
                outcomes.value = (outcomes.value ?? []) + ["sync: " + error.message]
            }
            return arguments
        }
        instance.value = try await linker.instantiateAsync(module, in: store)
        let viaHost = try instance.value!.function("via-host", Int32.self, Int32.self)
        #expect(try await viaHost.callAsync(Int32(4)) == 5)
        // The closure reaches the instance (and so its own store) through
        // the box: empty it, or the store would keep itself alive.
        instance.value = nil
        let messages = try #require(outcomes.value)
        #expect(messages.count == 2)
        #expect(messages.first?.contains("already in flight") == true)
        #expect(messages.last?.contains("suspended") == true)
    }
}

enum RequestID {
    @TaskLocal static var current: Int32 = 0
}

/// A mutable cell for tests that close over values set later.
final class Box<T>: @unchecked Sendable {
    var value: T?
}
