extension AnyStore {
    /// Makes async calls (see <doc:Async>) yield to the calling task every
    /// `interval` units of fuel, so a long computation shares its executor
    /// and notices cancellation. Needs ``Config/consumeFuel`` and fuel in
    /// the store (``setFuel(_:)``). From then on the store can only be
    /// called asynchronously: Wasmtime refuses synchronous calls.
    public func setAsyncYieldInterval(fuel interval: UInt64) throws(WasmtimeError) {
        guard engine.config.consumeFuel == true else {
            throw WasmtimeError(.configuration, "yielding every N units of fuel needs Config.consumeFuel = true")
        }
        try context.setFuelAsyncYieldInterval(interval)
        requireAsyncCalls()  // Wasmtime refuses synchronous calls from now on
    }

    /// Makes async calls yield to the calling task every `ticks` epoch
    /// ticks. Needs ``Config/epochInterruption``. With `tickInterval`, the
    /// engine's shared ticker thread advances the epoch (the first interval
    /// asked of an engine wins); without it, call ``Engine/incrementEpoch()``
    /// yourself. From then on the store can only be called asynchronously.
    ///
    /// This takes over the store's epoch deadline: it cannot be combined
    /// with ``withDeadline(_:resolution:_:)`` or
    /// ``withCancellation(resolution:_:)`` in the same store (cancel the
    /// awaiting task instead).
    public func setAsyncYieldInterval(epochTicks ticks: UInt64 = 1, tickInterval: Duration? = nil) throws(WasmtimeError)
    {
        guard engine.config.epochInterruption == true else {
            throw WasmtimeError(.configuration, "yielding on epoch ticks needs Config.epochInterruption = true")
        }
        guard interruption == nil else {
            throw WasmtimeError(
                .configuration,
                "this store uses withDeadline/withCancellation, which own its epoch deadline; epoch yielding cannot be added"
            )
        }
        guard ticks > 0 else {
            throw WasmtimeError(.configuration, "the epoch yield interval must be at least one tick")
        }
        if let tickInterval { _ = engine.epochTicker(interval: tickInterval) }
        asyncState.yieldsOnEpoch = true
        requireAsyncCalls()  // Wasmtime refuses synchronous calls from now on
        context.setEpochDeadline(ticks)
        context.setEpochDeadlineAsyncYield(ticks)
    }

    /// Whether an async call of this store is running (between its start
    /// and its end, including while it is suspended).
    public var isAsyncCallInFlight: Bool {
        asyncCallState?.isInFlight ?? false
    }

    /// Throws if epoch yielding owns the store's epoch deadline.
    func checkNoEpochAsyncYield() throws(WasmtimeError) {
        if asyncCallState?.yieldsOnEpoch == true {
            throw WasmtimeError(
                .configuration,
                "this store yields to async calls on epoch ticks, which owns its epoch deadline; cancel the awaiting task instead of withDeadline/withCancellation"
            )
        }
    }
}
