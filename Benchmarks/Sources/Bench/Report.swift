#if canImport(Glibc)
import Glibc
#endif

/// Formatting of the table, the JSON report and the closing lines.
enum Report {
    static func duration(_ nanoseconds: Double) -> String {
        switch nanoseconds {
        case ..<1_000: return fixed(nanoseconds, nanoseconds < 10 ? 2 : 1) + " ns"
        case ..<1_000_000: return fixed(nanoseconds / 1_000, 2) + " µs"
        case ..<1_000_000_000: return fixed(nanoseconds / 1_000_000, 2) + " ms"
        default: return fixed(nanoseconds / 1_000_000_000, 2) + " s"
        }
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded) - whole * Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return (value < 0 && rounded != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fraction : "")
    }

    static func allocations(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value == value.rounded() { return String(Int(value)) }
        return value < 1 ? fixed(value, 4) : fixed(value, 1)
    }

    static func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
        let count = text.count
        guard count < width else { return text }
        let padding = String(repeating: " ", count: width - count)
        return right ? padding + text : text + padding
    }

    static func printHeader() {
        print(
            padded("case", 30) + padded("contestant", 21) + padded("median", 12, right: true)
                + padded("min", 12, right: true) + padded("med/c", 8, right: true) + padded("min/c", 8, right: true)
                + padded("allocs/op", 11, right: true) + padded("GiB/s", 9, right: true))
        print(String(repeating: "-", count: 105))
    }

    static func printRows(of result: CaseResult) {
        for (index, measurement) in result.measurements.enumerated() {
            var throughput = ""
            if let bytes = result.bytesPerOperation {
                throughput = fixed(Double(bytes) / measurement.median * 1e9 / Double(1 << 30), 2)
            }
            print(
                padded(index == 0 ? result.id : "", 30) + padded(measurement.contestant, 21)
                    + padded(duration(measurement.median), 12, right: true)
                    + padded(duration(measurement.minimum), 12, right: true)
                    + padded(measurement.ratioToFloor.map { fixed($0, 2) } ?? "-", 8, right: true)
                    + padded(measurement.minimumRatioToFloor.map { fixed($0, 2) } ?? "-", 8, right: true)
                    + padded(allocations(measurement.allocationsPerOperation), 11, right: true)
                    + padded(throughput, 9, right: true))
        }
        fflush(nil)
    }

    // MARK: JSON

    static func json(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func json(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return fixed(value, 4)
    }

    static func document(
        machine: [(String, String)], rounds: Int, batchMilliseconds: Double,
        results: [CaseResult], ratios: [(String, Double)], allocations: [(String, Double)],
        targets: [Target]
    ) -> String {
        var out = "{\n  \"machine\": {"
        out += machine.map { "\n    \(json($0.0)): \(json($0.1))" }.joined(separator: ",")
        out +=
            "\n  },\n  \"rounds\": \(rounds),\n  \"batch_ms\": \(json(batchMilliseconds)),\n  \"unit\": \"ns per operation\",\n  \"cases\": ["
        out += results.map { result in
            var text = "\n    {\"id\": \(json(result.id)), \"floor\": \(json(result.floor))"
            if let bytes = result.bytesPerOperation { text += ", \"bytes_per_op\": \(bytes)" }
            text += ", \"contestants\": ["
            text += result.measurements.map { m in
                "\n      {\"name\": \(json(m.contestant)), \"median_ns\": \(json(m.median)), \"min_ns\": \(json(m.minimum)), "
                    + "\"ratio_to_floor\": \(json(m.ratioToFloor)), \"min_ratio_to_floor\": \(json(m.minimumRatioToFloor)), \"allocs_per_op\": \(json(m.allocationsPerOperation)), "
                    + "\"batch\": \(m.batch), \"samples_ns\": [\(m.samples.map { json($0) }.joined(separator: ", "))]}"
            }.joined(separator: ",")
            return text + "\n    ]}"
        }.joined(separator: ",")
        out += "\n  ],\n  \"ratios\": {"
        out += ratios.map { "\n    \(json($0.0)): \(json($0.1))" }.joined(separator: ",")
        out += "\n  },\n  \"allocations\": {"
        out += allocations.map { "\n    \(json($0.0)): \(json($0.1))" }.joined(separator: ",")
        out += "\n  },\n  \"targets\": ["
        out += targets.map {
            "\n    {\"name\": \(json($0.name)), \"value\": \(json($0.value)), \"goal\": \(json($0.goal)), \"met\": \($0.met)}"
        }.joined(separator: ",")
        return out + "\n  ]\n}\n"
    }

    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw CheckFailure("cannot write \(path)") }
        defer { fclose(file) }
        fputs(text, file)
    }
}

/// A goal of issue 5, checked against this run.
struct Target {
    let name: String
    let value: Double
    /// The bound; `atMost` says which side of it is good.
    let goal: Double
    let atMost: Bool

    var met: Bool { value.isFinite && (atMost ? value <= goal : value >= goal) }

    var line: String {
        "target \(name) \(Report.fixed(value, 3)) \(atMost ? "<=" : ">=") \(Report.fixed(goal, 2)): \(met ? "met" : "MISSED")"
    }
}

/// Machine facts for the report, read without Foundation.
enum Machine {
    static func firstLine(of path: String, prefix: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if line.hasPrefix(prefix) {
                let value = line.drop { $0 != ":" }.dropFirst()
                return String(value).trimmingWhitespace()
            }
        }
        return nil
    }

    static func describe() -> [(String, String)] {
        var name = utsname()
        uname(&name)
        func field<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var facts: [(String, String)] = [
            ("cpu", firstLine(of: "/proc/cpuinfo", prefix: "model name") ?? "unknown"),
            ("cores", String(sysconf(Int32(_SC_NPROCESSORS_ONLN)))),
            ("memory", firstLine(of: "/proc/meminfo", prefix: "MemTotal") ?? "unknown"),
            ("kernel", field(name.sysname) + " " + field(name.release) + " " + field(name.machine)),
        ]
        if let version = getenv("BENCH_WASMTIME_VERSION") { facts.append(("wasmtime", String(cString: version))) }
        if let version = getenv("BENCH_SWIFT_VERSION") { facts.append(("swift", String(cString: version))) }
        facts.append(("wasmkit", "0.4.2"))
        return facts
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
