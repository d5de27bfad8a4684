#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CWasmtime
import Synchronization

/// A background thread that advances an engine's epoch at a fixed interval,
/// shared by every store of the engine (and its clones): wall-clock
/// deadlines and cancellation cost one thread per engine, not one per call.
final class EpochTicker: Sendable {
    /// Time between ticks.
    let interval: Duration
    private let stopped = Atomic<Bool>(false)

    /// Starts ticking `engine`. The thread owns its own clone of the
    /// Wasmtime engine, so it never touches a deleted one.
    init(engine: Engine, interval: Duration) {
        self.interval = interval
        let raw = wasmtime_engine_clone(engine.raw)!
        let context = TickerThread(engine: raw, interval: interval, ticker: self)
        // Darwin's pthread_t is a non-null pointer (filled in by pthread_create) and its
        // start routine takes a non-optional argument; Glibc's are an integer and optional.
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let box = Unmanaged.passRetained(context).toOpaque()
        let started = pthread_create(&thread, nil, { box in
            let context = Unmanaged<TickerThread>.fromOpaque((box as UnsafeMutableRawPointer?)!).takeRetainedValue()
            context.run()
            return nil
        }, box)
        if started == 0 {
            #if canImport(Darwin)
            pthread_detach(thread!)
            #else
            pthread_detach(thread)
            #endif
        } else {
            Unmanaged<TickerThread>.fromOpaque(box).release()
        }
    }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    func stop() {
        stopped.store(true, ordering: .releasing)
    }
}

/// What the ticker thread needs; deleted by the thread when it ends.
private final class TickerThread: @unchecked Sendable {
    // @unchecked: `engine` is a Send + Sync Wasmtime engine used only for
    // incrementing the epoch and deleting it at the end.
    let engine: OpaquePointer
    let interval: Duration
    weak var ticker: EpochTicker?

    init(engine: OpaquePointer, interval: Duration, ticker: EpochTicker) {
        self.engine = engine
        self.interval = interval
        self.ticker = ticker
    }

    func run() {
        let (seconds, attoseconds) = interval.components
        var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        while let ticker, !ticker.isStopped {
            nanosleep(&pause, nil)
            wasmtime_engine_increment_epoch(engine)
        }
        wasm_engine_delete(engine)
    }
}

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
