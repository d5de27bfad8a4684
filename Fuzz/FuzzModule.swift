// libFuzzer target: treats each input as an untrusted WebAssembly module
// (binary, or text when it lacks the `\0asm` magic) and drives it through the
// public API the way a service embedding hostile code would: compile,
// instantiate with stub imports under fuel and memory limits, then call every
// exported function with default arguments and poke at every other export.
// Any input that crashes the process, or makes AddressSanitizer report, is a
// bug in the binding or in Wasmtime. Built and run by scripts/fuzz.

import Wasmtime

#if canImport(Glibc)
import Glibc
#endif

/// Every proposal Wasmtime 50 supports natively, so mutated inputs reach as
/// much of the compiler and runtime as possible.
let engine: Engine = {
    var config = Config()
    config.consumeFuel = true
    config.wasm.simd = true
    config.wasm.relaxedSIMD = true
    config.wasm.referenceTypes = true
    config.wasm.functionReferences = true
    config.wasm.gc = true
    config.wasm.tailCall = true
    config.wasm.exceptions = true
    config.wasm.multiMemory = true
    config.wasm.multiValue = true
    config.wasm.bulkMemory = true
    config.wasm.memory64 = true
    config.wasm.wideArithmetic = true
    config.wasm.customPageSizes = true
    config.wasm.threads = true
    config.wasm.sharedMemory = true
    do {
        return try Engine(config)
    } catch {
        fatalError("fuzz engine configuration rejected: \(error)")
    }
}()

/// Fuel per call: enough for real work, small enough that loops end fast.
let fuelPerCall: UInt64 = 200_000

let limits = StoreLimits(memorySize: 64 << 20, tableElements: 100_000, instances: 16, tables: 16, memories: 16)

/// `FUZZ_VERBOSE=1` prints what each input got to (when checking seeds).
let verbose = getenv("FUZZ_VERBOSE") != nil

func note(_ message: @autoclosure () -> String) {
    guard verbose else { return }
    let line = message() + "\n"
    _ = line.utf8CString.withUnsafeBytes { write(2, $0.baseAddress, $0.count - 1) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    exercise(input)
    return 0
}

func exercise(_ input: [UInt8]) {
    let wasm: [UInt8]
    if input.starts(with: [0x00, 0x61, 0x73, 0x6d]) {
        wasm = input
    } else {
        do {
            wasm = try wat2wasm(bytes: input)
        } catch {
            return note("text: \(error)")
        }
    }
    let module: Module
    do {
        module = try Module(engine: engine, bytes: wasm)
    } catch {
        return note("compile: \(error)")
    }
    let store = Store(engine: engine)
    store.setLimits(limits)
    let linker = Linker(engine: engine)
    let instance: Instance
    do {
        try store.setFuel(fuelPerCall)
        try linker.defineUnknownImportsAsDefaultValues(for: module, in: store)
        instance = try linker.instantiate(module, in: store)
    } catch {
        return note("instantiate: \(error)")
    }
    for (name, item) in instance.exports {
        _ = try? store.setFuel(fuelPerCall)
        switch item {
        case .function(let function):
            let arguments = function.type.parameters.map(Value.zero(of:))
            do {
                let results = try function.call(arguments)
                note("\(name): \(results)")
            } catch {
                note("\(name): \(error)")
            }
        case .global(let global):
            let value = global.get()
            _ = try? global.set(value)
        case .memory(let memory):
            _ = try? memory.read(at: 0, count: min(memory.byteCount, 16))
            _ = try? memory.grow(by: 1)
            _ = try? memory.store(UInt32(0xdead_beef), at: UInt64(max(memory.byteCount - 4, 0)))
        case .table(let table):
            // Not `table.type`: reading a table64 type with limits above
            // 2^32 aborts inside the C API (see README).
            if table.size > 0, let first = try? table.get(0) {
                _ = try? table.set(table.size - 1, first)
            }
            _ = try? table.grow(by: 1)
        case .sharedMemory(let memory):
            _ = memory.byteCount
        case .tag:
            break
        }
    }
}
