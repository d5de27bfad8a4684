import Foundation
import Testing

/// What protects the host from a guest: fuel, timeouts, and the limits on
/// linear-memory and table growth.
@Suite struct CLILimitsTests {
    static let spin = """
        (module
          (func $spin (loop br 0))
          (func (export "_start") (call $spin)))
        """

    @Test func fuelStopsAnInfiniteLoop() throws {
        let result = try CLI.run(["run", "--fuel", "100000", try Scratch.file("spin.wat", Self.spin)])
        #expect(result.status == 134)
        #expect(result.stderrLines.first == "error: wasm execution ran out of fuel (--fuel 100000)")
        #expect(result.stderrLines.contains { $0.hasPrefix("  0: spin.wat!spin") }, "\(result.stderrText)")
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func enoughFuelLetsAProgramFinish() throws {
        let program = try Programs.path("compute")
        let result = try CLI.run(["run", "--fuel", "50000000", program, "1000"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "primes up to 1000: 168\nfib(90) = 2880067194370816120\n")
        // The same program with far too little fuel stops partway.
        let starved = try CLI.run(["run", "--fuel", "1000", program, "1000"])
        #expect(starved.status == 134)
        #expect(starved.stderrLines.first == "error: wasm execution ran out of fuel (--fuel 1000)")
    }

    @Test(arguments: ["500ms", "1s"])
    func timeoutStopsAnInfiniteLoop(duration: String) throws {
        let result = try CLI.run(["run", "--timeout", duration, try Scratch.file("spin.wat", Self.spin)])
        #expect(result.status == 134)
        #expect(result.stderrLines.first == "error: wasm execution timed out after \(duration) (--timeout \(duration))")
        // Well before the one-second grace period after which the watchdog
        // would have to end the process itself (and long after the deadline).
        let seconds = duration == "1s" ? 1.0 : 0.5
        #expect(result.seconds >= seconds)
        #expect(result.seconds < seconds + 10, "took \(result.seconds) s")
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func timeoutStopsAGuestBlockedInTheHost() throws {
        // cat waits on standard input, which the test never closes.
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", "--timeout", "300ms", try Programs.path("cat")]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["WASMTIME_SWIFT_CACHE_DIR"] = CLI.sharedCache.path
        process.environment = environment
        let start = Date()
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 134)
        #expect(
            String(decoding: message, as: UTF8.self)
                == "error: wasm execution timed out after 300ms (--timeout 300ms)\n")
        #expect(seconds < 10, "took \(seconds) s")
    }

    @Test(arguments: ["5", "5x", "0s", "ms"])
    func badDurationsAreRefused(duration: String) throws {
        let result = try CLI.run(["run", "--timeout", duration, try Scratch.file("spin.wat", Self.spin)])
        expectOneLineError(result, containing: "'\(duration)'", status: 64)
    }

    static let grow = """
        (module
          (memory (export "memory") 1)
          (table 1 funcref)
          (func (export "grow_memory") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "grow_table") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
        """

    @Test func memoryGrowthIsLimitedByDefault() throws {
        let module = try Scratch.file("grow.wat", Self.grow)
        // 20,000 pages are 1.25 GiB: over the default 1 GiB, so growth fails (-1) inside wasm.
        let refused = try CLI.run(["run", "--invoke", "grow_memory", module, "20000"])
        #expect(refused.stdoutText == "-1\n")
        let allowed = try CLI.run(["run", "--max-memory", "2GiB", "--invoke", "grow_memory", module, "20000"])
        #expect(allowed.stdoutText == "1\n")
        let lowered = try CLI.run(["run", "--max-memory", "64M", "--invoke", "grow_memory", module, "1024"])
        #expect(lowered.stdoutText == "-1\n")
    }

    @Test func tableGrowthIsLimitedByDefault() throws {
        let module = try Scratch.file("grow.wat", Self.grow)
        let refused = try CLI.run(["run", "--invoke", "grow_table", module, "2000000"])
        #expect(refused.stdoutText == "-1\n")
        let allowed = try CLI.run([
            "run", "--max-table-elements", "3000000", "--invoke", "grow_table", module, "2000000",
        ])
        #expect(allowed.stdoutText == "1\n")
    }

    @Test func oversizedInitialMemoryIsAOneLineError() throws {
        let module = try Scratch.file("big.wat", "(module (memory 20000) (func (export \"_start\")))")
        let result = try CLI.run(["run", module])
        expectOneLineError(result, containing: "memory minimum size of 20000 pages exceeds memory limits")
    }

    @Test func tooManyMemoriesAreRefused() throws {
        let memories = (0..<17).map { "(memory \($0 == 0 ? "(export \"memory\") " : "")1)" }.joined(separator: " ")
        let module = try Scratch.file("many.wat", "(module \(memories) (func (export \"_start\")))")
        let result = try CLI.run(["run", module])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
    }
}
