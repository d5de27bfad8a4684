import Foundation

/// The `wasmtime-spec` command: parses arguments, runs the suite, prints the report.
public enum SpecCommandLine {
    static let usage = """
        usage: wasmtime-spec --converted DIR [--testsuite DIR] [--jobs N] [FILTER...]

          --converted DIR  output of `wasm-tools json-from-wast` for each file
                           (NAME.json and NAME.modules/ per NAME.wast, same layout as the testsuite)
          --testsuite DIR  the .wast files (default: $WASM_TESTSUITE, else ../shared/testsuite)
          --jobs N         scripts run in parallel (default: number of cores)
          FILTER           run only files whose path contains one of these
        """

    /// Runs the command with `arguments` (without the program name) and
    /// returns the exit status: 0 when nothing failed.
    public static func main(arguments: [String]) -> Int32 {
        var testsuite = ProcessInfo.processInfo.environment["WASM_TESTSUITE"] ?? "../shared/testsuite"
        var converted: String?
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        var filters: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--testsuite", "--converted", "--jobs":
                guard let value = iterator.next() else { return fail("\(argument) needs a value") }
                if argument == "--testsuite" { testsuite = value }
                if argument == "--converted" { converted = value }
                if argument == "--jobs" {
                    guard let n = Int(value), n > 0 else { return fail("--jobs needs a positive number") }
                    jobs = n
                }
            case "-h", "--help":
                emit(usage)
                return 0
            default:
                if argument.hasPrefix("-") { return fail("unknown option \(argument)") }
                filters.append(argument)
            }
        }
        guard let converted else { return fail("--converted is required") }
        let options = SuiteOptions(
            testsuite: URL(fileURLWithPath: testsuite),
            converted: URL(fileURLWithPath: converted), jobs: jobs, filters: filters)
        let environment: SpecEnvironment
        do {
            environment = try SpecEnvironment()
        } catch {
            return fail("cannot create the engine: \(error)")
        }
        let start = Date()
        let summary: SuiteSummary
        do {
            summary = try Suite.run(options, environment: environment) { file in
                emit(file.summaryLine)
            }
        } catch {
            return fail("\(error)")
        }
        if summary.files.isEmpty { return fail("no .wast file selected under \(testsuite)") }
        emit(report(summary))
        emit(String(format: "time: %.1f s with %d job(s)", Date().timeIntervalSince(start), jobs))
        emit(summary.closingLine)
        return summary.failed == 0 ? 0 : 1
    }

    /// The failure details and the list of skips, after the per-file lines.
    public static func report(_ summary: SuiteSummary) -> String {
        var lines: [String] = []
        let failures = summary.files.flatMap(\.result.failures)
        if !failures.isEmpty {
            lines.append("\nFailures (\(failures.count)):")
            lines += failures.map(\.description)
        }
        // Skips grouped by reason, each with its files and lines.
        var byReason: [String: [String]] = [:]
        var order: [String] = []
        for file in summary.files {
            var lines: [String: [Int]] = [:]
            for skip in file.result.skips {
                if byReason[skip.reason] == nil {
                    byReason[skip.reason] = []
                    order.append(skip.reason)
                }
                if let line = skip.line {
                    lines[skip.reason, default: []].append(line)
                } else {
                    byReason[skip.reason]!.append("\(file.path) (\(file.result.skipped) commands)")
                }
            }
            for (reason, numbers) in lines {
                byReason[reason]!.append("\(file.path) lines \(numbers.map(String.init).joined(separator: ","))")
            }
        }
        if !order.isEmpty {
            lines.append("\nSkipped:")
            for reason in order {
                lines.append("  \(reason):")
                lines += byReason[reason]!.map { "    \($0)" }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Writes a line to standard output unbuffered, so progress shows as files finish.
    private static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("wasmtime-spec: \(message)\n".utf8))
        return 2
    }
}
