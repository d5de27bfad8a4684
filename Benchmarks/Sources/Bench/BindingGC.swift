import Wasmtime

// The binding's side of the GC-object and exception cases.

final class BindingGCSide {
    struct HostFailure: Error {}

    let engine = Engine()
    let store: Store<Void>
    let instance: Instance
    let arrayType: ArrayType

    init(bytes: [UInt8]) throws {
        store = Store(engine: engine)
        let module = try Module(engine: engine, bytes: bytes)
        // The tag is reached through the caller from a handle, as the
        // library recommends (a captured `Tag` would keep the store alive).
        let tagBox = TagBox()
        let throwing = Func(store: store) { (caller: borrowing Caller, x: Int32) throws -> Void in
            throw WasmException(tag: try caller.tag(tagBox.handle!), payload: [.i32(x)])
        }
        let failing = Func(store: store) { (_: Int32) throws -> Void in throw HostFailure() }
        instance = try Instance(store: store, module: module, imports: [.function(throwing), .function(failing)])
        tagBox.handle = instance.export(named: "e")?.tag?.handle
        arrayType = try ArrayType(engine: engine, element: FieldType(.i32))
    }

    final class TagBox { var handle: Wasmtime.Tag.Handle? }

    func gcArray() -> Contestant {
        let store = self.store
        let type = arrayType
        let length = GCModules.arrayLength
        return Contestant(name: "swift") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                let array = try ArrayRef(store: store, type: type, repeating: .i32(0), count: length)
                for index in 0..<length { try array.setElement(.i32(Int32(index)), at: index) }
                var sum: Int32 = 0
                for index in 0..<length { sum &+= try array.element(at: index).i32 ?? 0 }
                total &+= UInt64(sum)
            }
            return total
        }
    }

    func exceptionRoundTrip() throws -> Contestant {
        let roundtrip = try instance.function("roundtrip", Int32.self, Int32.self)
        return Contestant(name: "swift") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                total &+= UInt64(UInt32(bitPattern: try roundtrip(Int32(truncatingIfNeeded: i))))
            }
            return total
        }
    }

    func trapRoundTrip() throws -> Contestant {
        let trapping = try instance.function("trapping", Int32.self)
        return Contestant(name: "swift-trap") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                do {
                    try trapping(Int32(truncatingIfNeeded: i))
                    throw CheckFailure("trapping did not fail")
                } catch is HostFailure {
                    total &+= UInt64(UInt32(truncatingIfNeeded: i))
                }
            }
            return total
        }
    }
}
