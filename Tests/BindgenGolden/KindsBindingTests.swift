import Testing
import Wasmtime

/// Every kind of type through the generated `Kinds` bindings: each value
/// goes into the guest and comes back, converted by generated code only.
@Suite struct KindsBindingTests {
    let exports: Kinds.Exports

    init() throws {
        var config = Config()
        config.wasm.componentModelMap = true  // for echo-map
        let engine = try Engine(config)
        let component = try GoldenFixtures.component("kinds.wat", engine: engine)
        exports = try Kinds.Exports(
            try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine)))
    }

    @Test func scalarsAndInterfaces() throws {
        #expect(try exports.add(a: 40, b: 2) == 42)
        #expect(try exports.add(a: .max, b: 1) == 0)
        #expect(try exports.math.mul(a: 6, b: 7) == 42)
        #expect(try exports.math.add(a: 1, b: 2) == 3)
        let scalars = try exports.echoScalars(
            value: ComponentTuple(
                true, Int8(-1), UInt8(255), Int16(-300), UInt16(65_000), Int32.min, UInt32.max, Int64.min, UInt64.max,
                Float(1.5), -0.25, Unicode.Scalar("ß")),
            pad: GoldenFixtures.pad
        ).elements
        #expect(scalars.0 == true && scalars.1 == -1 && scalars.2 == 255 && scalars.3 == -300 && scalars.4 == 65_000)
        #expect(scalars.5 == .min && scalars.6 == .max && scalars.7 == .min && scalars.8 == .max)
        #expect(scalars.9 == 1.5 && scalars.10 == -0.25 && scalars.11 == "ß")
    }

    @Test func recordsVariantsEnumsFlags() throws {
        let ada = Kinds.Person(name: "Ada", age: 36, tags: ["math", "🦀", ""], home: Kinds.Point(x: -3, y: 4))
        #expect(try exports.echoPerson(value: ada, pad: GoldenFixtures.pad) == ada)
        let nobody = Kinds.Person(name: "", age: 0, tags: [], home: nil)
        #expect(try exports.echoPerson(value: nobody, pad: GoldenFixtures.pad) == nobody)
        for shape in [Kinds.Shape.circle(2.5), .rect(Kinds.Point(x: 1, y: -1)), .empty] {
            #expect(try exports.echoShape(value: shape, pad: GoldenFixtures.pad) == shape)
        }
        let shapes: [Kinds.Shape] = [.empty, .circle(-0.0), .rect(Kinds.Point(x: .max, y: .min))]
        #expect(try exports.echoShapes(value: shapes, pad: GoldenFixtures.pad) == shapes)
        for color in Kinds.Color.allCases {
            #expect(try exports.echoColor(value: color) == color)
        }
        for perms: Kinds.Perms in [[], [.read], [.write, .exec], [.read, .write, .exec]] {
            #expect(try exports.echoPerms(value: perms) == perms)
        }
    }

    @Test func tuplesOptionsResultsLists() throws {
        let tuple = try exports.echoTuple(value: ComponentTuple(UInt8(9), "nine", 9.5), pad: GoldenFixtures.pad)
            .elements
        #expect(tuple.0 == 9 && tuple.1 == "nine" && tuple.2 == 9.5)
        for value: String?? in [nil, .some(nil), "x", ""] {
            #expect(try exports.echoOption(value: value, pad: GoldenFixtures.pad) == value)
        }
        let results: [Result<String, ComponentError<UInt32>>] = [.success("fine"), .failure(.init(404))]
        for result in results {
            #expect(try exports.echoResult(value: result, pad: GoldenFixtures.pad) == result)
        }
        let failed = try exports.echoResultColor(value: .failure(.blue), pad: GoldenFixtures.pad)
        guard case .failure(.blue) = failed else {
            Issue.record("expected failure(blue), got \(failed)")
            return
        }
        let succeeded = try exports.echoResultColor(value: .success(ComponentUnit()), pad: GoldenFixtures.pad)
        guard case .success = succeeded else {
            Issue.record("expected success, got \(succeeded)")
            return
        }
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(try exports.echoBytes(value: bytes, pad: GoldenFixtures.pad) == bytes)
        #expect(try exports.echoBytes(value: [], pad: GoldenFixtures.pad) == [])
        #expect(try exports.echoStrings(value: ["a", "", "é🦀"], pad: GoldenFixtures.pad) == ["a", "", "é🦀"])
    }

    @Test func maps() throws {
        let map: [String: [UInt32]] = ["one": [1], "none": [], "many": [1, 2, 3, .max], "": [0]]
        #expect(try exports.echoMap(value: map, pad: GoldenFixtures.pad) == map)
        #expect(try exports.echoMap(value: [:], pad: GoldenFixtures.pad) == [:])
    }

    /// A guest resource: constructor, method, static function, borrows, and
    /// an explicit drop that runs the guest's destructor.
    @Test func guestResources() throws {
        let seven = try Kinds.Counter(exports, start: 7)
        let zero = try Kinds.Counter.zero(exports)
        #expect(try seven.value() == 7)
        #expect(try zero.value() == 0)
        #expect(try exports.sum(a: seven, b: seven) == 14)
        #expect(try exports.sum(a: seven, b: zero) == 7)
        #expect(try exports.dropped() == 0)
        try seven.drop()
        #expect(try exports.dropped() == 7)  // the destructor adds the representation it drops
        #expect(throws: WasmtimeError.self) { try seven.value() }
        #expect(throws: WasmtimeError.self) { try seven.drop() }
    }
}
