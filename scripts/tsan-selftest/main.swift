// ThreadSanitizer self-test for `scripts/sanitize`, built with the library's
// `Lock.swift` and `-sanitize=thread -DWASMTIME_TSAN_LOCKS`. Eight threads add
// 1,000 to one counter each, synchronised by:
//
//   racy    nothing: a real data race, which ThreadSanitizer must report
//   lock    the library's `Lock`: ThreadSanitizer must stay silent
//   mutex   `Synchronization.Mutex`: correct, but reported by ThreadSanitizer
//           on Linux with Swift 6.3.1 (the false positive `Lock` works around)
//
// Each mode prints the final count (8000 when synchronised).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

let threadCount = 8
let additions = 1000

/// What the threads share; each mode uses one of the counters.
final class Counters: @unchecked Sendable {
    // @unchecked: `unsynchronised` is the deliberate race of mode `racy`.
    var unsynchronised = 0
    let locked = Lock<Int?>(nil)
    let mutex = Mutex<Int?>(nil)
}

enum Mode: String {
    case racy, lock, mutex
}

/// What one thread gets.
final class Job {
    let counters: Counters
    let mode: Mode
    init(counters: Counters, mode: Mode) {
        self.counters = counters
        self.mode = mode
    }

    /// Gives the processor away between the read and the write, so that
    /// the others contend for the lock even on a busy machine: an
    /// uncontended `Mutex` synchronises through atomics ThreadSanitizer
    /// sees; only the hand-over in the kernel is invisible to it.
    static func addOne(_ count: Int) -> Int {
        sched_yield()
        return count + 1
    }

    func run() {
        for _ in 0..<additions {
            switch mode {
            case .racy: counters.unsynchronised = Self.addOne(counters.unsynchronised)
            case .lock: counters.locked.withLock { $0 = Self.addOne($0 ?? 0) }
            case .mutex: counters.mutex.withLock { $0 = Self.addOne($0 ?? 0) }
            }
        }
    }
}

/// Starts a thread running `job` (a function, not top-level code, so that
/// the thread's entry point is not isolated to the main actor).
func spawn(_ job: Job) -> pthread_t {
    var thread = pthread_t()
    let context = Unmanaged.passRetained(job).toOpaque()
    let created = pthread_create(&thread, nil, { context in
        Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context)
    guard created == 0 else {
        print("pthread_create failed: \(created)")
        exit(2)
    }
    return thread
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let mode = Mode(rawValue: arguments[1]) else {
    print("usage: tsan-selftest racy|lock|mutex")
    exit(2)
}
let counters = Counters()
let threads = (0..<threadCount).map { _ in spawn(Job(counters: counters, mode: mode)) }
for thread in threads {
    pthread_join(thread, nil)
}
switch mode {
case .racy: print(counters.unsynchronised)
case .lock: print(counters.locked.withLock { $0 ?? 0 })
case .mutex: print(counters.mutex.withLock { $0 ?? 0 })
}
