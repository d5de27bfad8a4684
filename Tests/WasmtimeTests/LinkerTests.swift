import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct LinkerTests {
    private static func counter(in store: AnyStore, _ value: Int32) throws -> Global {
        try Global(store: store, type: GlobalType(.i32, mutable: true), value: .i32(value))
    }

    /// For exit tests, which must not throw: exits the child process with
    /// 0 when `body` throws a store mismatch, 3 for any other error and 4
    /// when nothing is thrown. A crash shows up as a signal.
    fileprivate static func exitWithStoreMismatchStatus(_ body: () throws -> Void) -> Never {
        do {
            try body()
        } catch let error as WasmtimeError where error.kind == .storeMismatch {
            exit(0)
        } catch {
            exit(3)
        }
        exit(4)
    }

    fileprivate static let moduleA = """
        (module
          (global $counter (export "counter") (mut i32) (i32.const 0))
          (memory (export "memory") 1)
          (table (export "table") 2 funcref)
          (func $inc (export "inc") (result i32)
            global.get $counter i32.const 1 i32.add global.set $counter global.get $counter)
          (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))
        """

    fileprivate static let moduleB = """
        (module
          (import "a" "inc" (func $inc (result i32)))
          (import "a" "double" (func $double (param i32) (result i32)))
          (import "a" "counter" (global $counter (mut i32)))
          (import "a" "memory" (memory 1))
          (func (export "run") (result i32)
            call $inc drop
            call $inc call $double)
          (func (export "counter") (result i32) global.get $counter)
          (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store))
        """

    @Test func linksTwoModulesThroughInstanceDefinition() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        let a = try linker.instantiate(Module(engine: engine, wat: Self.moduleA), in: store)
        try linker.defineInstance(a, as: "a")
        let b = try linker.instantiate(Module(engine: engine, wat: Self.moduleB), in: store)

        let run = try b.function("run", Void.self, Int32.self)
        #expect(try run() == 4)
        #expect(try run() == 8)
        // B and A share A's global and memory.
        #expect(try a.global("counter").get().i32 == 4)
        let counter = try b.function("counter", Void.self, Int32.self)
        #expect(try counter() == 4)
        let poke = try b.function("poke", (Int32, Int32).self)
        try poke(16, 0x5566)
        #expect(try a.memory("memory").load(UInt32.self, at: 16) == 0x5566)
    }

    @Test func defineModuleInstantiatesAndRegistersExports() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        try linker.defineModule(Module(engine: engine, wat: Self.moduleA), as: "a", in: store)
        let b = try linker.instantiate(Module(engine: engine, wat: Self.moduleB), in: store)
        let run = try b.function("run", Void.self, Int32.self)
        #expect(try run() == 4)
        // The registered instance's items are reachable through `get`.
        guard case .global(let counter)? = try linker.item(module: "a", name: "counter", in: store) else {
            Issue.record("expected the counter global")
            return
        }
        #expect(counter.get().i32 == 2)
        #expect(try linker.item(module: "a", name: "missing", in: store) == nil)
        #expect(try linker.item(module: "nope", name: "inc", in: store) == nil)
    }

    @Test func defineModuleRunsStartFunctionAndReportsItsTrap() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        let trapping = try Module(
            engine: engine,
            wat: """
                (module (func $s unreachable) (start $s) (func (export "f")))
                """)
        // The C API reports the start function's trap as an error, not a trap.
        let error = expectWasmtimeError(.linking) { try linker.defineModule(trapping, as: "t", in: store) }
        #expect(error?.message.contains("unreachable") == true, "\(error?.message ?? "")")
        #expect(try linker.item(module: "t", name: "f", in: store) == nil)
        let missingImport = try Module(engine: engine, wat: #"(module (import "x" "y" (func)))"#)
        expectWasmtimeError(.linking) { try linker.defineModule(missingImport, as: "m", in: store) }
    }

    @Test func commandModulesAreInstantiatedPerCall() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        // A module exporting `_start` is a command: each export call gets a fresh instance.
        try linker.defineModule(
            Module(
                engine: engine,
                wat: """
                    (module
                      (global $n (mut i32) (i32.const 0))
                      (func (export "_start"))
                      (func (export "bump") (result i32)
                        global.get $n i32.const 1 i32.add global.set $n global.get $n))
                    """),
            as: "cmd", in: store)
        guard case .function(let bump)? = try linker.item(module: "cmd", name: "bump", in: store) else {
            Issue.record("expected the bump function")
            return
        }
        #expect(try bump.call([]).first?.i32 == 1)
        #expect(try bump.call([]).first?.i32 == 1)

        // A reactor (no `_start`) keeps one instance.
        try linker.defineModule(
            Module(
                engine: engine,
                wat: """
                    (module
                      (global $n (mut i32) (i32.const 0))
                      (func (export "bump") (result i32)
                        global.get $n i32.const 1 i32.add global.set $n global.get $n))
                    """),
            as: "lib", in: store)
        guard case .function(let libBump)? = try linker.item(module: "lib", name: "bump", in: store) else {
            Issue.record("expected the bump function")
            return
        }
        #expect(try libBump.call([]).first?.i32 == 1)
        #expect(try libBump.call([]).first?.i32 == 2)
    }

    @Test func defaultFunction() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        let log = try Self.counter(in: store, 0)
        try linker.define("host", "log", log)
        try linker.defineModule(
            Module(
                engine: engine,
                wat: """
                    (module
                      (import "host" "log" (global $log (mut i32)))
                      (func (export "_start") global.get $log i32.const 10 i32.add global.set $log))
                    """),
            as: "cmd", in: store)
        let start = try linker.defaultFunction("cmd", in: store)
        #expect(start.type == FuncType())
        _ = try start.call([])
        _ = try start.call([])
        #expect(log.get().i32 == 20)

        try linker.defineModule(
            Module(
                engine: engine,
                wat: """
                    (module
                      (import "host" "log" (global $log (mut i32)))
                      (func (export "") i32.const -1 global.set $log))
                    """),
            as: "empty", in: store)
        _ = try linker.defaultFunction("empty", in: store).call([])
        #expect(log.get().i32 == -1)

        // A module without a default export yields a function that does nothing.
        try linker.defineModule(Module(engine: engine, wat: #"(module (func (export "f")))"#), as: "plain", in: store)
        let fallback = try linker.defaultFunction("plain", in: store)
        #expect(try fallback.call([]).isEmpty)
        #expect(log.get().i32 == -1)
    }

    @Test func shadowing() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        #expect(!linker.allowsShadowing)
        try linker.defineFunction("env", "value") { () -> Int32 in 1 }
        expectWasmtimeError(.linking) { try linker.defineFunction("env", "value") { () -> Int32 in 2 } }
        let global = try Self.counter(in: store, 5)
        try linker.define("env", "g", global)
        expectWasmtimeError(.linking) { try linker.define("env", "g", global) }

        let module = try Module(
            engine: engine,
            wat: """
                (module (import "env" "value" (func $v (result i32))) (func (export "get") (result i32) call $v))
                """)
        let first = try linker.instantiate(module, in: store)
        let firstGet = try first.function("get", Void.self, Int32.self)
        #expect(try firstGet() == 1)

        linker.allowsShadowing = true
        #expect(linker.allowsShadowing)
        try linker.defineFunction("env", "value") { () -> Int32 in 2 }
        try linker.define("env", "g", global)
        let second = try linker.instantiate(module, in: store)
        let secondGet = try second.function("get", Void.self, Int32.self)
        #expect(try secondGet() == 2)
        // The earlier instance keeps the function it was linked with.
        #expect(try firstGet() == 1)

        linker.allowsShadowing = false
        expectWasmtimeError(.linking) { try linker.defineFunction("env", "value") { () -> Int32 in 3 } }
    }

    @Test func unknownImportsAsTraps() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "known" (func $known (result i32)))
                  (import "env" "unknown" (func $unknown (param i32) (result i32)))
                  (func (export "known") (result i32) call $known)
                  (func (export "unknown") (result i32) i32.const 1 call $unknown))
                """)
        try linker.defineFunction("env", "known") { () -> Int32 in 7 }
        expectWasmtimeError(.linking) { try linker.instantiate(module, in: store) }
        try linker.defineUnknownImportsAsTraps(for: module)
        let instance = try linker.instantiate(module, in: store)
        let known = try instance.function("known", Void.self, Int32.self)
        #expect(try known() == 7)
        let unknown = try instance.function("unknown", Void.self, Int32.self)
        // Wasmtime reports the call as an error naming the import, rather than as a trap code.
        let typedError = expectWasmtimeError(.runtime) { try unknown() }
        #expect(typedError?.message.contains("env::unknown") == true)
        let error = expectWasmtimeError(.runtime) { try instance.function("unknown").call([]) }
        #expect(error?.message.contains("env::unknown") == true)
        // The store is still usable.
        #expect(try known() == 7)
    }

    @Test func unknownImportsAsDefaultValues() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let linker = Linker(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "f" (func $f (param i32) (result i32 i64 f64)))
                  (import "env" "g" (global $g i64))
                  (import "env" "m" (memory 1))
                  (import "env" "t" (table 2 funcref))
                  (func (export "call") (result i32 i64 f64) i32.const 9 call $f)
                  (func (export "g") (result i64) global.get $g)
                  (func (export "pages") (result i32) memory.size)
                  (func (export "elems") (result i32) table.size 0))
                """)
        try linker.defineUnknownImportsAsDefaultValues(for: module, in: store)
        let instance = try linker.instantiate(module, in: store)
        let results = try instance.function("call").call([])
        #expect(results.count == 3)
        #expect(results[0].i32 == 0)
        #expect(results[1].i64 == 0)
        #expect(results[2].f64?.bitPattern == 0)
        #expect(try instance.function("g").call([]).first?.i64 == 0)
        #expect(try instance.function("pages").call([]).first?.i32 == 1)
        #expect(try instance.function("elems").call([]).first?.i32 == 2)
    }

    private static let counterModule = """
        (module
          (import "host" "scale" (func $scale (param i32) (result i32)))
          (global $n (mut i32) (i32.const 0))
          (func (export "next") (result i32)
            global.get $n i32.const 1 i32.add global.set $n global.get $n call $scale))
        """

    @Test func instancePreInstantiatesIntoManyStores() throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineFunction("host", "scale") { (x: Int32) -> Int32 in x &* 100 }
        let module = try Module(engine: engine, wat: Self.counterModule)
        let pre = try linker.instantiatePre(module)
        #expect(pre.module === module)

        var stores: [Store<Void>] = []
        var nexts: [TypedFunc<(), Int32>] = []
        for _ in 0..<4 {
            let store = Store(engine: engine)
            let instance = try pre.instantiate(in: store)
            stores.append(store)
            nexts.append(try instance.function("next", Void.self, Int32.self))
        }
        // Every instance has its own state.
        #expect(try nexts[0]() == 100)
        #expect(try nexts[0]() == 200)
        #expect(try nexts[1]() == 100)
        #expect(try nexts[3]() == 100)
        #expect(try nexts[0]() == 300)
        // Twice into the same store also gives separate instances.
        let again = try pre.instantiate(in: stores[0])
        let againNext = try again.function("next", Void.self, Int32.self)
        #expect(try againNext() == 100)
    }

    @Test func instancePreIsUsableFromOtherThreads() async throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        try linker.defineFunction("host", "scale") { (x: Int32) -> Int32 in x &* 3 }
        let pre = try linker.instantiatePre(Module(engine: engine, wat: Self.counterModule))

        let results = try await withThrowingTaskGroup(of: [Int32].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let store = Store(engine: engine)
                    let instance = try pre.instantiate(in: store)
                    let next = try instance.function("next", Void.self, Int32.self)
                    return [try next(), try next(), try next()]
                }
            }
            var all: [[Int32]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 4)
        for result in results {
            #expect(result == [3, 6, 9])
        }

        let detached = try await Task.detached {
            let store = Store(engine: engine)
            let next = try pre.instantiate(in: store).function("next", Void.self, Int32.self)
            return try next()
        }.value
        #expect(detached == 3)
    }

    @Test func instancePreRejectsStoreOfAnotherEngine() throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        let pre = try linker.instantiatePre(Module(engine: engine, wat: #"(module (func (export "f")))"#))
        expectWasmtimeError(.storeMismatch) { try pre.instantiate(in: Store(engine: Engine())) }
        // A clone of the engine is the same engine.
        let instance = try pre.instantiate(in: Store(engine: engine.clone()))
        #expect(instance.exports.count == 1)
        // Missing imports are reported when pre-instantiating.
        let needs = try Module(engine: engine, wat: #"(module (import "x" "y" (global i32)))"#)
        expectWasmtimeError(.linking) { try linker.instantiatePre(needs) }
    }

    @Test func positionalImportsWithoutLinker() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "m" "f" (func $f (param i32) (result i32)))
                  (import "m" "g" (global $g i32))
                  (import "m" "mem" (memory 1))
                  (import "m" "t" (table 1 funcref))
                  (func (export "run") (result i32)
                    global.get $g call $f
                    i32.const 0 i32.load8_u i32.add
                    table.size 0 i32.add))
                """)
        #expect(module.imports.map(\.name) == ["f", "g", "mem", "t"])
        let f = Func(store: store) { (x: Int32) -> Int32 in x &* 10 }
        let g = try Global(store: store, type: GlobalType(.i32), value: .i32(4))
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        try memory.store(UInt8(3), at: 0)
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 5))
        let instance = try Instance(
            store: store, module: module,
            imports: [.function(f), .global(g), .memory(memory), .table(table)])
        #expect(try instance.function("run").call([]).first?.i32 == 48)

        // Wrong order or count fails to link.
        expectWasmtimeError(.linking) {
            try Instance(
                store: store, module: module, imports: [.global(g), .function(f), .memory(memory), .table(table)])
        }
        expectWasmtimeError(.linking) { try Instance(store: store, module: module, imports: [.function(f)]) }
        expectWasmtimeError(.linking) { try Instance(store: store, module: module) }
        // A function of the wrong signature.
        let wrong = Func(store: store) { (x: Int64) -> Int64 in x }
        expectWasmtimeError(.linking) {
            try Instance(
                store: store, module: module, imports: [.function(wrong), .global(g), .memory(memory), .table(table)])
        }
    }

    @Test func exportsEnumerateNamesAndKinds() throws {
        var config = Config()
        config.wasm.exceptions = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (func (export "f") (param i64) (result f32) f32.const 1)
                  (global (export "g") (mut f64) (f64.const 2))
                  (memory (export "m") 1 3)
                  (table (export "t") 2 externref)
                  (tag (export "e") (param i32))
                  (export "f again" (func 0)))
                """)
        let instance = try Instance(store: store, module: module)
        let exports = instance.exports
        #expect(exports.map(\.name) == ["f", "g", "m", "t", "e", "f again"])
        #expect(exports.map(\.item.type) == module.exports.map(\.type))
        #expect(exports[0].item.function?.type == FuncType(parameters: [.i64], results: [.f32]))
        #expect(exports[1].item.global?.type == GlobalType(.f64, mutable: true))
        #expect(exports[2].item.memory?.type == MemoryType(minimum: 1, maximum: 3))
        #expect(exports[3].item.table?.type == TableType(element: .externref, minimum: 2))
        #expect(exports[4].item.tag?.type == FuncType(parameters: [.i32]))
        #expect(exports[5].item.function == exports[0].item.function)
        #expect(exports[0].item.global == nil)
        #expect(exports[1].item.function == nil)
        #expect(instance.export(named: "g")?.global?.get().f64 == 2)
        #expect(instance.export(named: "nope") == nil)

        let empty = try Instance(store: store, module: Module(engine: engine, wat: "(module)"))
        #expect(empty.exports.isEmpty)
    }

    @Test func accessorsReportMissingAndWrongKinds() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(store: store, module: Module(engine: store.engine, wat: Self.moduleA))
        expectWasmtimeError(.notFound) { try instance.function("missing") }
        expectWasmtimeError(.notFound) { try instance.global("missing") }
        expectWasmtimeError(.notFound) { try instance.memory("missing") }
        expectWasmtimeError(.notFound) { try instance.table("missing") }
        expectWasmtimeError(.notFound) { try instance.sharedMemory("missing") }
        expectWasmtimeError(.notFound) { try instance.function("missing", Void.self, Int32.self) }

        expectWasmtimeError(.typeMismatch) { try instance.function("counter") }
        expectWasmtimeError(.typeMismatch) { try instance.global("memory") }
        expectWasmtimeError(.typeMismatch) { try instance.memory("table") }
        expectWasmtimeError(.typeMismatch) { try instance.table("inc") }
        expectWasmtimeError(.typeMismatch) { try instance.sharedMemory("memory") }
        // Right kind, wrong signature.
        expectWasmtimeError(.typeMismatch) { try instance.function("inc", Void.self, Int64.self) }
        expectWasmtimeError(.typeMismatch) { try instance.function("double", Int32.self, Void.self) }

        #expect(try instance.function("inc").type == FuncType(results: [.i32]))
        #expect(try instance.memory("memory").pageCount == 1)
        #expect(try instance.table("table").size == 2)
    }

    // MARK: - Store and engine mismatches

    /// Creates one of each store item in `store`.
    private static func items(in store: AnyStore) throws -> (Func, Global, Memory, Table) {
        let function = Func(store: store) { (x: Int32) -> Int32 in x }
        let global = try Global(store: store, type: GlobalType(.i32, mutable: true), value: .i32(1))
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 1))
        return (function, global, memory, table)
    }

    private static let importsAll = """
        (module
          (import "env" "f" (func (param i32) (result i32)))
          (import "env" "g" (global (mut i32)))
          (import "env" "m" (memory 1))
          (import "env" "t" (table 1 funcref)))
        """

    @Test func instanceImportsFromAnotherStoreAreRejected() throws {
        let engine = Engine()
        let storeA = Store(engine: engine)
        let storeB = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.importsAll)
        let (fA, gA, mA, tA) = try Self.items(in: storeA)
        let (fB, gB, mB, tB) = try Self.items(in: storeB)
        // Sanity check: all from B works.
        _ = try Instance(store: storeB, module: module, imports: [.function(fB), .global(gB), .memory(mB), .table(tB)])
        expectWasmtimeError(.storeMismatch) {
            try Instance(store: storeB, module: module, imports: [.function(fA), .global(gB), .memory(mB), .table(tB)])
        }
        expectWasmtimeError(.storeMismatch) {
            try Instance(store: storeB, module: module, imports: [.function(fB), .global(gA), .memory(mB), .table(tB)])
        }
        expectWasmtimeError(.storeMismatch) {
            try Instance(store: storeB, module: module, imports: [.function(fB), .global(gB), .memory(mA), .table(tB)])
        }
        expectWasmtimeError(.storeMismatch) {
            try Instance(store: storeB, module: module, imports: [.function(fB), .global(gB), .memory(mB), .table(tA)])
        }
    }

    @Test func referenceValuesFromAnotherStoreAreRejected() throws {
        let engine = Engine()
        let storeA = Store(engine: engine)
        let storeB = Store(engine: engine)
        let (fA, _, _, _) = try Self.items(in: storeA)
        let (fB, gB, _, tB) = try Self.items(in: storeB)
        let instance = try Instance(
            store: storeB,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (func (export "is_null") (param funcref) (result i32) local.get 0 ref.is_null)
                      (func (export "pass_any") (param anyref) (result i32) local.get 0 ref.is_null))
                    """))
        let isNull = try instance.function("is_null")
        expectWasmtimeError(.storeMismatch) { try isNull.call([.funcref(fA)]) }
        let typedIsNull = try isNull.typed(Func?.self, Int32.self)
        expectWasmtimeError(.storeMismatch) { try typedIsNull(fA) }
        #expect(try typedIsNull(fB) == 0)

        let anyA = AnyRef(i31: 1, in: storeA)
        expectWasmtimeError(.storeMismatch) { try instance.function("pass_any").call([.anyref(anyA)]) }
        let typedAny = try instance.function("pass_any", AnyRef?.self, Int32.self)
        expectWasmtimeError(.storeMismatch) { try typedAny(anyA) }

        // Calling A's function with B's function as an argument.
        let takesRef = Func(store: storeA, type: FuncType(parameters: [.funcref], results: [])) { _, _ in [] }
        expectWasmtimeError(.storeMismatch) { try takesRef.call([.funcref(fB)]) }

        // table.set / grow / new with a foreign function.
        expectWasmtimeError(.storeMismatch) { try tB.set(0, .funcref(fA)) }
        expectWasmtimeError(.storeMismatch) { try tB.grow(by: 1, initial: .funcref(fA)) }
        #expect(tB.size == 1)
        expectWasmtimeError(.storeMismatch) {
            try Table(store: storeB, type: TableType(element: .funcref, minimum: 1), initial: .funcref(fA))
        }
        // Globals.
        let funcGlobal = try Global(store: storeB, type: GlobalType(.funcref, mutable: true), value: .funcref(nil))
        expectWasmtimeError(.storeMismatch) { try funcGlobal.set(.funcref(fA)) }
        expectWasmtimeError(.storeMismatch) {
            try Global(store: storeB, type: GlobalType(.funcref), value: .funcref(fA))
        }
        #expect(gB.get().i32 == 1)

        // A host function returning a foreign reference fails the call instead of crashing.
        let leaky = Func(store: storeB, type: FuncType(results: [.funcref])) { _, _ in [.funcref(fA)] }
        expectWasmtimeError(.storeMismatch) { try leaky.call([]) }
    }

    @Test func itemsFromAnotherEngineAreRejected() throws {
        let engine = Engine()
        let other = Engine()
        let store = Store(engine: engine)
        let foreignModule = try Module(engine: other, wat: #"(module (func (export "f")))"#)
        expectWasmtimeError(.storeMismatch) { try Instance(store: store, module: foreignModule) }

        let linker = Linker(engine: engine)
        expectWasmtimeError(.storeMismatch) { try linker.instantiate(foreignModule, in: store) }
        expectWasmtimeError(.storeMismatch) { try linker.instantiatePre(foreignModule) }
        expectWasmtimeError(.storeMismatch) { try linker.defineModule(foreignModule, as: "x", in: store) }
        expectWasmtimeError(.storeMismatch) { try linker.defineUnknownImportsAsTraps(for: foreignModule) }
        expectWasmtimeError(.storeMismatch) {
            try linker.defineUnknownImportsAsDefaultValues(for: foreignModule, in: store)
        }

        let foreignStore = Store(engine: other)
        let (f, g, m, t) = try Self.items(in: foreignStore)
        expectWasmtimeError(.storeMismatch) { try linker.define("env", "f", f) }
        expectWasmtimeError(.storeMismatch) { try linker.define("env", "g", g) }
        expectWasmtimeError(.storeMismatch) { try linker.define("env", "m", m) }
        expectWasmtimeError(.storeMismatch) { try linker.define("env", "t", t) }
        let foreignInstance = try Instance(store: foreignStore, module: foreignModule)
        expectWasmtimeError(.storeMismatch) { try linker.defineInstance(foreignInstance, as: "x") }
        expectWasmtimeError(.storeMismatch) { try linker.item(module: "x", name: "f", in: foreignStore) }
        expectWasmtimeError(.storeMismatch) { try linker.defaultFunction("x", in: foreignStore) }
        let module = try Module(engine: engine, wat: #"(module (func (export "f")))"#)
        expectWasmtimeError(.storeMismatch) { try linker.instantiate(module, in: foreignStore) }
    }

    /// Items of store A defined in a linker, then instantiated into store B:
    /// Wasmtime panics (aborting the process) for memories and tables, so
    /// these run in a child process.
    @Test(arguments: ["function", "global", "memory", "table", "instance", "module"])
    func linkerDefinitionFromAnotherStore(kind: String) async {
        await #expect(processExitsWith: .success) { [kind] in
            let engine = Engine()
            let storeA = Store(engine: engine)
            let storeB = Store(engine: engine)
            let linker = Linker(engine: engine)
            let exporter = try Module(engine: engine, wat: LinkerTests.moduleA)
            switch kind {
            case "instance":
                try linker.defineInstance(Instance(store: storeA, module: exporter), as: "a")
            case "module":
                try linker.defineModule(exporter, as: "a", in: storeA)
            default:
                let instance = try Instance(store: storeA, module: exporter)
                let name = ["function": "inc", "global": "counter", "memory": "memory", "table": "table"][kind]!
                try linker.define("a", name, instance.export(named: name)!)
            }
            let importer = try Module(engine: engine, wat: LinkerTests.importerOf(kind))
            LinkerTests.exitWithStoreMismatchStatus { _ = try linker.instantiate(importer, in: storeB) }
        }
    }

    @Test(arguments: ["function", "global", "memory", "table"])
    func instancePreWithDefinitionFromAnotherStore(kind: String) async {
        await #expect(processExitsWith: .success) { [kind] in
            let engine = Engine()
            let storeA = Store(engine: engine)
            let storeB = Store(engine: engine)
            let linker = Linker(engine: engine)
            let instance = try Instance(store: storeA, module: Module(engine: engine, wat: LinkerTests.moduleA))
            try linker.defineInstance(instance, as: "a")
            let pre = try linker.instantiatePre(Module(engine: engine, wat: LinkerTests.importerOf(kind)))
            LinkerTests.exitWithStoreMismatchStatus { _ = try pre.instantiate(in: storeB) }
        }
    }

    @Test func linkerGetFromAnotherStore() async {
        await #expect(processExitsWith: .success) {
            let engine = Engine()
            let storeA = Store(engine: engine)
            let storeB = Store(engine: engine)
            let linker = Linker(engine: engine)
            let global = try Global(store: storeA, type: GlobalType(.i32), value: .i32(3))
            try linker.define("env", "g", global)
            LinkerTests.exitWithStoreMismatchStatus {
                let item = try linker.item(module: "env", name: "g", in: storeB)
                // If `get` handed the item out, using it must not abort either.
                _ = item?.global?.get()
            }
        }
    }

    /// A module importing one item of `moduleA`, by kind.
    fileprivate static func importerOf(_ kind: String) -> String {
        switch kind {
        case "global": #"(module (import "a" "counter" (global (mut i32))))"#
        case "memory": #"(module (import "a" "memory" (memory 1)))"#
        case "table": #"(module (import "a" "table" (table 2 funcref)))"#
        default: #"(module (import "a" "inc" (func (result i32))))"#
        }
    }
}
