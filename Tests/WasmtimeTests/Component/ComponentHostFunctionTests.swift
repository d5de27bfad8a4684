import Testing
import Wasmtime
import WasmtimeTestSupport

/// Dynamic host functions in a component linker: called by the guest with
/// strings and numbers, at the root and in versioned nested instances;
/// their errors, traps and wrong results.
@Suite struct ComponentHostFunctionTests {
    struct HostFailure: Error, Equatable {
        var reason: String
    }

    final class Log {
        var calls: [[ComponentValue]] = []
    }

    let engine = Engine()

    /// A linker with all three imports of `callsHost`; `echo` answers with
    /// `reply(arguments)`.
    func linker(log: Log, reply: @escaping ([ComponentValue]) throws -> [ComponentValue]) throws -> ComponentLinker {
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("host-echo") { arguments in
            log.calls.append(arguments)
            return try reply(arguments)
        }
        try linker.defineFunction("host-count") { arguments in
            log.calls.append(arguments)
            guard case .string(let text) = arguments[0], case .u32(let extra) = arguments[1] else {
                throw HostFailure(reason: "unexpected arguments \(arguments)")
            }
            return [.u32(UInt32(text.unicodeScalars.count) + extra)]
        }
        try linker.defineFunction("wasi:test/host@0.1.0", "double") { arguments in
            guard case .u32(let x) = arguments.first else { return [] }
            return [.u32(x &* 2)]
        }
        return linker
    }

    func instantiate(_ linker: ComponentLinker, store: AnyStore? = nil) throws -> ComponentInstance {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        return try linker.instantiate(component, in: store ?? Store(engine: engine))
    }

    @Test func guestCallsHostWithStrings() throws {
        let log = Log()
        let instance = try instantiate(
            try linker(log: log) { arguments in
                guard case .string(let text) = arguments[0] else { return [] }
                return [.string(String(text.reversed()) + "!")]
            })
        let callHost = try instance.function("call-host")
        for text in ["", "hello", "héllo 🦀", String(repeating: "xyz", count: 100_000)] {
            #expect(try callHost(.string(text)) == .string(String(text.reversed()) + "!"))
        }
        #expect(log.calls.count == 4)
        #expect(log.calls.first == [""])
        #expect(log.calls[1] == ["hello"])
        // Several parameters of different kinds.
        #expect(try instance.function("count")("héllo") == .u32(12))
        #expect(log.calls.last == ["héllo", .u32(7)])
        // A function inside a versioned nested instance.
        #expect(try instance.function("twice")(.u32(5)) == .u32(20))
    }

    @Test func callerGivesTheStoreAndType() throws {
        let linker = try self.linker(log: Log()) { _ in ["unused"] }
        linker.allowsShadowing = true
        try linker.defineFunction(path: ["host-echo"]) { caller, arguments in
            let prefix = caller.data(as: String.self) ?? "no data"
            return [.string("\(prefix) \(caller.type) \(arguments[0])")]
        }
        let store = Store(engine: engine, data: "store-data")
        let instance = try instantiate(linker, store: store)
        #expect(try instance.function("call-host")("x") == "store-data func(s: string) -> string \"x\"")
    }

    /// A Swift error thrown by a host function comes out of the outer call
    /// as the same error, not as a trap.
    @Test func hostErrorsPropagateUnchanged() throws {
        let instance = try instantiate(
            try linker(log: Log()) { arguments in
                throw HostFailure(reason: "refused \(arguments[0])")
            })
        let error = #expect(throws: HostFailure.self) { try instance.function("call-host")("secret") }
        #expect(error == HostFailure(reason: "refused \"secret\""))
    }

    @Test func hostTrapsAndWasmtimeErrorsPropagateUnchanged() throws {
        let trapping = try instantiate(
            try linker(log: Log()) { _ in
                throw Trap(code: .unreachable, message: "host gave up")
            })
        let trap = expectTrap(.unreachable) { try trapping.function("call-host")("x") }
        #expect(trap?.message == "host gave up")

        let wrongResult = try instantiate(try linker(log: Log()) { _ in [.u32(1)] })
        let mismatch = expectWasmtimeError(.typeMismatch) { try wrongResult.function("call-host")("x") }
        #expect(mismatch?.message.contains("expected string, got u32 1") == true)

        let tooMany = try instantiate(try linker(log: Log()) { _ in ["a", "b"] })
        let count = expectWasmtimeError(.typeMismatch) { try tooMany.function("call-host")("x") }
        #expect(count?.message.contains("returned 2 result(s)") == true)
    }

    @Test func linkingErrors() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let empty = ComponentLinker(engine: engine)
        let missing = expectWasmtimeError(.linking) { try empty.instantiate(component, in: Store(engine: engine)) }
        #expect(missing?.message.isEmpty == false)

        // Redefinition needs shadowing.
        let linker = try self.linker(log: Log()) { _ in ["a"] }
        expectWasmtimeError(.linking) { try linker.defineFunction("host-echo") { _ in ["b"] } }
        linker.allowsShadowing = true
        try linker.defineFunction("host-echo") { _ in ["b"] }
        #expect(try instantiate(linker).function("call-host")("x") == "b")

        // An import with the wrong signature.
        let wrong = ComponentLinker(engine: engine)
        try wrong.defineFunction("host-echo") { _ in [] }
        try wrong.defineFunction("host-count") { _ in [] }
        try wrong.defineFunction("wasi:test/host@0.1.0", "double") { _ in [] }
        let store = Store(engine: engine)
        let instance = try wrong.instantiate(component, in: store)  // dynamic functions accept any signature
        expectWasmtimeError(.typeMismatch) { try instance.function("twice")(.u32(1)) }
    }

    @Test func unknownImportsAsTraps() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let linker = ComponentLinker(engine: engine)
        try linker.defineUnknownImportsAsTraps(for: component)
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        // As for core modules, Wasmtime reports the call as an error naming the import.
        let error = expectWasmtimeError(.runtime) { try instance.function("twice")(.u32(1)) }
        #expect(error?.message.contains("`wasi:test/host@0.1.0#double` has not been defined") == true)
    }

    /// Compound values guest → host (lifted from guest memory for the host
    /// function's arguments) and host → guest (its results lowered into guest
    /// memory with `cabi_realloc`), then back out to the caller.
    @Test func compoundValuesThroughHostFunctions() throws {
        let cases: [(name: String, input: ComponentValue, reply: ComponentValue)] = [
            (
                "record", .record([.init("id", .u32(1)), .init("name", "in"), .init("scores", [.s16(-5)])]),
                .record([.init("id", .u32(2)), .init("name", "out 🦀"), .init("scores", [.s16(7), .s16(-8), .s16(9)])])
            ),
            ("strings", ["a", "", "ccc"], [.string(String(repeating: "z", count: 70_000)), "y"]),
            ("option", .some("x"), .none),
            ("option", .none, .some("from host")),
            ("result", .ok("fine"), .err(.u32(500))),
            ("result", .err(.u32(1)), .ok("")),
            (
                "scalars",
                .tuple([
                    true, .s8(-1), .u8(2), .s16(-3), .u16(4), .s32(-5), .u32(6), .s64(-7), .u64(8),
                    .f32(9.5), .f64(-10.25), .char("ß"),
                ]),
                .tuple([
                    false, .s8(.min), .u8(.max), .s16(.min), .u16(.max), .s32(.min), .u32(.max), .s64(.min), .u64(.max),
                    .f32(-.infinity), .f64(.greatestFiniteMagnitude), .char("\u{10FFFF}"),
                ])
            ),
        ]
        let log = Log()
        var replies: [String: ComponentValue] = [:]
        let linker = ComponentLinker(engine: engine)
        for name in Set(cases.map(\.name)) {
            try linker.defineFunction("host-\(name)") { arguments in
                log.calls.append(arguments)
                return [replies[name]!]
            }
        }
        let component = try Component(engine: engine, wat: ComponentFixtures.passThrough)
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        for (name, input, reply) in cases {
            replies[name] = reply
            #expect(try instance.function(name)(input) == reply, "\(name)")
            #expect(log.calls.last == [input], "\(name)")
        }
        #expect(log.calls.count == cases.count)
    }

    /// Several definitions in one nested instance, made by separate calls.
    @Test func severalFunctionsInOneInstance() throws {
        let component = try Component(
            engine: engine,
            wat: """
                (component
                  (import "example:math/ops@1.0.0" (instance $ops
                    (export "inc" (func (param "x" u32) (result u32)))
                    (export "dec" (func (param "x" u32) (result u32)))))
                  (core func $inc (canon lower (func $ops "inc")))
                  (core func $dec (canon lower (func $ops "dec")))
                  (core module $m
                    (import "ops" "inc" (func $inc (param i32) (result i32)))
                    (import "ops" "dec" (func $dec (param i32) (result i32)))
                    (func (export "f") (param i32) (result i32) local.get 0 call $inc call $inc call $dec))
                  (core instance $i (instantiate $m (with "ops" (instance (export "inc" (func $inc)) (export "dec" (func $dec))))))
                  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f"))))
                """)
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("example:math/ops@1.0.0", "inc") { arguments in
            guard case .u32(let x) = arguments[0] else { return [] }
            return [.u32(x + 1)]
        }
        try linker.defineFunction("example:math/ops@1.0.0", "dec") { arguments in
            guard case .u32(let x) = arguments[0] else { return [] }
            return [.u32(x - 1)]
        }
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        #expect(try instance.function("f")(.u32(10)) == .u32(11))
    }

    @Test func coreModuleImport() throws {
        let component = try Component(
            engine: engine,
            wat: """
                (component
                  (import "math" (core module $math (export "square" (func (param i32) (result i32)))))
                  (core instance $i (instantiate $math))
                  (func (export "square") (param "x" u32) (result u32) (canon lift (core func $i "square"))))
                """)
        let module = try Module(
            engine: engine,
            wat: """
                (module (func (export "square") (param i32) (result i32) local.get 0 local.get 0 i32.mul))
                """)
        let linker = ComponentLinker(engine: engine)
        try linker.defineModule("math", module: module)
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        #expect(try instance.function("square")(.u32(12)) == .u32(144))
    }
}
