import Testing
import Wasmtime

/// Struct and array objects under a collecting heap: what Swift holds is
/// never collected, what Swift drops is (nothing leaks).
@Suite struct GCRootingTests {
    let engine = Engine()

    /// The store's memory limit caps the GC heap: dropped objects must be
    /// collected for allocation to go on.
    static let heapLimit = 16 << 20
    static let arrayLength = 1024  // 4 KiB of i32 each

    @Test func droppedObjectsAreCollected() throws {
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: Self.heapLimit))
        let type = try ArrayType(engine: engine, element: FieldType(.i32))
        // 20,000 arrays of 4 KiB: five times the limit.
        for i in 0..<20_000 {
            let array = try ArrayRef(store: store, type: type, repeating: .i32(Int32(i)), count: Self.arrayLength)
            #expect(try array.element(at: Self.arrayLength - 1).i32 == Int32(i))
            _ = array.anyRef  // a second root, released with its AnyRef
        }
    }

    @Test func heldObjectsFillTheHeap() throws {
        // The control for the test above: objects Swift keeps are never
        // collected, so the same loop runs out of heap.
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: Self.heapLimit))
        let type = try ArrayType(engine: engine, element: FieldType(.i32))
        var kept: [ArrayRef] = []
        let error = #expect(throws: WasmtimeError.self) {
            for i in 0..<20_000 {
                kept.append(try ArrayRef(store: store, type: type, repeating: .i32(Int32(i)), count: Self.arrayLength))
            }
        }
        #expect(error?.kind == .resourceLimit, "\(String(describing: error))")
        #expect(kept.count > 1_000 && kept.count < 4_096, "\(kept.count) arrays of 4 KiB fit in 16 MiB")
        // Every kept array is intact after the failed allocation's collection.
        for (i, array) in kept.enumerated() where i % 97 == 0 {
            #expect(try array.element(at: 0).i32 == Int32(i))
        }
        kept.removeAll()
        try store.collectGarbage()
        _ = try ArrayRef(store: store, type: type, repeating: .i32(0), count: Self.arrayLength)
    }

    @Test func heldObjectsSurviveCollections() throws {
        let store = Store(engine: engine)
        let node = try StructType(engine: engine, fields: [FieldType(.i64), FieldType(.ref(.init(.struct)))])
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (type $node (struct (field i64) (field (ref null struct))))
                      (global $g (mut structref) (ref.null struct))
                      (func (export "keep") (param structref) (global.set $g (local.get 0)))
                      (func (export "kept") (result structref) (global.get $g))
                      (func (export "garbage") (param $n i32)
                        (loop $l
                          (drop (struct.new $node (i64.extend_i32_u (local.get $n)) (ref.null struct)))
                          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
                    """), imports: [])
        let keep = try instance.function("keep", StructRef?.self)
        let kept = try instance.function("kept", Void.self, StructRef?.self)
        let garbage = try instance.function("garbage", Int32.self)
        // A chain held only by Swift (through its head), one held only by wasm.
        var swiftHead: StructRef? = nil
        var wasmHead: StructRef? = nil
        for i in 0..<500 {
            swiftHead = try StructRef(store: store, type: node, fields: [.i64(Int64(i)), .structRef(swiftHead)])
            wasmHead = try StructRef(store: store, type: node, fields: [.i64(Int64(-i)), .structRef(wasmHead)])
        }
        try keep(wasmHead)
        wasmHead = nil
        for _ in 0..<20 {
            try garbage(Int32(5_000))
            try store.collectGarbage()
        }
        func sum(_ head: StructRef?) throws -> (Int64, Int) {
            var total: Int64 = 0
            var count = 0
            var current = head
            while let item = current {
                total += try #require(item.field(0).i64)
                current = try item.field(1).asStruct
                count += 1
            }
            return (total, count)
        }
        #expect(try sum(swiftHead) == (124_750, 500))
        #expect(try sum(kept()) == (-124_750, 500))
    }
}
