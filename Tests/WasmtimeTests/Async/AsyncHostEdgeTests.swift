import Testing
import Wasmtime

/// Async host functions at their edges: work that never suspends mixed
/// with work that does, errors before any `await`, deep Swift frames on
/// the guest's fiber stack, async calls into another store from a host
/// function, and cancellation reaching a host function's work.
@Suite struct AsyncHostEdgeTests {
    struct Refused: Error, Equatable {
        let value: Int32
    }

    /// Sums `depth` frames, each with a buffer the optimizer cannot drop.
    static func deepSum(_ depth: Int, _ seed: Int32) -> Int32 {
        var frame = (seed, seed &+ 1, seed &+ 2, seed &+ 3, seed &+ 4, seed &+ 5, seed &+ 6, seed &+ 7)
        if depth == 0 { return frame.0 }
        frame.7 = deepSum(depth - 1, frame.1)
        return withUnsafeBytes(of: &frame) { $0.load(fromByteOffset: 28, as: Int32.self) } &- 1
    }

    @Test func errorsThrownBeforeAnyAwaitComeOutUnchanged() async throws {
        let instance = try await AsyncGuest.instance { value in
            if value > 2 { throw Refused(value: value) }
            return value
        }
        let hostTimes = try instance.function("host-times", Int32.self, Int32.self)
        let error = await #expect(throws: Refused.self) { _ = try await hostTimes.callAsync(Int32(5)) }
        #expect(error == Refused(value: 5))
        // The store goes on: a call whose host calls all succeed.
        #expect(try await hostTimes.callAsync(Int32(2)) == 3)
    }

    /// Host calls that finish at once and ones that suspend, interleaved
    /// in one guest call: every result in order.
    @Test func mixedImmediateAndSuspendingCalls() async throws {
        let instance = try await AsyncGuest.instance { value in
            if value % 2 == 0 { await Task.yield() }
            if value % 3 == 0 { try await Task.sleep(for: .milliseconds(1)) }
            return value &* 10
        }
        let hostTimes = try instance.function("host-times", Int32.self, Int32.self)
        #expect(try await hostTimes.callAsync(Int32(12)) == (1...12).reduce(0) { $0 + $1 * 10 })
    }

    /// The synchronous part of a host function that takes the ``Caller``
    /// runs on the guest's fiber: with the default async stack (2 MiB) it
    /// has room for deep Swift recursion; its async work runs after an `await`.
    @Test func deepRecursionOnTheFiber() async throws {
        let depth = 2_000
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow") {
            (caller: borrowing Caller, value: Int32) -> @Sendable () async throws -> Int32 in
            let onFiber = Self.deepSum(depth, value)
            return {
                await Task.yield()
                return onFiber == Self.deepSum(depth, value) ? onFiber : -1
            }
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(Module(engine: engine, wat: AsyncGuest.wat), in: store)
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        #expect(try await viaHost.callAsync(Int32(1)) == Self.deepSum(depth, 1) &+ 1)
    }

    /// A host function that makes an async call into another store, once
    /// per host call of the outer guest.
    @Test func nestedAsyncCallIntoAnotherStore() async throws {
        let engine = Engine()
        let inner = try await AsyncGuest.instance(engine: engine) { $0 &+ 100 }
        let innerCall = Unshared(try inner.function("via-host", Int32.self, Int32.self))
        let outer = try await AsyncGuest.instance(engine: engine) { value in
            try await innerCall.value.callAsync(value)
        }
        let hostTimes = try outer.function("host-times", Int32.self, Int32.self)
        // host-times(3) = slow(3) + slow(2) + slow(1); slow(x) = x + 101.
        #expect(try await hostTimes.callAsync(Int32(3)) == 6 + 3 * 101)
    }

    /// Cancelling the awaiting task reaches the host function's work: it
    /// sees the cancellation, the call ends with an interrupt, and so does
    /// the next one that reaches a host call.
    @Test func cancellationReachesTheHostWork() async throws {
        let sawCancellation = Box<Bool>()
        let task = Task { () async throws -> Int32 in
            let instance = try await AsyncGuest.instance { value in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch is CancellationError {
                    sawCancellation.value = true
                }
                return value
            }
            let viaHost = try instance.function("via-host", Int32.self, Int32.self)
            let trap = await #expect(throws: Trap.self) { _ = try await viaHost.callAsync(Int32(1)) }
            #expect(trap?.code == .interrupt)
            // Still cancelled: the next host call ends the call the same way.
            let again = await #expect(throws: Trap.self) { _ = try await viaHost.callAsync(Int32(1)) }
            #expect(again?.code == .interrupt)
            let add = try instance.function("add", (Int32, Int32).self, Int32.self)
            return try await add.callAsync(Int32(20), Int32(22))
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(try await task.value == 42)
        #expect(sawCancellation.value == true)
    }
}

/// Lets a `@Sendable` host closure reach a function of another store; the
/// test awaits it from one task at a time.
final class Unshared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
