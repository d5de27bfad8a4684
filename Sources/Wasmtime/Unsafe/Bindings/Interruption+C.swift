import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The monotonic clock in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    unsafe clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

extension StoreHandle {
    /// Installs the store's epoch callback; the store owns `state`, and the
    /// callback borrows it (unretained) for the store's lifetime.
    func setEpochDeadlineCallback(_ state: InterruptionState) {
        unsafe wasmtime_store_epoch_deadline_callback(
            pointer, epochDeadlineReached,
            Unmanaged.passUnretained(state).toOpaque(), nil)
    }
}

/// Wasmtime calls this when the store's epoch deadline is reached. Inside a
/// scope it keeps the guest running one more tick unless the scope's time is
/// up or its task was cancelled; outside, it interrupts, as Wasmtime would
/// without a callback.
private let epochDeadlineReached:
    @convention(c) (
        OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt64>?,
        UnsafeMutablePointer<wasmtime_update_deadline_kind_t>?
    ) -> OpaquePointer? = { _, env, delta, kind in
        let state = unsafe Unmanaged<InterruptionState>.fromOpaque(env!).takeUnretainedValue()
        let reason: String
        if let tick = state.tick.body, state.activeScopes.load(ordering: .acquiring) > 0 { tick() }
        if state.activeScopes.load(ordering: .acquiring) == 0 {
            reason = "epoch deadline reached"
        } else if state.cancelled.load(ordering: .acquiring) {
            reason = "the task was cancelled"
        } else if case let deadline = state.deadline.load(ordering: .acquiring), deadline != 0,
            InterruptionState.now() >= deadline
        {
            reason = "the deadline passed"
        } else {
            unsafe delta!.pointee = 1
            unsafe kind!.pointee = wasmtime_update_deadline_kind_t(WASMTIME_UPDATE_DEADLINE_CONTINUE)
            return nil
        }
        state.reason.withLock { $0 = reason }
        return unsafe wasmtime_error_new("wasm interrupted: \(reason)")
    }
