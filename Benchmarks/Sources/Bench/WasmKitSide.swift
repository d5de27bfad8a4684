import WasmKit

// The Swift peer: WasmKit, a pure-Swift interpreter, given the same bytes.
// This file imports WasmKit only, so its Engine, Store and Module are WasmKit's.

/// An interpreter stack reused across calls, as WasmKit recommends for
/// repeated calls (``Function/invoke(_:on:)``).
private final class StackBox {
    var stack: ExecutionStack
    init(engine: Engine) { stack = ExecutionStack(engine: engine) }
}

final class WasmKitSide {
    let engine = Engine()
    let callsModule: Module
    /// Instance whose imports take and return `[Value]`.
    let instance: Instance
    let counter = CallCounter()
    /// Instance whose imports use the buffer-based raw form.
    let rawInstance: Instance
    let rawCounter = CallCounter()
    private let stack: StackBox

    init(callsBytes: [UInt8]) throws {
        callsModule = try parseWasm(bytes: callsBytes)
        stack = StackBox(engine: engine)

        let store = Store(engine: engine)
        let counter = self.counter
        let imports: Imports = [
            "host": [
                "nop": Function(store: store, parameters: []) { _, _ in
                    counter.count += 1
                    return []
                },
                "add": Function(store: store, parameters: [.i32, .i32], results: [.i32]) { _, arguments in
                    guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
                        throw CheckFailure("add: unexpected argument types")
                    }
                    return [.i32(a &+ b)]
                },
                "mix": Function(store: store, parameters: [.i32, .i64], results: [.f32]) { _, arguments in
                    guard case .i32(let a) = arguments[0], case .i64(let b) = arguments[1] else {
                        throw CheckFailure("mix: unexpected argument types")
                    }
                    return [.f32(Signature.mix(Int32(bitPattern: a), Int64(bitPattern: b)).bitPattern)]
                },
            ]
        ]
        instance = try callsModule.instantiate(store: store, imports: imports)

        let rawStore = Store(engine: engine)
        let rawCounter = self.rawCounter
        let rawImports: Imports = [
            "host": [
                "nop": Function(store: rawStore, parameters: [], raw: { _, _, _ in rawCounter.count += 1 }),
                "add": Function(
                    store: rawStore, parameters: [.i32, .i32], results: [.i32],
                    raw: { _, arguments, results in
                        guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
                            throw CheckFailure("add: unexpected argument types")
                        }
                        results[0] = .i32(a &+ b)
                    }),
                "mix": Function(
                    store: rawStore, parameters: [.i32, .i64], results: [.f32],
                    raw: { _, arguments, results in
                        guard case .i32(let a) = arguments[0], case .i64(let b) = arguments[1] else {
                            throw CheckFailure("mix: unexpected argument types")
                        }
                        results[0] = .f32(Signature.mix(Int32(bitPattern: a), Int64(bitPattern: b)).bitPattern)
                    }),
            ]
        ]
        rawInstance = try callsModule.instantiate(store: rawStore, imports: rawImports)
    }

    private func function(_ instance: Instance, _ name: String) throws -> Function {
        guard let function = instance.exports[function: name] else { throw CheckFailure("missing export \(name)") }
        return function
    }

    // MARK: host to wasm

    /// `Function.invoke(_:on:)` with a reused stack.
    func hostToWasm(_ signature: Signature) throws -> Contestant {
        let stack = self.stack
        let function = try self.function(instance, ["nop", "add", "mix"][signature.index])
        switch signature {
        case .nop:
            return Contestant(name: "wasmkit") { count in
                for _ in 0..<count { _ = try function.invoke([], on: &stack.stack) }
                return UInt64(count)
            }
        case .add:
            return Contestant(name: "wasmkit") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    let results = try function.invoke([.i32(UInt32(truncatingIfNeeded: i)), .i32(1)], on: &stack.stack)
                    guard case .i32(let result) = results[0] else { throw CheckFailure("add: wrong result type") }
                    sum &+= UInt64(result)
                }
                return sum
            }
        case .mix:
            return Contestant(name: "wasmkit") { count in
                var sum: UInt64 = 0
                for i in 0..<count {
                    let results = try function.invoke([.i32(UInt32(i & 0xFFFF)), .i64(UInt64(i))], on: &stack.stack)
                    guard case .f32(let result) = results[0] else { throw CheckFailure("mix: wrong result type") }
                    sum &+= UInt64(result)
                }
                return sum
            }
        }
    }

    // MARK: wasm to host

    /// The `call_*` loop with array-based (`wasmkit`) or buffer-based (`wasmkit-raw`) host functions.
    func wasmToHost(_ signature: Signature, raw: Bool) throws -> Contestant {
        let stack = self.stack
        let counter = raw ? rawCounter : self.counter
        let function = try self.function(
            raw ? rawInstance : instance, ["call_nop", "call_add", "call_mix"][signature.index])
        return Contestant(name: raw ? "wasmkit-raw" : "wasmkit") { count in
            counter.count = 0
            let results = try function.invoke([.i32(UInt32(count))], on: &stack.stack)
            if signature == .nop { return UInt64(counter.count) }
            guard case .i32(let result) = results[0] else { throw CheckFailure("loop: wrong result type") }
            return UInt64(result)
        }
    }

    // MARK: instantiation and modules

    func storeCreateDrop() -> Contestant {
        let engine = self.engine
        return Contestant(name: "wasmkit") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: engine)
                withExtendedLifetime(store) { made += 1 }
            }
            return made
        }
    }

    /// A new store, the host function made in it, and the module instantiated.
    func instantiate(bytes: [UInt8]) throws -> Contestant {
        let engine = self.engine
        let module = try parseWasm(bytes: bytes)
        return Contestant(name: "wasmkit") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let store = Store(engine: engine)
                let log = Function(store: store, parameters: [.i32], raw: { _, _, _ in })
                let instance = try module.instantiate(store: store, imports: ["host": ["log": log]])
                withExtendedLifetime(instance) { made += 1 }
            }
            return made
        }
    }

    /// Parsing, validation and eager translation to WasmKit's internal code
    /// (which WasmKit does at instantiation, so that is included).
    func compile(bytes: [UInt8]) -> Contestant {
        let engine = Engine(configuration: EngineConfiguration(compilationMode: .eager))
        return Contestant(name: "wasmkit") { count in
            var made: UInt64 = 0
            for _ in 0..<count {
                let module = try parseWasm(bytes: bytes)
                let instance = try module.instantiate(store: Store(engine: engine))
                withExtendedLifetime(instance) { made += 1 }
            }
            return made
        }
    }

    // MARK: memory

    private func memory(bytes: [UInt8], size: Int) throws -> Memory {
        let instance = try parseWasm(bytes: bytes).instantiate(store: Store(engine: engine))
        guard let memory = instance.exports[memory: "memory"] else { throw CheckFailure("missing memory") }
        memory.withUnsafeMutableBufferPointer(offset: UInt(Modules.copyOffset), count: size) { buffer in
            for index in 0..<size { buffer[index] = copyPattern(index) }
        }
        return memory
    }

    /// `Memory.withUnsafeMutableBufferPointer(offset:count:)` and a copy.
    func copyIn(bytes: [UInt8], source: UnsafeMutableRawBufferPointer) throws -> Contestant {
        let size = source.count
        let memory = try self.memory(bytes: bytes, size: size)
        return Contestant(name: "wasmkit") { count in
            for i in 0..<count {
                source[0] = UInt8(truncatingIfNeeded: i)
                memory.withUnsafeMutableBufferPointer(offset: UInt(Modules.copyOffset), count: size) {
                    $0.copyMemory(from: UnsafeRawBufferPointer(source))
                }
            }
            return memory.withUnsafeBufferPointer(offset: UInt(Modules.copyOffset), count: size) {
                UInt64($0[0]) | UInt64($0[size - 1]) << 8
            }
        }
    }

    func copyOut(bytes: [UInt8], destination: UnsafeMutableRawBufferPointer) throws -> Contestant {
        let size = destination.count
        let memory = try self.memory(bytes: bytes, size: size)
        return Contestant(name: "wasmkit") { count in
            destination[0] = 0
            destination[size - 1] = 0
            for _ in 0..<count {
                memory.withUnsafeBufferPointer(offset: UInt(Modules.copyOffset), count: size) {
                    destination.copyMemory(from: $0)
                }
            }
            return UInt64(destination[0]) | UInt64(destination[size - 1]) << 8
        }
    }

    // MARK: compute

    func kernel(_ name: String, bytes: [UInt8]) throws -> Contestant {
        let stack = self.stack
        let instance = try parseWasm(bytes: bytes).instantiate(store: Store(engine: engine))
        let function = try self.function(instance, name)
        return Contestant(name: "wasmkit") { count in
            let results = try function.invoke([.i32(UInt32(truncatingIfNeeded: count))], on: &stack.stack)
            guard case .i64(let result) = results[0] else { throw CheckFailure("\(name): wrong result type") }
            return result
        }
    }
}
