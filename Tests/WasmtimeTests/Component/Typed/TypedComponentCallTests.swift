import Testing
import Wasmtime
import WasmtimeTestSupport

/// Typed calls of component exports: every built-in conversion and the
/// hand-written record/variant/enum/flags conformances go host → guest →
/// host through the echo component and come back equal.
@Suite struct TypedComponentCallTests {
    let engine = Engine()
    let instance: ComponentInstance

    init() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.echo)
        instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
    }

    /// Echoes `value` through the flat `echo-<name>`.
    func flat<T: ComponentValueConvertible>(_ name: String, _ value: T) throws -> T {
        let echo = try instance.function("echo-\(name)", T.self, T.self)
        return try echo(value)
    }

    /// Echoes `value` through the memory `echo-<name>` (with its padding argument).
    func memory<T: ComponentValueConvertible>(_ name: String, _ value: T) throws -> T {
        let echo = try instance.function("echo-\(name)", (T, Pad).self, T.self)
        return try echo(value, zeroPad)
    }

    @Test func integersAndBools() throws {
        for value in [true, false] { #expect(try flat("bool", value) == value) }
        for value: Int8 in [0, .min, .max, -1] { #expect(try flat("s8", value) == value) }
        for value: UInt8 in [0, .max, 128] { #expect(try flat("u8", value) == value) }
        for value: Int16 in [.min, .max, -2] { #expect(try flat("s16", value) == value) }
        for value: UInt16 in [0, .max, 0x8000] { #expect(try flat("u16", value) == value) }
        for value: Int32 in [.min, .max, -7] { #expect(try flat("s32", value) == value) }
        for value: UInt32 in [0, .max, 0x8000_0000] { #expect(try flat("u32", value) == value) }
        for value: Int64 in [.min, .max, -3] { #expect(try flat("s64", value) == value) }
        for value: UInt64 in [0, .max, 1 << 63] { #expect(try flat("u64", value) == value) }
        for value: Int in [.min, .max, -5] { #expect(try flat("s64", value) == value) }
        for value: UInt in [0, .max] { #expect(try flat("u64", value) == value) }
    }

    /// Floats come back bit for bit, NaN payloads and signed zeros included.
    @Test func floatsAreBitExact() throws {
        let floats: [Float] = [
            1.5, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            Float(bitPattern: 0x7FC0_0001), Float(bitPattern: 0xFF80_1234), .signalingNaN,
        ]
        for value in floats { #expect(try flat("f32", value).bitPattern == value.bitPattern) }
        let doubles: [Double] = [
            -0.25, -0.0, .infinity, .pi, .leastNonzeroMagnitude, Double(bitPattern: 0x7FF8_0000_0000_0ABC),
            Double(bitPattern: 0xFFF0_0000_0000_0001),
        ]
        for value in doubles { #expect(try flat("f64", value).bitPattern == value.bitPattern) }
    }

    @Test func chars() throws {
        for value: Unicode.Scalar in ["A", "é", "🦀", "\u{0}", "\u{10FFFF}", "\u{D7FF}", "\u{E000}"] {
            #expect(try flat("char", value) == value)
        }
    }

    static let sizes = [0, 1, 16, 1000, 16 * 1024, 64 * 1024, 1 << 20]

    /// Strings from 0 B to 1 MiB, ASCII and not.
    @Test(arguments: sizes)
    func strings(size: Int) throws {
        let ascii = String(repeating: "a", count: size)
        #expect(try memory("string", ascii) == ascii)
        let mixed = String(String(repeating: "hé🦀", count: size / 7 + 1).unicodeScalars.prefix(size / 3))
        #expect(try memory("string", mixed) == mixed)
    }

    /// `list<u8>` (the byte fast path) from 0 B to 1 MiB.
    @Test(arguments: sizes)
    func bytes(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(try memory("bytes", bytes) == bytes)
    }

    @Test func listsOfStrings() throws {
        for value: [String] in [[], [""], ["a", "bc", "héllo 🦀"], Array(repeating: "xyz", count: 10_000)] {
            #expect(try memory("strings", value) == value)
        }
    }

    @Test func handWrittenRecord() throws {
        let records = [
            ARecord(id: 7, name: "Ada", scores: [1, -2, .max, .min]),
            ARecord(id: .max, name: "", scores: []),
        ]
        for record in records { #expect(try memory("record", record) == record) }
    }

    @Test func tuples() throws {
        let value = ComponentTuple<UInt8, String, Double>(200, "tuple", -1.25)
        #expect(try memory("tuple", value) == value)
        let scalars = ComponentTuple<
            Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, Unicode.Scalar
        >(true, -8, 8, -16, 16, -32, 32, -64, 64, 3.5, -6.25, "λ")
        let back = try memory("scalars", scalars)
        #expect(back == scalars)
        // A tuple *result* may be spelled as a Swift tuple type (the parameter-pack form).
        let echo = try instance.function(
            "echo-tuple", (ComponentTuple<UInt8, String, Double>, Pad).self, (UInt8, String, Double).self)
        let (byte, text, number) = try echo(value, zeroPad)
        #expect(byte == 200 && text == "tuple" && number == -1.25)
    }

    @Test func handWrittenVariant() throws {
        for value in [AVariant.nothing, .number(0), .number(.max), .text(""), .text("variant ✓")] {
            #expect(try memory("variant", value) == value)
        }
    }

    @Test func handWrittenEnumAndFlags() throws {
        for color in Color.allCases { #expect(try flat("enum", color) == color) }
        let sets: [Permissions] = [[], [.read], [.write, .exec], [.read, .write, .exec]]
        for permissions in sets { #expect(try flat("flags", permissions) == permissions) }
        let pair = ComponentTuple<Permissions, Color>([.read, .exec], .blue)
        let back = try memory("flags-pair", pair)
        #expect(back.elements.0 == [.read, .exec] && back.elements.1 == .blue)
    }

    @Test func options() throws {
        for value: String? in [nil, "", "some"] { #expect(try memory("option-string", value) == value) }
        // option<option<u32>>: `some(none)` is not `none`.
        for value: UInt32?? in [.none, .some(.none), .some(.some(5))] {
            #expect(try memory("option-option", value) == value)
        }
    }

    @Test func results() throws {
        typealias R = Result<String, ComponentError<UInt32>>
        for value: R in [.success("fine"), .success(""), .failure(ComponentError(UInt32(404)))] {
            #expect(try memory("result", value) == value)
        }
        // result<_, string>: the ok side has no payload.
        typealias E = Result<ComponentUnit, ComponentError<String>>
        for value: E in [.success(ComponentUnit()), .failure(ComponentError("bad"))] {
            #expect(try memory("result-error", value) == value)
        }
        // result: neither side has a payload.
        typealias U = Result<ComponentUnit, ComponentUnit>
        for value: U in [.success(ComponentUnit()), .failure(ComponentUnit())] {
            #expect(try flat("result-unit", value) == value)
        }
    }

    /// Nested records, variants, options and results inside a list.
    @Test func nestedValues() throws {
        let nodes: [Node] = [
            .empty,
            .leaf(Leaf(k: "a", v: nil)),
            .leaf(Leaf(k: "b", v: .success(255))),
            .leaf(Leaf(k: "ç", v: .failure(ComponentError("nope")))),
        ]
        #expect(try memory("nested", nodes) == nodes)
        #expect(try memory("nested", [Node]()) == [])
    }

    /// Dynamic values mix into typed signatures (checked like dynamic calls).
    @Test func dynamicValuesInTypedSignatures() throws {
        let value: ComponentValue = .record([.init("id", .u32(1)), .init("name", "dyn"), .init("scores", [])])
        #expect(try memory("record", value) == value)
        #expect(throws: WasmtimeError.self) { try memory("record", ComponentValue.string("wrong")) }
        // The store stays usable after the rejected argument.
        #expect(try flat("u32", UInt32(9)) == 9)
    }

    @Test func mapsAsDictionaries() throws {
        var config = Config()
        config.wasm.componentModelMap = true
        let engine = try Engine(config)
        let component = try Component(engine: engine, wat: ComponentFixtures.mapEcho)
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        let echo = try instance.function("echo-map", ([String: UInt32], Pad).self, [String: UInt32].self)
        for value: [String: UInt32] in [[:], ["one": 1], ["a": 0, "bb": .max, "héllo": 7]] {
            #expect(try echo(value, zeroPad) == value)
        }
        let nested = try instance.function(
            "echo-nested-map", ([UInt8: [[String: Bool]]], Pad).self, [UInt8: [[String: Bool]]].self)
        let value: [UInt8: [[String: Bool]]] = [1: [["t": true], [:]], 200: []]
        #expect(try nested(value, zeroPad) == value)
    }

    // MARK: Signatures, functions, errors

    @Test func multipleParametersAndNoResult() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        let add = try instance.function("add", (UInt32, UInt32).self, UInt32.self)
        #expect(try add(2, 3) == 5)
        #expect(try add.call(UInt32.max, 1) == 0)
        // No parameters, no result; a trap comes out as Trap.
        // Calls with several arguments type-check straight off the lookup.
        #expect(try instance.function("add", (UInt32, UInt32).self, UInt32.self)(UInt32(7), UInt32(8)) == 15)
        #expect(
            try self.instance.function("echo-string", (String, Pad).self, String.self)("direct", zeroPad) == "direct")
        let fail = try instance.function("fail", Void.self)
        let trap = try #require(throws: Trap.self) { try fail() }
        #expect(trap.code == .unreachable)
    }

    @Test func nestedExportPathsAndResources() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.exportsInstance)
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        let add = try instance.function(path: ["wasi:test/api@0.1.0", "add"], (UInt32, UInt32).self, UInt32.self)
        #expect(try add(40, 2) == 42)
        let make = try instance.function("make", UInt32.self, ComponentResource.self)
        let get = try instance.function("get", ComponentResource.self, UInt32.self)
        let dropped = try instance.function("dropped", Void.self, UInt32.self)
        let resource = try make(21)
        #expect(resource.isOwned)
        #expect(try get(resource) == 21)  // borrowed: still ours afterwards
        #expect(try get(resource) == 21)
        try resource.drop()
        #expect(try dropped() == 21)
        #expect(throws: WasmtimeError.self) { try get(resource) }
    }

    @Test func signatureMismatchesNameFunctionParameterAndTypes() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        let wrongParameter = try #require(throws: WasmtimeError.self) {
            try instance.function("add", (UInt32, String).self, UInt32.self)
        }
        #expect(wrongParameter.kind == .typeMismatch)
        #expect(wrongParameter.message.contains("\"add\""))
        #expect(wrongParameter.message.contains("parameter 1 `b` has type u32"))
        #expect(wrongParameter.message.contains("Swift type String"))
        let wrongCount = try #require(throws: WasmtimeError.self) {
            try instance.function("add", UInt32.self, UInt32.self)
        }
        #expect(wrongCount.message.contains("takes 2 parameter(s), the Swift signature 1"))
        let wrongResult = try #require(throws: WasmtimeError.self) {
            try instance.function("add", (UInt32, UInt32).self, Int32.self)
        }
        #expect(wrongResult.message.contains("the result has type u32, which Swift type Int32 does not match"))
        let missingResult = try #require(throws: WasmtimeError.self) {
            try instance.function("fail", Void.self, UInt32.self)
        }
        #expect(missingResult.message.contains("it has no result"))
        let unexpectedResult = try #require(throws: WasmtimeError.self) {
            try instance.function("add", (UInt32, UInt32).self)
        }
        #expect(unexpectedResult.message.contains("returns nothing"))
        #expect(throws: WasmtimeError.self) { try instance.function("missing", UInt32.self, UInt32.self) }
        // Records check their field names and types.
        let echo = try Component(engine: engine, wat: ComponentFixtures.echo)
        let echoInstance = try ComponentLinker(engine: engine).instantiate(echo, in: Store(engine: engine))
        let wrongRecord = try #require(throws: WasmtimeError.self) {
            try echoInstance.function("echo-variant", (ARecord, Pad).self, ARecord.self)
        }
        #expect(wrongRecord.message.contains("parameter 0 `x` has type variant"))
        #expect(wrongRecord.message.contains("ARecord"))
    }

    /// A conformance whose `matches` promises one type but lowers another is
    /// stopped before Wasmtime sees the value, and the store stays usable.
    @Test func lyingConformanceIsCaughtBeforeTheCall() throws {
        struct Liar: ComponentLowerable {
            static func matches(_ type: ComponentValueType) -> Bool { true }
            func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lower("not a number") }
        }
        struct Silent: ComponentLowerable {
            static func matches(_ type: ComponentValueType) -> Bool { true }
            func lower(into lowerer: inout ComponentLowerer) throws {}
        }
        struct Twice: ComponentLowerable {
            static func matches(_ type: ComponentValueType) -> Bool { true }
            func lower(into lowerer: inout ComponentLowerer) throws {
                try lowerer.lower(UInt32(1))
                try lowerer.lower(UInt32(2))
            }
        }
        let liar = try instance.function("echo-u32", Liar.self, UInt32.self)
        let lie = try #require(throws: WasmtimeError.self) { try liar(Liar()) }
        #expect(lie.message.contains("expected u32, got string"))
        let silent = try instance.function("echo-u32", Silent.self, UInt32.self)
        #expect(throws: WasmtimeError.self) { try silent(Silent()) }
        let twice = try instance.function("echo-u32", Twice.self, UInt32.self)
        #expect(throws: WasmtimeError.self) { try twice(Twice()) }
        #expect(try flat("u32", UInt32(77)) == 77)
    }
}
