import Testing
import Wasmtime
import WasmtimeTestSupport

/// Typed component host functions: Swift closures called by the guest,
/// their signatures checked at instantiation, their errors and traps.
@Suite struct TypedComponentHostFunctionTests {
    struct HostFailure: Error, Equatable {
        var reason: String
    }

    final class Log {
        var strings: [String] = []
    }

    let engine = Engine()

    func typedLinker(log: Log, echo: @escaping (String) throws -> String) throws -> ComponentLinker {
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("host-echo") { (text: String) -> String in
            log.strings.append(text)
            return try echo(text)
        }
        try linker.defineFunction("host-count") { (text: String, extra: UInt32) -> UInt32 in
            UInt32(text.unicodeScalars.count) + extra
        }
        try linker.defineFunction("wasi:test/host@0.1.0", "double") { (x: UInt32) -> UInt32 in x &* 2 }
        return linker
    }

    func instantiate(_ linker: ComponentLinker, store: AnyStore? = nil) throws -> ComponentInstance {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        return try linker.instantiate(component, in: store ?? Store(engine: engine))
    }

    @Test func guestCallsTypedHostFunctions() throws {
        let log = Log()
        let instance = try instantiate(try typedLinker(log: log) { String($0.reversed()) + "!" })
        let callHost = try instance.function("call-host", String.self, String.self)
        let texts = ["", "hello", "héllo 🦀", String(repeating: "xyz", count: 100_000)]
        for text in texts {
            #expect(try callHost(text) == String(text.reversed()) + "!")
        }
        #expect(log.strings == texts)
        let count = try instance.function("count", String.self, UInt32.self)
        #expect(try count("héllo") == 12)
        let twice = try instance.function("twice", UInt32.self, UInt32.self)
        #expect(try twice(5) == 20)
    }

    @Test func callerGivesTheStoreAndType() throws {
        let linker = try typedLinker(log: Log()) { $0 }
        linker.allowsShadowing = true
        try linker.defineFunction("host-echo") { (caller: borrowing ComponentCaller, text: String) -> String in
            "\(caller.data(as: String.self) ?? "no data") \(caller.type) \(text)"
        }
        let instance = try instantiate(linker, store: Store(engine: engine, data: "store-data"))
        let callHost = try instance.function("call-host", String.self, String.self)
        #expect(try callHost("x") == "store-data func(s: string) -> string x")
    }

    @Test func hostErrorsAndTrapsPropagateUnchanged() throws {
        let failing = try instantiate(try typedLinker(log: Log()) { throw HostFailure(reason: "refused \($0)") })
        let callFailing = try failing.function("call-host", String.self, String.self)
        let error = #expect(throws: HostFailure.self) { try callFailing("secret") }
        #expect(error == HostFailure(reason: "refused secret"))

        let trapping = try instantiate(
            try typedLinker(log: Log()) { _ in throw Trap(code: .unreachable, message: "host gave up") })
        let callTrapping = try trapping.function("call-host", String.self, String.self)
        let trap = #expect(throws: Trap.self) { try callTrapping("x") }
        #expect(trap?.code == .unreachable)
        #expect(trap?.message == "host gave up")
    }

    /// The Swift signature is checked against the import when a component
    /// importing it is instantiated.
    @Test func signatureCheckedAtInstantiation() throws {
        let linker = try typedLinker(log: Log()) { $0 }
        linker.allowsShadowing = true
        try linker.defineFunction("host-count") { (text: String) -> UInt32 in UInt32(text.count) }
        let tooFew = try #require(throws: WasmtimeError.self) { try instantiate(linker) }
        #expect(tooFew.kind == .typeMismatch)
        #expect(tooFew.message.contains("\"host-count\""))
        #expect(tooFew.message.contains("takes 2 parameter(s), the Swift signature 1"))

        try linker.defineFunction("host-count") { (text: String, extra: Int32) -> UInt32 in 0 }
        let wrongType = try #require(throws: WasmtimeError.self) { try instantiate(linker) }
        #expect(wrongType.message.contains("parameter 1 `extra` has type u32, which Swift type Int32 does not match"))

        try linker.defineFunction("wasi:test/host@0.1.0", "double") { (x: UInt32) -> String in "\(x)" }
        try linker.defineFunction("host-count") { (text: String, extra: UInt32) -> UInt32 in 0 }
        let wrongResult = try #require(throws: WasmtimeError.self) { try instantiate(linker) }
        #expect(wrongResult.message.contains("\"wasi:test/host@0.1.0\" / \"double\""))
        #expect(wrongResult.message.contains("the result has type u32, which Swift type String does not match"))

        try linker.defineFunction("wasi:test/host@0.1.0", "double") { (x: UInt32) -> UInt32 in x }
        let twice = try instantiate(linker).function("twice", UInt32.self, UInt32.self)
        #expect(try twice(3) == 3)
    }

    /// Compound values lifted from guest memory for the host's arguments and
    /// lowered back for its results, through hand-written conformances.
    @Test func compoundValuesThroughTypedHostFunctions() throws {
        var records: [ARecord] = []
        var scalarsSeen = 0
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("host-record") { (record: ARecord) -> ARecord in
            records.append(record)
            return ARecord(id: record.id + 1, name: record.name + " out 🦀", scores: record.scores + [9])
        }
        try linker.defineFunction("host-strings") { (strings: [String]) -> [String] in strings.reversed() }
        try linker.defineFunction("host-option") { (text: String?) -> String? in text.map { $0 + "?" } }
        try linker.defineFunction("host-result") {
            (result: Result<String, ComponentError<UInt32>>) -> Result<String, ComponentError<UInt32>> in
            switch result {
            case .success(let text): .failure(ComponentError(UInt32(text.count)))
            case .failure(let code): .success("code \(code.payload)")
            }
        }
        typealias Scalars = ComponentTuple<
            Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, Unicode.Scalar
        >
        try linker.defineFunction("host-scalars") { (scalars: Scalars) -> Scalars in
            scalarsSeen += 1
            let (b, s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, c) = scalars.elements
            return Scalars(
                !b, s8 &+ 1, u8 &+ 1, s16 &+ 1, u16 &+ 1, s32 &+ 1, u32 &+ 1, s64 &+ 1, u64 &+ 1, -f32, -f64, c)
        }
        let component = try Component(engine: engine, wat: ComponentFixtures.passThrough)
        let instance = try linker.instantiate(component, in: Store(engine: engine))

        let record = try instance.function("record", ARecord.self, ARecord.self)
        #expect(
            try record(ARecord(id: 1, name: "in", scores: [-5])) == ARecord(id: 2, name: "in out 🦀", scores: [-5, 9]))
        #expect(records == [ARecord(id: 1, name: "in", scores: [-5])])
        let strings = try instance.function("strings", [String].self, [String].self)
        #expect(try strings(["a", "", "ccc"]) == ["ccc", "", "a"])
        let option = try instance.function("option", String?.self, String?.self)
        #expect(try option("x") == "x?")
        #expect(try option(nil) == nil)
        let result = try instance.function(
            "result", Result<String, ComponentError<UInt32>>.self, Result<String, ComponentError<UInt32>>.self)
        #expect(try result(.success("four")) == .failure(ComponentError(UInt32(4))))
        #expect(try result(.failure(ComponentError(UInt32(7)))) == .success("code 7"))
        let scalars = try instance.function("scalars", Scalars.self, Scalars.self)
        let back = try scalars(Scalars(true, -1, 2, -3, 4, -5, 6, -7, 8, 9.5, -10.25, "ß"))
        #expect(back == Scalars(false, 0, 3, -2, 5, -4, 7, -6, 9, -9.5, 10.25, "ß"))
        #expect(scalarsSeen == 1)
    }

    /// Typed and dynamic definitions live in one linker.
    @Test func typedAndDynamicDefinitionsMix() throws {
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("host-echo") { arguments in [arguments[0]] }
        try linker.defineFunction("host-count") { (text: String, extra: UInt32) -> UInt32 in extra }
        try linker.defineFunction("wasi:test/host@0.1.0", "double") { arguments in
            guard case .u32(let x) = arguments.first else { return [] }
            return [.u32(x + 1)]
        }
        let instance = try instantiate(linker)
        let callHost = try instance.function("call-host", String.self, String.self)
        #expect(try callHost("same") == "same")
        let count = try instance.function("count", String.self, UInt32.self)
        #expect(try count("abc") == 7)
        let twice = try instance.function("twice", UInt32.self, UInt32.self)
        #expect(try twice(1) == 3)
    }
}
