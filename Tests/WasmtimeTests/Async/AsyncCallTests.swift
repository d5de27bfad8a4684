import Testing
import Wasmtime

/// `try await` calls and instantiation: results, traps and host errors as
/// the synchronous calls give them.
@Suite struct AsyncCallTests {
    @Test func typedAndUntypedCallsReturnExactResults() async throws {
        let instance = try await AsyncGuest.instance { $0 &* 2 }
        let add = try instance.function("add", (Int32, Int32).self, Int32.self)
        #expect(try await add.callAsync(Int32(2), Int32(3)) == 5)
        #expect(try await add.callAsync(Int32.max, Int32(1)) == Int32.min)
        let nop = try instance.function("nop", Void.self)
        try await nop.callAsync()
        let divmod = try instance.function("divmod", (Int32, Int32).self, (Int32, Int32).self)
        let (quotient, remainder) = try await divmod.callAsync(Int32(-7), Int32(2))
        #expect(quotient == -3 && remainder == -1)
        let mix = try instance.function("mix", (Int64, Float, Double).self, (Double, Int64, Float).self)
        let nan = Float(bitPattern: 0x7fc0_1234)
        let (d, i, f) = try await mix.callAsync(Int64.min, nan, -0.0)
        #expect(d.bitPattern == (-0.0 as Double).bitPattern && i == Int64.min && f.bitPattern == nan.bitPattern)

        let untyped = try instance.function("divmod")
        let results = try await untyped.callAsync(.i32(9), .i32(4))
        #expect(results.map(bitString) == ["i32:2", "i32:1"])
    }

    @Test func untypedCallsCheckTheirArguments() async throws {
        let instance = try await AsyncGuest.instance { $0 }
        let add = try instance.function("add")
        let count = await #expect(throws: WasmtimeError.self) { _ = try await add.callAsync(.i32(1)) }
        #expect(count?.kind == .typeMismatch)
        let type = await #expect(throws: WasmtimeError.self) { _ = try await add.callAsync(.i32(1), .i64(2)) }
        #expect(type?.kind == .typeMismatch)
        // The failed calls left nothing in flight.
        #expect(try await add.callAsync(.i32(1), .i32(2)).map(bitString) == ["i32:3"])
    }

    @Test func trapsComeBackWithTheirCode() async throws {
        let instance = try await AsyncGuest.instance { $0 }
        let crash = try instance.function("crash", Void.self)
        let trap = await #expect(throws: Trap.self) { try await crash.callAsync() }
        #expect(trap?.code == .unreachable)
        #expect(trap?.frames.isEmpty == false)
        let divmod = try instance.function("divmod", (Int32, Int32).self, (Int32, Int32).self)
        let division = await #expect(throws: Trap.self) { _ = try await divmod.callAsync(Int32(1), Int32(0)) }
        #expect(division?.code == .integerDivisionByZero)
        // The store stays usable.
        #expect(try await divmod.callAsync(Int32(7), Int32(2)) == (3, 1))
    }

    @Test func asyncInstantiationThroughLinkerAndInstancePre() async throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: AsyncGuest.wat)
        let linker = try AsyncGuest.linker(engine: engine) { $0 &+ 100 }
        let pre = try linker.instantiatePre(module)
        for value in Int32(0)..<3 {
            let store = Store(engine: engine)
            let instance = try await pre.instantiateAsync(in: store)
            let viaHost = try instance.function("via-host", Int32.self, Int32.self)
            #expect(try await viaHost.callAsync(value) == value + 101)
        }
        // A missing import is a linking error, as in the synchronous call.
        let empty = Linker(engine: engine)
        let missing = await #expect(throws: WasmtimeError.self) {
            _ = try await empty.instantiateAsync(module, in: Store(engine: engine))
        }
        #expect(missing?.kind == .linking)
    }

    /// A start function that calls an async host function runs during the
    /// async instantiation, and its host error comes out unchanged.
    @Test func startFunctionsRunAsync() async throws {
        let engine = Engine()
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "slow" (func $slow (param i32) (result i32)))
                  (global $g (export "g") (mut i32) (i32.const 0))
                  (func $start (global.set $g (call $slow (i32.const 20))))
                  (start $start))
                """)
        let linker = try AsyncGuest.linker(engine: engine) { value in
            try await Task.sleep(for: .milliseconds(1))
            guard value >= 0 else { throw BackendFailure(code: 1) }
            return value * 2 + 2
        }
        let store = Store(engine: engine)
        let instance = try await linker.instantiateAsync(module, in: store)
        #expect(bitString(try instance.global("g").get()) == "i32:42")

        let failing = try AsyncGuest.linker(engine: engine) { _ in
            await Task.yield()
            throw BackendFailure(code: 7)
        }
        let error = await #expect(throws: BackendFailure.self) {
            _ = try await failing.instantiatePre(module).instantiateAsync(in: Store(engine: engine))
        }
        #expect(error == BackendFailure(code: 7))
    }

    /// The fiber stack size is a configuration option; Wasmtime rejects one
    /// smaller than the wasm stack limit, as an error.
    @Test func asyncStackSizeIsConfigurable() async throws {
        var config = Config()
        config.maxWasmStack = 256 << 10
        config.asyncStackSize = 1 << 20
        let engine = try Engine(config)
        let instance = try await AsyncGuest.instance(engine: engine) { $0 &+ 1 }
        let viaHost = try instance.function("via-host", Int32.self, Int32.self)
        #expect(try await viaHost.callAsync(Int32(1)) == 3)

        var tooSmall = Config()
        tooSmall.maxWasmStack = 1 << 20
        tooSmall.asyncStackSize = 512 << 10
        let error = #expect(throws: WasmtimeError.self) { _ = try Engine(tooSmall) }
        #expect(error?.kind == .configuration)

        // An async stack below Wasmtime's default wasm stack, with no wasm
        // stack set: still an error, not an abort.
        var belowDefault = Config()
        belowDefault.asyncStackSize = 64 << 10
        let belowDefaultError = #expect(throws: WasmtimeError.self) { _ = try Engine(belowDefault) }
        #expect(belowDefaultError?.kind == .configuration)
    }

    /// Stores without async host functions mix synchronous and async calls.
    @Test func syncAndAsyncCallsMixWithoutAsyncHostFunctions() async throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: Module(engine: engine, wat: AsyncGuest.plain))
        let add = try instance.function("add", (Int32, Int32).self, Int32.self)
        #expect(try add(1, 2) == 3)
        #expect(try await add.callAsync(Int32(3), Int32(4)) == 7)
        #expect(try add(5, 6) == 11)
        #expect(store.isAsyncCallInFlight == false)
    }

    @Test func referencesCrossAsyncCalls() async throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (func (export "id") (param externref) (result externref) local.get 0)
                      (func $f (export "f") (result i32) i32.const 9)
                      (func (export "get-f") (result funcref) ref.func $f)
                      (elem declare func $f))
                    """))
        let id = try instance.function("id", ExternRef?.self, ExternRef?.self)
        let object = ExternRef("payload")
        for _ in 0..<3 {
            let back = try await id.callAsync(object)
            #expect(back === object)
        }
        #expect(try await id.callAsync(ExternRef?.none) == nil)
        let getF = try instance.function("get-f", Void.self, Func?.self)
        let f = try #require(try await getF.callAsync())
        #expect(try await f.typed(Void.self, Int32.self).callAsync() == Int32(9))
        let untypedID = try instance.function("id")
        let results = try await untypedID.callAsync([.externref(object)])
        guard case .externref(let reference?) = results.first else {
            Issue.record("expected an externref, got \(results)")
            return
        }
        #expect(reference === object)
    }
}
