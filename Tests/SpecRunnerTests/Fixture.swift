import Foundation
import SpecRunner
import Testing
import Wasmtime

/// A small converted script written at test time, in the layout
/// `wasm-tools json-from-wast` produces (`t.json` plus a `t.modules/` folder of
/// modules), with modules assembled by the library's own `wat2wasm`.
struct Fixture {
    let root: URL
    private var commands: [[String: Any]] = []
    private var moduleCount = 0
    /// Line numbers are handed out in order, so a test can name the command it expects to fail.
    private(set) var line = 0

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spec-selftest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("t.modules"), withIntermediateDirectories: true)
    }

    private mutating func nextLine() -> Int {
        line += 1
        return line
    }

    private mutating func writeModule(_ bytes: [UInt8], ext: String = "wasm") throws -> String {
        let name = "t.\(moduleCount).\(ext)"
        moduleCount += 1
        try Data(bytes).write(to: root.appendingPathComponent("t.modules").appendingPathComponent(name))
        return name
    }

    /// Adds a command; returns its line.
    @discardableResult
    mutating func add(_ type: String, _ fields: [String: Any] = [:]) -> Int {
        var command = fields
        command["type"] = type
        command["line"] = nextLine()
        commands.append(command)
        return line
    }

    /// `(module ...)`, compiled to binary.
    @discardableResult
    mutating func module(_ wat: String, name: String? = nil) throws -> Int {
        var fields: [String: Any] = ["filename": try writeModule(try wat2wasm(wat)), "module_type": "binary"]
        if let name { fields["name"] = name }
        return add("module", fields)
    }

    /// A command about a module file: binary from `wat`, or raw text.
    @discardableResult
    mutating func moduleAssertion(_ type: String, wat: String, asText: Bool = false, text: String = "") throws -> Int {
        let file = asText ? try writeModule(Array(wat.utf8), ext: "wat") : try writeModule(try wat2wasm(wat))
        return add(type, ["filename": file, "module_type": asText ? "text" : "binary", "text": text])
    }

    /// A command about a module given as raw bytes (for malformed binaries).
    @discardableResult
    mutating func moduleAssertion(_ type: String, bytes: [UInt8], text: String = "") throws -> Int {
        add(type, ["filename": try writeModule(bytes), "module_type": "binary", "text": text])
    }

    /// Runs the script as the suite would run `t.wast`.
    func run() throws -> ScriptResult {
        let data = try JSONSerialization.data(withJSONObject: ["source_filename": "t.wast", "commands": commands])
        try data.write(to: root.appendingPathComponent("t.json"))
        let options = SuiteOptions(testsuite: root, converted: root, jobs: 1)
        return Suite.runFile("t.wast", options: options, environment: try SpecEnvironment()).result
    }

    /// Lines of the failed commands.
    func failedLines(_ result: ScriptResult) -> [Int] {
        result.failures.map(\.line)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// JSON builders for values, in json-from-wast's notation.
enum J {
    static func i32(_ v: Int32) -> [String: Any] { ["type": "i32", "value": String(UInt32(bitPattern: v))] }
    static func i64(_ v: Int64) -> [String: Any] { ["type": "i64", "value": String(UInt64(bitPattern: v))] }
    static func f32(bits: UInt32) -> [String: Any] { ["type": "f32", "value": String(bits)] }
    static func f64(bits: UInt64) -> [String: Any] { ["type": "f64", "value": String(bits)] }
    static func f32(_ pattern: String) -> [String: Any] { ["type": "f32", "value": pattern] }
    static func f64(_ pattern: String) -> [String: Any] { ["type": "f64", "value": pattern] }
    static func v128(_ lane: String, _ lanes: [String]) -> [String: Any] {
        ["type": "v128", "lane_type": lane, "value": lanes]
    }
    static func ref(_ type: String, _ value: String? = nil) -> [String: Any] {
        var json: [String: Any] = ["type": type]
        if let value { json["value"] = value }
        return json
    }
    static func either(_ options: [[String: Any]]) -> [String: Any] { ["type": "either", "values": options] }

    static func invoke(_ field: String, _ args: [[String: Any]] = [], module: String? = nil) -> [String: Any] {
        var action: [String: Any] = ["type": "invoke", "field": field, "args": args]
        if let module { action["module"] = module }
        return action
    }

    static func get(_ field: String, module: String? = nil) -> [String: Any] {
        var action: [String: Any] = ["type": "get", "field": field]
        if let module { action["module"] = module }
        return action
    }
}

extension Fixture {
    @discardableResult
    mutating func assertReturn(_ action: [String: Any], _ expected: [[String: Any]]) -> Int {
        add("assert_return", ["action": action, "expected": expected])
    }

    @discardableResult
    mutating func assertTrap(_ action: [String: Any], _ text: String) -> Int {
        add("assert_trap", ["action": action, "text": text])
    }
}
