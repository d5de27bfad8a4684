import CWasmtime

// The async entry points of calls and instantiation, the yield settings of
// a store, and the fiber stack size of a configuration.

extension Func {
    /// Calls the function through a future, typed: arguments are written
    /// into the store's pinned buffer, results read back from it.
    @inline(__always)
    nonisolated(nonsending) func callAsync<each P: WasmValue, each R: WasmValue>(
        _ arguments: repeat each P, parameterCount: Int, resultCount: Int
    ) async throws -> (repeat each R) {
        let store = self.store
        let state = try store.beginAsyncCall()
        state.reserve(parameterCount + resultCount)
        let buffer = state.buffer(from: 0, count: parameterCount)
        do {
            var index = 0
            for argument in repeat each arguments {
                try buffer.store(argument, at: index, store: store, state: state)
                index += 1
            }
        } catch {
            unsafe state.keepAlive.removeAll()
            unsafe state.roots.releaseAll()
            throw error
        }
        let results = state.buffer(from: parameterCount, count: resultCount)
        try await startCall(state: state, arguments: buffer, results: results)
        var index = 0
        func next<T: WasmValue>(_ type: T.Type) -> T {
            defer { index += 1 }
            return results.take(T.self, at: index, store: store)
        }
        return (repeat next((each R).self))
    }

    /// Calls the function through a future with dynamically typed values.
    nonisolated(nonsending) func callAsyncUntyped(_ arguments: [Value], type: FuncType) async throws -> [Value] {
        let store = self.store
        guard arguments.count == type.parameters.count else {
            throw WasmtimeError(
                .typeMismatch,
                "function \(type) expects \(type.parameters.count) argument(s), got \(arguments.count)")
        }
        for (index, (argument, expected)) in zip(arguments, type.parameters).enumerated() {
            try argument.check(store: store)
            guard argument.matches(expected) else {
                throw WasmtimeError(.typeMismatch, "argument \(index) has type \(argument.type), expected \(expected)")
            }
        }
        let state = try store.beginAsyncCall()
        state.reserve(arguments.count + type.results.count)
        let buffer = state.buffer(from: 0, count: arguments.count)
        do {
            for (index, argument) in arguments.enumerated() {
                try buffer.storeValue(argument, at: index, store: store, state: state)
            }
        } catch {
            unsafe state.keepAlive.removeAll()
            unsafe state.roots.releaseAll()
            throw error
        }
        let results = state.buffer(from: arguments.count, count: type.results.count)
        try await startCall(state: state, arguments: buffer, results: results)
        return results.indices.map { results.takeValue(at: $0, store: store) }
    }

    /// Starts a typed async call with `valueCount` pinned values (the
    /// arguments, then the results) for the fixed-arity `callAsync`.
    @usableFromInline
    func beginTypedAsyncCall(valueCount: Int) throws(WasmtimeError) -> AsyncCallState {
        let state = try store.beginAsyncCall()
        state.reserve(valueCount)
        return state
    }

    /// Runs a typed async call whose arguments fill the first
    /// `argumentCount` pinned values; the results follow them.
    @usableFromInline
    nonisolated(nonsending) func finishTypedAsyncCall(
        state: AsyncCallState, argumentCount: Int, resultCount: Int
    ) async throws {
        try await startCall(
            state: state, arguments: state.buffer(from: 0, count: argumentCount),
            results: state.buffer(from: argumentCount, count: resultCount))
    }

    /// Releases what the arguments stored so far hold, when storing one failed.
    @usableFromInline
    func abandonTypedAsyncCall(_ state: AsyncCallState) {
        unsafe state.keepAlive.removeAll()
        unsafe state.roots.releaseAll()
    }

    /// Starts the future over pinned buffers and drives it.
    @inline(__always)
    private nonisolated(nonsending) func startCall(
        state: AsyncCallState, arguments: ValBuffer, results: ValBuffer
    ) async throws {
        unsafe state.function.pointee = unsafe handle.raw
        guard
            let future = unsafe wasmtime_func_call_async(
                store.context.pointer, state.function, arguments.base, arguments.count,
                results.base, results.count, state.trap, state.error)
        else {
            unsafe state.keepAlive.removeAll()
            unsafe state.roots.releaseAll()
            throw WasmtimeError(.runtime, "Wasmtime could not start the async call")
        }
        try await store.drive(unsafe CallFuture(taking: future), state: state, kind: .runtime)
    }
}

extension LinkerHandle {
    nonisolated(nonsending) func instantiateAsync(_ module: Module, in store: AnyStore) async throws
        -> wasmtime_instance_t
    {
        let state = try store.beginAsyncCall()
        guard
            let future = unsafe wasmtime_linker_instantiate_async(
                pointer, store.context.pointer, module.handle.pointer, state.instance, state.trap, state.error)
        else { throw WasmtimeError(.runtime, "Wasmtime could not start the async instantiation") }
        try await store.drive(unsafe CallFuture(taking: future), state: state, kind: .instantiation)
        return unsafe state.instance.pointee
    }
}

extension InstancePreHandle {
    nonisolated(nonsending) func instantiateAsync(in store: AnyStore) async throws -> wasmtime_instance_t {
        let state = try store.beginAsyncCall()
        guard
            let future = unsafe wasmtime_instance_pre_instantiate_async(
                pointer, store.context.pointer, state.instance, state.trap, state.error)
        else { throw WasmtimeError(.runtime, "Wasmtime could not start the async instantiation") }
        try await store.drive(unsafe CallFuture(taking: future), state: state, kind: .instantiation)
        return unsafe state.instance.pointee
    }
}

extension StoreContext {
    /// Yield to the poll loop every `interval` units of fuel consumed.
    func setFuelAsyncYieldInterval(_ interval: UInt64) throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_context_fuel_async_yield_interval(pointer, interval), .configuration)
    }

    /// At each epoch deadline, yield to the poll loop and move the deadline
    /// `delta` ticks on.
    func setEpochDeadlineAsyncYield(_ delta: UInt64) {
        // Declared `void` in cwasmtime.h: the library returns nothing here.
        unsafe wasmtime_context_epoch_deadline_async_yield_and_update(pointer, delta)
    }
}
