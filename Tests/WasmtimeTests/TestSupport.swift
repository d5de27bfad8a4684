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
