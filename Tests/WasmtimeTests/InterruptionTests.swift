import Synchronization
import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stopping runaway guests: wall-clock deadlines, task cancellation and fuel.
/// Each interruption must end in a ``Trap`` whose code says why, and leave
/// the store usable for the next call.
@Suite struct InterruptionTests {
    static let wat = """
        (module
          (func (export "spin") (loop $l (br $l)))
          (func (export "answer") (result i32) (i32.const 42))
          (func (export "count") (param i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get 0)))
                (local.set $sum (i32.add (local.get $sum) (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $next)))
            (local.get $sum)))
        """

    static func epochEngine() throws -> Engine {
        var config = Config()
        config.epochInterruption = true
        return try Engine(config)
    }

    /// A store with the test module instantiated, plus its exports.
    struct Guest {
        let store: Store<Void>
        let spin: TypedFunc<(), ()>
        let answer: TypedFunc<(), Int32>
        let count: TypedFunc<Int32, Int32>

        init(engine: Engine, module: Module) throws {
            store = Store(engine: engine)
            let instance = try Instance(store: store, module: module)
            spin = try instance.function("spin", Void.self)
            answer = try instance.function("answer", Void.self, Int32.self)
            count = try instance.function("count", Int32.self, Int32.self)
        }
    }

    static func guest(_ engine: Engine? = nil) throws -> Guest {
        let engine = try engine ?? epochEngine()
        return try Guest(engine: engine, module: Module(engine: engine, wat: wat))
    }

    /// Monotonic time in milliseconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// The sum `count(n)` computes, done in Swift.
    static func expectedSum(_ n: Int32) -> Int32 {
        Int32(truncatingIfNeeded: Int(n) * (Int(n) + 1) / 2)
    }

    // MARK: - Deadlines

    @Test func deadlineInterruptsAnInfiniteLoop() throws {
        let guest = try Self.guest()
        let start = Self.now()
        let trap = #expect(throws: Trap.self) {
            try guest.store.withDeadline(.milliseconds(200)) { try guest.spin() }
        }
        let elapsed = Self.now() - start
        #expect(trap?.code == .interrupt)
        #expect(trap?.message.contains("deadline") == true, "\(trap?.message ?? "")")
        #expect(trap?.frames.isEmpty == false)
        #expect(elapsed >= 200, "interrupted after \(elapsed) ms, before the deadline")
        #expect(elapsed < 5_000, "took \(elapsed) ms to interrupt a 200 ms deadline")
    }

    @Test func deadlineReturnsTheBodysResultWhenInTime() throws {
        let guest = try Self.guest()
        let sum = try guest.store.withDeadline(.seconds(10)) { try guest.count(1000) }
        #expect(sum == Self.expectedSum(1000))
    }

    @Test func storeIsUsableAfterADeadline() throws {
        let guest = try Self.guest()
        expectTrap(.interrupt) { try guest.store.withDeadline(.milliseconds(50)) { try guest.spin() } }
        // Outside any scope: calls run with no deadline, however long the
        // shared ticker keeps ticking.
        #expect(try guest.answer() == 42)
        #expect(try guest.count(3_000_000) == Self.expectedSum(3_000_000))
        // A second scope on the same store: first a call that finishes, then
        // another runaway that is interrupted again.
        #expect(try guest.store.withDeadline(.seconds(10)) { try guest.count(500) } == Self.expectedSum(500))
        let again = #expect(throws: Trap.self) { try guest.store.withDeadline(.milliseconds(50)) { try guest.spin() } }
        #expect(again?.code == .interrupt)
        #expect(try guest.answer() == 42)
    }

    @Test func innerDeadlineShorterThanOuter() throws {
        let guest = try Self.guest()
        let start = Self.now()
        var innerTrap: Trap?
        let afterInner = try guest.store.withDeadline(.seconds(30)) { () throws -> Int32 in
            innerTrap = #expect(throws: Trap.self) {
                try guest.store.withDeadline(.milliseconds(100)) { try guest.spin() }
            }
            // Back in the outer scope: its own (long) deadline still applies.
            return try guest.count(100)
        }
        let elapsed = Self.now() - start
        #expect(innerTrap?.code == .interrupt)
        #expect(afterInner == Self.expectedSum(100))
        #expect(elapsed < 10_000, "the inner deadline did not cut the loop short (\(elapsed) ms)")
    }

    @Test func outerDeadlineLimitsALongerInnerOne() throws {
        let guest = try Self.guest()
        let start = Self.now()
        let trap = #expect(throws: Trap.self) {
            try guest.store.withDeadline(.milliseconds(100)) {
                try guest.store.withDeadline(.seconds(60)) { try guest.spin() }
            }
        }
        let elapsed = Self.now() - start
        #expect(trap?.code == .interrupt)
        #expect(elapsed < 10_000, "the inner scope extended the outer deadline (\(elapsed) ms)")
    }

    @Test func deadlineInterruptsAStartFunction() throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: "(module (func $s (loop $l (br $l))) (start $s))")
        let store = Store(engine: engine)
        let trap = #expect(throws: Trap.self) {
            try store.withDeadline(.milliseconds(100)) { _ = try Instance(store: store, module: module) }
        }
        #expect(trap?.code == .interrupt)
        // The store can still instantiate and run other modules.
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.wat))
        let answer = try instance.function("answer", Void.self, Int32.self)
        #expect(try answer() == 42)
    }

    @Test func deadlineReachesGuestCodeAfterASlowHostCall() throws {
        let engine = try Self.epochEngine()
        let store = Store(engine: engine)
        let sleep = Func(store: store) { () in _ = usleep(150_000) }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "" "sleep" (func $sleep))
                  (func (export "run") (call $sleep) (loop $l (br $l))))
                """)
        let run = try Instance(store: store, module: module, imports: [.function(sleep)]).function("run", Void.self)
        let start = Self.now()
        let trap = #expect(throws: Trap.self) { try store.withDeadline(.milliseconds(50)) { try run() } }
        #expect(trap?.code == .interrupt)
        #expect(Self.now() - start >= 150)
    }

    @Test func hostErrorWinsOverADeadline() throws {
        struct Stop: Error, Equatable { let reason: String }
        let engine = try Self.epochEngine()
        let store = Store(engine: engine)
        let fail = Func(store: store) { () throws in throw Stop(reason: "host said no") }
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "" "fail" (func $fail)) (func (export "run") (call $fail)))
                """)
        let run = try Instance(store: store, module: module, imports: [.function(fail)]).function("run", Void.self)
        let error = #expect(throws: Stop.self) { try store.withDeadline(.seconds(10)) { try run() } }
        #expect(error == Stop(reason: "host said no"))
    }

    @Test func deadlinesNeedEpochInterruption() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        var ran = false
        expectWasmtimeError(.configuration) { try store.withDeadline(.seconds(1)) { ran = true } }
        #expect(!ran)
        let error = expectWasmtimeError(.configuration) { try store.withDeadline(.seconds(1)) {} }
        #expect(error?.message.contains("epochInterruption") == true)
    }

    @Test func cancellationNeedsEpochInterruption() async throws {
        let error = await Task { () -> WasmtimeError? in
            let store = Store(engine: Engine())
            do {
                try await store.withCancellation {}
                return nil
            } catch {
                return error as? WasmtimeError
            }
        }.value
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("epochInterruption") == true)
    }

    // MARK: - Cancellation

    /// What a task running a guest observed, sent back across the task boundary.
    struct Outcome: Sendable {
        var code: TrapCode?
        var message = ""
        var answerAfterwards: Int32?
        var elapsed: Double = 0
    }

    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// The guest blocks the task's thread, possibly the last free one of
    /// the cooperative pool, so the test cancels from a thread of its own.
    /// A safety deadline turns a missed cancellation into a failure, not a hang.
    @Test func cancellingTheTaskInterruptsTheGuest() async throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let started = Flag()
        let task = Task { () -> Outcome in
            let guest = try Guest(engine: engine, module: module)
            var outcome = Outcome()
            let start = Self.now()
            do {
                try await guest.store.withCancellation {
                    try guest.store.withDeadline(.seconds(20)) {
                        started.value.store(true, ordering: .releasing)
                        try guest.spin()
                    }
                }
            } catch let trap as Trap {
                outcome.code = trap.code
                outcome.message = trap.message
            }
            outcome.elapsed = Self.now() - start
            // Outside a scope the store works although the task stays cancelled.
            outcome.answerAfterwards = try guest.answer()
            return outcome
        }
        POSIXThreads.detach {
            while !started.value.load(ordering: .acquiring) { usleep(1_000) }
            usleep(50_000)
            task.cancel()
        }
        let outcome = try await task.value
        #expect(outcome.code == .interrupt)
        #expect(outcome.message.contains("cancelled"), "\(outcome.message)")
        #expect(outcome.answerAfterwards == 42)
        #expect(outcome.elapsed >= 50 && outcome.elapsed < 10_000, "\(outcome.elapsed) ms")
    }

    @Test func alreadyCancelledTaskIsInterruptedAtOnce() async throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let task = Task { () -> Outcome in
            while !Task.isCancelled { await Task.yield() }
            let guest = try Guest(engine: engine, module: module)
            var outcome = Outcome()
            let start = Self.now()
            do {
                try await guest.store.withCancellation {
                    try guest.store.withDeadline(.seconds(5)) { try guest.spin() }
                }
            } catch let trap as Trap {
                outcome.code = trap.code
                outcome.message = trap.message
            }
            outcome.elapsed = Self.now() - start
            return outcome
        }
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.code == .interrupt)
        #expect(outcome.message.contains("cancelled"), "\(outcome.message)")
        #expect(outcome.elapsed < 2_000, "\(outcome.elapsed) ms")
    }

    @Test func uncancelledCallsReturnTheirResults() async throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let results = try await Task { () -> [Int32] in
            let guest = try Guest(engine: engine, module: module)
            var results: [Int32] = []
            for n: Int32 in [10, 1000, 2_000_000] {
                results.append(try await guest.store.withCancellation { try guest.count(n) })
            }
            return results
        }.value
        #expect(results == [Self.expectedSum(10), Self.expectedSum(1000), Self.expectedSum(2_000_000)])
    }

    @Test func cancellationAndDeadlineCombine() async throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        // The deadline fires first; the task is never cancelled.
        let outcome = try await Task { () -> Outcome in
            let guest = try Guest(engine: engine, module: module)
            var outcome = Outcome()
            do {
                try await guest.store.withCancellation {
                    try guest.store.withDeadline(.milliseconds(100)) { try guest.spin() }
                }
            } catch let trap as Trap {
                outcome.code = trap.code
                outcome.message = trap.message
            }
            outcome.answerAfterwards = try await guest.store.withCancellation { try guest.answer() }
            return outcome
        }.value
        #expect(outcome.code == .interrupt)
        #expect(outcome.message.contains("deadline"), "\(outcome.message)")
        #expect(outcome.answerAfterwards == 42)
    }

    // MARK: - Fuel

    @Test func fuelStopsARunawayGuestAndRefuelingResumesWork() throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let guest = try Guest(engine: engine, module: Module(engine: engine, wat: Self.wat))
        try guest.store.setFuel(50_000)
        let trap = #expect(throws: Trap.self) { try guest.spin() }
        #expect(trap?.code == .outOfFuel)
        #expect(try guest.store.fuel() == 0)
        // Out of fuel, even a trivial call traps.
        expectTrap(.outOfFuel) { _ = try guest.answer() }
        try guest.store.setFuel(1_000_000)
        #expect(try guest.count(1000) == Self.expectedSum(1000))
        let left = try guest.store.fuel()
        #expect(left > 0 && left < 1_000_000)
    }

    @Test func fuelAndDeadlineReportWhicheverStoppedTheGuest() throws {
        var config = Config()
        config.consumeFuel = true
        config.epochInterruption = true
        let engine = try Engine(config)
        let guest = try Guest(engine: engine, module: Module(engine: engine, wat: Self.wat))
        // Little fuel, long deadline: fuel runs out first.
        try guest.store.setFuel(10_000)
        let fuelTrap = #expect(throws: Trap.self) { try guest.store.withDeadline(.seconds(30)) { try guest.spin() } }
        #expect(fuelTrap?.code == .outOfFuel)
        // Plenty of fuel, short deadline: the deadline wins.
        try guest.store.setFuel(.max / 2)
        let deadlineTrap = #expect(throws: Trap.self) {
            try guest.store.withDeadline(.milliseconds(100)) { try guest.spin() }
        }
        #expect(deadlineTrap?.code == .interrupt)
    }

    // MARK: - Many stores, one engine

    @Test func manyStoresOnManyThreadsShareOneEngineTicker() throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let threadCount = 8
        let codes = TestLock<[Int: TrapCode]>([:])
        let answers = TestLock<[Int: Int32]>([:])
        POSIXThreads.run(count: threadCount) { index in
            do {
                let guest = try Guest(engine: engine, module: module)
                let trap = #expect(throws: Trap.self) {
                    try guest.store.withDeadline(.milliseconds(100 + 20 * index)) { try guest.spin() }
                }
                codes.withLock { $0[index] = trap?.code }
                let answer = try guest.answer()
                answers.withLock { $0[index] = answer }
            } catch {
                Issue.record("thread \(index): \(error)")
            }
        }
        #expect(
            codes.withLock { $0 }
                == Dictionary(uniqueKeysWithValues: (0..<threadCount).map { ($0, TrapCode.interrupt) }))
        #expect(answers.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<threadCount).map { ($0, Int32(42)) }))
    }

    /// Deadlines cost one thread per engine, not one per call or store, and
    /// the thread ends with the engine: counted in a child process so other
    /// tests' threads don't interfere.
    @Test(.enabled(if: POSIXThreads.currentCount() > 0, "counts threads in /proc/self/status (Linux only)"))
    func tickerIsOneThreadPerEngineAndEndsWithIt() async {
        await #expect(processExitsWith: .success) {
            // Compiling starts Wasmtime's compiler thread pool, which stays.
            _ = try Module(engine: Engine(), wat: InterruptionTests.wat)
            let initial = POSIXThreads.currentCount()
            do {
                let engine = try InterruptionTests.epochEngine()
                let module = try Module(engine: engine, wat: InterruptionTests.wat)
                // The first deadline starts the ticker.
                let first = try Guest(engine: engine, module: module)
                _ = try first.store.withDeadline(.seconds(5)) { try first.answer() }
                let withTicker = POSIXThreads.currentCount()
                for _ in 0..<20 {
                    let guest = try Guest(engine: engine, module: module)
                    expectTrap(.interrupt) {
                        try guest.store.withDeadline(.milliseconds(20)) { try guest.spin() }
                    }
                }
                // A clone shares the engine's ticker.
                let clone = engine.clone()
                let cloned = try Guest(engine: clone, module: module)
                expectTrap(.interrupt) {
                    try cloned.store.withDeadline(.milliseconds(20)) { try cloned.spin() }
                }
                let afterCalls = POSIXThreads.currentCount()
                guard initial > 0, withTicker == afterCalls else {
                    print("threads: initial \(initial), with ticker \(withTicker), after calls \(afterCalls)")
                    exit(1)
                }
            }
            // Everything is gone; the ticker notices within a tick or two.
            for _ in 0..<200 where POSIXThreads.currentCount() > initial { usleep(10_000) }
            let final = POSIXThreads.currentCount()
            if final > initial {
                print("threads: initial \(initial), after dropping the engine \(final)")
                exit(2)
            }
            exit(0)
        }
    }
}
