import CWasmtime

// Async component calls and instantiation over the store's one-future rule
// and poll machinery (Unsafe/Async): `beginAsyncCall`, `CallFuture`, the
// `pendingHostCall` slot and the phases of `AsyncCallState`.
//
// Contracts (../shared/docs/c-api-notes.md, "Async"; Wasmtime's
// component/func.rs and component/linker.rs): the function handle,
// arguments, results and error slot are captured by reference by the future
// and read or written during *polls*, so they live in a `ComponentCallFrame`
// until the future is deleted. The component host-function API reads its
// error slot only right after the first callback, never after the
// continuation: a Swift error thrown after an `await` cannot travel through
// Wasmtime, so the driver ends the call itself (it deletes the future, which
// unwinds the guest) and throws that error.

/// The memory one async component call lends to its future.
@safe final class ComponentCallFrame {
    let function: UnsafeMutablePointer<wasmtime_component_func_t>
    let instance: UnsafeMutablePointer<wasmtime_component_instance_t>
    let error: UnsafeMutablePointer<OpaquePointer?>
    let arguments: UnsafeMutablePointer<wasmtime_component_val_t>
    let argumentCount: Int
    let results: UnsafeMutablePointer<wasmtime_component_val_t>
    let resultCount: Int

    init(function: wasmtime_component_func_t, arguments: [ComponentValue], resultCount: Int) {
        unsafe self.function = .allocate(capacity: 1)
        unsafe self.function.initialize(to: function)
        unsafe instance = .allocate(capacity: 1)
        unsafe instance.initialize(to: wasmtime_component_instance_t())
        unsafe error = .allocate(capacity: 1)
        unsafe error.initialize(to: nil)
        argumentCount = arguments.count
        unsafe self.arguments = .allocate(capacity: max(arguments.count, 1))
        for (index, argument) in arguments.enumerated() { unsafe argument.encode(into: self.arguments + index) }
        self.resultCount = resultCount
        // Placeholders (`bool false`) own nothing: deleting an unwritten slot is a no-op.
        unsafe results = .allocate(capacity: max(resultCount, 1))
        unsafe results.initialize(repeating: wasmtime_component_val_t(), count: max(resultCount, 1))
    }

    /// A frame whose `argumentCount` argument slots start as placeholders,
    /// for typed arguments lowered straight into them.
    init(function: wasmtime_component_func_t, argumentCount: Int, resultCount: Int) {
        unsafe self.function = .allocate(capacity: 1)
        unsafe self.function.initialize(to: function)
        unsafe instance = .allocate(capacity: 1)
        unsafe instance.initialize(to: wasmtime_component_instance_t())
        unsafe error = .allocate(capacity: 1)
        unsafe error.initialize(to: nil)
        self.argumentCount = argumentCount
        unsafe arguments = .allocate(capacity: max(argumentCount, 1))
        unsafe arguments.initialize(repeating: wasmtime_component_val_t(), count: max(argumentCount, 1))
        self.resultCount = resultCount
        unsafe results = .allocate(capacity: max(resultCount, 1))
        unsafe results.initialize(repeating: wasmtime_component_val_t(), count: max(resultCount, 1))
    }

    /// Decodes the results the completed future wrote.
    func decodeResults(store: AnyStore) throws(WasmtimeError) -> [ComponentValue] {
        unsafe try ComponentValue.decodeAll(results, count: resultCount, store: store)
    }

    /// Takes the error the future reported, if any.
    func takeError() -> OpaquePointer? {
        defer { unsafe error.pointee = nil }
        return unsafe error.pointee
    }

    deinit {
        unsafe error.pointee.map { unsafe wasmtime_error_delete($0) }
        for index in 0..<argumentCount { unsafe wasmtime_component_val_delete(arguments + index) }
        for index in 0..<resultCount { unsafe wasmtime_component_val_delete(results + index) }
        unsafe arguments.deallocate()
        unsafe results.deallocate()
        unsafe error.deallocate()
        unsafe instance.deallocate()
        unsafe function.deallocate()
    }
}

extension ComponentFuncHandle {
    /// Calls the function through a future with type-checked arguments.
    nonisolated(nonsending) func callAsync(
        _ arguments: [ComponentValue], resultCount: Int, store: AnyStore
    ) async throws -> [ComponentValue] {
        let state = try store.beginAsyncCall()
        let frame = unsafe ComponentCallFrame(function: raw, arguments: arguments, resultCount: resultCount)
        guard
            let future = unsafe wasmtime_component_func_call_async(
                frame.function, store.context.pointer, frame.arguments, frame.argumentCount,
                frame.results, frame.resultCount, frame.error)
        else { throw WasmtimeError(.runtime, "Wasmtime could not start the async component call") }
        try await store.driveComponent(unsafe CallFuture(taking: future), state: state, frame: frame, kind: .runtime)
        return try frame.decodeResults(store: store)
    }
}

extension ComponentLinkerHandle {
    /// Instantiates through a future (start code may call async host functions).
    nonisolated(nonsending) func instantiateAsync(_ component: borrowing ComponentHandle, in store: AnyStore)
        async throws -> ComponentInstanceHandle
    {
        let state = try store.beginAsyncCall()
        let frame = unsafe ComponentCallFrame(function: wasmtime_component_func_t(), arguments: [], resultCount: 0)
        guard
            let future = unsafe wasmtime_component_linker_instantiate_async(
                pointer, store.context.pointer, component.pointer, frame.instance, frame.error)
        else { throw WasmtimeError(.runtime, "Wasmtime could not start the async component instantiation") }
        do {
            try await store.driveComponent(
                unsafe CallFuture(taking: future), state: state, frame: frame, kind: .instantiation)
        } catch var plain as WasmtimeError where plain.kind == .instantiation {
            plain.kind = WasmtimeError.Kind.classifyInstantiation(plain.message)
            throw plain
        }
        return unsafe frame.instance.pointee
    }

    func addWASIp2Async() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_component_linker_add_wasip2_async(pointer), .linking)
    }
}

extension AnyStore {
    /// Drives a component future to completion in the calling task, like
    /// ``drive(_:state:kind:)`` does for core calls: polls; runs the Swift
    /// work of a suspended async host function, then polls again; yields
    /// the task after a fuel or epoch yield. Cancellation and a host error
    /// raised after an `await` end the call by deleting the future.
    nonisolated(nonsending) func driveComponent(
        _ future: consuming CallFuture, state: AsyncCallState, frame: ComponentCallFrame, kind: WasmtimeError.Kind
    ) async throws {
        unsafe state.phase = .polling
        defer {
            unsafe state.phase = .idle
            unsafe refusesSynchronousCalls = state.requiresAsync
            unsafe state.pendingHostCall = nil
        }
        while !future.poll() {
            unsafe state.phase = .suspended
            unsafe refusesSynchronousCalls = true
            var failure: (any Error)?
            if let hostCall = unsafe state.pendingHostCall {
                unsafe state.pendingHostCall = nil
                await hostCall.run()
                failure = unsafe hostCall.failure
            } else {
                await Task.yield()
            }
            unsafe state.phase = .polling
            unsafe refusesSynchronousCalls = state.requiresAsync
            if failure == nil && Task.isCancelled {
                failure = Trap(code: .interrupt, message: "wasm interrupted: the task was cancelled")
            }
            if let failure {
                // Deleting the future unwinds the guest and finalizes the
                // pending continuation, before the frame it points into goes.
                _ = consume future
                pendingError = nil
                unsafe frame.takeError().map { unsafe wasmtime_error_delete($0) }
                withExtendedLifetime(frame) {}
                throw failure
            }
        }
        _ = consume future
        withExtendedLifetime(frame) {}
        if let error = unsafe frame.takeError() {
            throw unsafe componentCallFailure(error, kind: kind)
        }
    }
}
