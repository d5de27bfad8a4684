import Wasmtime

#if canImport(Glibc)
import Glibc
#endif

// The component benchmarks (issue 12): the raw C API (the floor), the
// binding's typed and dynamic calls interleaved in this process, and
// wasmtime-py 50 timed in its own process on the same component bytes.

enum ComponentBench {
    static let ids = [
        "component/add", "component/echo-16B", "component/echo-16KiB", "component/bytes-64KiB",
        "component/record5", "component/host-call-string",
    ]

    /// The component, compiled once for every contestant.
    static let bytes: [UInt8] = (try? wat2wasm(ComponentModules.bench)) ?? []

    static func cases() throws -> [(id: String, make: () throws -> Case)] {
        guard !bytes.isEmpty else { throw CheckFailure("the benchmark component does not compile") }
        // One side per case, made when the case runs (each owns an engine and a store).
        func make(
            _ id: String, bytesPerOperation: Int? = nil,
            _ contestants: @escaping (RawComponentSide, BindingComponentSide) throws -> [Contestant],
            expected: @escaping (Int) -> UInt64
        ) -> (id: String, make: () throws -> Case) {
            (
                id,
                {
                    let raw = try RawComponentSide(bytes: bytes)
                    let binding = try BindingComponentSide(bytes: bytes)
                    return Case(
                        id: id, contestants: try contestants(raw, binding), expected: Memo(expected).callAsFunction,
                        bytesPerOperation: bytesPerOperation)
                }
            )
        }
        let text16 = ComponentModules.text16
        let text16K = ComponentModules.text16K
        let bytes64K = ComponentModules.bytes64K
        return [
            make(
                "component/add", { raw, binding in [raw.add(), try binding.addTyped(), try binding.addDynamic()] },
                expected: { count in (0..<count).reduce(0) { $0 &+ UInt64($1 & 0xFFFF) &+ 1 } }),
            make(
                "component/echo-16B", bytesPerOperation: 16,
                { raw, binding in
                    [raw.echo(text16), try binding.echoTyped(text16), try binding.echoDynamic(text16)]
                }, expected: { UInt64($0 * 16) }),
            make(
                "component/echo-16KiB", bytesPerOperation: 16 << 10,
                { raw, binding in
                    [raw.echo(text16K), try binding.echoTyped(text16K), try binding.echoDynamic(text16K)]
                }, expected: { UInt64($0 * (16 << 10)) }),
            make(
                "component/bytes-64KiB", bytesPerOperation: 64 << 10,
                { raw, binding in
                    [
                        raw.echoBytes(bytes64K), try binding.echoBytesTyped(bytes64K),
                        try binding.echoBytesDynamic(bytes64K),
                    ]
                }, expected: { UInt64($0) &* (65536 &+ UInt64(bytes64K[65535])) }),
            make(
                "component/record5",
                { raw, binding in
                    [raw.echoRecord(), try binding.echoRecordTyped(), try binding.echoRecordDynamic()]
                }, expected: { count in (0..<count).reduce(0) { $0 &+ UInt64($1 & 0xFFFF) &+ 2 } }),
            make(
                "component/host-call-string",
                { raw, binding in
                    [raw.callHost(), try binding.callHostTyped(), try binding.callHostDynamic()]
                }, expected: { UInt64($0 * 16) }),
        ]
    }

    /// Runs the wasmtime-py peer (Benchmarks/python/component_bench.py) on
    /// the same bytes and adds its timings as contestant `wasmtime-py` to
    /// the component cases already measured. Returns why it could not run, if it could not.
    static func addPython(to results: inout [CaseResult], rounds: Int, batchMilliseconds: Double) -> String? {
        guard results.contains(where: { ids.contains($0.id) }) else { return nil }
        guard let site = getenv("BENCH_WASMTIME_PY").map({ String(cString: $0) }) else {
            return "BENCH_WASMTIME_PY is not set (scripts/run-bench sets it after scripts/install-wasmtime-py)"
        }
        let script =
            String(#filePath.dropLast("Sources/Bench/ComponentBench.swift".count)) + "python/component_bench.py"
        let path = "/tmp/wasmtime-swift-bench-component-\(getpid()).wasm"
        guard let file = fopen(path, "wb") else { return "cannot write \(path)" }
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        defer { unlink(path) }
        let command =
            "PYTHONPATH='\(site)' python3 '\(script)' '\(path)' \(rounds) \(Report.fixed(batchMilliseconds, 1)) 2>&1"
        guard let pipe = popen(command, "r") else { return "cannot run python3" }
        var output: [String] = []
        var line = [CChar](repeating: 0, count: 1 << 16)
        while fgets(&line, Int32(line.count), pipe) != nil {
            output.append(String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let status = pclose(pipe)
        var parsed = 0
        for text in output {
            let words = text.split(separator: " ").map(String.init)
            guard words.count > 2, words[0] == "case" else { continue }
            let samples = words.dropFirst(2).compactMap { Double($0.trimmingWhitespace()) }
            guard let index = results.firstIndex(where: { $0.id == words[1] }) else { continue }
            var measurement = Measurement(contestant: "wasmtime-py", samples: samples, batch: 0)
            if let floor = results[index].measurement(results[index].floor) {
                measurement.ratioToFloor = measurement.median / floor.median
                measurement.minimumRatioToFloor = measurement.minimum / floor.minimum
            }
            results[index].measurements.append(measurement)
            Report.printRows(
                of: CaseResult(
                    id: words[1], floor: results[index].floor,
                    bytesPerOperation: results[index].bytesPerOperation,
                    measurements: [measurement]))
            parsed += 1
        }
        if status != 0 || parsed == 0 {
            return "python exited with status \(status): " + output.suffix(5).joined()
        }
        return nil
    }

    /// `ratio component-typed`, `component-dynamic` (geometric means over the
    /// cases of the binding's fastest round over raw C's) and
    /// `component-vs-python` (wasmtime-py's fastest round over the typed
    /// binding's, the lowest across the cases).
    static func ratios(_ results: [CaseResult]) -> [(String, Double?)] {
        func ratio(_ id: String, _ a: String, _ b: String) -> Double? {
            guard let result = results.first(where: { $0.id == id }),
                let x = result.measurement(a), let y = result.measurement(b)
            else { return nil }
            return x.minimum / y.minimum
        }
        func geometricMean(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.geometricMean
        }
        return [
            ("component-typed", geometricMean(ids.map { ratio($0, "swift-typed", "c") })),
            ("component-typed-worst", ids.compactMap { ratio($0, "swift-typed", "c") }.max()),
            ("component-dynamic", geometricMean(ids.map { ratio($0, "swift-dynamic", "c") })),
            ("component-dynamic-worst", ids.compactMap { ratio($0, "swift-dynamic", "c") }.max()),
            ("component-vs-python", ids.compactMap { ratio($0, "wasmtime-py", "swift-typed") }.min()),
        ]
    }

    static let goals: [(String, Double, Bool)] = [
        ("component-typed", 1.2, true), ("component-dynamic", 2.0, true), ("component-vs-python", 20, false),
    ]
}
