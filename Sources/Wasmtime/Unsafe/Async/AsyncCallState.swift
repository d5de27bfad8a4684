import CWasmtime

// The one async call a store may have in flight: the pinned buffers the
// future reads and writes while it is polled, the host work an async host
// function left for the calling task, and the poll loop that drives it.
//
// Contracts (Tests/WasmtimeTests/AsyncCAPISmokeTests.swift): arguments,
// results and the trap/error out-pointers are read and written during
// *poll*, so they live in heap storage owned by the store until the future is
// deleted; only one future may be alive per store.

/// Per-store state of async calls, created on the first one. Its
/// properties skip dynamic exclusivity checks: the store is confined to
/// one task, accesses never overlap, and the checks cost more than the
/// bookkeeping they guard (about 150 instructions per call).
@safe @usableFromInline final class AsyncCallState {
    /// Where the store's one async call is.
    enum Phase {
        /// No future alive.
        case idle
        /// Inside `wasmtime_call_future_poll`: wasm (and sync host functions) run.
        case polling
        /// Between polls: the calling task runs host work or yields.
        case suspended
    }

    @exclusivity(unchecked) var phase = Phase.idle
    /// Whether the store yields on epoch ticks (which owns its epoch deadline).
    var yieldsOnEpoch = false
    /// Whether the store may only be called asynchronously: it has seen
    /// async host functions (a synchronous call into one aborts in
    /// Wasmtime's unchecked path) or yields.
    @exclusivity(unchecked) var requiresAsync = false

    /// The host work an async host function left behind during the last
    /// poll; the poll loop runs it in the calling task.
    @exclusivity(unchecked) var pendingHostCall: PendingHostCall?

    /// `externref` roots of the call's arguments and of async host results,
    /// kept until the future is gone (Wasmtime converts them during polls).
    @exclusivity(unchecked) var roots = TemporaryRoots()
    /// Reference objects whose borrowed roots a pinned value uses.
    @exclusivity(unchecked) var keepAlive: [AnyObject] = []

    /// Pinned storage, one allocation: the out-slots, then `values`
    /// (arguments, then results), which moves to a larger block of its own
    /// only for calls with more than eight values.
    private let block: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var values: UnsafeMutablePointer<wasmtime_val_t>
    @exclusivity(unchecked) private(set) var capacity: Int
    let trap: UnsafeMutablePointer<OpaquePointer?>
    let error: UnsafeMutablePointer<OpaquePointer?>
    let function: UnsafeMutablePointer<wasmtime_func_t>
    let instance: UnsafeMutablePointer<wasmtime_instance_t>

    private static let inlineValues = 8
    private static let valuesOffset = 64  // 2 pointers, a func and an instance handle, rounded up
    private static let blockSize = unsafe valuesOffset + inlineValues * MemoryLayout<wasmtime_val_t>.stride

    init() {
        unsafe block = .allocate(byteCount: Self.blockSize, alignment: 16)
        unsafe trap = unsafe block.bindMemory(to: OpaquePointer?.self, capacity: 1)
        unsafe trap.initialize(to: nil)
        unsafe error = unsafe (block + 8).bindMemory(to: OpaquePointer?.self, capacity: 1)
        unsafe error.initialize(to: nil)
        unsafe function = unsafe (block + 16).bindMemory(to: wasmtime_func_t.self, capacity: 1)
        unsafe function.initialize(to: wasmtime_func_t())
        unsafe instance = unsafe (block + 32).bindMemory(to: wasmtime_instance_t.self, capacity: 1)
        unsafe instance.initialize(to: wasmtime_instance_t())
        unsafe capacity = Self.inlineValues
        unsafe values = unsafe (block + Self.valuesOffset).bindMemory(
            to: wasmtime_val_t.self, capacity: Self.inlineValues)
        unsafe values.initialize(repeating: wasmtime_val_t(), count: Self.inlineValues)
    }

    deinit {
        if unsafe capacity > Self.inlineValues { unsafe values.deallocate() }
        unsafe block.deallocate()
    }

    /// Whether a call is between its start and its end.
    var isInFlight: Bool { unsafe phase != .idle }

    /// Makes room for `count` values (only while idle: nothing points into it).
    func reserve(_ count: Int) {
        guard unsafe count > capacity else { return }
        if unsafe capacity > Self.inlineValues { unsafe values.deallocate() }
        unsafe capacity = unsafe max(count, capacity * 2)
        unsafe values = .allocate(capacity: capacity)
        unsafe values.initialize(repeating: wasmtime_val_t(), count: capacity)
    }

    /// The value buffer, from `offset`, `count` entries.
    @usableFromInline
    func buffer(from offset: Int, count: Int) -> ValBuffer {
        unsafe ValBuffer(base: values + offset, count: count)
    }
}

/// Owns one `wasmtime_call_future_t`; deleting it (when the owner goes
/// away, also mid-call) finalizes pending continuations.
@safe struct CallFuture: ~Copyable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    /// Runs wasm until it completes (true) or suspends (false).
    func poll() -> Bool {
        unsafe wasmtime_call_future_poll(pointer)
    }

    deinit {
        unsafe wasmtime_call_future_delete(pointer)
    }
}

extension AnyStore {
    /// The store's async state, created on first use.
    var asyncState: AsyncCallState {
        if let state = asyncCallState { return state }
        let state = AsyncCallState()
        asyncCallState = state
        return state
    }

    /// Throws unless the store can start an async call now.
    func beginAsyncCall() throws(WasmtimeError) -> AsyncCallState {
        let state = asyncState
        guard unsafe state.phase == .idle else {
            throw WasmtimeError(
                .runtime,
                "an async call is already in flight in this store: a store runs one call at a time; await it first, or use another store"
            )
        }
        unsafe state.trap.pointee = nil
        unsafe state.error.pointee = nil
        return state
    }

    /// Drives `future` to completion in the calling task: polls; runs the
    /// Swift work of an async host function that suspended the guest right
    /// here, then polls again; after a fuel or epoch yield, yields the task
    /// first. Cancelling the task stops the guest at the next yield or host
    /// call boundary with a ``Trap`` of code ``TrapCode/interrupt``.
    /// Throws what the call failed with (`kind` for Wasmtime errors).
    @inline(__always)
    nonisolated(nonsending) func drive(
        _ future: consuming CallFuture, state: AsyncCallState, kind: WasmtimeError.Kind
    ) async throws {
        unsafe state.phase = .polling
        defer {
            unsafe state.phase = .idle
            unsafe refusesSynchronousCalls = state.requiresAsync
            if unsafe state.pendingHostCall != nil { unsafe state.pendingHostCall = nil }
            if unsafe !state.keepAlive.isEmpty { unsafe state.keepAlive.removeAll(keepingCapacity: true) }
            if unsafe !state.roots.isEmpty { unsafe state.roots.releaseAll() }
        }
        while !future.poll() {
            unsafe state.phase = .suspended
            unsafe refusesSynchronousCalls = true
            if let hostCall = unsafe state.pendingHostCall {
                unsafe state.pendingHostCall = nil
                await hostCall.run()
            } else {
                await Task.yield()
            }
            unsafe state.phase = .polling
            unsafe refusesSynchronousCalls = state.requiresAsync
            if Task.isCancelled {
                _ = consume future  // deletes it: finalizes a pending continuation
                // A host error parked by a finished host call is superseded.
                pendingError = nil
                unsafe state.trap.pointee.map { unsafe wasm_trap_delete($0) }
                unsafe state.error.pointee.map { unsafe wasmtime_error_delete($0) }
                unsafe state.trap.pointee = nil
                unsafe state.error.pointee = nil
                throw Trap(code: .interrupt, message: "wasm interrupted: the task was cancelled")
            }
        }
        _ = consume future
        let (error, trap) = unsafe (state.error.pointee, state.trap.pointee)
        unsafe state.trap.pointee = nil
        unsafe state.error.pointee = nil
        if unsafe _slowPath(error != nil || trap != nil) {
            throw unsafe callFailure(error: error, trap: trap, kind: kind)
        }
    }

    /// Throws when a synchronous call or instantiation must not enter the
    /// store: its async call is suspended between polls (Wasmtime allows
    /// one call in flight per store), or it may only be called
    /// asynchronously. Nested calls from host functions *during* a poll are
    /// Wasmtime's to accept or refuse.
    @inline(__always)
    func checkSynchronousCallsAllowed() throws(WasmtimeError) {
        if unsafe _slowPath(refusesSynchronousCalls) { throw synchronousCallError() }
    }

    /// The error of ``checkSynchronousCallsAllowed()``, out of line for the
    /// inlined typed calls.
    @usableFromInline
    final func synchronousCallError() -> WasmtimeError {
        if unsafe asyncCallState?.phase == .suspended {
            return WasmtimeError(
                .runtime,
                "an async call is suspended in this store: a synchronous call cannot enter it until that call finishes")
        }
        return WasmtimeError(
            .runtime,
            "this store has async host functions or yields: call it with the async calls (callAsync, instantiateAsync)")
    }

    /// Marks the store as callable asynchronously only.
    func requireAsyncCalls() {
        unsafe asyncState.requiresAsync = true
        unsafe refusesSynchronousCalls = true
    }
}
