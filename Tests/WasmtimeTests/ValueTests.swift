import Testing
import Wasmtime

private final class Payload {
    let name: String
    init(name: String) { self.name = name }
}

private struct Point: Equatable {
    var x: Int
    var y: Int
}

@Suite struct ValueTests {
    private static func gcEngine(exceptions: Bool = false) throws -> Engine {
        var config = Config()
        config.wasm.gc = true
        config.wasm.functionReferences = true
        if exceptions { config.wasm.exceptions = true }
        return try Engine(config)
    }

    /// Identity functions for every numeric type, plus bit-level views of floats.
    private static let identityModule = """
        (module
          (func (export "i32") (param i32) (result i32) local.get 0)
          (func (export "i64") (param i64) (result i64) local.get 0)
          (func (export "f32") (param f32) (result f32) local.get 0)
          (func (export "f64") (param f64) (result f64) local.get 0)
          (func (export "f32_bits") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
          (func (export "f64_bits") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
          (func (export "f32_from_bits") (param i32) (result f32) local.get 0 f32.reinterpret_i32)
          (func (export "f64_from_bits") (param i64) (result f64) local.get 0 f64.reinterpret_i64))
        """

    @Test func integerExtremesRoundTrip() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.identityModule))
        let i32 = try instance.function("i32")
        let i64 = try instance.function("i64")
        let typedI32 = try i32.typed(Int32.self, Int32.self)
        let typedU32 = try i32.typed(UInt32.self, UInt32.self)
        let typedI64 = try i64.typed(Int64.self, Int64.self)
        let typedU64 = try i64.typed(UInt64.self, UInt64.self)
        for value in [Int32.min, -1, 0, 1, Int32.max] {
            #expect(try i32.call([.i32(value)]).first?.i32 == value)
            #expect(try typedI32(value) == value)
        }
        for value in [UInt32.max, 0x8000_0000, 0] {
            #expect(try typedU32(value) == value)
        }
        for value in [Int64.min, -1, 0, 1, Int64.max] {
            #expect(try i64.call([.i64(value)]).first?.i64 == value)
            #expect(try typedI64(value) == value)
        }
        for value in [UInt64.max, 0x8000_0000_0000_0000, 0] {
            #expect(try typedU64(value) == value)
        }

        let g32 = try Global(store: store, type: GlobalType(.i32, mutable: true), value: .i32(Int32.min))
        #expect(g32.get().i32 == Int32.min)
        try g32.set(.i32(Int32.max))
        #expect(g32.get().i32 == Int32.max)
        let g64 = try Global(store: store, type: GlobalType(.i64, mutable: true), value: .i64(Int64.min))
        #expect(g64.get().i64 == Int64.min)
        try g64.set(.i64(Int64.max))
        #expect(g64.get().i64 == Int64.max)
    }

    private static let f32Patterns: [UInt32] = [
        0x7fc0_0000,  // canonical quiet NaN
        0xffc0_0001,  // negative quiet NaN with payload
        0x7fa5_a5a5,  // signalling NaN
        0x7f80_0001,  // smallest signalling NaN payload
        0xff80_0001,
        0x7f80_0000,  // +infinity
        0x8000_0000,  // -0
        0x0000_0001,  // smallest subnormal
    ]

    private static let f64Patterns: [UInt64] = [
        0x7ff8_0000_0000_0000,
        0xfff8_0000_dead_beef,
        0x7ff4_0000_0000_0001,  // signalling NaN
        0x7ff0_0000_0000_0001,
        0xfff0_0000_0000_0001,
        0x8000_0000_0000_0000,
        0x0000_0000_0000_0001,
    ]

    @Test func floatBitPatternsSurviveCalls() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.identityModule))
        let f32 = try instance.function("f32")
        let typedF32 = try f32.typed(Float.self, Float.self)
        let f32Bits = try instance.function("f32_bits", Float.self, UInt32.self)
        let f32FromBits = try instance.function("f32_from_bits", UInt32.self, Float.self)
        for bits in Self.f32Patterns {
            let value = Float(bitPattern: bits)
            #expect(try f32.call([.f32(value)]).first?.f32?.bitPattern == bits, "checked call, bits \(bits)")
            #expect(try typedF32(value).bitPattern == bits, "typed call, bits \(bits)")
            // Wasm sees the exact bits the host passed, and vice versa.
            #expect(try f32Bits(value) == bits)
            #expect(try f32FromBits(bits).bitPattern == bits)
            guard
                case .f32(let back)? = try instance.function("f32_from_bits").call([
                    .i32(Int32(bitPattern: bits))
                ]).first
            else {
                Issue.record("expected an f32 result")
                continue
            }
            #expect(back.bitPattern == bits)
        }

        let f64 = try instance.function("f64")
        let typedF64 = try f64.typed(Double.self, Double.self)
        let f64Bits = try instance.function("f64_bits", Double.self, UInt64.self)
        let f64FromBits = try instance.function("f64_from_bits", UInt64.self, Double.self)
        for bits in Self.f64Patterns {
            let value = Double(bitPattern: bits)
            #expect(try f64.call([.f64(value)]).first?.f64?.bitPattern == bits, "checked call, bits \(bits)")
            #expect(try typedF64(value).bitPattern == bits, "typed call, bits \(bits)")
            #expect(try f64Bits(value) == bits)
            #expect(try f64FromBits(bits).bitPattern == bits)
        }
    }

    @Test func floatBitPatternsSurviveGlobalsAndHostCalls() throws {
        let store = Store(engine: Engine())
        for bits in Self.f32Patterns {
            let global = try Global(
                store: store, type: GlobalType(.f32, mutable: true), value: .f32(Float(bitPattern: bits)))
            #expect(global.get().f32?.bitPattern == bits)
            try global.set(.f32(Float(bitPattern: ~bits)))
            #expect(global.get().f32?.bitPattern == ~bits)
        }
        for bits in Self.f64Patterns {
            let global = try Global(store: store, type: GlobalType(.f64), value: .f64(Double(bitPattern: bits)))
            #expect(global.get().f64?.bitPattern == bits)
        }

        // Wasm passes NaNs to the host and gets them back unchanged.
        let module = try Module(
            engine: store.engine,
            wat: """
                (module
                  (import "host" "f32" (func $h32 (param f32) (result f32)))
                  (import "host" "f64" (func $h64 (param f64) (result f64)))
                  (func (export "via32") (param i32) (result i32)
                    local.get 0 f32.reinterpret_i32 call $h32 i32.reinterpret_f32)
                  (func (export "via64") (param i64) (result i64)
                    local.get 0 f64.reinterpret_i64 call $h64 i64.reinterpret_f64))
                """)
        let seen32 = Func(store: store) { (x: Float) -> Float in Float(bitPattern: x.bitPattern ^ 0x0000_0002) }
        let seen64 = Func(store: store, type: FuncType(parameters: [.f64], results: [.f64])) { _, arguments in
            arguments
        }
        let instance = try Instance(store: store, module: module, imports: [.function(seen32), .function(seen64)])
        let via32 = try instance.function("via32", UInt32.self, UInt32.self)
        let via64 = try instance.function("via64", UInt64.self, UInt64.self)
        for bits in Self.f32Patterns {
            #expect(try via32(bits) == bits ^ 2)
        }
        for bits in Self.f64Patterns {
            #expect(try via64(bits) == bits)
        }
    }

    @Test func v128Lanes() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (func (export "make") (result v128) v128.const i32x4 0x03020100 0x07060504 0x0b0a0908 0x0f0e0d0c)
                      (func (export "lane_i16") (param v128) (result i32) local.get 0 i16x8.extract_lane_s 7)
                      (func (export "lane_i64") (param v128) (result i64) local.get 0 i64x2.extract_lane 1)
                      (func (export "splat") (param i32) (result v128) local.get 0 i32x4.splat)
                      (func (export "add") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.add))
                    """))
        let made = try #require(try instance.function("make").call([]).first?.v128)
        #expect(made.byteArray == Array(0..<16))
        #expect(made.low == 0x0706_0504_0302_0100)
        #expect(made.high == 0x0f0e_0d0c_0b0a_0908)
        #expect(made.lane(1, as: UInt32.self) == 0x0706_0504)
        #expect(made.lane(15, as: UInt8.self) == 15)

        let vector = V128(low: 0x0123_4567_89ab_cdef, high: 0x8001_7fff_0000_ffff)
        let laneI16 = try instance.function("lane_i16", V128.self, Int32.self)
        #expect(try laneI16(vector) == Int32(vector.lane(7, as: Int16.self)))
        #expect(try laneI16(vector) == -0x7fff)
        let laneI64 = try instance.function("lane_i64", V128.self, UInt64.self)
        #expect(try laneI64(vector) == 0x8001_7fff_0000_ffff)
        let splat = try instance.function("splat", Int32.self, V128.self)
        let splatted = try splat(-2)
        #expect((0..<4).map { splatted.lane($0, as: Int32.self) } == [-2, -2, -2, -2])

        let add = try instance.function("add")
        let ones = V128(bytes: [UInt8](repeating: 1, count: 16))
        let sum = try #require(try add.call([.v128(made), .v128(ones)]).first?.v128)
        #expect(sum.byteArray == Array(1...16))
        let global = try Global(store: store, type: GlobalType(.v128, mutable: true), value: .v128(vector))
        #expect(global.get().v128 == vector)
        #expect(global.get().v128?.lane(0, as: UInt64.self) == 0x0123_4567_89ab_cdef)
    }

    private static let externModule = """
        (module
          (global $g (export "g") (mut externref) (ref.null extern))
          (table $t (export "t") 4 externref)
          (func (export "id") (param externref) (result externref) local.get 0)
          (func (export "is_null") (param externref) (result i32) local.get 0 ref.is_null)
          (func (export "stash") (param externref) local.get 0 global.set $g)
          (func (export "fetch") (result externref) global.get $g)
          (func (export "put") (param i32 externref) local.get 0 local.get 1 table.set $t)
          (func (export "take") (param i32) (result externref) local.get 0 table.get $t)
          (func (export "clear") ref.null extern global.set $g
            i32.const 0 ref.null extern table.set $t
            i32.const 1 ref.null extern table.set $t))
        """

    @Test func externrefKeepsSwiftIdentity() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.externModule))
        let id = try instance.function("id")
        let typedID = try id.typed(ExternRef?.self, ExternRef?.self)
        let payload = Payload(name: "object")
        let refs = [ExternRef(payload), ExternRef(Point(x: 3, y: -4)), ExternRef("a string"), ExternRef(42)]
        for ref in refs {
            guard case .externref(let back?)? = try id.call([.externref(ref)]).first else {
                Issue.record("expected the externref back")
                continue
            }
            #expect(back === ref)
            #expect(try typedID(ref) === ref)
        }
        #expect((refs[0].value as? Payload) === payload)
        #expect(refs[1].value as? Point == Point(x: 3, y: -4))
        #expect(refs[2].value as? String == "a string")
        #expect(refs[3].value as? Int == 42)
        #expect(!refs[0].isOpaque)

        // Through a global and a table, across calls.
        let stash = try instance.function("stash", ExternRef?.self)
        try stash(refs[1])
        let fetch = try instance.function("fetch", Void.self, ExternRef?.self)
        #expect(try fetch() === refs[1])
        guard case .externref(let viaGlobal?) = try instance.global("g").get() else {
            Issue.record("expected the stashed externref in the global")
            return
        }
        #expect(viaGlobal === refs[1])

        let put = try instance.function("put")
        _ = try put.call([.i32(2), .externref(refs[2])])
        let take = try instance.function("take", Int32.self, ExternRef?.self)
        #expect(try take(2) === refs[2])
        guard case .externref(let viaTable?) = try instance.table("t").get(2) else {
            Issue.record("expected the externref in the table")
            return
        }
        #expect(viaTable === refs[2])
        // Set from Swift, read by wasm.
        try instance.table("t").set(3, .externref(refs[0]))
        #expect(try take(3) === refs[0])
    }

    @Test func nullExternref() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.externModule))
        let isNull = try instance.function("is_null")
        #expect(try isNull.call([.externref(nil)]).first?.i32 == 1)
        #expect(try isNull.call([.externref(ExternRef(0))]).first?.i32 == 0)
        let typedIsNull = try isNull.typed(ExternRef?.self, Int32.self)
        #expect(try typedIsNull(nil) == 1)
        #expect(try typedIsNull(ExternRef(())) == 0)
        let result = try instance.function("id").call([.externref(nil)])
        #expect(result.count == 1)
        #expect(result.first?.isNull == true)
        #expect(result.first?.type == .externref)
        let typedID = try instance.function("id", ExternRef?.self, ExternRef?.self)
        #expect(try typedID(nil) == nil)
        #expect(try instance.global("g").get().isNull)
    }

    /// Hands `object` to wasm inside an ExternRef and returns nothing that
    /// references it, so only wasm (and `weak` observers) can keep it alive.
    private static func stash(_ object: Payload, in instance: Instance, typed: Bool) throws {
        let ref = ExternRef(object)
        if typed {
            let stash = try instance.function("stash", ExternRef?.self)
            let put = try instance.function("put", (Int32, ExternRef?).self)
            try stash(ref)
            try put(0, ref)
        } else {
            _ = try instance.function("stash").call([.externref(ref)])
            try instance.table("t").set(1, .externref(ref))
        }
        // Reading it back creates (and drops) more Swift-side handles.
        let fetch = try instance.function("fetch", Void.self, ExternRef?.self)
        _ = try fetch()
        _ = try instance.global("g").get()
    }

    @Test(arguments: [false, true])
    func externrefIsReleasedAfterWasmDropsIt(typed: Bool) throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.externModule))
        weak var observed: Payload?
        do {
            let object = Payload(name: "transient")
            observed = object
            try Self.stash(object, in: instance, typed: typed)
        }
        try store.collectGarbage()
        // Wasm still holds it in the global and the table.
        #expect(observed != nil)
        #expect(observed?.name == "transient")
        do {
            guard case .externref(let held?) = try instance.global("g").get() else {
                Issue.record("the global should still hold the externref")
                return
            }
            #expect((held.value as? Payload) === observed)
        }

        let clear = try instance.function("clear", Void.self)
        try clear()
        try store.collectGarbage()
        #expect(observed == nil, "the externref's payload should be released once wasm dropped it")
    }

    @Test func externrefIsReleasedWithItsStore() throws {
        weak var observed: Payload?
        weak var observedStore: Store<Void>?
        do {
            let store = Store(engine: Engine())
            observedStore = store
            let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.externModule))
            let object = Payload(name: "kept by wasm")
            observed = object
            try Self.stash(object, in: instance, typed: true)
            _ = try Global(store: store, type: GlobalType(.externref), value: .externref(ExternRef(object)))
        }
        #expect(observedStore == nil, "nothing should keep the store alive")
        #expect(observed == nil, "dropping the store should release every externref in it")
    }

    @Test func externrefPassedToHostFunction() throws {
        let store = Store(engine: Engine())
        let module = try Module(
            engine: store.engine,
            wat: """
                (module
                  (import "host" "inspect" (func $inspect (param externref) (result externref)))
                  (func (export "run") (param externref) (result externref) local.get 0 call $inspect))
                """)
        let marker = ExternRef(Payload(name: "marker"))
        let replacement = ExternRef("replacement")
        let inspect = Func(store: store) { (ref: ExternRef?) -> ExternRef? in
            (ref?.value as? Payload)?.name == "marker" ? replacement : nil
        }
        let instance = try Instance(store: store, module: module, imports: [.function(inspect)])
        let run = try instance.function("run", ExternRef?.self, ExternRef?.self)
        #expect(try run(marker) === replacement)
        #expect(try run(ExternRef("other")) == nil)
        #expect(try run(nil) == nil)
    }

    @Test func anyrefI31() throws {
        let store = Store(engine: try Self.gcEngine())
        let small = AnyRef(i31: 12_345, in: store)
        #expect(small.isI31)
        #expect(small.isEq)
        #expect(!small.isStruct)
        #expect(!small.isArray)
        #expect(small.i31Unsigned == 12_345)
        #expect(small.i31Signed == 12_345)

        // Bit 30 is the sign bit of a 31-bit integer; bit 31 is dropped.
        let top = AnyRef(i31: 0x4000_0000, in: store)
        #expect(top.i31Unsigned == 0x4000_0000)
        #expect(top.i31Signed == -0x4000_0000)
        let allOnes = AnyRef(i31: UInt32.max, in: store)
        #expect(allOnes.i31Unsigned == 0x7fff_ffff)
        #expect(allOnes.i31Signed == -1)
        let truncated = AnyRef(i31: 0x8000_0005, in: store)
        #expect(truncated.i31Unsigned == 5)

        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (func (export "make") (param i32) (result anyref) local.get 0 ref.i31)
                      (func (export "get_s") (param anyref) (result i32)
                        local.get 0 ref.cast (ref i31) i31.get_s)
                      (func (export "get_u") (param anyref) (result i32)
                        local.get 0 ref.cast (ref i31) i31.get_u)
                      (func (export "is_i31") (param anyref) (result i32) local.get 0 ref.test (ref i31)))
                    """))
        let getS = try instance.function("get_s", AnyRef?.self, Int32.self)
        let getU = try instance.function("get_u", AnyRef?.self, Int32.self)
        #expect(try getS(top) == -0x4000_0000)
        #expect(try getU(top) == 0x4000_0000)
        #expect(try getS(allOnes) == -1)
        #expect(try instance.function("get_s").call([.anyref(small)]).first?.i32 == 12_345)
        let isI31 = try instance.function("is_i31", AnyRef?.self, Int32.self)
        #expect(try isI31(nil) == 0)
        #expect(try isI31(small) == 1)

        let make = try instance.function("make")
        guard case .anyref(let made?)? = try make.call([.i32(-7)]).first else {
            Issue.record("expected an i31 anyref")
            return
        }
        #expect(made.isI31)
        #expect(made.i31Signed == -7)
        #expect(made.i31Unsigned == 0x7fff_fff9)
        let typedMake = try make.typed(Int32.self, AnyRef?.self)
        #expect(try typedMake(1000)?.i31Signed == 1000)

        // A null anyref traps in the cast.
        expectTrap(.castFailure, "casting null must trap") { try getS(nil) }

        let global = try Global(store: store, type: GlobalType(.anyref, mutable: true), value: .anyref(small))
        guard case .anyref(let fromGlobal?) = global.get() else {
            Issue.record("expected the i31 in the global")
            return
        }
        #expect(fromGlobal.i31Unsigned == 12_345)
    }

    private static let exceptionModule = """
        (module
          (tag $t (export "t") (param i32 i64))
          (func $throw (param i32) local.get 0 i64.const -99 throw $t)
          (func (export "catch") (param i32) (result exnref)
            (block $h (result exnref)
              (try_table (catch_all_ref $h) local.get 0 call $throw)
              ref.null exn))
          (func (export "rethrow") (param exnref) local.get 0 throw_ref)
          (func (export "unpack") (param exnref) (result i32)
            (block $h (result i32 i64)
              (try_table (catch $t $h) local.get 0 throw_ref)
              unreachable)
            drop))
        """

    @Test func exnrefPassesThroughTheHost() throws {
        let store = Store(engine: try Self.gcEngine(exceptions: true))
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.exceptionModule))
        let catcher = try instance.function("catch")
        guard case .exnref(let exception?)? = try catcher.call([.i32(31)]).first else {
            Issue.record("expected a caught exception")
            return
        }
        #expect(exception.fieldCount == 2)
        #expect(try exception.field(0).i32 == 31)
        #expect(try exception.field(1).i64 == -99)
        let outOfRange = #expect(throws: WasmtimeError.self) { try exception.field(2) }
        #expect(outOfRange?.kind == .outOfBounds)
        let negative = #expect(throws: WasmtimeError.self) { try exception.field(-1) }
        #expect(negative?.kind == .outOfBounds)

        // Handing it back to wasm, which unpacks it.
        let unpack = try instance.function("unpack", ExnRef?.self, Int32.self)
        #expect(try unpack(exception) == 31)
        #expect(try instance.function("unpack").call([.exnref(exception)]).first?.i32 == 31)
        let typedCatch = try catcher.typed(Int32.self, ExnRef?.self)
        let second = try #require(try typedCatch(8))
        #expect(try unpack(second) == 8)

        // Rethrowing it out of wasm is a WasmException for the host, with
        // its payload.
        let rethrow = try instance.function("rethrow")
        let escaped = #expect(throws: WasmException.self) { try rethrow.call([.exnref(exception)]) }
        #expect(try escaped?.payload(in: store).first?.i32 == 31)
        #expect(escaped?.frames.isEmpty == false)
        let typedRethrow = try rethrow.typed(ExnRef?.self)
        let typedEscaped = #expect(throws: WasmException.self) { try typedRethrow(second) }
        #expect(try typedEscaped?.payload(in: store).first?.i32 == 8)
        // Rethrowing null traps.
        expectTrap(.nullReference, "throw_ref of null must trap") { try rethrow.call([.exnref(nil)]) }
        // The store is still usable afterwards.
        #expect(try unpack(exception) == 31)
    }

    @Test func zeroValuesAndTypes() throws {
        #expect(Value.zero(of: .i32).i32 == 0)
        #expect(Value.zero(of: .i64).i64 == 0)
        #expect(Value.zero(of: .f32).f32?.bitPattern == 0)
        #expect(Value.zero(of: .f64).f64?.bitPattern == 0)
        #expect(Value.zero(of: .v128).v128 == V128())
        for type in [
            ValueType.funcref, .externref, .anyref, .exnref,
            .ref(RefType(.i31)), .ref(RefType(.eq)), .ref(RefType(.noFunc)), .ref(RefType(.noExtern)),
        ] {
            let zero = Value.zero(of: type)
            #expect(zero.isNull, "zero of \(type)")
        }
        #expect(Value.zero(of: .funcref).type == .funcref)
        #expect(Value.zero(of: .externref).type == .externref)
        #expect(Value.zero(of: .anyref).type == .anyref)
        #expect(Value.zero(of: .exnref).type == .exnref)
        #expect(Value.zero(of: .ref(RefType(.i31))).type == .anyref)
        #expect(Value.zero(of: .ref(RefType(.noFunc))).type == .funcref)
        #expect(Value.zero(of: .ref(RefType(.noExtern))).type == .externref)

        #expect(Value.i32(0).type == .i32)
        #expect(Value.i64(0).type == .i64)
        #expect(Value.f32(0).type == .f32)
        #expect(Value.f64(0).type == .f64)
        #expect(Value.v128(V128()).type == .v128)
        #expect(!Value.i32(0).isNull)
        #expect(!Value.externref(ExternRef(0)).isNull)
        #expect(Value.i32(5).i64 == nil)
        #expect(Value.f64(1).f32 == nil)

        // Zero values are accepted by globals of each type.
        let store = Store(engine: Engine())
        for type in [ValueType.i32, .i64, .f32, .f64, .v128, .funcref, .externref] {
            let global = try Global(store: store, type: GlobalType(type), value: .zero(of: type))
            #expect(global.type.content == type)
        }
    }
}
