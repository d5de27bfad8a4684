import CWasmtime

extension ComponentFuncHandle {
    /// The async form of ``callTyped(_:parameterTypes:resultIsTuple:store:as:)``:
    /// the arguments are lowered into a ``ComponentCallFrame``, which the
    /// future reads during its polls, and the result is lifted from it once
    /// the future completed; the frame deletes both.
    nonisolated(nonsending) func callTypedAsync<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ arguments: repeat each P, parameterTypes: [ComponentValueType], resultIsTuple: Bool, store: AnyStore,
        as results: (repeat each R).Type
    ) async throws -> (repeat each R) {
        let state = try store.beginAsyncCall()
        let argumentCount = parameterTypes.count
        var resultCount = 0
        for _ in repeat (each R).self { resultCount = 1 }
        let frame = unsafe ComponentCallFrame(function: raw, argumentCount: argumentCount, resultCount: resultCount)
        var moved: [ResourceBox] = []
        var index = 0
        for argument in repeat each arguments {
            guard index < argumentCount else { break }
            do {
                unsafe try lowerValue(
                    argument, into: frame.arguments + index, expected: parameterTypes[index], store: store,
                    moved: &moved)
            } catch let error as WasmtimeError {
                throw WasmtimeError(error.kind, "argument \(index): \(error.message)")
            }
            index += 1
        }
        // Owned handles now belong to the call (Wasmtime consumes them even when it fails).
        for box in moved { box.markMoved() }
        guard
            let future = unsafe wasmtime_component_func_call_async(
                frame.function, store.context.pointer, frame.arguments, frame.argumentCount,
                frame.results, frame.resultCount, frame.error)
        else { throw WasmtimeError(.runtime, "Wasmtime could not start the async component call") }
        try await store.driveComponent(unsafe CallFuture(taking: future), state: state, frame: frame, kind: .runtime)
        var cursor = unsafe ResultCursor(result: frame.results, isTuple: resultIsTuple, store: store)
        return try (repeat cursor.next((each R).self))
    }
}
