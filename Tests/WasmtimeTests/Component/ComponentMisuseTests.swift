import Testing
import Wasmtime
import WasmtimeTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The misuse matrix of the component API, run like ``MisuseTests``: each
/// case in a child process, so a Wasmtime abort (a panic in the C API, or a
/// `todo!()` it reaches) fails that case instead of the whole run. Each case
/// must end in the expected thrown Swift error, with a message that says what
/// went wrong; `.works` rows are legal uses that must simply work.
@Suite struct ComponentMisuseTests {
    typealias Misuse = MisuseTests.Misuse
    typealias Expected = MisuseTests.Expected

    static func check(_ condition: Bool, _ detail: @autoclosure () -> String) throws {
        try MisuseTests.check(condition, detail())
    }

    static func instantiate(
        _ text: String, in store: AnyStore, linker: ComponentLinker? = nil
    ) throws -> ComponentInstance {
        let linker = linker ?? ComponentLinker(engine: store.engine)
        return try linker.instantiate(Component(engine: store.engine, wat: text), in: store)
    }

    /// The resources fixture in two stores of one engine.
    static func twoResourceStores() throws -> (a: ComponentInstance, b: ComponentInstance) {
        let engine = Engine()
        return (
            try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: engine)),
            try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: engine))
        )
    }

    static func makeThing(_ instance: ComponentInstance, _ rep: UInt32) throws -> ComponentValue {
        let made = try instance.function("make-thing").call(.u32(rep))
        try check(made.count == 1, "make-thing returned \(made)")
        return made[0]
    }

    static func resource(_ value: ComponentValue) throws -> ComponentResource {
        guard case .resource(let resource) = value else {
            throw MisuseTests.WrongResult(detail: "not a resource: \(value)")
        }
        return resource
    }

    static func unwrap<T>(_ value: T?, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        guard let value else { throw MisuseTests.WrongResult(detail: "nil at line \(sourceLocation.line)") }
        return value
    }

    /// Holds what a host function saw, for use after its call.
    final class Saved: @unchecked Sendable {
        var value: ComponentValue?
    }

    /// A linker for ``ComponentMisuseFixtures/lendsStreams`` with WASI and
    /// the three imports; `inspect` and `keep` save their argument.
    static func streamLinker(
        _ engine: Engine, saved: Saved, reenter: @escaping () throws -> Void = {}
    ) throws -> ComponentLinker {
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        try linker.defineFunction("inspect") { arguments in
            saved.value = arguments.first
            return []
        }
        try linker.defineFunction("keep") { arguments in
            saved.value = arguments.first
            return []
        }
        try linker.defineFunction("reenter") { _ in
            try reenter()
            return []
        }
        return linker
    }

    static let all: [Misuse] =
        valuesAndArity + otherStores + resources + guestValues + binaryKinds + linking + asyncTypes + poisonedStores
        + lifetimes + asyncOnlyStores

    // MARK: Values and arity

    static let valuesAndArity: [Misuse] = [
        Misuse(name: "too few arguments", expected: .error(.typeMismatch, "takes 2 argument(s), got 1")) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            try instance.function("add").call(.u32(1))
        },
        Misuse(name: "too many arguments", expected: .error(.typeMismatch, "takes 2 argument(s), got 3")) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            try instance.function("add").call(.u32(1), .u32(2), .u32(3))
        },
        Misuse(
            name: "argument of the wrong kind", expected: .error(.typeMismatch, "argument `b`: expected u32, got s32")
        ) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            try instance.function("add").call(.u32(1), .s32(2))
        },
        Misuse(name: "wrong kind nested in a record", expected: .error(.typeMismatch, "scores[1]")) {
            let instance = try instantiate(ComponentFixtures.echo, in: Store(engine: Engine()))
            let record = ComponentValue.record([
                .init("id", .u32(1)), .init("name", "x"), .init("scores", [.s16(1), .u16(2)]),
            ])
            try instance.function("echo-record").call(record, ComponentFixtures.padValue)
        },
        Misuse(name: "export path through a function", expected: .error(.notFound, "no export")) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            _ = try instance.function("add", "add")
        },
        Misuse(name: "export path through a core module", expected: .error(.notFound, "no export")) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            _ = try instance.function("inner-module", "f")
        },
        Misuse(name: "a core module export looked up as a function", expected: .error(.typeMismatch, "not a function"))
        {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            _ = try instance.function("inner-module")
        },
        Misuse(name: "result of a function without one", expected: .error(.typeMismatch, "has no result")) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            _ = try instance.function("fail")()
        },
        Misuse(name: "host function returns too many results", expected: .error(.typeMismatch, "returned 2 result(s)"))
        {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("host-echo") { _ in ["a", "b"] }
            try linker.defineFunction("host-count") { _ in [.u32(0)] }
            try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
            let instance = try instantiate(ComponentFixtures.callsHost, in: Store(engine: engine), linker: linker)
            try instance.function("call-host").call("x")
        },
        Misuse(
            name: "host function returns the wrong kind", expected: .error(.typeMismatch, "expected u32, got string")
        ) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("host-echo") { _ in ["a"] }
            try linker.defineFunction("host-count") { _ in ["seven"] }
            try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
            let instance = try instantiate(ComponentFixtures.callsHost, in: Store(engine: engine), linker: linker)
            try instance.function("count").call("x")
        },
    ]

    // MARK: Values of another store or engine

    static let otherStores: [Misuse] = [
        Misuse(name: "resource of another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoResourceStores()
            try s.a.function("get").call(try makeThing(s.b, 1))
        },
        Misuse(name: "resource of another store inside an option", expected: .error(.storeMismatch, "different store"))
        {
            let s = try twoResourceStores()
            try s.a.function("get-option").call(.option(try makeThing(s.b, 1)))
        },
        Misuse(name: "owned resource of another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoResourceStores()
            try s.a.function("take").call(try makeThing(s.b, 1))
        },
        Misuse(name: "resource of another engine", expected: .error(.storeMismatch, "different store")) {
            let a = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let b = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            try a.function("get").call(try makeThing(b, 1))
        },
        Misuse(
            name: "host function returns a resource of another store",
            expected: .error(.storeMismatch, "different store")
        ) {
            let engine = Engine()
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let first = Store(engine: engine)
            let linker = try streamLinker(engine, saved: saved)
            try instantiate(ComponentMisuseFixtures.lendsStreams, in: first, linker: linker).function("give").call()
            let kept = try unwrap(saved.value)
            // A component in a second store whose import returns the first store's stream.
            let other = ComponentLinker(engine: engine)
            try other.addWASIp2()
            let text = """
                (component $C
                  (import "wasi:io/streams@0.2.0" (instance $streams (export "output-stream" (type (sub resource)))))
                  (alias export $streams "output-stream" (type $os))
                  (import "give-back" (func $give-back (result (own $os))))
                  (core func $lowered (canon lower (func $give-back)))
                  (core module $m (import "" "f" (func $f (result i32))) (func (export "run") (result i32) call $f))
                  (core instance $i (instantiate $m (with "" (instance (export "f" (func $lowered))))))
                  (func (export "run") (result (own $os)) (canon lift (core func $i "run"))))
                """
            try other.defineFunction("give-back") { _ in [kept] }
            try instantiate(text, in: Store(engine: engine), linker: other).function("run").call()
        },
        Misuse(
            name: "function of store A called from a host function of store B", expected: .works
        ) {
            let engine = Engine()
            let adder = try instantiate(ComponentFixtures.adder, in: Store(engine: engine))
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let linker = try streamLinker(engine, saved: saved) {
                saved.value = try adder.function("add").call(.u32(20), .u32(22)).first
            }
            try instantiate(ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine), linker: linker)
                .function("reenter").call()
            try check(saved.value == .u32(42), "got \(String(describing: saved.value))")
        },
    ]

    // MARK: Resources

    static let resources: [Misuse] = [
        Misuse(name: "resource of another type", expected: .error(.typeMismatch, "a resource of another type")) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let other = try instance.function("make-other").call(.u32(1))
            try instance.function("get").call(other)
        },
        Misuse(
            name: "host resource where a guest resource is expected",
            expected: .error(.typeMismatch, "a resource of another type")
        ) {
            let engine = Engine()
            let store = Store(engine: engine)
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let streams = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: store, linker: streamLinker(engine, saved: saved))
            let stream = try streams.function("stream").call()
            let things = try instantiate(ComponentMisuseFixtures.resources, in: store)
            try things.function("get").call(stream)
        },
        Misuse(
            name: "a value that is not a resource",
            expected: .error(.typeMismatch, "expected borrow<resource>, got u32")
        ) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            try instance.function("get").call(.u32(1))
        },
        Misuse(name: "owned resource used after it was moved", expected: .error(.runtime, "moved into the component")) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let thing = try makeThing(instance, 3)
            let rep = try instance.function("take").call(thing)
            try check(rep == [.u32(3)], "take returned \(rep)")
            try instance.function("get").call(thing)
        },
        Misuse(
            name: "one owned resource passed twice", expected: .error(.typeMismatch, "the same owned resource twice")
        ) {
            let text = """
                (component
                  (type $r (resource (rep i32)))
                  (core module $m (func (export "two") (param i32 i32)))
                  (core instance $i (instantiate $m))
                  (core func $new (canon resource.new $r))
                  (core module $m2 (import "" "new" (func $new (param i32) (result i32)))
                    (func (export "make") (param i32) (result i32) local.get 0 call $new))
                  (core instance $i2 (instantiate $m2 (with "" (instance (export "new" (func $new))))))
                  (export $rx "r" (type $r))
                  (func (export "make") (param "x" u32) (result (own $rx)) (canon lift (core func $i2 "make")))
                  (func (export "two") (param "a" (own $rx)) (param "b" (own $rx)) (canon lift (core func $i "two"))))
                """
            let instance = try instantiate(text, in: Store(engine: Engine()))
            let made = try instance.function("make").call(.u32(1))[0]
            try instance.function("two").call(made, made)
        },
        Misuse(name: "resource used after drop", expected: .error(.runtime, "already dropped")) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let thing = try makeThing(instance, 4)
            try resource(thing).drop()
            try check(try instance.function("dropped").call() == [.u32(4)], "the destructor did not run")
            try instance.function("get").call(thing)
        },
        Misuse(name: "resource dropped twice", expected: .error(.runtime, "already dropped")) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let thing = try resource(try makeThing(instance, 4))
            try thing.drop()
            try thing.drop()
        },
        Misuse(
            name: "borrow passed back after the call that lent it",
            expected: .error(.runtime, "used after the call that lent it returned")
        ) {
            let engine = Engine()
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let instance = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine),
                linker: streamLinker(engine, saved: saved))
            try instance.function("lend").call()
            let borrowed = try unwrap(saved.value)
            try check(!(try resource(borrowed).isOwned), "the lent stream is owned")
            try instance.function("peek").call(borrowed)
        },
        Misuse(
            name: "borrow dropped after the call that lent it",
            expected: .error(.runtime, "used after the call that lent it returned")
        ) {
            let engine = Engine()
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let instance = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine),
                linker: streamLinker(engine, saved: saved))
            try instance.function("lend").call()
            try resource(try unwrap(saved.value)).drop()
        },
        Misuse(
            name: "borrow where an owned resource is needed",
            expected: .error(.typeMismatch, "a borrowed resource where an owned one is needed")
        ) {
            // During `inspect`, the host passes the stream it borrows to `consume(own<output-stream>)`.
            let engine = Engine()
            var instance: ComponentInstance?
            let linker = ComponentLinker(engine: engine)
            try linker.addWASIp2()
            try linker.defineFunction("inspect") { arguments in
                try instance?.function("consume").call(arguments)
                return []
            }
            try linker.defineFunction("keep") { _ in [] }
            try linker.defineFunction("reenter") { _ in [] }
            instance = try Self.instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine), linker: linker)
            defer { instance = nil }
            try instance?.function("lend").call()
        },
        Misuse(name: "borrow dropped during its call", expected: .works) {
            let engine = Engine()
            var outcome = "not called"
            let linker = ComponentLinker(engine: engine)
            try linker.addWASIp2()
            try linker.defineFunction("inspect") { arguments in
                do {
                    try resource(try unwrap(arguments.first)).drop()
                    outcome = "dropped"
                } catch {
                    outcome = "\(error)"
                }
                return []
            }
            try linker.defineFunction("keep") { _ in [] }
            try linker.defineFunction("reenter") { _ in [] }
            let instance = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine), linker: linker)
            try instance.function("lend").call()
            try check(outcome == "dropped", outcome)
            try instance.function("lend").call()  // the store is still usable
        },
        Misuse(name: "owned host resource handed back to the guest during the call", expected: .works) {
            let engine = Engine()
            var instance: ComponentInstance?
            var outcome = "not called"
            let linker = ComponentLinker(engine: engine)
            try linker.addWASIp2()
            try linker.defineFunction("keep") { arguments in
                try instance?.function("consume").call(arguments)
                outcome = "consumed"
                return []
            }
            try linker.defineFunction("inspect") { _ in [] }
            try linker.defineFunction("reenter") { _ in [] }
            instance = try Self.instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine), linker: linker)
            defer { instance = nil }
            try instance?.function("give").call()
            try check(outcome == "consumed", outcome)
        },
        Misuse(name: "owned host resource kept by the host and dropped later", expected: .works) {
            let engine = Engine()
            let saved = Saved()
            // The store keeps its host closures, which reach `saved`: a value of the store left there is a cycle.
            defer { saved.value = nil }
            let instance = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine),
                linker: streamLinker(engine, saved: saved))
            try instance.function("give").call()
            let kept = try resource(try unwrap(saved.value))
            try check(kept.isOwned, "keep received a borrow")
            try instance.function("peek").call(.resource(kept))
            try kept.drop()
        },
    ]

    // MARK: Values the guest gets wrong

    static func badGuest() throws -> ComponentInstance {
        try instantiate(ComponentMisuseFixtures.badGuest, in: Store(engine: Engine()))
    }

    static let guestValues: [Misuse] = [
        Misuse(name: "guest string of length 2^31", expected: .error(.runtime, "out of bounds")) {
            try badGuest().function("string-of-length").call(.u32(1 << 31))
        },
        Misuse(name: "guest string of length 2^32-1", expected: .error(.runtime, "out of bounds")) {
            try badGuest().function("string-of-length").call(.u32(.max))
        },
        Misuse(name: "guest byte list of length 2^31", expected: .error(.runtime, "out of bounds")) {
            try badGuest().function("bytes-of-length").call(.u32(1 << 31))
        },
        Misuse(name: "guest list of strings of length 2^31-1", expected: .error(.runtime, "out of bounds")) {
            try badGuest().function("strings-of-length").call(.u32(0x7fff_ffff))
        },
        Misuse(name: "guest realloc returns a pointer past the end", expected: .error(.runtime, "realloc")) {
            let guest = try badGuest()
            try guest.function("set-realloc").call(.u32(65_530))
            try guest.function("take-words").call(.list([.u32(1), .u32(2), .u32(3)]))
        },
        Misuse(name: "guest realloc returns a misaligned pointer", expected: .error(.runtime, "result not aligned")) {
            let guest = try badGuest()
            try guest.function("set-realloc").call(.u32(17))
            try guest.function("take-words").call(.list([.u32(1), .u32(2), .u32(3)]))
        },
        Misuse(name: "guest string of invalid UTF-8", expected: .error(.runtime, "invalid utf-8")) {
            let text = """
                (component
                  (core module $m
                    (memory (export "memory") 1)
                    (data (i32.const 64) "ok \\c3\\28")
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 256)
                    (func (export "f") (result i32)
                      (i32.store (i32.const 16) (i32.const 64)) (i32.store (i32.const 20) (i32.const 5)) i32.const 16))
                  (core instance $i (instantiate $m))
                  (func (export "f") (result string)
                    (canon lift (core func $i "f") (memory (core memory $i "memory")) (realloc (core func $i "realloc")))))
                """
            try instantiate(text, in: Store(engine: Engine())).function("f").call()
        },
        Misuse(name: "host passes a 1 MiB string into a 1-page guest memory", expected: .works) {
            // The guest's realloc grows its memory: the string arrives whole.
            let instance = try instantiate(ComponentFixtures.echo, in: Store(engine: Engine()))
            let text = String(repeating: "x", count: 1 << 20)
            let back = try instance.function("echo-string").call(.string(text), ComponentFixtures.padValue)
            try check(back == [.string(text)], "the string did not come back")
        },
    ]

    // MARK: Modules and components

    static let binaryKinds: [Misuse] = [
        Misuse(
            name: "component bytes given to Module",
            expected: .error(.compilation, "expected a WebAssembly module but was given a WebAssembly component")
        ) {
            let engine = Engine()
            _ = try Module(engine: engine, bytes: wat2wasm(ComponentFixtures.adder))
        },
        Misuse(
            name: "component text given to Module",
            expected: .error(.compilation, "expected a WebAssembly module but was given a WebAssembly component")
        ) {
            _ = try Module(engine: Engine(), wat: ComponentFixtures.adder)
        },
        Misuse(name: "module bytes given to Component", expected: .error(.compilation, "core WebAssembly module")) {
            _ = try Component(engine: Engine(), bytes: wat2wasm("(module (func (export \"f\")))"))
        },
        Misuse(name: "module text given to Component", expected: .error(.compilation, "core WebAssembly module")) {
            _ = try Component(engine: Engine(), wat: "(module)")
        },
        Misuse(name: "serialized component given to Module.deserialize", expected: .error(.compilation, "")) {
            let engine = Engine()
            let bytes = try Component(engine: engine, wat: ComponentFixtures.adder).serialize()
            _ = try Module.deserialize(engine: engine, bytes: bytes)
        },
        Misuse(name: "serialized module given to Component.deserialize", expected: .error(.compilation, "")) {
            let engine = Engine()
            let bytes = try Module(engine: engine, wat: "(module (func (export \"f\")))").serialize()
            _ = try Component.deserialize(engine: engine, bytes: bytes)
        },
        Misuse(name: "serialized component of another engine configuration", expected: .error(.compilation, "")) {
            var config = Config()
            config.consumeFuel = true
            let bytes = try Component(engine: Engine(config), wat: ComponentFixtures.adder).serialize()
            _ = try Component.deserialize(engine: Engine(), bytes: bytes)
        },
        Misuse(name: "truncated component", expected: .error(.compilation, "")) {
            let bytes = try wat2wasm(ComponentFixtures.adder)
            // 20 bytes end inside the first section (half the bytes would end at a section boundary: valid).
            _ = try Component(engine: Engine(), bytes: bytes.prefix(20))
        },
        Misuse(name: "component with an unknown layer", expected: .error(.compilation, "")) {
            _ = try Component(engine: Engine(), bytes: [0, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x02, 0x00])
        },
    ]

    // MARK: Linking

    static let linking: [Misuse] = [
        Misuse(name: "module import defined with a module of the wrong type", expected: .error(.linking, "")) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineModule("math", module: Module(engine: engine, wat: "(module (func (export \"cube\")))"))
            let text = """
                (component
                  (import "math" (core module $math (export "square" (func (param i32) (result i32)))))
                  (core instance $i (instantiate $math))
                  (func (export "square") (param "x" u32) (result u32) (canon lift (core func $i "square"))))
                """
            _ = try instantiate(text, in: Store(engine: engine), linker: linker)
        },
        Misuse(name: "module import defined with a function", expected: .error(.linking, "")) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("math") { _ in [] }
            let text = """
                (component (import "math" (core module $math (export "square" (func (param i32) (result i32))))))
                """
            _ = try instantiate(text, in: Store(engine: engine), linker: linker)
        },
        Misuse(name: "instance import defined with a function", expected: .error(.linking, "")) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("wasi:test/host@0.1.0") { _ in [] }
            try linker.defineFunction("host-echo") { _ in [] }
            try linker.defineFunction("host-count") { _ in [] }
            _ = try instantiate(ComponentFixtures.callsHost, in: Store(engine: engine), linker: linker)
        },
        Misuse(name: "function import defined with a module", expected: .error(.linking, "")) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineModule("f", module: Module(engine: engine, wat: "(module)"))
            _ = try instantiate(#"(component (import "f" (func)))"#, in: Store(engine: engine), linker: linker)
        },
        Misuse(name: "missing import", expected: .error(.linking, "host-echo")) {
            _ = try instantiate(ComponentFixtures.callsHost, in: Store(engine: Engine()))
        },
        Misuse(name: "function redefined without shadowing", expected: .error(.linking, "")) {
            let linker = ComponentLinker(engine: Engine())
            try linker.defineFunction("f") { _ in [] }
            try linker.defineFunction("f") { _ in [] }
        },
        Misuse(name: "definition path with no name", expected: .error(.linking, "at least a name")) {
            try ComponentLinker(engine: Engine()).defineFunction(path: []) { _, _ in [] }
        },
        Misuse(name: "WASI p2 added twice", expected: .error(.linking, "")) {
            let linker = ComponentLinker(engine: Engine())
            try linker.addWASIp2()
            try linker.addWASIp2()
        },
        Misuse(name: "component of another engine", expected: .error(.linking, "different engine")) {
            let component = try Component(engine: Engine(), wat: ComponentFixtures.adder)
            let engine = Engine()
            _ = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        },
        Misuse(name: "store of another engine", expected: .error(.storeMismatch, "different engine")) {
            let engine = Engine()
            let component = try Component(engine: engine, wat: ComponentFixtures.adder)
            _ = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: Engine()))
        },
        Misuse(name: "the linker used inside a host function during instantiation", expected: .works) {
            // A core start function calls the host import while the linker instantiates.
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            linker.allowsShadowing = true
            var calls = 0
            try linker.defineFunction("hello") { [weak linker] _ in
                calls += 1
                try linker?.defineFunction("later") { _ in [] }
                return []
            }
            let text = """
                (component
                  (import "hello" (func $hello))
                  (core func $lowered (canon lower (func $hello)))
                  (core module $m (import "" "hello" (func $h)) (start $h))
                  (core instance $i (instantiate $m (with "" (instance (export "hello" (func $lowered)))))))
                """
            _ = try instantiate(text, in: Store(engine: engine), linker: linker)
            try check(calls == 1, "the start function ran \(calls) times")
        },
    ]

    // MARK: Component-model async types

    static func asyncEngine() throws -> Engine {
        var config = Config()
        config.wasm.componentModelAsync = true
        return try Engine(config)
    }

    static let asyncTypes: [Misuse] = [
        Misuse(name: "function returning a future", expected: .error(.typeMismatch, "cannot cross")) {
            let instance = try instantiate(ComponentMisuseFixtures.futures, in: Store(engine: asyncEngine()))
            try instance.function("make-future").call()
        },
        Misuse(name: "typed lookup of a function returning a future", expected: .error(.typeMismatch, "cannot cross")) {
            // ComponentValue matches any type, so only the C-value check stops it.
            let instance = try instantiate(ComponentMisuseFixtures.futures, in: Store(engine: asyncEngine()))
            let make = try instance.function("make-future", Void.self, ComponentValue.self)
            _ = try make()
        },
        Misuse(name: "future argument", expected: .error(.typeMismatch, "cannot cross")) {
            let instance = try instantiate(ComponentMisuseFixtures.futures, in: Store(engine: asyncEngine()))
            try instance.function("take-future").call(.u32(0))
        },
        Misuse(name: "stream argument", expected: .error(.typeMismatch, "cannot cross")) {
            let instance = try instantiate(ComponentMisuseFixtures.futures, in: Store(engine: asyncEngine()))
            try instance.function("take-stream").call(.list([]))
        },
        Misuse(name: "host function taking a future", expected: .error(.linking, "cannot cross")) {
            let engine = try asyncEngine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("consume") { _ in [] }
            let instance = try instantiate(
                ComponentMisuseFixtures.importsFuture, in: Store(engine: engine), linker: linker)
            try instance.function("run").call()
        },
        Misuse(name: "future import defined as a trap", expected: .error(.runtime, "`consume` has not been defined")) {
            // Not a Swift host function: nothing crosses the C API, so it links, and the call fails cleanly.
            let engine = try asyncEngine()
            let component = try Component(engine: engine, wat: ComponentMisuseFixtures.importsFuture)
            let linker = ComponentLinker(engine: engine)
            try linker.defineUnknownImportsAsTraps(for: component)
            try linker.instantiate(component, in: Store(engine: engine)).function("run").call()
        },
    ]

    // MARK: Poisoned stores

    static let poisonedStores: [Misuse] = [
        Misuse(name: "call after a trap", expected: .trap(.cannotEnterComponent)) {
            let instance = try instantiate(ComponentFixtures.adder, in: Store(engine: Engine()))
            do {
                try instance.function("fail").call()
            } catch let trap as Trap where trap.code == .unreachable {}
            try instance.function("add").call(.u32(1), .u32(2))
        },
        Misuse(name: "call after a failed lift", expected: .trap(.cannotEnterComponent)) {
            let guest = try badGuest()
            do {
                try guest.function("string-of-length").call(.u32(1 << 31))
            } catch let error as WasmtimeError where error.kind == .runtime {}
            try guest.function("set-realloc").call(.u32(0))
        },
        Misuse(name: "resource dropped after a trap", expected: .trap(.cannotEnterComponent)) {
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
            let thing = try resource(try makeThing(instance, 2))
            do {
                try instance.function("fail").call()
            } catch let trap as Trap where trap.code == .unreachable {}
            try thing.drop()
        },
        Misuse(name: "owned resource released after a trap", expected: .works) {
            let store = Store(engine: Engine())
            let instance = try instantiate(ComponentMisuseFixtures.resources, in: store)
            do {
                _ = try makeThing(instance, 2)  // released here: its drop fails quietly
                try instance.function("fail").call()
            } catch let trap as Trap where trap.code == .unreachable {}
            var things: [ComponentValue] = []
            do {
                things.append(try makeThing(instance, 3))
            } catch let trap as Trap where trap.code == .cannotEnterComponent {}
            try check(things.isEmpty, "the poisoned store made a resource")
        },
        Misuse(name: "new instance in a poisoned store", expected: .trap(.cannotEnterComponent)) {
            // The poison is store-wide: a fresh instance cannot be entered either.
            let store = Store(engine: Engine())
            let instance = try instantiate(ComponentFixtures.adder, in: store)
            do {
                try instance.function("fail").call()
            } catch let trap as Trap where trap.code == .unreachable {}
            let fresh = try instantiate(ComponentFixtures.adder, in: store)
            try fresh.function("add").call(.u32(1), .u32(2))
        },
        Misuse(name: "host function trap poisons the store", expected: .trap(.cannotEnterComponent)) {
            let engine = Engine()
            let linker = ComponentLinker(engine: engine)
            try linker.defineFunction("host-echo") { _ in throw Trap(code: .unreachable, message: "host trap") }
            try linker.defineFunction("host-count") { _ in [.u32(1)] }
            try linker.defineFunction("wasi:test/host@0.1.0", "double") { _ in [.u32(0)] }
            let instance = try instantiate(ComponentFixtures.callsHost, in: Store(engine: engine), linker: linker)
            do {
                try instance.function("call-host").call("x")
            } catch let trap as Trap where trap.code == .unreachable {}
            try instance.function("count").call("x")
        },
    ]

    // MARK: Stores that only take async calls

    static func yieldingStore() throws -> Store<Void> {
        var config = Config()
        config.consumeFuel = true
        let store = Store(engine: try Engine(config))
        try store.setFuel(1_000_000)
        return store
    }

    static let asyncOnlyStores: [Misuse] = [
        Misuse(
            name: "component instantiated in a store that yields",
            expected: .error(.runtime, "call it with the async calls")
        ) {
            // Refused before Wasmtime sees it (Wasmtime's own error names C functions).
            let store = try yieldingStore()
            try store.setAsyncYieldInterval(fuel: 1000)
            _ = try instantiate(ComponentFixtures.adder, in: store)
        },
        Misuse(
            name: "component function called in a store that yields",
            expected: .error(.runtime, "call it with the async calls")
        ) {
            let store = try yieldingStore()
            let instance = try instantiate(ComponentFixtures.adder, in: store)
            try store.setAsyncYieldInterval(fuel: 1000)
            try instance.function("add").call(.u32(1), .u32(2))
        },
    ]

    // MARK: Lifetimes

    static let lifetimes: [Misuse] = [
        Misuse(name: "function used after its store and instance variables are gone", expected: .works) {
            var add: ComponentFunc?
            do {
                let engine = Engine()
                add = try instantiate(ComponentFixtures.adder, in: Store(engine: engine)).function("add")
            }
            try check(try add?.call(.u32(2), .u32(3)) == [.u32(5)], "the function lost its store")
        },
        Misuse(name: "resource dropped after its store and instance variables are gone", expected: .works) {
            var kept: ComponentResource?
            do {
                let instance = try instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine()))
                kept = try resource(try makeThing(instance, 9))
            }
            try kept?.drop()
        },
        Misuse(name: "owned resource released last", expected: .works) {
            // The resource outlives everything else; its release drops it in the store it keeps alive.
            var kept: ComponentValue? = try makeThing(
                instantiate(ComponentMisuseFixtures.resources, in: Store(engine: Engine())), 1)
            try check(kept != nil, "no resource")
            kept = nil
        },
        Misuse(name: "function called again from its own host function", expected: .works) {
            // Wasmtime 50 lets a host function re-enter the instance that called it.
            let engine = Engine()
            let box = Saved()
            var reenter: ComponentFunc?
            var depth = 0
            let linker = try streamLinker(engine, saved: box) {
                depth += 1
                if depth == 1 { try reenter?.call() }
            }
            let instance = try instantiate(
                ComponentMisuseFixtures.lendsStreams, in: Store(engine: engine), linker: linker)
            reenter = try instance.function("reenter")
            defer { reenter = nil }
            try instance.function("reenter").call()
            try check(depth == 2, "the host function ran \(depth) times")
        },
    ]

    // MARK: Running the matrix

    static func runInChild(_ name: String, report: String) -> Never {
        func fail(_ status: Int32, _ message: String) -> Never {
            if let file = fopen(report, "w") {
                fputs(message, file)
                fclose(file)
            }
            exit(status)
        }
        guard let misuse = all.first(where: { $0.name == name }) else { fail(10, "no misuse case named \(name)") }
        do {
            try misuse.body()
            if case .works = misuse.expected { exit(0) }
            fail(2, "nothing was thrown; expected \(misuse.expected)")
        } catch {
            if let problem = MisuseTests.mismatch(error, misuse.expected) { fail(3, problem) }
            exit(0)
        }
    }

    @Test func everyCaseHasAUniqueName() {
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
    }

    @Test(arguments: ComponentMisuseTests.all.map(\.name))
    func misuse(_ name: String) async {
        let report = MisuseTests.temporaryFile()
        defer { unlink(report) }
        await #expect(processExitsWith: .success) { [name, report = report as String] in
            ComponentMisuseTests.runInChild(name, report: report)
        }
        if let file = fopen(report, "r") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = fread(&buffer, 1, buffer.count, file)
            fclose(file)
            if count > 0 { Issue.record("\(name): \(String(decoding: buffer[..<count], as: UTF8.self))") }
        }
    }
}
