import Testing
import Wasmtime

@Suite struct GlobalTests {
    @Test func numericGlobalsGetSetAndType() throws {
        let engine = Engine()
        let store = Store(engine: engine)

        let i32 = try Global(store: store, type: GlobalType(.i32, mutable: true), value: .i32(-7))
        #expect(i32.get().i32 == -7)
        #expect(i32.type == GlobalType(.i32, mutable: true))
        try i32.set(.i32(Int32.max))
        #expect(i32.get().i32 == Int32.max)

        let i64 = try Global(store: store, type: GlobalType(.i64, mutable: true), value: .i64(Int64.min))
        #expect(i64.get().i64 == Int64.min)
        #expect(i64.type.content == .i64)
        try i64.set(.i64(0x0123_4567_89ab_cdef))
        #expect(i64.get().i64 == 0x0123_4567_89ab_cdef)

        let f32 = try Global(store: store, type: GlobalType(.f32, mutable: true), value: .f32(1.5))
        #expect(f32.get().f32 == 1.5)
        try f32.set(.f32(-0.25))
        #expect(f32.get().f32 == -0.25)
        #expect(f32.type.content == .f32)

        let f64 = try Global(store: store, type: GlobalType(.f64), value: .f64(Double.pi))
        #expect(f64.get().f64 == Double.pi)
        #expect(f64.type == GlobalType(.f64, mutable: false))
        #expect(!f64.type.isMutable)

        let vector = V128(low: 0x1122_3344_5566_7788, high: 0x99aa_bbcc_ddee_ff00)
        let v128 = try Global(store: store, type: GlobalType(.v128, mutable: true), value: .v128(vector))
        #expect(v128.get().v128 == vector)
        #expect(v128.type.content == .v128)
        let other = V128(bytes: Array(0..<16))
        try v128.set(.v128(other))
        #expect(v128.get().v128 == other)
        #expect(v128.get().v128?.lane(15, as: UInt8.self) == 15)
    }

    @Test func referenceGlobals() throws {
        let engine = Engine()
        let store = Store(engine: engine)

        let nullFunc = try Global(store: store, type: GlobalType(.funcref, mutable: true), value: .funcref(nil))
        #expect(nullFunc.get().isNull)
        #expect(nullFunc.type.content == .funcref)
        let host = Func(store: store) { (a: Int32) -> Int32 in a &* 3 }
        try nullFunc.set(.funcref(host))
        guard case .funcref(let stored?) = nullFunc.get() else {
            Issue.record("expected a non-null funcref")
            return
        }
        #expect(stored == host)
        #expect(try stored.call([.i32(14)]).first?.i32 == 42)
        try nullFunc.set(.funcref(nil))
        #expect(nullFunc.get().isNull)

        let payload = ExternRef("hello")
        let extern = try Global(store: store, type: GlobalType(.externref, mutable: true), value: .externref(payload))
        #expect(extern.type.content == .externref)
        guard case .externref(let back?) = extern.get() else {
            Issue.record("expected a non-null externref")
            return
        }
        #expect(back === payload)
        #expect(back.value as? String == "hello")
        try extern.set(.externref(nil))
        #expect(extern.get().isNull)
    }

    @Test func immutableGlobalRejectsSet() throws {
        let store = Store(engine: Engine())
        let global = try Global(store: store, type: GlobalType(.i32), value: .i32(5))
        expectWasmtimeError(.typeMismatch) { try global.set(.i32(6)) }
        #expect(global.get().i32 == 5)

        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module (global (export "c") i64 (i64.const 9)))
                    """))
        let exported = try instance.global("c")
        #expect(!exported.type.isMutable)
        expectWasmtimeError(.typeMismatch) { try exported.set(.i64(10)) }
        #expect(exported.get().i64 == 9)
    }

    @Test func wrongValueTypeThrows() throws {
        let store = Store(engine: Engine())
        expectWasmtimeError(.typeMismatch) {
            try Global(store: store, type: GlobalType(.i32), value: .i64(1))
        }
        expectWasmtimeError(.typeMismatch) {
            try Global(store: store, type: GlobalType(.f64), value: .f32(1))
        }
        expectWasmtimeError(.typeMismatch) {
            try Global(store: store, type: GlobalType(.externref), value: .funcref(nil))
        }
        let global = try Global(store: store, type: GlobalType(.f32, mutable: true), value: .f32(2))
        expectWasmtimeError(.typeMismatch) { try global.set(.f64(3)) }
        expectWasmtimeError(.typeMismatch) { try global.set(.i32(3)) }
        expectWasmtimeError(.typeMismatch) { try global.set(.externref(nil)) }
        #expect(global.get().f32 == 2)

        let funcGlobal = try Global(store: store, type: GlobalType(.funcref, mutable: true), value: .funcref(nil))
        expectWasmtimeError(.typeMismatch) { try funcGlobal.set(.externref(ExternRef(1))) }
        #expect(funcGlobal.get().isNull)
    }

    @Test func exportedGlobalsAreSharedBetweenSwiftAndWasm() throws {
        let store = Store(engine: Engine())
        let module = try Module(
            engine: store.engine,
            wat: """
                (module
                  (global $g (export "g") (mut i32) (i32.const 1))
                  (global $h (export "h") (mut f64) (f64.const 0.5))
                  (func (export "get") (result i32) global.get $g)
                  (func (export "set") (param i32) local.get 0 global.set $g)
                  (func (export "double_h") global.get $h global.get $h f64.add global.set $h))
                """)
        let instance = try Instance(store: store, module: module)
        let g = try instance.global("g")
        let h = try instance.global("h")
        let get = try instance.function("get", Void.self, Int32.self)
        let set = try instance.function("set", Int32.self)
        let doubleH = try instance.function("double_h", Void.self)

        #expect(g.get().i32 == 1)
        #expect(try get() == 1)
        try g.set(.i32(123))
        #expect(try get() == 123)
        try set(-456)
        #expect(g.get().i32 == -456)

        try h.set(.f64(1.25))
        try doubleH()
        #expect(h.get().f64 == 2.5)
        // Fetching the export again yields the same global.
        #expect(try instance.global("g").get().i32 == -456)
    }

    private static let importingModule = """
        (module
          (import "env" "counter" (global $c (mut i64)))
          (import "env" "base" (global $b f32))
          (func (export "bump") (result i64)
            global.get $c i64.const 1 i64.add global.set $c global.get $c)
          (func (export "base") (result f32) global.get $b))
        """

    @Test func hostGlobalImportedPositionally() throws {
        let store = Store(engine: Engine())
        let module = try Module(engine: store.engine, wat: Self.importingModule)
        let counter = try Global(store: store, type: GlobalType(.i64, mutable: true), value: .i64(41))
        let base = try Global(store: store, type: GlobalType(.f32), value: .f32(-3.5))
        let instance = try Instance(store: store, module: module, imports: [.global(counter), .global(base)])
        let bump = try instance.function("bump", Void.self, Int64.self)
        #expect(try bump() == 42)
        #expect(counter.get().i64 == 42)
        try counter.set(.i64(100))
        #expect(try bump() == 101)
        let readBase = try instance.function("base", Void.self, Float.self)
        #expect(try readBase() == Float(-3.5))
    }

    @Test func hostGlobalImportedThroughLinker() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.importingModule)
        let counter = try Global(store: store, type: GlobalType(.i64, mutable: true), value: .i64(-1))
        let base = try Global(store: store, type: GlobalType(.f32), value: .f32(8))
        let linker = Linker(engine: engine)
        try linker.define("env", "counter", counter)
        try linker.define("env", "base", .global(base))
        let instance = try linker.instantiate(module, in: store)
        let bump = try instance.function("bump", Void.self, Int64.self)
        #expect(try bump() == 0)
        #expect(try bump() == 1)
        #expect(counter.get().i64 == 1)
        let readBase = try instance.function("base", Void.self, Float.self)
        #expect(try readBase() == Float(8))
    }

    @Test(arguments: [
        GlobalType(.i64, mutable: false),  // mutability differs
        GlobalType(.i32, mutable: true),  // content type differs
        GlobalType(.f64, mutable: true),
    ])
    func importTypeMismatchFailsToLink(wrong: GlobalType) throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "env" "g" (global (mut i64))))
                """)
        let global = try Global(store: store, type: wrong, value: .zero(of: wrong.content))

        expectWasmtimeError(.linking) { try Instance(store: store, module: module, imports: [.global(global)]) }

        let linker = Linker(engine: engine)
        try linker.define("env", "g", global)
        expectWasmtimeError(.linking) { try linker.instantiate(module, in: store) }
    }

    @Test func immutableImportRejectsMutableGlobal() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "env" "g" (global i32)))
                """)
        let mutable = try Global(store: store, type: GlobalType(.i32, mutable: true), value: .i32(1))
        expectWasmtimeError(.linking) { try Instance(store: store, module: module, imports: [.global(mutable)]) }
        let immutable = try Global(store: store, type: GlobalType(.i32), value: .i32(1))
        _ = try Instance(store: store, module: module, imports: [.global(immutable)])
    }

    @Test func globalTypeReportedByModule() throws {
        let engine = Engine()
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "g" (global (mut externref)))
                  (global (export "e") (mut funcref) (ref.null func))
                  (global (export "v") v128 (v128.const i64x2 1 2)))
                """)
        #expect(module.imports.first?.type == .global(GlobalType(.externref, mutable: true)))
        #expect(
            module.exports.map(\.type) == [
                .global(GlobalType(.funcref, mutable: true)),
                .global(GlobalType(.v128)),
            ])
        let store = Store(engine: engine)
        let imported = try Global(store: store, type: GlobalType(.externref, mutable: true), value: .externref(nil))
        let instance = try Instance(store: store, module: module, imports: [.global(imported)])
        let v = try instance.global("v").get().v128
        #expect(v == V128(low: 1, high: 2))
        #expect(try instance.global("e").get().isNull)
    }
}
