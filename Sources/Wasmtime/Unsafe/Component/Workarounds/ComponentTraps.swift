// WORKAROUND(wasmtime-50): wasmtime_component_func_call reports a trap as a
// plain wasmtime_error_t (there is no trap out-parameter and no way to ask
// an error for its trap code), so the trap is recovered from the message,
// which ends with Wasmtime's description of the trap code.

extension Trap {
    /// Wasmtime's description of each trap code a component call can hit.
    private static let descriptions: [(text: String, code: TrapCode)] = [
        ("wasm `unreachable` instruction executed", .unreachable),
        ("call stack exhausted", .stackOverflow),
        ("out of bounds memory access", .memoryOutOfBounds),
        ("unaligned atomic", .heapMisaligned),
        ("undefined element: out of bounds table access", .tableOutOfBounds),
        ("uninitialized element", .indirectCallToNull),
        ("indirect call type mismatch", .badSignature),
        ("integer overflow", .integerOverflow),
        ("integer divide by zero", .integerDivisionByZero),
        ("invalid conversion to integer", .badConversionToInteger),
        ("all fuel consumed by WebAssembly", .outOfFuel),
        ("cannot enter component instance", .cannotEnterComponent),
        ("null reference", .nullReference),
        ("out of bounds array access", .arrayOutOfBounds),
        ("allocation size too large", .allocationTooLarge),
        ("cast failure", .castFailure),
        ("interrupt", .interrupt),
    ]

    /// The trap a component call's error describes, if it describes one.
    init?(componentError error: WasmtimeError) {
        let lines = error.message.split(separator: "\n").map { $0.trimmingPrefixWhitespace() }
        for line in lines.reversed() {
            let text = line.hasPrefix("wasm trap: ") ? String(line.dropFirst("wasm trap: ".count)) : line
            if let match = Self.descriptions.first(where: { text == $0.text }) {
                self.init(code: match.code, message: error.message, frames: error.frames)
                return
            }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingPrefixWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }))
    }
}
