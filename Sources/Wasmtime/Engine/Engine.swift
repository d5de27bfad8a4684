import Synchronization

/// A compilation environment shared by modules and stores.
///
/// An engine is thread-safe: share one across threads, compile modules with
/// it and create a ``Store`` per thread or task.
public final class Engine: Sendable {
    /// Owns the Wasmtime engine.
    let handle: EngineHandle
    /// Shared by an engine and its clones: Wasmtime aborts when objects of
    /// two different engines meet, so the Swift layer compares these first.
    let identity: Identity
    /// The configuration the engine was created with.
    public let config: Config

    /// Shared by an engine and its clones, with what they share besides the
    /// Wasmtime engine: the epoch ticker.
    final class Identity: Sendable {
        let ticker = Lock<EpochTicker?>(nil)

        deinit {
            ticker.withLock { $0?.stop() }
        }
    }

    /// Creates an engine with Wasmtime's default settings.
    public init() {
        handle = EngineHandle()
        identity = Identity()
        config = Config()
    }

    /// Creates an engine with `config`.
    ///
    /// Throws when Wasmtime rejects the combination of settings (for
    /// example a feature that needs another one disabled, or an unknown
    /// Cranelift setting). Wasmtime's C API aborts the process instead of
    /// reporting such a configuration, so a configuration that may be
    /// rejected is first tried in a short-lived child process (a few
    /// milliseconds); enabling features, fuel and epochs never needs that.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   with Wasmtime's reason when it rejects `config`: an unknown target
    ///   triple or Cranelift setting, an unreadable cache configuration, a
    ///   combination of settings, or limits it cannot honor.
    public init(_ config: Config) throws(WasmtimeError) {
        // Settings Wasmtime checks as they are set (the target triple, the
        // cache file) fail here with Wasmtime's own message.
        let configHandle = try config.makeHandle()
        if config.mayBeRejected, let reason = config.probeRejection() {
            throw WasmtimeError(.configuration, reason)
        }
        guard let engine = EngineHandle(config: configHandle) else {
            throw WasmtimeError(.configuration, "Wasmtime rejected the engine configuration")
        }
        handle = engine
        identity = Identity()
        self.config = config
    }

    private init(handle: consuming EngineHandle, identity: Identity, config: Config) {
        self.handle = handle
        self.identity = identity
        self.config = config
    }

    /// Whether `other` is this engine or a clone of it.
    public func isSame(as other: Engine) -> Bool {
        identity === other.identity
    }

    func checkSame(as other: Engine, _ what: @autoclosure () -> String) throws(WasmtimeError) {
        guard isSame(as: other) else {
            throw WasmtimeError(.storeMismatch, "\(what()) belongs to a different engine")
        }
    }

    /// Returns another handle to the same engine (same settings, caches and epoch).
    public func clone() -> Engine {
        Engine(handle: handle.clone(), identity: identity, config: config)
    }

    /// Advances the epoch counter, interrupting code whose store's deadline
    /// has been reached. Safe to call from any thread.
    public func incrementEpoch() {
        handle.incrementEpoch()
    }

    /// Whether this engine runs code in the Pulley interpreter instead of natively.
    public var isPulley: Bool {
        handle.isPulley
    }
}
