import Wasmtime

/// How traps are shown on standard error.
enum TrapReport {
    /// Wasmtime's message without its rendered backtrace (the frames are printed separately).
    static func reason(_ trap: Trap) -> String {
        let lines = trap.message.split(whereSeparator: \.isNewline).map(\.trimmed)
        if let causedBy = lines.lastIndex(of: "Caused by:") {
            let cause = lines[(causedBy + 1)...].filter { !$0.isEmpty }
            if !cause.isEmpty { return cause.joined(separator: ": ") }
        }
        return OneLine.message(trap.message)
    }

    static func frames(_ trap: Trap, fileName: String) -> [String] {
        guard !trap.frames.isEmpty else { return [] }
        let module = System.fileName(fileName)
        return ["wasm backtrace:"]
            + trap.frames.enumerated().map { index, frame in
                let function = frame.functionName ?? "<wasm function \(frame.functionIndex)>"
                let offset = frame.moduleOffset.map { " at 0x" + String($0, radix: 16) } ?? ""
                return "  \(index): \(frame.moduleName ?? module)!\(function)\(offset)"
            }
    }
}
