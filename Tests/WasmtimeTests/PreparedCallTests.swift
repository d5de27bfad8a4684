import Testing
import Wasmtime

/// `Func.prepareCall()`: untyped calls whose arguments are checked as they
/// are assigned and whose results are read in place.
@Suite struct PreparedCallTests {
    let engine = Engine()

    private static let wat = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "swap") (param i64 f32) (result f32 i64) (local.get 1) (local.get 0))
          (func (export "nothing"))
          (func (export "three") (result i32 i32 i32) (i32.const 1) (i32.const 2) (i32.const 3))
          (func (export "five") (param i32 i64 f32 f64 i32) (result i64)
            (i64.add
              (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
              (i64.add
                (i64.add (i64.trunc_f32_s (local.get 2)) (i64.trunc_f64_s (local.get 3)))
                (i64.extend_i32_s (local.get 4)))))
          (func (export "vector") (param v128) (result v128) (local.get 0))
          (func (export "echoExtern") (param externref) (result externref) (local.get 0))
          (func (export "echoFunc") (param funcref) (result funcref) (local.get 0))
          (func (export "takeFunc") (param (ref func)) (result i32) (i32.const 1))
          (func (export "trap") (param i32) unreachable)
        )
        """

    private func instantiate(in store: Store<Void>? = nil) throws -> Instance {
        let store = store ?? Store(engine: engine)
        return try Instance(store: store, module: try Module(engine: store.engine, wat: Self.wat), imports: [])
    }

    @Test func callsRepeatedlyWithReassignedArguments() throws {
        var add = try instantiate().function("add").prepareCall()
        #expect(add.argumentCount == 2)
        #expect(add.resultCount == 1)
        // Zeros before the first call, for arguments and results.
        #expect(add[argument: 0].i32 == 0)
        #expect(add[result: 0].i32 == 0)
        add[argument: 1] = .i32(100)
        for i in Int32(0)..<50 {
            add[argument: 0] = .i32(i)
            try add()
            #expect(add[result: 0].i32 == i + 100)
        }
        #expect(add[argument: 0].i32 == 49)
        #expect(add[argument: 1].i32 == 100)
    }

    @Test func mixedKindsManySlotsAndNoArguments() throws {
        let instance = try instantiate()
        var swap = try instance.function("swap").prepareCall()
        swap[argument: 0] = .i64(-7)
        swap[argument: 1] = .f32(Float(bitPattern: 0x7FC0_0001))
        try swap.call()
        #expect(swap[result: 0].f32?.bitPattern == 0x7FC0_0001)
        #expect(swap[result: 1].i64 == -7)

        var three = try instance.function("three").prepareCall()
        try three()
        #expect((0..<three.resultCount).map { three[result: $0].i32 } == [1, 2, 3])

        var five = try instance.function("five").prepareCall()
        five[argument: 0] = .i32(1)
        five[argument: 1] = .i64(20)
        five[argument: 2] = .f32(300.5)
        five[argument: 3] = .f64(4000.25)
        five[argument: 4] = .i32(50_000)
        try five()
        #expect(five[result: 0].i64 == 54_321)

        var nothing = try instance.function("nothing").prepareCall()
        try nothing()
        #expect(nothing.argumentCount == 0 && nothing.resultCount == 0)

        var vector = try instance.function("vector").prepareCall()
        let bits = V128(low: 0x0123_4567_89AB_CDEF, high: 0xFEDC_BA98_7654_3210)
        vector[argument: 0] = .v128(bits)
        #expect(vector[argument: 0].v128 == bits)
        try vector()
        #expect(vector[result: 0].v128 == bits)
    }

    @Test func wrongAssignmentsAreThrownByTheCallUntilCorrected() throws {
        var add = try instantiate().function("add").prepareCall()
        add[argument: 0] = .i32(1)
        add[argument: 1] = .i64(2)
        let type = #expect(throws: WasmtimeError.self) { try add() }
        #expect(type?.kind == .typeMismatch)
        #expect(type?.message.contains("argument 1 has type i64, expected i32") == true)
        // Still refused: the failure stays until index 1 gets a valid value.
        add[argument: 0] = .i32(5)
        #expect(throws: WasmtimeError.self) { try add() }
        add[argument: 0] = .externref(nil)
        let reference = #expect(throws: WasmtimeError.self) { try add() }
        #expect(reference?.message.contains("argument 0 has type externref, expected i32") == true)
        add[argument: 0] = .i32(20)
        add[argument: 1] = .i32(22)
        try add()
        #expect(add[result: 0].i32 == 42)
    }

    @Test func passesAndReturnsReferences() throws {
        let store = Store(engine: engine)
        let instance = try instantiate(in: store)
        var echoExtern = try instance.function("echoExtern").prepareCall()
        #expect(echoExtern[argument: 0].isNull)
        #expect(echoExtern[result: 0].isNull)
        echoExtern[argument: 0] = .externref(ExternRef("payload"))
        try echoExtern()
        guard case .externref(let back?) = echoExtern[result: 0] else {
            Issue.record("expected a non-null externref, got \(echoExtern[result: 0])")
            return
        }
        #expect(back.value as? String == "payload")
        // The argument stays assigned (and alive) across calls and collections.
        try store.collectGarbage()
        try echoExtern()
        if case .externref(let again?) = echoExtern[result: 0] {
            #expect(again.value as? String == "payload")
        } else {
            Issue.record("expected the externref again, got \(echoExtern[result: 0])")
        }
        echoExtern[argument: 0] = .externref(nil)
        try echoExtern()
        #expect(echoExtern[result: 0].isNull)

        let add = try instance.function("add")
        var echoFunc = try instance.function("echoFunc").prepareCall()
        echoFunc[argument: 0] = .funcref(add)
        try echoFunc()
        guard case .funcref(let function?) = echoFunc[result: 0] else {
            Issue.record("expected a non-null funcref, got \(echoFunc[result: 0])")
            return
        }
        #expect(function == add)
    }

    @Test func nonNullableReferenceMustBeAssigned() throws {
        let instance = try instantiate()
        var take = try instance.function("takeFunc").prepareCall()
        let unassigned = #expect(throws: WasmtimeError.self) { try take() }
        #expect(unassigned?.kind == .typeMismatch)
        #expect(unassigned?.message.contains("argument 0 is null") == true)
        take[argument: 0] = .funcref(nil)
        #expect(throws: WasmtimeError.self) { try take() }
        take[argument: 0] = .funcref(try instance.function("add"))
        try take()
        #expect(take[result: 0].i32 == 1)
    }

    @Test func concreteReferenceParametersTakeTheCheckedCall() throws {
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (type $unary (func (param i32) (result i32)))
                  (func $double (export "double") (type $unary) (i32.mul (local.get 0) (i32.const 2)))
                  (func (export "other") (param i64) (result i64) (local.get 0))
                  (func (export "call") (param (ref null $unary) i32) (result i32)
                    (call_ref $unary (local.get 1) (local.get 0)))
                )
                """)
        let instance = try Instance(store: store, module: module, imports: [])
        var call = try instance.function("call").prepareCall()
        call[argument: 0] = .funcref(try instance.function("double"))
        call[argument: 1] = .i32(21)
        try call()
        #expect(call[result: 0].i32 == 42)
        call[argument: 0] = .funcref(Func(store: store) { (x: Int32) -> Int32 in x + 100 })
        try call()
        #expect(call[result: 0].i32 == 121)
        call[argument: 0] = .funcref(try instance.function("other"))
        let wrong = #expect(throws: WasmtimeError.self) { try call() }
        #expect(wrong?.kind == .typeMismatch)
        // A null of the nullable parameter reaches wasm, which traps on it.
        call[argument: 0] = .funcref(nil)
        #expect(throws: Trap.self) { try call() }
    }

    @Test func referenceOfAnotherStoreIsRefused() throws {
        let instance = try instantiate()
        let other = try instantiate()
        var echoFunc = try instance.function("echoFunc").prepareCall()
        echoFunc[argument: 0] = .funcref(try other.function("add"))
        let error = #expect(throws: WasmtimeError.self) { try echoFunc() }
        #expect(error?.kind == .storeMismatch)
    }

    @Test func trapsAndAsyncOnlyStoresThrow() throws {
        var trap = try instantiate().function("trap").prepareCall()
        let trapped = #expect(throws: Trap.self) { try trap() }
        #expect(trapped?.code == .unreachable)

        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        try store.setFuel(1_000_000)
        var add = try instantiate(in: store).function("add").prepareCall()
        try add()
        try store.setAsyncYieldInterval(fuel: 1000)
        let refused = #expect(throws: WasmtimeError.self) { try add() }
        #expect(refused?.kind == .runtime)
        #expect(refused?.message.contains("call it with the async calls") == true)
    }
}
