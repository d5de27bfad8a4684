import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The last resort of `--timeout`: ends the process when the guest is still
/// running a grace period after its deadline.
///
/// The deadline itself is enforced by epoch interruption, which stops wasm at
/// its next function entry or loop header; a guest blocked inside a host call
/// (reading standard input, sleeping in `poll_oneoff`) reaches no such check.
final class Watchdog: Sendable {
    /// How long a guest may stay in a host call after its deadline.
    static let grace: Double = 1
    private let finished = Atomic<Bool>(false)
    private let seconds: Double
    private let message: String

    /// Starts a thread that waits `timeout` plus the grace period, then
    /// reports `message` and exits with the trap status unless stopped.
    init(timeout: TimeoutDuration, message: String) {
        seconds = timeout.seconds + Watchdog.grace
        self.message = message
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                let watchdog = Unmanaged<Watchdog>.fromOpaque(context!).takeRetainedValue()
                watchdog.watch()
                return nil
            }, context)
        if started == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Watchdog>.fromOpaque(context).release()
        }
    }

    private func watch() {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
        guard !finished.load(ordering: .acquiring) else { return }
        System.writeError("error: \(message)\n")
        // The main thread is stuck in a host call; exit without running its cleanup.
        _exit(Failure.trapStatus)
    }

    /// Tells the watchdog the guest is done.
    func stop() {
        finished.store(true, ordering: .releasing)
    }
}
