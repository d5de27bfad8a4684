import CWasmtime
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let raw = unsafe wasmtime_engine_clone(engine.handle.pointer)!
        let context = unsafe TickerThread(engine: raw, interval: interval, ticker: self)
        // Darwin's pthread_t is a non-null pointer (filled in by pthread_create) and its
        // start routine takes a non-optional argument; Glibc's are an integer and optional.
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let box = unsafe Unmanaged.passRetained(context).toOpaque()
        let started = unsafe pthread_create(
            &thread, nil,
            { box in
                let context = unsafe Unmanaged<TickerThread>.fromOpaque((box as UnsafeMutableRawPointer?)!)
                    .takeRetainedValue()
                context.run()
                return nil
            }, unsafe box)
        if started == 0 {
            #if canImport(Darwin)
            pthread_detach(thread!)
            #else
            pthread_detach(thread)
            #endif
        } else {
            unsafe Unmanaged<TickerThread>.fromOpaque(box).release()
        }
    }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    func stop() {
        stopped.store(true, ordering: .releasing)
    }
}

/// What the ticker thread needs; deleted by the thread when it ends.
@safe private final class TickerThread: @unchecked Sendable {
    // @unchecked: `engine` is a Send + Sync Wasmtime engine used only for
    // incrementing the epoch and deleting it at the end.
    let engine: OpaquePointer
    let interval: Duration
    weak var ticker: EpochTicker?

    init(engine: OpaquePointer, interval: Duration, ticker: EpochTicker) {
        unsafe self.engine = unsafe engine
        self.interval = interval
        self.ticker = ticker
    }

    func run() {
        let (seconds, attoseconds) = interval.components
        var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        while let ticker, !ticker.isStopped {
            unsafe nanosleep(&pause, nil)
            unsafe wasmtime_engine_increment_epoch(engine)
        }
        unsafe wasm_engine_delete(engine)
    }
}
