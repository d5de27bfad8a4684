import Foundation
import Synchronization
import Testing
import Wasmtime

/// `Config` and `Engine`: every setting is checked by an observable effect
/// (a module that compiles or not, a trap, a result), not just by accepting it.
@Suite struct EngineConfigTests {
    // MARK: - Helpers

    /// Compiles `wat`, instantiates it in a fresh store and calls the export `name`.
    static func run(_ engine: Engine, _ wat: String, _ name: String = "run", _ arguments: [Value] = []) throws
        -> [Value]
    {
        let module = try Module(engine: engine, wat: wat)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: module)
        return try instance.function(name).call(arguments)
    }

    /// Expects compiling `wat` with `engine` to fail with a compilation error
    /// whose message contains `fragment`.
    static func expectRejected(
        _ engine: Engine, _ wat: String, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = expectWasmtimeError(
            .compilation, "module compiled although the feature is disabled",
            sourceLocation: sourceLocation
        ) { try Module(engine: engine, wat: wat) }
        #expect(
            error?.message.localizedCaseInsensitiveContains(fragment) == true,
            "message: \(error?.message ?? "")", sourceLocation: sourceLocation)
    }

    static let addWAT = """
        (module
          (func (export "run") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))
        """

    // MARK: - Engine basics

    @Test func defaultEngineCompilesAndRuns() throws {
        let engine = Engine()
        let results = try Self.run(engine, Self.addWAT, "run", [.i32(40), .i32(2)])
        #expect(results.count == 1)
        #expect(results.first?.i32 == 42)
        #expect(!engine.isPulley)
    }

    @Test func defaultConfigMatchesDefaultEngine() throws {
        let engine = try Engine(Config())
        let results = try Self.run(engine, Self.addWAT, "run", [.i32(-5), .i32(7)])
        #expect(results.first?.i32 == 2)
    }

    @Test func configIsAValueThatSeedsManyEngines() throws {
        var config = Config()
        config.consumeFuel = true
        let first = try Engine(config)
        let second = try Engine(config)
        #expect(!first.isSame(as: second))
        // Both engines got the setting: fuel is enabled in each store.
        for engine in [first, second] {
            let store = Store(engine: engine)
            try store.setFuel(123)
            #expect(try store.fuel() == 123)
        }
        // Changing the copy does not change engines already made, nor the original.
        var copy = config
        copy.consumeFuel = false
        #expect(config.consumeFuel == true)
        #expect(copy != config)
        let third = try Engine(copy)
        expectWasmtimeError(.configuration) { try Store(engine: third).fuel() }
        #expect(try Store(engine: first).fuel() == 0)
    }

    @Test func cloneSharesIdentity() throws {
        let engine = Engine()
        let clone = engine.clone()
        let other = Engine()
        #expect(engine.isSame(as: clone))
        #expect(clone.isSame(as: engine))
        #expect(engine.isSame(as: engine))
        #expect(!engine.isSame(as: other))
        #expect(!clone.isSame(as: other))
        // A module compiled with one handle instantiates in a store of the other.
        let module = try Module(engine: engine, wat: Self.addWAT)
        let store = Store(engine: clone)
        let instance = try Instance(store: store, module: module)
        #expect(try instance.function("run").call(.i32(1), .i32(2)).first?.i32 == 3)
        // A module from an unrelated engine is refused, not a crash.
        let foreign = Store(engine: other)
        expectWasmtimeError(.storeMismatch) {
            _ = try Instance(store: foreign, module: module)
        }
    }

    @Test func cloneSharesTheEpoch() throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let clone = engine.clone()
        let module = try Module(engine: engine, wat: Self.loopWAT)
        let store = Store(engine: engine)
        store.setEpochDeadline(1)
        let instance = try Instance(store: store, module: module)
        // Advancing the clone's epoch reaches the store's deadline too.
        clone.incrementEpoch()
        expectTrap(.interrupt) {
            _ = try instance.function("run").call()
        }
    }

    // MARK: - WebAssembly features

    /// A proposal, a module that needs it, and what the error must mention.
    struct FeatureCase: Sendable, CustomTestStringConvertible {
        var name: String
        var wat: String
        var fragment: String
        /// Sets the feature (and, when disabling, whatever depends on it).
        var set: @Sendable (inout Config, Bool) -> Void
        var testDescription: String { name }
    }

    static let featureCases: [FeatureCase] = [
        FeatureCase(
            name: "simd",
            wat: #"(module (func (export "run") (result i32) (i32x4.extract_lane 1 (v128.const i32x4 1 7 3 4))))"#,
            fragment: "SIMD",
            set: { config, on in
                config.wasm.simd = on
                if !on { config.wasm.relaxedSIMD = false }
            }),
        FeatureCase(
            name: "relaxedSIMD",
            wat: """
                (module (func (export "run") (result i32)
                  (i8x16.extract_lane_u 0
                    (i8x16.relaxed_swizzle (v128.const i8x16 7 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                                           (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))))
                """,
            fragment: "relaxed",
            set: { config, on in config.wasm.relaxedSIMD = on }),
        FeatureCase(
            name: "multiMemory",
            wat: """
                (module (memory 1) (memory $second 1)
                  (func (export "run") (result i32)
                    (i32.store $second (i32.const 0) (i32.const 7))
                    (i32.load $second (i32.const 0))))
                """,
            fragment: "multiple memories",
            set: { config, on in config.wasm.multiMemory = on }),
        FeatureCase(
            name: "memory64",
            wat: """
                (module (memory i64 1)
                  (func (export "run") (result i32)
                    (i32.store (i64.const 8) (i32.const 7))
                    (i32.load (i64.const 8))))
                """,
            fragment: "memory64",
            set: { config, on in config.wasm.memory64 = on }),
        FeatureCase(
            name: "tailCall",
            wat: """
                (module
                  (func $seven (result i32) (i32.const 7))
                  (func (export "run") (result i32) (return_call $seven)))
                """,
            fragment: "tail call",
            set: { config, on in config.wasm.tailCall = on }),
        FeatureCase(
            name: "threads",
            wat: """
                (module (memory 1 1 shared)
                  (func (export "run") (result i32)
                    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 7)))
                    (i32.atomic.load (i32.const 0))))
                """,
            fragment: "threads",
            set: { config, on in
                config.wasm.threads = on
                if on { config.wasm.sharedMemory = true }
            }),
        FeatureCase(
            name: "referenceTypes",
            wat: """
                (module (func (export "run") (result i32)
                  (if (result i32) (ref.is_null (ref.null extern)) (then (i32.const 7)) (else (i32.const 0)))))
                """,
            fragment: "reference types",
            set: { config, on in
                config.wasm.referenceTypes = on
                if !on {
                    config.wasm.gc = false
                    config.wasm.functionReferences = false
                    config.wasm.exceptions = false
                }
            }),
        FeatureCase(
            name: "functionReferences",
            wat: """
                (module
                  (type $t (func (result i32)))
                  (func $seven (type $t) (i32.const 7))
                  (elem declare func $seven)
                  (func (export "run") (result i32) (call_ref $t (ref.func $seven))))
                """,
            fragment: "function references",
            set: { config, on in
                config.wasm.functionReferences = on
                if !on { config.wasm.gc = false }
            }),
        FeatureCase(
            name: "gc",
            wat: """
                (module
                  (type $point (struct (field i32)))
                  (func (export "run") (result i32) (struct.get $point 0 (struct.new $point (i32.const 7)))))
                """,
            fragment: "gc",
            set: { config, on in
                config.wasm.gc = on
                if on { config.wasm.functionReferences = true }
            }),
        FeatureCase(
            name: "exceptions",
            wat: """
                (module (tag $e (param i32))
                  (func (export "run") (result i32)
                    (block $caught (result i32)
                      (try_table (catch $e $caught) (throw $e (i32.const 7)))
                      (i32.const 0))))
                """,
            fragment: "exceptions",
            set: { config, on in config.wasm.exceptions = on }),
        FeatureCase(
            name: "wideArithmetic",
            wat: """
                (module (func (export "run") (result i32)
                  (drop (i64.add128 (i64.const 3) (i64.const 0) (i64.const 4) (i64.const 0)))
                  (i32.wrap_i64)))
                """,
            fragment: "wide arithmetic",
            set: { config, on in config.wasm.wideArithmetic = on }),
        FeatureCase(
            name: "customPageSizes",
            wat: """
                (module (memory 8 (pagesize 1))
                  (func (export "run") (result i32) (i32.sub (memory.size) (i32.const 1))))
                """,
            fragment: "page size",
            set: { config, on in config.wasm.customPageSizes = on }),
        FeatureCase(
            name: "multiValue",
            wat: """
                (module
                  (func $pair (result i32 i32) (i32.const 3) (i32.const 4))
                  (func (export "run") (result i32) (call $pair) (i32.add)))
                """,
            fragment: "multi-value",
            set: { config, on in config.wasm.multiValue = on }),
        FeatureCase(
            name: "bulkMemory",
            wat: """
                (module (memory 1)
                  (func (export "run") (result i32)
                    (memory.fill (i32.const 0) (i32.const 7) (i32.const 4))
                    (i32.load8_u (i32.const 3))))
                """,
            fragment: "bulk memory",
            set: { config, on in config.wasm.bulkMemory = on }),
    ]

    @Test(arguments: featureCases)
    func featureToggleMatters(_ feature: FeatureCase) throws {
        var off = Config()
        feature.set(&off, false)
        Self.expectRejected(try Engine(off), feature.wat, mentioning: feature.fragment)

        var on = Config()
        feature.set(&on, true)
        let results = try Self.run(try Engine(on), feature.wat)
        #expect(results.first?.i32 == 7)
    }

    @Test func validateFollowsTheEngineFeatures() throws {
        let simd = try wat2wasm(#"(module (func (result v128) (v128.const i64x2 1 2)))"#)
        var off = Config()
        off.wasm.simd = false
        off.wasm.relaxedSIMD = false
        expectWasmtimeError(.compilation) { try Module.validate(engine: try Engine(off), bytes: simd) }
        try Module.validate(engine: Engine(), bytes: simd)
    }

    // MARK: - Fuel and epochs

    static let loopWAT = """
        (module (func (export "run") (loop $forever (br $forever))))
        """

    @Test func consumeFuelStopsAnInfiniteLoop() throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        try store.setFuel(10_000)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.loopWAT))
        expectTrap(.outOfFuel) {
            _ = try instance.function("run").call()
        }
        #expect(try store.fuel() == 0)
    }

    @Test func epochDeadlineInterruptsLoopFromAnotherThread() throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        store.setEpochDeadline(1)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.loopWAT))
        let run = try instance.function("run")

        let done = Self.Flag()
        let ticker = Thread {
            // Tick until the loop has been interrupted (bounded, so a
            // failing test cannot hang the run).
            for _ in 0..<2_000 where !done.isSet {
                Thread.sleep(forTimeInterval: 0.005)
                engine.incrementEpoch()
            }
        }
        ticker.start()
        defer { done.set() }
        let trap = expectTrap(.interrupt) { try run.call() }
        #expect(trap?.message.contains("interrupt") == true)
    }

    @Test func epochDeadlineInterruptsLoopFromATask() async throws {
        var config = Config()
        config.epochInterruption = true
        let engine = try Engine(config)
        let module = try Module(engine: engine, wat: Self.loopWAT)
        let done = Self.Flag()
        let ticker = Task.detached {
            for _ in 0..<2_000 where !done.isSet {
                try? await Task.sleep(for: .milliseconds(5))
                engine.incrementEpoch()
            }
        }
        defer { done.set() }
        // The guest spins on its own thread: spinning on one of the (two)
        // cooperative threads could starve the ticker task.
        let code: TrapCode? = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try Self.interruptedCode(engine: engine, module: module) })
            }
            thread.start()
        }
        #expect(code == .interrupt)
        done.set()
        await ticker.value
    }

    /// Runs the endless loop in a new store and returns the trap code it stopped with.
    static func interruptedCode(engine: Engine, module: Module) throws -> TrapCode? {
        let store = Store(engine: engine)
        store.setEpochDeadline(2)
        let instance = try Instance(store: store, module: module)
        do {
            _ = try instance.function("run").call()
            return nil
        } catch let trap as Trap {
            return trap.code
        }
    }

    @Test func withoutEpochInterruptionTheDeadlineIsIgnored() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setEpochDeadline(1)
        engine.incrementEpoch()
        engine.incrementEpoch()
        let module = try Module(engine: engine, wat: Self.addWAT)
        let instance = try Instance(store: store, module: module)
        #expect(try instance.function("run").call(.i32(2), .i32(3)).first?.i32 == 5)
    }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    // MARK: - Code generation

    static let fibWAT = """
        (module
          (func $fib (export "run") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
        """

    @Test(arguments: [Config.Strategy.auto, .cranelift, .winch])
    func strategiesCompileWorkingCode(_ strategy: Config.Strategy) throws {
        var config = Config()
        config.strategy = strategy
        let engine = try Engine(config)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(20)]).first?.i32 == 6765)
    }

    @Test func winchAndCraneliftProduceDifferentCode() throws {
        // Serialized artifacts embed the compiler's output: the two code
        // generators must not produce identical bytes for the same module.
        var winch = Config()
        winch.strategy = .winch
        var cranelift = Config()
        cranelift.strategy = .cranelift
        let a = try Module(engine: Engine(winch), wat: Self.fibWAT).serialize()
        let b = try Module(engine: Engine(cranelift), wat: Self.fibWAT).serialize()
        #expect(!a.isEmpty)
        #expect(a != b)
        // An artifact from one compiler does not load into the other's engine.
        expectWasmtimeError(.compilation) { try Module.deserialize(engine: Engine(cranelift), bytes: a) }
    }

    @Test(arguments: [Config.OptimizationLevel.disabled, .speed, .speedAndSize])
    func optimizationLevelsCompileWorkingCode(_ level: Config.OptimizationLevel) throws {
        var config = Config()
        config.craneliftOptimizationLevel = level
        let engine = try Engine(config)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(15)]).first?.i32 == 610)
    }

    @Test func optimizationLevelChangesTheCode() throws {
        var disabled = Config()
        disabled.craneliftOptimizationLevel = .disabled
        var speed = Config()
        speed.craneliftOptimizationLevel = .speed
        let a = try Module(engine: Engine(disabled), wat: Self.fibWAT).serialize()
        let b = try Module(engine: Engine(speed), wat: Self.fibWAT).serialize()
        #expect(a != b)
    }

    /// `.disabled` is Cranelift's `opt_level = "none"`, and leaving the
    /// property `nil` keeps Wasmtime's default (`"speed"`): the compiled
    /// artifacts are byte-for-byte those of the raw Cranelift settings.
    @Test func disabledOptimizationIsOptLevelNoneAndNilIsWasmtimesDefault() throws {
        func artifact(_ configure: (inout Config) -> Void) throws -> [UInt8] {
            var config = Config()
            configure(&config)
            return try Module(engine: Engine(config), wat: Self.fibWAT).serialize()
        }
        let disabled = try artifact { $0.craneliftOptimizationLevel = .disabled }
        let rawNone = try artifact { $0.craneliftFlags = ["opt_level": "none"] }
        let unset = try artifact { $0.craneliftOptimizationLevel = nil }
        let rawSpeed = try artifact { $0.craneliftFlags = ["opt_level": "speed"] }
        #expect(disabled == rawNone)
        #expect(unset == rawSpeed)
        #expect(unset != disabled)
    }

    @Test(arguments: [Config.RegisterAllocator.backtracking, .singlePass])
    func registerAllocatorsCompileWorkingCode(_ allocator: Config.RegisterAllocator) throws {
        var config = Config()
        config.craneliftRegisterAllocator = allocator
        let engine = try Engine(config)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(16)]).first?.i32 == 987)
    }

    @Test func rawCraneliftFlags() throws {
        var config = Config()
        config.craneliftFlags = ["opt_level": "none"]
        config.craneliftEnabledFlags = ["enable_verifier"]
        let engine = try Engine(config)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(11)]).first?.i32 == 89)
        // The raw setting has the same effect as the typed one: identical artifacts.
        var rawOnly = Config()
        rawOnly.craneliftFlags = ["opt_level": "none"]
        var typed = Config()
        typed.craneliftOptimizationLevel = .disabled
        var speed = Config()
        speed.craneliftOptimizationLevel = .speed
        let viaRaw = try Module(engine: Engine(rawOnly), wat: Self.fibWAT).serialize()
        let viaTyped = try Module(engine: Engine(typed), wat: Self.fibWAT).serialize()
        let viaSpeed = try Module(engine: Engine(speed), wat: Self.fibWAT).serialize()
        #expect(viaRaw == viaTyped)
        #expect(viaRaw != viaSpeed)
    }

    @Test func pulleyTargetInterpretsCode() throws {
        var config = Config()
        config.target = "pulley64"
        let engine = try Engine(config)
        #expect(engine.isPulley)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(14)]).first?.i32 == 377)
    }

    /// The triple of the machine the tests run on.
    static var hostTriple: String {
        #if arch(x86_64) && os(Linux)
        "x86_64-unknown-linux-gnu"
        #elseif arch(arm64) && os(Linux)
        "aarch64-unknown-linux-gnu"
        #elseif arch(arm64) && canImport(Darwin)
        "aarch64-apple-darwin"
        #else
        "x86_64-apple-darwin"
        #endif
    }

    @Test func hostTargetRunsNatively() throws {
        var config = Config()
        config.target = Self.hostTriple
        let engine = try Engine(config)
        #expect(!engine.isPulley)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(9)]).first?.i32 == 34)
    }

    @Test
    func unsupportedCrossTargetIsAConfigurationError() {
        var config = Config()
        #if arch(x86_64)
        config.target = "aarch64-unknown-linux-gnu"
        #else
        config.target = "x86_64-unknown-linux-gnu"
        #endif
        expectWasmtimeError(.configuration) {
            _ = try Engine(config)
        }
    }

    @Test func miscellaneousCodeSettingsStillRun() throws {
        var config = Config()
        config.nativeUnwindInfo = false
        config.memoryInitCopyOnWrite = false
        config.profiler = Config.Profiler.none
        let engine = try Engine(config)
        let wat = """
            (module (memory (export "m") 1) (data (i32.const 16) "*")
              (func (export "run") (result i32) (i32.load8_u (i32.const 16))))
            """
        #expect(try Self.run(engine, wat).first?.i32 == 42)
    }

    /// f32.add of a NaN with a payload: without canonicalization the payload
    /// propagates (quieted); with it, the result is the canonical NaN.
    static let nanWAT = """
        (module (func (export "run") (param f32) (result f32) (f32.add (local.get 0) (f32.const 1))))
        """

    @Test func nanCanonicalization() throws {
        let input = Value.f32(Float(bitPattern: 0x7fa0_0001))

        var on = Config()
        on.craneliftNaNCanonicalization = true
        let canonical = try Self.run(try Engine(on), Self.nanWAT, "run", [input])
        #expect(canonical.first?.f32?.bitPattern == 0x7fc0_0000)

        var off = Config()
        off.craneliftNaNCanonicalization = false
        let propagated = try Self.run(try Engine(off), Self.nanWAT, "run", [input])
        let bits = try #require(propagated.first?.f32).bitPattern
        #expect(Float(bitPattern: bits).isNaN)
        #expect(bits != 0x7fc0_0000)
        #expect(bits & 0x3f_ffff == 0x20_0001)
    }

    @Test(arguments: [true, false])
    func parallelCompilation(_ parallel: Bool) throws {
        var config = Config()
        config.parallelCompilation = parallel
        let engine = try Engine(config)
        // Many functions, so a parallel compiler has work to split.
        let functions = (0..<64).map { i in
            "(func (export \"f\(i)\") (result i32) (i32.mul (i32.const \(i)) (i32.const 3)))"
        }
        let module = try Module(engine: engine, wat: "(module \(functions.joined(separator: "\n")))")
        #expect(module.exports.count == 64)
        let instance = try Instance(store: Store(engine: engine), module: module)
        #expect(try instance.function("f63").call().first?.i32 == 189)
        #expect(try instance.function("f0").call().first?.i32 == 0)
    }

    @Test func debugVerifierAndDebugInfoStillCompile() throws {
        var config = Config()
        config.craneliftDebugVerifier = true
        config.debugInfo = true
        let engine = try Engine(config)
        #expect(try Self.run(engine, Self.fibWAT, "run", [.i32(10)]).first?.i32 == 55)
    }

    @Test func maxWasmStackLimitsRecursion() throws {
        let wat = """
            (module
              (func $down (export "run") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
            """
        var small = Config()
        small.maxWasmStack = 64 * 1024
        let engine = try Engine(small)
        #expect(try Self.run(engine, wat, "run", [.i32(100)]).first?.i32 == 100)
        expectTrap(.stackOverflow) {
            _ = try Self.run(engine, wat, "run", [.i32(1_000_000)])
        }
    }

    // MARK: - Memory layout

    static let growWAT = """
        (module (memory (export "memory") 1)
          (func (export "run") (param i32) (result i32) (memory.grow (local.get 0))))
        """

    @Test func memoryThatMayNotMoveCannotGrowPastItsReservation() throws {
        var config = Config()
        config.memoryReservation = 4 * 65536
        config.memoryGuardSize = 0
        config.memoryReservationForGrowth = 0
        config.memoryMayMove = false
        let engine = try Engine(config)
        let module = try Module(engine: engine, wat: Self.growWAT)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: module)
        let grow = try instance.function("run")
        #expect(try grow.call(.i32(3)).first?.i32 == 1)
        // Four pages fill the reservation and the memory may not move.
        #expect(try grow.call(.i32(1)).first?.i32 == -1)
        let memory = try instance.memory("memory")
        #expect(memory.pageCount == 4)
        expectWasmtimeError(.resourceLimit) {
            try memory.grow(by: 1)
        }
        // Bounds checks still work without a guard region.
        try memory.store(UInt32(0xdead_beef), at: 4 * 65536 - 4)
        #expect(try memory.load(UInt32.self, at: 4 * 65536 - 4) == 0xdead_beef)
    }

    @Test func memoryThatMayMoveGrowsPastItsReservation() throws {
        var config = Config()
        config.memoryReservation = 4 * 65536
        config.memoryGuardSize = 0
        config.memoryReservationForGrowth = 0
        config.memoryMayMove = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: Self.growWAT))
        let memory = try instance.memory("memory")
        try memory.store(UInt8(0x5a), at: 100)
        #expect(try instance.function("run").call(.i32(10)).first?.i32 == 1)
        #expect(memory.pageCount == 11)
        // The contents moved along with the memory.
        #expect(try memory.load(UInt8.self, at: 100) == 0x5a)
        #expect(memory.byteCount == 11 * 65536)
    }

    @Test func signalsBasedTrapsOffStillCatchesOutOfBounds() throws {
        var config = Config()
        config.signalsBasedTraps = false
        config.memoryGuardSize = 0
        config.memoryReservation = 1 << 20
        let engine = try Engine(config)
        let wat = """
            (module (memory 1) (func (export "run") (param i32) (result i32) (i32.load (local.get 0))))
            """
        #expect(try Self.run(engine, wat, "run", [.i32(65532)]).first?.i32 == 0)
        expectTrap(.memoryOutOfBounds) {
            _ = try Self.run(engine, wat, "run", [.i32(65533)])
        }
    }

    // MARK: - Pooling allocator

    static let memoryWAT = #"(module (memory (export "memory") 1))"#

    /// An engine with the pooling allocator, small pools and a 1 MiB memory reservation.
    private static func poolingEngine(
        instances: UInt32, memories: UInt32, otherSlots: UInt32, maxMemorySize: Int, guardSize: UInt64? = nil
    ) throws -> Engine {
        var pooling = PoolingAllocationConfig()
        pooling.totalCoreInstances = instances
        pooling.totalMemories = memories
        pooling.totalTables = otherSlots
        pooling.totalGCHeaps = otherSlots
        pooling.totalStacks = otherSlots
        pooling.maxMemorySize = maxMemorySize
        var config = Config()
        config.allocationStrategy = .pooling(pooling)
        config.memoryReservation = 1 << 20
        config.memoryGuardSize = guardSize
        return try Engine(config)
    }

    @Test func poolingLimitsTotalCoreInstances() throws {
        let engine = try Self.poolingEngine(
            instances: 2, memories: 4, otherSlots: 4,
            maxMemorySize: 1 << 20, guardSize: 1 << 16)
        let module = try Module(engine: engine, wat: Self.addWAT)
        do {
            let store = Store(engine: engine)
            let first = try Instance(store: store, module: module)
            let second = try Instance(store: store, module: module)
            #expect(try first.function("run").call(.i32(1), .i32(2)).first?.i32 == 3)
            #expect(try second.function("run").call(.i32(3), .i32(4)).first?.i32 == 7)
            // A third instance, in this store or another, exceeds the pool.
            let error = expectWasmtimeError(.resourceLimit) { try Instance(store: store, module: module) }
            #expect(error?.message.contains("core instances") == true)
            #expect(error?.message.contains("2") == true)
            expectWasmtimeError(.resourceLimit) { try Instance(store: Store(engine: engine), module: module) }
        }
        // Once the store is gone its slots are free again.
        let fresh = Store(engine: engine)
        let instance = try Instance(store: fresh, module: module)
        #expect(try instance.function("run").call(.i32(1), .i32(1)).first?.i32 == 2)
    }

    @Test func poolingLimitsTotalMemories() throws {
        let engine = try Self.poolingEngine(
            instances: 8, memories: 1, otherSlots: 8,
            maxMemorySize: 1 << 20, guardSize: 1 << 16)
        let module = try Module(engine: engine, wat: Self.memoryWAT)
        let store = Store(engine: engine)
        let first = try Instance(store: store, module: module)
        #expect(try first.memory("memory").pageCount == 1)
        // A module without memories still fits.
        _ = try Instance(store: store, module: Module(engine: engine, wat: Self.addWAT))
        let error = expectWasmtimeError(.resourceLimit) { try Instance(store: Store(engine: engine), module: module) }
        #expect(error?.message.contains("memor") == true)
    }

    @Test func poolingMaxMemorySizeRejectsLargerModules() throws {
        let engine = try Self.poolingEngine(instances: 2, memories: 2, otherSlots: 2, maxMemorySize: 2 * 65536)
        let store = Store(engine: engine)
        let small = try Instance(
            store: store, module: Module(engine: engine, wat: #"(module (memory (export "m") 2))"#))
        let memory = try small.memory("m")
        #expect(memory.pageCount == 2)
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 1) }
        // A module declaring more than the pool's memory size is refused when it is compiled.
        let large = expectWasmtimeError(.compilation) { try Module(engine: engine, wat: "(module (memory 3))") }
        #expect(large?.message.contains("memory") == true, "\(large?.message ?? "")")
    }

    // MARK: - Cache

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wasmtime-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func cacheConfigurationFileStoresCompiledCode() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cacheDirectory = root.appendingPathComponent("cache")
        let file = root.appendingPathComponent("cache.toml")
        try "[cache]\ndirectory = \"\(cacheDirectory.path)\"\n"
            .write(to: file, atomically: true, encoding: .utf8)

        var config = Config()
        config.cache = .configurationFile(file.path)
        let engine = try Engine(config)
        let results = try Self.run(engine, Self.fibWAT, "run", [.i32(12)])
        #expect(results.first?.i32 == 144)

        // The compiled module was written under the configured directory.
        let written = FileManager.default.enumerator(atPath: cacheDirectory.path)?.allObjects.count ?? 0
        #expect(written > 0)

        // A second engine with the same cache compiles the same module again (from the cache).
        let second = try Engine(config)
        #expect(try Self.run(second, Self.fibWAT, "run", [.i32(12)]).first?.i32 == 144)
    }

    @Test func missingCacheConfigurationFileIsAConfigurationError() {
        var config = Config()
        config.cache = .configurationFile("/nonexistent/wasmtime-swift/cache.toml")
        let error = expectWasmtimeError(.configuration) { try Engine(config) }
        #expect(error?.message.isEmpty == false)
    }

    @Test func malformedCacheConfigurationIsAConfigurationError() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("bad.toml")
        try "[cache\nthis is not toml".write(to: file, atomically: true, encoding: .utf8)
        var config = Config()
        config.cache = .configurationFile(file.path)
        expectWasmtimeError(.configuration) {
            _ = try Engine(config)
        }
    }

    // MARK: - Rejected configurations

    @Test func unknownTargetIsAConfigurationError() {
        var config = Config()
        config.target = "not-a-real-target-triple"
        let error = expectWasmtimeError(.configuration) {
            _ = try Engine(config)
        }
        // Wasmtime's own reason, not just "rejected".
        let message = error?.message ?? ""
        #expect(message.contains("not-a-real-target-triple"), "message: \(message)")
        #expect(message.contains("Unrecognized architecture: not"), "message: \(message)")
    }

    /// A configuration Wasmtime refuses, and what its message must mention.
    struct RejectedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var fragment: String
        var make: @Sendable () -> Config
        var testDescription: String { name }
    }

    static let rejectedCases: [RejectedCase] = [
        RejectedCase(name: "relaxed SIMD without SIMD", fragment: "relaxed simd") {
            var config = Config()
            config.wasm.simd = false
            config.wasm.relaxedSIMD = true
            return config
        },
        RejectedCase(name: "GC with Winch", fragment: "gc") {
            var config = Config()
            config.strategy = .winch
            config.wasm.gc = true
            return config
        },
        RejectedCase(name: "unknown Cranelift flag", fragment: "no_such_flag") {
            var config = Config()
            config.craneliftFlags = ["no_such_flag": "true"]
            return config
        },
        RejectedCase(name: "bad Cranelift flag value", fragment: "speed_and_size") {
            var config = Config()
            config.craneliftFlags = ["opt_level": "fastest"]
            return config
        },
        RejectedCase(name: "pooling memory larger than the reservation", fragment: "reservation") {
            var pooling = PoolingAllocationConfig()
            pooling.maxMemorySize = 1 << 30
            var config = Config()
            config.memoryReservation = 1 << 20
            config.allocationStrategy = .pooling(pooling)
            return config
        },
        RejectedCase(name: "cache file with an unknown key", fragment: "enabled") {
            // Wasmtime 50 removed the `enabled` key from its cache configuration.
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("wasmtime-swift-bad-cache-\(UUID().uuidString).toml").path
            try? "[cache]\nenabled = true\n".write(toFile: path, atomically: true, encoding: .utf8)
            var config = Config()
            config.cache = .configurationFile(path)
            return config
        },
    ]

    @Test(arguments: rejectedCases)
    func rejectedConfigurationsThrowInsteadOfCrashing(_ rejected: RejectedCase) {
        let error = expectWasmtimeError(.configuration) { try Engine(rejected.make()) }
        #expect(error?.message.localizedCaseInsensitiveContains(rejected.fragment) == true, "\(error?.message ?? "")")
    }
}
