extension GuestProfiler {
    /// Runs `body` (calls into `store`) while sampling the store's wasm call
    /// stack at every tick of the engine's epoch ticker, as
    /// `wasmtime run --profile=guest` does: no cooperation from the guest is
    /// needed. Needs ``Config/epochInterruption``.
    ///
    /// The engine's ticker runs at this profiler's interval when this is its
    /// first use; otherwise at the interval it was started with (10 ms by
    /// default, see ``AnyStore/withDeadline(_:resolution:_:)``). Deadlines
    /// and cancellation scopes inside `body` keep working.
    public func sampling<R>(_ store: AnyStore, _ body: () throws -> R) throws -> R {
        guard store.engine.isSame(as: engine) else {
            throw WasmtimeError(.storeMismatch, "the store belongs to a different engine than the profiler")
        }
        let state = try store.installInterruption()
        _ = engine.epochTicker(interval: .nanoseconds(Int64(clamping: interval)))
        let previous = state.tick.body
        state.tick.body = { [self] in
            previous?()
            _ = try? self.sample(store)
        }
        defer { state.tick.body = previous }
        return try store.withScope(state, body)
    }
}
