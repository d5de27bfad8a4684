import Foundation
import Synchronization
import Testing

/// Runs the `wasmtime-swift` executable built next to the test bundle.
enum CLI {
    /// The executable: `$WASMTIME_SWIFT_BINARY`, else the one in the build
    /// products directory that holds this test bundle (`swift build` builds it).
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["WASMTIME_SWIFT_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = bundle.deletingLastPathComponent()
        // On macOS the runner sits inside Contents/MacOS of the .xctest bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("wasmtime-swift").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("wasmtime-swift")
    }()

    /// A cache directory shared by the tests of one process, so they do not
    /// write to the user's own cache.
    static let sharedCache = Scratch.root.appendingPathComponent("cache")

    /// What a run of the tool did.
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// Wall-clock time of the run, in seconds.
        var seconds: Double

        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// Standard error's lines, without the final newline.
        var stderrLines: [Substring] { stderrText.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// Runs the tool with `arguments`, feeding it `input` on standard input.
    /// `environment` entries are added to (or with `nil`, removed from) the
    /// test process's environment.
    static func run(
        _ arguments: [String], input: [UInt8] = [], environment: [String: String?] = [:],
        directory: URL? = nil
    ) throws -> Result {
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "\(executable.path) is missing: build it first (`swift build`, or `make test`)")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["WASMTIME_SWIFT_CACHE_DIR"] = sharedCache.path
        for (name, value) in environment { variables[name] = value }
        process.environment = variables
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr

        let start = Date()
        try process.run()
        // Read both pipes while the tool runs, so neither can fill up and block it.
        let output = Mutex<[UInt8]>([])
        let errors = Mutex<[UInt8]>([])
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) {
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            output.withLock { $0 = [UInt8](data) }
        }
        DispatchQueue.global().async(group: readers) {
            let data = stderr.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = [UInt8](data) }
        }
        if !input.isEmpty {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
        }
        try? stdin.fileHandleForWriting.close()
        readers.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: output.withLock { $0 },
            stderr: errors.withLock { $0 }, seconds: Date().timeIntervalSince(start))
    }
}

/// Temporary files for the tests of one process.
enum Scratch {
    /// Removed when the test process exits.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wasmtime-swift-cli-tests-\(getpid())")
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()

    /// A fresh directory.
    static func directory() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new file named `name` and returns its path.
    static func file(_ name: String, _ text: String) throws -> String {
        try file(name, Array(text.utf8))
    }

    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = try directory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// The C programs in Tests/Programs, compiled to wasm32-wasi with Debian's
/// clang-16 the first time a test asks for one.
enum Programs {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Programs")

    static let clang: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/clang-16" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the toolchain really builds WASI programs (clang alone is not
    /// enough: wasi-libc and the wasm32 runtime library must be there too).
    static let available: Bool = (try? path("hello")) != nil

    private static let built = Mutex<[String: String]>([:])

    /// The path of the compiled program `name` (`Tests/Programs/NAME.c`).
    static func path(_ name: String) throws -> String {
        try built.withLock { built in
            if let path = built[name] { return path }
            let path = try compile(name)
            built[name] = path
            return path
        }
    }

    private static func compile(_ name: String) throws -> String {
        guard let clang else { throw ToolchainMissing(message: "clang-16 is not installed") }
        let output = Scratch.root.appendingPathComponent("programs")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let wasm = output.appendingPathComponent("\(name).wasm")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clang)
        process.arguments = [
            "--target=wasm32-wasi", "-O2", sources.appendingPathComponent("\(name).c").path,
            "-o", wasm.path,
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolchainMissing(
                message: "clang-16 failed on \(name).c: \(String(decoding: diagnostics, as: UTF8.self))")
        }
        return wasm.path
    }

    struct ToolchainMissing: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Checks the tool failed the way bad input should: exactly one line on
/// standard error, starting `error: `, no Swift or Rust crash report, status 1.
func expectOneLineError(
    _ result: CLI.Result, containing fragment: String, status: Int32 = 1,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == status, "\(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrLines.count == 1, "\(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.hasPrefix("error: "), "\(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.contains(fragment), "\(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
}
