import Foundation
import Synchronization

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

    /// Starts a thread that waits `timeout` plus the grace period, then
    /// reports `message` and exits with the trap status unless stopped.
    init(timeout: TimeoutDuration, message: String) {
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: timeout.seconds + Watchdog.grace)
            guard !finished.load(ordering: .acquiring) else { return }
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            // The main thread is stuck in a host call; exit without running its cleanup.
            _exit(Failure.trapStatus)
        }
        thread.start()
    }

    /// Tells the watchdog the guest is done.
    func stop() {
        finished.store(true, ordering: .releasing)
    }
}
