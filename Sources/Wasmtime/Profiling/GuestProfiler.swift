/// A sampling profiler of the wasm code running in a store, writing the
/// Firefox Profiler's JSON format (open it at <https://profiler.firefox.com>),
/// as `wasmtime run --profile=guest` does.
///
/// Each ``sample(_:)-(AnyStore)`` records the wasm call stack of a store at that
/// moment. You choose when to sample: from a host function the guest calls
/// regularly (``sample(_:)-(Caller)``), or from any code that runs on the
/// store's thread while wasm runs. Each sample is weighted with the time
/// since the previous one.
///
/// ```swift
/// let profiler = try GuestProfiler(engine: engine, name: "app", interval: .milliseconds(1),
///                                  modules: [("app.wasm", module)])
/// try linker.defineFunction("env", "tick") { (caller: borrowing Caller) in try profiler.sample(caller) }
/// …
/// try profiler.finish(writingTo: "profile.json")
/// ```
public final class GuestProfiler {
    /// The engine whose modules the profiler knows.
    public let engine: Engine
    /// Owns the C profiler until ``finish()``.
    private var handle: GuestProfilerHandle?
    private var lastSample: UInt64
    /// The sampling interval in nanoseconds.
    let interval: UInt64

    /// Creates a profiler for code of `modules` (each named as frames should
    /// show it), all compiled with `engine`. `interval` is the expected time
    /// between samples, recorded in the profile.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   for a module of another engine, and of kind
    ///   ``WasmtimeError/Kind/outOfBounds`` for a negative `interval`.
    public init(
        engine: Engine, name: String, interval: Duration,
        modules: [(name: String, module: Module)]
    ) throws(WasmtimeError) {
        for (name, module) in modules where !module.engine.isSame(as: engine) {
            throw WasmtimeError(.storeMismatch, "module \(name) was compiled with a different engine")
        }
        let (seconds, attoseconds) = interval.components
        guard seconds >= 0, attoseconds >= 0 else {
            throw WasmtimeError(.outOfBounds, "the sampling interval must be positive, not \(interval)")
        }
        let nanoseconds = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        self.engine = engine
        self.interval =
            nanoseconds.overflow ? .max : nanoseconds.partialValue &+ UInt64(attoseconds / 1_000_000_000)
        handle = GuestProfilerHandle(
            engine: engine, name: name, intervalNanoseconds: self.interval, modules: modules)
        lastSample = monotonicNanoseconds()
    }

    /// Records the current wasm call stack of `store`, weighted with the time
    /// since the previous sample (or since the profiler was created).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   after ``finish()``, and of kind ``WasmtimeError/Kind/storeMismatch``
    ///   for a store of another engine.
    public func sample(_ store: AnyStore) throws(WasmtimeError) {
        guard let handle else { throw WasmtimeError(.runtime, "the profiler has finished") }
        guard store.engine.isSame(as: engine) else {
            throw WasmtimeError(.storeMismatch, "the store belongs to a different engine than the profiler")
        }
        let now = monotonicNanoseconds()
        handle.sample(store, deltaNanoseconds: now &- lastSample)
        lastSample = now
    }

    /// Records the call stack of the wasm code that called a host function.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   after ``finish()``, and of kind ``WasmtimeError/Kind/storeMismatch``
    ///   for a store of another engine.
    public func sample(_ caller: borrowing Caller) throws(WasmtimeError) {
        try sample(caller.store)
    }

    /// Samples `store` if the interval has passed since the previous sample;
    /// returns whether it did. Call it as often as you like (from a host
    /// function the guest calls in its loops, say): the profile then shows
    /// where time went, at the interval you chose.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when it samples after ``finish()``, and of kind ``WasmtimeError/Kind/storeMismatch``
    ///   for a store of another engine.
    @discardableResult
    public func sampleIfDue(_ store: AnyStore) throws(WasmtimeError) -> Bool {
        guard monotonicNanoseconds() &- lastSample >= interval else { return false }
        try sample(store)
        return true
    }

    /// Samples the calling wasm code if the interval has passed (see ``sampleIfDue(_:)-(AnyStore)``).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when it samples after ``finish()``, and of kind ``WasmtimeError/Kind/storeMismatch``
    ///   for a store of another engine.
    @discardableResult
    public func sampleIfDue(_ caller: borrowing Caller) throws(WasmtimeError) -> Bool {
        try sampleIfDue(caller.store)
    }

    /// Ends profiling and returns the profile as Firefox Profiler JSON. The
    /// profiler cannot sample afterwards.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when the profiler has already finished or Wasmtime cannot encode
    ///   the profile.
    public func finish() throws(WasmtimeError) -> [UInt8] {
        guard let taken = handle.take() else { throw WasmtimeError(.runtime, "the profiler has finished") }
        return try taken.finish()
    }

    /// Ends profiling and writes the profile to the file at `path`.
    ///
    /// - Throws: The errors of ``finish()``, and ``WasmtimeError`` of kind
    ///   ``WasmtimeError/Kind/io`` when the file cannot be written.
    public func finish(writingTo path: String) throws(WasmtimeError) {
        try writeFile(path, finish())
    }
}

@available(*, unavailable, message: "a profiler is updated by each sample; use it on one thread")
extension GuestProfiler: Sendable {}
