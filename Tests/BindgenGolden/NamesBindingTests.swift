import Testing
import Wasmtime

/// Keywords and colliding names, through the generated `Names` bindings.
@Suite struct NamesBindingTests {
    @Test func keywordsAndCollisions() throws {
        let engine = Engine()
        let component = try GoldenFixtures.component("names.wat", engine: engine)
        let exports = try Names.Exports(
            try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine)))
        let record = Names.Type2(in: 1, self2: 2, default: 3, init2: 4, functions: 5)
        #expect(try exports.import(in: record, pad: GoldenFixtures.pad) == record)
        for keyword in Names.Keyword.allCases {
            #expect(try exports.self2(self2: keyword) == keyword)
        }
        #expect(try exports.getValue(return: 9) == 9)
        #expect(try exports.instance2(x: Names.Exports2(x: 5)) == Names.Exports2(x: 5))
        #expect(try exports.flags(raw: [.rawValue2, .read]) == [.rawValue2, .read])
        for error in [Names.Error.none, .some("x"), .protocol(7)] {
            #expect(try exports.fail(error: error, pad: GoldenFixtures.pad) == error)
        }
        #expect(try exports.util.run() == 1)
        #expect(try exports.exampleBUtil.run() == 2)
    }
}
