import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

/// `Component`: compiling, serialization, types, instantiation, lookups,
/// and misuse that must be an error rather than an abort.
@Suite struct ComponentTests {
    let engine = Engine()

    func instantiate(_ text: String, in store: AnyStore? = nil) throws -> ComponentInstance {
        let component = try Component(engine: engine, wat: text)
        return try ComponentLinker(engine: engine).instantiate(component, in: store ?? Store(engine: engine))
    }

    @Test func addThroughTheLinker() throws {
        let instance = try instantiate(ComponentFixtures.adder)
        let add = try instance.function("add")
        #expect(add.type.description == "func(a: u32, b: u32) -> u32")
        #expect(try add.call(.u32(2), .u32(3)) == [.u32(5)])
        #expect(try add(.u32(.max), .u32(1)) == .u32(0))
        #expect(try add.call([.u32(40), .u32(2)]) == [.u32(42)])
    }

    /// A host function called with a string and a dynamic export call, with
    /// their output asserted (the README's example is ComponentReadmeExampleTests).
    @Test func logAndAddWithDynamicValues() throws {
        let component = try Component(
            engine: engine,
            wat: """
                (component
                  (import "log" (func $log (param "message" string)))
                  (core module $memory (memory (export "memory") 1) (data (i32.const 0) "Hello from the guest!"))
                  (core instance $mem (instantiate $memory))
                  (core func $log-lowered (canon lower (func $log) (memory (core memory $mem "memory"))))
                  (core module $main
                    (import "host" "log" (func $log (param i32 i32)))
                    (func (export "run") (call $log (i32.const 0) (i32.const 21)))
                    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
                  (core instance $i (instantiate $main (with "host" (instance (export "log" (func $log-lowered))))))
                  (func (export "run") (canon lift (core func $i "run")))
                  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))
                """)
        var printed: [String] = []
        let linker = ComponentLinker(engine: engine)
        try linker.defineFunction("log") { arguments in
            printed.append("guest says: \(arguments[0])")
            return []
        }
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        try instance.function("run").call()
        let add = try instance.function("add")
        printed.append(add.type.description)
        printed.append(try add(.u32(40), .u32(2)).description)
        #expect(printed == [#"guest says: "Hello from the guest!""#, "func(a: u32, b: u32) -> u32", "42"])
    }

    @Test func compileFromBytesTextAndFile() throws {
        let bytes = try wat2wasm(ComponentFixtures.adder)
        let fromBytes = try Component(engine: engine, bytes: bytes)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("component-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binaryPath = directory.appendingPathComponent("adder.wasm").path
        let textPath = directory.appendingPathComponent("adder.wat").path
        try Data(bytes).write(to: URL(fileURLWithPath: binaryPath))
        try ComponentFixtures.adder.write(toFile: textPath, atomically: true, encoding: .utf8)
        for component in [
            fromBytes, try Component(engine: engine, contentsOf: binaryPath),
            try Component(engine: engine, contentsOf: textPath),
        ] {
            let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
            #expect(try instance.function("add").call(.u32(20), .u32(22)) == [.u32(42)])
        }
        expectWasmtimeError(.io) {
            try Component(engine: engine, contentsOf: directory.appendingPathComponent("missing").path)
        }
        let bad = expectWasmtimeError(.compilation) { try Component(engine: engine, wat: "(component (func $f))") }
        #expect(bad?.message.isEmpty == false)
    }

    @Test func serializeAndDeserialize() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let bytes = try component.serialize()
        #expect(bytes.count > 100)
        let restored = try Component.deserialize(engine: engine, bytes: bytes)
        let instance = try ComponentLinker(engine: engine).instantiate(restored, in: Store(engine: engine))
        #expect(try instance.function("add").call(.u32(1), .u32(2)) == [.u32(3)])
        #expect(restored.type == component.type)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("component-\(UUID().uuidString).cwasm")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try Component.deserialize(engine: engine, file: path)
        #expect(Set(fromFile.exports.map(\.name)) == ["add", "fail", "inner-module"])

        expectWasmtimeError(.compilation) { try Component.deserialize(engine: engine, bytes: Array("garbage".utf8)) }
        expectWasmtimeError(.io) { try Component.deserialize(engine: engine, file: path + ".missing") }
        // A serialized module is not a serialized component.
        let module = try Module(engine: engine, wat: "(module)")
        expectWasmtimeError(.compilation) { try Component.deserialize(engine: engine, bytes: try module.serialize()) }
    }

    @Test func moduleWhereComponentExpectedAndViceVersa() throws {
        let moduleBytes = try wat2wasm("(module (func (export \"f\")))")
        let asComponent = expectWasmtimeError(.compilation) { try Component(engine: engine, bytes: moduleBytes) }
        #expect(asComponent?.message.contains("core WebAssembly module") == true)
        let componentBytes = try wat2wasm(ComponentFixtures.adder)
        let asModule = expectWasmtimeError(.compilation) { try Module(engine: engine, bytes: componentBytes) }
        #expect(asModule?.message.contains("component") == true, "\(asModule?.message ?? "")")
    }

    @Test func typesOfImportsAndExports() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.callsHost)
        let type = component.type
        #expect(type.imports.map(\.name) == ["host-echo", "host-count", "wasi:test/host@0.1.0"])
        #expect(type.exports.map(\.name) == ["call-host", "count", "twice"])
        #expect(
            type.import(named: "host-count")
                == .function(
                    ComponentFuncType(
                        parameters: [.init(name: "s", type: .string), .init(name: "extra", type: .u32)], result: .u32)))
        guard case .instance(let host) = type.import(named: "wasi:test/host@0.1.0") else {
            Issue.record("expected an instance import")
            return
        }
        #expect(host.exports.map(\.name) == ["double"])
        #expect(
            host.export(named: "double")
                == .function(
                    ComponentFuncType(
                        parameters: [.init(name: "x", type: .u32)],
                        result: .u32)))
        let adder = try Component(engine: engine, wat: ComponentFixtures.adder)
        guard case .module(let imports, let exports) = adder.type.export(named: "inner-module") else {
            Issue.record("expected a core module export")
            return
        }
        #expect(imports.isEmpty)
        #expect(exports.map(\.name) == ["f"])
        #expect(adder.type.export(named: "fail") == .function(ComponentFuncType(parameters: [], result: nil)))
    }

    /// Every value type kind read from a function type, with names and structure.
    @Test func valueTypesOfEveryKind() throws {
        let component = try Component(engine: engine, wat: ComponentFixtures.echo)
        func parameter(_ name: String) throws -> ComponentValueType {
            guard case .function(let function) = component.type.export(named: name),
                let first = function.parameters.first
            else {
                throw WasmtimeError(.notFound, name)
            }
            return first.type
        }
        for scalar in ComponentFixtures.scalars {
            #expect(try parameter("echo-\(scalar.type)").description == scalar.type)
        }
        #expect(
            try parameter("echo-record")
                == .record([
                    .init(name: "id", type: .u32), .init(name: "name", type: .string),
                    .init(name: "scores", type: .list(.s16)),
                ]))
        #expect(
            try parameter("echo-variant")
                == .variant([
                    .init(name: "nothing"), .init(name: "number", payload: .u64), .init(name: "text", payload: .string),
                ]))
        #expect(try parameter("echo-tuple") == .tuple([.u8, .string, .f64]))
        #expect(try parameter("echo-enum") == .enum(["red", "green", "blue"]))
        #expect(try parameter("echo-flags") == .flags(["read", "write", "exec"]))
        #expect(try parameter("echo-option-option") == .option(.option(.u32)))
        #expect(try parameter("echo-result") == .result(ok: .string, error: .u32))
        #expect(try parameter("echo-result-unit") == .result(ok: nil, error: nil))
        #expect(try parameter("echo-result-error") == .result(ok: nil, error: .string))
        #expect(try parameter("echo-strings").description == "list<string>")
        #expect(try parameter("echo-result").description == "result<string, u32>")

        let resources = try Component(engine: engine, wat: ComponentFixtures.exportsInstance)
        guard case .resource(let thing) = resources.type.export(named: "thing"),
            case .function(let make) = resources.type.export(named: "make"),
            case .function(let get) = resources.type.export(named: "get")
        else {
            Issue.record("expected a resource and two functions")
            return
        }
        #expect(make.result == .own(thing))
        #expect(get.parameters.first?.type == .borrow(thing))
        #expect(get.description == "func(r: borrow<resource>) -> u32")
    }

    @Test func nestedExportsByPath() throws {
        let instance = try instantiate(ComponentFixtures.exportsInstance)
        let add = try instance.function("wasi:test/api@0.1.0", "add")
        #expect(try add.call(.u32(40), .u32(2)) == [.u32(42)])
        #expect(try instance.function(path: ["wasi:test/api@0.1.0", "add"]).call(.u32(1), .u32(1)) == [.u32(2)])
        #expect(instance.hasExport("wasi:test/api@0.1.0"))
        #expect(instance.hasExport("wasi:test/api@0.1.0", "add"))
        #expect(!instance.hasExport("add"))
        #expect(instance.exports.map(\.name) == ["wasi:test/api@0.1.0", "thing", "make", "get", "dropped"])
        let missing = expectWasmtimeError(.notFound) { try instance.function("add") }
        #expect(missing?.message.contains("\"add\"") == true)
        expectWasmtimeError(.notFound) { try instance.function("wasi:test/api@0.1.0", "sub") }
        expectWasmtimeError(.notFound) { try instance.function(path: []) }
        let notFunction = expectWasmtimeError(.typeMismatch) { try instance.function("wasi:test/api@0.1.0") }
        #expect(notFunction?.message.contains("not a function") == true)
    }

    /// Wrong arity and kinds are caught before Wasmtime sees them, so the
    /// store stays usable (Wasmtime would refuse to enter it again).
    @Test func wrongArityAndKindAreErrorsAndTheStoreStaysUsable() throws {
        let instance = try instantiate(ComponentFixtures.adder)
        let add = try instance.function("add")
        let arity = expectWasmtimeError(.typeMismatch) { try add.call(.u32(1)) }
        #expect(arity?.message.contains("takes 2 argument(s), got 1") == true)
        expectWasmtimeError(.typeMismatch) { try add.call(.u32(1), .u32(2), .u32(3)) }
        let kind = expectWasmtimeError(.typeMismatch) { try add.call(.u32(1), .s32(2)) }
        #expect(kind?.message.contains("argument `b`: expected u32, got s32 2") == true)
        expectWasmtimeError(.typeMismatch) { try add.call(.u32(1), "two") }
        expectWasmtimeError(.typeMismatch) { try instance.function("fail")() }
        #expect(try add.call(.u32(1), .u32(2)) == [.u32(3)])
    }

    /// A guest that returns strings and lists Wasmtime cannot lift: out of
    /// bounds, absurdly long, not UTF-8. Each is an error, never an abort.
    @Test func badValuesFromTheGuestAreErrors() throws {
        let text = """
            (component
              (core module $m
                (memory (export "memory") 1)
                (data (i32.const 64) "\\ff\\fe\\fd")
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 256)
                (func (export "out-of-bounds") (result i32)
                  (i32.store (i32.const 16) (i32.const 65000)) (i32.store (i32.const 20) (i32.const 1000)) i32.const 16)
                (func (export "absurd") (result i32)
                  (i32.store (i32.const 16) (i32.const 0)) (i32.store (i32.const 20) (i32.const 0x7fffffff)) i32.const 16)
                (func (export "not-utf8") (result i32)
                  (i32.store (i32.const 16) (i32.const 64)) (i32.store (i32.const 20) (i32.const 3)) i32.const 16)
                (func (export "bad-char") (result i32) i32.const 0xD800)
                (func (export "bad-bool") (result i32) i32.const 2))
              (core instance $i (instantiate $m))
              (func (export "out-of-bounds") (result string)
                (canon lift (core func $i "out-of-bounds") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
              (func (export "absurd") (result (list u64))
                (canon lift (core func $i "absurd") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
              (func (export "not-utf8") (result string)
                (canon lift (core func $i "not-utf8") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
              (func (export "bad-char") (result char) (canon lift (core func $i "bad-char")))
              (func (export "bad-bool") (result bool) (canon lift (core func $i "bad-bool"))))
            """
        let component = try Component(engine: engine, wat: text)
        let expected = [
            ("out-of-bounds", "string pointer/length out of bounds of memory"),
            ("absurd", "list pointer/length out of bounds of memory"),
            ("not-utf8", "invalid utf-8"),
            ("bad-char", "out of range for `char`"),
        ]
        for (name, fragment) in expected {
            // A failed lift leaves the store unable to enter the instance: one store each.
            let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
            let error = expectWasmtimeError(.runtime, "\(name)") { try instance.function(name).call() }
            #expect(error?.message.contains(fragment) == true, "\(name): \(error?.message ?? "")")
        }
        // Any non-zero i32 lifts as `true`.
        let instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        #expect(try instance.function("bad-bool")() == true)
    }

    @Test func trapsAreTrapsAndPoisonTheStore() throws {
        let store = Store(engine: engine)
        let instance = try instantiate(ComponentFixtures.adder, in: store)
        expectTrap(.unreachable) { try instance.function("fail").call() }
        // Wasmtime refuses to re-enter the store's component instances after a trap.
        expectTrap(.cannotEnterComponent) { try instance.function("add").call(.u32(1), .u32(2)) }
        // Other stores are unaffected.
        #expect(try instantiate(ComponentFixtures.adder).function("add").call(.u32(1), .u32(2)) == [.u32(3)])
    }

    @Test func otherEnginesAndStoresAreErrors() throws {
        let other = Engine()
        let component = try Component(engine: engine, wat: ComponentFixtures.adder)
        let foreignLinker = ComponentLinker(engine: other)
        expectWasmtimeError(.linking) { try foreignLinker.instantiate(component, in: Store(engine: other)) }
        expectWasmtimeError(.storeMismatch) {
            try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: other))
        }
        expectWasmtimeError(.linking) { try foreignLinker.defineUnknownImportsAsTraps(for: component) }
        expectWasmtimeError(.linking) {
            try foreignLinker.defineModule("m", module: try Module(engine: engine, wat: "(module)"))
        }

        // A resource of one store passed to a function of another.
        let first = try instantiate(ComponentFixtures.exportsInstance)
        let second = try instantiate(ComponentFixtures.exportsInstance)
        let made = try #require(try first.function("make").call(.u32(5)).first)
        let mismatch = expectWasmtimeError(.storeMismatch) { try second.function("get").call(made) }
        #expect(mismatch?.message.contains("different store") == true)
        #expect(try second.function("make").call(.u32(1)).count == 1)  // still usable
    }

    @Test func guestResourcesAreBorrowedAndDropped() throws {
        let instance = try instantiate(ComponentFixtures.exportsInstance)
        let value = try #require(try instance.function("make").call(.u32(5)).first)
        guard case .resource(let resource) = value else {
            Issue.record("expected a resource, got \(value)")
            return
        }
        #expect(resource.isOwned)
        #expect(value.description == "<resource>")
        #expect(try instance.function("get").call(value) == [.u32(5)])
        #expect(try instance.function("dropped").call() == [.u32(0)])
        try resource.drop()
        #expect(try instance.function("dropped").call() == [.u32(5)])  // the guest destructor ran
        let twice = #expect(throws: WasmtimeError.self) { try resource.drop() }
        #expect(twice?.message.contains("already dropped") == true)
        expectWasmtimeError(.runtime) { try instance.function("get").call(value) }
        #expect(try instance.function("dropped").call() == [.u32(5)])  // the store is still usable

        // An owned handle the host lets go of is dropped, not leaked.
        do {
            _ = try instance.function("make").call(.u32(7))
        }
        #expect(try instance.function("dropped").call() == [.u32(12)])
    }
}
