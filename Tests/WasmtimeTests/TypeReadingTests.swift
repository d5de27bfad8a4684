import Testing
import Wasmtime

/// Types Wasmtime's C API cannot describe safely on its own: recursive
/// concrete types and 64-bit table limits. Before the fixes these aborted
/// or overflowed the stack, so each case would take the whole run down.
@Suite struct TypeReadingTests {
    @Test func recursiveFunctionTypesAreReadToABoundedDepth() throws {
        let engine = Engine()
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (rec (type $t (func (param (ref null $t)))))
                  (import "m" "f" (func (type $t)))
                  (func (export "g") (type $t)))
                """)
        guard case .function(let type) = try #require(module.imports.first).type else {
            Issue.record("import is not a function")
            return
        }
        #expect(type.results.isEmpty)
        guard case .ref(let parameter) = try #require(type.parameters.first),
            case .concreteFunc(let inner) = parameter.heapType
        else {
            Issue.record("parameter is not a concrete function reference: \(type)")
            return
        }
        #expect(parameter.isNullable)
        #expect(inner.parameters.count == 1)
        #expect(module.exports.map(\.name) == ["g"])
    }

    @Test func callsWithConcreteReferencesAreCheckedByWasmtime() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (type $unary (func (param i32) (result i32)))
                  (func $double (export "double") (type $unary) local.get 0 i32.const 2 i32.mul)
                  (func (export "negate") (param i64) (result i64) i64.const 0 local.get 0 i64.sub)
                  (func (export "apply") (param (ref $unary) i32) (result i32)
                    local.get 1 local.get 0 call_ref $unary))
                """)
        let instance = try Instance(store: store, module: module)
        let apply = try instance.function("apply")
        let double = try instance.function("double")
        #expect(try apply.call(.funcref(double), .i32(21)).first?.i32 == 42)
        // A function of another signature must be refused, not called.
        let negate = try instance.function("negate")
        expectWasmtimeError(.typeMismatch) { try apply.call(.funcref(negate), .i32(1)) }
    }

    @Test func table64LimitsAboveUInt32AreReadFromTheModuleBytes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "a" "t" (table i64 2 0x100000007 externref))
                  (import "a" "m" (memory 1))
                  (table (export "big") i64 5000000000 funcref)
                  (table (export "small") 3 7 funcref)
                  (table (export "initialized") i64 1 funcref (ref.null func))
                  (export "imported" (table 0)))
                """)
        let imports = module.imports
        #expect(imports.count == 2)
        guard case .table(let imported) = imports[0].type else {
            Issue.record("first import is not a table")
            return
        }
        #expect(imported == TableType(element: .externref, minimum: 2, maximum: 0x1_0000_0007, is64: true))
        let exports = Dictionary(uniqueKeysWithValues: module.exports.map { ($0.name, $0.type) })
        if case .table(let big)? = exports["big"] {
            #expect(big == TableType(element: .funcref, minimum: 5_000_000_000, maximum: nil, is64: true))
        } else {
            Issue.record("missing export big")
        }
        if case .table(let small)? = exports["small"] {
            #expect(small == TableType(element: .funcref, minimum: 3, maximum: 7, is64: false))
        } else {
            Issue.record("missing export small")
        }
        if case .table(let initialized)? = exports["initialized"] {
            #expect(initialized.is64 && initialized.minimum == 1)
        } else {
            Issue.record("missing export initialized")
        }
        if case .table(let reexported)? = exports["imported"] {
            #expect(reexported == imported)
        } else {
            Issue.record("missing export imported")
        }
    }

    @Test func sixtyFourBitTablesCannotBeCreatedFromTheHost() {
        let store = Store(engine: Engine())
        expectWasmtimeError(.configuration) {
            try Table(store: store, type: TableType(element: .funcref, minimum: 1, is64: true))
        }
    }

    @Test func wasiCallsInAStoreWithoutConfigurationGrantNothing() throws {
        let engine = Engine()
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 16) "x")
                  (func (export "run") (result i32 i32)
                    (i32.store (i32.const 0) (i32.const 16))
                    (i32.store (i32.const 4) (i32.const 1))
                    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                    (drop (call $sizes (i32.const 24) (i32.const 28)))
                    (i32.load (i32.const 8))
                    (i32.load (i32.const 24))))
                """)
        let linker = Linker(engine: engine)
        try linker.defineWASI()
        let run = try linker.instantiate(module, in: Store(engine: engine)).function("run")
        let results = try run.call()
        // One byte "written" to a discarded stdout; no environment variables.
        #expect(results.map(\.i32) == [1, 0])
        let pre = try linker.instantiatePre(module)
        let viaPre = try pre.instantiate(in: Store(engine: engine)).function("run")
        #expect(try viaPre.call().map(\.i32) == [1, 0])
    }
}
