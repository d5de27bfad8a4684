// libFuzzer target for components: treats each input as an untrusted
// component (binary, or component text when it lacks the `\0asm` magic) and
// drives it through the public API: compile, link (WASI preview 2, a Swift
// host function for every imported function that answers with random values
// of the import's result type, traps for the rest), instantiate under fuel
// and store limits, then call every exported function, at the top level and
// in exported instances, with random values generated from its type (and,
// now and then, values of the wrong type), feeding resources it got back
// into later calls and dropping the rest. The random values come from a
// generator seeded by the input, so every run of one input does the same.
// Any input that crashes the process, or makes AddressSanitizer report, is
// a bug in the binding or in Wasmtime. Built and run by scripts/fuzz --component.

import Wasmtime

#if canImport(Glibc)
import Glibc
#endif

let engine: Engine = {
    var config = Config()
    config.consumeFuel = true
    config.wasm.componentModelMap = true
    config.wasm.componentModelAsync = true
    config.wasm.multiMemory = true
    config.wasm.bulkMemory = true
    config.wasm.referenceTypes = true
    do {
        return try Engine(config)
    } catch {
        fatalError("fuzz engine configuration rejected: \(error)")
    }
}()

let fuelPerCall: UInt64 = 200_000
let limits = StoreLimits(memorySize: 64 << 20, tableElements: 100_000, instances: 32, tables: 32, memories: 32)
let verbose = getenv("FUZZ_VERBOSE") != nil

func note(_ message: @autoclosure () -> String) {
    guard verbose else { return }
    let line = message() + "\n"
    _ = line.utf8CString.withUnsafeBytes { write(2, $0.baseAddress, $0.count - 1) }
}

/// SplitMix64: small, fast and deterministic.
struct Random {
    var state: UInt64

    init(seed bytes: [UInt8]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
}

/// Values of a type, for arguments and host results.
struct ValueMaker {
    var random: Random
    /// Resources seen so far, offered for `own`/`borrow` parameters.
    var resources: [ComponentResource] = []

    mutating func string() -> String {
        let pieces = ["", "a", "é", "🦀", "\u{0}", "xyz", "\u{FFFD}", String(repeating: "w", count: 40)]
        return (0..<random.below(4)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    /// A value of `type`; with `wrong`, sometimes one that is not.
    mutating func value(of type: ComponentValueType, depth: Int = 0, wrong: Bool = false) -> ComponentValue {
        if wrong, random.chance(16) { return anyValue(depth: depth) }
        let deeper = depth + 1
        switch type {
        case .bool: return .bool(random.chance(2))
        case .s8: return .s8(Int8(truncatingIfNeeded: random.next()))
        case .s16: return .s16(Int16(truncatingIfNeeded: random.next()))
        case .s32: return .s32(Int32(truncatingIfNeeded: random.next()))
        case .s64: return .s64(Int64(bitPattern: random.next()))
        case .u8: return .u8(UInt8(truncatingIfNeeded: random.next()))
        case .u16: return .u16(UInt16(truncatingIfNeeded: random.next()))
        case .u32: return .u32(UInt32(truncatingIfNeeded: random.next()))
        case .u64: return .u64(random.next())
        case .f32: return .f32(Float(bitPattern: UInt32(truncatingIfNeeded: random.next())))
        case .f64: return .f64(Double(bitPattern: random.next()))
        case .char: return .char(Unicode.Scalar(UInt32(random.below(0xD800))) ?? "x")
        case .string: return .string(string())
        case .list(let element), .fixedLengthList(let element):
            let count = depth > 3 ? 0 : random.below(random.chance(8) ? 300 : 5)
            return .list((0..<count).map { _ in value(of: element, depth: deeper, wrong: wrong) })
        case .record(let fields):
            return .record(fields.map { .init($0.name, value(of: $0.type, depth: deeper, wrong: wrong)) })
        case .tuple(let types):
            return .tuple(types.map { value(of: $0, depth: deeper, wrong: wrong) })
        case .variant(let cases):
            guard !cases.isEmpty else { return .variant("none", nil) }
            let chosen = cases[random.below(cases.count)]
            return .variant(chosen.name, chosen.payload.map { value(of: $0, depth: deeper, wrong: wrong) })
        case .enum(let names):
            return .enum(names.isEmpty ? "none" : names[random.below(names.count)])
        case .option(let inner):
            return .option(random.chance(3) ? nil : value(of: inner, depth: deeper, wrong: wrong))
        case .result(let ok, let error):
            return random.chance(2)
                ? .ok(ok.map { value(of: $0, depth: deeper, wrong: wrong) })
                : .err(error.map { value(of: $0, depth: deeper, wrong: wrong) })
        case .flags(let names):
            return .flags(names.filter { _ in random.chance(2) })
        case .own(let resourceType), .borrow(let resourceType):
            let matching = resources.filter { $0.type == resourceType }
            if let resource = matching.isEmpty ? resources.first : matching[random.below(matching.count)] {
                return .resource(resource)
            }
            return .u32(0)
        case .map(let key, let value):
            let count = depth > 3 ? 0 : random.below(4)
            return .map(
                (0..<count).map { _ in .init(self.value(of: key, depth: deeper), self.value(of: value, depth: deeper)) }
            )
        case .future, .stream, .errorContext:
            return .u32(UInt32(random.below(4)))
        }
    }

    /// A value of a random kind.
    mutating func anyValue(depth: Int) -> ComponentValue {
        let types: [ComponentValueType] = [
            .bool, .u8, .s32, .u64, .f64, .char, .string, .list(.u8), .option(.string), .result(ok: .u32, error: nil),
            .tuple([.u8, .string]), .flags(["a", "b"]), .enum(["x"]), .variant([.init(name: "v", payload: .s16)]),
        ]
        return value(of: types[random.below(types.count)], depth: depth + 1)
    }

    /// Remembers the resources inside `value`.
    mutating func collect(_ value: ComponentValue) {
        switch value {
        case .resource(let resource): resources.append(resource)
        case .list(let elements), .tuple(let elements): for element in elements { collect(element) }
        case .record(let fields): for field in fields { collect(field.value) }
        case .variant(_, let payload?), .option(let payload?), .ok(let payload?), .err(let payload?): collect(payload)
        case .map(let entries):
            for entry in entries {
                collect(entry.key)
                collect(entry.value)
            }
        default: break
        }
    }
}

/// Shared between the host functions of one input and the driver.
final class Shared {
    var maker: ValueMaker
    init(_ maker: ValueMaker) { self.maker = maker }
}

/// Every function import: its path and type.
func functionImports(_ entries: [ComponentItemEntry], path: [String] = []) -> [([String], ComponentFuncType)] {
    entries.flatMap { entry -> [([String], ComponentFuncType)] in
        switch entry.item {
        case .function(let type): [(path + [entry.name], type)]
        case .instance(let instance) where path.isEmpty: functionImports(instance.exports, path: [entry.name])
        default: []
        }
    }
}

/// Instantiates `component` in a fresh store with fuel, limits and an empty WASI configuration.
func instantiate(_ component: Component, linker: ComponentLinker) throws -> (Store<Void>, ComponentInstance) {
    let store = Store(engine: engine)
    store.setLimits(limits)
    try store.setFuel(fuelPerCall)
    var wasi = WASIConfiguration()
    wasi.arguments = ["fuzz"]
    try store.setWASI(wasi)
    do {
        return (store, try linker.instantiate(component, in: store))
    } catch {
        note("instantiate: \(error)")
        throw error
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    exercise(input)
    return 0
}

/// The seed components, compiled once, for inputs that only choose values
/// (`0xff`, a component index, then bytes for the random generator): so
/// libFuzzer can vary the values given to valid components directly.
/// Read from `FUZZ_COMPONENT_SEEDS` (default `Fuzz/component-seeds`).
let seedComponents: [Component] = {
    let directory = getenv("FUZZ_COMPONENT_SEEDS").map { String(cString: $0) } ?? "Fuzz/component-seeds"
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".wat") { names.append(name) }
    }
    return names.sorted().compactMap { name in
        guard let file = fopen(directory + "/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
        return try? Component(engine: engine, bytes: wat2wasm(bytes: bytes))
    }
}()

func exercise(_ input: [UInt8]) {
    if input.count >= 2, input[0] == 0xff, !seedComponents.isEmpty {
        return drive(seedComponents[Int(input[1]) % seedComponents.count], seed: input)
    }
    let bytes: [UInt8]
    if input.starts(with: [0x00, 0x61, 0x73, 0x6d]) {
        bytes = input
    } else {
        do {
            bytes = try wat2wasm(bytes: input)
        } catch {
            return note("text: \(error)")
        }
    }
    let component: Component
    do {
        component = try Component(engine: engine, bytes: bytes)
    } catch {
        return note("compile: \(error)")
    }
    drive(component, seed: input)
}

/// Links, instantiates and calls `component` with values from a generator seeded by `seed`.
func drive(_ component: Component, seed: [UInt8]) {
    let shared = Shared(ValueMaker(random: Random(seed: seed)))
    let linker = ComponentLinker(engine: engine)
    do {
        try linker.addWASIp2()
        for (path, type) in functionImports(component.imports) where !path[0].hasPrefix("wasi:") {
            try? linker.defineFunction(path: path) { [weak shared] _, arguments in
                guard let shared else { return [] }
                for argument in arguments { shared.maker.collect(argument) }
                if shared.maker.random.chance(32) { throw WasmtimeError(.runtime, "fuzz host failure") }
                let wrong = shared.maker.random.chance(16)
                return type.result.map { [shared.maker.value(of: $0, wrong: wrong)] } ?? []
            }
        }
    } catch {
        return note("link: \(error)")
    }
    // Traps for what is still missing, only when something is: defining
    // them after WASI would also shadow WASI interfaces the component
    // imports at an older 0.2.x version than the linker's (Wasmtime's
    // unknown-imports-as-traps does not apply semver matching).
    var attempt = try? instantiate(component, linker: linker)
    if attempt == nil {
        do {
            try linker.defineUnknownImportsAsTraps(for: component)
            attempt = try instantiate(component, linker: linker)
        } catch {
            return note("instantiate: \(error)")
        }
    }
    guard let (store, instance) = attempt else { return }
    var paths: [[String]] = []
    for entry in instance.exports {
        switch entry.item {
        case .function: paths.append([entry.name])
        case .instance(let type):
            for inner in type.exports { if case .function = inner.item { paths.append([entry.name, inner.name]) } }
        default: break
        }
    }
    for round in 0..<2 {
        for path in paths {
            guard let function = try? instance.function(path: path) else { continue }
            _ = try? store.setFuel(fuelPerCall)
            let wrong = round == 1 && shared.maker.random.chance(4)
            let arguments = function.type.parameters.map { shared.maker.value(of: $0.type, wrong: wrong) }
            do {
                let results = try function.call(arguments)
                for result in results { shared.maker.collect(result) }
                note("\(path): \(results)")
            } catch {
                note("\(path): \(error)")
            }
            for value in arguments { _ = value.description }
        }
        // Drop some resources explicitly; the rest are released with the maker.
        let resources = shared.maker.resources
        for resource in resources where shared.maker.random.chance(2) {
            do { try resource.drop() } catch { note("drop: \(error)") }
        }
    }
    shared.maker.resources.removeAll()
}
