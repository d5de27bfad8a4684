import Synchronization

/// Counters the load test reads back through `GET /stats`.
public final class ServerStats: Sendable {
    /// How a request's plugin run ended.
    public enum Ending: Sendable {
        case handled, budgetExhausted, cancelled, failed
    }

    private let handled = Atomic<Int>(0)
    private let budgetExhausted = Atomic<Int>(0)
    private let cancelled = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    private let running = Atomic<Int>(0)

    func started() { running.add(1, ordering: .relaxed) }
    func finished() { running.subtract(1, ordering: .relaxed) }

    func record(_ ending: Ending) {
        switch ending {
        case .handled: handled.add(1, ordering: .relaxed)
        case .budgetExhausted: budgetExhausted.add(1, ordering: .relaxed)
        case .cancelled: cancelled.add(1, ordering: .relaxed)
        case .failed: failed.add(1, ordering: .relaxed)
        }
    }

    /// Plugin runs in progress.
    public var inFlight: Int { running.load(ordering: .relaxed) }

    /// Runs that ended as `ending`.
    public func count(_ ending: Ending) -> Int {
        switch ending {
        case .handled: handled.load(ordering: .relaxed)
        case .budgetExhausted: budgetExhausted.load(ordering: .relaxed)
        case .cancelled: cancelled.load(ordering: .relaxed)
        case .failed: failed.load(ordering: .relaxed)
        }
    }

    /// The counters as a JSON object.
    public var json: String {
        """
        {"handled":\(count(.handled)),"budgetExhausted":\(count(.budgetExhausted)),\
        "cancelled":\(count(.cancelled)),"failed":\(count(.failed)),"inFlight":\(inFlight)}
        """
    }
}
