import Synchronization

extension Engine {
    /// The engine's shared epoch ticker, started on first use.
    func epochTicker(interval: Duration = .milliseconds(10)) -> EpochTicker {
        identity.ticker.withLock { ticker in
            if let ticker { return ticker }
            let started = EpochTicker(engine: self, interval: interval)
            ticker = started
            return started
        }
    }
}
