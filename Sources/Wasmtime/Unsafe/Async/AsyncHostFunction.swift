import CWasmtime

// Async host functions. Wasmtime calls the C entry point on the guest's
// fiber during a poll; it converts the arguments, leaves the Swift work
// (a `PendingHostCall`) in the store's async state and hands Wasmtime a
// continuation that stays pending until the calling task has run that work.
// The continuation writes the results (or the trap of a thrown error) when
// it reports ready: Wasmtime reads them only then.

/// Starts one host call on the fiber: converts the arguments (the caller
/// is valid here) and returns the work to run in the calling task.
@usableFromInline typealias AsyncHostBegin = (CallerContext, ValBuffer) throws -> PendingHostCall

/// The Swift work of one host call, run in the calling task; it takes the
/// call's arguments from, and leaves its output in, the call object. One
/// closure per host function, not per call.
@usableFromInline typealias AsyncHostWork = nonisolated(nonsending) (PendingHostCall) async throws -> Void

/// Writes a host call's output into Wasmtime's result slots; run during a
/// poll (the store is reachable then). One closure per host function.
@usableFromInline typealias AsyncHostWrite = (PendingHostCall, ValBuffer, AsyncCallState) throws -> Void

/// The `env` of an async host function: owns the closure; released by
/// Wasmtime through ``asyncHostFunctionFinalizer``.
@usableFromInline final class AsyncHostFunction {
    let type: FuncType
    let begin: AsyncHostBegin

    @usableFromInline init(type: FuncType, begin: @escaping AsyncHostBegin) {
        self.type = type
        self.begin = begin
    }
}

/// One suspended host call: its Swift work, then its outcome, written into
/// Wasmtime's result slots when the continuation is polled. Typed calls
/// keep their arguments and output in a ``TypedPendingHostCall``, so a call
/// allocates this one object.
@safe @usableFromInline class PendingHostCall {
    /// The Swift work; run once, in the task driving the call.
    let work: AsyncHostWork
    /// Writes the work's output into `results`; run during a poll.
    let writeResults: AsyncHostWrite
    @usableFromInline let store: AnyStore
    @exclusivity(unchecked) var results: ValBuffer?
    @exclusivity(unchecked) var trapSlot: UnsafeMutablePointer<OpaquePointer?>?
    @exclusivity(unchecked) var isReady = false
    @exclusivity(unchecked) var failure: (any Error)?

    @usableFromInline init(store: AnyStore, work: @escaping AsyncHostWork, writeResults: @escaping AsyncHostWrite) {
        self.store = store
        self.work = work
        self.writeResults = writeResults
    }

    /// A call that failed before it could start: ready at once.
    init(store: AnyStore, failure: any Error) {
        self.store = store
        work = { _ in }
        writeResults = { _, _, _ in }
        unsafe self.failure = failure
        unsafe isReady = true
    }

    /// Runs the Swift work in the calling task; never throws (the error is
    /// kept for the continuation).
    nonisolated(nonsending) func run() async {
        do {
            try await work(self)
        } catch {
            unsafe failure = error
        }
        unsafe isReady = true
    }

    /// Polled by Wasmtime through the continuation: false until the work ran.
    func poll() -> Bool {
        guard unsafe isReady else { return false }
        if unsafe failure == nil, let results = unsafe results {
            do {
                try writeResults(self, results, store.asyncState)
            } catch {
                unsafe failure = error
            }
        }
        if let failure = unsafe failure {
            // The error is parked in the store and rethrown by the call
            // this trap unwinds (the async call reports it as an error).
            store.pendingError = failure
            let message = "host function failed: \(failure)"
            unsafe trapSlot?.pointee = unsafe withUTF8(message) { unsafe wasmtime_trap_new($0, $1) }
        }
        return true
    }
}

/// A host call with its arguments and, once the work ran, its output.
@usableFromInline final class TypedPendingHostCall<Arguments, Output>: PendingHostCall {
    @usableFromInline let arguments: Arguments
    @exclusivity(unchecked) @usableFromInline var output: Output?

    @usableFromInline init(
        store: AnyStore, arguments: Arguments, work: @escaping AsyncHostWork, writeResults: @escaping AsyncHostWrite
    ) {
        self.arguments = arguments
        super.init(store: store, work: work, writeResults: writeResults)
    }

    /// The typed call behind a call the adapter of its function made.
    @inlinable @inline(__always)
    static func of(_ call: PendingHostCall) -> TypedPendingHostCall {
        unsafe unsafeDowncast(call, to: TypedPendingHostCall.self)
    }
}

/// The single C entry point of async host functions.
let asyncHostFunctionTrampoline: wasmtime_func_async_callback_t = {
    env, caller, arguments, argumentCount, results, resultCount, trapSlot, continuation in
    let host = unsafe Unmanaged<AsyncHostFunction>.fromOpaque(env.unsafelyUnwrapped).takeUnretainedValue()
    let callerContext = unsafe CallerContext(caller.unsafelyUnwrapped)
    let store = callerContext.store
    let call: PendingHostCall
    if let state = store.asyncCallState, unsafe state.phase == .polling, unsafe state.pendingHostCall == nil {
        do {
            let lent = unsafe ValBuffer(
                base: UnsafeMutablePointer(mutating: arguments ?? UnsafePointer(state.values)),
                count: argumentCount)
            call = try host.begin(callerContext, lent)
            unsafe call.results = unsafe ValBuffer(base: results ?? state.values, count: resultCount)
            unsafe state.pendingHostCall = call
        } catch {
            call = PendingHostCall(store: store, failure: error)
        }
    } else {
        call = PendingHostCall(
            store: store,
            failure: WasmtimeError(
                .runtime,
                "an async host function was called outside an async call of this package"))
    }
    unsafe call.trapSlot = trapSlot
    unsafe continuation.unsafelyUnwrapped.pointee = wasmtime_async_continuation_t(
        callback: { env in
            unsafe Unmanaged<PendingHostCall>.fromOpaque(env.unsafelyUnwrapped).takeUnretainedValue().poll()
        },
        env: unsafe Unmanaged.passRetained(call).toOpaque(),
        finalizer: { env in unsafe Unmanaged<PendingHostCall>.fromOpaque(env.unsafelyUnwrapped).release() })
}

let asyncHostFunctionFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<AsyncHostFunction>.fromOpaque(env!).release()
}

extension AsyncHostFunction {
    /// Adapts a typed async closure. Its values are `Sendable`: the closure
    /// is nonisolated, so its arguments and results cross to it.
    static func typed<each P: WasmValue & Sendable, each R: WasmValue & Sendable>(
        _ body: @escaping @Sendable (repeat each P) async throws -> (repeat each R)
    ) -> AsyncHostFunction {
        typealias Call = TypedPendingHostCall<(repeat each P), (repeat each R)>
        let work: AsyncHostWork = { call in
            let call = Call.of(call)
            unsafe call.output = try await body(repeat each call.arguments)
        }
        let write: AsyncHostWrite = { call, results, state in
            guard let value = unsafe Call.of(call).output else { return }
            var index = 0
            for result in repeat each value {
                try results.store(result, at: index, store: call.store, state: state)
                index += 1
            }
        }
        return AsyncHostFunction(type: HostFunction.typeOf((repeat each P).self, (repeat each R).self)) {
            caller, arguments in
            let store = caller.store
            var index = 0
            func next<T: WasmValue>(_ type: T.Type) -> T {
                defer { index += 1 }
                return arguments.borrow(T.self, at: index, store: store)
            }
            return Call(store: store, arguments: (repeat next((each P).self)), work: work, writeResults: write)
        }
    }

    /// Adapts a typed closure that takes the caller: its synchronous part
    /// runs while the guest is on the stack, and returns the async work.
    static func typed<each P: WasmValue & Sendable, each R: WasmValue & Sendable>(
        _ body:
            @escaping @Sendable (borrowing Caller, repeat each P) throws
            -> @Sendable () async throws -> (repeat each R)
    ) -> AsyncHostFunction {
        typealias Call = TypedPendingHostCall<@Sendable () async throws -> (repeat each R), (repeat each R)>
        let work: AsyncHostWork = { call in
            let call = Call.of(call)
            unsafe call.output = try await call.arguments()
        }
        let write: AsyncHostWrite = { call, results, state in
            guard let value = unsafe Call.of(call).output else { return }
            var index = 0
            for result in repeat each value {
                try results.store(result, at: index, store: call.store, state: state)
                index += 1
            }
        }
        return AsyncHostFunction(type: HostFunction.typeOf((repeat each P).self, (repeat each R).self)) {
            caller, arguments in
            let store = caller.store
            var index = 0
            func next<T: WasmValue>(_ type: T.Type) -> T {
                defer { index += 1 }
                return arguments.borrow(T.self, at: index, store: store)
            }
            let job = try body(Caller(caller), repeat next((each P).self))
            return Call(store: store, arguments: job, work: work, writeResults: write)
        }
    }

    /// Adapts a dynamically typed async closure; it runs on the calling
    /// task's executor, so its values need not be `Sendable`.
    static func untyped(
        _ type: FuncType,
        _ body: nonisolated(nonsending) @escaping @Sendable ([Value]) async throws -> [Value]
    ) -> AsyncHostFunction {
        typealias Call = TypedPendingHostCall<[Value], [Value]>
        let work: AsyncHostWork = { call in
            let call = Call.of(call)
            unsafe call.output = try await body(call.arguments)
        }
        let write: AsyncHostWrite = { call, results, state in
            guard let value = unsafe Call.of(call).output else { return }
            try Self.checkResults(value, type: type, store: call.store)
            for (index, result) in value.enumerated() {
                try results.storeValue(result, at: index, store: call.store, state: state)
            }
        }
        return AsyncHostFunction(type: type) { caller, arguments in
            let store = caller.store
            let values = arguments.indices.map { arguments.borrowValue(at: $0, store: store) }
            return Call(store: store, arguments: values, work: work, writeResults: write)
        }
    }

    /// Dynamically typed results must match the function type exactly
    /// before they reach wasm.
    static func checkResults(_ results: [Value], type: FuncType, store: AnyStore) throws(WasmtimeError) {
        guard results.count == type.results.count else {
            throw WasmtimeError(.typeMismatch, "host function of type \(type) returned \(results.count) value(s)")
        }
        for (index, (result, expected)) in zip(results, type.results).enumerated() {
            try result.check(store: store)
            guard result.matches(expected) else {
                throw WasmtimeError(.typeMismatch, "result \(index) has type \(result.type), expected \(expected)")
            }
        }
    }
}

extension ValBuffer {
    var indices: Range<Int> { 0..<count }
}

extension LinkerHandle {
    func defineAsyncFunction(
        _ module: String, _ name: String, host: AsyncHostFunction,
        engine: Engine
    ) throws(WasmtimeError) {
        let functype = unsafe host.type.makeRaw(engine: engine)
        defer { unsafe wasm_functype_delete(functype) }
        let env = unsafe Unmanaged.passRetained(host).toOpaque()
        let error = unsafe withUTF8(module) { m, ml in
            unsafe withUTF8(name) { n, nl in
                unsafe wasmtime_linker_define_async_func(
                    pointer, m, ml, n, nl, functype, asyncHostFunctionTrampoline,
                    env, asyncHostFunctionFinalizer)
            }
        }
        unsafe try CAPI.check(error, .linking)
    }
}
