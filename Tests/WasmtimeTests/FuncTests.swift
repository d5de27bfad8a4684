import Testing
import Wasmtime

/// Calling wasm functions: the dynamically typed path (`Func.call`) and the
/// typed path (`TypedFunc`), for every kind of value a function can take.
@Suite struct FuncTests {
    let engine = Engine()

    // MARK: Helpers

    private func instantiate(_ wat: String) throws -> (Store<Void>, Instance) {
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: wat)
        return (store, try Instance(store: store, module: module))
    }

    private static let arithmeticWAT = """
        (module
          (func (export "add_i32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "add_i64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
          (func (export "add_f32") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
          (func (export "add_f64") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
          (func (export "mixed") (param i32 i64 f32 f64) (result f64)
            (f64.add
              (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
              (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
        )
        """

    // MARK: Untyped calls

    @Test func untypedCallWithEveryNumericType() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)

        let i32 = try instance.function("add_i32").call([.i32(40), .i32(2)])
        #expect(i32.count == 1)
        #expect(i32.first?.i32 == 42)
        // Wrapping arithmetic happens in wasm, not in Swift.
        #expect(try instance.function("add_i32").call([.i32(.max), .i32(1)]).first?.i32 == .min)

        let i64 = try instance.function("add_i64").call([.i64(5_000_000_000), .i64(-7)])
        #expect(i64.count == 1)
        #expect(i64.first?.i64 == 4_999_999_993)
        #expect(try instance.function("add_i64").call([.i64(.max), .i64(1)]).first?.i64 == .min)

        let f32 = try instance.function("add_f32").call([.f32(1.5), .f32(0.25)])
        #expect(f32.count == 1)
        #expect(f32.first?.f32 == 1.75)

        let f64 = try instance.function("add_f64").call([.f64(0.1), .f64(0.2)])
        #expect(f64.count == 1)
        #expect(f64.first?.f64 == 0.1 + 0.2)

        let mixed = try instance.function("mixed").call([.i32(-3), .i64(10_000_000_000), .f32(0.5), .f64(0.25)])
        #expect(mixed.first?.f64 == 9_999_999_997.75)
    }

    @Test func untypedVariadicCall() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)
        let results = try instance.function("add_i64").call(.i64(20), .i64(22))
        #expect(results.map(bitString) == ["i64:42"])
    }

    @Test func untypedCallWithNoParametersAndNoResults() throws {
        let (_, instance) = try instantiate(
            """
            (module
              (global $g (export "g") (mut i32) (i32.const 0))
              (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
            )
            """)
        let bump = try instance.function("bump")
        #expect(try bump.call([]).isEmpty)
        #expect(try bump.call().isEmpty)
        #expect(try instance.global("g").get().i32 == 2)
    }

    @Test func untypedCallWithWrongArityThrowsTypeMismatch() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)
        let add = try instance.function("add_i32")

        let tooFew = #expect(throws: WasmtimeError.self) { _ = try add.call([.i32(1)]) }
        #expect(tooFew?.kind == .typeMismatch)
        #expect(tooFew?.message.contains("expects 2") == true)
        #expect(tooFew?.message.contains("got 1") == true)

        let tooMany = #expect(throws: WasmtimeError.self) { _ = try add.call([.i32(1), .i32(2), .i32(3)]) }
        #expect(tooMany?.kind == .typeMismatch)
        #expect(tooMany?.message.contains("got 3") == true)

        let none = #expect(throws: WasmtimeError.self) { _ = try add.call([]) }
        #expect(none?.kind == .typeMismatch)
        #expect(none?.message.contains("got 0") == true)
    }

    @Test func untypedCallWithWrongArgumentTypesThrowsTypeMismatch() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)

        let second = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32").call([.i32(1), .i64(2)])
        }
        #expect(second?.kind == .typeMismatch)
        #expect(second?.message.contains("argument 1") == true)
        #expect(second?.message.contains("i64") == true)
        #expect(second?.message.contains("i32") == true)

        let first = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_f64").call([.f32(1), .f64(2)])
        }
        #expect(first?.kind == .typeMismatch)
        #expect(first?.message.contains("argument 0") == true)
        #expect(first?.message.contains("f32") == true)
        #expect(first?.message.contains("f64") == true)

        let reference = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i64").call([.i64(1), .funcref(nil)])
        }
        #expect(reference?.kind == .typeMismatch)
        #expect(reference?.message.contains("argument 1") == true)

        // A rejected call leaves the function usable.
        #expect(try instance.function("add_i32").call([.i32(1), .i32(2)]).first?.i32 == 3)
    }

    // MARK: Typed calls

    @Test func typedCallWithOneResult() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)
        let add = try instance.function("add_i32", (Int32, Int32).self, Int32.self)
        #expect(try add(2, 3) == 5)
        #expect(try add.call(-10, 4) == -6)
        #expect(try add(Int32.max, 1) == Int32.min)

        let addF64 = try instance.function("add_f64").typed((Double, Double).self, Double.self)
        #expect(try addF64(1.25, -0.5) == 0.75)

        let mixed = try instance.function("mixed", (Int32, Int64, Float, Double).self, Double.self)
        #expect(try mixed(-3, 10_000_000_000, 0.5, 0.25) == 9_999_999_997.75)
        #expect(mixed.function == (try instance.function("mixed")))
    }

    @Test func typedCallWithVoidParametersAndResults() throws {
        let (_, instance) = try instantiate(
            """
            (module
              (global $g (export "g") (mut i32) (i32.const 0))
              (func (export "set") (param i32) (global.set $g (local.get 0)))
              (func (export "get") (result i32) (global.get $g))
              (func (export "double") (global.set $g (i32.mul (global.get $g) (i32.const 2))))
            )
            """)
        let set = try instance.function("set", Int32.self)
        let get = try instance.function("get", Void.self, Int32.self)
        let double = try instance.function("double", Void.self)
        try set(21)
        #expect(try get() == 21)
        try double()
        #expect(try get() == 42)
        #expect(try instance.global("g").get().i32 == 42)
    }

    @Test func typedCallWithMultipleResults() throws {
        let (_, instance) = try instantiate(
            """
            (module
              (func (export "split") (param i64) (result i32 i32)
                (i32.wrap_i64 (local.get 0))
                (i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32))))
              (func (export "spread") (param i32) (result i32 i64 f32 f64)
                (local.get 0)
                (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 1000000000000))
                (f32.div (f32.convert_i32_s (local.get 0)) (f32.const 4))
                (f64.neg (f64.convert_i32_s (local.get 0))))
              (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0))
            )
            """)
        let split = try instance.function("split", Int64.self, (UInt32, UInt32).self)
        let (low, high) = try split(0x1234_5678_9abc_def0)
        #expect(low == 0x9abc_def0)
        #expect(high == 0x1234_5678)

        let spread = try instance.function("spread", Int32.self, (Int32, Int64, Float, Double).self)
        let (a, b, c, d) = try spread(-6)
        #expect(a == -6)
        #expect(b == -6_000_000_000_000)
        #expect(c == -1.5)
        #expect(d == 6)

        let swap = try instance.function("swap", (Int32, Double).self, (Double, Int32).self)
        let swapped = try swap(7, 2.5)
        #expect(swapped.0 == 2.5)
        #expect(swapped.1 == 7)

        // The untyped path returns all results in order as well.
        let untyped = try instance.function("spread").call([.i32(8)])
        #expect(
            untyped.map(bitString) == [
                bitString(.i32(8)), bitString(.i64(8_000_000_000_000)), bitString(.f32(2)), bitString(.f64(-8)),
            ])
    }

    @Test func typedLookupWithWrongSignatureThrowsTypeMismatch() throws {
        let (_, instance) = try instantiate(Self.arithmeticWAT)

        let wrongParameter = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32", (Int32, Int64).self, Int32.self)
        }
        #expect(wrongParameter?.kind == .typeMismatch)
        #expect(wrongParameter?.message.contains("(i32, i32) -> (i32)") == true)
        #expect(wrongParameter?.message.contains("(i32, i64) -> (i32)") == true)

        let wrongResult = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32", (Int32, Int32).self, Int64.self)
        }
        #expect(wrongResult?.kind == .typeMismatch)

        let tooFewParameters = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32", Int32.self, Int32.self)
        }
        #expect(tooFewParameters?.kind == .typeMismatch)

        let tooManyResults = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32", (Int32, Int32).self, (Int32, Int32).self)
        }
        #expect(tooManyResults?.kind == .typeMismatch)

        let noResults = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_i32", (Int32, Int32).self)
        }
        #expect(noResults?.kind == .typeMismatch)

        let floatForInt = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("add_f32").typed((Double, Double).self, Double.self)
        }
        #expect(floatForInt?.kind == .typeMismatch)

        let missing = #expect(throws: WasmtimeError.self) { _ = try instance.function("nope", Int32.self) }
        #expect(missing?.kind == .notFound)
    }

    @Test func unsignedConformances() throws {
        let (_, instance) = try instantiate(
            """
            (module
              (func (export "half32") (param i32) (result i32) (i32.shr_u (local.get 0) (i32.const 1)))
              (func (export "half64") (param i64) (result i64) (i64.shr_u (local.get 0) (i64.const 1)))
              (func (export "minus_one32") (result i32) (i32.const -1))
              (func (export "minus_one64") (result i64) (i64.const -1))
              (func (export "is_negative") (param i64) (result i32) (i64.lt_s (local.get 0) (i64.const 0)))
            )
            """)
        let half32 = try instance.function("half32", UInt32.self, UInt32.self)
        #expect(try half32(0x8000_0000) == 0x4000_0000)
        #expect(try half32(.max) == 0x7fff_ffff)

        let half64 = try instance.function("half64", UInt64.self, UInt64.self)
        #expect(try half64(0x8000_0000_0000_0000) == 0x4000_0000_0000_0000)
        #expect(try half64(.max) == 0x7fff_ffff_ffff_ffff)

        #expect(try instance.function("minus_one32", Void.self, UInt32.self)() == .max)
        #expect(try instance.function("minus_one64", Void.self, UInt64.self)() == .max)
        // The same bits read as signed.
        #expect(try instance.function("minus_one32", Void.self, Int32.self)() == -1)
        #expect(try instance.function("minus_one64", Void.self, Int64.self)() == -1)

        let isNegative = try instance.function("is_negative", UInt64.self, UInt32.self)
        #expect(try isNegative(UInt64(1) << 63) == 1)
        #expect(try isNegative(UInt64(1) << 62) == 0)
    }

    // MARK: Many parameters and results

    /// Types of the 15-value functions: i32, i64, f32, f64, repeating.
    private static let kinds = ["i32", "i64", "f32", "f64"]

    private static var fifteenValues: [Value] {
        [
            .i32(-7), .i64(-9_000_000_000), .f32(1.5), .f64(2.718281828459045),
            .i32(.max), .i64(.max), .f32(-0.25), .f64(-1e300),
            .i32(123_456), .i64(42), .f32(.infinity), .f64(0.1),
            .i32(.min), .i64(.min + 1), .f32(3.0e38),
        ]
    }

    private static func constant(_ value: Value) -> String {
        switch value {
        case .i32(let v): "(i32.const \(v))"
        case .i64(let v): "(i64.const \(v))"
        case .f32(let v): "(f32.reinterpret_i32 (i32.const \(Int32(bitPattern: v.bitPattern))))"
        case .f64(let v): "(f64.reinterpret_i64 (i64.const \(Int64(bitPattern: v.bitPattern))))"
        default: fatalError("not a number")
        }
    }

    private static let fifteenWAT: String = {
        let types = (0..<15).map { kinds[$0 % 4] }
        let params = types.joined(separator: " ")
        let reversed = types.reversed().joined(separator: " ")
        let stores = (0..<15).map { "(\(types[$0]).store offset=\($0 * 8) (i32.const 0) (local.get \($0)))" }
            .joined(separator: "\n    ")
        let gets = (0..<15).reversed().map { "(local.get \($0))" }.joined(separator: " ")
        let constants = fifteenValues.map(constant).joined(separator: "\n    ")
        return """
            (module
              (memory (export "memory") 1)
              (func (export "store15") (param \(params))
                \(stores))
              (func (export "consts15") (result \(params))
                \(constants))
              (func (export "reverse15") (param \(params)) (result \(reversed))
                \(gets))
            )
            """
    }()

    private func checkStored(_ memory: Memory) throws {
        let expected = Self.fifteenValues
        var stored: [Value] = []
        for (index, value) in expected.enumerated() {
            let offset = UInt64(index * 8)
            switch value {
            case .i32: stored.append(.i32(try memory.load(Int32.self, at: offset)))
            case .i64: stored.append(.i64(try memory.load(Int64.self, at: offset)))
            case .f32: stored.append(.f32(try memory.load(Float.self, at: offset)))
            default: stored.append(.f64(try memory.load(Double.self, at: offset)))
            }
        }
        #expect(stored.map(bitString) == expected.map(bitString))
    }

    @Test func fifteenParametersUntyped() throws {
        let (_, instance) = try instantiate(Self.fifteenWAT)
        let function = try instance.function("store15")
        #expect(function.type.parameters.count == 15)
        #expect(try function.call(Self.fifteenValues).isEmpty)
        try checkStored(try instance.memory("memory"))
    }

    @Test func fifteenParametersTyped() throws {
        let (_, instance) = try instantiate(Self.fifteenWAT)
        let function = try instance.function(
            "store15",
            (
                Int32, Int64, Float, Double, Int32, Int64, Float, Double,
                Int32, Int64, Float, Double, Int32, Int64, Float
            ).self)
        try function(
            Int32(-7), Int64(-9_000_000_000), Float(1.5), Double(2.718281828459045),
            Int32.max, Int64.max, Float(-0.25), Double(-1e300),
            Int32(123_456), Int64(42), Float.infinity, Double(0.1),
            Int32.min, Int64.min + 1, Float(3.0e38))
        try checkStored(try instance.memory("memory"))
    }

    @Test func fifteenResultsUntyped() throws {
        let (_, instance) = try instantiate(Self.fifteenWAT)
        let results = try instance.function("consts15").call([])
        #expect(results.map(bitString) == Self.fifteenValues.map(bitString))
    }

    @Test func fifteenResultsTyped() throws {
        let (_, instance) = try instantiate(Self.fifteenWAT)
        let function = try instance.function(
            "consts15", Void.self,
            (
                Int32, Int64, Float, Double, Int32, Int64, Float, Double,
                Int32, Int64, Float, Double, Int32, Int64, Float
            ).self)
        let r = try function()
        #expect(r.0 == -7)
        #expect(r.1 == -9_000_000_000)
        #expect(r.2 == 1.5)
        #expect(r.3 == 2.718281828459045)
        #expect(r.4 == .max)
        #expect(r.5 == .max)
        #expect(r.6 == -0.25)
        #expect(r.7 == -1e300)
        #expect(r.8 == 123_456)
        #expect(r.9 == 42)
        #expect(r.10 == .infinity)
        #expect(r.11 == 0.1)
        #expect(r.12 == .min)
        #expect(r.13 == .min + 1)
        #expect(r.14 == 3.0e38)
    }

    @Test func fifteenParametersAndResultsReversed() throws {
        let (_, instance) = try instantiate(Self.fifteenWAT)

        let untyped = try instance.function("reverse15").call(Self.fifteenValues)
        #expect(untyped.map(bitString) == Self.fifteenValues.reversed().map(bitString))

        let typed = try instance.function(
            "reverse15",
            (
                Int32, Int64, Float, Double, Int32, Int64, Float, Double,
                Int32, Int64, Float, Double, Int32, Int64, Float
            ).self,
            (
                Float, Int64, Int32, Double, Float, Int64, Int32, Double,
                Float, Int64, Int32, Double, Float, Int64, Int32
            ).self)
        let r = try typed(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        #expect(r.0 == 15)
        #expect(r.1 == 14)
        #expect(r.2 == 13)
        #expect(r.3 == 12)
        #expect(r.4 == 11)
        #expect(r.5 == 10)
        #expect(r.6 == 9)
        #expect(r.7 == 8)
        #expect(r.8 == 7)
        #expect(r.9 == 6)
        #expect(r.10 == 5)
        #expect(r.11 == 4)
        #expect(r.12 == 3)
        #expect(r.13 == 2)
        #expect(r.14 == 1)
    }

    // MARK: NaN payloads

    private static let nanWAT = """
        (module
          (func (export "id_f32") (param f32) (result f32) (local.get 0))
          (func (export "id_f64") (param f64) (result f64) (local.get 0))
          (func (export "bits_f32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
          (func (export "bits_f64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
          (func (export "nan_f32") (result f32) (f32.const nan:0x200001))
          (func (export "nan_f64") (result f64) (f64.const -nan:0x4000000000001))
        )
        """

    private static let f32Patterns: [UInt32] = [0x7fa0_0001, 0xffc0_1234, 0x7f80_0001, 0x7fc0_0000, 0x8000_0000]
    private static let f64Patterns: [UInt64] = [
        0x7ff4_0000_0000_0001, 0xfff8_0000_dead_beef, 0x7ff0_0000_0000_0001, 0x8000_0000_0000_0000,
    ]

    @Test func nanPayloadsSurviveUntypedCalls() throws {
        let (_, instance) = try instantiate(Self.nanWAT)
        let id32 = try instance.function("id_f32")
        let bits32 = try instance.function("bits_f32")
        for pattern in Self.f32Patterns {
            let result = try id32.call([.f32(Float(bitPattern: pattern))])
            #expect(result.first?.f32?.bitPattern == pattern)
            // What wasm sees of the parameter, independent of the result path.
            #expect(try bits32.call([.f32(Float(bitPattern: pattern))]).first?.i32 == Int32(bitPattern: pattern))
        }
        let id64 = try instance.function("id_f64")
        let bits64 = try instance.function("bits_f64")
        for pattern in Self.f64Patterns {
            let result = try id64.call([.f64(Double(bitPattern: pattern))])
            #expect(result.first?.f64?.bitPattern == pattern)
            #expect(try bits64.call([.f64(Double(bitPattern: pattern))]).first?.i64 == Int64(bitPattern: pattern))
        }
        #expect(try instance.function("nan_f32").call([]).first?.f32?.bitPattern == 0x7fa0_0001)
        #expect(try instance.function("nan_f64").call([]).first?.f64?.bitPattern == 0xfff4_0000_0000_0001)
    }

    @Test func nanPayloadsSurviveTypedCalls() throws {
        let (_, instance) = try instantiate(Self.nanWAT)
        let id32 = try instance.function("id_f32", Float.self, Float.self)
        let bits32 = try instance.function("bits_f32", Float.self, UInt32.self)
        for pattern in Self.f32Patterns {
            #expect(try id32(Float(bitPattern: pattern)).bitPattern == pattern)
            #expect(try bits32(Float(bitPattern: pattern)) == pattern)
        }
        let id64 = try instance.function("id_f64", Double.self, Double.self)
        let bits64 = try instance.function("bits_f64", Double.self, UInt64.self)
        for pattern in Self.f64Patterns {
            #expect(try id64(Double(bitPattern: pattern)).bitPattern == pattern)
            #expect(try bits64(Double(bitPattern: pattern)) == pattern)
        }
        let nan32 = try instance.function("nan_f32", Void.self, Float.self)
        #expect(try nan32().bitPattern == 0x7fa0_0001)
        let nan64 = try instance.function("nan_f64", Void.self, Double.self)
        #expect(try nan64().bitPattern == 0xfff4_0000_0000_0001)
    }

    // MARK: v128

    private static let simdWAT = """
        (module
          (func (export "id") (param v128) (result v128) (local.get 0))
          (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
          (func (export "make") (param i32) (result v128) (i32x4.splat (local.get 0)))
          (func (export "lane2") (param v128) (result i32) (i32x4.extract_lane 2 (local.get 0)))
          (func (export "const") (result v128) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
        )
        """

    private static func v128(i32 lanes: [UInt32]) -> V128 {
        V128(low: UInt64(lanes[0]) | UInt64(lanes[1]) << 32, high: UInt64(lanes[2]) | UInt64(lanes[3]) << 32)
    }

    @Test func v128RoundTripsAndLaneArithmetic() throws {
        let (_, instance) = try instantiate(Self.simdWAT)
        let pattern = V128(bytes: [
            0xff, 0x00, 0x7f, 0x80, 0x01, 0xfe, 0x55, 0xaa,
            0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80,
        ])

        // Untyped.
        let untyped = try instance.function("id").call([.v128(pattern)])
        #expect(untyped.first?.v128 == pattern)
        #expect(untyped.first?.v128?.byteArray == pattern.byteArray)

        // Typed.
        let id = try instance.function("id", V128.self, V128.self)
        #expect(try id(pattern) == pattern)
        #expect(try id(V128(low: .max, high: 0)).low == .max)
        #expect(try id(V128(low: 0, high: .max)).high == .max)

        let a = Self.v128(i32: [1, 2, 0x7fff_ffff, 0xffff_ffff])
        let b = Self.v128(i32: [10, 20, 1, 1])
        let add = try instance.function("add", (V128, V128).self, V128.self)
        let sum = try add(a, b)
        #expect(sum.lane(0, as: Int32.self) == 11)
        #expect(sum.lane(1, as: Int32.self) == 22)
        #expect(sum.lane(2, as: Int32.self) == .min)
        #expect(sum.lane(3, as: UInt32.self) == 0)

        let untypedSum = try instance.function("add").call([.v128(a), .v128(b)])
        #expect(untypedSum.first?.v128 == sum)

        let make = try instance.function("make", Int32.self, V128.self)
        let splat = try make(-2)
        #expect((0..<4).map { splat.lane($0, as: Int32.self) } == [-2, -2, -2, -2])
        let lane2 = try instance.function("lane2", V128.self, Int32.self)
        #expect(try lane2(a) == 0x7fff_ffff)

        let constant = try instance.function("const", Void.self, V128.self)()
        #expect(constant.byteArray == Array(0...15))
        #expect(constant.lane(1, as: UInt16.self) == 0x0302)
        #expect(try instance.function("const").call([]).first?.v128 == constant)
    }

    @Test func v128TypeMismatches() throws {
        let (_, instance) = try instantiate(Self.simdWAT)
        let wrongArgument = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("id").call([.i64(1)])
        }
        #expect(wrongArgument?.kind == .typeMismatch)
        let wrongLookup = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("id", UInt64.self, V128.self)
        }
        #expect(wrongLookup?.kind == .typeMismatch)
        #expect(try instance.function("add").type == FuncType(parameters: [.v128, .v128], results: [.v128]))
    }

    // MARK: funcref

    private static let funcrefWAT = """
        (module
          (type $unary (func (param i32) (result i32)))
          (table $table (export "table") 2 funcref)
          (table $scratch 1 funcref)
          (elem (table $table) (i32.const 0) func $double $increment)
          (func $double (export "double") (type $unary) (i32.mul (local.get 0) (i32.const 2)))
          (func $increment (export "increment") (type $unary) (i32.add (local.get 0) (i32.const 1)))
          (func (export "id") (param funcref) (result funcref) (local.get 0))
          (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0)))
          (func (export "null") (result funcref) (ref.null func))
          (func (export "get") (param i32) (result funcref) (table.get $table (local.get 0)))
          (func (export "apply") (param funcref i32) (result i32)
            (table.set $scratch (i32.const 0) (local.get 0))
            (call_indirect $scratch (type $unary) (local.get 1) (i32.const 0)))
        )
        """

    @Test func funcrefRoundTripsUntyped() throws {
        let (_, instance) = try instantiate(Self.funcrefWAT)
        let double = try instance.function("double")
        let increment = try instance.function("increment")
        #expect(double != increment)
        #expect(double == (try instance.function("double")))

        let back = try instance.function("id").call([.funcref(double)])
        guard case .funcref(let returned?) = back.first else {
            Issue.record("expected a non-null funcref, got \(back)")
            return
        }
        #expect(returned == double)
        #expect(returned != increment)
        #expect(try returned.call([.i32(21)]).first?.i32 == 42)

        let applied = try instance.function("apply").call([.funcref(increment), .i32(41)])
        #expect(applied.first?.i32 == 42)
        #expect(try instance.function("is_null").call([.funcref(double)]).first?.i32 == 0)
    }

    @Test func funcrefRoundTripsTyped() throws {
        let (_, instance) = try instantiate(Self.funcrefWAT)
        let double = try instance.function("double")
        let increment = try instance.function("increment")

        let id = try instance.function("id", Func?.self, Func?.self)
        #expect(try id(double) == double)
        #expect(try id(nil) == nil)

        // A non-null `Func` may be passed where `funcref` is expected.
        let idNonNull = try instance.function("id", Func.self, Func?.self)
        #expect(try idNonNull(increment) == increment)

        // But a nullable `funcref` result cannot be read as a non-null `Func`.
        expectWasmtimeError(.typeMismatch) { try instance.function("id", Func?.self, Func.self) }

        let apply = try instance.function("apply", (Func, Int32).self, Int32.self)
        #expect(try apply(double, 50) == 100)
        #expect(try apply(increment, 50) == 51)

        let get = try instance.function("get", Int32.self, Func?.self)
        #expect(try get(0) == double)
        #expect(try get(1) == increment)
    }

    @Test func nullFuncref() throws {
        let (_, instance) = try instantiate(Self.funcrefWAT)
        let back = try instance.function("id").call([.funcref(nil)])
        #expect(back.count == 1)
        #expect(back.first?.isNull == true)
        if case .funcref(let f) = back.first {
            #expect(f == nil)
        } else {
            Issue.record("expected funcref, got \(back)")
        }

        #expect(try instance.function("is_null").call([.funcref(nil)]).first?.i32 == 1)
        let isNull = try instance.function("is_null", Func?.self, Int32.self)
        #expect(try isNull(nil) == 1)
        #expect(try instance.function("null").call([]).first?.isNull == true)
        let null = try instance.function("null", Void.self, Func?.self)
        #expect(try null() == nil)

        // A non-null `(ref func)` parameter does not accept null in the untyped path.
        let (_, strict) = try instantiate(
            """
            (module
              (type $t (func))
              (func $f (type $t))
              (elem declare func $f)
              (func (export "take") (param (ref func)) (result i32) (i32.const 1))
            )
            """)
        let error = #expect(throws: WasmtimeError.self) { _ = try strict.function("take").call([.funcref(nil)]) }
        #expect(error?.kind == .typeMismatch)
    }

    @Test func callingAFuncrefObtainedFromATable() throws {
        let (_, instance) = try instantiate(Self.funcrefWAT)
        let table = try instance.table("table")
        #expect(table.size == 2)

        guard case .funcref(let first?) = try table.get(0), case .funcref(let second?) = try table.get(1) else {
            Issue.record("table elements should be non-null funcrefs")
            return
        }
        #expect(first == (try instance.function("double")))
        #expect(second == (try instance.function("increment")))
        #expect(try first.call([.i32(8)]).first?.i32 == 16)
        let typedSecond = try second.typed(Int32.self, Int32.self)
        #expect(try typedSecond(8) == 9)
        #expect(first.type == FuncType(parameters: [.i32], results: [.i32]))

        // Through the exported `get` function as well.
        guard case .funcref(let viaWasm?) = try instance.function("get").call([.i32(1)]).first else {
            Issue.record("get(1) should return a non-null funcref")
            return
        }
        #expect(viaWasm == second)
        #expect(try viaWasm.call([.i32(-1)]).first?.i32 == 0)
    }

    @Test func hostFunctionAsFuncref() throws {
        let (store, instance) = try instantiate(Self.funcrefWAT)
        let negate = Func(store: store) { (x: Int32) -> Int32 in -x }
        #expect(try instance.function("apply").call([.funcref(negate), .i32(5)]).first?.i32 == -5)
        let id = try instance.function("id", Func?.self, Func?.self)
        #expect(try id(negate) == negate)
    }

    @Test func funcrefFromAnotherStoreIsRejected() throws {
        let (_, instance) = try instantiate(Self.funcrefWAT)
        let (_, other) = try instantiate(Self.funcrefWAT)
        let foreign = try other.function("double")
        let error = #expect(throws: WasmtimeError.self) {
            _ = try instance.function("id").call([.funcref(foreign)])
        }
        #expect(error?.kind == .storeMismatch)
        let id = try instance.function("id", Func?.self, Func?.self)
        let typedError = #expect(throws: WasmtimeError.self) { _ = try id(foreign) }
        #expect(typedError?.kind == .storeMismatch)
    }

    @Test func concreteFunctionReferenceTypes() throws {
        let (store, instance) = try instantiate(
            """
            (module
              (type $unary (func (param i32) (result i32)))
              (func $double (export "double") (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $other (export "other") (param i64) (result i64) (local.get 0))
              (elem declare func $double)
              (func (export "call") (param (ref null $unary) i32) (result i32)
                (call_ref $unary (local.get 1) (local.get 0)))
              (func (export "get") (result (ref $unary)) (ref.func $double))
            )
            """)
        let double = try instance.function("double")
        let unary = FuncType(parameters: [.i32], results: [.i32])
        let call = try instance.function("call")
        #expect(call.type.parameters.first == .ref(RefType(nullable: true, .concreteFunc(unary))))

        // Untyped: a function of the right type is accepted, another type is not.
        #expect(try call.call([.funcref(double), .i32(4)]).first?.i32 == 8)
        let host = Func(store: store) { (x: Int32) -> Int32 in x + 100 }
        #expect(try call.call([.funcref(host), .i32(4)]).first?.i32 == 104)
        let wrong = #expect(throws: WasmtimeError.self) {
            _ = try call.call([.funcref(try instance.function("other")), .i32(4)])
        }
        #expect(wrong?.kind == .typeMismatch)
        let wrongHost = Func(store: store) { (x: Int64) -> Int32 in Int32(truncatingIfNeeded: x) }
        expectWasmtimeError(.typeMismatch) { _ = try call.call([.funcref(wrongHost), .i32(4)]) }

        // Typed: `Func?` means any function, so it cannot stand for a
        // parameter of one concrete type...
        expectWasmtimeError(.typeMismatch) { try call.typed((Func?, Int32).self, Int32.self) }
        // ...but a result of a concrete type can be read as a `Func`.
        let get = try instance.function("get", Void.self, Func.self)
        #expect(try get() == double)
        guard case .funcref(let fromUntyped?) = try instance.function("get").call([]).first else {
            Issue.record("expected a non-null funcref")
            return
        }
        #expect(fromUntyped == double)
    }

    // MARK: Func.type

    @Test func funcTypeReportsTheSignature() throws {
        let (store, instance) = try instantiate(
            """
            (module
              (func (export "none"))
              (func (export "sig") (param i32 i64 f32 f64 v128 funcref externref) (result f64 i32) unreachable)
            )
            """)
        #expect(try instance.function("none").type == FuncType())
        let type = try instance.function("sig").type
        #expect(type.parameters == [.i32, .i64, .f32, .f64, .v128, .funcref, .externref])
        #expect(type.results == [.f64, .i32])
        #expect(type.description == "(i32, i64, f32, f64, v128, funcref, externref) -> (f64, i32)")

        let host = Func(store: store) { (a: UInt32, b: Double) -> (Int64, Float) in (Int64(a), Float(b)) }
        #expect(host.type == FuncType(parameters: [.i32, .f64], results: [.i64, .f32]))
        let untypedHost = Func(store: store, type: FuncType(parameters: [.externref], results: [.v128])) { _, _ in
            [.v128(V128())]
        }
        #expect(untypedHost.type == FuncType(parameters: [.externref], results: [.v128]))
    }
}
