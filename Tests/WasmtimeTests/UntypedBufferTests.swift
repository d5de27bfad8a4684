import Testing
import Wasmtime

private struct HostFailure: Error, Equatable {
    let code: Int
}

/// The untyped APIs that reuse caller-provided storage: `Func.call(_:into:)`
/// and host closures that read arguments and write results in place.
@Suite struct UntypedBufferTests {
    let engine = Engine()

    private static let wat = """
        (module
          (import "env" "host" (func $host (param i32 i64 f32 f64) (result f64 i32)))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "swap") (param i64 f32) (result f32 i64) (local.get 1) (local.get 0))
          (func (export "nothing"))
          (func (export "three") (result i32 i32 i32) (i32.const 1) (i32.const 2) (i32.const 3))
          (func (export "viaHost") (param i32 i64 f32 f64) (result f64 i32)
            (call $host (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "echoExtern") (param externref) (result externref) (local.get 0))
          (func (export "echoFunc") (param funcref) (result funcref) (local.get 0))
        )
        """

    private final class Seen {
        var arguments: [Value] = []
    }

    /// The module with `env.host` bound to an in-place closure that sums its
    /// arguments, and what that closure saw.
    private func instantiate() throws -> (Instance, Seen) {
        let store = Store(engine: engine)
        let seen = Seen()
        let type = FuncType(parameters: [.i32, .i64, .f32, .f64], results: [.f64, .i32])
        let host = Func(store: store, type: type) { _, arguments, results in
            seen.arguments = arguments.values
            let sum =
                Double(arguments[0].i32!) + Double(arguments[1].i64!)
                + Double(arguments[2].f32!) + arguments[3].f64!
            results[0] = .f64(sum)
            results[1] = .i32(Int32(arguments.count))
        }
        #expect(host.type == type)
        let module = try Module(engine: engine, wat: Self.wat)
        return (try Instance(store: store, module: module, imports: [.function(host)]), seen)
    }

    // MARK: call(_:into:)

    @Test func callIntoFillsAnEmptyArray() throws {
        let (instance, _) = try instantiate()
        var results: [Value] = []
        try instance.function("swap").call([.i64(-7), .f32(1.5)], into: &results)
        #expect(results.map(bitString) == [bitString(.f32(1.5)), bitString(.i64(-7))])
    }

    @Test func callIntoReusesAndResizesTheResultArray() throws {
        let (instance, _) = try instantiate()
        let add = try instance.function("add")
        var arguments: [Value] = [.i32(0), .i32(10)]
        var results: [Value] = [.f64(9), .f64(9), .f64(9), .f64(9)]
        for i in Int32(0)..<50 {
            arguments[0] = .i32(i)
            try add.call(arguments, into: &results)
            #expect(results.map(bitString) == [bitString(.i32(i + 10))])
        }
        // Growing and shrinking to the callee's result count.
        try instance.function("three").call([], into: &results)
        #expect(results.compactMap(\.i32) == [1, 2, 3])
        try instance.function("nothing").call([], into: &results)
        #expect(results.isEmpty)
    }

    @Test func callIntoChecksArityAndTypes() throws {
        let (instance, _) = try instantiate()
        let add = try instance.function("add")
        var results: [Value] = []
        let arity = #expect(throws: WasmtimeError.self) { try add.call([.i32(1)], into: &results) }
        #expect(arity?.kind == .typeMismatch)
        #expect(arity?.message.contains("expects 2 argument(s), got 1") == true)
        let type = #expect(throws: WasmtimeError.self) { try add.call([.i32(1), .i64(2)], into: &results) }
        #expect(type?.kind == .typeMismatch)
        #expect(type?.message.contains("argument 1 has type i64, expected i32") == true)
        let reference = #expect(throws: WasmtimeError.self) {
            try add.call([.externref(nil), .i32(2)], into: &results)
        }
        #expect(reference?.kind == .typeMismatch)
        // The function still works after the refusals.
        try add.call([.i32(20), .i32(22)], into: &results)
        #expect(results.first?.i32 == 42)
    }

    @Test func callIntoPassesReferences() throws {
        let (instance, _) = try instantiate()
        var results: [Value] = []
        try instance.function("echoExtern").call([.externref(ExternRef("payload"))], into: &results)
        guard case .externref(let back?) = results.first else {
            Issue.record("expected a non-null externref, got \(results)")
            return
        }
        #expect(back.value as? String == "payload")
        try instance.function("echoExtern").call([.externref(nil)], into: &results)
        #expect(results.first?.isNull == true)

        let add = try instance.function("add")
        try instance.function("echoFunc").call([.funcref(add)], into: &results)
        guard case .funcref(let function?) = results.first else {
            Issue.record("expected a non-null funcref, got \(results)")
            return
        }
        #expect(function == add)
    }

    @Test func callIntoFromAnotherStoreIsRefused() throws {
        let (instance, _) = try instantiate()
        let (other, _) = try instantiate()
        var results: [Value] = []
        let error = #expect(throws: WasmtimeError.self) {
            try instance.function("echoFunc").call([.funcref(try other.function("add"))], into: &results)
        }
        #expect(error?.kind == .storeMismatch)
    }

    // MARK: In-place host closures

    @Test func inPlaceHostFunctionReadsArgumentsAndWritesResults() throws {
        let (instance, seen) = try instantiate()
        let run = try instance.function("viaHost", (Int32, Int64, Float, Double).self, (Double, Int32).self)
        let (sum, count) = try run(-4, 10_000_000_000, 0.25, 0.5)
        #expect(sum == 9_999_999_996.75)
        #expect(count == 4)
        #expect(
            seen.arguments.map(bitString) == [
                bitString(.i32(-4)), bitString(.i64(10_000_000_000)), bitString(.f32(0.25)), bitString(.f64(0.5)),
            ])
        // Called from Swift through the untyped API as well.
        var results: [Value] = []
        try instance.function("viaHost").call([.i32(1), .i64(2), .f32(3), .f64(4)], into: &results)
        #expect(results.map(bitString) == [bitString(.f64(10)), bitString(.i32(4))])
    }

    @Test func inPlaceHostFunctionResultsStartAsZerosAndNulls() throws {
        let store = Store(engine: engine)
        let type = FuncType(results: [.i32, .i64, .f32, .f64, .v128, .ref(.externref), .ref(.funcref)])
        let box = Seen()
        let untouched = Func(store: store, type: type) { _, _, results in
            box.arguments = results.indices.map { results[$0] }
        }
        let results = try untouched.call([])
        #expect(results.map(bitString) == type.results.map { bitString(Value.zero(of: $0)) })
        #expect(box.arguments.map(bitString) == results.map(bitString))
    }

    @Test func inPlaceHostFunctionWithWrongResultTypeThrowsTypeMismatch() throws {
        let store = Store(engine: engine)
        let wrong = Func(store: store, type: FuncType(results: [.i32, .i64])) { _, _, results in
            results[1] = .f64(1)
        }
        let error = #expect(throws: WasmtimeError.self) { _ = try wrong.call([]) }
        #expect(error?.kind == .typeMismatch)
        #expect(error?.message.contains("result 1 has type f64, expected i64") == true)

        let nonNull = Func(store: store, type: FuncType(results: [.ref(RefType(nullable: false, .func))])) { _, _, _ in
        }
        expectWasmtimeError(.typeMismatch) { _ = try nonNull.call([]) }
    }

    @Test func inPlaceResultsReadBackAndOnlyTheFinalValueCounts() throws {
        let store = Store(engine: engine)
        let type = FuncType(parameters: [.i32, .i64], results: [.i64, .i32])
        let box = Seen()
        let host = Func(store: store, type: type) { _, arguments, results in
            // Results are written before the arguments are read: they must
            // not overwrite them.
            results[0] = .f32(1)  // wrong type, then corrected below
            results[1] = .i32(arguments[0].i32! &* 2)
            results[0] = .i64(arguments[1].i64! &+ 1)
            box.arguments = [results[0], results[1]] + arguments.values
        }
        var results: [Value] = []
        try host.call([.i32(21), .i64(-5)], into: &results)
        #expect(results.map(bitString) == [bitString(.i64(-4)), bitString(.i32(42))])
        #expect(
            box.arguments.map(bitString) == [
                bitString(.i64(-4)), bitString(.i32(42)), bitString(.i32(21)), bitString(.i64(-5)),
            ])

        // A wrong value left in place fails the call, naming the result.
        let wrong = Func(store: store, type: type) { _, _, results in
            results[0] = .i64(1)
            results[1] = .externref(nil)
        }
        let error = #expect(throws: WasmtimeError.self) { try wrong.call([.i32(0), .i64(0)], into: &results) }
        #expect(error?.kind == .typeMismatch)
        #expect(error?.message.contains("result 1 has type externref, expected i32") == true)
    }

    @Test func inPlaceHostFunctionWithOneNumberResult() throws {
        // One result that is not a reference has a C entry point of its own.
        let store = Store(engine: engine)
        let type = FuncType(parameters: [.i32, .i32], results: [.i32])
        let subtract = Func(store: store, type: type) { _, arguments, results in
            results[0] = .f64(1)  // wrong type, then corrected below
            results[0] = .i32(arguments[0].i32!)
            // The result's slot is not the first argument's.
            results[0] = .i32(arguments[0].i32! &- arguments[1].i32! &+ results[0].i32!)
        }
        #expect(try subtract.call([.i32(50), .i32(8)]).map(bitString) == [bitString(.i32(92))])

        let untouched = Func(store: store, type: type) { _, _, _ in }
        #expect(try untouched.call([.i32(50), .i32(8)]).map(bitString) == [bitString(.i32(0))])

        let wrong = Func(store: store, type: type) { _, _, results in
            results[0] = .i64(1)
        }
        let error = #expect(throws: WasmtimeError.self) { _ = try wrong.call([.i32(0), .i32(0)]) }
        #expect(error?.kind == .typeMismatch)
        #expect(error?.message.contains("result 0 has type i64, expected i32") == true)

        // An error thrown after a wrong assignment comes out unchanged.
        let failing = Func(store: store, type: type) { _, arguments, results in
            results[0] = .f32(1)
            throw HostFailure(code: Int(arguments[1].i32!))
        }
        #expect(throws: HostFailure(code: 7)) { _ = try failing.call([.i32(0), .i32(7)]) }

        let vector = V128(low: 0x0123_4567_89ab_cdef, high: 0xfedc_ba98_7654_3210)
        let v128 = Func(store: store, type: FuncType(results: [.v128])) { _, _, results in
            results[0] = .v128(vector)
        }
        #expect(try v128.call([]).map(bitString) == [bitString(.v128(vector))])
    }

    @Test func inPlaceHostFunctionWithManyParametersAndResults() throws {
        let store = Store(engine: engine)
        let type = FuncType(parameters: Array(repeating: .i64, count: 7), results: Array(repeating: .i64, count: 9))
        let host = Func(store: store, type: type) { _, arguments, results in
            #expect(arguments.count == 7 && results.count == 9)
            // Every result depends on every argument, so a result written
            // over an argument's slot would show.
            let total = arguments.indices.reduce(Int64(0)) { $0 &+ arguments[$1].i64! }
            for index in results.indices { results[index] = .i64(total &* Int64(index + 1)) }
        }
        var results: [Value] = []
        try host.call((1...7).map { .i64(Int64($0)) }, into: &results)
        #expect(results.compactMap(\.i64) == (1...9).map { 28 * Int64($0) })
    }

    @Test func inPlaceReferenceResultsSurviveACollectionInTheClosure() throws {
        let store = Store(engine: engine)
        let type = FuncType(results: [.ref(.externref), .ref(.externref)])
        let host = Func(store: store, type: type) { caller, _, results in
            results[0] = .externref(ExternRef("first"))
            results[1] = .externref(ExternRef("second"))
            // Garbage made and collected after the assignments must not take
            // the results with it.
            for index in 0..<200 {
                _ = try caller.store.collectGarbage()
                _ = ExternRef(index)
            }
            guard case .externref(let first?) = results[0] else { throw HostFailure(code: 1) }
            #expect(first.value as? String == "first")
        }
        for _ in 0..<20 {
            let results = try host.call([])
            guard case .externref(let first?) = results[0], case .externref(let second?) = results[1] else {
                Issue.record("expected two non-null externrefs, got \(results)")
                return
            }
            #expect(first.value as? String == "first")
            #expect(second.value as? String == "second")
        }
    }

    @Test func inPlaceHostFunctionErrorsPropagateUnchanged() throws {
        let store = Store(engine: engine)
        let failing = Func(store: store, type: FuncType(parameters: [.i32])) { _, arguments, _ in
            throw HostFailure(code: Int(arguments[0].i32!))
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "fail" (func $fail (param i32)))
                  (func (export "run") (param i32) (call $fail (local.get 0))))
                """)
        let instance = try Instance(store: store, module: module, imports: [.function(failing)])
        let run = try instance.function("run", Int32.self)
        #expect(throws: HostFailure(code: 17)) { try run(17) }
        #expect(throws: HostFailure(code: 18)) { try run(18) }
    }

    @Test func inPlaceHostFunctionPassesReferencesAndReachesTheCaller() throws {
        let linker = Linker(engine: engine)
        let type = FuncType(parameters: [.ref(.externref)], results: [.ref(.externref), .i32])
        try linker.defineFunction("env", "wrap", type: type) { caller, arguments, results in
            let scale = try caller.global("scale").get().i32 ?? 0
            guard case .externref(let reference?) = arguments[0], let number = reference.value as? Int else {
                results[1] = .i32(-1)
                return
            }
            results[0] = .externref(ExternRef(number * Int(scale)))
            results[1] = .i32(1)
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "wrap" (func $wrap (param externref) (result externref i32)))
                  (global (export "scale") i32 (i32.const 3))
                  (func (export "run") (param externref) (result externref i32) (call $wrap (local.get 0))))
                """)
        let instance = try linker.instantiate(module, in: Store(engine: engine))
        var results: [Value] = []
        try instance.function("run").call([.externref(ExternRef(14))], into: &results)
        guard case .externref(let wrapped?) = results.first else {
            Issue.record("expected a non-null externref, got \(results)")
            return
        }
        #expect(wrapped.value as? Int == 42)
        #expect(results.last?.i32 == 1)
        try instance.function("run").call([.externref(nil)], into: &results)
        #expect(results.first?.isNull == true)
        #expect(results.last?.i32 == -1)
    }
}
