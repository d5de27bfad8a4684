import Synchronization

#if WASMTIME_TSAN_LOCKS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#endif

// The binding's one lock type. Every lock of the library is a `Lock`, never a
// `Synchronization.Mutex` directly, because ThreadSanitizer cannot see `Mutex`:
//
// On Linux, `Mutex` takes and releases an uncontended lock with atomics
// inlined into the caller, which ThreadSanitizer instruments; but a contended
// lock is taken and handed over in `_lockSlow`/`_unlockSlow` (prebuilt,
// uninstrumented Swift runtime) and by the kernel (`FUTEX_LOCK_PI`/
// `FUTEX_UNLOCK_PI`), which ThreadSanitizer does not model. Two threads that
// contend for one `Mutex` therefore look to it like a data race, and whether
// it is reported depends on timing (`scripts/sanitize thread` failed in 2
// runs of 3). With Swift 6.3.1 on Linux this prints the right total of 8000
// and gets a race report on every run on an idle machine (less often on a
// busy one, where the threads contend less):
//
//     import Glibc
//     import Synchronization
//     let counter = Mutex<Int?>(nil)
//     var threads = [pthread_t](repeating: pthread_t(), count: 8)
//     for i in 0..<8 {
//         pthread_create(&threads[i], nil, { _ in
//             for _ in 0..<1000 { counter.withLock { $0 = ($0 ?? 0) + 1 } }
//             return nil
//         }, nil)
//     }
//     for thread in threads { pthread_join(thread, nil) }
//     print(counter.withLock { $0 ?? 0 })
//
//     swiftc -sanitize=thread repro.swift && ./repro
//
// `scripts/sanitize selftest` runs the same program, with a yield inside the
// lock so that the threads always contend (`scripts/tsan-selftest`, mode
// `mutex`), and says whether the toolchain still reports it; once it no
// longer does, `Lock` can become `Mutex` again.
//
// So sanitizer builds compile the library with `-DWASMTIME_TSAN_LOCKS`
// (`scripts/sanitize thread` passes `-Xswiftc -DWASMTIME_TSAN_LOCKS`), which
// backs `Lock` with a `pthread_mutex_t`, whose lock and unlock
// ThreadSanitizer intercepts. Swift 6.3 has no compilation condition for an
// enabled sanitizer (`#if sanitized(thread)` is only proposed, SE-0550),
// hence the explicit flag. Every other build uses `Mutex` itself, with no
// indirection. Test code run under ThreadSanitizer shares values through
// `TestLock` (Tests/WasmtimeTests/TestLock.swift), a pthread mutex too.

#if WASMTIME_TSAN_LOCKS

/// A lock around a value, backed by a `pthread_mutex_t` so that
/// ThreadSanitizer sees its synchronisation (sanitizer builds only).
@safe struct Lock<Value: ~Copyable>: ~Copyable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    init(_ initialValue: consuming sending Value) {
        unsafe mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        unsafe mutex.initialize(to: pthread_mutex_t())
        let created = unsafe pthread_mutex_init(mutex, nil)
        precondition(created == 0, "pthread_mutex_init failed: \(created)")
        unsafe value = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        unsafe value.initialize(to: initialValue)
    }

    /// Runs `body` with exclusive access to the value.
    borrowing func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        let locked = unsafe pthread_mutex_lock(mutex)
        precondition(locked == 0, "pthread_mutex_lock failed: \(locked)")
        defer { unsafe pthread_mutex_unlock(mutex) }
        return try unsafe body(&value.pointee)
    }

    deinit {
        unsafe pthread_mutex_destroy(mutex)
        unsafe mutex.deinitialize(count: 1)
        unsafe mutex.deallocate()
        unsafe value.deinitialize(count: 1)
        unsafe value.deallocate()
    }
}

// The value is only reached under the mutex, as with `Mutex`.
extension Lock: @unchecked Sendable where Value: ~Copyable {}

#else

/// A lock around a value: `Synchronization.Mutex` (see above for the
/// sanitizer builds).
struct Lock<Value: ~Copyable>: ~Copyable {
    private let mutex: Mutex<Value>

    init(_ initialValue: consuming sending Value) {
        mutex = Mutex(initialValue)
    }

    /// Runs `body` with exclusive access to the value.
    borrowing func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        try mutex.withLock(body)
    }
}

extension Lock: Sendable where Value: ~Copyable {}

#endif
