import Wasmtime

// The binding's component contestants, written only against the public
// Swift API: typed calls (Swift values straight to C values) and dynamic
// calls (`[ComponentValue]`), each with a host function of the same kind.

/// The `rec` record, conforming by hand as generated bindings would.
struct Rec5: ComponentValueConvertible {
    var a: UInt32, b: UInt32, c: UInt64, d: Double, e: Bool

    static func matches(_ type: ComponentValueType) -> Bool {
        type.matchesRecord(["a": UInt32.self, "b": UInt32.self, "c": UInt64.self, "d": Double.self, "e": Bool.self])
    }

    func lower(into lowerer: inout ComponentLowerer) throws {
        try lowerer.record(fieldCount: 5) { fields in
            try fields.field("a", a)
            try fields.field("b", b)
            try fields.field("c", c)
            try fields.field("d", d)
            try fields.field("e", e)
        }
    }

    init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.record { fields in
            Rec5(
                a: try fields.field("a"), b: try fields.field("b"), c: try fields.field("c"),
                d: try fields.field("d"), e: try fields.field("e"))
        }
    }

    init(a: UInt32, b: UInt32, c: UInt64, d: Double, e: Bool) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.e = e
    }
}

final class BindingComponentSide {
    let engine = Engine()
    let typed: ComponentInstance
    let dynamic: ComponentInstance

    init(bytes: [UInt8]) throws {
        let component = try Component(engine: engine, bytes: bytes)
        let typedLinker = ComponentLinker(engine: engine)
        try typedLinker.defineFunction("host-len") { (text: String) -> UInt32 in UInt32(text.utf8.count) }
        typed = try typedLinker.instantiate(component, in: Store(engine: engine))
        let dynamicLinker = ComponentLinker(engine: engine)
        try dynamicLinker.defineFunction("host-len") { arguments in
            guard case .string(let text) = arguments.first else { throw CheckFailure("host-len: \(arguments)") }
            return [.u32(UInt32(text.utf8.count))]
        }
        dynamic = try dynamicLinker.instantiate(component, in: Store(engine: engine))
    }

    // MARK: typed

    func addTyped() throws -> Contestant {
        let add = try typed.function("add", (UInt32, UInt32).self, UInt32.self)
        return Contestant(name: "swift-typed") { count in
            var sum: UInt64 = 0
            for i in 0..<count { sum &+= UInt64(try add(UInt32(i & 0xFFFF), 1)) }
            return sum
        }
    }

    func echoTyped(_ text: String) throws -> Contestant {
        let echo = try typed.function("echo", String.self, String.self)
        return Contestant(name: "swift-typed") { count in
            var total: UInt64 = 0
            for _ in 0..<count { total &+= UInt64(try echo(text).utf8.count) }
            return total
        }
    }

    func echoBytesTyped(_ bytes: [UInt8]) throws -> Contestant {
        let echo = try typed.function("echo-bytes", [UInt8].self, [UInt8].self)
        return Contestant(name: "swift-typed") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                let back = try echo(bytes)
                total &+= UInt64(back.count) &+ UInt64(back[back.count - 1])
            }
            return total
        }
    }

    func echoRecordTyped() throws -> Contestant {
        let echo = try typed.function("echo-record", Rec5.self, Rec5.self)
        return Contestant(name: "swift-typed") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                let back = try echo(Rec5(a: UInt32(i & 0xFFFF), b: 2, c: 3, d: 4.5, e: true))
                total &+= UInt64(back.a) &+ UInt64(back.b)
            }
            return total
        }
    }

    func callHostTyped() throws -> Contestant {
        let callHost = try typed.function("call-host", UInt32.self, UInt32.self)
        return Contestant(name: "swift-typed") { count in UInt64(try callHost(UInt32(count))) }
    }

    // MARK: dynamic

    func addDynamic() throws -> Contestant {
        let add = try dynamic.function("add")
        return Contestant(name: "swift-dynamic") { count in
            var sum: UInt64 = 0
            for i in 0..<count {
                guard case .u32(let value) = try add.call([.u32(UInt32(i & 0xFFFF)), .u32(1)])[0] else {
                    throw CheckFailure("add: not a u32")
                }
                sum &+= UInt64(value)
            }
            return sum
        }
    }

    func echoDynamic(_ text: String) throws -> Contestant {
        let echo = try dynamic.function("echo")
        return Contestant(name: "swift-dynamic") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                guard case .string(let back) = try echo.call([.string(text)])[0] else { throw CheckFailure("echo") }
                total &+= UInt64(back.utf8.count)
            }
            return total
        }
    }

    func echoBytesDynamic(_ bytes: [UInt8]) throws -> Contestant {
        let echo = try dynamic.function("echo-bytes")
        return Contestant(name: "swift-dynamic") { count in
            var total: UInt64 = 0
            for _ in 0..<count {
                guard let back = try echo.call([.bytes(bytes)])[0].bytes else { throw CheckFailure("echo-bytes") }
                total &+= UInt64(back.count) &+ UInt64(back[back.count - 1])
            }
            return total
        }
    }

    func echoRecordDynamic() throws -> Contestant {
        let echo = try dynamic.function("echo-record")
        return Contestant(name: "swift-dynamic") { count in
            var total: UInt64 = 0
            for i in 0..<count {
                let record: ComponentValue = .record([
                    .init("a", .u32(UInt32(i & 0xFFFF))), .init("b", .u32(2)), .init("c", .u64(3)),
                    .init("d", .f64(4.5)), .init("e", .bool(true)),
                ])
                let back = try echo.call([record])[0]
                guard case .u32(let a)? = back[field: "a"], case .u32(let b)? = back[field: "b"] else {
                    throw CheckFailure("echo-record: \(back)")
                }
                total &+= UInt64(a) &+ UInt64(b)
            }
            return total
        }
    }

    func callHostDynamic() throws -> Contestant {
        let callHost = try dynamic.function("call-host")
        return Contestant(name: "swift-dynamic") { count in
            guard case .u32(let sum) = try callHost.call([.u32(UInt32(count))])[0] else {
                throw CheckFailure("call-host")
            }
            return UInt64(sum)
        }
    }
}
