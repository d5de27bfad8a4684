import Testing
import Wasmtime

@Suite struct TableTests {
    private static func gcEngine() throws -> Engine {
        var config = Config()
        config.wasm.gc = true
        config.wasm.functionReferences = true
        return try Engine(config)
    }

    /// The host function stored at `index`, called with `argument`.
    private static func callElement(_ table: Table, _ index: UInt64, _ argument: Int32) throws -> Int32? {
        guard case .funcref(let function?) = try table.get(index) else { return nil }
        return try function.call([.i32(argument)]).first?.i32
    }

    @Test func funcrefTableGetSetSize() throws {
        let store = Store(engine: Engine())
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 3, maximum: 10))
        #expect(table.size == 3)
        #expect(table.type == TableType(element: .funcref, minimum: 3, maximum: 10))
        for index in 0..<UInt64(3) {
            #expect(try table.get(index).isNull)
        }
        let double = Func(store: store) { (x: Int32) -> Int32 in x &* 2 }
        let negate = Func(store: store) { (x: Int32) -> Int32 in -x }
        try table.set(0, .funcref(double))
        try table.set(2, .funcref(negate))
        #expect(try Self.callElement(table, 0, 21) == 42)
        #expect(try table.get(1).isNull)
        #expect(try Self.callElement(table, 2, 5) == -5)
        guard case .funcref(let back?) = try table.get(0) else {
            Issue.record("expected a function at index 0")
            return
        }
        #expect(back == double)
        try table.set(0, .funcref(nil))
        #expect(try table.get(0).isNull)
    }

    @Test func initialValueFillsTable() throws {
        let store = Store(engine: Engine())
        let one = Func(store: store) { () -> Int32 in 1 }
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 4), initial: .funcref(one))
        for index in 0..<UInt64(4) {
            guard case .funcref(let f?) = try table.get(index) else {
                Issue.record("element \(index) is not the initial function")
                continue
            }
            #expect(f == one)
        }
        #expect(table.type.maximum == nil)
    }

    @Test func externrefTable() throws {
        let store = Store(engine: Engine())
        let table = try Table(store: store, type: TableType(element: .externref, minimum: 2))
        #expect(table.type.element == .externref)
        #expect(try table.get(0).isNull)
        let first = ExternRef([1, 2, 3])
        let second = ExternRef("second")
        try table.set(0, .externref(first))
        try table.set(1, .externref(second))
        guard case .externref(let a?) = try table.get(0), case .externref(let b?) = try table.get(1) else {
            Issue.record("expected externrefs")
            return
        }
        #expect(a === first)
        #expect(b === second)
        #expect(a.value as? [Int] == [1, 2, 3])
        // A funcref does not fit an externref table.
        expectWasmtimeError(.typeMismatch) { try table.set(0, .funcref(nil)) }
        expectWasmtimeError(.typeMismatch) { try table.grow(by: 1, initial: .funcref(nil)) }
        #expect(table.size == 2)
    }

    @Test func anyrefTable() throws {
        let store = Store(engine: try Self.gcEngine())
        let table = try Table(store: store, type: TableType(element: .anyref, minimum: 2, maximum: 4))
        #expect(table.type == TableType(element: .anyref, minimum: 2, maximum: 4))
        #expect(try table.get(1).isNull)
        try table.set(1, .anyref(AnyRef(i31: 1234, in: store)))
        guard case .anyref(let ref?) = try table.get(1) else {
            Issue.record("expected an i31 anyref")
            return
        }
        #expect(ref.isI31)
        #expect(ref.i31Unsigned == 1234)
        #expect(try table.grow(by: 2, initial: .anyref(AnyRef(i31: 7, in: store))) == 2)
        guard case .anyref(let grown?) = try table.get(3) else {
            Issue.record("expected the grow initial value")
            return
        }
        #expect(grown.i31Signed == 7)
        expectWasmtimeError(.typeMismatch) { try table.set(0, .externref(nil)) }
    }

    @Test func growReturnsOldSizeAndFillsWithInitial() throws {
        let store = Store(engine: Engine())
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 1, maximum: 5))
        let seven = Func(store: store) { (x: Int32) -> Int32 in x &+ 7 }
        #expect(try table.grow(by: 2, initial: .funcref(seven)) == 1)
        #expect(table.size == 3)
        #expect(try table.get(0).isNull)
        #expect(try Self.callElement(table, 1, 1) == 8)
        #expect(try Self.callElement(table, 2, 3) == 10)
        #expect(try table.grow(by: 0) == 3)
        #expect(try table.grow(by: 2) == 3)
        #expect(table.size == 5)
        #expect(try table.get(4).isNull)
        // The type is the one the table was created with; `size` is the current length.
        #expect(table.type == TableType(element: .funcref, minimum: 1, maximum: 5))

        // Beyond the maximum.
        expectWasmtimeError(.resourceLimit) { try table.grow(by: 1) }
        #expect(table.size == 5)
    }

    @Test func growBeyondMaximumThrowsForWasmTable() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (table (export "t") 1 2 externref)
                      (func (export "grow") (param i32) (result i32)
                        ref.null extern local.get 0 table.grow 0))
                    """))
        let table = try instance.table("t")
        #expect(table.type == TableType(element: .externref, minimum: 1, maximum: 2))
        #expect(try table.grow(by: 1) == 1)
        expectWasmtimeError(.resourceLimit) { try table.grow(by: 1) }
        // Wasm's own table.grow reports failure with -1.
        let grow = try instance.function("grow", Int32.self, Int32.self)
        #expect(try grow(1) == -1)
        #expect(try grow(0) == 2)
        #expect(table.size == 2)
    }

    @Test func outOfBoundsAccessThrows() throws {
        let store = Store(engine: Engine())
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 2))
        expectWasmtimeError(.outOfBounds) { try table.get(2) }
        expectWasmtimeError(.outOfBounds) { try table.get(UInt64.max) }
        expectWasmtimeError(.outOfBounds) { try table.get(1 << 32) }
        expectWasmtimeError(.outOfBounds) { try table.set(2, .funcref(nil)) }
        expectWasmtimeError(.outOfBounds) { try table.set(UInt64.max, .funcref(nil)) }
        let externs = try Table(store: store, type: TableType(element: .externref, minimum: 0))
        expectWasmtimeError(.outOfBounds) { try externs.get(0) }
        expectWasmtimeError(.outOfBounds) { try externs.set(0, .externref(ExternRef(1))) }
    }

    @Test func storeLimitsRestrictTableGrowth() throws {
        let store = Store(engine: Engine())
        store.setLimits(StoreLimits(tableElements: 10))
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 5))
        #expect(try table.grow(by: 5) == 5)
        expectWasmtimeError(.resourceLimit) { try table.grow(by: 1) }
        #expect(table.size == 10)
        expectWasmtimeError(.resourceLimit) {
            try Table(store: store, type: TableType(element: .funcref, minimum: 11))
        }
    }

    private static let callIndirectModule = """
        (module
          (type $unary (func (param i32) (result i32)))
          (import "env" "table" (table $t 2 8 funcref))
          (func $square (param i32) (result i32) local.get 0 local.get 0 i32.mul)
          (elem (table $t) (i32.const 1) func $square)
          (func (export "call") (param i32 i32) (result i32)
            local.get 1 local.get 0 call_indirect $t (type $unary)))
        """

    @Test func importedHostTableServesCallIndirect() throws {
        let store = Store(engine: Engine())
        let module = try Module(engine: store.engine, wat: Self.callIndirectModule)
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 3, maximum: 8))
        let triple = Func(store: store) { (x: Int32) -> Int32 in x &* 3 }
        try table.set(0, .funcref(triple))

        let instance = try Instance(store: store, module: module, imports: [.table(table)])
        let call = try instance.function("call", (Int32, Int32).self, Int32.self)
        #expect(try call(0, 5) == 15)
        // The element segment wrote into the host table.
        #expect(try call(1, 9) == 81)
        #expect(try Self.callElement(table, 1, 4) == 16)
        // A null entry traps.
        expectTrap(.indirectCallToNull, "calling a null entry must trap") { try call(2, 1) }
        // Out of bounds traps.
        expectTrap(.tableOutOfBounds, "calling beyond the table must trap") { try call(3, 1) }
        // Entries set from Swift after instantiation are seen by wasm.
        try table.grow(by: 1, initial: .funcref(triple))
        #expect(try call(3, 2) == 6)
        let wrongType = Func(store: store) { (x: Int64) -> Int64 in x }
        try table.set(2, .funcref(wrongType))
        expectTrap(.badSignature, "calling an entry of another type must trap") { try call(2, 1) }
    }

    @Test func importedHostTableThroughLinker() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.callIndirectModule)
        let table = try Table(store: store, type: TableType(element: .funcref, minimum: 2, maximum: 4))
        try table.set(0, .funcref(Func(store: store) { (x: Int32) -> Int32 in x &- 1 }))
        let linker = Linker(engine: engine)
        try linker.define("env", "table", table)
        let instance = try linker.instantiate(module, in: store)
        let call = try instance.function("call", (Int32, Int32).self, Int32.self)
        #expect(try call(0, 100) == 99)
        #expect(try call(1, 12) == 144)
    }

    @Test(arguments: [
        TableType(element: .funcref, minimum: 1, maximum: 8),  // minimum too small
        TableType(element: .funcref, minimum: 2),  // no maximum
        TableType(element: .funcref, minimum: 2, maximum: 9),  // maximum too large
        TableType(element: .externref, minimum: 2, maximum: 8),  // element type differs
    ])
    func tableImportMismatchFailsToLink(type: TableType) throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.callIndirectModule)
        let table = try Table(store: store, type: type)
        expectWasmtimeError(.linking) { try Instance(store: store, module: module, imports: [.table(table)]) }
        let linker = Linker(engine: engine)
        try linker.define("env", "table", table)
        expectWasmtimeError(.linking) { try linker.instantiate(module, in: store) }
    }

    @Test func table64GrowAndGetWithUInt64Indices() throws {
        var config = Config()
        config.wasm.memory64 = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (table $t (export "t") i64 2 10 funcref)
                  (func $f (result i64) i64.const 77)
                  (elem (table $t) (i64.const 1) func $f)
                  (func (export "size") (result i64) table.size $t)
                  (func (export "grow") (param i64) (result i64) ref.null func local.get 0 table.grow $t)
                  (func (export "call") (param i64) (result i64) local.get 0 call_indirect $t (result i64)))
                """)
        let exportType = try #require(module.exports.first)
        guard case .table(let declared) = exportType.type else {
            Issue.record("expected a table export, got \(exportType)")
            return
        }
        #expect(declared.element == .funcref)
        #expect(declared.minimum == 2)
        #expect(declared.maximum == 10)

        let instance = try Instance(store: store, module: module)
        let table = try instance.table("t")
        // Wasmtime 50's C API has no index-type accessor for tables: a 64-bit
        // table reports the same TableType as a 32-bit one with equal limits.
        #expect(table.type == TableType(element: .funcref, minimum: 2, maximum: 10))
        #expect(table.size == 2)
        #expect(try table.get(0).isNull)
        guard case .funcref(let f?) = try table.get(UInt64(1)) else {
            Issue.record("expected the element-segment function at index 1")
            return
        }
        #expect(try f.call([]).first?.i64 == 77)

        #expect(try table.grow(by: 3, initial: .funcref(f)) == 2)
        #expect(table.size == 5)
        let size = try instance.function("size", Void.self, Int64.self)
        #expect(try size() == 5)
        let call = try instance.function("call", Int64.self, Int64.self)
        #expect(try call(4) == 77)
        let grow = try instance.function("grow", Int64.self, Int64.self)
        #expect(try grow(5) == 5)
        #expect(table.size == 10)
        #expect(try size() == 10)
        #expect(try grow(1) == -1)
        expectWasmtimeError(.resourceLimit) { try table.grow(by: 1) }
        expectWasmtimeError(.outOfBounds) { try table.get(10) }
        expectWasmtimeError(.outOfBounds) { try table.get(1 << 40) }
        expectWasmtimeError(.outOfBounds) { try table.set(1 << 40, .funcref(nil)) }
        try table.set(9, .funcref(f))
        #expect(try call(9) == 77)
    }
}
