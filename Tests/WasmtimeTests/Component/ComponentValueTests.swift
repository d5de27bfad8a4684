import Testing
import Wasmtime

/// `ComponentValue` as a Swift value: WAVE descriptions (the expected texts
/// are what the reference `wasmtime` 49 CLI printed for the same values with
/// `--invoke`), bit-exact equality, literals and conversions.
@Suite struct ComponentValueTests {
    static var wave: [(ComponentValue, String)] {
        [
            (true, "true"),
            (.s8(-5), "-5"),
            (.u64(.max), "18446744073709551615"),
            (.s64(.min), "-9223372036854775808"),
            (.f64(1), "1"),
            (.f64(0.1), "0.1"),
            (.f64(-0.0), "-0"),
            (.f64(1e-7), "0.0000001"),
            (.f64(1e100), "1" + String(repeating: "0", count: 100)),
            (.f64(Double("123456789012345680000")!), "123456789012345680000"),
            (.f64(.leastNonzeroMagnitude), "0." + String(repeating: "0", count: 323) + "5"),
            (.f32(1e30), "1" + String(repeating: "0", count: 30)),
            (.f32(3.4028235e38), "340282350000000000000000000000000000000"),
            (.f32(1.5), "1.5"),
            (.f32(0.1), "0.1"),
            (.f32(.nan), "nan"),
            (.f64(-.infinity), "-inf"),
            (.f64(.infinity), "inf"),
            (.char("'"), #"'\''"#),
            (.char("\""), #"'\"'"#),
            (.char("🦀"), "'🦀'"),
            (.char("é"), "'é'"),
            (.char(" "), "' '"),
            (.char("\u{0}"), #"'\u{0}'"#),
            (.char("\u{301}"), #"'\u{301}'"#),
            ("hi", #""hi""#),
            ("a\"b'c", #""a\"b\'c""#),
            ("tab\there\u{7f}", #""tab\there\u{7f}""#),
            ("\u{1}\r\u{85}\u{a0}\u{200b}", #""\u{1}\r\u{85}\u{a0}\u{200b}""#),
            (
                "e\u{301}x é ✓ \u{e000} \u{2028} \u{fffd} \u{10ffff} 漢",
                #""e\u{301}x é ✓ \u{e000} \u{2028} � \u{10ffff} 漢""#
            ),
            (" \u{3000}", #"" \u{3000}""#),
            ("line\nbreak\\", #""line\nbreak\\""#),
            (
                .record([.init("id", .u32(7)), .init("name", "Ada"), .init("scores", [.s16(-1), .s16(300)])]),
                #"{id: 7, name: "Ada", scores: [-1, 300]}"#
            ),
            (.variant("number", .u64(5)), "number(5)"),
            (.variant("nothing", nil), "nothing"),
            (.some(.none), "some(none)"),
            (.ok("x"), #"ok("x")"#),
            (.ok(nil), "ok"),
            (.err("bad"), #"err("bad")"#),
            (.flags(["read", "exec"]), "{read, exec}"),
            (.flags([]), "{}"),
            (.enum("green"), "green"),
            (.tuple([.u8(1), "a", .f64(2.5)]), #"(1, "a", 2.5)"#),
            (.bytes([1, 2]), "[1, 2]"),
            ([], "[]"),
            (
                .list([
                    .variant("leaf", .record([.init("k", "a"), .init("v", .some(.err("no")))])), .variant("empty", nil),
                ]),
                #"[leaf({k: "a", v: some(err("no"))}), empty]"#
            ),
            (.none, "none"),
            (.map([.init("a", .u32(1)), .init("b", .u32(2))]), #"{"a": 1, "b": 2}"#),
        ]
    }

    @Test(arguments: wave.indices)
    func waveDescription(index: Int) {
        let (value, expected) = Self.wave[index]
        #expect(value.description == expected)
    }

    @Test func equalityIsStructuralAndBitExact() {
        #expect(ComponentValue.f64(.nan) == .f64(.nan))  // same payload
        #expect(ComponentValue.f64(Double(bitPattern: 0x7ff8_0000_0000_0001)) != .f64(.nan))
        #expect(ComponentValue.f32(0) != .f32(-0.0))
        #expect(ComponentValue.u32(1) != .s32(1))
        #expect(ComponentValue.ok(nil) != .err(nil))
        #expect(ComponentValue.list([]) != .tuple([]))
        #expect(ComponentValue.record([.init("a", 1)]) != .record([.init("b", 1)]))
        #expect(ComponentValue.variant("a", nil) != .variant("a", .u8(0)))
        #expect(ComponentValue.option(nil) == nil)
    }

    @Test func literalsAndConversions() {
        let text: ComponentValue = "hi"
        #expect(text == .string("hi"))
        #expect(text.string == "hi")
        let number: ComponentValue = 42
        #expect(number == .s32(42))
        let flag: ComponentValue = false
        #expect(flag == .bool(false))
        let float: ComponentValue = 2.5
        #expect(float == .f64(2.5))
        let list: ComponentValue = [1, 2]
        #expect(list == .list([.s32(1), .s32(2)]))
        let absent: ComponentValue = nil
        #expect(absent == .none)
        #expect(ComponentValue.bytes([1, 2, 3]).bytes == [1, 2, 3])
        #expect(ComponentValue.list([.u8(1), .u16(2)]).bytes == nil)
        let record = ComponentValue.record([.init("name", "Ada"), .init("age", .u8(36))])
        #expect(record[field: "age"] == .u8(36))
        #expect(record[field: "missing"] == nil)
        #expect(record.kindName == "record")
        #expect(ComponentValue.err(nil).kindName == "result")
    }

    @Test func typeDescriptionsAreWIT() {
        let type = ComponentValueType.result(
            ok: .list(.tuple([.u8, .string])),
            error: .variant([
                .init(name: "closed"), .init(name: "failed", payload: .option(.s64)),
            ]))
        #expect(type.description == "result<list<tuple<u8, string>>, variant { closed, failed(option<s64>) }>")
        #expect(ComponentValueType.result(ok: nil, error: .string).description == "result<_, string>")
        #expect(ComponentValueType.map(key: .string, value: .u32).description == "map<string, u32>")
        #expect(ComponentValueType.future(nil).description == "future")
        #expect(ComponentValueType.stream(.u8).description == "stream<u8>")
    }
}
