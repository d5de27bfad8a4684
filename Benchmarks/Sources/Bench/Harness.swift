import CAllocCounter

#if canImport(Glibc)
import Glibc
#endif

/// A wrong answer from a contestant: the run stops, because a benchmark
/// whose work can be skipped measures nothing.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A batch of an async contestant: runs in the benchmark's own task, on
/// its executor (the main actor), like the synchronous contestants.
typealias AsyncBatch = nonisolated(nonsending) (Int) async throws -> UInt64

/// One way of doing a case's operation.
struct Contestant {
    /// Stable name: `c` (the raw C API, the floor), `c-checked`,
    /// `swift-typed`, `swift-untyped`, `wasmkit`, `wasmkit-raw`, `native`, `memcpy`.
    let name: String
    /// Performs `count` operations and returns a checksum of what they
    /// computed, which the harness compares with the case's expectation.
    let run: (Int) throws -> UInt64
    /// The same for a contestant that awaits: the harness awaits it
    /// directly, so its batches run in the same task as the others' (no
    /// thread hand-off inside the timed region).
    var runAsync: AsyncBatch? = nil

    init(name: String, run: @escaping (Int) throws -> UInt64) {
        self.name = name
        self.run = run
    }

    init(name: String, runAsync: @escaping AsyncBatch) {
        self.name = name
        self.run = { _ in throw CheckFailure("\(name) is an async contestant: await perform(_:)") }
        self.runAsync = runAsync
    }

    /// Runs one batch, awaiting it if the contestant is async.
    nonisolated(nonsending) func perform(_ count: Int) async throws -> UInt64 {
        if let runAsync { return try await runAsync(count) }
        return try run(count)
    }
}

/// One benchmarked operation and the contestants that perform it.
struct Case {
    /// `group/name`, e.g. `host-to-wasm/add`.
    let id: String
    /// The contestant every ratio in the table is taken against.
    var floor = "c"
    var contestants: [Contestant]
    /// The checksum `count` correct operations produce; computed outside
    /// the timed region.
    let expected: (Int) -> UInt64
    /// Bytes moved per operation, for a throughput column.
    var bytesPerOperation: Int? = nil
}

/// What one contestant measured in one case.
struct Measurement {
    let contestant: String
    /// Nanoseconds per operation, one per round.
    var samples: [Double]
    /// Operations per timed batch.
    let batch: Int
    /// Median over rounds of this contestant's time divided by the floor's
    /// time in the same round (1 for the floor itself).
    var ratioToFloor: Double?
    /// This contestant's fastest round over the floor's fastest round: the
    /// least disturbed batches, the steadier figure on a shared machine.
    var minimumRatioToFloor: Double?
    /// Heap allocations per operation, counted over a separate batch.
    var allocationsPerOperation: Double?

    var median: Double { samples.median }
    var minimum: Double { samples.min() ?? .nan }
}

struct CaseResult {
    let id: String
    let floor: String
    let bytesPerOperation: Int?
    var measurements: [Measurement]

    func measurement(_ name: String) -> Measurement? {
        measurements.first { $0.contestant == name }
    }
}

extension Array where Element == Double {
    var median: Double {
        guard !isEmpty else { return .nan }
        let sorted = self.sorted()
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }

    var geometricMean: Double {
        guard !isEmpty else { return .nan }
        return exp(map { log($0) }.reduce(0, +) / Double(count))
    }
}

/// Monotonic nanoseconds.
@inline(__always)
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Runs cases with interleaved rounds: every round runs each contestant
/// once (A B C A B C …), so that drift in machine load hits all of them alike.
/// The harness runs in the benchmark's one task: async contestants are
/// awaited in it, on the same executor and thread as the raw C poll loops.
struct Harness {
    var rounds: Int
    /// Aimed-for duration of one timed batch, in nanoseconds.
    var batchNanoseconds: Double
    var verbose = true

    nonisolated(nonsending) func run(_ benchCase: Case) async throws -> CaseResult {
        // Calibrate: grow the batch until it takes a measurable time, then
        // size it to the target. The first runs double as warm-up.
        var batches: [Int] = []
        for contestant in benchCase.contestants {
            var count = 1
            while true {
                let elapsed = try await timed(contestant, count, benchCase)
                if elapsed >= batchNanoseconds / 8 || count >= 1 << 28 {
                    let perOperation = elapsed / Double(count)
                    count = Swift.max(1, Int(batchNanoseconds / perOperation))
                    break
                }
                count *= elapsed < batchNanoseconds / 1000 ? 16 : 4
            }
            batches.append(count)
            // One warm-up at the final size unless one operation fills the batch.
            if count > 1 { _ = try await timed(contestant, count, benchCase) }
        }
        var samples = Array(repeating: [Double](), count: benchCase.contestants.count)
        for _ in 0..<rounds {
            for (index, contestant) in benchCase.contestants.enumerated() {
                let elapsed = try await timed(contestant, batches[index], benchCase)
                samples[index].append(elapsed / Double(batches[index]))
            }
        }
        let floorIndex = benchCase.contestants.firstIndex { $0.name == benchCase.floor }
        var measurements: [Measurement] = []
        for (index, contestant) in benchCase.contestants.enumerated() {
            var measurement = Measurement(contestant: contestant.name, samples: samples[index], batch: batches[index])
            if let floorIndex {
                measurement.ratioToFloor = zip(samples[index], samples[floorIndex]).map { $0 / $1 }.median
                measurement.minimumRatioToFloor = measurement.minimum / (samples[floorIndex].min() ?? .nan)
            }
            measurement.allocationsPerOperation = try await allocations(
                contestant, Swift.min(batches[index], 10_000), benchCase)
            measurements.append(measurement)
        }
        let result = CaseResult(
            id: benchCase.id, floor: benchCase.floor,
            bytesPerOperation: benchCase.bytesPerOperation, measurements: measurements)
        if verbose { Report.printRows(of: result) }
        return result
    }

    /// Nanoseconds `count` operations took; the checksum is verified after the clock stops.
    private nonisolated(nonsending) func timed(_ contestant: Contestant, _ count: Int, _ benchCase: Case) async throws
        -> Double
    {
        let start = now()
        let checksum = try await contestant.perform(count)
        let elapsed = now() - start
        try verify(checksum, contestant, count, benchCase)
        return Double(elapsed)
    }

    private nonisolated(nonsending) func allocations(_ contestant: Contestant, _ count: Int, _ benchCase: Case)
        async throws -> Double
    {
        let before = alloc_counter_total()
        let checksum = try await contestant.perform(count)
        let after = alloc_counter_total()
        try verify(checksum, contestant, count, benchCase)
        return Double(after - before) / Double(count)
    }

    private func verify(_ checksum: UInt64, _ contestant: Contestant, _ count: Int, _ benchCase: Case) throws {
        let expected = benchCase.expected(count)
        guard checksum == expected else {
            throw CheckFailure(
                "\(benchCase.id) \(contestant.name): checksum \(checksum) after \(count) operation(s), expected \(expected)"
            )
        }
    }
}
