import Wasmtime

// The binding's contestants, written only against the public Swift API.

extension Signature {
    var functionType: FuncType {
        switch self {
        case .nop: FuncType()
        case .add: FuncType(parameters: [.i32, .i32], results: [.i32])
        case .mix: FuncType(parameters: [.i32, .i64], results: [.f32])
        }
    }
}

final class BindingSide {
    let engine: Engine
    let callsModule: Module
    /// Instance whose imports are typed host closures.
    let typedInstance: Instance
    let typedCounter = CallCounter()
    /// Instance whose imports are untyped host closures working in place.
    let untypedInstance: Instance
    let untypedCounter = CallCounter()
    /// Instance whose imports are untyped host closures on arrays.
    let arrayInstance: Instance
    let arrayCounter = CallCounter()

    init(callsBytes: [UInt8]) throws {
        engine = Engine()
        callsModule = try Module(engine: engine, bytes: callsBytes)

        let typedStore = Store(engine: engine)
        let typedCounter = self.typedCounter
        let nop = Func(store: typedStore) { () in typedCounter.count += 1 }
        let add = Func(store: typedStore) { (a: Int32, b: Int32) -> Int32 in a &+ b }
        let mix = Func(store: typedStore) { (a: Int32, b: Int64) -> Float in Signature.mix(a, b) }
        typedInstance = try Instance(
            store: typedStore, module: callsModule,
            imports: [.function(nop), .function(add), .function(mix)])

        // Untyped host closures in both forms: in place (nothing
        // allocated per call) and `[Value]` arrays in and out.
        let untypedStore = Store(engine: engine)
        let untypedCounter = self.untypedCounter
        let untypedNop = Func(store: untypedStore, type: Signature.nop.functionType) { _, _, _ in
            untypedCounter.count += 1
        }
        let untypedAdd = Func(store: untypedStore, type: Signature.add.functionType) { _, arguments, results in
            guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
                throw CheckFailure("add: unexpected argument types")
            }
            results[0] = .i32(a &+ b)
        }
        let untypedMix = Func(store: untypedStore, type: Signature.mix.functionType) { _, arguments, results in
            guard case .i32(let a) = arguments[0], case .i64(let b) = arguments[1] else {
                throw CheckFailure("mix: unexpected argument types")
            }
            results[0] = .f32(Signature.mix(a, b))
        }
        untypedInstance = try Instance(
            store: untypedStore, module: callsModule,
            imports: [.function(untypedNop), .function(untypedAdd), .function(untypedMix)])

        let arrayStore = Store(engine: engine)
        let arrayCounter = self.arrayCounter
        let arrayNop = Func(store: arrayStore, type: Signature.nop.functionType) { _, _ in
            arrayCounter.count += 1
            return []
        }
        let arrayAdd = Func(store: arrayStore, type: Signature.add.functionType) { _, arguments in
            guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
                throw CheckFailure("add: unexpected argument types")
            }
            return [.i32(a &+ b)]
        }
        let arrayMix = Func(store: arrayStore, type: Signature.mix.functionType) { _, arguments in
            guard case .i32(let a) = arguments[0], case .i64(let b) = arguments[1] else {
                throw CheckFailure("mix: unexpected argument types")
            }
            return [.f32(Signature.mix(a, b))]
        }
        arrayInstance = try Instance(
            store: arrayStore, module: callsModule,
            imports: [.function(arrayNop), .function(arrayAdd), .function(arrayMix)])
    }

    // MARK: host to wasm

    /// `TypedFunc` calls.
    func hostToWasmTyped(_ signature: Signature) throws -> Contestant {
        switch signature {
        case .nop:
            let nop = try typedInstance.function("nop", Void.self)
            return Contestant(name: "swift-typed") { count in
                for _ in 0..<count { try nop() }
                return UInt64(count)
            }
        case .add:
            let add = try typedInstance.function("add", (Int32, Int32).self, Int32.self)
            return Contestant(name: "swift-typed") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    let result: Int32 = try add(Int32(truncatingIfNeeded: i), Int32(1))
                    sum &+= UInt64(UInt32(bitPattern: result))
                }
                return sum
            }
        case .mix:
            let mix = try typedInstance.function("mix", (Int32, Int64).self, Float.self)
            return Contestant(name: "swift-typed") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    let result: Float = try mix(Int32(i & 0xFFFF), Int64(i))
                    sum &+= UInt64(result.bitPattern)
                }
                return sum
            }
        }
    }

    /// `Func.call(_:into:)` with argument and result arrays kept across
    /// calls (no allocation), `Func.call(_: [Value]) -> [Value]`, and a
    /// `PreparedCall` kept across calls.
    func hostToWasmUntyped(_ signature: Signature) throws -> [Contestant] {
        let function = try untypedInstance.function(["nop", "add", "mix"][signature.index])
        switch signature {
        case .nop:
            return [
                Contestant(name: "swift-untyped-prepared") { count in
                    var call = function.prepareCall()
                    for _ in 0..<count { try call() }
                    return UInt64(count)
                },
                Contestant(name: "swift-untyped") { count in
                    var results: [Value] = []
                    for _ in 0..<count { try function.call([], into: &results) }
                    return UInt64(count)
                },
                Contestant(name: "swift-untyped-array") { count in
                    for _ in 0..<count { _ = try function.call([]) }
                    return UInt64(count)
                },
            ]
        case .add:
            func check(_ results: [Value]) throws -> UInt64 {
                guard case .i32(let result) = results[0] else { throw CheckFailure("add: wrong result type") }
                return UInt64(UInt32(bitPattern: result))
            }
            return [
                Contestant(name: "swift-untyped-prepared") { count in
                    // Prepared once per batch (one allocation).
                    var call = function.prepareCall()
                    call[argument: 1] = .i32(1)
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        call[argument: 0] = .i32(Int32(truncatingIfNeeded: i))
                        try call()
                        guard case .i32(let result) = call[result: 0] else {
                            throw CheckFailure("add: wrong result type")
                        }
                        sum &+= UInt64(UInt32(bitPattern: result))
                    }
                    return sum
                },
                Contestant(name: "swift-untyped") { count in
                    // Kept across the calls of a batch (one allocation each per batch).
                    var arguments: [Value] = [.i32(0), .i32(1)]
                    var results: [Value] = []
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        arguments[0] = .i32(Int32(truncatingIfNeeded: i))
                        try function.call(arguments, into: &results)
                        sum &+= try check(results)
                    }
                    return sum
                },
                Contestant(name: "swift-untyped-array") { count in
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        sum &+= try check(try function.call([.i32(Int32(truncatingIfNeeded: i)), .i32(1)]))
                    }
                    return sum
                },
            ]
        case .mix:
            func check(_ results: [Value]) throws -> UInt64 {
                guard case .f32(let result) = results[0] else { throw CheckFailure("mix: wrong result type") }
                return UInt64(result.bitPattern)
            }
            return [
                Contestant(name: "swift-untyped-prepared") { count in
                    // Prepared once per batch (one allocation).
                    var call = function.prepareCall()
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        call[argument: 0] = .i32(Int32(i & 0xFFFF))
                        call[argument: 1] = .i64(Int64(i))
                        try call()
                        guard case .f32(let result) = call[result: 0] else {
                            throw CheckFailure("mix: wrong result type")
                        }
                        sum &+= UInt64(result.bitPattern)
                    }
                    return sum
                },
                Contestant(name: "swift-untyped") { count in
                    // Kept across the calls of a batch (one allocation each per batch).
                    var arguments: [Value] = [.i32(0), .i64(0)]
                    var results: [Value] = []
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        arguments[0] = .i32(Int32(i & 0xFFFF))
                        arguments[1] = .i64(Int64(i))
                        try function.call(arguments, into: &results)
                        sum &+= try check(results)
                    }
                    return sum
                },
                Contestant(name: "swift-untyped-array") { count in
                    var sum: UInt64 = 0
                    for i in 0..<count {
                        sum &+= try check(try function.call([.i32(Int32(i & 0xFFFF)), .i64(Int64(i))]))
                    }
                    return sum
                },
            ]
        }
    }

    // MARK: wasm to host

    enum ClosureKind { case typed, untyped, untypedArray }

    /// The `call_*` loop of the instance with typed or untyped host
    /// closures; the outer call is a `TypedFunc` either way.
    func wasmToHost(_ signature: Signature, closures: ClosureKind) throws -> Contestant {
        let (instance, counter, name) =
            switch closures {
            case .typed: (typedInstance, typedCounter, "swift-typed")
            case .untyped: (untypedInstance, untypedCounter, "swift-untyped")
            case .untypedArray: (arrayInstance, arrayCounter, "swift-untyped-array")
            }
        switch signature {
        case .nop:
            let loop = try instance.function("call_nop", Int32.self)
            return Contestant(name: name) { count in
                counter.count = 0
                try loop(Int32(count))
                return UInt64(counter.count)
            }
        case .add, .mix:
            let loop = try instance.function(signature == .add ? "call_add" : "call_mix", Int32.self, Int32.self)
            return Contestant(name: name) { count in
                let result: Int32 = try loop(Int32(count))
                return UInt64(UInt32(bitPattern: result))
            }
        }
    }

    // MARK: instantiation

    struct InstantiationSetup {
        let engine: Engine
        let linker: Linker
        let module: Module
        let pre: InstancePre
    }

    static func instantiationSetup(bytes: [UInt8], pooling: Bool) throws -> InstantiationSetup {
        let engine: Engine
        if pooling {
            var pool = PoolingAllocationConfig()
            pool.totalCoreInstances = PoolSizes.instances
            pool.totalMemories = PoolSizes.memories
            pool.totalTables = PoolSizes.tables
            var config = Config()
            config.allocationStrategy = .pooling(pool)
            engine = try Engine(config)
        } else {
            engine = Engine()
        }
        let module = try Module(engine: engine, bytes: bytes)
        let linker = Linker(engine: engine)
        try linker.defineFunction("host", "log") { (_: Int32) in }
        return InstantiationSetup(
            engine: engine, linker: linker, module: module, pre: try linker.instantiatePre(module))
    }

    static func storeCreateDrop(engine: Engine) -> Contestant {
        Contestant(name: "swift") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: engine)
                withExtendedLifetime(store) { made += 1 }
            }
            return made
        }
    }

    static func linkerInstantiate(_ setup: InstantiationSetup) -> Contestant {
        Contestant(name: "swift") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: setup.engine)
                _ = try setup.linker.instantiate(setup.module, in: store)
                made += 1
            }
            return made
        }
    }

    static func preInstantiate(_ setup: InstantiationSetup) -> Contestant {
        Contestant(name: "swift") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: setup.engine)
                _ = try setup.pre.instantiate(in: store)
                made += 1
            }
            return made
        }
    }

    // MARK: modules

    static func compile(engine: Engine, bytes: [UInt8]) -> Contestant {
        Contestant(name: "swift") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let module = try Module(engine: engine, bytes: bytes)
                withExtendedLifetime(module) { made += 1 }
            }
            return made
        }
    }

    static func deserialize(engine: Engine, serialized: [UInt8]) -> Contestant {
        Contestant(name: "swift") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let module = try Module.deserialize(engine: engine, bytes: serialized)
                withExtendedLifetime(module) { made += 1 }
            }
            return made
        }
    }

    // MARK: memory

    static func memoryInstance(engine: Engine, bytes: [UInt8], size: Int) throws -> Memory {
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: try Module(engine: engine, bytes: bytes))
        let memory = try instance.memory("memory")
        try memory.write((0..<size).map(copyPattern), at: UInt64(Modules.copyOffset))
        return memory
    }

    /// `Memory.write(_: UnsafeRawBufferPointer, at:)`.
    static func copyIn(engine: Engine, bytes: [UInt8], source: UnsafeMutableRawBufferPointer) throws -> Contestant {
        let size = source.count
        let memory = try memoryInstance(engine: engine, bytes: bytes, size: size)
        return Contestant(name: "swift") { count in
            for i in 0..<count {
                source[0] = UInt8(truncatingIfNeeded: i)
                try memory.write(UnsafeRawBufferPointer(source), at: UInt64(Modules.copyOffset))
            }
            let first = try memory.load(UInt8.self, at: UInt64(Modules.copyOffset))
            let last = try memory.load(UInt8.self, at: UInt64(Modules.copyOffset + size - 1))
            return UInt64(first) | UInt64(last) << 8
        }
    }

    /// `Memory.read(at:into:)`.
    static func copyOut(engine: Engine, bytes: [UInt8], destination: UnsafeMutableRawBufferPointer) throws -> Contestant
    {
        let size = destination.count
        let memory = try memoryInstance(engine: engine, bytes: bytes, size: size)
        return Contestant(name: "swift") { count in
            destination[0] = 0
            destination[size - 1] = 0
            for _ in 0..<count {
                try memory.read(at: UInt64(Modules.copyOffset), into: destination)
            }
            return UInt64(destination[0]) | UInt64(destination[size - 1]) << 8
        }
    }

    // MARK: compute

    static func kernels(_ name: String, engine: Engine, bytes: [UInt8]) throws -> [Contestant] {
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: try Module(engine: engine, bytes: bytes))
        let typed = try instance.function(name, Int32.self, Int64.self)
        let untyped = try instance.function(name)
        return [
            Contestant(name: "swift-typed") { count in
                let result: Int64 = try typed(Int32(truncatingIfNeeded: count))
                return UInt64(bitPattern: result)
            },
            Contestant(name: "swift-untyped") { count in
                let results = try untyped.call([.i32(Int32(truncatingIfNeeded: count))])
                guard case .i64(let result) = results[0] else { throw CheckFailure("\(name): wrong result type") }
                return UInt64(bitPattern: result)
            },
        ]
    }
}
