import CWasmtime
import Dispatch
import Wasmtime

#if canImport(Glibc)
import Glibc
#endif

// Side-by-side benchmarks of issue 5: the raw C API (the floor), this
// binding's typed and untyped APIs, WasmKit and native code, interleaved
// round by round in one process on the same wasm bytes.
//
//   Bench --kernels kernels.wasm [--json out.json] [--rounds N] [--batch-ms MS] [--quick] [--filter TEXT]...

struct Options {
    var kernels = ""
    var json: String?
    var rounds = 21
    var batchMilliseconds = 10.0
    var filters: [String] = []
    /// `--profile CASE CONTESTANT COUNT`: runs one contestant once, untimed,
    /// for instruction counting under callgrind (run twice with different
    /// counts and subtract to get instructions per operation).
    var profile: (id: String, contestant: String, count: Int)?

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        func value(_ flag: String) throws -> String {
            guard let value = iterator.next() else { throw CheckFailure("\(flag) needs a value") }
            return value
        }
        while let argument = iterator.next() {
            switch argument {
            case "--kernels": kernels = try value(argument)
            case "--json": json = try value(argument)
            case "--rounds": rounds = Int(try value(argument)) ?? 0
            case "--batch-ms": batchMilliseconds = Double(try value(argument)) ?? 0
            case "--quick":
                rounds = 7
                batchMilliseconds = 5
            case "--filter": filters.append(try value(argument))
            case "--profile":
                profile = (try value(argument), try value(argument), Int(try value(argument)) ?? 0)
            default: throw CheckFailure("unknown argument \(argument)")
            }
        }
        guard !kernels.isEmpty else { throw CheckFailure("--kernels PATH (the kernels compiled to wasm) is required") }
        guard rounds >= 7 else { throw CheckFailure("at least 7 rounds") }
        guard batchMilliseconds > 0 else { throw CheckFailure("--batch-ms must be positive") }
    }
}

/// Remembers the expected checksum per operation count: computing it can
/// cost as much as the batch, and batch sizes repeat.
final class Memo {
    private var cache: [Int: UInt64] = [:]
    private let compute: (Int) -> UInt64
    init(_ compute: @escaping (Int) -> UInt64) { self.compute = compute }

    func callAsFunction(_ count: Int) -> UInt64 {
        if let value = cache[count] { return value }
        let value = compute(count)
        cache[count] = value
        return value
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw CheckFailure("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let read = fread(&chunk, 1, chunk.count, file)
        if read <= 0 { break }
        bytes += chunk[0..<read]
    }
    return bytes
}

func countOperations(_ count: Int) -> UInt64 { UInt64(count) }

func pooledBuffer(_ size: Int) -> UnsafeMutableRawBufferPointer {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    for index in 0..<size { buffer[index] = copyPattern(index) }
    return buffer
}

@concurrent func main() async throws {
    let options = try Options(CommandLine.arguments)
    let harness = Harness(rounds: options.rounds, batchNanoseconds: options.batchMilliseconds * 1_000_000)

    let callsBytes = try wat2wasm(Modules.calls)
    let instantiationBytes = try wat2wasm(Modules.instantiation)
    let memoryBytes = try wat2wasm(Modules.memory)
    let kernelBytes = try readBytes(options.kernels)

    let raw = try RawSide(callsBytes: callsBytes)
    let binding = try BindingSide(callsBytes: callsBytes)
    let wasmkit = try WasmKitSide(callsBytes: callsBytes)

    var plan: [(id: String, make: () throws -> Case)] = []

    for signature in Signature.allCases {
        plan.append(
            (
                "host-to-wasm/\(signature.label)",
                {
                    Case(
                        id: "host-to-wasm/\(signature.label)",
                        contestants: [
                            try raw.hostToWasm(signature),
                            try raw.hostToWasmChecked(signature),
                            try binding.hostToWasmTyped(signature),
                        ] + (try binding.hostToWasmUntyped(signature)) + [
                            try wasmkit.hostToWasm(signature),
                            NativeSide.hostToWasm(signature),
                        ], expected: Memo(signature.hostToWasmExpected).callAsFunction)
                }
            ))
    }
    for signature in Signature.allCases {
        plan.append(
            (
                "wasm-to-host/\(signature.label)",
                {
                    Case(
                        id: "wasm-to-host/\(signature.label)",
                        contestants: [
                            try raw.wasmToHost(signature, checked: false),
                            try raw.wasmToHost(signature, checked: true),
                            try binding.wasmToHost(signature, closures: .typed),
                            try binding.wasmToHost(signature, closures: .untyped),
                            try binding.wasmToHost(signature, closures: .untypedArray),
                            try wasmkit.wasmToHost(signature, raw: true),
                            try wasmkit.wasmToHost(signature, raw: false),
                            NativeSide.wasmToHost(signature),
                        ], expected: Memo(signature.wasmToHostExpected).callAsFunction)
                }
            ))
    }

    // Instantiation: each operation makes a store, instantiates (except the
    // store case) and drops the store again.
    plan.append(
        (
            "instantiate/store-create-drop",
            {
                Case(
                    id: "instantiate/store-create-drop",
                    contestants: [
                        RawSide.storeCreateDrop(engine: raw.engine),
                        BindingSide.storeCreateDrop(engine: binding.engine),
                        wasmkit.storeCreateDrop(),
                    ], expected: countOperations)
            }
        ))
    for pooling in [false, true] {
        let suffix = pooling ? "pooling" : "on-demand"
        plan.append(
            (
                "instantiate/linker-\(suffix)",
                {
                    let rawSetup = try RawSide.instantiationSetup(bytes: instantiationBytes, pooling: pooling)
                    let bindingSetup = try BindingSide.instantiationSetup(bytes: instantiationBytes, pooling: pooling)
                    var contestants = [
                        RawSide.linkerInstantiate(rawSetup), BindingSide.linkerInstantiate(bindingSetup),
                    ]
                    if !pooling { contestants.append(try wasmkit.instantiate(bytes: instantiationBytes)) }
                    return Case(id: "instantiate/linker-\(suffix)", contestants: contestants, expected: countOperations)
                }
            ))
        plan.append(
            (
                "instantiate/instance-pre-\(suffix)",
                {
                    let rawSetup = try RawSide.instantiationSetup(bytes: instantiationBytes, pooling: pooling)
                    let bindingSetup = try BindingSide.instantiationSetup(bytes: instantiationBytes, pooling: pooling)
                    return Case(
                        id: "instantiate/instance-pre-\(suffix)",
                        contestants: [
                            RawSide.preInstantiate(rawSetup), BindingSide.preInstantiate(bindingSetup),
                        ], expected: countOperations)
                }
            ))
    }

    plan += try await AsyncBench.cases(instantiationBytes: instantiationBytes)  // issue 14 (Async.swift)
    plan += try BindgenComparison.cases()  // issue 13 (BindgenBench.swift)

    plan.append(
        (
            "module/compile",
            {
                Case(
                    id: "module/compile",
                    contestants: [
                        RawSide.compile(engine: raw.engine, bytes: kernelBytes),
                        BindingSide.compile(engine: binding.engine, bytes: kernelBytes),
                        wasmkit.compile(bytes: kernelBytes),
                    ], expected: countOperations)
            }
        ))
    plan.append(
        (
            "module/deserialize",
            {
                let serialized = try RawSide.serialize(engine: raw.engine, bytes: kernelBytes)
                let bindingSerialized = try Module(engine: binding.engine, bytes: kernelBytes).serialize()
                return Case(
                    id: "module/deserialize",
                    contestants: [
                        RawSide.deserialize(engine: raw.engine, serialized: serialized),
                        BindingSide.deserialize(engine: binding.engine, serialized: bindingSerialized),
                    ], expected: countOperations)
            }
        ))

    for size in [4 << 10, 1 << 20] {
        let label = size == 4 << 10 ? "4KiB" : "1MiB"
        plan.append(
            (
                "memory/copy-in-\(label)",
                {
                    let source = pooledBuffer(size)
                    return Case(
                        id: "memory/copy-in-\(label)",
                        contestants: [
                            try RawSide.copyIn(engine: raw.engine, bytes: memoryBytes, source: source),
                            NativeSide.copyIn(source: source),
                            try BindingSide.copyIn(engine: binding.engine, bytes: memoryBytes, source: source),
                            try wasmkit.copyIn(bytes: memoryBytes, source: source),
                        ], expected: { count in UInt64((count - 1) & 0xFF) | UInt64(copyPattern(size - 1)) << 8 },
                        bytesPerOperation: size)
                }
            ))
        plan.append(
            (
                "memory/copy-out-\(label)",
                {
                    let destination = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
                    destination.initializeMemory(as: UInt8.self, repeating: 0)
                    return Case(
                        id: "memory/copy-out-\(label)",
                        contestants: [
                            try RawSide.copyOut(engine: raw.engine, bytes: memoryBytes, destination: destination),
                            NativeSide.copyOut(destination: destination),
                            try BindingSide.copyOut(
                                engine: binding.engine, bytes: memoryBytes, destination: destination),
                            try wasmkit.copyOut(bytes: memoryBytes, destination: destination),
                        ], expected: { _ in UInt64(copyPattern(0)) | UInt64(copyPattern(size - 1)) << 8 },
                        bytesPerOperation: size)
                }
            ))
    }

    for name in NativeSide.kernelNames {
        let id = "compute/" + name.dropFirst("kernel_".count)
        plan.append(
            (
                id,
                {
                    let expectations = KernelExpectations(name)
                    return Case(
                        id: id,
                        contestants: [
                            try RawSide.kernel(name, engine: raw.engine, bytes: kernelBytes),
                            NativeSide.kernel(name),
                        ] + (try BindingSide.kernels(name, engine: binding.engine, bytes: kernelBytes)) + [
                            try wasmkit.kernel(name, bytes: kernelBytes)
                        ], expected: expectations.expected)
                }
            ))
    }

    // GC objects and exceptions (issue 15).
    let gcBytes = try wat2wasm(GCModules.gc)
    plan.append(
        (
            "gc/array-1000",
            {
                let rawGC = try RawGCSide(bytes: gcBytes)
                let bindingGC = try BindingGCSide(bytes: gcBytes)
                return Case(
                    id: "gc/array-1000",
                    contestants: [
                        rawGC.gcArray(), bindingGC.gcArray(), try rawGC.gcArrayInWasm(),
                    ], expected: { UInt64($0) * GCModules.arraySum })
            }
        ))
    plan.append(
        (
            "exception/roundtrip",
            {
                let rawGC = try RawGCSide(bytes: gcBytes)
                let bindingGC = try BindingGCSide(bytes: gcBytes)
                return Case(
                    id: "exception/roundtrip",
                    contestants: [
                        try rawGC.exceptionRoundTrip(), try bindingGC.exceptionRoundTrip(),
                        try rawGC.trapRoundTrip(), try bindingGC.trapRoundTrip(),
                    ], expected: { count in (0..<count).reduce(0) { $0 &+ UInt64(UInt32(truncatingIfNeeded: $1)) } })
            }
        ))

    plan += try ComponentBench.cases()  // issue 12 (ComponentBench.swift)

    if let profile = options.profile {
        guard let entry = plan.first(where: { $0.id == profile.id }) else {
            throw CheckFailure("no case \(profile.id)")
        }
        let benchCase = try entry.make()
        guard let contestant = benchCase.contestants.first(where: { $0.name == profile.contestant }) else {
            throw CheckFailure("no contestant \(profile.contestant) in \(profile.id)")
        }
        let checksum = try await contestant.perform(profile.count)
        guard checksum == benchCase.expected(profile.count) else { throw CheckFailure("wrong checksum \(checksum)") }
        print("profiled \(profile.id) \(profile.contestant) x\(profile.count): checksum \(checksum)")
        return
    }

    let selected = plan.filter { entry in options.filters.isEmpty || options.filters.contains { entry.id.contains($0) }
    }
    print(
        "Wasmtime for Swift benchmarks: \(options.rounds) interleaved rounds, ~\(Report.fixed(options.batchMilliseconds, 0)) ms per batch;"
    )
    print("times are per operation (median and min over rounds); med/c is the median over rounds of time / raw C time")
    print("in the same round, min/c the fastest round over raw C's fastest round (the ratio lines below use min/c).")
    print("")
    Report.printHeader()
    var results: [CaseResult] = []
    for entry in selected {
        results.append(try await harness.run(try entry.make()))
    }
    if let reason = ComponentBench.addPython(
        to: &results, rounds: options.rounds,
        batchMilliseconds: options.batchMilliseconds)
    {
        print("wasmtime-py peer skipped: \(reason)")
    }

    // MARK: summary

    func result(_ id: String) -> CaseResult? { results.first { $0.id == id } }
    /// `a`'s fastest round over `b`'s, within one case. Fastest rounds,
    /// because on a shared machine every other figure mostly measures the
    /// neighbours; the median of paired per-round ratios is in the JSON.
    func paired(_ id: String, _ a: String, _ b: String) -> Double? {
        guard let result = result(id), let x = result.measurement(a), let y = result.measurement(b) else { return nil }
        return x.minimum / y.minimum
    }
    func geometricMean(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : present.geometricMean
    }
    let labels = Signature.allCases.map(\.label)
    let kernelIDs = NativeSide.kernelNames.map { "compute/" + $0.dropFirst("kernel_".count) }
    // Time ratios (lower is better) except compute and memory-copy, which
    // are throughput ratios (higher is better) as the targets are stated.
    let ratioValues: [(String, Double?)] =
        [
            ("typed-host-to-wasm", geometricMean(labels.map { paired("host-to-wasm/\($0)", "swift-typed", "c") })),
            (
                "untyped-host-to-wasm",
                geometricMean(labels.map { paired("host-to-wasm/\($0)", "swift-untyped-prepared", "c") })
            ),
            (
                "untyped-into-host-to-wasm",
                geometricMean(labels.map { paired("host-to-wasm/\($0)", "swift-untyped", "c") })
            ),
            ("checked-c-host-to-wasm", geometricMean(labels.map { paired("host-to-wasm/\($0)", "c-checked", "c") })),
            ("typed-wasm-to-host", geometricMean(labels.map { paired("wasm-to-host/\($0)", "swift-typed", "c") })),
            ("untyped-wasm-to-host", geometricMean(labels.map { paired("wasm-to-host/\($0)", "swift-untyped", "c") })),
            ("checked-c-wasm-to-host", geometricMean(labels.map { paired("wasm-to-host/\($0)", "c-checked", "c") })),
            ("store-create-drop", paired("instantiate/store-create-drop", "swift", "c")),
            (
                "instance-pre",
                geometricMean(["on-demand", "pooling"].map { paired("instantiate/instance-pre-\($0)", "swift", "c") })
            ),
            ("compute", geometricMean(kernelIDs.map { paired($0, "c", "swift-typed") })),
            ("async-call", geometricMean(["nop", "add"].map { paired("async/call-\($0)", "swift-await", "c") })),
            ("async-host-call", paired("async/host-call", "swift-await", "c")),
            ("async-host-call-vs-suspending-c", paired("async/host-call", "swift-await", "c-suspend")),
            ("async-instantiate", paired("async/instantiate-pre-pooling", "swift-await", "c")),
            (
                "async-over-sync-call",
                geometricMean(["nop", "add"].map { paired("async/call-\($0)", "swift-await", "swift-sync") })
            ),
            ("memory-copy", geometricMean(["in", "out"].map { paired("memory/copy-\($0)-1MiB", "memcpy", "swift") })),
            ("gc-array", paired("gc/array-1000", "swift", "c")),
            ("exception-roundtrip", paired("exception/roundtrip", "swift", "c")),
        ] + ComponentBench.ratios(results)
    let ratios = (ratioValues + BindgenComparison.ratios(results)).compactMap { name, value in value.map { (name, $0) }
    }
    func allocationsPerCall(_ group: String, _ contestant: String = "swift-typed") -> Double? {
        let values = labels.compactMap { result("\(group)/\($0)")?.measurement(contestant)?.allocationsPerOperation }
        return values.max()
    }
    let allocationValues: [(String, Double?)] = [
        ("allocs-typed-call", allocationsPerCall("host-to-wasm")),
        ("allocs-typed-host-call", allocationsPerCall("wasm-to-host")),
        ("allocs-untyped-call", allocationsPerCall("host-to-wasm", "swift-untyped")),
        ("allocs-untyped-prepared-call", allocationsPerCall("host-to-wasm", "swift-untyped-prepared")),
        ("allocs-untyped-host-call", allocationsPerCall("wasm-to-host", "swift-untyped")),
    ]
    let allocations = allocationValues.compactMap { name, value in value.map { (name, $0) } }

    let goals: [(String, Double, Bool)] =
        [
            // Issue 10's targets for the untyped paths, typed host functions and stores.
            ("typed-host-to-wasm", 1.10, true), ("untyped-host-to-wasm", 1.30, true),
            ("typed-wasm-to-host", 1.10, true), ("untyped-wasm-to-host", 1.60, true),
            ("store-create-drop", 1.10, true),
            ("instance-pre", 1.10, true), ("compute", 0.98, false), ("memory-copy", 0.9, false),
            ("gc-array", 1.2, true), ("exception-roundtrip", 1.2, true),
            ("async-call", 1.2, true), ("async-host-call", 1.5, true), ("async-instantiate", 1.2, true),
            ("allocs-typed-call", 0, true), ("allocs-typed-host-call", 0, true),
        ] + ComponentBench.goals
    let measured = Dictionary(uniqueKeysWithValues: ratios + allocations)
    let targets = (goals + BindgenComparison.goals).compactMap { name, goal, atMost in
        measured[name].map { Target(name: name, value: $0, goal: goal, atMost: atMost) }
    }

    if let path = options.json {
        try Report.write(
            Report.document(
                machine: Machine.describe(), rounds: options.rounds,
                batchMilliseconds: options.batchMilliseconds, results: results,
                ratios: ratios, allocations: allocations, targets: targets), to: path)
        print("\nJSON report: \(path)")
    }
    print("")
    for (key, value) in Machine.describe() { print("machine \(key): \(value)") }
    print("")
    for target in targets { print(target.line) }
    print("")
    for (name, value) in ratios { print("ratio \(name) \(Report.fixed(value, 3))") }
    for (name, value) in allocations { print("\(name) \(Report.allocations(value))") }
}

/// The whole benchmark runs in one task on the global concurrent executor:
/// async contestants are awaited in it with their timing loops, beside
/// the synchronous ones, so an `await` that does not suspend never leaves
/// the thread. The main thread only waits for that task: with an async
/// main that left the main thread, valgrind 3.19 (used for the instruction
/// counts of `--profile`) crashed.
final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}
let outcome = Outcome()
let finished = DispatchSemaphore(value: 0)
Task.detached {
    do { try await main() } catch { outcome.error = error }
    finished.signal()
}
finished.wait()
if let error = outcome.error {
    let message = "bench: \(error)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(1)
}
