import Wasmtime

/// Shared guests and helpers of the async suites.
enum AsyncGuest {
    /// Imports `host.slow` (i32 → i32) and `host.fail`; exports plain
    /// functions, one calling the host, loops for yielding, and a trap.
    static let wat = """
        (module
          (import "host" "slow" (func $slow (param i32) (result i32)))
          (func (export "nop"))
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func (export "divmod") (param i32 i32) (result i32 i32)
            (i32.div_s (local.get 0) (local.get 1)) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "mix") (param i64 f32 f64) (result f64 i64 f32)
            local.get 2 local.get 0 local.get 1)
          (func (export "crash") unreachable)
          (func (export "via-host") (param i32) (result i32) local.get 0 call $slow i32.const 1 i32.add)
          (func (export "host-times") (param $n i32) (result i32) (local $sum i32)
            (block $done (loop $next
              local.get $n i32.eqz br_if $done
              local.get $sum local.get $n call $slow i32.add local.set $sum
              local.get $n i32.const 1 i32.sub local.set $n
              br $next))
            local.get $sum)
          (func (export "spin") (param $n i64) (result i64) (local $sum i64)
            (block $done (loop $next
              local.get $n i64.eqz br_if $done
              local.get $sum local.get $n i64.add local.set $sum
              local.get $n i64.const 1 i64.sub local.set $n
              br $next))
            local.get $sum)
          (func (export "forever") (loop $l br $l)))
        """

    /// A guest without imports, for stores that mix sync and async calls.
    static let plain = """
        (module
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func (export "spin") (param $n i64) (result i64) (local $sum i64)
            (block $done (loop $next
              local.get $n i64.eqz br_if $done
              local.get $sum local.get $n i64.add local.set $sum
              local.get $n i64.const 1 i64.sub local.set $n
              br $next))
            local.get $sum)
          (func (export "forever") (loop $l br $l)))
        """

    /// A linker whose `host.slow` is `body`.
    static func linker(
        engine: Engine,
        slow body: @escaping @Sendable (Int32) async throws -> Int32
    ) throws -> Linker {
        let linker = Linker(engine: engine)
        try linker.defineAsyncFunction("host", "slow", body)
        return linker
    }

    /// An instance of ``wat`` with `host.slow` = `body`, instantiated asynchronously.
    nonisolated(nonsending) static func instance(
        engine: Engine = Engine(), store: AnyStore? = nil,
        slow body: @escaping @Sendable (Int32) async throws -> Int32
    ) async throws -> Instance {
        let store = store ?? Store(engine: engine)
        let module = try Module(engine: store.engine, wat: wat)
        return try await linker(engine: store.engine, slow: body).instantiateAsync(module, in: store)
    }
}

/// An actor the host functions await.
actor Ledger {
    private(set) var entries: [Int32] = []

    func record(_ value: Int32) -> Int32 {
        entries.append(value)
        return Int32(entries.count)
    }
}

/// A Swift error a host function throws after awaiting.
struct BackendFailure: Error, Equatable {
    let code: Int
}
