import Testing
import Wasmtime
import WasmtimeTestSupport

/// Value kinds and shapes both ways that ``ComponentEchoTests`` and
/// ``ComponentHostFunctionTests`` leave out: floats with signaling-NaN
/// payloads flat and inside lists, tuples and results; lists of every
/// element width up to 1 MiB; deep nesting of options, results, variants
/// and lists; five parameters of different kinds; guest resources handed
/// back and forth (alone and in lists); and char, u64, f64, enum, flags,
/// variant, tuple, byte lists, nested options, lists of variants and maps from
/// the guest to a host function and back.
///
/// Component functions have at most one result in Wasmtime 50 (the
/// component model dropped multiple named results), so "multiple returns"
/// are a tuple.
@Suite struct ComponentRoundTripTests {
    let engine = Engine()
    let instance: ComponentInstance

    init() throws {
        let component = try Component(engine: engine, wat: ComponentRoundTripFixtures.echo)
        instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
    }

    func echo(_ name: String, _ value: ComponentValue) throws -> ComponentValue {
        let results = try instance.function("echo-\(name)").call(value, ComponentFixtures.padValue)
        try #require(results.count == 1)
        return results[0]
    }

    static let signalingNaN32 = Float(bitPattern: 0x7f80_0001)
    static let payloadNaN32 = Float(bitPattern: 0xffc1_2345)
    static let signalingNaN64 = Double(bitPattern: 0x7ff0_0000_0000_0001)
    static let payloadNaN64 = Double(bitPattern: 0xfff8_dead_beef_0001)

    /// Signaling NaNs and NaNs with sign and payload bits, flat (through
    /// the echo of ``ComponentFixtures/echo``) and inside compound values.
    @Test func nanPayloadsBitForBit() throws {
        let flat = try ComponentLinker(engine: engine).instantiate(
            Component(engine: engine, wat: ComponentFixtures.echo), in: Store(engine: engine))
        for value in [Self.signalingNaN32, Self.payloadNaN32] {
            guard case .f32(let back) = try flat.function("echo-f32")(.f32(value)) else {
                Issue.record("not f32")
                continue
            }
            #expect(back.bitPattern == value.bitPattern, "0x\(String(back.bitPattern, radix: 16))")
        }
        for value in [Self.signalingNaN64, Self.payloadNaN64] {
            guard case .f64(let back) = try flat.function("echo-f64")(.f64(value)) else {
                Issue.record("not f64")
                continue
            }
            #expect(back.bitPattern == value.bitPattern, "0x\(String(back.bitPattern, radix: 16))")
        }

        let floats: ComponentValue = .list([.f32(Self.signalingNaN32), .f32(Self.payloadNaN32), .f32(-0.0), .f32(.nan)])
        #expect(try echo("f32s", floats) == floats)
        let doubles: ComponentValue = .list([.f64(Self.signalingNaN64), .f64(Self.payloadNaN64), .f64(-.infinity)])
        #expect(try echo("f64s", doubles) == doubles)
        for pair: ComponentValue in [
            .tuple([.list([.f32(Self.payloadNaN32)]), .some(.f64(Self.signalingNaN64)), .ok(.f32(Self.signalingNaN32))]
            ),
            .tuple([.list([]), .none, .err(.f64(Self.payloadNaN64))]),
        ] {
            #expect(try echo("float-pairs", pair) == pair)
        }
    }

    static var compoundValues: [(name: String, values: [ComponentValue])] {
        let record = ComponentValue.record([.init("id", .u32(.max)), .init("name", "ñ"), .init("scores", [.s16(.min)])])
        return [
            ("u64s", [[], [.u64(0), .u64(.max), .u64(1 << 63)]]),
            ("s8s", [[.s8(-128), .s8(127), .s8(0)]]),
            ("chars", [[], [.char("a"), .char("\u{0}"), .char("\u{10FFFF}"), .char("\u{E000}"), .char("🦀")]]),
            ("bools", [[true, false, false, true]]),
            ("records", [[], [record, record]]),
            (
                "deep",
                [
                    .none, .some(.ok([])), .some(.err([])), .some(.err([.enum("blue"), .enum("red")])),
                    .some(
                        .ok([
                            .none, .some(.tuple([.variant("text", "t"), ["x", ""]])),
                            .some(.tuple([.variant("nothing", nil), []])),
                        ])),
                ]
            ),
            ("flags-list", [[.flags([]), .flags(["exec"]), .flags(["read", "write", "exec"])]]),
            ("byte-lists", [[], [.bytes([]), .bytes([1]), .bytes(0..<255)]]),
            ("single-tuples", [[], [.tuple([.u8(1)]), .tuple([.u8(255)])]]),
            ("result-both-empty", [[.ok(nil), .err(nil), .ok(nil)]]),
        ]
    }

    @Test(arguments: compoundValues.map(\.name))
    func moreCompoundKindsBothWays(name: String) throws {
        let values = try #require(Self.compoundValues.first { $0.name == name }).values
        for value in values {
            let back = try echo(name, value)
            #expect(back == value, "\(name): \(value) came back as \(back)")
        }
    }

    /// Lists of 8-byte and 1-byte elements, and lists of strings, up to 1 MiB of payload.
    @Test(arguments: [0, 1, 4096, 1 << 20])
    func largeListsOfEveryWidth(bytes: Int) throws {
        let words = (0..<(bytes / 8)).map { ComponentValue.u64(UInt64($0) &* 0x9e37_79b9_7f4a_7c15) }
        #expect(try echo("u64s", .list(words)) == .list(words))
        let signed = (0..<bytes).map { ComponentValue.s8(Int8(truncatingIfNeeded: $0 &* 37)) }
        #expect(try echo("s8s", .list(signed)) == .list(signed))
        let strings = (0..<(bytes / 64)).map { ComponentValue.string(String(repeating: "ä", count: $0 % 40)) }
        #expect(try echo("strings", .list(strings)) == .list(strings), "through the base echo component")
    }

    @Test func fiveParametersOfDifferentKinds() throws {
        let mixed = try instance.function("mixed")
        #expect(mixed.type.parameters.map(\.name) == ["a", "b", "c", "d", "e"])
        let arguments: [ComponentValue] = [.u8(250), "héllo", .f64(-1.5e300), [.u16(1), .u16(.max)], true]
        #expect(try mixed.call(arguments) == [.tuple(arguments)])
        let empty: [ComponentValue] = [.u8(0), "", .f64(Self.payloadNaN64), [], false]
        #expect(try mixed.call(empty) == [.tuple(empty)])
    }

    /// A guest resource handed to the guest and back, alone and in a list:
    /// the host gets handles to the same resources (same reps).
    @Test func resourcesThereAndBack() throws {
        let token = try instance.function("new-token")(.u32(41))
        let back = try instance.function("echo-own")(token)
        guard case .resource(let resource) = back else {
            Issue.record("not a resource: \(back)")
            return
        }
        #expect(resource.isOwned)
        #expect(try instance.function("rep")(back) == .u32(41))
        expectWasmtimeError(.runtime) { try instance.function("rep")(token) }  // moved into the guest

        let tokens = try (1...3).map { try instance.function("new-token")(.u32(UInt32($0) * 100)) }
        let list = try echo("owns", .list(tokens))
        guard case .list(let returned) = list, returned.count == 3 else {
            Issue.record("not a list of three: \(list)")
            return
        }
        #expect(try returned.map { try instance.function("rep")($0) } == [.u32(100), .u32(200), .u32(300)])
    }

    /// `map` values guest → host → guest (``ComponentEchoTests/maps()``
    /// covers host → guest → host).
    @Test func mapsThroughHostFunctions() throws {
        var config = Config()
        config.wasm.componentModelMap = true
        let engine = try Engine(config)
        let linker = ComponentLinker(engine: engine)
        final class Seen: @unchecked Sendable { var values: [ComponentValue] = [] }
        let seen = Seen()
        for name in ["host-map", "host-nested"] {
            try linker.defineFunction(name) { arguments in
                seen.values += arguments
                return arguments
            }
        }
        let guest = try linker.instantiate(
            Component(engine: engine, wat: ComponentRoundTripFixtures.mapPassThrough), in: Store(engine: engine))
        let maps: [ComponentValue] = [
            .map([]), .map([.init("one", .u32(1)), .init("", .u32(.max)), .init("ü", .u32(0))]),
        ]
        for value in maps { #expect(try guest.function("map")(value) == value) }
        let nested = ComponentValue.map([.init(.u8(0), []), .init(.u8(255), ["a", "", "🦀"])])
        #expect(try guest.function("nested")(nested) == nested)
        #expect(seen.values == maps + [nested])
        let wrong = expectWasmtimeError(.typeMismatch) { try guest.function("map")(.map([.init(.u8(1), .u32(1))])) }
        #expect(wrong?.message.contains("[key 0]") == true)
    }

    /// Guest → host → guest: each value is lifted from the guest for the
    /// host function and lowered back into the guest from its result.
    @Test func throughHostFunctions() throws {
        let linker = ComponentLinker(engine: engine)
        final class Seen: @unchecked Sendable { var values: [String: [ComponentValue]] = [:] }
        let seen = Seen()
        for item in ComponentRoundTripFixtures.passThroughTypes {
            try linker.defineFunction("host-\(item.name)") { arguments in
                seen.values[item.name, default: []].append(contentsOf: arguments)
                return arguments
            }
        }
        let component = try Component(engine: engine, wat: ComponentRoundTripFixtures.passThrough)
        let guest = try linker.instantiate(component, in: Store(engine: engine))
        let values: [String: [ComponentValue]] = [
            "char": [.char("ß"), .char("\u{10FFFF}")],
            "f64": [.f64(Self.signalingNaN64), .f64(-0.0)],
            "u64": [.u64(.max)],
            "enum": [.enum("green")],
            "flags": [.flags(["read", "exec"]), .flags([])],
            "variant": [.variant("number", .u64(1 << 60)), .variant("text", "über"), .variant("nothing", nil)],
            "tuple": [.tuple([.u8(1), "one", .f64(Self.payloadNaN64)])],
            "bytes": [.bytes((0..<70_000).map { UInt8(truncatingIfNeeded: $0) })],
            "option-option": [.none, .some(.none), .some(.some(.u32(7)))],
            "nested": [
                [.variant("leaf", .record([.init("k", "a"), .init("v", .some(.err("e")))])), .variant("empty", nil)]
            ],
        ]
        for item in ComponentRoundTripFixtures.passThroughTypes {
            for value in try #require(values[item.name]) {
                #expect(try guest.function(item.name)(value) == value, "\(item.name)")
            }
            #expect(seen.values[item.name] == values[item.name], "\(item.name) as the host saw it")
        }
    }
}
