import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The misuse matrix: every way we know to hold the public API wrong. Each
/// case runs in a child process, so a Wasmtime abort (the failure mode these
/// checks exist to prevent) fails that case instead of the whole run. Each
/// must end in the expected thrown Swift error, with a message that says what
/// went wrong, and the child must exit with status 0. A few rows are legal
/// uses that look suspicious (calling store B from a host function of store
/// A, re-entering through `Caller`); those must simply work.
@Suite struct MisuseTests {
    /// What a case must end in.
    enum Expected: Sendable {
        /// A ``WasmtimeError`` of this kind whose message contains the text.
        case error(WasmtimeError.Kind, String)
        /// A ``Trap`` with this code.
        case trap(TrapCode)
        /// The very error a host function threw.
        case hostError
        /// A legal use: the body checks its own results.
        case works
    }

    struct Misuse: Sendable {
        let name: String
        let expected: Expected
        let body: @Sendable () throws -> Void
    }

    /// Thrown by a host function; must come out of the call unchanged.
    struct HostFailure: Error, Equatable { let detail: String }
    /// Thrown by a `.works` body whose results are wrong.
    struct WrongResult: Error { let detail: String }

    static func check(_ condition: Bool, _ detail: @autoclosure () -> String) throws {
        if !condition { throw WrongResult(detail: detail()) }
    }

    static let subjectWAT = """
        (module
          (type $v (func (result i32)))
          (memory (export "memory") 1 2)
          (table (export "table") 2 3 funcref)
          (global (export "const") i32 (i32.const 1))
          (global (export "var") (mut i32) (i32.const 2))
          (global (export "ref") (mut funcref) (ref.null func))
          (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0)))
          (func (export "any_is_null") (param anyref) (result i32) (ref.is_null (local.get 0)))
          (func (export "non_null") (param (ref func)) (result i32) (i32.const 1))
          (func (export "call_null") (result i32) (call_indirect (type $v) (i32.const 0)))
          (func (export "call_ref_null") (result i32) (call_ref $v (ref.null $v)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
          (func (export "unreachable") (unreachable))
          (elem declare func $add))
        """

    static func subject(_ store: AnyStore) throws -> Instance {
        try Instance(store: store, module: Module(engine: store.engine, wat: subjectWAT))
    }

    /// Two stores of one engine, each with the subject module.
    static func twoStores() throws -> (a: Store<Void>, b: Store<Void>, instanceA: Instance, instanceB: Instance) {
        let engine = Engine()
        let a = Store(engine: engine)
        let b = Store(engine: engine)
        return (a, b, try subject(a), try subject(b))
    }

    static let all: [Misuse] =
        objectsFromAnotherStore + typesAndArities + exportKinds + nullReferences
        + growth + bounds + configuration + reentrancy + gcObjects

    // MARK: Objects from another store or engine

    static let objectsFromAnotherStore: [Misuse] = [
        Misuse(name: "funcref argument from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            _ = try s.instanceA.function("is_null").call(.funcref(s.instanceB.function("add")))
        },
        Misuse(name: "typed funcref argument from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            let isNull = try s.instanceA.function("is_null", Func?.self, Int32.self)
            _ = try isNull(s.instanceB.function("add"))
        },
        Misuse(name: "anyref argument from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            _ = try s.instanceA.function("any_is_null").call(.anyref(AnyRef(i31: 5, in: s.b)))
        },
        Misuse(name: "function import from another store", expected: .error(.storeMismatch, "different store")) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine)
            let hostB = Func(store: b) { () in }
            _ = try Instance(
                store: a, module: Module(engine: engine, wat: #"(module (import "" "f" (func)))"#),
                imports: [.function(hostB)])
        },
        Misuse(name: "memory import from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            _ = try Instance(
                store: s.a, module: Module(engine: s.a.engine, wat: #"(module (import "" "m" (memory 1)))"#),
                imports: [.memory(s.instanceB.memory("memory"))])
        },
        Misuse(name: "global import from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            _ = try Instance(
                store: s.a, module: Module(engine: s.a.engine, wat: #"(module (import "" "g" (global i32)))"#),
                imports: [.global(s.instanceB.global("const"))])
        },
        Misuse(name: "table import from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            _ = try Instance(
                store: s.a, module: Module(engine: s.a.engine, wat: #"(module (import "" "t" (table 2 funcref)))"#),
                imports: [.table(s.instanceB.table("table"))])
        },
        Misuse(name: "tag import from another store", expected: .error(.storeMismatch, "different store")) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine)
            let tag = try Tag(store: b, type: FuncType(parameters: [.i32]))
            _ = try Instance(
                store: a, module: Module(engine: engine, wat: #"(module (import "" "e" (tag (param i32))))"#),
                imports: [.tag(tag)])
        },
        Misuse(name: "table.set with a funcref from another store", expected: .error(.storeMismatch, "different store"))
        {
            let s = try twoStores()
            try s.instanceA.table("table").set(0, .funcref(s.instanceB.function("add")))
        },
        Misuse(
            name: "table.grow with a funcref from another store", expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            try s.instanceA.table("table").grow(by: 1, initial: .funcref(s.instanceB.function("add")))
        },
        Misuse(
            name: "global.set with a funcref from another store", expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            try s.instanceA.global("ref").set(.funcref(s.instanceB.function("add")))
        },
        Misuse(
            name: "new global holding a funcref from another store", expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            _ = try Global(store: s.a, type: GlobalType(.funcref), value: .funcref(s.instanceB.function("add")))
        },
        Misuse(
            name: "new table filled with a funcref from another store",
            expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            _ = try Table(
                store: s.a, type: TableType(element: .funcref, minimum: 1),
                initial: .funcref(s.instanceB.function("add")))
        },
        Misuse(name: "linker item from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            let linker = Linker(engine: s.a.engine)
            try linker.define("other", "memory", s.instanceB.memory("memory"))
            _ = try linker.instantiate(
                Module(engine: s.a.engine, wat: #"(module (import "other" "memory" (memory 1)))"#), in: s.a)
        },
        Misuse(name: "module compiled by another engine", expected: .error(.storeMismatch, "different engine")) {
            let module = try Module(engine: Engine(), wat: subjectWAT)
            _ = try Instance(store: Store(engine: Engine()), module: module)
        },
        Misuse(name: "linker of another engine", expected: .error(.storeMismatch, "different engine")) {
            let engine = Engine()
            let linker = Linker(engine: Engine())
            _ = try linker.instantiate(Module(engine: engine, wat: "(module)"), in: Store(engine: engine))
        },
        Misuse(
            name: "instance-pre used with a store of another engine",
            expected: .error(.storeMismatch, "different engine")
        ) {
            let engine = Engine()
            let pre = try Linker(engine: engine).instantiatePre(Module(engine: engine, wat: "(module)"))
            _ = try pre.instantiate(in: Store(engine: Engine()))
        },
        Misuse(name: "shared memory of another engine", expected: .error(.storeMismatch, "different engine")) {
            var config = Config()
            config.wasm.threads = true
            config.wasm.sharedMemory = true
            let memory = try SharedMemory(
                engine: Engine(config), type: MemoryType(minimum: 1, maximum: 1, isShared: true))
            let engine = try Engine(config)
            _ = try Instance(
                store: Store(engine: engine),
                module: Module(engine: engine, wat: #"(module (import "" "m" (memory 1 1 shared)))"#),
                imports: [.sharedMemory(memory)])
        },
    ]

    // MARK: Wrong types and arities

    static let typesAndArities: [Misuse] = [
        Misuse(
            name: "typed view with the wrong parameter types",
            expected: .error(.typeMismatch, "not (i64, i64) -> (i32)")
        ) {
            let instance = try subject(Store(engine: Engine()))
            _ = try instance.function("add", (Int64, Int64).self, Int32.self)
        },
        Misuse(name: "typed view with the wrong result type", expected: .error(.typeMismatch, "not")) {
            let instance = try subject(Store(engine: Engine()))
            _ = try instance.function("add", (Int32, Int32).self, Double.self)
        },
        Misuse(name: "typed view with too few parameters", expected: .error(.typeMismatch, "not")) {
            let instance = try subject(Store(engine: Engine()))
            _ = try instance.function("add", Int32.self, Int32.self)
        },
        Misuse(
            name: "untyped call with too many arguments",
            expected: .error(.typeMismatch, "expects 2 argument(s), got 3")
        ) {
            _ = try subject(Store(engine: Engine())).function("add").call(.i32(1), .i32(2), .i32(3))
        },
        Misuse(
            name: "untyped call with too few arguments", expected: .error(.typeMismatch, "expects 2 argument(s), got 0")
        ) {
            _ = try subject(Store(engine: Engine())).function("add").call()
        },
        Misuse(name: "untyped call with a wrong argument type", expected: .error(.typeMismatch, "argument 1")) {
            _ = try subject(Store(engine: Engine())).function("add").call(.i32(1), .f64(2))
        },
        Misuse(name: "externref where a funcref is expected", expected: .error(.typeMismatch, "argument 0")) {
            _ = try subject(Store(engine: Engine())).function("is_null").call(.externref(ExternRef("x")))
        },
        Misuse(name: "null for a non-nullable reference parameter", expected: .error(.typeMismatch, "argument 0")) {
            _ = try subject(Store(engine: Engine())).function("non_null").call(.funcref(nil))
        },
        Misuse(name: "global.set with the wrong type", expected: .error(.typeMismatch, "does not fit")) {
            try subject(Store(engine: Engine())).global("var").set(.i64(1))
        },
        Misuse(name: "global.set on an immutable global", expected: .error(.typeMismatch, "immutable")) {
            try subject(Store(engine: Engine())).global("const").set(.i32(5))
        },
        Misuse(name: "table.set with the wrong element type", expected: .error(.typeMismatch, "does not fit")) {
            try subject(Store(engine: Engine())).table("table").set(0, .externref(nil))
        },
        Misuse(name: "new global with a value of the wrong type", expected: .error(.typeMismatch, "does not fit")) {
            _ = try Global(store: Store(engine: Engine()), type: GlobalType(.f32), value: .i32(1))
        },
        Misuse(name: "untyped host function returning the wrong type", expected: .error(.typeMismatch, "")) {
            let store = Store(engine: Engine())
            let host = Func(store: store, type: FuncType(results: [.i32])) { _, _ in [.i64(1)] }
            _ = try host.call()
        },
        Misuse(name: "untyped host function returning too many values", expected: .error(.typeMismatch, "")) {
            let store = Store(engine: Engine())
            let host = Func(store: store, type: FuncType(results: [.i32])) { _, _ in [.i32(1), .i32(2)] }
            let module = try Module(
                engine: store.engine,
                wat: #"""
                    (module (import "" "h" (func $h (result i32))) (func (export "run") (result i32) (call $h)))
                    """#)
            _ = try Instance(store: store, module: module, imports: [.function(host)]).function("run").call()
        },
        Misuse(name: "import of the wrong signature", expected: .error(.linking, "")) {
            let store = Store(engine: Engine())
            let host = Func(store: store) { (x: Int64) in _ = x }
            _ = try Instance(
                store: store,
                module: Module(engine: store.engine, wat: #"(module (import "" "f" (func (param i32))))"#),
                imports: [.function(host)])
        },
        Misuse(name: "import of the wrong kind", expected: .error(.linking, "")) {
            let store = Store(engine: Engine())
            let global = try Global(store: store, type: GlobalType(.i32), value: .i32(0))
            _ = try Instance(
                store: store, module: Module(engine: store.engine, wat: #"(module (import "" "f" (func)))"#),
                imports: [.global(global)])
        },
        Misuse(name: "too few imports", expected: .error(.linking, "")) {
            let store = Store(engine: Engine())
            _ = try Instance(
                store: store,
                module: Module(engine: store.engine, wat: #"(module (import "" "f" (func)) (import "" "g" (func)))"#),
                imports: [.function(Func(store: store) { () in })])
        },
        Misuse(name: "too many imports", expected: .error(.linking, "")) {
            let store = Store(engine: Engine())
            let host = Func(store: store) { () in }
            _ = try Instance(
                store: store, module: Module(engine: store.engine, wat: "(module)"), imports: [.function(host)])
        },
        Misuse(name: "linker host function of the wrong signature", expected: .error(.linking, "")) {
            let engine = Engine()
            let linker = Linker(engine: engine)
            try linker.defineFunction("env", "f") { (x: Float) -> Float in x }
            _ = try linker.instantiate(
                Module(engine: engine, wat: #"(module (import "env" "f" (func (param i32))))"#),
                in: Store(engine: engine))
        },
        Misuse(name: "linker definition twice", expected: .error(.linking, "")) {
            let linker = Linker(engine: Engine())
            try linker.defineFunction("env", "f") { () in }
            try linker.defineFunction("env", "f") { () in }
        },
        Misuse(name: "missing import through a linker", expected: .error(.linking, "unknown import")) {
            let engine = Engine()
            _ = try Linker(engine: engine).instantiate(
                Module(engine: engine, wat: #"(module (import "env" "nope" (func)))"#),
                in: Store(engine: engine))
        },
    ]

    // MARK: Wrong export kinds

    static let exportKinds: [Misuse] = [
        Misuse(name: "memory export read as a function", expected: .error(.typeMismatch, "is a memory, not a function"))
        {
            _ = try subject(Store(engine: Engine())).function("memory")
        },
        Misuse(name: "function export read as a memory", expected: .error(.typeMismatch, "is a function, not a memory"))
        {
            _ = try subject(Store(engine: Engine())).memory("add")
        },
        Misuse(name: "global export read as a table", expected: .error(.typeMismatch, "is a global, not a table")) {
            _ = try subject(Store(engine: Engine())).table("var")
        },
        Misuse(name: "plain memory read as a shared memory", expected: .error(.typeMismatch, "not a shared memory")) {
            _ = try subject(Store(engine: Engine())).sharedMemory("memory")
        },
        Misuse(name: "missing export", expected: .error(.notFound, "no export named \"nope\"")) {
            _ = try subject(Store(engine: Engine())).function("nope")
        },
        Misuse(name: "missing export through the Caller", expected: .error(.notFound, "no export named \"nope\"")) {
            let store = Store(engine: Engine())
            let host = Func(store: store) { (caller: borrowing Caller) in _ = try caller.memory("nope") }
            let module = try Module(
                engine: store.engine, wat: #"(module (import "" "h" (func $h)) (func (export "run") (call $h)))"#)
            try Instance(store: store, module: module, imports: [.function(host)]).function("run", Void.self)()
        },
        Misuse(name: "wrong export kind through the Caller", expected: .error(.typeMismatch, "not a memory")) {
            let store = Store(engine: Engine())
            let host = Func(store: store) { (caller: borrowing Caller) in _ = try caller.memory("run") }
            let module = try Module(
                engine: store.engine, wat: #"(module (import "" "h" (func $h)) (func (export "run") (call $h)))"#)
            try Instance(store: store, module: module, imports: [.function(host)]).function("run", Void.self)()
        },
    ]

    // MARK: Null references

    static let nullReferences: [Misuse] = [
        Misuse(name: "call_indirect through a null table entry", expected: .trap(.indirectCallToNull)) {
            _ = try subject(Store(engine: Engine())).function("call_null").call()
        },
        Misuse(name: "call_ref of a null reference", expected: .trap(.nullReference)) {
            _ = try subject(Store(engine: Engine())).function("call_ref_null").call()
        },
        Misuse(name: "null funcref read from a table cannot be called", expected: .error(.typeMismatch, "null")) {
            let value = try subject(Store(engine: Engine())).table("table").get(1)
            guard case .funcref(let function) = value else { throw WrongResult(detail: "\(value)") }
            guard let function else { throw WasmtimeError(.typeMismatch, "table entry 1 is a null funcref") }
            _ = try function.call()
        },
        Misuse(name: "typed null argument for a non-nullable parameter", expected: .error(.typeMismatch, "not")) {
            _ = try subject(Store(engine: Engine())).function("non_null", Func?.self, Int32.self)
        },
    ]

    // MARK: Growth beyond maximums

    static let growth: [Misuse] = [
        Misuse(name: "Memory.grow beyond the declared maximum", expected: .error(.resourceLimit, "")) {
            try subject(Store(engine: Engine())).memory("memory").grow(by: 2)
        },
        Misuse(name: "Memory.grow by UInt64.max", expected: .error(.resourceLimit, "")) {
            try subject(Store(engine: Engine())).memory("memory").grow(by: .max)
        },
        Misuse(name: "Memory.grow beyond the store limit", expected: .error(.resourceLimit, "")) {
            let store = Store(engine: Engine())
            store.setLimits(StoreLimits(memorySize: 1 << 16))
            try subject(store).memory("memory").grow(by: 1)
        },
        Misuse(name: "Table.grow beyond the declared maximum", expected: .error(.resourceLimit, "")) {
            try subject(Store(engine: Engine())).table("table").grow(by: 2)
        },
        Misuse(name: "Table.grow by UInt64.max", expected: .error(.resourceLimit, "")) {
            try subject(Store(engine: Engine())).table("table").grow(by: .max)
        },
        Misuse(name: "host Table.grow beyond the store limit", expected: .error(.resourceLimit, "")) {
            let store = Store(engine: Engine())
            store.setLimits(StoreLimits(tableElements: 10))
            let table = try Table(store: store, type: TableType(element: .externref, minimum: 1))
            try table.grow(by: 10)
        },
        Misuse(name: "SharedMemory.grow beyond the maximum", expected: .error(.resourceLimit, "")) {
            var config = Config()
            config.wasm.threads = true
            config.wasm.sharedMemory = true
            let memory = try SharedMemory(
                engine: Engine(config), type: MemoryType(minimum: 1, maximum: 2, isShared: true))
            try memory.grow(by: 1)
            try memory.grow(by: 1)
        },
        Misuse(name: "memory.grow in wasm beyond the maximum returns -1", expected: .works) {
            let instance = try subject(Store(engine: Engine()))
            let grow = try instance.function("grow", Int32.self, Int32.self)
            let results = [try grow(5), try grow(1), try grow(1)]
            try check(results == [-1, 1, -1], "\(results)")
        },
        Misuse(name: "memory with minimum above maximum", expected: .error(.configuration, "maximum")) {
            _ = try Memory(store: Store(engine: Engine()), type: MemoryType(minimum: 3, maximum: 2))
        },
        Misuse(name: "table with minimum above maximum", expected: .error(.configuration, "maximum")) {
            _ = try Table(store: Store(engine: Engine()), type: TableType(element: .funcref, minimum: 3, maximum: 2))
        },
        Misuse(name: "more instances than the store allows", expected: .error(.resourceLimit, "")) {
            let store = Store(engine: Engine())
            store.setLimits(StoreLimits(instances: 2))
            let module = try Module(engine: store.engine, wat: "(module)")
            for _ in 0..<3 { _ = try Instance(store: store, module: module) }
        },
    ]

    // MARK: Out-of-bounds access

    static let bounds: [Misuse] = [
        Misuse(name: "Memory.load at the end", expected: .error(.outOfBounds, "out of bounds")) {
            let memory = try subject(Store(engine: Engine())).memory("memory")
            _ = try memory.load(UInt32.self, at: UInt64(memory.byteCount - 3))
        },
        Misuse(name: "Memory.load at UInt64.max", expected: .error(.outOfBounds, "out of bounds")) {
            _ = try subject(Store(engine: Engine())).memory("memory").load(UInt64.self, at: .max)
        },
        Misuse(name: "Memory.read with a negative count", expected: .error(.outOfBounds, "out of bounds")) {
            _ = try subject(Store(engine: Engine())).memory("memory").read(at: 0, count: -1)
        },
        Misuse(name: "Memory.read past the end", expected: .error(.outOfBounds, "out of bounds")) {
            _ = try subject(Store(engine: Engine())).memory("memory").read(at: 65_000, count: 1000)
        },
        Misuse(name: "Memory.write past the end", expected: .error(.outOfBounds, "out of bounds")) {
            try subject(Store(engine: Engine())).memory("memory").write([1, 2, 3], at: 65_534)
        },
        Misuse(name: "Memory.copy past the end", expected: .error(.outOfBounds, "out of bounds")) {
            try subject(Store(engine: Engine())).memory("memory").copy(from: 0, to: 65_000, count: 1000)
        },
        Misuse(name: "Memory.readCString without a terminator", expected: .error(.outOfBounds, "no NUL terminator")) {
            let memory = try subject(Store(engine: Engine())).memory("memory")
            try memory.write([UInt8](repeating: 0x41, count: 16), at: UInt64(memory.byteCount - 16))
            _ = try memory.readCString(at: UInt64(memory.byteCount - 16))
        },
        Misuse(name: "Memory.writeString past the end", expected: .error(.outOfBounds, "out of bounds")) {
            try subject(Store(engine: Engine())).memory("memory").writeString("hello", at: 65_533)
        },
        Misuse(name: "wasm load past the end", expected: .trap(.memoryOutOfBounds)) {
            _ = try subject(Store(engine: Engine())).function("load").call(.i32(65_534))
        },
        Misuse(name: "Table.get past the end", expected: .error(.outOfBounds, "out of bounds")) {
            _ = try subject(Store(engine: Engine())).table("table").get(2)
        },
        Misuse(name: "Table.set at UInt64.max", expected: .error(.outOfBounds, "out of bounds")) {
            try subject(Store(engine: Engine())).table("table").set(.max, .funcref(nil))
        },
        Misuse(name: "atomic wait on unshared memory", expected: .trap(.atomicWaitNonSharedMemory)) {
            _ = try subject(Store(engine: Engine())).function("wait").call()
        },
    ]

    // MARK: Configuration

    static let configuration: [Misuse] = [
        Misuse(name: "a configuration value used for two engines", expected: .works) {
            var config = Config()
            config.consumeFuel = true
            let first = try Engine(config)
            let second = try Engine(config)
            for engine in [first, second] {
                let store = Store(engine: engine)
                try store.setFuel(1000)
                _ = try subject(store).function("add").call(.i32(1), .i32(2))
                try check(try store.fuel() < 1000, "no fuel consumed")
            }
        },
        Misuse(name: "a rejected configuration, twice", expected: .error(.configuration, "")) {
            var config = Config()
            config.craneliftFlags["no_such_flag"] = "1"
            for _ in 0..<2 {
                do {
                    _ = try Engine(config)
                } catch let error as WasmtimeError where error.kind == .configuration {
                    continue
                }
                throw WrongResult(detail: "engine accepted an unknown Cranelift flag")
            }
            throw WasmtimeError(.configuration, "rejected twice, as it should be")
        },
        Misuse(name: "fuel on an engine without fuel", expected: .error(.configuration, "")) {
            try Store(engine: Engine()).setFuel(10)
        },
        Misuse(name: "deadline on an engine without epochs", expected: .error(.configuration, "epochInterruption")) {
            let store = Store(engine: Engine())
            try store.withDeadline(.seconds(1)) {}
        },
        Misuse(name: "shared memory of an unshared type", expected: .error(.typeMismatch, "shared")) {
            _ = try SharedMemory(engine: Engine(), type: MemoryType(minimum: 1, maximum: 1))
        },
        Misuse(name: "WASI preopen of a missing directory", expected: .error(.io, "/nonexistent/wasmtime-misuse")) {
            var wasi = WASIConfiguration()
            wasi.preopenedDirectories = [.init(hostPath: "/nonexistent/wasmtime-misuse", guestPath: "/data")]
            try Store(engine: Engine()).setWASI(wasi)
        },
        Misuse(name: "WASI stdin from a missing file", expected: .error(.io, "/nonexistent/stdin")) {
            var wasi = WASIConfiguration()
            wasi.standardInput = .file("/nonexistent/stdin")
            try Store(engine: Engine()).setWASI(wasi)
        },
        Misuse(name: "WASI imports without a linker", expected: .error(.linking, "")) {
            let store = Store(engine: Engine())
            let module = try Module(
                engine: store.engine,
                wat: #"""
                    (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))))
                    """#)
            _ = try Instance(store: store, module: module)
        },
        Misuse(name: "new store of an epoch engine without a deadline", expected: .trap(.interrupt)) {
            var config = Config()
            config.epochInterruption = true
            // A fresh store's deadline is the current epoch: calls trap until one is set.
            _ = try subject(Store(engine: Engine(config))).function("add").call(.i32(1), .i32(2))
        },
        Misuse(name: "WASI defined twice in one linker", expected: .error(.linking, "")) {
            let linker = Linker(engine: Engine())
            try linker.defineWASI()
            try linker.defineWASI()
        },
    ]

    // MARK: Re-entrancy and crossing stores in host functions

    static let reentrancy: [Misuse] = [
        Misuse(name: "host function of store A calls into store B", expected: .works) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine, data: 0)
            let addB = try subject(b).function("add", (Int32, Int32).self, Int32.self)
            let host = Func(store: a) { (x: Int32) -> Int32 in
                b.data += 1
                return try addB(x, 100)
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (param i32) (result i32)))
                      (func (export "run") (param i32) (result i32) (i32.mul (call $h (local.get 0)) (i32.const 2))))
                    """#)
            let run = try Instance(store: a, module: module, imports: [.function(host)]).function(
                "run", Int32.self, Int32.self)
            let result = try run(5)
            try check(result == 210 && b.data == 1, "run(5) = \(result), calls \(b.data)")
        },
        Misuse(name: "host function of store A traps in store B", expected: .trap(.unreachable)) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine)
            let crashB = try subject(b).function("unreachable", Void.self)
            let host = Func(store: a) { () in try crashB() }
            let module = try Module(
                engine: engine, wat: #"(module (import "" "h" (func $h)) (func (export "run") (call $h)))"#)
            try Instance(store: a, module: module, imports: [.function(host)]).function("run", Void.self)()
        },
        Misuse(
            name: "host function of store A passes its funcref to store B",
            expected: .error(.storeMismatch, "different store")
        ) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine)
            let isNullB = try subject(b).function("is_null")
            let host = Func(store: a) { (caller: borrowing Caller) in
                _ = try isNullB.call(.funcref(caller.function("run")))
            }
            let module = try Module(
                engine: engine, wat: #"(module (import "" "h" (func $h)) (func (export "run") (call $h)))"#)
            try Instance(store: a, module: module, imports: [.function(host)]).function("run", Void.self)()
        },
        Misuse(
            name: "host function returns a funcref of another store",
            expected: .error(.storeMismatch, "different store")
        ) {
            let engine = Engine()
            let a = Store(engine: engine)
            let b = Store(engine: engine)
            let addB = try subject(b).function("add")
            let host = Func(store: a, type: FuncType(results: [.funcref])) { _, _ in [.funcref(addB)] }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (result funcref))) (func (export "run") (result funcref) (call $h)))
                    """#)
            _ = try Instance(store: a, module: module, imports: [.function(host)]).function("run").call()
        },
        Misuse(name: "re-entering wasm through the Caller", expected: .works) {
            let engine = Engine()
            let store = Store(engine: engine)
            // fib through host and wasm: every level goes wasm -> host -> wasm.
            let host = Func(store: store) { (caller: borrowing Caller, n: Int32) -> Int32 in
                if n < 2 { return n }
                let fib = try caller.function("fib").typed(Int32.self, Int32.self)
                return try fib(n - 1) + fib(n - 2)
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (param i32) (result i32)))
                      (func (export "fib") (param i32) (result i32) (call $h (local.get 0))))
                    """#)
            let fib = try Instance(store: store, module: module, imports: [.function(host)]).function(
                "fib", Int32.self, Int32.self)
            let result = try fib(15)
            try check(result == 610, "fib(15) = \(result)")
        },
        Misuse(name: "re-entrant call traps deep inside", expected: .trap(.unreachable)) {
            let engine = Engine()
            let store = Store(engine: engine)
            let host = Func(store: store) { (caller: borrowing Caller, n: Int32) in
                let down = try caller.function("down").typed(Int32.self)
                try down(n - 1)
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (param i32)))
                      (func (export "down") (param i32)
                        (if (i32.eqz (local.get 0)) (then (unreachable)))
                        (call $h (local.get 0))))
                    """#)
            let down = try Instance(store: store, module: module, imports: [.function(host)]).function(
                "down", Int32.self)
            try down(Int32(20))
        },
        Misuse(name: "re-entrant call: the innermost host error comes out unchanged", expected: .hostError) {
            let engine = Engine()
            let store = Store(engine: engine)
            let host = Func(store: store) { (caller: borrowing Caller, n: Int32) in
                if n == 0 { throw HostFailure(detail: "innermost") }
                let down = try caller.function("down").typed(Int32.self)
                try down(n - 1)
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (param i32)))
                      (func (export "down") (param i32) (call $h (local.get 0))))
                    """#)
            let down = try Instance(store: store, module: module, imports: [.function(host)]).function(
                "down", Int32.self)
            try down(Int32(10))
        },
        Misuse(name: "host catches a re-entrant trap and carries on", expected: .works) {
            let engine = Engine()
            let store = Store(engine: engine)
            let host = Func(store: store) { (caller: borrowing Caller) -> Int32 in
                do {
                    try caller.function("crash").typed()()
                    return 0
                } catch let trap as Trap where trap.code == .unreachable {
                    return 7
                }
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (result i32)))
                      (func (export "crash") (unreachable))
                      (func (export "run") (result i32) (i32.add (call $h) (i32.const 1))))
                    """#)
            let run = try Instance(store: store, module: module, imports: [.function(host)]).function(
                "run", Void.self, Int32.self)
            let first = try run()
            let second = try run()
            try check(first == 8 && second == 8, "\(first), \(second)")
        },
        Misuse(name: "host grows memory through the Caller mid-call", expected: .works) {
            let engine = Engine()
            let store = Store(engine: engine)
            let host = Func(store: store) { (caller: borrowing Caller) -> Int32 in
                let memory = try caller.memory("memory")
                let before = memory.pageCount
                _ = try caller.function("grow").call(.i32(1))
                try memory.store(UInt32(0xabcd), at: UInt64(memory.byteCount - 4))
                return Int32(memory.pageCount - before)
            }
            let module = try Module(
                engine: engine,
                wat: #"""
                    (module (import "" "h" (func $h (result i32)))
                      (memory (export "memory") 1 4)
                      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
                      (func (export "run") (result i32 i32) (call $h) (i32.load (i32.const 131068))))
                    """#)
            let run = try Instance(store: store, module: module, imports: [.function(host)]).function(
                "run", Void.self, (Int32, Int32).self)
            let (grown, word) = try run()
            try check(grown == 1 && word == 0xabcd, "grown \(grown), word \(word)")
        },
    ]

    // MARK: Running the matrix

    /// Runs one case in the child process and exits: 0 when it ended as
    /// expected, otherwise non-zero after writing what happened to `report`.
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
            if let problem = mismatch(error, misuse.expected) { fail(3, problem) }
            exit(0)
        }
    }

    /// Why `error` is not what was expected, or `nil` if it is.
    static func mismatch(_ error: any Error, _ expected: Expected) -> String? {
        switch (expected, error) {
        case (.error(let kind, let text), let error as WasmtimeError):
            if error.kind != kind { return "kind \(error.kind), expected \(kind): \(error.message)" }
            if error.message.isEmpty { return "empty message" }
            if !text.isEmpty && !error.message.contains(text) {
                return "message \"\(error.message)\" lacks \"\(text)\""
            }
            return nil
        case (.trap(let code), let trap as Trap):
            if trap.code != code { return "trap \(String(describing: trap.code)), expected \(code): \(trap.message)" }
            return trap.message.isEmpty ? "empty trap message" : nil
        case (.hostError, let failure as HostFailure):
            return failure == HostFailure(detail: "innermost") ? nil : "wrong host error \(failure)"
        default:
            return "\(type(of: error)) \(error), expected \(expected)"
        }
    }

    @Test func everyCaseHasAUniqueName() {
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
        #expect(Self.all.count >= 70)
    }

    static func temporaryFile() -> String {
        var template = Array("/tmp/wasmtime-misuse-XXXXXX".utf8CString)
        close(mkstemp(&template))
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test(arguments: MisuseTests.all.map(\.name))
    func misuse(_ name: String) async {
        // The child explains a failure in this file: an exit test hands
        // back no output when its expectation fails.
        let report = Self.temporaryFile()
        defer { unlink(report) }
        await #expect(processExitsWith: .success) { [name, report = report as String] in
            MisuseTests.runInChild(name, report: report)
        }
        if let file = fopen(report, "r") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = fread(&buffer, 1, buffer.count, file)
            fclose(file)
            if count > 0 { Issue.record("\(name): \(String(decoding: buffer[..<count], as: UTF8.self))") }
        }
    }
}
