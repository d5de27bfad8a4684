import CWasmtime

// Async component host functions. Wasmtime calls the C entry point on the
// guest's fiber during a poll: it decodes the arguments (the store is
// reachable there), parks the Swift work as the store's `pendingHostCall`
// for the polling task (Unsafe/Async) and hands Wasmtime a continuation that
// stays pending until that work has run. The continuation writes the
// results when it reports ready; Wasmtime reads them only then.
//
// Wasmtime reads `error_ret` only right after this first callback, so an
// error before the `await` (bad arguments, a call outside an async call)
// goes there; an error after it ends the whole call in the driver
// (`driveComponent`), which rethrows it.

/// The `env` of an async component host function: owns the closure;
/// released by Wasmtime through ``componentAsyncHostFinalizer``.
final class ComponentAsyncHostFunction {
    typealias Body = nonisolated(nonsending) @Sendable ([ComponentValue]) async throws -> [ComponentValue]
    let body: Body

    init(_ body: @escaping Body) {
        self.body = body
    }

    /// Starts one call on the fiber; returns the error for `error_ret` or
    /// the continuation's state.
    func begin(
        context: OpaquePointer, type: OpaquePointer,
        arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, argumentCount: Int,
        results: UnsafeMutablePointer<wasmtime_component_val_t>?, resultCount: Int
    ) -> Result<ComponentAsyncHostCall, any Error> {
        let store = unsafe AnyStore.from(context: StoreContext(context))
        guard let state = store.asyncCallState, unsafe state.phase == .polling, unsafe state.pendingHostCall == nil
        else {
            return .failure(
                WasmtimeError(
                    .runtime,
                    "an async component host function was called outside an async call (use callAsync / instantiateAsync)"
                ))
        }
        var decoding = DecodingContext(store: store)
        do {
            let functionType = unsafe ComponentFuncType(borrowing: type)
            let values = unsafe try ComponentValue.decodeArguments(arguments, count: argumentCount, context: &decoding)
            let call = unsafe ComponentAsyncHostCall(
                results: results, resultCount: resultCount, borrowed: decoding.borrowedResources)
            let body = self.body
            let output = call.output
            let work = PendingHostCall(
                store: store,
                work: { _ in
                    let produced = try await body(values)
                    // Checked here, in the task: the continuation cannot fail.
                    output.moved = try functionType.checkHostResults(produced, resultCount: resultCount, store: store)
                    output.values = produced
                },
                writeResults: { _, _, _ in })
            call.work = work
            unsafe state.pendingHostCall = work
            return .success(call)
        } catch {
            for box in decoding.borrowedResources { box.markExpired() }
            return .failure(error)
        }
    }
}

/// One suspended async component host call, the continuation's `env`.
@safe final class ComponentAsyncHostCall {
    let results: UnsafeMutablePointer<wasmtime_component_val_t>?
    let resultCount: Int
    /// Borrowed resources among the arguments: dead once the call ends.
    let borrowed: [ResourceBox]
    var work: PendingHostCall?
    /// What the work produced (a separate object: the work must not hold the call).
    let output = ComponentHostOutput()

    init(results: UnsafeMutablePointer<wasmtime_component_val_t>?, resultCount: Int, borrowed: [ResourceBox]) {
        unsafe self.results = unsafe results
        self.resultCount = resultCount
        self.borrowed = borrowed
    }

    /// Polled by Wasmtime: false until the work ran, then writes the results.
    func poll() -> Bool {
        guard let work, unsafe work.isReady else { return false }
        if let values = output.values, unsafe work.failure == nil {
            for (index, value) in values.prefix(resultCount).enumerated() {
                // The slots hold placeholders; Wasmtime frees what is written here.
                unsafe value.encode(into: results! + index)
            }
            for box in output.moved { box.markMoved() }
        }
        output.values = nil
        self.work = nil
        return true
    }

    deinit {
        for box in borrowed { box.markExpired() }
    }
}

/// The results of one async component host call's work.
final class ComponentHostOutput {
    var values: [ComponentValue]?
    var moved: [ResourceBox] = []
}

/// The single C entry point of async component host functions.
let componentAsyncHostTrampoline: wasmtime_component_func_async_callback_t = {
    env, context, type, arguments, argumentCount, results, resultCount, errorSlot, continuation in
    let host = unsafe Unmanaged<ComponentAsyncHostFunction>.fromOpaque(env!).takeUnretainedValue()
    let started = unsafe host.begin(
        context: context!, type: type!, arguments: arguments, argumentCount: argumentCount,
        results: results, resultCount: resultCount)
    switch started {
    case .success(let call):
        unsafe continuation!.pointee = wasmtime_async_continuation_t(
            callback: { env in
                unsafe Unmanaged<ComponentAsyncHostCall>.fromOpaque(env!).takeUnretainedValue().poll()
            },
            env: unsafe Unmanaged.passRetained(call).toOpaque(),
            finalizer: { env in unsafe Unmanaged<ComponentAsyncHostCall>.fromOpaque(env!).release() })
    case .failure(let error):
        let store = unsafe AnyStore.from(context: StoreContext(context!))
        unsafe errorSlot!.pointee = unsafe store.hostFunctionFailure(error)
        // Wasmtime returns the error without polling; the continuation must
        // still be a valid one.
        unsafe continuation!.pointee = wasmtime_async_continuation_t(
            callback: { _ in true }, env: nil, finalizer: nil)
    }
}

let componentAsyncHostFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<ComponentAsyncHostFunction>.fromOpaque(env!).release()
}

extension ComponentLinkerHandle {
    func defineAsyncFunction(in path: [String], name: String, _ function: ComponentAsyncHostFunction)
        throws(WasmtimeError)
    {
        unsafe try withInstance(path) { instance throws(WasmtimeError) in
            let env = unsafe Unmanaged.passRetained(function).toOpaque()
            // The finalizer runs even when the definition fails, releasing `env`.
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_func_async(
                    instance, $0, $1, componentAsyncHostTrampoline, env, componentAsyncHostFinalizer)
            }
            unsafe try CAPI.check(error, .linking)
        }
    }
}
