import Testing
import Wasmtime

/// Async calls under the pooling allocator: fiber stacks come from the
/// pool (`totalStacks`), go back to it, and are reused; the
/// `asyncStackKeepResident` knob is accepted with any size.
@Suite struct AsyncPoolingTests {
    /// Holds host calls until opened, counting who waits.
    actor Gate {
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private var isOpen = false
        private(set) var waiting = 0

        func wait() async {
            if isOpen { return }
            waiting += 1
            await withCheckedContinuation { waiters.append($0) }
        }

        func open() {
            isOpen = true
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
        }
    }

    static func engine(stacks: UInt32, keepResident: Int?) throws -> Engine {
        var pooling = PoolingAllocationConfig()
        pooling.totalCoreInstances = 16
        pooling.totalMemories = 16
        pooling.totalTables = 16
        pooling.totalStacks = stacks
        pooling.asyncStackKeepResident = keepResident
        pooling.maxMemorySize = 1 << 20
        var config = Config()
        config.allocationStrategy = .pooling(pooling)
        config.memoryReservation = 1 << 20
        config.maxWasmStack = 128 << 10
        config.asyncStackSize = 256 << 10
        return try Engine(config)
    }

    @Test func pooledStacksBoundTheAsyncCallsInFlight() async throws {
        let engine = try Self.engine(stacks: 2, keepResident: 64 << 10)
        let module = try Module(engine: engine, wat: AsyncGuest.wat)
        let gate = Gate()
        let pre = try AsyncGuest.linker(engine: engine) { value in
            await gate.wait()
            return value &* 2
        }.instantiatePre(module)
        nonisolated(nonsending) func run(_ value: Int32) async throws -> Int32 {
            let store = Store(engine: engine)
            let instance = try await pre.instantiateAsync(in: store)
            let viaHost = try instance.function("via-host", Int32.self, Int32.self)
            return try await viaHost.callAsync(value)
        }
        let first = Task { try await run(10) }
        let second = Task { try await run(20) }
        // Both guests are suspended in the host function, each holding a pooled stack.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while await gate.waiting < 2, clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await gate.waiting == 2)
        // A third async call needs a third stack: the pool refuses it with an error.
        let error = await #expect(throws: WasmtimeError.self) { _ = try await run(30) }
        #expect(error?.message.contains("fiber") == true, "\(String(describing: error))")
        await gate.open()
        #expect(try await first.value == 21)
        #expect(try await second.value == 41)
        // The stacks went back to the pool and are reused, call after call.
        for value in Int32(0)..<50 {
            #expect(try await run(value) == value &* 2 &+ 1)
        }
    }

    /// Wasmtime rounds the resident size up to whole pages; zero, a page
    /// fraction and more than the stack are all accepted.
    @Test(arguments: [0, 5_000, 64 << 10, 1 << 20])
    func asyncStackKeepResidentIsAccepted(bytes: Int) async throws {
        let engine = try Self.engine(stacks: 4, keepResident: bytes)
        let instance = try await AsyncGuest.instance(engine: engine) { value in
            await Task.yield()
            return value &+ 1
        }
        let times = try instance.function("host-times", Int32.self, Int32.self)
        // (10 + 1) + (9 + 1) + … + (1 + 1)
        #expect(try await times.callAsync(Int32(10)) == 65)
    }
}
