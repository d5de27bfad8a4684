import Testing
import Wasmtime

/// Host→wasm re-entry: a host function that calls back into wasm, nested
/// deeply, with the default wasm stack limit. The limit counts every native
/// frame between the outermost wasm entry and the innermost wasm frame, so
/// Swift's host-function frames share that budget; unoptimized they are
/// large, which is why debug builds default to a larger limit (see
/// ``Config/maxWasmStack``).
@Suite struct ReentryDepthTests {
    static let wat = """
        (module
          (import "" "host" (func $host (param i32) (result i32)))
          (func (export "down") (param i32) (result i32) (call $host (local.get 0))))
        """

    final class DepthBox {
        var maximum = 0
    }

    /// Recurses until the stack overflows; returns the deepest level reached.
    static func maximumDepthTyped(_ engine: Engine = Engine()) throws -> Int {
        let store = Store(engine: engine)
        let depth = DepthBox()
        let host = Func(store: store) { (caller: borrowing Caller, n: Int32) -> Int32 in
            depth.maximum = max(depth.maximum, Int(n))
            do {
                let down = try caller.function("down").typed(Int32.self, Int32.self)
                return try down(n + 1)
            } catch let trap as Trap where trap.code == .stackOverflow {
                return n
            }
        }
        let module = try Module(engine: store.engine, wat: wat)
        let down = try Instance(store: store, module: module, imports: [.function(host)])
            .function("down", Int32.self, Int32.self)
        _ = try down(0)
        return depth.maximum
    }

    static func maximumDepthUntyped() throws -> Int {
        let store = Store(engine: Engine())
        let depth = DepthBox()
        let type = FuncType(parameters: [.i32], results: [.i32])
        let host = Func(store: store, type: type) { caller, arguments in
            let n = arguments[0].i32 ?? 0
            depth.maximum = max(depth.maximum, Int(n))
            do {
                return try caller.function("down").call([.i32(n + 1)])
            } catch let trap as Trap where trap.code == .stackOverflow {
                return [.i32(n)]
            }
        }
        let module = try Module(engine: store.engine, wat: wat)
        let down = try Instance(store: store, module: module, imports: [.function(host)]).function("down")
        _ = try down.call(.i32(0))
        return depth.maximum
    }

    @Test func typedHostFunctionsReenter100LevelsDeep() throws {
        #expect(try Self.maximumDepthTyped() >= 100)
        #expect(try Self.maximumDepthTyped(Engine(Config())) >= 100)
    }

    /// An explicit ``Config/maxWasmStack`` is passed to Wasmtime unchanged
    /// in every build: a quarter of the debug default (half of release's)
    /// allows far fewer levels.
    @Test func explicitLimitIsHonoured() throws {
        var small = Config()
        small.maxWasmStack = 128 << 10
        let limited = try Self.maximumDepthTyped(Engine(small))
        let unlimited = try Self.maximumDepthTyped()
        #expect(limited > 0)
        #expect(limited * 3 < unlimited, "limited \(limited), default \(unlimited)")
    }

    @Test func untypedHostFunctionsReenter100LevelsDeep() throws {
        #expect(try Self.maximumDepthUntyped() >= 100)
    }
}
