import Synchronization
import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Many threads and tasks, each with its own store, sharing one engine and
/// module: compiling, instantiating, calling and growing memory at once.
/// Results are checked per thread. Run under ThreadSanitizer by
/// `scripts/sanitize`.
@Suite struct ConcurrencyTests {
    static let threadCount = 8
    static let iterations = 200

    static let wat = """
        (module
          (memory (export "memory") 1 64)
          (func (export "count") (param i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get 0)))
                (local.set $sum (i32.add (local.get $sum) (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $next)))
            (local.get $sum))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          ;; Fills [0, len) with `byte` and returns the sum of the bytes, read back.
          (func (export "fill_sum") (param $byte i32) (param $len i32) (result i32)
            (local $i i32) (local $sum i32)
            (memory.fill (i32.const 0) (local.get $byte) (local.get $len))
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $sum)))
        """

    /// Failures seen on worker threads, reported on the test's own thread.
    final class Failures: Sendable {
        private let list = TestLock<[String]>([])
        func add(_ message: String) { list.withLock { $0.append(message) } }
        var all: [String] { list.withLock { $0 } }
    }

    @Test func threadsCallAndGrowMemoryConcurrently() throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: Self.wat)
        let failures = Failures()
        let finalPages = TestLock<[Int: UInt64]>([:])
        POSIXThreads.run(count: Self.threadCount) { thread in
            do {
                let store = Store(engine: engine, data: thread)
                let instance = try Instance(store: store, module: module)
                let count = try instance.function("count", Int32.self, Int32.self)
                let grow = try instance.function("grow", Int32.self, Int32.self)
                let fillSum = try instance.function("fill_sum", (Int32, Int32).self, Int32.self)
                let memory = try instance.memory("memory")
                for iteration in 0..<Self.iterations {
                    let n = Int32(thread * 1000 + iteration)
                    let sum = try count(n)
                    if sum != Int32(truncatingIfNeeded: Int(n) * (Int(n) + 1) / 2) {
                        failures.add("thread \(thread): count(\(n)) = \(sum)")
                    }
                    let byte = UInt8(truncatingIfNeeded: thread &* 31 &+ iteration)
                    let length: Int32 = 4096
                    let filled = try fillSum(Int32(byte), length)
                    if filled != Int32(byte) * length {
                        failures.add("thread \(thread): fill_sum = \(filled)")
                    }
                    if try memory.read(at: 4095, count: 1) != [byte] {
                        failures.add("thread \(thread): memory does not hold its own bytes")
                    }
                    if iteration % 4 == 0 {
                        // Alternate between growing from wasm and from Swift.
                        let before = memory.pageCount
                        let previous = iteration % 8 == 0 ? UInt64(try grow(1)) : try memory.grow(by: 1)
                        if previous != before || memory.pageCount != before + 1 {
                            failures.add(
                                "thread \(thread): grow from \(before) returned \(previous), now \(memory.pageCount)")
                        }
                        try memory.store(UInt32(thread), at: UInt64(memory.byteCount - 4))
                    }
                }
                let lastWord = try memory.load(UInt32.self, at: UInt64(memory.byteCount - 4))
                if store.data != thread || lastWord != thread {
                    failures.add("thread \(thread): store data or last word clobbered")
                }
                let pages = memory.pageCount
                finalPages.withLock { $0[thread] = pages }
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all == [])
        // Every thread grew its own memory 50 times from 1 page.
        let expected = UInt64(1 + Self.iterations / 4)
        #expect(
            finalPages.withLock { $0 }
                == Dictionary(uniqueKeysWithValues: (0..<Self.threadCount).map { ($0, expected) }))
    }

    @Test func memoryGrowthHitsTheMaximumIndependentlyPerStore() throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: Self.wat)
        let failures = Failures()
        POSIXThreads.run(count: Self.threadCount) { thread in
            do {
                let store = Store(engine: engine)
                // A store limit below the module's maximum for odd threads.
                let limitPages = thread % 2 == 0 ? 64 : 8
                if thread % 2 == 1 { store.setLimits(StoreLimits(memorySize: limitPages << 16)) }
                let instance = try Instance(store: store, module: module)
                let grow = try instance.function("grow", Int32.self, Int32.self)
                var granted = 1
                while try grow(1) != -1 { granted += 1 }
                if granted != limitPages { failures.add("thread \(thread): grew to \(granted), limit \(limitPages)") }
                let memory = try instance.memory("memory")
                do {
                    try memory.grow(by: 1)
                    failures.add("thread \(thread): Memory.grow beyond the limit succeeded")
                } catch let error as WasmtimeError {
                    if error.kind != .resourceLimit { failures.add("thread \(thread): \(error.kind) \(error)") }
                }
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all == [])
    }

    @Test func tasksShareOneInstancePreAndHostFunctions() async throws {
        let engine = Engine()
        let counter = CallCounter()
        let linker = Linker(engine: engine)
        try linker.defineFunction("host", "double") { (value: Int32) -> Int32 in
            counter.calls.add(1, ordering: .relaxed)
            return value * 2
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "double" (func $double (param i32) (result i32)))
                  (func (export "run") (param i32) (result i32)
                    (i32.add (call $double (local.get 0)) (i32.const 1))))
                """)
        let pre = try linker.instantiatePre(module)
        let taskCount = 32
        let callsPerTask = 100
        let sums = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    let store = Store(engine: engine)
                    let run = try pre.instantiate(in: store).function("run", Int32.self, Int32.self)
                    var sum = 0
                    for call in 0..<callsPerTask { sum += Int(try run(Int32(task * callsPerTask + call))) }
                    return (task, sum)
                }
            }
            return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
        }
        for task in 0..<taskCount {
            let expected = (0..<callsPerTask).reduce(0) { $0 + 2 * (task * callsPerTask + $1) + 1 }
            #expect(sums[task] == expected, "task \(task)")
        }
        #expect(counter.calls.load(ordering: .relaxed) == taskCount * callsPerTask)
    }

    final class CallCounter: Sendable {
        let calls = Atomic<Int>(0)
    }

    @Test func threadsCompileAndSerializeWithOneEngine() throws {
        let engine = Engine()
        let failures = Failures()
        POSIXThreads.run(count: Self.threadCount) { thread in
            do {
                for round in 0..<5 {
                    let constant = Int32(thread * 100 + round)
                    let module = try Module(
                        engine: engine,
                        wat: """
                            (module (func (export "k") (result i32) (i32.const \(constant))))
                            """)
                    let copy = try Module.deserialize(engine: engine, bytes: module.serialize())
                    for candidate in [module, copy] {
                        let store = Store(engine: engine)
                        let k = try Instance(store: store, module: candidate).function("k", Void.self, Int32.self)
                        let value = try k()
                        if value != constant { failures.add("thread \(thread): k() = \(value), expected \(constant)") }
                    }
                }
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all == [])
    }

    @Test func sharedMemoryAtomicsAcrossThreads() throws {
        var config = Config()
        config.wasm.threads = true
        config.wasm.sharedMemory = true
        let engine = try Engine(config)
        let memory = try SharedMemory(engine: engine, type: MemoryType(minimum: 1, maximum: 1, isShared: true))
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "memory" (memory 1 1 shared))
                  (func (export "add_many") (param $n i32)
                    (block $done
                      (loop $next
                        (br_if $done (i32.eqz (local.get $n)))
                        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
                        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                        (br $next)))))
                """)
        let perThread: Int32 = 20_000
        let failures = Failures()
        POSIXThreads.run(count: Self.threadCount) { thread in
            do {
                let store = Store(engine: engine)
                let addMany = try Instance(store: store, module: module, imports: [.sharedMemory(memory)])
                    .function("add_many", Int32.self)
                try addMany(perThread)
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all == [])
        let total = memory.withUnsafeMutableBytes { $0.load(as: UInt32.self) }
        #expect(total == UInt32(Self.threadCount) * UInt32(perThread))
    }

    @Test func epochDeadlinesWhileAnotherThreadAdvancesTheEpoch() throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let module = try Module(engine: engine, wat: "(module (func (export \"spin\") (loop $l (br $l))))")
        let codes = TestLock<[TrapCode?]>([])
        let doneBox = DoneCounter()
        POSIXThreads.detach {
            // Advance the shared epoch until every worker has been interrupted.
            while doneBox.count.load(ordering: .acquiring) < Self.threadCount {
                engine.incrementEpoch()
                usleep(1_000)
            }
        }
        POSIXThreads.run(count: Self.threadCount) { thread in
            defer { doneBox.count.add(1, ordering: .releasing) }
            do {
                let store = Store(engine: engine)
                let spin = try Instance(store: store, module: module).function("spin", Void.self)
                store.setEpochDeadline(UInt64(1 + thread))
                let trap = #expect(throws: Trap.self) { try spin() }
                codes.withLock { $0.append(trap?.code) }
            } catch {
                codes.withLock { $0.append(nil) }
            }
        }
        #expect(codes.withLock { $0 } == Array(repeating: .interrupt, count: Self.threadCount))
    }

    final class DoneCounter: Sendable {
        let count = Atomic<Int>(0)
    }
}

/// Plain POSIX threads, so blocking guests never occupy Swift's cooperative
/// thread pool (two threads on a two-core machine).
enum POSIXThreads {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// The result of a thread, read after joining it.
    private final class Result<T>: @unchecked Sendable {
        // @unchecked: written by the thread before it ends, read after pthread_join.
        var value: T?
    }

    /// Wasm's stack limit (512 KiB by default) must fit in the thread's
    /// stack, with room for host frames: 8 MiB like the main thread.
    private static func start(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) -> pthread_t {
        // Darwin's pthread_t is a non-null pointer (filled in by pthread_create) and its
        // start routine takes a non-optional argument; Glibc's are an integer and optional.
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        defer { pthread_attr_destroy(&attributes) }
        let result = pthread_create(
            &thread, &attributes,
            { context in
                Unmanaged<Work>.fromOpaque((context as UnsafeMutableRawPointer?)!).takeRetainedValue().body()
                return nil
            }, work)
        precondition(result == 0, "pthread_create failed: \(result)")
        #if canImport(Darwin)
        return thread!
        #else
        return thread
        #endif
    }

    /// Runs `body(index)` on `count` new threads at once and waits for all of them.
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = (0..<count).map { index in start { body(index) } }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Runs `body` on a new thread with a stack of `stackSize` bytes and returns its result.
    static func runWithStack<T>(_ stackSize: Int, _ body: @escaping @Sendable () -> T) -> T {
        let result = Result<T>()
        pthread_join(start(stackSize: stackSize) { result.value = body() }, nil)
        return result.value!
    }

    /// Runs `body` on a new thread without waiting for it.
    static func detach(_ body: @escaping @Sendable () -> Void) {
        pthread_detach(start(body))
    }

    /// The number of threads in this process (from /proc/self/status), or -1 where
    /// there is no /proc (macOS): the tests that count threads are then disabled.
    static func currentCount() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("Threads:") {
                return Int(text.dropFirst(8).filter { $0.isNumber }) ?? -1
            }
        }
        return -1
    }
}
