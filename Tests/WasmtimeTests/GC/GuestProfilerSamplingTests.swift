import Testing
import Wasmtime

/// `GuestProfiler.sampling(_:_:)`: samples taken from the engine's epoch
/// ticks while wasm runs, with no cooperation from the guest (what
/// `wasmtime-swift run --profile guest` uses).
@Suite struct GuestProfilerSamplingTests {
    /// Two loops without any host call; `hot_b` runs four times as many iterations.
    static let wat = """
        (module
          (func $hot_a (param $n i32)
            (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func $hot_b (param $n i32)
            (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "main") (call $hot_a (i32.const 100000000)) (call $hot_b (i32.const 400000000)))
          (func $spin (export "spin") (loop (br 0))))
        """

    static func epochEngine() throws -> Engine {
        var config = Config()
        config.epochInterruption = true
        return try Engine(config)
    }

    @Test func ticksSampleBothHotFunctions() throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let profiler = try GuestProfiler(
            engine: engine, name: "ticks", interval: .milliseconds(1),
            modules: [("hot.wasm", module)])
        let store = Store(engine: engine)
        let main = try Instance(store: store, module: module).function("main", Void.self)
        try profiler.sampling(store) { try main() }
        let leaves = try GuestProfilerTests.leaves(of: try profiler.finish())
        let a = leaves["hot_a", default: 0]
        let b = leaves["hot_b", default: 0]
        #expect(a >= 5 && b >= 5, "\(leaves)")
        // By wall-clock ticks on a shared machine only roughly 1 : 4 (a
        // loaded machine read 1 : 1.1 when the work was 1 : 2).
        #expect(Double(b) / Double(max(a, 1)) > 1.5, "\(leaves)")
        // Outside the scope the store runs unsampled and uninterrupted again.
        try main()
    }

    @Test func deadlinesStillWorkInside() throws {
        let engine = try Self.epochEngine()
        let module = try Module(engine: engine, wat: Self.wat)
        let profiler = try GuestProfiler(
            engine: engine, name: "deadline", interval: .milliseconds(2),
            modules: [("hot.wasm", module)])
        let store = Store(engine: engine)
        let spin = try Instance(store: store, module: module).function("spin", Void.self)
        let trap = #expect(throws: Trap.self) {
            try profiler.sampling(store) { try store.withDeadline(.milliseconds(100)) { try spin() } }
        }
        #expect(trap?.code == .interrupt)
        let leaves = try GuestProfilerTests.leaves(of: try profiler.finish())
        #expect(Set(leaves.keys) == ["spin"], "\(leaves)")
    }

    @Test func needsEpochInterruptionAndTheSameEngine() throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: Self.wat)
        let profiler = try GuestProfiler(
            engine: engine, name: "x", interval: .milliseconds(1), modules: [("m", module)])
        let error = #expect(throws: WasmtimeError.self) { try profiler.sampling(Store(engine: engine)) {} }
        #expect(error?.kind == .configuration)
        let other = try Self.epochEngine()
        let mismatch = #expect(throws: WasmtimeError.self) { try profiler.sampling(Store(engine: other)) {} }
        #expect(mismatch?.kind == .storeMismatch)
    }
}
