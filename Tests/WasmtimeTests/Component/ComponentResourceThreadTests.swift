import Foundation
import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ComponentResource` is `Sendable`, its store is not: a handle whose last
/// reference goes away on another thread, while the store is idle or busy
/// in a call on its own thread, is queued and dropped by the store on its
/// own thread the next time the library enters it (the destructor runs
/// once, there); and an async host function that drops a handle while the
/// guest is suspended does not enter the store either.
@Suite struct ComponentResourceThreadTests {
    final class Bucket: Sendable {
        let id: UInt32
        init(id: UInt32) { self.id = id }
    }

    /// The destructor runs: ids, and how many ran on another thread than the
    /// one that made the log (the thread that uses the store).
    final class Log: Sendable {
        private let ids = TestLock<[UInt32]>([])
        private let elsewhere = TestLock(0)
        private let home = TestLock(pthread_self())

        func destroyed(_ id: UInt32) {
            ids.withLock { $0.append(id) }
            let onHome = home.withLock { pthread_equal($0, pthread_self()) != 0 }
            if !onHome { elsewhere.withLock { $0 += 1 } }
        }

        var destroyedIDs: [UInt32] { ids.withLock { $0 } }
        var ranElsewhere: Int { elsewhere.withLock { $0 } }
    }

    let engine = Engine()

    /// A linker for `ComponentResourceFixtures.usesBuckets` whose `keep`
    /// import hands its owned bucket to `keep`.
    func linker(_ log: Log, keep: @escaping (ComponentResource) -> Void = { _ in }) throws -> (
        ComponentLinker, HostResourceType<Bucket>
    ) {
        let linker = ComponentLinker(engine: engine)
        let buckets = try linker.defineResource("example:kv/store", "bucket", backedBy: Bucket.self) { bucket in
            log.destroyed(bucket.id)
        }
        try linker.defineFunction(path: ["example:kv/store", "[constructor]bucket"]) {
            (caller: borrowing ComponentCaller, id: UInt32) -> HostOwned<Bucket> in
            try HostOwned(Bucket(id: id), as: buckets, in: caller.store)
        }
        try linker.defineFunction(path: ["example:kv/store", "[method]bucket.id"]) {
            (bucket: HostBorrowed<Bucket>) -> UInt32 in
            try bucket.object.id
        }
        try linker.defineFunction(path: ["example:kv/store", "[static]bucket.merge"]) {
            (_: HostBorrowed<Bucket>, b: HostOwned<Bucket>) -> HostOwned<Bucket> in b
        }
        try linker.defineFunction(path: ["example:kv/store", "keep"]) { (bucket: HostOwned<Bucket>) in
            keep(bucket.resource)
        }
        return (linker, buckets)
    }

    func instantiate(_ linker: ComponentLinker, in store: AnyStore) throws -> ComponentInstance {
        try linker.instantiate(Component(engine: engine, wat: ComponentResourceFixtures.usesBuckets), in: store)
    }

    /// Runs `body` on a new thread and waits for it to finish.
    func onAnotherThread(_ body: @escaping @Sendable () -> Void) {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.start()
        finished.wait()
    }

    static func resource(_ value: ComponentValue) throws -> ComponentResource {
        guard case .resource(let resource) = value else { throw WasmtimeError(.typeMismatch, "not a resource") }
        return resource
    }

    @Test func releasedOnAnotherThreadWhileTheStoreIsIdle() throws {
        let log = Log()
        let (linker, buckets) = try linker(log)
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        // A handle the host made and one the guest returned; only the lock holds them.
        let held = TestLock<[ComponentResource]>([])
        try held.withLock { $0.append(try buckets.own(Bucket(id: 1), in: store)) }
        try held.withLock { $0.append(try Self.resource(instance.function("make")(.u32(2)))) }
        #expect(store.hostResourceCount == 2)

        onAnotherThread { held.withLock { $0.removeAll() } }
        // The releasing thread did not enter the store: nothing ran yet.
        #expect(log.destroyedIDs.isEmpty)
        // The next entry drops them, on the store's thread, once each.
        #expect(store.hostResourceCount == 0)
        #expect(log.destroyedIDs.sorted() == [1, 2])
        #expect(log.ranElsewhere == 0)
        #expect(try instance.function("roundtrip")(.u32(3)) == .u32(3))
        #expect(log.destroyedIDs.sorted() == [1, 2, 3])
    }

    @Test func guestResourcesReleasedOnAnotherThreadAreDroppedAtTheNextCall() throws {
        let store = Store(engine: engine)
        let instance = try ComponentLinker(engine: engine).instantiate(
            Component(engine: engine, wat: ComponentResourceFixtures.definesResources), in: store)
        let held = TestLock<[ComponentResource]>([])
        for x in [5, 7] as [UInt32] {
            try held.withLock { $0.append(try Self.resource(instance.function("make")(.u32(x)))) }
        }
        onAnotherThread { held.withLock { $0.removeAll() } }
        // The call drops them (running the guest's destructor) before it enters the guest.
        #expect(try instance.function("dropped")() == .u32(12))
    }

    /// The guest's call is in progress (a host function runs) while another
    /// thread lets go of handles: they wait until the call returns.
    @Test func releasedOnAnotherThreadWhileTheStoreIsBusy() throws {
        let log = Log()
        let held = TestLock<[ComponentResource]>([])
        let seenDuringCall = TestLock<[UInt32]?>(nil)
        let (linker, buckets) = try linker(log) { [self] bucket in
            held.withLock { $0.append(bucket) }
            onAnotherThread { held.withLock { $0.removeAll() } }
            seenDuringCall.withLock { $0 = log.destroyedIDs }
        }
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        try held.withLock { $0.append(try buckets.own(Bucket(id: 1), in: store)) }
        // `give` makes bucket 9 in the guest and passes it to `keep`, which
        // hands it (and bucket 1) to another thread to release, mid-call.
        try instance.function("give").call(.u32(9))
        #expect(seenDuringCall.withLock { $0 } == [])
        // Not while the guest ran: the call dropped them on its way out.
        #expect(log.destroyedIDs.sorted() == [1, 9])
        #expect(store.hostResourceCount == 0)
        #expect(log.ranElsewhere == 0)
    }

    /// Threads release thousands of handles while the store's thread keeps
    /// calling into it: no crash, every destructor once, all on the store's
    /// thread, nothing left (the sanitizer run checks for races).
    @Test func manyThreadsReleaseWhileTheStoreWorks() throws {
        let log = Log()
        let (linker, buckets) = try linker(log)
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        let threads = 4
        let perThread = 500
        let batches = (0..<threads).map { _ in TestLock<[ComponentResource]>([]) }
        for (thread, batch) in batches.enumerated() {
            for index in 0..<perThread {
                let id = UInt32(thread * perThread + index)
                try batch.withLock { $0.append(try buckets.own(Bucket(id: id), in: store)) }
            }
        }
        let roundtrip = try instance.function("roundtrip", UInt32.self, UInt32.self)
        let released = DispatchGroup()
        for batch in batches {
            released.enter()
            Thread {
                while batch.withLock({ $0.popLast() }) != nil {}
                released.leave()
            }.start()
        }
        var calls: UInt32 = 0
        repeat {
            calls += 1
            #expect(try roundtrip(100_000 + calls) == 100_000 + calls)
        } while released.wait(timeout: .now()) == .timedOut
        #expect(store.hostResourceCount == 0)
        let destroyed = log.destroyedIDs
        #expect(destroyed.count == threads * perThread + Int(calls))
        #expect(Set(destroyed).count == destroyed.count)
        #expect(log.ranElsewhere == 0)
    }

    /// An async host function drops an owned handle it received while the
    /// guest is suspended: the store is not entered then (the drop is
    /// queued, a second drop still throws); the handle is dropped when the
    /// async call finishes.
    @Test func asyncHostFunctionDropsWhileTheGuestIsSuspended() async throws {
        let log = Log()
        let (linker, _) = try linker(log)
        linker.allowsShadowing = true
        let during = TestLock<[String]>([])
        try linker.defineAsyncFunction("example:kv/store", "keep") { arguments in
            await Task.yield()
            guard case .resource(let bucket) = arguments[0] else { return [] }
            try bucket.drop()
            during.withLock { $0.append("dropped, destroyed so far: \(log.destroyedIDs)") }
            do {
                try bucket.drop()
            } catch {
                during.withLock { $0.append("second drop: \(error)") }
            }
            return []
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(
            Component(engine: engine, wat: ComponentResourceFixtures.usesBuckets), in: store)
        try await instance.function("give").callAsync(.u32(9))
        let seen = during.withLock { $0 }
        #expect(seen.first == "dropped, destroyed so far: []")
        #expect(seen.last?.contains("already dropped") == true, "\(seen)")
        #expect(log.destroyedIDs == [9])
        #expect(store.hostResourceCount == 0)
        // The store is usable afterwards.
        #expect(try await instance.function("roundtrip").callAsync(.u32(4)) == [.u32(4)])
        #expect(log.destroyedIDs == [9, 4])
    }

    /// The same when the async host function lets go of the handle.
    @Test func asyncHostFunctionLetsGoWhileTheGuestIsSuspended() async throws {
        let log = Log()
        let (linker, _) = try linker(log)
        linker.allowsShadowing = true
        let during = TestLock<[UInt32]?>(nil)
        try linker.defineAsyncFunction("example:kv/store", "keep") { arguments in
            await Task.yield()
            _ = arguments
            during.withLock { $0 = log.destroyedIDs }
            return []
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(
            Component(engine: engine, wat: ComponentResourceFixtures.usesBuckets), in: store)
        try await instance.function("give").callAsync(.u32(9))
        #expect(during.withLock { $0 } == [])
        #expect(log.destroyedIDs == [9])
        #expect(store.hostResourceCount == 0)
    }
}
