import Testing
import Wasmtime

/// Resources a component defines and exports: held by the host, lent back
/// (`borrow`), moved back (`own`), dropped explicitly or when the host lets
/// go, and every misuse a thrown error that leaves the store usable.
@Suite struct ComponentGuestResourceTests {
    let engine = Engine()

    func instantiate(in store: AnyStore) throws -> ComponentInstance {
        try ComponentLinker(engine: engine).instantiate(
            Component(engine: engine, wat: ComponentResourceFixtures.definesResources), in: store)
    }

    func dropped(_ instance: ComponentInstance) throws -> ComponentValue {
        try instance.function("dropped")()
    }

    @Test func roundTripsAsBorrowAndOwn() throws {
        let instance = try instantiate(in: Store(engine: engine))
        let counter = try instance.function("make")(.u32(5))
        guard case .resource(let handle) = counter else {
            Issue.record("expected a resource, got \(counter)")
            return
        }
        #expect(handle.isOwned)
        #expect(!handle.isHostDefined)
        #expect(!handle.type.isHostDefined)
        #expect(handle.type.description == "resource")
        // Lent: the host keeps it.
        #expect(try instance.function("get")(counter) == .u32(5))
        #expect(try instance.function("get")(counter) == .u32(5))
        // Moved in and back out: a new handle to the same resource (rep 5).
        let back = try instance.function("pass")(counter)
        expectWasmtimeError(.runtime) { try instance.function("get").call(counter) }
        #expect(try instance.function("get")(back) == .u32(5))
        #expect(try dropped(instance) == .u32(0))
        // Moved in for good: the guest drops it and its destructor runs.
        try instance.function("consume").call(back)
        #expect(try dropped(instance) == .u32(5))
        let moved = expectWasmtimeError(.runtime) { try instance.function("get").call(back) }
        #expect(moved?.message.contains("moved into the component") == true)
        #expect(try dropped(instance) == .u32(5))
    }

    @Test func dropRunsTheGuestDestructorOnce() throws {
        let instance = try instantiate(in: Store(engine: engine))
        let counter = try instance.function("make")(.u32(7))
        guard case .resource(let handle) = counter else {
            Issue.record("expected a resource, got \(counter)")
            return
        }
        try handle.drop()
        #expect(try dropped(instance) == .u32(7))
        let twice = expectWasmtimeError(.runtime) { try handle.drop() }
        #expect(twice?.message.contains("already dropped") == true)
        let used = expectWasmtimeError(.runtime) { try instance.function("consume").call(counter) }
        #expect(used?.message.contains("already dropped") == true)
        #expect(try dropped(instance) == .u32(7))
        // A resource type without a destructor drops just as well.
        let token = try instance.function("make-token")(.u32(1))
        guard case .resource(let tokenHandle) = token else {
            Issue.record("expected a resource, got \(token)")
            return
        }
        try tokenHandle.drop()
        #expect(try dropped(instance) == .u32(7))
    }

    /// Handles the host forgets are dropped when their last Swift reference
    /// goes: 10,000 of them run 10,000 guest destructors and leave the store
    /// working.
    @Test func forgottenHandlesAreDropped() throws {
        let instance = try instantiate(in: Store(engine: engine))
        let make = try instance.function("make")
        for _ in 0..<10_000 {
            _ = try make(.u32(1))
        }
        #expect(try dropped(instance) == .u32(10_000))
        for _ in 0..<10_000 {
            _ = try instance.function("make-token")(.u32(2))  // no destructor: just leaves the table
        }
        #expect(try instance.function("get")(try make(.u32(3))) == .u32(3))
        #expect(try dropped(instance) == .u32(10_003))
    }

    /// The handle keeps its store alive: with every other reference to the
    /// store and instance gone, it can still be dropped (running the guest
    /// destructor), and a forgotten one is dropped with it.
    @Test func handlesOutliveTheirStoreReferences() throws {
        weak var freed: Store<Void>?
        var handle: ComponentResource?
        do {
            let store = Store(engine: engine)
            freed = store
            guard case .resource(let made) = try instantiate(in: store).function("make")(.u32(4)) else {
                Issue.record("expected a resource")
                return
            }
            handle = made
        }
        #expect(freed != nil)
        let kept = try #require(handle)
        try kept.drop()
        expectWasmtimeError(.runtime) { try kept.drop() }
        handle = nil
        #expect(freed != nil)  // `kept` still holds it
        _ = consume kept
        #expect(freed == nil)
    }

    @Test func resourcesOfAnotherTypeOrStoreAreErrors() throws {
        let store = Store(engine: engine)
        let instance = try instantiate(in: store)
        let token = try instance.function("make-token")(.u32(1))
        let wrongType = expectWasmtimeError(.typeMismatch) { try instance.function("get").call(token) }
        #expect(wrongType?.message.contains("a resource of another type") == true)
        expectWasmtimeError(.typeMismatch) { try instance.function("consume").call(token) }

        // The same component instantiated twice defines two distinct types.
        let twin = try instantiate(in: store)
        let twinCounter = try twin.function("make")(.u32(2))
        expectWasmtimeError(.typeMismatch) { try instance.function("get").call(twinCounter) }

        // A counter of another store.
        let elsewhere = try instantiate(in: Store(engine: engine))
        let foreign = try elsewhere.function("make")(.u32(3))
        let mismatch = expectWasmtimeError(.storeMismatch) { try instance.function("get").call(foreign) }
        #expect(mismatch?.message.contains("different store") == true)

        // After all these refusals the handles are untouched and the store usable.
        let counter = try instance.function("make")(.u32(4))
        #expect(try instance.function("get")(counter) == .u32(4))
        #expect(try twin.function("get")(twinCounter) == .u32(2))
        #expect(try dropped(instance) == .u32(0))
    }
}
