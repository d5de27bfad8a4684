import Testing
import Wasmtime

/// `Store`: user data, fuel, epoch deadlines, resource limits, garbage
/// collection and lifetime.
@Suite struct StoreTests {
    static func fuelEngine() throws -> Engine {
        var config = Config()
        config.consumeFuel = true
        return try Engine(config)
    }

    static let countdownWAT = """
        (module
          (func (export "count") (param i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get 0)))
                (local.set $sum (i32.add (local.get $sum) (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $next)))
            (local.get $sum))
          (func (export "nop")))
        """

    // MARK: - Data

    struct Counter: Equatable {
        var calls = 0
        var label: String
    }

    @Test func typedDataGetAndSet() {
        let engine = Engine()
        let store = Store(engine: engine, data: Counter(label: "first"))
        #expect(store.data == Counter(calls: 0, label: "first"))
        store.data.calls += 3
        store.data.label = "second"
        #expect(store.data.calls == 3)
        #expect(store.data.label == "second")
        store.data = Counter(calls: 10, label: "third")
        #expect(store.data == Counter(calls: 10, label: "third"))
        #expect(store.engine === engine)
    }

    @Test func dataOfReferenceTypeIsKeptAndShared() {
        final class Box { var value = 1 }
        let box = Box()
        let store = Store(engine: Engine(), data: box)
        box.value = 5
        #expect(store.data.value == 5)
        #expect(store.data === box)
    }

    @Test func voidStoreRunsCode() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.countdownWAT))
        #expect(try instance.function("count").call(.i32(10)).first?.i32 == 55)
    }

    @Test func storesAreIndependent() throws {
        let engine = Engine()
        let module = try Module(
            engine: engine,
            wat: """
                (module (global $g (export "g") (mut i32) (i32.const 0))
                  (func (export "bump") (result i32)
                    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
                """)
        let a = Store(engine: engine, data: "a")
        let b = Store(engine: engine, data: "b")
        let bumpA = try Instance(store: a, module: module).function("bump")
        let bumpB = try Instance(store: b, module: module).function("bump")
        #expect(try bumpA.call().first?.i32 == 1)
        #expect(try bumpA.call().first?.i32 == 2)
        #expect(try bumpB.call().first?.i32 == 1)
        #expect(a.data == "a")
        #expect(b.data == "b")
    }

    // MARK: - Fuel

    @Test func newStoreHasNoFuelSoCallsTrap() throws {
        let engine = try Self.fuelEngine()
        let store = Store(engine: engine)
        #expect(try store.fuel() == 0)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.countdownWAT))
        let trap = expectTrap(.outOfFuel) { try instance.function("count").call(.i32(3)) }
        #expect(trap?.message.contains("fuel") == true)
    }

    @Test func fuelRoundTrip() throws {
        let store = Store(engine: try Self.fuelEngine())
        for amount: UInt64 in [1, 12_345, 1 << 40, 0] {
            try store.setFuel(amount)
            #expect(try store.fuel() == amount)
        }
    }

    @Test func runningCodeConsumesFuel() throws {
        let engine = try Self.fuelEngine()
        let store = Store(engine: engine)
        let count = try Instance(store: store, module: Module(engine: engine, wat: Self.countdownWAT))
            .function("count")
        try store.setFuel(1_000_000)
        #expect(try count.call(.i32(10)).first?.i32 == 55)
        let afterShort = try store.fuel()
        #expect(afterShort < 1_000_000)
        let shortCost = 1_000_000 - afterShort

        #expect(try count.call(.i32(100)).first?.i32 == 5050)
        let longCost = afterShort - (try store.fuel())
        // Ten times the iterations costs clearly more fuel.
        #expect(longCost > shortCost * 5)
    }

    @Test func exactFuelRunsOutPartWay() throws {
        let engine = try Self.fuelEngine()
        let store = Store(engine: engine)
        let count = try Instance(store: store, module: Module(engine: engine, wat: Self.countdownWAT))
            .function("count")
        try store.setFuel(1_000_000)
        _ = try count.call(.i32(50))
        let cost = 1_000_000 - (try store.fuel())
        // Half the fuel the call needs is not enough for it.
        try store.setFuel(cost / 2)
        expectTrap(.outOfFuel) {
            _ = try count.call(.i32(50))
        }
        // Exactly enough is.
        try store.setFuel(cost)
        #expect(try count.call(.i32(50)).first?.i32 == 1275)
        #expect(try store.fuel() == 0)
    }

    @Test func fuelWithoutConsumeFuelThrows() {
        let store = Store(engine: Engine())
        let error = expectWasmtimeError(.configuration) { try store.fuel() }
        #expect(error?.message.contains("fuel") == true)
        expectWasmtimeError(.configuration) { try store.setFuel(100) }
    }

    // MARK: - Epoch deadline

    @Test func epochDeadlineCountsTicks() throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.countdownWAT)
        let count = try Instance(store: store, module: module).function("count")

        // The deadline is relative to the epoch at the time it is set.
        store.setEpochDeadline(3)
        engine.incrementEpoch()
        engine.incrementEpoch()
        #expect(try count.call(.i32(4)).first?.i32 == 10)
        engine.incrementEpoch()
        expectTrap(.interrupt) {
            _ = try count.call(.i32(4))
        }
        // A new deadline lets code run again.
        store.setEpochDeadline(1)
        #expect(try count.call(.i32(4)).first?.i32 == 10)
    }

    @Test func newStoreWithEpochInterruptionTrapsImmediately() throws {
        // Without a deadline, the deadline is the current epoch: entering wasm traps.
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let nop = try Instance(store: store, module: Module(engine: engine, wat: Self.countdownWAT))
            .function("nop")
        expectTrap(.interrupt) {
            _ = try nop.call()
        }
    }

    // MARK: - Limits

    /// Expects `body` to throw the documented error for an instantiation a
    /// limit refused, naming what was limited.
    static func expectLimitRefusal<R>(
        mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation, performing body: () throws -> R
    ) {
        let error = expectWasmtimeError(.resourceLimit, sourceLocation: sourceLocation, performing: body)
        #expect(error?.message.contains(fragment) == true, sourceLocation: sourceLocation)
    }

    @Test func memorySizeLimit() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 3 * 65536))
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module (memory (export "memory") 1)
                      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
                    """))
        let grow = try instance.function("grow")
        let memory = try instance.memory("memory")
        #expect(try grow.call(.i32(2)).first?.i32 == 1)
        #expect(memory.pageCount == 3)
        // One more page would exceed 3 pages: memory.grow reports failure, the host API throws.
        #expect(try grow.call(.i32(1)).first?.i32 == -1)
        expectWasmtimeError(.resourceLimit) {
            try memory.grow(by: 1)
        }
        #expect(memory.pageCount == 3)
        // Growing by zero is always allowed.
        #expect(try memory.grow(by: 0) == 3)
    }

    @Test func memorySizeLimitAppliesToInitialSize() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 65536))
        let module = try Module(engine: engine, wat: "(module (memory 2))")
        Self.expectLimitRefusal(mentioning: "memory") {
            _ = try Instance(store: store, module: module)
        }
        expectWasmtimeError(.resourceLimit) {
            _ = try Memory(store: store, type: MemoryType(minimum: 2))
        }
        let allowed = try Memory(store: store, type: MemoryType(minimum: 1))
        #expect(allowed.pageCount == 1)
    }

    @Test func tableElementsLimit() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(tableElements: 10))
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module (table (export "table") 4 funcref)
                      (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
                    """))
        let grow = try instance.function("grow")
        #expect(try grow.call(.i32(6)).first?.i32 == 4)
        #expect(try grow.call(.i32(1)).first?.i32 == -1)
        let table = try instance.table("table")
        #expect(table.size == 10)
        expectWasmtimeError(.resourceLimit) {
            try table.grow(by: 1)
        }
        #expect(table.size == 10)
        // A module whose table starts above the limit cannot be instantiated.
        Self.expectLimitRefusal(mentioning: "table") {
            _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (table 11 funcref))"))
        }
    }

    @Test func instancesLimit() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(instances: 2))
        let module = try Module(engine: engine, wat: "(module)")
        _ = try Instance(store: store, module: module)
        _ = try Instance(store: store, module: module)
        Self.expectLimitRefusal(mentioning: "instance") {
            _ = try Instance(store: store, module: module)
        }
        // The limit is per store.
        _ = try Instance(store: Store(engine: engine), module: module)
    }

    @Test func tablesLimit() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(tables: 2))
        _ = try Instance(
            store: store, module: Module(engine: engine, wat: "(module (table 1 funcref) (table 1 funcref))"))
        Self.expectLimitRefusal(mentioning: "table") {
            _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (table 1 funcref))"))
        }
        _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (memory 1))"))
    }

    @Test func memoriesLimit() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memories: 1))
        _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (memory 1))"))
        Self.expectLimitRefusal(mentioning: "memor") {
            _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (memory 1))"))
        }
        _ = try Instance(store: store, module: Module(engine: engine, wat: "(module (table 1 funcref))"))
    }

    @Test func limitsCanBeReplaced() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 65536))
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 1) }
        store.setLimits(StoreLimits(memorySize: 4 * 65536))
        #expect(try memory.grow(by: 3) == 1)
        #expect(memory.pageCount == 4)
    }

    @Test func storeLimitsValue() {
        let limits = StoreLimits(memorySize: 1, tableElements: 2, instances: 3, tables: 4, memories: 5)
        #expect(limits.memorySize == 1)
        #expect(limits.tableElements == 2)
        #expect(limits.instances == 3)
        #expect(limits.tables == 4)
        #expect(limits.memories == 5)
        #expect(StoreLimits() == StoreLimits(memorySize: nil))
        #expect(limits != StoreLimits())
    }

    // MARK: - Garbage collection

    @Test func collectGarbageReleasesUnreferencedExternrefs() throws {
        final class Tracked: Sendable {}
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module (func (export "id") (param externref) (result externref) (local.get 0)))
                    """))
        let id = try instance.function("id")
        weak var weakObject: Tracked?
        do {
            let object = Tracked()
            weakObject = object
            let result = try id.call(.externref(ExternRef(object)))
            #expect(result.count == 1)
            #expect(!(result.first?.isNull ?? true))
        }
        try store.collectGarbage()
        #expect(weakObject == nil)
        // Collecting an empty heap is fine too.
        try store.collectGarbage()
    }

    // MARK: - Lifetime

    @Test func storeIsReleasedWhenItsObjectsAreGone() throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: Self.countdownWAT)
        weak var weakStore: Store<Int>?
        var function: Func?
        do {
            let store = Store(engine: engine, data: 7)
            weakStore = store
            function = try Instance(store: store, module: module).function("count")
        }
        // The function keeps its store alive and usable.
        #expect(weakStore != nil)
        #expect(try function?.call(.i32(3)).first?.i32 == 6)
        function = nil
        #expect(weakStore == nil)
    }

    @Test func storeDataIsReleasedWithTheStore() throws {
        final class Payload {}
        weak var weakPayload: Payload?
        do {
            let payload = Payload()
            weakPayload = payload
            let store = Store(engine: Engine(), data: payload)
            #expect(store.data === payload)
        }
        #expect(weakPayload == nil)
    }
}
