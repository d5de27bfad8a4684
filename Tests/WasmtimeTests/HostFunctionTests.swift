import Testing
import Wasmtime

/// The error host functions throw in these tests; it must come out of the
/// call into wasm unchanged.
private struct MyError: Error, Equatable {
    let code: Int
}

/// Host functions: typed and untyped closures, the `Caller`, and errors
/// thrown by the host travelling back out through wasm.
@Suite struct HostFunctionTests {
    let engine = Engine()

    /// Collects what host closures saw (host closures made with
    /// `Func(store:)` need not be `Sendable`).
    private final class Box {
        var values: [Value] = []
        var strings: [String] = []
        var errors: [any Error] = []
    }

    private struct Counter {
        var calls = 0
        var total: Int64 = 0
    }

    // MARK: Defining host functions

    @Test func typedHostFunction() throws {
        let store = Store(engine: engine)
        let add = Func(store: store) { (a: Int32, b: Int32) -> Int32 in a &+ b }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "add" (func $add (param i32 i32) (result i32)))
                  (func (export "run") (param i32) (result i32) (call $add (local.get 0) (i32.const 100)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(add)])
        let run = try instance.function("run", Int32.self, Int32.self)
        #expect(try run(5) == 105)
        #expect(try run(Int32.max) == Int32.min &+ 99)
        #expect(try instance.function("run").call([.i32(-100)]).first?.i32 == 0)

        // The host function can also be called directly, both ways.
        #expect(try add.call([.i32(2), .i32(3)]).first?.i32 == 5)
        let typedAdd = try add.typed((Int32, Int32).self, Int32.self)
        #expect(try typedAdd(20, 22) == 42)
        #expect(add.type == FuncType(parameters: [.i32, .i32], results: [.i32]))
    }

    @Test func typedHostFunctionsWithoutResultsOrParameters() throws {
        let store = Store(engine: engine)
        let box = Box()
        let record = Func(store: store) { (x: Int64) -> Void in box.values.append(.i64(x)) }
        let tick = Func(store: store) { () -> Void in box.strings.append("tick") }
        let seven = Func(store: store) { () -> Int32 in 7 }
        #expect(record.type == FuncType(parameters: [.i64]))
        #expect(tick.type == FuncType())
        #expect(seven.type == FuncType(results: [.i32]))

        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "" "record" (func $record (param i64)))
                  (import "" "tick" (func $tick))
                  (import "" "seven" (func $seven (result i32)))
                  (func (export "run") (result i32)
                    (call $tick)
                    (call $record (i64.const -5))
                    (call $record (i64.const 6000000000))
                    (call $tick)
                    (call $seven))
                )
                """)
        let instance = try Instance(
            store: store, module: module,
            imports: [.function(record), .function(tick), .function(seven)])
        let run = try instance.function("run", Void.self, Int32.self)
        #expect(try run() == 7)
        #expect(box.values.map(bitString) == ["i64:-5", "i64:6000000000"])
        #expect(box.strings == ["tick", "tick"])
    }

    @Test func typedHostFunctionWithCallerFirst() throws {
        let store = Store(engine: engine)
        let addBase = Func(store: store) { (caller: borrowing Caller, x: Int32) -> Int32 in
            let base = try caller.global("base").get().i32 ?? -1
            return x + base
        }
        #expect(addBase.type == FuncType(parameters: [.i32], results: [.i32]))
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "add_base" (func $add_base (param i32) (result i32)))
                  (global (export "base") i32 (i32.const 1000))
                  (func (export "run") (param i32) (result i32) (call $add_base (local.get 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(addBase)])
        let run = try instance.function("run", Int32.self, Int32.self)
        #expect(try run(234) == 1234)
    }

    @Test func untypedHostFunction() throws {
        let store = Store(engine: engine)
        let type = FuncType(parameters: [.i32, .i64, .f64], results: [.f64, .i32])
        let box = Box()
        let combine = Func(store: store, type: type) { _, arguments in
            box.values.append(contentsOf: arguments)
            let sum = Double(arguments[0].i32!) + Double(arguments[1].i64!) + arguments[2].f64!
            return [.f64(sum), .i32(Int32(arguments.count))]
        }
        #expect(combine.type == type)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "combine" (func $combine (param i32 i64 f64) (result f64 i32)))
                  (func (export "run") (result f64 i32)
                    (call $combine (i32.const -4) (i64.const 10000000000) (f64.const 0.5)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(combine)])
        let run = try instance.function("run", Void.self, (Double, Int32).self)
        let (sum, count) = try run()
        #expect(sum == 9_999_999_996.5)
        #expect(count == 3)
        #expect(
            box.values.map(bitString) == [
                bitString(.i32(-4)), bitString(.i64(10_000_000_000)), bitString(.f64(0.5)),
            ])

        // Called directly from Swift.
        let direct = try combine.call([.i32(1), .i64(2), .f64(3.25)])
        #expect(direct.map(bitString) == [bitString(.f64(6.25)), bitString(.i32(3))])
    }

    @Test func linkerDefineFunctionVariants() throws {
        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "mul") { (a: Int64, b: Int64) -> Int64 in a * b }
        try linker.defineFunction("env", "scaled") { (caller: borrowing Caller, x: Int32) -> Int32 in
            let scale = try caller.global("scale").get().i32 ?? 0
            return x * scale
        }
        try linker.defineFunction("env", "negate", type: FuncType(parameters: [.f32], results: [.f32])) {
            _, arguments in
            [.f32(-(arguments[0].f32 ?? 0))]
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "mul" (func $mul (param i64 i64) (result i64)))
                  (import "env" "scaled" (func $scaled (param i32) (result i32)))
                  (import "env" "negate" (func $negate (param f32) (result f32)))
                  (global (export "scale") i32 (i32.const 3))
                  (func (export "mul") (param i64 i64) (result i64) (call $mul (local.get 0) (local.get 1)))
                  (func (export "scaled") (param i32) (result i32) (call $scaled (local.get 0)))
                  (func (export "negate") (param f32) (result f32) (call $negate (local.get 0)))
                )
                """)
        let store = Store(engine: engine)
        let instance = try linker.instantiate(module, in: store)
        let mul = try instance.function("mul", (Int64, Int64).self, Int64.self)
        #expect(try mul(-3_000_000_000, 3) == -9_000_000_000)
        let scaled = try instance.function("scaled", Int32.self, Int32.self)
        #expect(try scaled(14) == 42)
        let negate = try instance.function("negate", Float.self, Float.self)
        #expect(try negate(2.5) == -2.5)

        // The linker's functions are visible in the store with their types.
        let defined = try #require(try linker.item(module: "env", name: "mul", in: store)?.function)
        #expect(defined.type == FuncType(parameters: [.i64, .i64], results: [.i64]))
        #expect(try defined.call([.i64(6), .i64(7)]).first?.i64 == 42)
        let untyped = try #require(try linker.item(module: "env", name: "negate", in: store)?.function)
        #expect(untyped.type == FuncType(parameters: [.f32], results: [.f32]))

        // The same linker instantiates again in another store.
        let second = try linker.instantiate(module, in: Store(engine: engine))
        let scaled2 = try second.function("scaled", Int32.self, Int32.self)
        #expect(try scaled2(-2) == -6)
    }

    // MARK: The caller

    @Test func callerReadsAndWritesTheCallersMemory() throws {
        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "log") { (caller: borrowing Caller, pointer: Int32, length: Int32) -> Int32 in
            let memory = try caller.memory("memory")
            let text = try memory.readString(at: UInt64(pointer), count: Int(length))
            caller.store(as: [String].self)?.data.append(text)
            // Answer through memory: the guest reads it back.
            return Int32(try memory.writeString(text.uppercased(), at: 64))
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "log" (func $log (param i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 16) "xello, host")
                  (func (export "run") (result i32)
                    ;; The guest writes the first byte itself before calling out.
                    (i32.store8 (i32.const 16) (i32.const 104))
                    (drop (call $log (i32.const 16) (i32.const 11)))
                    (i32.load8_u (i32.const 64)))
                  (func (export "written") (result i32)
                    (call $log (i32.const 23) (i32.const 4)))
                )
                """)
        let store = Store(engine: engine, data: [String]())
        let instance = try linker.instantiate(module, in: store)
        let run = try instance.function("run", Void.self, Int32.self)
        #expect(try run() == Int32(UInt8(ascii: "H")))
        #expect(store.data == ["hello, host"])
        let memory = try instance.memory("memory")
        #expect(try memory.readString(at: 64, count: 11) == "HELLO, HOST")

        let written = try instance.function("written", Void.self, Int32.self)
        #expect(try written() == 4)
        #expect(store.data == ["hello, host", "host"])
    }

    @Test func callerCallsAnExportedFunctionReentrantly() throws {
        let store = Store(engine: engine)
        // factorial(n) = n * host(n - 1), where the host calls back into factorial.
        let host = Func(store: store) { (caller: borrowing Caller, n: Int64) -> Int64 in
            let factorial = try caller.function("factorial")
            if n % 2 == 0 {
                let typed = try factorial.typed(Int64.self, Int64.self)
                return try typed(n)
            } else {
                return try factorial.call([.i64(n)]).first?.i64 ?? -1
            }
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "host" (func $host (param i64) (result i64)))
                  (func (export "factorial") (param i64) (result i64)
                    (if (result i64) (i64.le_s (local.get 0) (i64.const 1))
                      (then (i64.const 1))
                      (else (i64.mul (local.get 0) (call $host (i64.sub (local.get 0) (i64.const 1)))))))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(host)])
        let factorial = try instance.function("factorial", Int64.self, Int64.self)
        #expect(try factorial(1) == 1)
        #expect(try factorial(5) == 120)
        #expect(try factorial(20) == 2_432_902_008_176_640_000)
    }

    @Test func callerReachesGlobalsAndTables() throws {
        let store = Store(engine: engine)
        let box = Box()
        let inspect = Func(store: store) { (caller: borrowing Caller, index: Int32) -> Int32 in
            let counter = try caller.global("counter")
            let current = counter.get().i32 ?? -1
            try counter.set(.i32(current + 1))

            let table = try caller.table("table")
            box.values.append(.i64(Int64(table.size)))
            guard case .funcref(let function?) = try table.get(UInt64(index)) else { return -1 }
            return try function.call([.i32(current)]).first?.i32 ?? -1
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "inspect" (func $inspect (param i32) (result i32)))
                  (global (export "counter") (mut i32) (i32.const 10))
                  (table (export "table") 3 funcref)
                  (elem (i32.const 0) $square $negate)
                  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
                  (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
                  (func (export "run") (param i32) (result i32) (call $inspect (local.get 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(inspect)])
        let run = try instance.function("run", Int32.self, Int32.self)
        #expect(try run(0) == 100)  // square(10)
        #expect(try run(1) == -11)  // negate(11)
        #expect(try run(2) == -1)  // null element
        #expect(try instance.global("counter").get().i32 == 13)
        #expect(box.values.map(bitString) == ["i64:3", "i64:3", "i64:3"])
    }

    @Test func callerReportsMissingAndMismatchedExports() throws {
        let store = Store(engine: engine)
        let box = Box()
        let probe = Func(store: store) { (caller: borrowing Caller) -> Void in
            box.strings.append(caller.export(named: "memory") == nil ? "no memory" : "memory")
            box.strings.append(caller.export(named: "g")?.global == nil ? "no g" : "g")
            box.strings.append(caller.export(named: "missing") == nil ? "no missing" : "missing")
            do {
                _ = try caller.memory("missing")
            } catch {
                box.errors.append(error)
            }
            do {
                _ = try caller.function("g")
            } catch {
                box.errors.append(error)
            }
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "probe" (func $probe))
                  (global (export "g") i32 (i32.const 1))
                  (func (export "run") (call $probe))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(probe)])
        try instance.function("run", Void.self)()
        #expect(box.strings == ["no memory", "g", "no missing"])
        #expect(box.errors.count == 2)
        #expect((box.errors.first as? WasmtimeError)?.kind == .notFound)
        #expect((box.errors.last as? WasmtimeError)?.kind == .typeMismatch)
        #expect((box.errors.last as? WasmtimeError)?.message.contains("global") == true)

        // Called from Swift rather than from wasm, there is no calling
        // instance, so no exports are visible.
        box.strings.removeAll()
        box.errors.removeAll()
        _ = try probe.call([])
        #expect(box.strings == ["no memory", "no g", "no missing"])
        #expect(box.errors.count == 2)
    }

    @Test func callerReachesTheStoreData() throws {
        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "count") { (caller: borrowing Caller, amount: Int64) -> Int32 in
            let before = caller.data(as: Counter.self)?.calls ?? -100
            caller.store(as: Counter.self)?.data.calls += 1
            caller.store(as: Counter.self)?.data.total += amount
            // The wrong data type is not visible.
            let wrongTypeHidden = caller.data(as: String.self) == nil && caller.store(as: Int.self) == nil
            return wrongTypeHidden ? Int32(before) : -1
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "count" (func $count (param i64) (result i32)))
                  (func (export "count") (param i64) (result i32) (call $count (local.get 0)))
                )
                """)
        let store = Store(engine: engine, data: Counter())
        let instance = try linker.instantiate(module, in: store)
        let count = try instance.function("count", Int64.self, Int32.self)
        #expect(try count(5) == 0)
        #expect(try count(7) == 1)
        store.data.calls = 10
        #expect(try count(-2) == 10)
        #expect(store.data.calls == 11)
        #expect(store.data.total == 10)
    }

    @Test func callerSeesTheFuel() throws {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "fuel") { (caller: borrowing Caller) -> Int64 in
            Int64(try caller.fuel())
        }
        try linker.defineFunction("env", "refuel") { (caller: borrowing Caller, amount: Int64) -> Void in
            try caller.setFuel(UInt64(amount))
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "fuel" (func $fuel (result i64)))
                  (import "env" "refuel" (func $refuel (param i64)))
                  (func $spin (param i32)
                    (loop $l
                      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                      (br_if $l (i32.gt_s (local.get 0) (i32.const 0)))))
                  (func (export "fuel_after_spin") (param i32) (result i64)
                    (call $spin (local.get 0))
                    (call $fuel))
                  (func (export "refuel_then_spin") (param i64 i32)
                    (call $refuel (local.get 0))
                    (call $spin (local.get 1)))
                )
                """)
        let store = Store(engine: engine)
        try store.setFuel(100_000)
        let instance = try linker.instantiate(module, in: store)
        let fuelAfterSpin = try instance.function("fuel_after_spin", Int32.self, Int64.self)

        let short = try fuelAfterSpin(10)
        #expect(short > 0)
        #expect(short < 100_000)
        #expect(try store.fuel() <= UInt64(short))
        let long = try fuelAfterSpin(1000)
        // A longer loop burns more fuel before the host looks.
        #expect(short - long > 1000)
        #expect(try store.fuel() <= UInt64(long))

        // Fuel set by the host applies to the rest of the call.
        let refuelThenSpin = try instance.function("refuel_then_spin", (Int64, Int32).self)
        expectTrap(.outOfFuel) { try refuelThenSpin(5, 1_000_000) }
        try store.setFuel(1_000_000)
        try refuelThenSpin(50_000, 10)
        #expect(try store.fuel() > 40_000)
        #expect(try store.fuel() < 50_000)
    }

    @Test func fuelInsideAHostCallWithoutFuelEnabledIsAnError() throws {
        let store = Store(engine: engine)
        let fuel = Func(store: store) { (caller: borrowing Caller) -> Int64 in Int64(try caller.fuel()) }
        let error = #expect(throws: WasmtimeError.self) { _ = try fuel.call([]) }
        #expect(error?.kind == .configuration)
    }

    // MARK: Signatures

    @Test func tupleReturningHostFunction() throws {
        let store = Store(engine: engine)
        let spread = Func(store: store) { (x: Int32) -> (Int32, Int64, Float) in
            (x &+ 1, Int64(x) * 1_000_000_000_000, Float(x) / 4)
        }
        #expect(spread.type == FuncType(parameters: [.i32], results: [.i32, .i64, .f32]))
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "spread" (func $spread (param i32) (result i32 i64 f32)))
                  (func (export "run") (param i32) (result i32 i64 f32) (call $spread (local.get 0)))
                  ;; Uses every result inside wasm, so the values must reach it intact.
                  (func (export "sum") (param i32) (result f64)
                    (local $a i32) (local $b i64) (local $c f32)
                    (call $spread (local.get 0))
                    (local.set $c) (local.set $b) (local.set $a)
                    (f64.add (f64.add (f64.convert_i32_s (local.get $a)) (f64.convert_i64_s (local.get $b)))
                             (f64.promote_f32 (local.get $c))))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(spread)])
        let run = try instance.function("run", Int32.self, (Int32, Int64, Float).self)
        let (a, b, c) = try run(6)
        #expect(a == 7)
        #expect(b == 6_000_000_000_000)
        #expect(c == 1.5)
        let sum = try instance.function("sum", Int32.self, Double.self)
        #expect(try sum(-2) == -1 - 2_000_000_000_000 - 0.5)

        let untyped = try instance.function("run").call([.i32(10)])
        #expect(
            untyped.map(bitString) == [bitString(.i32(11)), bitString(.i64(10_000_000_000_000)), bitString(.f32(2.5))])
        // Directly, without wasm in between.
        let direct = try spread.typed(Int32.self, (Int32, Int64, Float).self)
        let (d0, d1, d2) = try direct(-4)
        #expect(d0 == -3)
        #expect(d1 == -4_000_000_000_000)
        #expect(d2 == -1)
    }

    @Test func fifteenParameterHostFunction() throws {
        let store = Store(engine: engine)
        let box = Box()
        let wide = Func(store: store) {
            (
                p0: Int32, p1: Int64, p2: Float, p3: Double, p4: Int32, p5: Int64, p6: Float,
                p7: Double, p8: Int32, p9: Int64, p10: Float, p11: Double, p12: Int32,
                p13: Int64, p14: Float
            ) -> Int64 in
            box.values.append(contentsOf: [
                .i32(p0), .i64(p1), .f32(p2), .f64(p3), .i32(p4), .i64(p5), .f32(p6),
                .f64(p7), .i32(p8), .i64(p9), .f32(p10), .f64(p11), .i32(p12),
                .i64(p13), .f32(p14),
            ])
            return Int64(p0) + p1 + Int64(p4) + p5 + Int64(p8) + p9 + Int64(p12) + p13
        }
        let expected: [Value] = [
            .i32(-1), .i64(-2_000_000_000_000), .f32(3.5), .f64(-4.25), .i32(5), .i64(6), .f32(-7.75),
            .f64(8e100), .i32(.max), .i64(10), .f32(11), .f64(-0.0), .i32(.min), .i64(14), .f32(.infinity),
        ]
        let expectedSum: Int64 = -1 - 2_000_000_000_000 + 5 + 6 + Int64(Int32.max) + 10 + Int64(Int32.min) + 14
        #expect(wide.type.parameters == expected.map(\.type))

        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "wide" (func $wide (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32) (result i64)))
                  (func (export "run") (result i64)
                    (call $wide
                      (i32.const -1) (i64.const -2000000000000) (f32.const 3.5) (f64.const -4.25)
                      (i32.const 5) (i64.const 6) (f32.const -7.75) (f64.const 8e100)
                      (i32.const 2147483647) (i64.const 10) (f32.const 11) (f64.const -0)
                      (i32.const -2147483648) (i64.const 14) (f32.const inf)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(wide)])
        let run = try instance.function("run", Void.self, Int64.self)
        #expect(try run() == expectedSum)
        #expect(box.values.map(bitString) == expected.map(bitString))

        // Directly, untyped and typed.
        box.values.removeAll()
        #expect(try wide.call(expected).first?.i64 == expectedSum)
        #expect(box.values.map(bitString) == expected.map(bitString))

        box.values.removeAll()
        let typed = try wide.typed(
            (
                Int32, Int64, Float, Double, Int32, Int64, Float, Double,
                Int32, Int64, Float, Double, Int32, Int64, Float
            ).self, Int64.self)
        let result = try typed(
            Int32(-1), Int64(-2_000_000_000_000), Float(3.5), Double(-4.25), Int32(5), Int64(6),
            Float(-7.75), Double(8e100), Int32.max, Int64(10), Float(11), Double(-0.0),
            Int32.min, Int64(14), Float.infinity)
        #expect(result == expectedSum)
        #expect(box.values.map(bitString) == expected.map(bitString))
    }

    @Test func nanPayloadsThroughHostFunctions() throws {
        let store = Store(engine: engine)
        let box = Box()
        let echo32 = Func(store: store) { (x: Float) -> Float in
            box.values.append(.f32(x))
            return x
        }
        let make64 = Func(store: store, type: FuncType(results: [.f64])) { _, _ in
            [.f64(Double(bitPattern: 0x7ff0_0000_0000_0abc))]
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "echo32" (func $echo32 (param f32) (result f32)))
                  (import "env" "make64" (func $make64 (result f64)))
                  (func (export "echo32") (result i32)
                    (i32.reinterpret_f32 (call $echo32 (f32.const nan:0x200001))))
                  (func (export "make64") (result i64) (i64.reinterpret_f64 (call $make64)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(echo32), .function(make64)])
        let roundTrip = try instance.function("echo32", Void.self, UInt32.self)
        #expect(try roundTrip() == 0x7fa0_0001)
        #expect(box.values.first?.f32?.bitPattern == 0x7fa0_0001)
        let make = try instance.function("make64", Void.self, UInt64.self)
        #expect(try make() == 0x7ff0_0000_0000_0abc)
    }

    @Test func untypedHostFunctionReturningWrongResultsThrowsTypeMismatch() throws {
        let store = Store(engine: engine)
        let tooMany = Func(store: store, type: FuncType(results: [.i32])) { _, _ in [.i32(1), .i32(2)] }
        let tooFew = Func(store: store, type: FuncType(results: [.i32, .i64])) { _, _ in [.i32(1)] }
        let wrongType = Func(store: store, type: FuncType(results: [.i64])) { _, _ in [.f64(1)] }
        let nullForNonNull = Func(store: store, type: FuncType(results: [.ref(RefType(nullable: false, .func))])) {
            _, _ in
            [.funcref(nil)]
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "too_many" (func $too_many (result i32)))
                  (import "env" "too_few" (func $too_few (result i32 i64)))
                  (import "env" "wrong_type" (func $wrong_type (result i64)))
                  (import "env" "null" (func $null (result (ref func))))
                  (func (export "too_many") (result i32) (call $too_many))
                  (func (export "too_few") (result i32 i64) (call $too_few))
                  (func (export "wrong_type") (result i64) (call $wrong_type))
                  (func (export "null") (result i32) (ref.is_null (call $null)))
                  (func (export "ok") (result i32) (i32.const 5))
                )
                """)
        let instance = try Instance(
            store: store, module: module,
            imports: [
                .function(tooMany), .function(tooFew), .function(wrongType), .function(nullForNonNull),
            ])

        let manyTyped = try instance.function("too_many", Void.self, Int32.self)
        let manyError = #expect(throws: WasmtimeError.self) { _ = try manyTyped() }
        #expect(manyError?.kind == .typeMismatch)
        #expect(manyError?.message.contains("returned 2") == true)
        expectWasmtimeError(.typeMismatch) { _ = try instance.function("too_many").call([]) }

        let fewError = #expect(throws: WasmtimeError.self) { _ = try instance.function("too_few").call([]) }
        #expect(fewError?.kind == .typeMismatch)
        #expect(fewError?.message.contains("returned 1") == true)

        let wrongTyped = try instance.function("wrong_type", Void.self, Int64.self)
        let typeError = #expect(throws: WasmtimeError.self) { _ = try wrongTyped() }
        #expect(typeError?.kind == .typeMismatch)
        #expect(typeError?.message.contains("f64") == true)
        #expect(typeError?.message.contains("i64") == true)

        expectWasmtimeError(.typeMismatch) { _ = try instance.function("null").call([]) }

        // Called directly as well.
        expectWasmtimeError(.typeMismatch) { _ = try wrongType.call([]) }
        // The store is fine afterwards.
        let ok = try instance.function("ok", Void.self, Int32.self)
        #expect(try ok() == 5)
    }

    @Test func hostFunctionWithFuncrefParameterAndResult() throws {
        let store = Store(engine: engine)
        // Calls the function it is given, and hands back the other one.
        let apply = Func(store: store) { (caller: borrowing Caller, f: Func?, x: Int32) -> (Int32, Func?) in
            guard let f else { return (-1, nil) }
            let typed = try f.typed(Int32.self, Int32.self)
            let result = try typed(x)
            let other = try caller.function(result > 100 ? "double" : "increment")
            return (result, other)
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "apply" (func $apply (param funcref i32) (result i32 funcref)))
                  (func $double (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
                  (func $increment (export "increment") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                  (elem declare func $double $increment)
                  (func (export "run") (param i32) (result i32 funcref) (call $apply (ref.func $double) (local.get 0)))
                  (func (export "run_null") (result i32 funcref) (call $apply (ref.null func) (i32.const 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(apply)])
        let double = try instance.function("double")
        let increment = try instance.function("increment")

        let run = try instance.function("run", Int32.self, (Int32, Func?).self)
        let (small, smallNext) = try run(10)
        #expect(small == 20)
        #expect(smallNext == increment)
        let (large, largeNext) = try run(60)
        #expect(large == 120)
        #expect(largeNext == double)

        let runNull = try instance.function("run_null").call([])
        #expect(runNull.first?.i32 == -1)
        #expect(runNull.last?.isNull == true)

        // Called directly from Swift with a host function as the funcref:
        // the host function runs, but without a calling instance the
        // export lookup that follows fails.
        let box = Box()
        let triple = Func(store: store) { (x: Int32) -> Int32 in
            box.values.append(.i32(x))
            return x * 3
        }
        let error = #expect(throws: WasmtimeError.self) { _ = try apply.call([.funcref(triple), .i32(50)]) }
        #expect(error?.kind == .notFound)
        #expect(box.values.map(bitString) == ["i32:50"])
        #expect(try apply.call([.funcref(nil), .i32(1)]).first?.i32 == -1)
    }

    // MARK: Error propagation

    private static let throwingWAT = """
        (module
          (import "env" "host" (func $host (param i32) (result i32)))
          (func (export "run") (param i32) (result i32) (call $host (local.get 0)))
          (func (export "fine") (result i32) (i32.const 42))
          (func (export "trap") (unreachable))
        )
        """

    /// Checks that `run(code)` throws exactly `MyError(code:)` through both
    /// call paths, and that the store works normally afterwards.
    private func checkPropagation(_ instance: Instance) throws {
        let run = try instance.function("run", Int32.self, Int32.self)
        #expect(throws: MyError(code: 7)) { try run(7) }
        #expect(throws: MyError(code: 8)) { _ = try instance.function("run").call([.i32(8)]) }
        #expect(throws: MyError(code: 9)) { try run(9) }

        // No stale error: the next calls behave normally.
        #expect(try run(-1) == 2)
        #expect(try instance.function("run").call([.i32(-5)]).first?.i32 == 10)
        let fine = try instance.function("fine", Void.self, Int32.self)
        #expect(try fine() == 42)
        // A plain trap after a host error is a trap, not the old error.
        let trap = try instance.function("trap", Void.self)
        expectTrap(.unreachable) { try trap() }
        #expect(throws: MyError(code: 3)) { try run(3) }
    }

    @Test func errorFromTypedHostFunctionPropagates() throws {
        let store = Store(engine: engine)
        let host = Func(store: store) { (x: Int32) throws -> Int32 in
            if x > 0 { throw MyError(code: Int(x)) }
            return -2 * x
        }
        let instance = try Instance(
            store: store, module: Module(engine: engine, wat: Self.throwingWAT),
            imports: [.function(host)])
        try checkPropagation(instance)
        // Calling the host function directly rethrows too.
        #expect(throws: MyError(code: 4)) { _ = try host.call([.i32(4)]) }
        let typedHost = try host.typed(Int32.self, Int32.self)
        #expect(throws: MyError(code: 5)) { try typedHost(5) }
        #expect(try typedHost(-3) == 6)
    }

    /// Calls the imported `env.tick` as many times as `run`'s argument says.
    static let tickLoop = """
        (module
          (import "env" "tick" (func $tick))
          (func (export "run") (param i32)
            (loop $again
              (call $tick)
              (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
        """

    @Test func voidHostFunctionRunsAndPropagatesErrors() throws {
        // No parameters, results or caller: the shape with a C entry point of its own.
        final class Ticks { var count = 0 }
        let ticks = Ticks()
        let store = Store(engine: engine)
        let tick = Func(store: store) { () in
            ticks.count += 1
            if ticks.count == 7 { throw MyError(code: 7) }
        }
        #expect(tick.type == FuncType())
        let instance = try Instance(
            store: store, module: Module(engine: engine, wat: Self.tickLoop), imports: [.function(tick)])
        let run = try instance.function("run", Int32.self)
        try run(5)
        #expect(ticks.count == 5)
        #expect(throws: MyError(code: 7)) { try run(5) }
        #expect(ticks.count == 7)
        try tick.typed()()
        #expect(ticks.count == 8)

        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "tick") { () in throw MyError(code: 99) }
        let linked = try linker.instantiate(
            try Module(
                engine: engine,
                wat: """
                    (module (import "env" "tick" (func $tick)) (func (export "run") (call $tick)))
                    """), in: Store(engine: engine))
        #expect(throws: MyError(code: 99)) { try linked.function("run", Void.self)() }
    }

    @Test func nonThrowingVoidHostFunctionsRunThroughTheirOwnEntryPoint() throws {
        // A closure that cannot throw picks the overload without Swift's
        // error handling; it must still run once per call, from `Func` and
        // from a linker, and call back into wasm.
        final class Ticks { var count = 0 }
        let ticks = Ticks()
        let nonThrowing: () -> Void = { ticks.count += 1 }
        let store = Store(engine: engine)
        let tick = Func(store: store, nonThrowing)
        #expect(tick.type == FuncType())
        let module = try Module(engine: engine, wat: Self.tickLoop)
        let run = try Instance(store: store, module: module, imports: [.function(tick)]).function("run", Int32.self)
        try run(1000)
        #expect(ticks.count == 1000)

        let linker = Linker(engine: engine)
        let linkerTicks = Ticks()
        nonisolated(unsafe) let counted = linkerTicks
        try linker.defineFunction("env", "tick") { () in counted.count += 3 }
        let linkedStore = Store(engine: engine)
        let linkedRun = try linker.instantiate(module, in: linkedStore).function("run", Int32.self)
        try linkedRun(4)
        #expect(linkerTicks.count == 12)
    }

    @Test func errorFromCallerHostFunctionPropagates() throws {
        let store = Store(engine: engine)
        let host = Func(store: store) { (caller: borrowing Caller, x: Int32) throws -> Int32 in
            _ = try caller.function("fine")
            if x > 0 { throw MyError(code: Int(x)) }
            return -2 * x
        }
        let instance = try Instance(
            store: store, module: Module(engine: engine, wat: Self.throwingWAT),
            imports: [.function(host)])
        try checkPropagation(instance)
    }

    @Test func errorFromUntypedHostFunctionPropagates() throws {
        let store = Store(engine: engine)
        let host = Func(store: store, type: FuncType(parameters: [.i32], results: [.i32])) { _, arguments in
            let x = arguments[0].i32!
            if x > 0 { throw MyError(code: Int(x)) }
            return [.i32(-2 * x)]
        }
        let instance = try Instance(
            store: store, module: Module(engine: engine, wat: Self.throwingWAT),
            imports: [.function(host)])
        try checkPropagation(instance)
    }

    @Test func errorFromLinkerHostFunctionsPropagates() throws {
        let module = try Module(engine: engine, wat: Self.throwingWAT)

        let typed = Linker(engine: engine)
        try typed.defineFunction("env", "host") { (x: Int32) throws -> Int32 in
            if x > 0 { throw MyError(code: Int(x)) }
            return -2 * x
        }
        try checkPropagation(try typed.instantiate(module, in: Store(engine: engine)))

        let withCaller = Linker(engine: engine)
        try withCaller.defineFunction("env", "host") { (caller: borrowing Caller, x: Int32) throws -> Int32 in
            if x > 0 { throw MyError(code: Int(x)) }
            return -2 * x
        }
        try checkPropagation(try withCaller.instantiate(module, in: Store(engine: engine)))

        let untyped = Linker(engine: engine)
        try untyped.defineFunction("env", "host", type: FuncType(parameters: [.i32], results: [.i32])) { _, arguments in
            let x = arguments[0].i32!
            if x > 0 { throw MyError(code: Int(x)) }
            return [.i32(-2 * x)]
        }
        try checkPropagation(try untyped.instantiate(module, in: Store(engine: engine)))
        // Through an InstancePre as well.
        try checkPropagation(try untyped.instantiatePre(module).instantiate(in: Store(engine: engine)))
    }

    @Test func wasmtimeErrorFromHostFunctionKeepsItsKind() throws {
        let store = Store(engine: engine)
        let host = Func(store: store) { (x: Int32) throws -> Int32 in
            throw WasmtimeError(.outOfBounds, "custom \(x)")
        }
        let instance = try Instance(
            store: store, module: Module(engine: engine, wat: Self.throwingWAT),
            imports: [.function(host)])
        let run = try instance.function("run", Int32.self, Int32.self)
        let error = #expect(throws: WasmtimeError.self) { _ = try run(12) }
        #expect(error?.kind == .outOfBounds)
        #expect(error?.message == "custom 12")
    }

    @Test func nestedErrorPropagatesThroughTwoHostFunctions() throws {
        let store = Store(engine: engine)
        let box = Box()
        // H1: called by wasm A, calls wasm B through the caller.
        let h1 = Func(store: store) { (caller: borrowing Caller, x: Int32) throws -> Int32 in
            let b = try caller.function("b").typed(Int32.self, Int32.self)
            do {
                return try b(x) + 1
            } catch {
                box.errors.append(error)
                if x == 99 { return -99 }  // swallow the error this time
                throw error
            }
        }
        // H2: called by wasm B, throws for positive inputs.
        let h2 = Func(store: store) { (x: Int32) throws -> Int32 in
            if x > 0 { throw MyError(code: Int(x)) }
            return x * 10
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "h1" (func $h1 (param i32) (result i32)))
                  (import "env" "h2" (func $h2 (param i32) (result i32)))
                  (func (export "a") (param i32) (result i32) (call $h1 (local.get 0)))
                  (func (export "b") (param i32) (result i32) (call $h2 (local.get 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(h1), .function(h2)])
        let a = try instance.function("a", Int32.self, Int32.self)

        #expect(try a(-3) == -29)
        #expect(throws: MyError(code: 7)) { try a(7) }
        #expect(box.errors.count == 1)
        #expect(box.errors.first as? MyError == MyError(code: 7))

        #expect(throws: MyError(code: 11)) { _ = try instance.function("a").call([.i32(11)]) }

        // H1 handles the error itself: the outer call succeeds and nothing is left pending.
        #expect(try a(99) == -99)
        #expect(box.errors.last as? MyError == MyError(code: 99))
        #expect(try a(-1) == -9)
        #expect(try instance.function("a").call([.i32(-2)]).first?.i32 == -19)
    }

    private static let startWAT = """
        (module
          (import "env" "host" (func $host (param i32) (result i32)))
          (func $start (drop (call $host (i32.const 7))))
          (start $start)
        )
        """

    @Test func errorFromStartFunctionPropagatesOutOfInstantiation() throws {
        let module = try Module(engine: engine, wat: Self.startWAT)

        // Instance(store:module:imports:).
        let store = Store(engine: engine)
        let host = Func(store: store) { (x: Int32) throws -> Int32 in throw MyError(code: Int(x)) }
        #expect(throws: MyError(code: 7)) { _ = try Instance(store: store, module: module, imports: [.function(host)]) }
        // The store still works.
        let fine = Func(store: store) { (x: Int32) -> Int32 in x }
        _ = try Instance(store: store, module: module, imports: [.function(fine)])
        #expect(try fine.call([.i32(3)]).first?.i32 == 3)

        // Linker.instantiate and InstancePre.instantiate.
        let linker = Linker(engine: engine)
        try linker.defineFunction("env", "host") { (x: Int32) throws -> Int32 in throw MyError(code: Int(x) * 2) }
        let linkerStore = Store(engine: engine)
        #expect(throws: MyError(code: 14)) { _ = try linker.instantiate(module, in: linkerStore) }
        #expect(throws: MyError(code: 14)) { _ = try linker.instantiatePre(module).instantiate(in: linkerStore) }
        #expect(throws: MyError(code: 14)) { try linker.defineModule(module, as: "instance", in: linkerStore) }

        // After the failures, an unrelated instantiation and call in the same store succeed.
        let plain = try linker.instantiate(
            Module(
                engine: engine,
                wat: """
                    (module (func (export "f") (result i32) (i32.const 1)))
                    """), in: linkerStore)
        let f = try plain.function("f", Void.self, Int32.self)
        #expect(try f() == 1)
    }
}
