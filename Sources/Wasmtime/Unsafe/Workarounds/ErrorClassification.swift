// WORKAROUND(wasmtime-50): the C API reports every instantiation failure as one
// opaque `wasmtime_error_t` (no kind, no code), so the kind is recovered from
// the text of Wasmtime's message.

extension WasmtimeError.Kind {
    /// Import resolution failures are `.linking`, refused limits
    /// `.resourceLimit`, anything else `.instantiation`: the C API reports
    /// them all as one error type, told apart only by its message.
    static func classifyInstantiation(_ message: String) -> WasmtimeError.Kind {
        let linking = ["unknown import", "incompatible import type", "expected ", "import", "types incompatible"]
        let limits = [
            "resource limit", "exceeds memory limits", "exceeds table limits", "limit exceeded",
            "maximum number of", "pooling", "concurrent", "too many",
        ]
        if message.contains("cross-`Store`") || message.contains("wrong store") || message.contains("different store") {
            return .storeMismatch
        }
        if limits.contains(where: { message.contains($0) }) { return .resourceLimit }
        if linking.contains(where: { message.contains($0) }) { return .linking }
        return .instantiation
    }
}
