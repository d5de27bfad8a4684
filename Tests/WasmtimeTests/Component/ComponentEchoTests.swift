import Testing
import Wasmtime
import WasmtimeTestSupport

/// Every value kind host → guest → host: each value is lowered into the
/// guest (flat, or into its memory through `cabi_realloc`) and lifted back,
/// so a wrong value-kind or type-kind table, or a wrong layout, shows up
/// as a different value or an error.
@Suite struct ComponentEchoTests {
    let engine = Engine()
    let instance: ComponentInstance

    init() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.echo)
        instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
    }

    /// Echoes `value` through `echo-<name>`; memory echoes get the padding argument.
    func echo(_ name: String, _ value: ComponentValue) throws -> ComponentValue {
        let function = try instance.function("echo-\(name)")
        let arguments = function.type.parameters.count == 2 ? [value, ComponentFixtures.padValue] : [value]
        let results = try function.call(arguments)
        try #require(results.count == 1)
        return results[0]
    }

    static var scalarValues: [(type: String, values: [ComponentValue])] {
        [
            ("bool", [true, false]),
            ("s8", [.s8(0), .s8(-128), .s8(127), .s8(-1)]),
            ("u8", [.u8(0), .u8(255), .u8(128)]),
            ("s16", [.s16(.min), .s16(.max), .s16(-2)]),
            ("u16", [.u16(0), .u16(.max), .u16(0x8000)]),
            ("s32", [.s32(.min), .s32(.max), -7]),
            ("u32", [.u32(0), .u32(.max), .u32(0x8000_0000)]),
            ("s64", [.s64(.min), .s64(.max), .s64(-3)]),
            ("u64", [.u64(0), .u64(.max), .u64(1 << 63)]),
            (
                "f32",
                [
                    .f32(1.5), .f32(-0.0), .f32(.infinity), .f32(-.infinity), .f32(.leastNonzeroMagnitude),
                    .f32(.greatestFiniteMagnitude),
                ]
            ),
            ("f64", [.f64(-0.25), .f64(-0.0), .f64(.infinity), .f64(.pi), .f64(.leastNonzeroMagnitude)]),
            ("char", [.char("A"), .char("é"), .char("🦀"), .char("\u{0}"), .char("\u{10FFFF}"), .char("\u{D7FF}")]),
        ]
    }

    @Test(arguments: scalarValues.map(\.type))
    func scalarsBothWays(type: String) throws {
        let values = try #require(Self.scalarValues.first { $0.type == type }).values
        for value in values {
            let back = try echo(type, value)
            #expect(back == value, "\(type): \(value) came back as \(back)")
            #expect(back.kindName == type)
        }
    }

    /// NaN payloads survive bit for bit: Wasmtime 50 does not canonicalize
    /// NaNs when lowering or lifting, and equality compares bit patterns.
    @Test func nanPayloads() throws {
        let quiet32 = Float(bitPattern: 0x7fc0_0001)
        let back32 = try echo("f32", .f32(quiet32))
        guard case .f32(let bits32) = back32 else {
            Issue.record("not f32: \(back32)")
            return
        }
        #expect(bits32.isNaN)
        let quiet64 = Double(bitPattern: 0x7ff8_0000_0000_0001)
        let back64 = try echo("f64", .f64(quiet64))
        guard case .f64(let bits64) = back64 else {
            Issue.record("not f64: \(back64)")
            return
        }
        #expect(bits64.isNaN)
        #expect(bits32.bitPattern == quiet32.bitPattern)
        #expect(bits64.bitPattern == quiet64.bitPattern)
        #expect(back32 == .f32(quiet32))
        #expect(back64 == .f64(quiet64))
        #expect(back64 != .f64(.nan))  // another payload
    }

    static var compoundValues: [(name: String, values: [ComponentValue])] {
        [
            ("string", ["", "hi", "héllo, wörld ✓ 🦀", "quote \" backslash \\ nul \u{0}"]),
            ("bytes", [.bytes([]), .bytes([0, 1, 2, 255]), .bytes(0..<200)]),
            ("strings", [[], ["a"], ["", "b", "ccc", "🦀🦀"]]),
            (
                "record",
                [
                    .record([.init("id", .u32(7)), .init("name", "Ada"), .init("scores", [.s16(-1), .s16(300)])]),
                    .record([.init("id", .u32(0)), .init("name", ""), .init("scores", [])]),
                ]
            ),
            ("tuple", [.tuple([.u8(9), "nine", .f64(9.5)])]),
            ("variant", [.variant("nothing", nil), .variant("number", .u64(.max)), .variant("text", "payload")]),
            ("option-string", [.none, .some("x"), .some("")]),
            ("option-option", [.none, .some(.none), .some(.some(.u32(3)))]),
            ("result", [.ok("fine"), .err(.u32(404))]),
            ("result-unit", [.ok(nil), .err(nil)]),
            ("result-error", [.ok(nil), .err("bad")]),
            (
                "scalars",
                [
                    .tuple([
                        true, .s8(-1), .u8(2), .s16(-3), .u16(4), .s32(-5), .u32(6), .s64(-7), .u64(8),
                        .f32(9.5), .f64(-10.25), .char("ß"),
                    ])
                ]
            ),
            (
                "nested",
                [
                    [],
                    [
                        .variant("empty", nil),
                        .variant("leaf", .record([.init("k", "a"), .init("v", .none)])),
                        .variant("leaf", .record([.init("k", "b"), .init("v", .some(.ok(.u8(1))))])),
                        .variant("leaf", .record([.init("k", ""), .init("v", .some(.err("no")))])),
                    ],
                ]
            ),
            (
                "flags-pair",
                [
                    .tuple([.flags([]), .enum("red")]), .tuple([.flags(["read", "exec"]), .enum("blue")]),
                    .tuple([.flags(["read", "write", "exec"]), .enum("green")]),
                ]
            ),
            ("enum", [.enum("red"), .enum("green"), .enum("blue")]),
            ("flags", [.flags([]), .flags(["write"]), .flags(["read", "write", "exec"])]),
        ]
    }

    @Test(arguments: compoundValues.map(\.name))
    func compoundKindsBothWays(name: String) throws {
        let values = try #require(Self.compoundValues.first { $0.name == name }).values
        for value in values {
            let back = try echo(name, value)
            #expect(back == value, "\(name): \(value) came back as \(back)")
        }
    }

    /// Strings and byte lists from empty to 1 MiB, through guest memory.
    @Test(arguments: [0, 1, 15, 16, 4096, 65_536, 100_000, 1 << 20])
    func largeStringsAndLists(size: Int) throws {
        let text = String(repeating: "a", count: size / 2) + String(repeating: "é", count: size / 4)
        #expect(try echo("string", .string(text)) == .string(text))
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try echo("bytes", .bytes(bytes)).bytes == bytes)
    }

    /// `map<K, V>` values (an opt-in feature) in both directions.
    @Test func maps() throws {
        var config = Config()
        config.wasm.componentModelMap = true
        let engine = try Engine(config)
        #expect(throws: WasmtimeError.self) { try Component(engine: Engine(), wat: ComponentFixtures.mapEcho) }
        let component = try Component(engine: engine, wat: ComponentFixtures.mapEcho)
        guard case .function(let type) = component.type.export(named: "echo-map") else {
            Issue.record("no echo-map")
            return
        }
        #expect(type.result == .map(key: .string, value: .u32))
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        let values: [ComponentValue] = [
            .map([]),
            .map([.init("one", .u32(1)), .init("two", .u32(2)), .init("", .u32(.max))]),
        ]
        for value in values {
            #expect(try instance.function("echo-map").call(value, ComponentFixtures.padValue) == [value])
        }
        let nested = ComponentValue.map([
            .init(.u8(1), [.map([.init("yes", true)]), .map([])]),
            .init(.u8(200), []),
        ])
        #expect(try instance.function("echo-nested-map").call(nested, ComponentFixtures.padValue) == [nested])
        let wrongKey = expectWasmtimeError(.typeMismatch) {
            try instance.function("echo-map").call(.map([.init(.u32(1), .u32(1))]), ComponentFixtures.padValue)
        }
        #expect(wrongKey?.message.contains("[key 0]") == true)
    }

    /// Values that do not fit the parameter type are rejected before the call.
    @Test func mismatchedCompoundValues() throws {
        let cases: [(String, ComponentValue, String)] = [
            ("record", .record([.init("name", "x"), .init("id", .u32(1)), .init("scores", [])]), "declaration order"),
            ("record", .record([.init("id", .u32(1)), .init("name", "x")]), "fields"),
            ("record", .record([.init("id", .u32(1)), .init("name", "x"), .init("scores", [.s32(1)])]), "scores[0]"),
            ("variant", .variant("missing", nil), "unknown case `missing`"),
            ("variant", .variant("number", nil), "expected a payload"),
            ("variant", .variant("nothing", .u8(1)), "expected no payload"),
            ("enum", .enum("purple"), "unknown case `purple`"),
            ("flags", .flags(["read", "read"]), "given twice"),
            ("flags", .flags(["fly"]), "unknown flag `fly`"),
            ("tuple", .tuple([.u8(1), "x"]), "tuple of 2"),
            ("result-unit", .ok(.u8(1)), "expected no payload"),
            ("option-string", .some(.u32(1)), "some"),
            ("bytes", ["x"], "[0]"),
        ]
        for (name, value, fragment) in cases {
            let error = expectWasmtimeError(.typeMismatch, "\(name) \(value)") { try echo(name, value) }
            #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
        }
        // The store was never poisoned.
        #expect(try echo("u32", .u32(1)) == .u32(1))
    }
}
