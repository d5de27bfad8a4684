import Testing
import Wasmtime

/// Records an issue unless `body` throws a ``WasmtimeError`` of `kind`.
func expectWasmtimeError<T>(
    _ kind: WasmtimeError.Kind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) {
    do {
        _ = try body()
        Issue.record("expected a WasmtimeError of kind \(kind), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as WasmtimeError {
        #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a WasmtimeError of kind \(kind), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body`, which must throw an `E`, and returns that error.
func thrownError<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
    do {
        try body()
        Issue.record("expected \(E.self), but nothing was thrown")
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(Swift.type(of: error)): \(error)")
        return nil
    }
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
