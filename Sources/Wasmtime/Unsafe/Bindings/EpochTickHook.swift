/// Work to do on the store's thread at every epoch tick while a scope is
/// open (the guest profiler's sampling), read by the epoch-deadline callback.
///
/// Confined to the store's thread: the scope sets and clears `body` there,
/// and Wasmtime runs the callback there, inside the call into wasm.
final class EpochTickHook: @unchecked Sendable {
    /// Called by the epoch-deadline callback, if set.
    var body: (() -> Void)?
}
