import Foundation
import Testing
import Wasmtime

@testable import SpecRunner

@Suite("Spec suite driver")
struct SuiteTests {
    /// A testsuite folder and a conversion folder, both temporary.
    struct Layout {
        let testsuite: URL
        let converted: URL

        init() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("spec-suite-\(UUID().uuidString)")
            testsuite = root.appendingPathComponent("testsuite")
            converted = root.appendingPathComponent("converted")
            for folder in [testsuite, converted, testsuite.appendingPathComponent("legacy")] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
        }

        func write(_ text: String, to path: String, in base: URL) throws {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        /// A converted script `name.json` with one module computing 6 * 7, and an assert expecting `answer`.
        func addScript(_ name: String, answer: Int32) throws {
            try write("(module)", to: name + ".wast", in: testsuite)
            let folder = converted.appendingPathComponent(name + ".modules")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let wasm = try wat2wasm("(module (func (export \"f\") (result i32) (i32.mul (i32.const 6) (i32.const 7))))")
            try Data(wasm).write(to: folder.appendingPathComponent("m.wasm"))
            let commands: [[String: Any]] = [
                ["type": "module", "line": 1, "filename": "m.wasm", "module_type": "binary"],
                ["type": "assert_return", "line": 2, "action": J.invoke("f"), "expected": [J.i32(answer)]],
            ]
            let data = try JSONSerialization.data(withJSONObject: ["commands": commands])
            try data.write(to: converted.appendingPathComponent(name + ".json"))
        }

        func remove() {
            try? FileManager.default.removeItem(at: testsuite.deletingLastPathComponent())
        }
    }

    @Test func countsPassesFailuresAndSkipsAcrossFiles() throws {
        let layout = try Layout()
        defer { layout.remove() }
        try layout.addScript("good", answer: 42)
        try layout.addScript("sub/bad", answer: 41)
        // Not convertible, skipped by policy: counted from its top-level forms.
        try layout.write(
            """
            ;; a comment with (parentheses)
            (module (func (export "f") (try (do) (catch_all))))  (; block (comment) ;)
            (assert_return (invoke "f" ")(") (i32.const 1))
            (assert_trap (invoke "g") "unreachable")
            """, to: "legacy/old.wast", in: layout.testsuite)

        var lines: [String] = []
        let summary = try Suite.run(
            SuiteOptions(testsuite: layout.testsuite, converted: layout.converted, jobs: 2),
            environment: SpecEnvironment()
        ) { lines.append($0.summaryLine) }
        #expect(
            lines == [
                "PASS good.wast (2 passed)",
                "SKIP legacy/old.wast (0 passed, 3 skipped)",
                "FAIL sub/bad.wast (1 passed, 1 failed)",
            ])
        #expect(summary.closingLine == "spec: 3 passed, 1 failed, 3 skipped")
        let report = SpecCommandLine.report(summary)
        #expect(report.contains("sub/bad.wast:2: assert_return invoke \"f\"()"))
        #expect(report.contains("expected: [i32:41]"))
        #expect(report.contains("got:      [i32:42]"))
        #expect(report.contains("legacy/old.wast (3 commands)"))
    }

    @Test func aFailedConversionIsAFailureUnlessSkipped() throws {
        let layout = try Layout()
        defer { layout.remove() }
        try layout.write("(module", to: "broken.wast", in: layout.testsuite)
        try layout.write("error: expected `)`", to: "broken.err", in: layout.converted)
        let report = Suite.runFile(
            "broken.wast", options: SuiteOptions(testsuite: layout.testsuite, converted: layout.converted),
            environment: try SpecEnvironment())
        #expect(report.status == "FAIL")
        #expect(report.result.failures.first?.got.contains("expected `)`") == true)
    }

    @Test func exitStatusFollowsFailures() throws {
        let layout = try Layout()
        defer { layout.remove() }
        try layout.addScript("good", answer: 42)
        try layout.addScript("bad", answer: 0)
        let base = ["--testsuite", layout.testsuite.path, "--converted", layout.converted.path, "--jobs", "1"]
        #expect(SpecCommandLine.main(arguments: base + ["good"]) == 0)
        #expect(SpecCommandLine.main(arguments: base + ["bad"]) == 1)
        #expect(SpecCommandLine.main(arguments: base + ["no-such-file"]) == 2)
        #expect(SpecCommandLine.main(arguments: ["--jobs", "0"]) == 2)
    }

    @Test func countsTopLevelFormsOnly() throws {
        let layout = try Layout()
        defer { layout.remove() }
        try layout.write(
            """
            (module $m (func))
            ;; (not a command)
            (; nested (; block ;) comment (module) ;)
            (register "m" $m)
            (assert_malformed (module quote "(func \\" ) (") "unexpected token")
            """, to: "count.wast", in: layout.testsuite)
        #expect(try WastCounter.commandCount(of: layout.testsuite.appendingPathComponent("count.wast")) == 3)
    }

    @Test func skipPolicyNamesItsReasons() {
        #expect(SkipPolicy.fileReason("legacy/throw.wast")?.contains("legacy exception handling") == true)
        #expect(
            SkipPolicy.fileReason("proposals/custom-descriptors/exact.wast")?.contains("custom descriptors") == true)
        #expect(SkipPolicy.fileReason("proposals/threads/atomic.wast") == nil)
        #expect(SkipPolicy.fileReason("i32.wast") == nil)
        let line = Command(
            type: "assert_invalid", line: 14, kind: .assertInvalid(ModuleFile(name: "x", isText: false), message: ""))
        #expect(SkipPolicy.commandReason("proposals/threads/memory.wast", line)?.contains("multi-memory") == true)
        #expect(SkipPolicy.commandReason("memory.wast", line) == nil)
    }

    @Test func nanPatternsMatchOnlyTheirClass() {
        // f32: canonical is exactly ±0x7fc00000; arithmetic needs the quiet bit.
        #expect(FloatPattern.canonicalNaN.matches(0x7fc0_0000, width: 32))
        #expect(FloatPattern.canonicalNaN.matches(0xffc0_0000, width: 32))
        #expect(!FloatPattern.canonicalNaN.matches(0x7fc0_0001, width: 32))
        #expect(FloatPattern.arithmeticNaN.matches(0x7fc0_0001, width: 32))
        #expect(!FloatPattern.arithmeticNaN.matches(0x7fa0_0000, width: 32))
        #expect(!FloatPattern.arithmeticNaN.matches(0x7f80_0000, width: 32))
        #expect(FloatPattern.canonicalNaN.matches(0xfff8_0000_0000_0000, width: 64))
        #expect(!FloatPattern.canonicalNaN.matches(0x7ff8_0000_0000_0001, width: 64))
        #expect(FloatPattern.arithmeticNaN.matches(0x7ff8_0000_0000_0001, width: 64))
        #expect(!FloatPattern.arithmeticNaN.matches(0x7ff4_0000_0000_0000, width: 64))
    }

    @Test func byteOrderMarksInNamesSurviveParsing() throws {
        let raw = Data(
            #"{"commands":[{"type":"action","line":1,"action":{"type":"invoke","field":"\#u{FEFF}","args":[]}}]}"#.utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).json")
        try raw.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let script = try Script(contentsOf: url, moduleDirectory: url.deletingLastPathComponent())
        guard case .action(let action) = script.commands.first?.kind else {
            Issue.record("no action decoded")
            return
        }
        #expect(Array(action.field.unicodeScalars) == ["\u{FEFF}"])
    }
}
