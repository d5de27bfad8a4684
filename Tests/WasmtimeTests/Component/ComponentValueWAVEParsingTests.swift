import Testing
import Wasmtime

/// `ComponentValue(wave:as:)`: every kind the WAVE printer prints reads back
/// to the same value, the spellings the `wasmtime` CLI accepts are read, and
/// bad text is an error that says what and where.
@Suite struct ComponentValueWAVEParsingTests {
    static let record: ComponentValueType = .record([
        .init(name: "id", type: .u32), .init(name: "name", type: .string), .init(name: "tag", type: .option(.string)),
    ])
    static let variant: ComponentValueType = .variant([
        .init(name: "nothing"), .init(name: "number", payload: .u64), .init(name: "text", payload: .string),
        .init(name: "none", payload: .bool),
    ])
    static let colors: ComponentValueType = .enum(["red", "green", "blue", "true"])
    static let permissions: ComponentValueType = .flags(["read", "write", "exec"])

    /// One value of every kind (and the corners of each), with its type.
    static let samples: [(ComponentValue, ComponentValueType)] = [
        (.bool(true), .bool), (.bool(false), .bool),
        (.s8(-128), .s8), (.s8(127), .s8), (.u8(255), .u8), (.s16(-32768), .s16), (.u16(65535), .u16),
        (.s32(.min), .s32), (.u32(.max), .u32), (.s64(.min), .s64), (.u64(.max), .u64),
        (.f32(1.5), .f32), (.f32(-0.0), .f32), (.f32(.infinity), .f32), (.f32(-.infinity), .f32),
        (.f32(.leastNonzeroMagnitude), .f32), (.f32(.greatestFiniteMagnitude), .f32), (.f32(0.1), .f32),
        (.f64(0.1), .f64), (.f64(-1e300), .f64), (.f64(.leastNonzeroMagnitude), .f64), (.f64(123456.789), .f64),
        (.f64(-.infinity), .f64),
        (.char("a"), .char), (.char("'"), .char), (.char("\""), .char), (.char("\\"), .char), (.char("\u{7f}"), .char),
        (.char("\u{1F600}"), .char), (.char("\u{301}"), .char), (.char("\n"), .char),
        (.string(""), .string), (.string("hi"), .string),
        (.string("tab\there \"quoted\" 'single' back\\slash\nline\r\u{0}\u{200B}é😀"), .string),
        (.list([]), .list(.u8)), (.list([.u8(1), .u8(2)]), .list(.u8)),
        (.list([.list([.string("a")]), .list([])]), .list(.list(.string))),
        (.record([.init("id", .u32(7)), .init("name", "Ada"), .init("tag", .option(nil))]), record),
        (.record([.init("id", .u32(0)), .init("name", ""), .init("tag", .option("x"))]), record),
        (.record([]), .record([])),
        (.tuple([.u8(1), .string("a"), .f64(2.5)]), .tuple([.u8, .string, .f64])), (.tuple([]), .tuple([])),
        (.variant("nothing", nil), variant), (.variant("number", .u64(42)), variant),
        (.variant("text", "x"), variant), (.variant("none", .bool(false)), variant),
        (.enum("green"), colors), (.enum("true"), colors),
        (.option(nil), .option(.u32)), (.option(.u32(3)), .option(.u32)),
        (.option(.option(nil)), .option(.option(.u32))), (.option(.option(.u32(1))), .option(.option(.u32))),
        (.ok(nil), .result(ok: nil, error: nil)), (.err(nil), .result(ok: nil, error: nil)),
        (.ok(.string("fine")), .result(ok: .string, error: .u32)), (.err(.u32(9)), .result(ok: .string, error: .u32)),
        (.ok(nil), .result(ok: nil, error: .string)), (.err(.string("bad")), .result(ok: nil, error: .string)),
        (.flags([]), permissions), (.flags(["read", "exec"]), permissions),
        (.flags(["read", "write", "exec"]), permissions),
        (.map([]), .map(key: .string, value: .u32)),
        (.map([.init("a", .u32(1)), .init("b", .u32(2))]), .map(key: .string, value: .u32)),
        (.list([.record([.init("id", .u32(1)), .init("name", "n"), .init("tag", .some("t"))])]), .list(record)),
    ]

    @Test(arguments: samples.indices)
    func printedValueReadsBack(index: Int) throws {
        let (value, type) = Self.samples[index]
        let text = value.description
        let parsed = try ComponentValue(wave: text, as: type)
        #expect(parsed == value, "\(text) read back as \(parsed)")
        #expect(parsed.description == text)
    }

    @Test(arguments: [(ComponentValueType.f32, "nan"), (.f64, "nan")])
    func nanReadsBackAsNaN(type: ComponentValueType, text: String) throws {
        let value = try ComponentValue(wave: ComponentValue(wave: text, as: type).description, as: type)
        switch value {
        case .f32(let x): #expect(x.isNaN)
        case .f64(let x): #expect(x.isNaN)
        default: Issue.record("not a float: \(value)")
        }
    }

    @Test(arguments: [
        ("  -17 ", ComponentValueType.s32, ComponentValue.s32(-17)),
        ("1e30", .f64, .f64(1e30)), ("1.5E-3", .f64, .f64(0.0015)), ("1e400", .f64, .f64(.infinity)),
        ("3.4e39", .f32, .f32(.infinity)), ("-0", .f64, .f64(-0.0)), ("7", .f32, .f32(7)),
        (#""\u{48}\u{1F600}""#, .string, .string("H😀")), (#"'\u{7f}'"#, .char, .char("\u{7f}")),
        ("[ 1 , 2 , ]", .list(.u8), .list([.u8(1), .u8(2)])),
        ("{name: \"x\", id: 3}", record, .record([.init("id", .u32(3)), .init("name", "x"), .init("tag", nil)])),
        ("{exec, read}", permissions, .flags(["read", "exec"])),
        ("%true", colors, .enum("true")), ("%none(true)", variant, .variant("none", .bool(true))),
        ("some( // a comment\n 5)", .option(.u8), .option(.u8(5))),
    ])
    func acceptedSpellings(text: String, type: ComponentValueType, expected: ComponentValue) throws {
        #expect(try ComponentValue(wave: text, as: type) == expected)
    }

    @Test(arguments: [
        ("300", ComponentValueType.u8, "300 is out of range for u8", 0..<3),
        ("-1", .u32, "out of range for u32", 0..<2),
        ("0x10", .u32, "expected a u32", 0..<4),
        ("1.", .f64, "expected an f64", 0..<2),
        (".5", .f64, "expected an f64", 0..<1),
        ("+1", .f64, "expected an f64", 0..<1),
        ("-nan", .f32, "expected an f32", 0..<4),
        ("1", .bool, "expected a bool", 0..<1),
        ("hi", .string, "expected a string", 0..<2),
        ("'a'", .string, "expected a string", 0..<3),
        ("'ab'", .char, "exactly one Unicode scalar", 0..<4),
        (#""\x""#, .string, "unknown escape", 1..<3),
        (#""\u{110000}""#, .string, "not a Unicode scalar value", 1..<11),
        ("\"open", .string, "unterminated string", 0..<5),
        ("[1, 2", .list(.u8), "expected `,` or `]`", 5..<5),
        ("[1 2]", .list(.u8), "expected `,` or `]`", 3..<4),
        ("(1)", .tuple([.u8, .u8]), "has 2 element(s), found 1", 0..<3),
        ("(1, 2, 3)", .tuple([.u8, .u8]), "has 2 element(s)", 7..<8),
        ("{id: 1}", record, "missing field `name`", 0..<7),
        ("{id: 1, id: 2, name: \"\"}", record, "duplicate field `id`", 8..<10),
        ("{id: 1, age: 2}", record, "no field `age`", 8..<11),
        ("maybe", variant, "no case `maybe`", 0..<5),
        ("number", variant, "needs a payload of type u64", 0..<6),
        ("nothing(1)", variant, "`nothing` has no payload", 0..<8),
        ("purple", colors, "no case `purple`", 0..<6),
        ("true", colors, "no case `true`", 0..<4),
        ("5", .option(.u8), "expected an option", 0..<1),
        ("some 5", .option(.u8), "needs a payload", 0..<4),
        ("fine", .result(ok: nil, error: nil), "expected a result", 0..<4),
        ("{read, read}", permissions, "duplicate flag `read`", 7..<11),
        ("{run}", permissions, "no flag `run`", 1..<4),
        ("1 2", .u8, "trailing characters after value", 2..<3),
        ("", .u8, "found the end of the text", 0..<0),
    ])
    func badTextSaysWhatAndWhere(text: String, type: ComponentValueType, message: String, range: Range<Int>) {
        let error = #expect(throws: WAVEParseError.self) { try ComponentValue(wave: text, as: type) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.range == range, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("at \(range.lowerBound)..\(range.upperBound)") == true)
    }

    @Test func typesWithoutATextFormAreRefused() {
        #expect(throws: WAVEParseError.self) { try ComponentValue(wave: "x", as: .errorContext) }
        #expect(throws: WAVEParseError.self) { try ComponentValue(wave: "[]", as: .stream(.u8)) }
    }

    @Test func argumentListsMatchTheParameterTypes() throws {
        let types: [ComponentValueType] = [.string, .list(.u32), .option(.bool)]
        #expect(
            try ComponentValue.values(wave: #" "a", [1, 2], some(true), "#, as: types)
                == [.string("a"), .list([.u32(1), .u32(2)]), .option(.bool(true))])
        #expect(try ComponentValue.values(wave: "  ", as: []) == [])
        let missing = #expect(throws: WAVEParseError.self) { try ComponentValue.values(wave: #""a""#, as: types) }
        #expect(missing?.message.hasPrefix("missing argument(s): 3 expected") == true)
        let extra = #expect(throws: WAVEParseError.self) { try ComponentValue.values(wave: "1, 2", as: [.u8]) }
        #expect(extra == WAVEParseError("more arguments than expected: 1 expected", at: 3..<4))
        let separator = #expect(throws: WAVEParseError.self) {
            try ComponentValue.values(wave: "1; 2", as: [.u8, .u8])
        }
        #expect(separator?.range == 1..<2)
    }

    @Test func positionsCountUTF8Bytes() {
        let error = #expect(throws: WAVEParseError.self) { try ComponentValue(wave: #"["é😀", 5]"#, as: .list(.string)) }
        #expect(error?.range == 11..<12)
        #expect(WAVEParseError("x", at: 1..<2).shifted(by: 5).range == 6..<7)
    }
}
