import Foundation
import Synchronization
import Testing
import Wasmtime

/// The C programs in Tests/Programs, compiled to wasm32-wasi with Debian's
/// clang-16 the first time a test asks for one (once per test process).
private enum Programs {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Programs")
    /// Removed when the test process exits.
    static let output: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wasmtime-swift-wasi-tests-\(getpid())")
        atexit { try? FileManager.default.removeItem(at: Programs.output) }
        return url
    }()
    static let engine = Engine()

    /// `clang-16` on the PATH, if installed.
    static let clang: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/clang-16" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the toolchain builds WASI programs: clang alone is not enough,
    /// wasi-libc, wasm-ld and the wasm32 runtime library must be there too.
    /// Decided by building a probe that is not one of the test programs, never
    /// through the library under test: once the toolchain works, a test
    /// program that does not build, load or run fails its tests.
    static let available: Bool = {
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let probe = output.appendingPathComponent("probe.c")
            try Data("#include <stdio.h>\nint main(void) { puts(\"probe\"); return 0; }\n".utf8).write(to: probe)
            return try !compile(probe, to: output.appendingPathComponent("probe.wasm")).isEmpty
        } catch {
            return false
        }
    }()

    /// Why the tests that need a C program are skipped.
    static let missing: Comment = "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"

    private static let binaries = Mutex<[String: [UInt8]]>([:])
    private static let modules = Mutex<[String: Module]>([:])

    /// The program `name` (`Tests/Programs/NAME.c`) compiled to wasm by clang.
    static func binary(_ name: String) throws -> [UInt8] {
        try binaries.withLock { binaries in
            if let binary = binaries[name] { return binary }
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            // reactor.c is a library-style module: no main, _initialize instead of _start.
            let binary = try compile(
                sources.appendingPathComponent("\(name).c"), to: output.appendingPathComponent("\(name).wasm"),
                options: name == "reactor" ? ["-mexec-model=reactor"] : [])
            binaries[name] = binary
            return binary
        }
    }

    /// The program `name` loaded by the library.
    static func module(_ name: String) throws -> Module {
        let bytes = try binary(name)
        return try modules.withLock { modules in
            if let module = modules[name] { return module }
            let module = try Module(engine: engine, bytes: bytes)
            modules[name] = module
            return module
        }
    }

    private static func compile(_ source: URL, to wasm: URL, options: [String] = []) throws -> [UInt8] {
        guard let clang else { throw ToolchainFailure(message: "clang-16 is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clang)
        process.arguments = ["--target=wasm32-wasi", "-O2"] + options + [source.path, "-o", wasm.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: diagnostics, as: UTF8.self)
            throw ToolchainFailure(message: "clang-16 failed on \(source.lastPathComponent): \(text)")
        }
        return [UInt8](try Data(contentsOf: wasm))
    }

    struct ToolchainFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// What a WASI command did: its output and how it ended.
private struct Outcome {
    var stdout: [UInt8]
    var stderr: [UInt8]
    /// The status passed to `proc_exit`, or `nil` if `_start` returned.
    var exitStatus: Int32?

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// WASI preview 1 through the library: every configuration item, output
/// captured byte for byte, what a guest can and cannot reach, exits, traps,
/// commands and reactors. Most tests run the C programs in Tests/Programs;
/// they are skipped (visibly) only when the wasm32-wasi toolchain is missing,
/// which `scripts/install-deps` installs.
@Suite struct WASITests {
    /// Runs the command `program` with `configure` applied to a configuration
    /// whose standard output and error go to buffers (unless `configure` changes them).
    private func run(_ program: String, _ configure: (inout WASIConfiguration) -> Void = { _ in }) throws -> Outcome {
        try run(module: Programs.module(program), configure)
    }

    private func run(module: Module, _ configure: (inout WASIConfiguration) -> Void = { _ in }) throws -> Outcome {
        let stdout = WASIOutputBuffer()
        let stderr = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.standardOutput = .buffer(stdout)
        wasi.standardError = .buffer(stderr)
        configure(&wasi)
        let store = Store(engine: module.engine)
        try store.setWASI(wasi)
        let linker = Linker(engine: module.engine)
        try linker.defineWASI()
        let instance = try linker.instantiate(module, in: store)
        var status: Int32?
        do {
            try instance.function("_start", Void.self)()
        } catch let exit as WASIExit {
            status = exit.status
        }
        return Outcome(stdout: stdout.bytes, stderr: stderr.bytes, exitStatus: status)
    }

    /// A fresh directory, removed by the caller.
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: Without the C toolchain

    /// A hand-written WASI command, so standard output capture is covered even
    /// where the C toolchain is missing.
    private static let helloWAT = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hi from text\\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))   ;; iovec.base
            (i32.store (i32.const 4) (i32.const 13))   ;; iovec.length
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """

    @Test func textModuleOutputIsCaptured() throws {
        let module = try Module(engine: Programs.engine, wat: Self.helloWAT)
        let outcome = try run(module: module)
        #expect(outcome.stdoutText == "hi from text\n")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.exitStatus == nil)
    }

    @Test func handlerReceivesTheBytesWritten() throws {
        let module = try Module(engine: Programs.engine, wat: Self.helloWAT)
        let received = Mutex<[UInt8]>([])
        let outcome = try run(module: module) { wasi in
            wasi.standardOutput = .handler { chunk in received.withLock { $0.append(contentsOf: chunk) } }
        }
        #expect(received.withLock { $0 } == Array("hi from text\n".utf8))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func missingStandardInputFileIsAnError() throws {
        var wasi = WASIConfiguration()
        wasi.standardInput = .file("/nonexistent/input.txt")
        let store = Store(engine: Programs.engine)
        expectWasmtimeError(.io) { try store.setWASI(wasi) }
    }

    @Test func missingPreopenedDirectoryIsAnError() throws {
        var wasi = WASIConfiguration()
        wasi.preopenedDirectories = [.init(hostPath: "/nonexistent/directory", guestPath: "/data")]
        let store = Store(engine: Programs.engine)
        expectWasmtimeError(.io) { try store.setWASI(wasi) }
    }

    @Test func outputBufferCanBeReset() {
        let buffer = WASIOutputBuffer()
        #expect(buffer.bytes.isEmpty)
        #expect(buffer.string == "")
        buffer.removeAll()
        #expect(buffer.bytes.isEmpty)
    }

    // MARK: Standard streams

    @Test(.enabled(if: Programs.available, Programs.missing))
    func standardOutputAndErrorAreCapturedSeparately() throws {
        let outcome = try run("hello")
        #expect(outcome.stdoutText == "Hello, WASI!\n")
        #expect(outcome.stderrText == "a note on stderr\n")
        #expect(outcome.exitStatus == nil)
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func outputGoesToFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.txt")
        let err = directory.appendingPathComponent("err.txt")
        // Existing contents are replaced, not appended to.
        try Data("old contents that must disappear\n".utf8).write(to: out)
        let outcome = try run("hello") { wasi in
            wasi.standardOutput = .file(out.path)
            wasi.standardError = .file(err.path)
        }
        #expect(outcome.stdout.isEmpty && outcome.stderr.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == "Hello, WASI!\n")
        #expect(try String(contentsOf: err, encoding: .utf8) == "a note on stderr\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func discardedOutputReachesNoSink() throws {
        let outcome = try run("hello") { wasi in
            wasi.standardOutput = .discard
        }
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderrText == "a note on stderr\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func standardErrorGoesToAHandler() throws {
        let chunks = Mutex<[[UInt8]]>([])
        let outcome = try run("hello") { wasi in
            wasi.standardError = .handler { chunk in chunks.withLock { $0.append(Array(chunk)) } }
        }
        #expect(outcome.stdoutText == "Hello, WASI!\n")
        #expect(chunks.withLock { $0.joined() }.elementsEqual("a note on stderr\n".utf8))
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func standardInputFromBytes() throws {
        // Every byte value, NUL and invalid UTF-8 included, three times over.
        let input = (0..<768).map { UInt8($0 % 256) }
        let outcome = try run("cat") { $0.standardInput = .bytes(input) }
        #expect(outcome.stdout == input)
        #expect(outcome.stderrText == "768 bytes\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func standardInputFromAFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("input.bin")
        // Larger than the program's 4 KiB buffer, so it takes several reads.
        let input = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(input).write(to: file)
        let outcome = try run("cat") { $0.standardInput = .file(file.path) }
        #expect(outcome.stdout == input)
        #expect(outcome.stderrText == "10000 bytes\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func standardInputIsEmptyByDefault() throws {
        let outcome = try run("cat")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderrText == "0 bytes\n")
    }

    // MARK: Arguments and environment

    /// What echo.c prints for these arguments and variables.
    private func echoOutput(_ arguments: [String], _ environment: [String]) -> String {
        var text = "argc=\(arguments.count)\n"
        for (index, argument) in arguments.enumerated() { text += "argv[\(index)]=\(argument)\n" }
        for entry in environment { text += "env: \(entry)\n" }
        return text + "envc=\(environment.count)\n"
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func argumentsAndEnvironmentAreSet() throws {
        let arguments = ["echo", "one", "two words", "ünïcödé", ""]
        let outcome = try run("echo") { wasi in
            wasi.arguments = arguments
            wasi.environment = [("GREETING", "hello"), ("EQUATION", "a=b"), ("EMPTY", "")]
        }
        #expect(outcome.stdoutText == echoOutput(arguments, ["GREETING=hello", "EQUATION=a=b", "EMPTY="]))
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func argumentsAndEnvironmentAreInherited() throws {
        let outcome = try run("echo") { wasi in
            wasi.arguments = ["ignored"]
            wasi.inheritsArguments = true
            wasi.environment = [("IGNORED", "1")]
            wasi.inheritsEnvironment = true
        }
        var hostEnvironment: [String] = []
        #if canImport(Darwin)
        var entry = _NSGetEnviron().pointee!  // Darwin exports no `environ` to Swift
        #else
        var entry = environ
        #endif
        while let pointer = entry.pointee {
            hostEnvironment.append(String(cString: pointer))
            entry += 1
        }
        #expect(!hostEnvironment.isEmpty)
        #expect(outcome.stdoutText == echoOutput(CommandLine.arguments, hostEnvironment))
    }

    // MARK: Nothing granted by default

    @Test(.enabled(if: Programs.available, Programs.missing))
    func nothingIsGrantedByDefault() throws {
        // The host certainly has environment variables; the guest sees none.
        #expect(ProcessInfo.processInfo.environment["PATH"] != nil)
        let echo = try run("echo")
        #expect(echo.stdoutText == "argc=0\nenvc=0\n")

        // No preopened directory: no path of any kind opens.
        let probe = try run("escape") { $0.arguments = ["escape", "/"] }
        let lines = probe.stdoutText.split(separator: "\n")
        #expect(lines.count == 10)
        for line in lines {
            #expect(line.contains(": refused ("), "\(line)")
        }
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func defaultConfigurationRunsWithOutputDiscarded() throws {
        let store = Store(engine: Programs.engine)
        try store.setWASI(WASIConfiguration())
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let instance = try linker.instantiate(try Programs.module("hello"), in: store)
        // hello writes to both streams and returns from main: no exit status, no error.
        #expect(throws: Never.self) { try instance.function("_start", Void.self)() }
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func networkSwitchesAreAccepted() throws {
        let outcome = try run("hello") { wasi in
            wasi.inheritsNetwork = true
            wasi.allowsNameLookup = true
        }
        #expect(outcome.stdoutText == "Hello, WASI!\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func aLaterConfigurationReplacesAnEarlierOne() throws {
        let first = WASIOutputBuffer()
        let second = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.arguments = ["first"]
        wasi.standardOutput = .buffer(first)
        let store = Store(engine: Programs.engine)
        try store.setWASI(wasi)
        wasi.arguments = ["second", "run"]
        wasi.standardOutput = .buffer(second)
        try store.setWASI(wasi)
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        try linker.instantiate(try Programs.module("echo"), in: store).function("_start", Void.self)()
        #expect(first.bytes.isEmpty)
        #expect(second.string == echoOutput(["second", "run"], []))
    }

    // MARK: Files

    @Test(.enabled(if: Programs.available, Programs.missing))
    func writableDirectoryAllowsCopies() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let contents = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try contents.write(to: directory.appendingPathComponent("in.bin"))
        let outcome = try run("copy") { wasi in
            wasi.arguments = ["copy", "/data/in.bin", "/data/out.bin"]
            wasi.preopenedDirectories = [.init(hostPath: directory.path, guestPath: "/data", isWritable: true)]
        }
        #expect(outcome.stdoutText == "copied 5000 bytes\n")
        #expect(outcome.exitStatus == nil)
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.bin")) == contents)
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func readOnlyDirectoryRefusesWrites() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("read me\n".utf8).write(to: directory.appendingPathComponent("in.txt"))
        let outcome = try run("copy") { wasi in
            wasi.arguments = ["copy", "in.txt", "out.txt"]
            wasi.preopenedDirectories = [.init(hostPath: directory.path, guestPath: ".", isWritable: false)]
        }
        #expect(outcome.stdoutText.hasPrefix("cannot create out.txt: "))
        #expect(outcome.exitStatus == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.txt").path))

        // Reading the same directory works: copy to a second, writable one.
        let target = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: target) }
        let copied = try run("copy") { wasi in
            wasi.arguments = ["copy", "/in/in.txt", "/out/in.txt"]
            wasi.preopenedDirectories = [
                .init(hostPath: directory.path, guestPath: "/in"),
                .init(hostPath: target.path, guestPath: "/out", isWritable: true),
            ]
        }
        #expect(copied.stdoutText == "copied 8 bytes\n")
        #expect(try String(contentsOf: target.appendingPathComponent("in.txt"), encoding: .utf8) == "read me\n")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func escapesFromAPreopenAreRefused() throws {
        // outer/secret.txt must stay out of reach of a guest given outer/sandbox.
        let outer = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outer) }
        let sandbox = outer.appendingPathComponent("sandbox")
        try FileManager.default.createDirectory(
            at: sandbox.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: outer.appendingPathComponent("secret.txt"))
        try Data("inside\n".utf8).write(to: sandbox.appendingPathComponent("inside.txt"))
        let files = FileManager.default
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("link-to-parent").path, withDestinationPath: "..")
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("link-to-secret").path,
            withDestinationPath: "../secret.txt")
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("absolute-link").path,
            withDestinationPath: outer.appendingPathComponent("secret.txt").path)

        let outcome = try run("escape") { wasi in
            wasi.arguments = ["escape", "/sandbox"]
            wasi.preopenedDirectories = [.init(hostPath: sandbox.path, guestPath: "/sandbox", isWritable: true)]
        }
        #expect(
            outcome.stdoutText == """
                read /sandbox/inside.txt: ok "inside"
                read /sandbox/../secret.txt: refused (Operation not permitted)
                read /sandbox/sub/../../secret.txt: refused (Operation not permitted)
                read ../secret.txt: refused (Capabilities insufficient)
                read /etc/passwd: refused (Capabilities insufficient)
                read /sandbox/link-to-parent/secret.txt: refused (Operation not permitted)
                read /sandbox/link-to-secret: refused (Operation not permitted)
                read /sandbox/absolute-link: refused (Operation not permitted)
                create /sandbox/../escaped.txt: refused (Operation not permitted)
                create /sandbox/link-to-parent/escaped.txt: refused (Operation not permitted)

                """)
        // Nothing was created outside, whatever the guest was told.
        #expect(!files.fileExists(atPath: outer.appendingPathComponent("escaped.txt").path))
        #expect(try files.contentsOfDirectory(atPath: outer.path).sorted() == ["sandbox", "secret.txt"])
    }

    // MARK: How programs end

    @Test(
        .enabled(if: Programs.available, Programs.missing),
        arguments: [0, 1, 42, 125] as [Int32])
    func procExitThrowsItsStatus(status: Int32) throws {
        let outcome = try run("exit") { $0.arguments = ["exit", "\(status)"] }
        // The output written before exiting is all there.
        #expect(outcome.stdoutText == "exiting with \(status)\n")
        #expect(outcome.exitStatus == status)
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func procExitIsADistinctError() throws {
        let store = Store(engine: Programs.engine)
        try store.setWASI(WASIConfiguration())
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let start = try linker.instantiate(try Programs.module("exit"), in: store).function("_start")
        // Without arguments the program exits with 0: success, yet still thrown.
        let exit = #expect(throws: WASIExit.self) { _ = try start.call() }
        #expect(exit == WASIExit(status: 0))
        #expect(exit?.isSuccess == true)
        #expect(WASIExit(status: 3).isSuccess == false)
        #expect(exit?.description == "exit with status 0")
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func trapsKeepTheirFrames() throws {
        let stdout = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.standardOutput = .buffer(stdout)
        let store = Store(engine: Programs.engine)
        try store.setWASI(wasi)
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let instance = try linker.instantiate(try Programs.module("trap"), in: store)
        let trap = #expect(throws: Trap.self) { try instance.function("_start", Void.self)() }
        #expect(trap?.code == .unreachable)
        // Innermost first, named from the name section clang emits.
        let names = trap?.frames.compactMap(\.functionName) ?? []
        #expect(Array(names.prefix(3)) == ["explode", "descend", "main"])
        #expect(names.last?.hasPrefix("_start") == true)
        #expect(stdout.string == "about to trap\n")
    }

    // MARK: Commands and reactors

    @Test(.enabled(if: Programs.available, Programs.missing))
    func computeKernelMatchesSwift() throws {
        let limit = 100_000
        var composite = [Bool](repeating: false, count: limit + 1)
        var primes = 0
        for i in 2...limit where !composite[i] {
            primes += 1
            for j in stride(from: i * i, through: limit, by: i) { composite[j] = true }
        }
        var (a, b): (UInt64, UInt64) = (0, 1)
        for _ in 0..<90 { (a, b) = (b, a &+ b) }

        let outcome = try run("compute") { $0.arguments = ["compute", "\(limit)"] }
        #expect(outcome.stdoutText == "primes up to \(limit): \(primes)\nfib(90) = \(a)\n")

        // The same kernel called directly, as a command module's other exports.
        let store = Store(engine: Programs.engine)
        try store.setWASI(WASIConfiguration())
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let instance = try linker.instantiate(try Programs.module("compute"), in: store)
        let countPrimes = try instance.function("count_primes", Int32.self, Int32.self)
        let fib = try instance.function("fib", Int32.self, Int64.self)
        let mix = try instance.function("mix", (Double, Float, Int64).self, Double.self)
        #expect(try countPrimes(Int32(limit)) == Int32(primes))
        #expect(try fib(90) == Int64(a))
        #expect(try mix(1.5, 4, -2) == 4)
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func reactorInitializesThenServesCalls() throws {
        let module = try Programs.module("reactor")
        let exportNames = Set(module.exports.map(\.name))
        #expect(exportNames.contains("_initialize"))
        #expect(!exportNames.contains("_start"))

        let stdout = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.standardOutput = .buffer(stdout)
        let store = Store(engine: Programs.engine)
        try store.setWASI(wasi)
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let instance = try linker.instantiate(module, in: store)
        let next = try instance.function("next", Void.self, Int32.self)
        try instance.function("_initialize", Void.self)()
        #expect(try next() == 101)
        #expect(try next() == 102)
        let greet = try instance.function("greet", Int32.self)
        try greet(2)
        #expect(stdout.string == "greeting 1 from a reactor\ngreeting 2 from a reactor\n")
        #expect(try next() == 103)
    }

    @Test(.enabled(if: Programs.available, Programs.missing))
    func storeWithoutConfigurationGrantsNothing() throws {
        // No setWASI: instantiation supplies the grant-nothing configuration.
        let store = Store(engine: Programs.engine)
        let linker = Linker(engine: Programs.engine)
        try linker.defineWASI()
        let echo = try linker.instantiate(try Programs.module("echo"), in: store)
        try echo.function("_start", Void.self)()
        let exit = try linker.instantiate(try Programs.module("exit"), in: Store(engine: Programs.engine))
        #expect(throws: WASIExit(status: 0)) { try exit.function("_start", Void.self)() }
    }
}
