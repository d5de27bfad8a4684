import Wasmtime

/// The engine and the compiled helpers shared by every script of a run.
public final class SpecEnvironment: Sendable {
    /// The engine, with every feature the testsuite exercises enabled.
    public let engine: Engine
    /// Host-side helpers written in wasm; see ``helperText``.
    let helpers: Module

    /// Creates the engine and compiles the helpers.
    public init() throws {
        engine = try Engine(Self.configuration)
        helpers = try Module(engine: engine, wat: Self.helperText)
    }

    /// Every proposal the testsuite's files need. Relaxed SIMD stays
    /// non-deterministic: the files accept each platform's results with `either`.
    public static var configuration: Config {
        var config = Config()
        config.wasm.simd = true
        config.wasm.relaxedSIMD = true
        config.wasm.referenceTypes = true
        config.wasm.functionReferences = true
        config.wasm.gc = true
        config.wasm.exceptions = true
        config.wasm.tailCall = true
        config.wasm.multiMemory = true
        config.wasm.multiValue = true
        config.wasm.bulkMemory = true
        config.wasm.memory64 = true
        config.wasm.threads = true
        config.wasm.sharedMemory = true
        config.wasm.wideArithmetic = true
        config.wasm.customPageSizes = true
        return config
    }

    /// What the host cannot build through the C API, done in wasm instead:
    /// converting host references between the `extern` and `any`
    /// hierarchies (for `ref.host N`), and a 64-bit table (the C API's
    /// table types have no index type).
    static let helperText = """
        (module
          (func (export "internalize") (param externref) (result anyref)
            (any.convert_extern (local.get 0)))
          (func (export "externalize") (param anyref) (result externref)
            (extern.convert_any (local.get 0)))
          (table (export "table64") i64 10 20 funcref))
        """
}

/// Per-store state of the helpers.
struct Helpers {
    let internalize: Func
    let externalize: Func
    let table64: Table

    init(environment: SpecEnvironment, store: AnyStore) throws {
        let instance = try Instance(store: store, module: environment.helpers)
        internalize = try instance.function("internalize")
        externalize = try instance.function("externalize")
        table64 = try instance.table("table64")
    }

    /// `ref.host n`: the host reference `reference` seen from the `any` hierarchy.
    func host(_ reference: ExternRef) throws -> AnyRef {
        guard case .anyref(let converted?)? = try internalize.call([.externref(reference)]).first else {
            throw ScriptError("any.convert_extern returned no reference")
        }
        return converted
    }

    /// The host reference behind an `anyref`, if it wraps one.
    func unwrapHost(_ reference: AnyRef) -> ExternRef? {
        guard case .externref(let e?)? = try? externalize.call([.anyref(reference)]).first, !e.isOpaque else {
            return nil
        }
        return e
    }
}

enum Spectest {
    /// Defines the `spectest` module of the reference interpreter in `linker`
    /// (items bound to `store`).
    static func define(in linker: Linker, store: AnyStore, helpers: Helpers) throws {
        // The print functions are called for their side effect only: output
        // would drown the report, so they accept their arguments and return.
        try linker.defineFunction("spectest", "print") { () in }
        try linker.defineFunction("spectest", "print_i32") { (_: Int32) in }
        try linker.defineFunction("spectest", "print_i64") { (_: Int64) in }
        try linker.defineFunction("spectest", "print_f32") { (_: Float) in }
        try linker.defineFunction("spectest", "print_f64") { (_: Double) in }
        try linker.defineFunction("spectest", "print_i32_f32") { (_: Int32, _: Float) in }
        try linker.defineFunction("spectest", "print_f64_f64") { (_: Double, _: Double) in }

        try linker.define("spectest", "global_i32", Global(store: store, type: GlobalType(.i32), value: .i32(666)))
        try linker.define("spectest", "global_i64", Global(store: store, type: GlobalType(.i64), value: .i64(666)))
        try linker.define("spectest", "global_f32", Global(store: store, type: GlobalType(.f32), value: .f32(666.6)))
        try linker.define("spectest", "global_f64", Global(store: store, type: GlobalType(.f64), value: .f64(666.6)))

        try linker.define(
            "spectest", "table",
            Table(store: store, type: TableType(element: .funcref, minimum: 10, maximum: 20)))
        try linker.define("spectest", "table64", .table(helpers.table64))
        try linker.define("spectest", "memory", Memory(store: store, type: MemoryType(minimum: 1, maximum: 2)))
        let shared = try SharedMemory(engine: store.engine, type: MemoryType(minimum: 1, maximum: 2, isShared: true))
        try linker.define("spectest", "shared_memory", .sharedMemory(shared))
    }
}
