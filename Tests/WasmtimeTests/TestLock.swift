#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock for values the tests share between threads. Tests that run under
/// ThreadSanitizer (`scripts/sanitize thread`) use it instead of
/// `Synchronization.Mutex`, whose hand-over between contending threads
/// ThreadSanitizer cannot see on Linux and reports as a data race (see the
/// library's `Lock.swift`): this is a pthread mutex, which it does see.
final class TestLock<Value>: @unchecked Sendable {
    // @unchecked: `value` is only reached with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
