import Wasmtime

/// What the tool reports when it stops short: a message for standard error
/// and the process exit status.
struct Failure: Error {
    /// Status for errors in the tool's input (files, modules, arguments).
    static let errorStatus: Int32 = 1
    /// Status for traps, like Wasmtime's own CLI: what an abort would give.
    static let trapStatus: Int32 = 134

    /// The first line of the report, without the `error: ` prefix.
    var message: String
    /// Further lines, such as a trap's frames.
    var details: [String] = []
    var status: Int32

    init(_ message: String, details: [String] = [], status: Int32 = Failure.errorStatus) {
        self.message = message
        self.details = details
        self.status = status
    }

    /// Wraps a Wasmtime error, flattened to one line; `context` names what was being done.
    init(_ error: WasmtimeError, context: String? = nil) {
        let text = OneLine.message(error.message)
        self.init(context.map { "\($0): \(text)" } ?? text)
    }

    func report() {
        var text = "error: \(message)\n"
        for line in details { text += line + "\n" }
        System.writeError(text)
    }
}

/// A guest ended through `proc_exit`: the tool exits with its status and
/// reports nothing.
struct GuestExit: Error {
    var status: Int32
}

/// Flattens Wasmtime's multi-line messages (error chains, source snippets).
enum OneLine {
    /// `failed to parse\n\nCaused by:\n    bad byte` becomes `failed to parse: bad byte`;
    /// a text-format error with its `--> <anon>:3:7` snippet becomes `FILE:3:7: message`
    /// (`line 3, column 7: message` without a file name).
    static func message(_ text: String, file: String? = nil) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
            .map(\.trimmed)
            .filter { !$0.isEmpty }
        guard let first = lines.first else { return "unknown error" }
        if lines.count > 1, lines[1].hasPrefix("--> ") {
            // The parser's location is `<anon>:LINE:COL`; keep the numbers only.
            let parts = lines[1].split(separator: ":")
            if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
                return "\(file.map { "\($0):" } ?? "line ")\(line)\(file == nil ? ", column " : ":")\(column): \(first)"
            }
            return first
        }
        // Drop the framing, the rendered frames and Wasmtime's hint about
        // WASMTIME_BACKTRACE_DETAILS, keeping the causes.
        return lines.filter {
            $0 != "Caused by:" && !$0.hasSuffix("backtrace:") && !isFrameLine($0) && !$0.hasPrefix("note: ")
        }
        .map(droppingCauseNumber)
        .joined(separator: ": ")
    }

    /// Chains of several causes are numbered: `0: first`, `1: second`.
    private static func droppingCauseNumber(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":"), Int(line[..<colon]) != nil else { return line }
        return line[line.index(after: colon)...].trimmed
    }

    /// Lines such as `0:     0x26 - <unknown>!boom` in Wasmtime's rendered backtraces.
    private static func isFrameLine(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return Int(line[..<colon]) != nil && line.contains(" - ")
    }
}
