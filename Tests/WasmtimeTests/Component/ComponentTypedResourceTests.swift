import Testing
import Wasmtime

/// Host resources through typed host functions and typed export calls:
/// `HostOwned<Bucket>` and `HostBorrowed<Bucket>` carry the Swift objects.
@Suite struct ComponentTypedResourceTests {
    final class Bucket {
        let id: UInt32
        init(id: UInt32) { self.id = id }
    }

    final class Log {
        var destroyed: [UInt32] = []
        var seen: [Bucket] = []
        var lent: [HostBorrowed<Bucket>] = []
        var kept: [HostOwned<Bucket>] = []

        /// Lets go of the handles kept (they keep the store, which keeps the host functions capturing this log).
        func releaseHandles() {
            lent.removeAll()
            kept.removeAll()
        }
    }

    let engine = Engine()

    func linker(_ log: Log) throws -> (ComponentLinker, HostResourceType<Bucket>) {
        let linker = ComponentLinker(engine: engine)
        let buckets = try linker.defineResource("example:kv/store", "bucket", backedBy: Bucket.self) { bucket in
            log.destroyed.append(bucket.id)
        }
        try linker.defineFunction(path: ["example:kv/store", "[constructor]bucket"]) {
            (caller: borrowing ComponentCaller, id: UInt32) -> HostOwned<Bucket> in
            try HostOwned(Bucket(id: id), as: buckets, in: caller.store)
        }
        try linker.defineFunction(path: ["example:kv/store", "[method]bucket.id"]) {
            (bucket: HostBorrowed<Bucket>) -> UInt32 in
            let object = try bucket.object
            log.seen.append(object)
            log.lent.append(bucket)
            return object.id
        }
        try linker.defineFunction(path: ["example:kv/store", "[static]bucket.merge"]) {
            (caller: borrowing ComponentCaller, a: HostBorrowed<Bucket>, b: HostOwned<Bucket>) -> HostOwned<Bucket> in
            let merged = Bucket(id: try a.object.id * 100 + b.object.id)
            try b.drop()
            return try HostOwned(merged, as: buckets, in: caller.store)
        }
        try linker.defineFunction(path: ["example:kv/store", "keep"]) { (bucket: HostOwned<Bucket>) in
            log.kept.append(bucket)
        }
        return (linker, buckets)
    }

    func instantiate(_ linker: ComponentLinker, in store: AnyStore) throws -> ComponentInstance {
        try linker.instantiate(Component(engine: engine, wat: ComponentResourceFixtures.usesBuckets), in: store)
    }

    @Test func typedHostFunctionsKeepIdentity() throws {
        let log = Log()
        defer { log.releaseHandles() }
        let (linker, _) = try linker(log)
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        let roundtrip = try instance.function("roundtrip", UInt32.self, UInt32.self)
        #expect(try roundtrip(7) == 7)
        #expect(log.seen.map(\.id) == [7])
        #expect(log.destroyed == [7])
        // The borrow ended with its call.
        let stale = try #require(log.lent.first)
        let error = expectWasmtimeError(.runtime) { try stale.object }
        #expect(error?.message.contains("used after the call that lent it returned") == true)

        let merge = try instance.function("merge", (UInt32, UInt32).self, UInt32.self)
        #expect(try merge(3, 4) == 304)
        #expect(log.destroyed == [7, 4, 3, 304])

        let give = try instance.function("give", UInt32.self, Void.self)
        try give(9)
        let kept = try #require(log.kept.first)
        #expect(try kept.object.id == 9)
        #expect(log.destroyed == [7, 4, 3, 304])
        try kept.drop()
        #expect(log.destroyed == [7, 4, 3, 304, 9])
        #expect(store.hostResourceCount == 0)
    }

    /// A typed host function may return a dynamic `ComponentValue`: the owned
    /// handle inside moves to the guest (it is not dropped when the Swift value goes).
    @Test func dynamicValueResultMovesItsHandle() throws {
        let log = Log()
        defer { log.releaseHandles() }
        let (linker, buckets) = try linker(log)
        linker.allowsShadowing = true
        try linker.defineFunction(path: ["example:kv/store", "[constructor]bucket"]) {
            (caller: borrowing ComponentCaller, id: UInt32) -> ComponentValue in
            .resource(try buckets.own(Bucket(id: id), in: caller.store))
        }
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        let roundtrip = try instance.function("roundtrip", UInt32.self, UInt32.self)
        #expect(try roundtrip(11) == 11)
        #expect(try roundtrip(12) == 12)
        #expect(log.seen.map(\.id) == [11, 12])
        #expect(log.destroyed == [11, 12])
        #expect(store.hostResourceCount == 0)
    }

    @Test func typedCallsMoveAndLendHandles() throws {
        let log = Log()
        defer { log.releaseHandles() }
        let (linker, buckets) = try linker(log)
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        let make = try instance.function("make", UInt32.self, HostOwned<Bucket>.self)
        let idOf = try instance.function("id-of", HostOwned<Bucket>.self, UInt32.self)
        let pass = try instance.function("pass", HostOwned<Bucket>.self, HostOwned<Bucket>.self)
        let consume = try instance.function("consume", HostOwned<Bucket>.self, Void.self)

        let made = try make(5)
        let object = try made.object
        #expect(object.id == 5)
        #expect(try idOf(made) == 5)  // lent: still the host's
        let back = try pass(made)
        #expect(try back.object === object)
        expectWasmtimeError(.runtime) { try made.object }  // moved
        try consume(back)
        #expect(log.destroyed == [5])
        expectWasmtimeError(.runtime) { try back.object }

        let mine = try HostOwned(Bucket(id: 6), as: buckets, in: store)
        #expect(try idOf(mine) == 6)
        try consume(mine)
        #expect(log.destroyed == [5, 6])
        #expect(store.hostResourceCount == 0)
    }

    @Test func typedMisuseIsAnError() throws {
        let log = Log()
        defer { log.releaseHandles() }
        let (linker, _) = try linker(log)
        let store = Store(engine: engine)
        let instance = try instantiate(linker, in: store)
        // The signature is checked at lookup.
        expectWasmtimeError(.typeMismatch) { try instance.function("roundtrip", HostOwned<Bucket>.self, UInt32.self) }
        expectWasmtimeError(.typeMismatch) { try instance.function("id-of", UInt32.self, UInt32.self) }

        // A guest resource read as a host one: refused, and dropped rather than leaked.
        let guest = try ComponentLinker(engine: engine).instantiate(
            Component(engine: engine, wat: ComponentResourceFixtures.definesResources), in: store)
        let makeCounter = try guest.function("make", UInt32.self, HostOwned<Bucket>.self)
        let wrong = expectWasmtimeError(.typeMismatch) { try makeCounter(8) }
        #expect(wrong?.message.contains("expected a host resource backed by Bucket") == true)
        #expect(try guest.function("dropped")() == .u32(8))

        // A handle of a host resource backed by another class.
        final class Other {}
        let others = HostResourceType("other", backedBy: Other.self)
        let other = try others.own(Other(), in: store)
        expectWasmtimeError(.typeMismatch) { try HostOwned<Bucket>(other) }
        expectWasmtimeError(.typeMismatch) { try HostBorrowed<Bucket>(other) }
        #expect(try HostOwned<Other>(other).object === other.object(of: others))
    }
}
