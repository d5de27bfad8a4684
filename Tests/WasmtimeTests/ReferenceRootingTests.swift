import Testing
import Wasmtime

/// Several `externref`s converted for one call: making each one can run a
/// garbage collection, which must not free those converted before it. Each
/// test makes enough calls for the GC heap to fill up many times over (about
/// every thousandth call collects), and checks every value that comes back.
@Suite struct ReferenceRootingTests {
    let engine = Engine()
    static let calls = 12_000

    private static let wat = """
        (module
          (import "host" "pair" (func $pair (param i32) (result externref externref)))
          (func (export "first") (param externref externref) (result externref) (local.get 0))
          (func (export "second") (param externref externref) (result externref) (local.get 1))
          (func (export "pair") (param i32) (result externref externref) (call $pair (local.get 0))))
        """

    private func instance(pair: Func, in store: AnyStore) throws -> Instance {
        try Instance(store: store, module: try Module(engine: engine, wat: Self.wat), imports: [.function(pair)])
    }

    private func number(_ value: Value?) -> Int? {
        guard case .externref(let reference?) = value else { return nil }
        return reference.value as? Int
    }

    @Test func typedCallArguments() throws {
        let store = Store(engine: engine)
        let pair = Func(store: store) { (_: Int32) -> (ExternRef?, ExternRef?) in (nil, nil) }
        let instance = try instance(pair: pair, in: store)
        let first = try instance.function("first", (ExternRef?, ExternRef?).self, ExternRef?.self)
        let second = try instance.function("second", (ExternRef?, ExternRef?).self, ExternRef?.self)
        var wrong = 0
        for i in 0..<Self.calls {
            if try first(ExternRef(i), ExternRef(-i))?.value as? Int != i { wrong += 1 }
            if try second(ExternRef(i), ExternRef(-i))?.value as? Int != -i { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    @Test func untypedCallArguments() throws {
        let store = Store(engine: engine)
        let pair = Func(store: store) { (_: Int32) -> (ExternRef?, ExternRef?) in (nil, nil) }
        let first = try instance(pair: pair, in: store).function("first")
        var results: [Value] = []
        var wrong = 0
        for i in 0..<Self.calls {
            try first.call([.externref(ExternRef(i)), .externref(ExternRef(-i))], into: &results)
            if number(results.first) != i { wrong += 1 }
            if number(try first.call([.externref(ExternRef(i)), .externref(ExternRef(-i))]).first) != i { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    /// Drives `pair` from wasm and checks both results of every call.
    private func checkPair(_ pair: Func, in store: AnyStore) throws {
        let run = try instance(pair: pair, in: store).function("pair")
        var results: [Value] = []
        var wrong = 0
        for i in 0..<Self.calls {
            try run.call([.i32(Int32(i))], into: &results)
            if number(results[0]) != i || number(results[1]) != -i { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    @Test func typedHostResults() throws {
        let store = Store(engine: engine)
        let pair = Func(store: store) { (i: Int32) -> (ExternRef?, ExternRef?) in
            (ExternRef(Int(i)), ExternRef(-Int(i)))
        }
        try checkPair(pair, in: store)
    }

    @Test func untypedArrayHostResults() throws {
        let store = Store(engine: engine)
        let type = FuncType(parameters: [.i32], results: [.externref, .externref])
        let pair = Func(store: store, type: type) { _, arguments in
            let i = Int(arguments[0].i32!)
            return [.externref(ExternRef(i)), .externref(ExternRef(-i))]
        }
        try checkPair(pair, in: store)
    }

    @Test func inPlaceHostResults() throws {
        let store = Store(engine: engine)
        let type = FuncType(parameters: [.i32], results: [.externref, .externref])
        let pair = Func(store: store, type: type) { _, arguments, results in
            let i = Int(arguments[0].i32!)
            results[0] = .externref(ExternRef(i))
            results[1] = .externref(ExternRef(-i))
        }
        try checkPair(pair, in: store)
    }
}
