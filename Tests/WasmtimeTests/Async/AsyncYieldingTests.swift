import Synchronization
import Testing
import Wasmtime

/// Cooperative execution: fuel and epoch yields let other work run on the
/// executor of the task awaiting a long guest computation, and cancelling
/// that task stops the guest at its next yield.
@Suite struct AsyncYieldingTests {
    static func fuelEngine() throws -> Engine {
        var config = Config()
        config.consumeFuel = true
        return try Engine(config)
    }

    /// A plain guest in a store with fuel that yields every `interval` units.
    static func fuelGuest(interval: UInt64?) throws -> (Store<Void>, Instance) {
        let engine = try fuelEngine()
        let store = Store(engine: engine)
        try store.setFuel(UInt64.max / 2)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: AsyncGuest.plain))
        // From here on the store only takes async calls.
        if let interval { try store.setAsyncYieldInterval(fuel: interval) }
        return (store, instance)
    }

    /// Runs `spin(n)` on the main actor while another main-actor task
    /// counts its turns; returns the guest's duration, the observer's turns
    /// during it and the longest gap between two of them.
    @MainActor static func spinWithObserver(interval: UInt64?, iterations: Int64)
        async throws -> (duration: Duration, turns: Int, longestGap: Duration)
    {
        let (_, instance) = try fuelGuest(interval: interval)
        let spin = try instance.typedFunc("spin", Int64.self, Int64.self)
        let clock = ContinuousClock()
        let observation = Observation()
        let observer = Task { @MainActor in
            var last = clock.now
            while observation.running {
                let now = clock.now
                observation.longestGap = max(observation.longestGap, now - last)
                last = now
                observation.turns += 1
                await Task.yield()
            }
        }
        await Task.yield()  // let the observer start
        observation.turns = 0
        observation.longestGap = .zero
        let start = clock.now
        let sum = try await spin.callAsync(iterations)
        let duration = clock.now - start
        let observed = (observation.turns, observation.longestGap)
        observation.running = false
        await observer.value
        #expect(sum == iterations * (iterations + 1) / 2)
        return (duration, observed.0, observed.1)
    }

    /// With fuel yielding, an observer on the same (main) executor keeps
    /// running while a long guest loop executes; without it, it never gets a turn.
    @Test @MainActor func fuelYieldingSharesTheExecutor() async throws {
        let iterations: Int64 = 30_000_000
        let blocking = try await Self.spinWithObserver(interval: nil, iterations: iterations)
        #expect(blocking.turns == 0, "without yields the guest monopolises the executor")

        let sharing = try await Self.spinWithObserver(interval: 200_000, iterations: iterations)
        #expect(sharing.turns > 10)
        // The observer waits at most about one yield interval of guest work
        // (plus scheduling noise on a shared machine).
        #expect(sharing.longestGap < .milliseconds(100))
        #expect(sharing.longestGap * 5 < sharing.duration)
        print("fuel yielding: guest \(sharing.duration) (unyielding \(blocking.duration)), observer turns \(sharing.turns), longest wait \(sharing.longestGap)")
    }

    /// Cancelling the task stops an endless guest at its next yield, with an
    /// interrupt trap, and the store is usable afterwards.
    @Test func cancellationStopsTheGuestWithinOneYieldInterval() async throws {
        let clock = ContinuousClock()
        let cancelledAt = Locked<ContinuousClock.Instant?>(nil)
        let task = Task { () async throws -> (Duration?, Int32) in
            let (store, instance) = try Self.fuelGuest(interval: 100_000)
            let forever = try instance.typedFunc("forever")
            var stoppedAfter: Duration?
            do {
                try await forever.callAsync()
            } catch let trap as Trap {
                #expect(trap.code == .interrupt)
                #expect(trap.message.contains("cancelled"))
                stoppedAfter = clock.now - (cancelledAt.value ?? clock.now)
            }
            #expect(store.isAsyncCallInFlight == false)
            // Usable again (asynchronously: a yielding store refuses synchronous calls).
            let add = try instance.typedFunc("add", (Int32, Int32).self, Int32.self)
            let refused = #expect(throws: WasmtimeError.self) { _ = try add(2, 3) }
            #expect(refused?.message.contains("async calls") == true)
            return (stoppedAfter, try await add.callAsync(Int32(2), Int32(3)))
        }
        try await Task.sleep(for: .milliseconds(50))
        cancelledAt.value = clock.now
        task.cancel()
        let (stoppedAfter, sum) = try await task.value
        #expect(sum == 5)
        let latency = try #require(stoppedAfter)
        #expect(latency < .milliseconds(200))
        print("fuel yielding: cancellation stopped the guest after \(latency)")
    }

    /// Epoch yields: the engine's ticker advances the epoch, each tick
    /// yields, and cancellation stops the guest.
    @Test func epochYieldingAndCancellation() async throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let looping = Locked(false)
        let task = Task { () async throws -> Int in
            let store = Store(engine: engine)
            try store.setAsyncYieldInterval(epochTicks: 1, tickInterval: .milliseconds(1))
            let instance = try await Linker(engine: engine).instantiateAsync(
                Module(engine: engine, wat: AsyncGuest.plain), in: store)
            let spin = try instance.typedFunc("spin", Int64.self, Int64.self)
            #expect(try await spin.callAsync(Int64(1000)) == 500_500)
            let forever = try instance.typedFunc("forever")
            looping.value = true
            let trap = await #expect(throws: Trap.self) { try await forever.callAsync() }
            #expect(trap?.code == .interrupt)
            return 1
        }
        while !looping.value { try await Task.sleep(for: .milliseconds(1)) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(try await task.value == 1)
    }

    /// A host function awaiting a long sleep sees the cancellation, and the
    /// call ends with an interrupt trap at that host call boundary.
    @Test func cancellationReachesAsyncHostFunctions() async throws {
        let sawCancellation = Box<Bool>()
        let task = Task { () async throws -> Trap? in
            let instance = try await AsyncGuest.instance { value in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    sawCancellation.value = Task.isCancelled
                    throw error
                }
                return value
            }
            let viaHost = try instance.typedFunc("via-host", Int32.self, Int32.self)
            return await #expect(throws: Trap.self) { _ = try await viaHost.callAsync(Int32(1)) }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let trap = try await task.value
        #expect(trap?.code == .interrupt)
        #expect(sawCancellation.value == true)
    }

    @Test func yieldSettingsNeedTheirConfiguration() throws {
        let store = Store(engine: Engine())
        let fuel = #expect(throws: WasmtimeError.self) { try store.setAsyncYieldInterval(fuel: 1000) }
        #expect(fuel?.kind == .configuration)
        let epoch = #expect(throws: WasmtimeError.self) { try store.setAsyncYieldInterval(epochTicks: 1) }
        #expect(epoch?.kind == .configuration)
    }

    /// Epoch yielding and `withDeadline`/`withCancellation` both own the
    /// store's epoch deadline: combining them is refused either way round.
    @Test func epochYieldingExcludesDeadlineScopes() throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let yielding = Store(engine: engine)
        try yielding.setAsyncYieldInterval(epochTicks: 2)
        let scoped = #expect(throws: WasmtimeError.self) { try yielding.withDeadline(.seconds(1)) {} }
        #expect(scoped?.kind == .configuration)

        let withScope = Store(engine: engine)
        try withScope.withDeadline(.seconds(1)) {}
        let refused = #expect(throws: WasmtimeError.self) { try withScope.setAsyncYieldInterval(epochTicks: 1) }
        #expect(refused?.kind == .configuration)
    }
}

/// What the observer task of a yielding test saw.
@MainActor final class Observation {
    var running = true
    var turns = 0
    var longestGap = Duration.zero
}

/// A value shared between tasks under a lock.
final class Locked<T: Sendable>: Sendable {
    private let storage: Mutex<T>

    init(_ value: T) {
        storage = Mutex(value)
    }

    var value: T {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
