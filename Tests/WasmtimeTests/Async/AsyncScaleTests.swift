import Synchronization
import Testing
import Wasmtime

/// Many guests in one process: one store per task, each suspended in async
/// host functions, on Swift's cooperative pool.
@Suite struct AsyncScaleTests {
    /// 1,000 tasks, each with its own store from one `InstancePre`, each
    /// running a guest that makes 10 async host calls that sleep: every
    /// result is exact, all finish, and the thread count stays bounded.
    @Test func thousandTasksWithTheirOwnStores() async throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: AsyncGuest.wat)
        let hostCalls = Atomic<Int>(0)
        let maxThreads = Atomic<Int>(0)
        let initialThreads = POSIXThreads.currentCount()
        let linker = try AsyncGuest.linker(engine: engine) { value in
            if hostCalls.wrappingAdd(1, ordering: .relaxed).newValue % 50 == 0 {
                maxThreads.max(POSIXThreads.currentCount(), ordering: .relaxed)
            }
            try await Task.sleep(for: .milliseconds(1))
            return value &* 3
        }
        let pre = try linker.instantiatePre(module)
        let tasks = 1_000
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await withThrowingTaskGroup(of: (Int, Int32).self) { group in
            for index in 0..<tasks {
                group.addTask {
                    let store = Store(engine: engine)
                    let instance = try await pre.instantiateAsync(in: store)
                    let times = try instance.function("host-times", Int32.self, Int32.self)
                    // host-times(10) sums 3·n for n = 10…1, then offsets per task below.
                    let add = try instance.function("add", (Int32, Int32).self, Int32.self)
                    let sum = try await times.callAsync(Int32(10))
                    return (index, try await add.callAsync(sum, Int32(index)))
                }
            }
            var collected: [Int: Int32] = [:]
            for try await (index, value) in group { collected[index] = value }
            return collected
        }
        let elapsed = clock.now - start
        #expect(results.count == tasks)
        #expect(results == Dictionary(uniqueKeysWithValues: (0..<tasks).map { ($0, Int32(165 + $0)) }))
        #expect(hostCalls.load(ordering: .relaxed) == tasks * 10)
        let peak = maxThreads.load(ordering: .relaxed)
        if initialThreads > 0 {
            // The cooperative pool has one thread per core; Wasmtime adds none
            // per store or per suspended guest. The count is the process's:
            // suites running alongside (child processes' reader threads, epoch
            // tickers, profiler samplers) add threads of their own, so the
            // bound is far below one thread per guest (1,000), not exact.
            #expect(peak > 0)
            #expect(peak - initialThreads <= 64, "threads: \(initialThreads) before, \(peak) at peak")
        }
        print("1,000 async guests × 10 host calls: \(elapsed), threads \(initialThreads) → peak \(peak)")
    }
}
