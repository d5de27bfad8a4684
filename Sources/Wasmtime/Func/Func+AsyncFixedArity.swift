// Fixed-arity `TypedFunc.callAsync` for up to four arguments and at most
// one result: inlinable, so arguments are written and the result read for
// the concrete types in the caller's module (the parameter-pack form runs
// generic code). Written by hand after scripts/gen-fixed-arity's pattern.

extension TypedFunc {
    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync() async throws -> Results
    where Parameters == Void, Results == Void {
        let state = try function.beginTypedAsyncCall(valueCount: 0)
        try await function.finishTypedAsyncCall(state: state, argumentCount: 0, resultCount: 0)
        return ()
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync() async throws -> Results
    where Parameters == Void, Results: WasmValue {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 1)
        let values = state.buffer(from: 0, count: 1)
        try await function.finishTypedAsyncCall(state: state, argumentCount: 0, resultCount: 1)
        return values.get(Results.self, at: 0, store: store, owned: true)
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync(_ a0: Parameters) async throws -> Results
    where Parameters: WasmValue, Results == Void {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 1)
        let values = state.buffer(from: 0, count: 1)
        do {
            try values.put(a0, at: 0, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 1, resultCount: 0)
        return ()
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync(_ a0: Parameters) async throws -> Results
    where Parameters: WasmValue, Results: WasmValue {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 2)
        let values = state.buffer(from: 0, count: 2)
        do {
            try values.put(a0, at: 0, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 1, resultCount: 1)
        return values.get(Results.self, at: 1, store: store, owned: true)
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue>(_ a0: A0, _ a1: A1) async throws
        -> Results
    where Parameters == (A0, A1), Results == Void {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 2)
        let values = state.buffer(from: 0, count: 2)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 2, resultCount: 0)
        return ()
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue>(_ a0: A0, _ a1: A1) async throws
        -> Results
    where Parameters == (A0, A1), Results: WasmValue {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 3)
        let values = state.buffer(from: 0, count: 3)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 2, resultCount: 1)
        return values.get(Results.self, at: 2, store: store, owned: true)
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue, A2: WasmValue>(
        _ a0: A0, _ a1: A1, _ a2: A2
    ) async throws -> Results
    where Parameters == (A0, A1, A2), Results == Void {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 3)
        let values = state.buffer(from: 0, count: 3)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
            try values.put(a2, at: 2, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 3, resultCount: 0)
        return ()
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue, A2: WasmValue>(
        _ a0: A0, _ a1: A1, _ a2: A2
    ) async throws -> Results
    where Parameters == (A0, A1, A2), Results: WasmValue {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 4)
        let values = state.buffer(from: 0, count: 4)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
            try values.put(a2, at: 2, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 3, resultCount: 1)
        return values.get(Results.self, at: 3, store: store, owned: true)
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue, A2: WasmValue, A3: WasmValue>(
        _ a0: A0, _ a1: A1, _ a2: A2, _ a3: A3
    ) async throws -> Results
    where Parameters == (A0, A1, A2, A3), Results == Void {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 4)
        let values = state.buffer(from: 0, count: 4)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
            try values.put(a2, at: 2, store: store, state: state)
            try values.put(a3, at: 3, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 4, resultCount: 0)
        return ()
    }

    /// Calls the function asynchronously; specialized for this number of arguments.
    @inlinable
    nonisolated(nonsending) public func callAsync<A0: WasmValue, A1: WasmValue, A2: WasmValue, A3: WasmValue>(
        _ a0: A0, _ a1: A1, _ a2: A2, _ a3: A3
    ) async throws -> Results
    where Parameters == (A0, A1, A2, A3), Results: WasmValue {
        let store = function.store
        let state = try function.beginTypedAsyncCall(valueCount: 5)
        let values = state.buffer(from: 0, count: 5)
        do {
            try values.put(a0, at: 0, store: store, state: state)
            try values.put(a1, at: 1, store: store, state: state)
            try values.put(a2, at: 2, store: store, state: state)
            try values.put(a3, at: 3, store: store, state: state)
        } catch {
            function.abandonTypedAsyncCall(state)
            throw error
        }
        try await function.finishTypedAsyncCall(state: state, argumentCount: 4, resultCount: 1)
        return values.get(Results.self, at: 4, store: store, owned: true)
    }
}
