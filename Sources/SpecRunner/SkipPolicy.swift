/// What the runner does not run, and why. Only features Wasmtime 50 lacks
/// and asserts of an old proposal that the merged spec contradicts qualify.
public enum SkipPolicy {
    /// Why the whole script at `path` (relative to the testsuite) is skipped, if it is.
    public static func fileReason(_ path: String) -> String? {
        if path.hasPrefix("legacy/") {
            return "legacy exception handling (try/catch/delegate/rethrow): not implemented by Wasmtime 50"
        }
        if path.hasPrefix("proposals/custom-descriptors/") {
            return "custom descriptors proposal: not implemented by Wasmtime 50"
        }
        return nil
    }

    /// Why one command of the script at `path` is skipped, if it is.
    public static func commandReason(_ path: String, _ command: Command) -> String? {
        guard let lines = contradicted[path], let reason = lines[command.line] else { return nil }
        return reason
    }

    /// Asserts of `proposals/threads`, written before multi-memory and
    /// Wasm 3.0 were merged, that the merged spec turns around.
    static let contradicted: [String: [Int: String]] = [
        "proposals/threads/imports.wast": [
            310: multipleTables, 314: multipleTables, 318: multipleTables,
            405: multipleMemories, 409: multipleMemories, 413: multipleMemories,
        ],
        "proposals/threads/memory.wast": [14: multipleMemories, 15: multipleMemories],
    ]

    static let multipleTables =
        "threads proposal (pre-Wasm 2.0) asserts that a second table is invalid; reference types allow multiple tables"
    static let multipleMemories =
        "threads proposal (pre-Wasm 3.0) asserts that a second memory is invalid; multi-memory allows multiple memories"
}
