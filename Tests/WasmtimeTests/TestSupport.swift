import Testing
import Wasmtime

/// Expects `body` to throw a ``WasmtimeError`` of `kind` (the kind is part of
/// the documented contract, so any other error is a failure) and returns the
/// error, so a caller can check its message too.
@discardableResult
func expectWasmtimeError<R>(
    _ kind: WasmtimeError.Kind, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    performing body: () throws -> R
) -> WasmtimeError? {
    let error = #expect(throws: WasmtimeError.self, comment, sourceLocation: sourceLocation) { try body() }
    if let error {
        #expect(error.kind == kind, "message: \(error.message)", sourceLocation: sourceLocation)
    }
    return error
}

/// Expects `body` to trap with `code` and returns the trap, so a caller can
/// check its message and frames too.
@discardableResult
func expectTrap<R>(
    _ code: TrapCode, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    performing body: () throws -> R
) -> Trap? {
    let trap = #expect(throws: Trap.self, comment, sourceLocation: sourceLocation) { try body() }
    if let trap {
        #expect(trap.code == code, "message: \(trap.message)", sourceLocation: sourceLocation)
    }
    return trap
}

/// A bit-exact rendering of a value, so `==` on arrays of these compares
/// NaN payloads and signed zeros too.
func bitString(_ value: Value) -> String {
    switch value {
    case .i32(let v): "i32:\(v)"
    case .i64(let v): "i64:\(v)"
    case .f32(let v): "f32:0x" + String(v.bitPattern, radix: 16)
    case .f64(let v): "f64:0x" + String(v.bitPattern, radix: 16)
    case .v128(let v): "v128:\(v)"
    default: "ref:\(value)"
    }
}
