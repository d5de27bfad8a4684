import Testing
import Wasmtime

/// Traps: their codes, messages and backtraces, traps made by the host, and
/// the errors instantiation reports.
@Suite struct TrapTests {
    let engine = Engine()

    private func instantiate(_ wat: String, engine: Engine? = nil) throws -> (Store<Void>, Instance) {
        let engine = engine ?? self.engine
        let store = Store(engine: engine)
        return (store, try Instance(store: store, module: Module(engine: engine, wat: wat)))
    }

    /// Calls the export `name` (no parameters) both untyped and typed and
    /// checks both calls trap with `code`.
    private func expectBothCallsTrap(
        _ instance: Instance, _ name: String, _ code: TrapCode,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let function = try instance.function(name)
        let untyped = expectTrap(code, "untyped call of \(name)", sourceLocation: sourceLocation) {
            try function.call([])
        }
        #expect(untyped?.message.isEmpty == false, sourceLocation: sourceLocation)
        #expect(untyped?.description.hasPrefix("trap: ") == true, sourceLocation: sourceLocation)

        // The typed path, with whatever results the function declares.
        if function.type.results.isEmpty {
            expectTrap(code, "typed call of \(name)", sourceLocation: sourceLocation) { try function.typed()() }
        } else {
            expectTrap(code, "typed call of \(name)", sourceLocation: sourceLocation) { try function.call() }
        }
    }

    // MARK: Trap codes

    private static let trapsWAT = """
        (module
          (memory 1)
          (table $t 2 funcref)
          (type $unary (func (param i32) (result i32)))
          (func $nullary (result i32) (i32.const 0))
          (elem (table $t) (i32.const 0) func $nullary)
          (func (export "unreachable") (unreachable))
          (func (export "div_zero") (drop (i32.div_s (i32.const 1) (i32.const 0))))
          (func (export "rem_zero_64") (drop (i64.rem_u (i64.const 1) (i64.const 0))))
          (func (export "overflow") (drop (i32.div_s (i32.const -2147483648) (i32.const -1))))
          (func (export "overflow_64") (drop (i64.div_s (i64.const -9223372036854775808) (i64.const -1))))
          (func (export "nan_to_int") (drop (i32.trunc_f32_s (f32.const nan))))
          (func (export "too_big_to_int") (drop (i32.trunc_f64_u (f64.const 1e10))))
          (func (export "load_oob") (drop (i32.load (i32.const 65534))))
          (func (export "store_oob") (i64.store (i32.const -1) (i64.const 0)))
          (func (export "fill_oob") (memory.fill (i32.const 65000) (i32.const 0) (i32.const 1000)))
          (func (export "table_get_oob") (drop (table.get $t (i32.const 2))))
          (func (export "call_indirect_oob") (drop (call_indirect $t (type $unary) (i32.const 0) (i32.const 7))))
          (func (export "call_null") (drop (call_indirect $t (type $unary) (i32.const 0) (i32.const 1))))
          (func (export "bad_signature") (drop (call_indirect $t (type $unary) (i32.const 0) (i32.const 0))))
          (func $recurse (export "recurse") (param i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "overflow_stack") (result i32) (call $recurse (i32.const 0)))
          (func (export "fine") (result i32) (i32.const 7))
        )
        """

    @Test func unreachable() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "unreachable", .unreachable)
        let trap = expectTrap(.unreachable) { try instance.function("unreachable").call([]) }
        #expect(trap?.message.contains("unreachable") == true)
    }

    @Test func integerDivisionByZero() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "div_zero", .integerDivisionByZero)
        try expectBothCallsTrap(instance, "rem_zero_64", .integerDivisionByZero)
        let trap = expectTrap(.integerDivisionByZero) { try instance.function("div_zero").call([]) }
        #expect(trap?.message.contains("divide by zero") == true)
    }

    @Test func integerOverflow() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "overflow", .integerOverflow)
        try expectBothCallsTrap(instance, "overflow_64", .integerOverflow)
        // An out-of-range float-to-int conversion is an overflow too.
        try expectBothCallsTrap(instance, "too_big_to_int", .integerOverflow)
    }

    @Test func badConversionToInteger() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "nan_to_int", .badConversionToInteger)
    }

    @Test func memoryOutOfBounds() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "load_oob", .memoryOutOfBounds)
        try expectBothCallsTrap(instance, "store_oob", .memoryOutOfBounds)
        try expectBothCallsTrap(instance, "fill_oob", .memoryOutOfBounds)
        let trap = expectTrap(.memoryOutOfBounds) { try instance.function("load_oob").call([]) }
        #expect(trap?.message.contains("out of bounds") == true)
    }

    @Test func tableOutOfBounds() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "table_get_oob", .tableOutOfBounds)
        try expectBothCallsTrap(instance, "call_indirect_oob", .tableOutOfBounds)
    }

    @Test func indirectCallToNull() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "call_null", .indirectCallToNull)
    }

    @Test func badSignature() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "bad_signature", .badSignature)
    }

    @Test func stackOverflow() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        try expectBothCallsTrap(instance, "overflow_stack", .stackOverflow)
        let recurse = try instance.function("recurse", Int32.self, Int32.self)
        let trap = #expect(throws: Trap.self) { _ = try recurse(0) }
        #expect(trap?.code == .stackOverflow)
        #expect(trap?.message.isEmpty == false)
        // The store and thread are fine afterwards.
        let fine = try instance.function("fine", Void.self, Int32.self)
        #expect(try fine() == 7)
    }

    @Test func stackOverflowThroughHostFunctions() throws {
        let store = Store(engine: engine)
        let box = CallCount()
        // wasm -> host -> wasm -> host ... without end.
        let host = Func(store: store) { (caller: borrowing Caller, depth: Int32) -> Int32 in
            box.count += 1
            let again = try caller.function("again").typed(Int32.self, Int32.self)
            return try again(depth + 1)
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "host" (func $host (param i32) (result i32)))
                  (func (export "again") (param i32) (result i32) (call $host (local.get 0)))
                  (func (export "fine") (result i32) (i32.const 1))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(host)])
        let again = try instance.function("again", Int32.self, Int32.self)
        let trap = #expect(throws: Trap.self) { _ = try again(0) }
        #expect(trap?.code == .stackOverflow)
        #expect(box.count > 10)
        let fine = try instance.function("fine", Void.self, Int32.self)
        #expect(try fine() == 1)
    }

    private final class CallCount {
        var count = 0
    }

    @Test func outOfFuel() throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let (store, instance) = try instantiate(
            """
            (module
              (func (export "spin") (loop $l (br $l)))
              (func (export "fine") (result i32) (i32.const 3))
            )
            """, engine: engine)
        try store.setFuel(10_000)
        try expectBothCallsTrap(instance, "spin", .outOfFuel)
        #expect(try store.fuel() == 0)
        try store.setFuel(100)
        let fine = try instance.function("fine", Void.self, Int32.self)
        #expect(try fine() == 3)
    }

    @Test func trapAfterTrapLeavesTheStoreUsable() throws {
        let (_, instance) = try instantiate(Self.trapsWAT)
        let fine = try instance.function("fine", Void.self, Int32.self)
        let codes: KeyValuePairs<String, TrapCode> = [
            "unreachable": .unreachable, "div_zero": .integerDivisionByZero, "load_oob": .memoryOutOfBounds,
            "call_null": .indirectCallToNull,
        ]
        for (name, code) in codes {
            expectTrap(code, "\(name)") { try instance.function(name).call([]) }
            #expect(try fine() == 7)
        }
    }

    @Test func trapCodeRawValuesMatchWasmtime() {
        #expect(TrapCode.stackOverflow.rawValue == 0)
        #expect(TrapCode.unreachable.rawValue == 9)
        #expect(TrapCode.outOfFuel.rawValue == 11)
        #expect(TrapCode(rawValue: 7) == .integerDivisionByZero)
        #expect(TrapCode.allCases.count == 54)
        #expect(TrapCode(rawValue: 54) == nil)
    }

    // MARK: Frames

    @Test func framesWithNames() throws {
        let (_, instance) = try instantiate(
            """
            (module $mod
              (func $inner (unreachable))
              (func $middle (call $inner))
              (func $outer (export "outer") (call $middle))
            )
            """)
        let trap = expectTrap(.unreachable) { try instance.function("outer").call([]) }
        let frames = try #require(trap?.frames)
        #expect(frames.map(\.functionName) == ["inner", "middle", "outer"])
        #expect(frames.map(\.moduleName) == ["mod", "mod", "mod"])
        #expect(frames.map(\.functionIndex) == [0, 1, 2])
        #expect(frames.allSatisfy { $0.functionOffset != nil })
        #expect(frames.allSatisfy { $0.moduleOffset != nil })
        // Later functions' code comes later in the module.
        let moduleOffsets = frames.compactMap(\.moduleOffset)
        #expect(moduleOffsets == moduleOffsets.sorted())
        #expect(Set(moduleOffsets).count == 3)
        // Each function offset is within its function, before the module offset.
        for frame in frames {
            if let functionOffset = frame.functionOffset, let moduleOffset = frame.moduleOffset {
                #expect(functionOffset < moduleOffset)
            }
        }
        #expect(frames.first?.description.hasPrefix("mod!inner at 0x") == true)
        // The message carries Wasmtime's rendered backtrace, names included.
        #expect(trap?.message.contains("inner") == true)

        // The typed path reports the same frames.
        let outer = try instance.function("outer", Void.self)
        let typedTrap = expectTrap(.unreachable) { try outer() }
        #expect(typedTrap?.frames == frames)
    }

    @Test func framesWithNamesAreIndexedFromImports() throws {
        let store = Store(engine: engine)
        let noop = Func(store: store) { () -> Void in }
        let module = try Module(
            engine: engine,
            wat: """
                (module $imports
                  (import "env" "noop" (func $noop))
                  (func $boom (export "boom") (call $noop) (drop (i32.div_u (i32.const 1) (i32.const 0))))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(noop)])
        let trap = #expect(throws: Trap.self) { _ = try instance.function("boom").call([]) }
        #expect(trap?.code == .integerDivisionByZero)
        #expect(trap?.frames.map(\.functionName) == ["boom"])
        #expect(trap?.frames.first?.functionIndex == 1)
        #expect(trap?.frames.first?.moduleName == "imports")
    }

    @Test func framesWithoutNames() throws {
        let (_, instance) = try instantiate(
            """
            (module
              (func (unreachable))
              (func (export "outer") (call 0))
            )
            """)
        let trap = expectTrap(.unreachable) { try instance.function("outer").call([]) }
        let frames = try #require(trap?.frames)
        #expect(frames.count == 2)
        #expect(frames.map(\.functionName) == [nil, nil])
        #expect(frames.map(\.moduleName) == [nil, nil])
        #expect(frames.map(\.functionIndex) == [0, 1])
        #expect(frames.allSatisfy { $0.moduleOffset != nil && $0.functionOffset != nil })
        #expect(frames.first?.description.hasPrefix("<unknown>!<wasm function 0>") == true)
    }

    @Test func framesOfATrapInTheStartFunction() throws {
        let module = try Module(
            engine: engine,
            wat: """
                (module $starter
                  (func $start (unreachable))
                  (start $start)
                )
                """)
        let trap = #expect(throws: Trap.self) { _ = try Instance(store: Store(engine: engine), module: module) }
        #expect(trap?.code == .unreachable)
        #expect(trap?.frames.first?.functionName == "start")
        #expect(trap?.frames.first?.moduleName == "starter")

        let linkerTrap = #expect(throws: Trap.self) {
            _ = try Linker(engine: engine).instantiate(module, in: Store(engine: engine))
        }
        #expect(linkerTrap?.code == .unreachable)
    }

    // MARK: Traps made by the host

    @Test func trapThrownByTheHostComesOutUnchanged() throws {
        let store = Store(engine: engine)
        let host = Func(store: store) { (x: Int32) throws -> Int32 in
            if x == 0 { throw Trap(code: nil, message: "x") }
            if x == 1 { throw Trap(code: .interrupt, message: "pretend interrupt", frames: [Frame(functionIndex: 42)]) }
            return x
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module $m
                  (import "env" "host" (func $host (param i32) (result i32)))
                  (func $run (export "run") (param i32) (result i32) (call $host (local.get 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(host)])

        let run = try instance.function("run", Int32.self, Int32.self)
        let plain = #expect(throws: Trap.self) { _ = try run(0) }
        #expect(plain?.code == nil)
        #expect(plain?.message == "x")
        #expect(plain?.frames.isEmpty == true)

        let untyped = #expect(throws: Trap.self) { _ = try instance.function("run").call([.i32(0)]) }
        #expect(untyped?.code == nil)
        #expect(untyped?.message == "x")

        let coded = #expect(throws: Trap.self) { _ = try run(1) }
        #expect(coded?.code == .interrupt)
        #expect(coded?.message == "pretend interrupt")
        #expect(coded?.frames == [Frame(functionIndex: 42)])

        #expect(try run(5) == 5)
    }

    @Test func wasmTrapInsideAHostCallPropagates() throws {
        let store = Store(engine: engine)
        let host = Func(store: store) { (caller: borrowing Caller) throws -> Void in
            try caller.function("inner").typed()()
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module $nest
                  (import "env" "host" (func $host))
                  (func $inner (export "inner") (drop (i32.rem_s (i32.const 1) (i32.const 0))))
                  (func $outer (export "outer") (call $host))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(host)])
        let trap = expectTrap(.integerDivisionByZero) { try instance.function("outer").call([]) }
        #expect(trap?.frames.first?.functionName == "inner")
    }

    // MARK: Instantiation failures

    @Test func unknownImportIsALinkingError() throws {
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "env" "missing_function" (func (param i32))))
                """)
        let linkerError = #expect(throws: WasmtimeError.self) {
            _ = try Linker(engine: engine).instantiate(module, in: Store(engine: engine))
        }
        #expect(linkerError?.kind == .linking)
        #expect(linkerError?.message.contains("missing_function") == true)

        let preError = #expect(throws: WasmtimeError.self) { _ = try Linker(engine: engine).instantiatePre(module) }
        #expect(preError?.kind == .linking)

        let directError = #expect(throws: WasmtimeError.self) {
            _ = try Instance(store: Store(engine: engine), module: module)
        }
        #expect(directError?.kind == .linking)
    }

    @Test func mismatchedImportIsALinkingError() throws {
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "env" "f" (func (param i32) (result i32))))
                """)
        let store = Store(engine: engine)
        let wrong = Func(store: store) { (x: Int64) -> Int64 in x }

        let directError = #expect(throws: WasmtimeError.self) {
            _ = try Instance(store: store, module: module, imports: [.function(wrong)])
        }
        #expect(directError?.kind == .linking)

        let linker = Linker(engine: engine)
        try linker.define("env", "f", wrong)
        let linkerError = #expect(throws: WasmtimeError.self) { _ = try linker.instantiate(module, in: store) }
        #expect(linkerError?.kind == .linking)

        // A global where a function is expected.
        let kindModule = try Module(
            engine: engine,
            wat: """
                (module (import "env" "g" (func)))
                """)
        let global = try Global(store: store, type: GlobalType(.i32), value: .i32(1))
        let kindError = #expect(throws: WasmtimeError.self) {
            _ = try Instance(store: store, module: kindModule, imports: [.global(global)])
        }
        #expect(kindError?.kind == .linking)
    }

    @Test func trappingStartFunctionThrowsATrap() throws {
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (memory 1)
                  (func $start (i32.store (i32.const 70000) (i32.const 1)))
                  (start $start)
                )
                """)
        let trap = #expect(throws: Trap.self) { _ = try Instance(store: Store(engine: engine), module: module) }
        #expect(trap?.code == .memoryOutOfBounds)
    }

    @Test func invalidModuleIsACompilationError() throws {
        let error = #expect(throws: WasmtimeError.self) {
            _ = try Module(engine: engine, wat: "(module (func (result i32)))")
        }
        #expect(error?.kind == .compilation)
        #expect(error?.message.isEmpty == false)
    }
}
