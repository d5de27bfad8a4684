import Testing
import Wasmtime

/// A GC reference keeps its store alive on its own (its root holds the
/// store, so the root is released before the store whatever order the
/// object's properties are destroyed in), and the store goes when the last
/// reference does.
@Suite struct GCRootLifetimeTests {
    private static func gcEngine() throws -> Engine {
        var config = Config()
        config.wasm.gc = true
        config.wasm.functionReferences = true
        return try Engine(config)
    }

    @Test func anyrefOutlivesEveryOtherReferenceToItsStore() throws {
        weak var weakStore: Store<Void>?
        var reference: AnyRef?
        do {
            let store = Store(engine: try Self.gcEngine())
            weakStore = store
            reference = AnyRef(i31: 41, in: store)
        }
        // Only the reference holds the store now, and it still works.
        #expect(weakStore != nil)
        #expect(reference?.i31Unsigned == 41)
        reference = nil
        #expect(weakStore == nil)
    }

    @Test func anyrefFromWasmOutlivesItsStore() throws {
        weak var weakStore: Store<Void>?
        var reference: AnyRef?
        do {
            let store = Store(engine: try Self.gcEngine())
            weakStore = store
            let module = try Module(
                engine: store.engine,
                wat: """
                    (module (func (export "make") (param i32) (result anyref) (ref.i31 (local.get 0))))
                    """)
            let make = try Instance(store: store, module: module).function("make", Int32.self, AnyRef?.self)
            reference = try make(Int32(-3))
        }
        #expect(weakStore != nil)
        #expect(reference?.i31Signed == -3)
        reference = nil
        #expect(weakStore == nil)
    }
}
