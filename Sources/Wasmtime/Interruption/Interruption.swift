import Synchronization

/// Per-store interruption state, read by Wasmtime's epoch-deadline callback
/// on the store's thread and written by cancellation handlers on any thread.
final class InterruptionState: Sendable {
    /// Nesting depth of active deadline/cancellation scopes.
    let activeScopes = Atomic<Int>(0)
    /// Wall-clock deadline of the innermost scope, in monotonic nanoseconds (0 = none).
    let deadline = Atomic<UInt64>(0)
    /// Set by a cancelled task.
    let cancelled = Atomic<Bool>(false)
    /// Why the last interruption happened, for the error the call throws.
    let reason = Lock<String?>(nil)
    /// Run at every tick inside a scope (see ``GuestProfiler/sampling(_:_:)``).
    let tick = EpochTickHook()

    static func now() -> UInt64 {
        monotonicNanoseconds()
    }
}

extension AnyStore {
    /// Installs the epoch-deadline callback (once per store).
    func installInterruption() throws(WasmtimeError) -> InterruptionState {
        guard engine.config.epochInterruption == true else {
            throw WasmtimeError(.configuration, "deadlines and cancellation need Config.epochInterruption = true")
        }
        if let interruption { return interruption }
        try checkNoEpochAsyncYield()
        let state = InterruptionState()
        // The store owns the state; the callback borrows it for the store's lifetime.
        owner.setEpochDeadlineCallback(state)
        interruption = state
        return state
    }

    /// Runs `body` (calls into this store) with a wall-clock limit: a guest
    /// still running after `timeout` stops with a ``Trap`` of code
    /// ``TrapCode/interrupt``. Needs ``Config/epochInterruption``; the
    /// engine's shared ticker thread (one per engine) checks the time every
    /// `resolution`. The store stays usable after the interruption.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine lacks ``Config/epochInterruption`` or the store
    ///   yields to async calls on epoch ticks (before `body` runs), and
    ///   whatever `body` throws: a ``Trap`` of code
    ///   ``TrapCode/interrupt`` when the deadline stopped the guest.
    public func withDeadline<R>(
        _ timeout: Duration, resolution: Duration = .milliseconds(10), _ body: () throws -> R
    ) throws -> R {
        let state = try installInterruption()
        _ = engine.epochTicker(interval: resolution)
        let (seconds, attoseconds) = timeout.components
        let nanos = UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
        let previousDeadline = state.deadline.load(ordering: .acquiring)
        let deadline = InterruptionState.now() &+ nanos
        state.deadline.store(previousDeadline == 0 ? deadline : min(previousDeadline, deadline), ordering: .releasing)
        return try withScope(state) {
            defer { state.deadline.store(previousDeadline, ordering: .releasing) }
            return try body()
        }
    }

    /// Runs `body` (calls into this store) so that cancelling the current
    /// task interrupts the guest with a ``Trap`` of code ``TrapCode/interrupt``.
    /// Needs ``Config/epochInterruption``. The guest runs on the calling
    /// task's thread; the store stays usable afterwards.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   when the engine lacks ``Config/epochInterruption`` or the store
    ///   yields to async calls on epoch ticks (before `body` runs), and
    ///   whatever `body` throws: a ``Trap`` of code
    ///   ``TrapCode/interrupt`` when cancellation stopped the guest.
    nonisolated(nonsending) public func withCancellation<R>(
        resolution: Duration = .milliseconds(10), _ body: () throws -> R
    ) async throws -> R {
        let state = try installInterruption()
        _ = engine.epochTicker(interval: resolution)
        return try await withTaskCancellationHandler {
            try withScope(state) {
                // A cancellation that came before the scope opened still counts.
                if Task.isCancelled { state.cancelled.store(true, ordering: .releasing) }
                return try body()
            }
        } onCancel: {
            state.cancelled.store(true, ordering: .releasing)
        }
    }

    func withScope<R>(_ state: InterruptionState, _ body: () throws -> R) throws -> R {
        state.activeScopes.wrappingAdd(1, ordering: .acquiringAndReleasing)
        // Check on the next tick, and every tick after.
        context.setEpochDeadline(1)
        defer {
            if state.activeScopes.wrappingSubtract(1, ordering: .acquiringAndReleasing).oldValue == 1 {
                // Cleared when the outermost scope ends, so a cancellation
                // arriving while it opens is never lost.
                state.cancelled.store(false, ordering: .releasing)
                context.setEpochDeadline(UInt64.max / 2)
            }
        }
        return try body()
    }

    /// The interruption that ended the last call, if it was one of ours.
    func takeInterruptionReason() -> String? {
        interruption?.reason.withLock { reason in
            defer { reason = nil }
            return reason
        }
    }
}
