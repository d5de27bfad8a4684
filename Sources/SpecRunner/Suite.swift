import Foundation

/// Where the testsuite and its converted form are, and what to run.
public struct SuiteOptions: Sendable {
    /// The testsuite's root (the `.wast` files).
    public var testsuite: URL
    /// The conversion cache: `NAME.json` plus a folder `NAME.modules/` of
    /// module files for each `NAME.wast`, mirroring the testsuite's layout
    /// (the suffix keeps `custom.wast`'s modules apart from the `custom/` folder).
    public var converted: URL
    /// Scripts run in parallel.
    public var jobs: Int
    /// Run only scripts whose relative path contains one of these.
    public var filters: [String]

    public init(testsuite: URL, converted: URL, jobs: Int = 2, filters: [String] = []) {
        self.testsuite = testsuite
        self.converted = converted
        self.jobs = max(1, jobs)
        self.filters = filters
    }
}

/// The outcome of one script.
public struct FileReport: Sendable {
    /// Path relative to the testsuite, for example `simd/simd_lane.wast` or `i32.wast`.
    public var path: String
    public var result: ScriptResult
    /// Why the whole script was skipped, if it was.
    public var skipReason: String?

    /// `FAIL` when any command failed, `SKIP` for a file skipped whole, else `PASS`.
    public var status: String {
        if result.failed > 0 { return "FAIL" }
        if skipReason != nil { return "SKIP" }
        return "PASS"
    }

    /// `PASS i32.wast (460 passed)` and the like.
    public var summaryLine: String {
        var counts = ["\(result.passed) passed"]
        if result.failed > 0 { counts.append("\(result.failed) failed") }
        if result.skipped > 0 { counts.append("\(result.skipped) skipped") }
        return "\(status) \(path) (\(counts.joined(separator: ", ")))"
    }
}

/// Totals of a run.
public struct SuiteSummary: Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    /// Every file's report, in run order.
    public var files: [FileReport] = []

    /// The closing line: `spec: N passed, M failed, K skipped`.
    public var closingLine: String { "spec: \(passed) passed, \(failed) failed, \(skipped) skipped" }
}

/// Runs scripts of the testsuite.
public enum Suite {
    /// The `.wast` files under `testsuite`, relative paths, top-level files
    /// first, each group sorted.
    public static func discover(_ testsuite: URL) throws -> [String] {
        let root = testsuite.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw ScriptError("cannot read \(root)")
        }
        var paths: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".wast") {
            paths.append(path)
        }
        return paths.sorted { lhs, rhs in
            let (l, r) = (lhs.contains("/"), rhs.contains("/"))
            return l == r ? lhs < rhs : !l
        }
    }

    /// Runs one script of the testsuite.
    public static func runFile(_ path: String, options: SuiteOptions, environment: SpecEnvironment) -> FileReport {
        let base = String(path.dropLast(".wast".count))
        let json = options.converted.appendingPathComponent(base + ".json")
        let modules = options.converted.appendingPathComponent(base + ".modules")
        if let reason = SkipPolicy.fileReason(path) {
            var result = ScriptResult()
            let count =
                (try? Script(contentsOf: json, moduleDirectory: modules).commands.count)
                ?? (try? WastCounter.commandCount(of: options.testsuite.appendingPathComponent(path))) ?? 0
            result.skipped = count
            result.skips = [Skip(line: nil, reason: reason)]
            return FileReport(path: path, result: result, skipReason: reason)
        }
        do {
            let script: Script
            do {
                script = try Script(contentsOf: json, moduleDirectory: modules)
            } catch {
                let log = options.converted.appendingPathComponent(base + ".err")
                let why = (try? String(contentsOf: log, encoding: .utf8)).map { "conversion failed: \($0)" }
                throw ScriptError(why ?? "cannot read \(json.path): \(error)")
            }
            let runner = try ScriptRunner(environment: environment, script: script, fileName: path)
            return FileReport(path: path, result: runner.run { SkipPolicy.commandReason(path, $0) }, skipReason: nil)
        } catch {
            var result = ScriptResult()
            result.failed = 1
            result.failures = [
                Failure(
                    file: path, line: 0, command: "load script", expected: "a runnable script",
                    got: "\(error)")
            ]
            return FileReport(path: path, result: result, skipReason: nil)
        }
    }

    /// Runs the selected scripts, `options.jobs` at a time, calling
    /// `report` with each file's summary line in order as results arrive.
    public static func run(
        _ options: SuiteOptions, environment: SpecEnvironment,
        report: (FileReport) -> Void
    ) throws -> SuiteSummary {
        let paths = try discover(options.testsuite).filter { path in
            options.filters.isEmpty || options.filters.contains { path.contains($0) }
        }
        let board = ResultBoard(count: paths.count)
        let workers = min(options.jobs, max(paths.count, 1))
        for _ in 0..<workers {
            // Wasm runs on these threads: Wasmtime's stack limit (512 KiB by
            // default) and the host frames of deep recursion need room.
            let thread = Thread {
                while let index = board.claim() {
                    board.finish(index, runFile(paths[index], options: options, environment: environment))
                }
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        var summary = SuiteSummary()
        for index in paths.indices {
            let file = board.wait(for: index)
            summary.passed += file.result.passed
            summary.failed += file.result.failed
            summary.skipped += file.result.skipped
            summary.files.append(file)
            report(file)
        }
        return summary
    }
}

/// Hands out work to the worker threads and collects their reports.
private final class ResultBoard: @unchecked Sendable {
    // @unchecked: every field is guarded by `condition`.
    private let condition = NSCondition()
    private var next = 0
    private var results: [FileReport?]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ report: FileReport) {
        condition.lock()
        results[index] = report
        condition.broadcast()
        condition.unlock()
    }

    func wait(for index: Int) -> FileReport {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        return results[index]!
    }
}

/// Counts the commands of a `.wast` file that could not be converted
/// (top-level forms), so skipped files still count what they skip.
enum WastCounter {
    static func commandCount(of url: URL) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: url))
        var count = 0
        var depth = 0
        var index = 0
        func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";"), peek(1) == UInt8(ascii: ";") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "("), peek(1) == UInt8(ascii: ";") {
                var nesting = 0
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "("), peek(1) == UInt8(ascii: ";") {
                        nesting += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: ";"), peek(1) == UInt8(ascii: ")") {
                        nesting -= 1
                        index += 2
                        if nesting == 0 { break }
                    } else {
                        index += 1
                    }
                }
                continue
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
            } else if byte == UInt8(ascii: "(") {
                if depth == 0 { count += 1 }
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
            }
            index += 1
        }
        return count
    }
}
