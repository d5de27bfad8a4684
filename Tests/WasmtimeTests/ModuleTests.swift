import Foundation
import Testing
import Wasmtime

/// `Module`: compiling from bytes, text and files, error reporting,
/// validation, serialization and the types of imports and exports.
@Suite struct ModuleTests {
    static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6d]
    static let version1: [UInt8] = [0x01, 0x00, 0x00, 0x00]

    static let squareWAT = """
        (module
          (func (export "square") (param i64) (result i64)
            (i64.mul (local.get 0) (local.get 0))))
        """

    /// Instantiates `module` in a fresh store and calls `square(n)`.
    static func square(_ module: Module, _ n: Int64) throws -> Int64? {
        let instance = try Instance(store: Store(engine: module.engine), module: module)
        return try instance.function("square").call(.i64(n)).first?.i64
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmtime-swift-module-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Expects `body` to throw a compilation error whose message contains every fragment.
    static func expectCompilationError<R>(
        mentioning fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> R
    ) {
        guard let error = expectWasmtimeError(.compilation, sourceLocation: sourceLocation, performing: body) else {
            return
        }
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                error.message.localizedCaseInsensitiveContains(fragment),
                "message: \(error.message)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - wat2wasm

    @Test func wat2wasmProducesABinaryModule() throws {
        let bytes = try wat2wasm(Self.squareWAT)
        #expect(Array(bytes.prefix(4)) == Self.magic)
        #expect(Array(bytes.dropFirst(4).prefix(4)) == Self.version1)
        #expect(bytes.count > 8)
        // The empty module is exactly the header.
        #expect(try wat2wasm("(module)") == Self.magic + Self.version1)
    }

    @Test func wat2wasmReportsLineAndColumn() {
        let text = "(module\n  (func (result i32)\n    (i32.const oops)))"
        Self.expectCompilationError(mentioning: ["3:16"]) { _ = try wat2wasm(text) }
    }

    // MARK: - Compiling

    @Test func fromBytes() throws {
        let engine = Engine()
        let module = try Module(engine: engine, bytes: try wat2wasm(Self.squareWAT))
        #expect(module.engine === engine)
        #expect(try Self.square(module, 12) == 144)
    }

    @Test func fromBytesOfAnyCollection() throws {
        let bytes = try wat2wasm(Self.squareWAT)
        // An ArraySlice and a lazily mapped collection work like an array.
        let slice = ([0xFF] + bytes)[1...]
        #expect(try Self.square(Module(engine: Engine(), bytes: slice), 5) == 25)
        let mapped = bytes.lazy.map { $0 }
        #expect(try Self.square(Module(engine: Engine(), bytes: mapped), 6) == 36)
    }

    @Test func fromWAT() throws {
        let module = try Module(engine: Engine(), wat: Self.squareWAT)
        #expect(try Self.square(module, -9) == 81)
    }

    @Test func fromFiles() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = Engine()

        let binary = directory.appendingPathComponent("square.wasm")
        try Data(try wat2wasm(Self.squareWAT)).write(to: binary)
        #expect(try Self.square(Module(engine: engine, contentsOf: binary.path), 7) == 49)

        let text = directory.appendingPathComponent("square.wat")
        try Self.squareWAT.write(to: text, atomically: true, encoding: .utf8)
        #expect(try Self.square(Module(engine: engine, contentsOf: text.path), 8) == 64)

        // A larger file than one read chunk still loads completely.
        let functions = (0..<3_000).map { "(func (export \"f\($0)\") (result i32) (i32.const \($0)))" }
        let big = directory.appendingPathComponent("big.wat")
        try "(module \(functions.joined(separator: "\n")))".write(to: big, atomically: true, encoding: .utf8)
        let bigModule = try Module(engine: engine, contentsOf: big.path)
        #expect(bigModule.exports.count == 3_000)
        #expect(bigModule.exports.last?.name == "f2999")
    }

    @Test func missingFileIsAnIOError() {
        let error = expectWasmtimeError(.io) {
            try Module(engine: Engine(), contentsOf: "/nonexistent/wasmtime-swift/missing.wasm")
        }
        #expect(error?.message.contains("missing.wasm") == true)
    }

    @Test func invalidTextFileReportsTheParserError() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.wat")
        try "(module\n  (func $f (result i32)\n    (i32.add (i32.const 1))))".write(
            to: file, atomically: true, encoding: .utf8)
        let error = expectWasmtimeError(.compilation) { try Module(engine: Engine(), contentsOf: file.path) }
        #expect(error?.message.contains("type mismatch") == true)
    }

    // MARK: - Invalid modules

    @Test func badMagic() {
        Self.expectCompilationError(mentioning: ["magic"]) {
            _ = try Module(engine: Engine(), bytes: [0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00])
        }
    }

    @Test func badVersion() {
        Self.expectCompilationError(mentioning: ["version"]) {
            _ = try Module(engine: Engine(), bytes: Self.magic + [0x02, 0x00, 0x00, 0x00])
        }
    }

    @Test func emptyBytes() {
        Self.expectCompilationError(mentioning: ["unexpected end"]) {
            _ = try Module(engine: Engine(), bytes: [UInt8]())
        }
    }

    @Test func truncatedModule() throws {
        let bytes = try wat2wasm(Self.squareWAT)
        Self.expectCompilationError(mentioning: ["unexpected end"]) {
            _ = try Module(engine: Engine(), bytes: bytes.dropLast(3))
        }
    }

    @Test func invalidWATWithLineInformation() {
        let text = """
            (module
              (func (export "f") (result i32)
                (i32.const 1)
                (i32.bogus)))
            """
        Self.expectCompilationError(mentioning: ["i32.bogus", "4:"]) {
            _ = try Module(engine: Engine(), wat: text)
        }
    }

    @Test func unbalancedParentheses() {
        Self.expectCompilationError(mentioning: ["1:"]) {
            _ = try Module(engine: Engine(), wat: "(module (func)")
        }
    }

    @Test func typeErrorInFunctionBody() {
        Self.expectCompilationError(mentioning: ["type mismatch"]) {
            _ = try Module(engine: Engine(), wat: "(module (func (result i32) (i64.const 1)))")
        }
    }

    @Test func unknownFunctionIndex() {
        Self.expectCompilationError(mentioning: ["unknown function"]) {
            // Binary with a call to function index 5, which does not exist.
            _ = try Module(
                engine: Engine(),
                bytes: Self.magic + Self.version1 + [
                    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type section: () -> ()
                    0x03, 0x02, 0x01, 0x00,  // function section: one function of type 0
                    0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x05, 0x0b,  // code: call 5; end
                ])
        }
    }

    // MARK: - Validation

    @Test func validateAcceptsValidModules() throws {
        let engine = Engine()
        let square = try wat2wasm(Self.squareWAT)
        #expect(throws: Never.self) { try Module.validate(engine: engine, bytes: square) }
        #expect(throws: Never.self) { try Module.validate(engine: engine, bytes: Self.magic + Self.version1) }
        // The same bytes with the magic number broken are refused, so validation really looked.
        let broken = [0x01] + square.dropFirst()
        expectWasmtimeError(.compilation) { try Module.validate(engine: engine, bytes: broken) }
    }

    @Test func validateRejectsInvalidModules() throws {
        let engine = Engine()
        Self.expectCompilationError(mentioning: ["type mismatch"]) {
            try Module.validate(engine: engine, bytes: try wat2wasm("(module (func (result i32) (f32.const 1)))"))
        }
        Self.expectCompilationError(mentioning: ["magic"]) {
            try Module.validate(engine: engine, bytes: [1, 2, 3, 4, 5, 6, 7, 8])
        }
        Self.expectCompilationError(mentioning: ["unexpected end"]) {
            try Module.validate(engine: engine, bytes: Self.magic)
        }
    }

    // MARK: - Serialization

    @Test func serializeDeserializeBytes() throws {
        let engine = Engine()
        let original = try Module(engine: engine, wat: Self.squareWAT)
        let serialized = try original.serialize()
        #expect(serialized.count > 8)
        // The serialized form is a native artifact (ELF), not a wasm binary.
        #expect(Array(serialized.prefix(4)) != Self.magic)
        let restored = try Module.deserialize(engine: engine, bytes: serialized)
        #expect(try Self.square(restored, 11) == 121)
        #expect(restored.exports == original.exports)
        // A clone of the engine accepts it as well.
        let cloned = try Module.deserialize(engine: engine.clone(), bytes: serialized)
        #expect(try Self.square(cloned, 3) == 9)
    }

    @Test func serializeDeserializeFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = Engine()
        let file = directory.appendingPathComponent("square.cwasm")
        try Data(try Module(engine: engine, wat: Self.squareWAT).serialize()).write(to: file)
        let restored = try Module.deserialize(engine: engine, file: file.path)
        #expect(try Self.square(restored, 20) == 400)
    }

    @Test func deserializeGarbageThrows() throws {
        let engine = Engine()
        expectWasmtimeError(.compilation) {
            try Module.deserialize(engine: engine, bytes: [UInt8](repeating: 0xAB, count: 256))
        }
        expectWasmtimeError(.compilation) { try Module.deserialize(engine: engine, bytes: [UInt8]()) }
        // A wasm binary is not a serialized module.
        let binary = try wat2wasm(Self.squareWAT)
        expectWasmtimeError(.compilation) { try Module.deserialize(engine: engine, bytes: binary) }
        // Neither is a truncated artifact.
        let serialized = try Module(engine: engine, wat: Self.squareWAT).serialize()
        expectWasmtimeError(.compilation) {
            try Module.deserialize(engine: engine, bytes: serialized.prefix(serialized.count / 2))
        }
    }

    @Test func deserializeGarbageFileThrows() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("garbage.cwasm")
        try Data(repeating: 0x5A, count: 4096).write(to: file)
        expectWasmtimeError(.compilation) { try Module.deserialize(engine: Engine(), file: file.path) }
    }

    @Test func deserializeMissingFileIsAnIOError() {
        let error = expectWasmtimeError(.io) {
            try Module.deserialize(engine: Engine(), file: "/nonexistent/wasmtime-swift/absent.cwasm")
        }
        #expect(error?.message.isEmpty == false)
    }

    @Test func deserializeIntoIncompatibleEngineThrows() throws {
        var config = Config()
        config.consumeFuel = true
        let fuelEngine = try Engine(config)
        let serialized = try Module(engine: fuelEngine, wat: Self.squareWAT).serialize()
        let error = expectWasmtimeError(.compilation) { try Module.deserialize(engine: Engine(), bytes: serialized) }
        #expect(error?.message.contains("fuel") == true)
        // The engine it was made for still accepts it.
        let restored = try Module.deserialize(engine: fuelEngine, bytes: serialized)
        let store = Store(engine: fuelEngine)
        try store.setFuel(10_000)
        let instance = try Instance(store: store, module: restored)
        #expect(try instance.function("square").call(.i64(4)).first?.i64 == 16)
    }

    // MARK: - Imports and exports

    @Test func functionTypes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "env" "log" (func (param i32 f64)))
                  (import "env" "pair" (func (result i64 f32)))
                  (func (export "all") (param i32 i64 f32 f64 v128 externref funcref) (result i32 i64)
                    (i32.const 0) (i64.const 0))
                  (func (export "none")))
                """)
        #expect(module.imports.map(\.module) == ["env", "env"])
        #expect(module.imports.map(\.name) == ["log", "pair"])
        #expect(
            module.imports.map(\.type) == [
                .function(FuncType(parameters: [.i32, .f64])),
                .function(FuncType(results: [.i64, .f32])),
            ])
        #expect(module.exports.map(\.name) == ["all", "none"])
        #expect(
            module.exports.map(\.type) == [
                .function(
                    FuncType(
                        parameters: [.i32, .i64, .f32, .f64, .v128, .externref, .funcref],
                        results: [.i32, .i64])),
                .function(FuncType()),
            ])
    }

    @Test func globalTypes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "env" "constant" (global i64))
                  (import "env" "counter" (global (mut i32)))
                  (global (export "ratio") (mut f64) (f64.const 0.5))
                  (global (export "limit") f32 (f32.const 1))
                  (global (export "ref") externref (ref.null extern)))
                """)
        #expect(
            module.imports.map(\.type) == [
                .global(GlobalType(.i64, mutable: false)),
                .global(GlobalType(.i32, mutable: true)),
            ])
        #expect(module.exports.map(\.name) == ["ratio", "limit", "ref"])
        #expect(
            module.exports.map(\.type) == [
                .global(GlobalType(.f64, mutable: true)),
                .global(GlobalType(.f32)),
                .global(GlobalType(.externref)),
            ])
    }

    @Test func tableTypes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (type $sig (func (param i32) (result i32)))
                  (import "env" "imported" (table 3 funcref))
                  (table (export "bounded") 2 10 externref)
                  (table (export "typed") 1 (ref null $sig)))
                """)
        #expect(module.imports.map(\.type) == [.table(TableType(element: .funcref, minimum: 3))])
        #expect(
            module.exports.map(\.type) == [
                .table(TableType(element: .externref, minimum: 2, maximum: 10)),
                .table(
                    TableType(
                        element: RefType(.concreteFunc(FuncType(parameters: [.i32], results: [.i32]))),
                        minimum: 1)),
            ])
    }

    @Test func memoryTypes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "env" "memory" (memory 1))
                  (memory (export "bounded") 2 5)
                  (memory (export "wide") i64 3 7)
                  (memory (export "shared") 1 4 shared))
                """)
        #expect(module.imports.map(\.type) == [.memory(MemoryType(minimum: 1))])
        #expect(
            module.exports.map(\.type) == [
                .memory(MemoryType(minimum: 2, maximum: 5)),
                .memory(MemoryType(minimum: 3, maximum: 7, is64: true)),
                .memory(MemoryType(minimum: 1, maximum: 4, isShared: true)),
            ])
        guard case .memory(let wide) = module.exports[1].type else {
            Issue.record("not a memory")
            return
        }
        #expect(wide.pageSize == 65536)
    }

    @Test func customPageSizeMemoryType() throws {
        var config = Config()
        config.wasm.customPageSizes = true
        let module = try Module(
            engine: Engine(config),
            wat: """
                (module (memory (export "bytes") 100 200 (pagesize 1)))
                """)
        let expected = MemoryType(minimum: 100, maximum: 200, pageSizeLog2: 0)
        #expect(module.exports.map(\.type) == [.memory(expected)])
        #expect(expected.pageSize == 1)
        // The instantiated memory reports the same page size.
        let instance = try Instance(store: Store(engine: module.engine), module: module)
        let memory = try instance.memory("bytes")
        #expect(memory.pageSize == 1)
        #expect(memory.byteCount == 100)
    }

    @Test func tagTypes() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "env" "failure" (tag (param i64)))
                  (tag (export "error") (param i32 f64))
                  (tag (export "empty")))
                """)
        #expect(module.imports.map(\.module) == ["env"])
        #expect(module.imports.map(\.name) == ["failure"])
        #expect(module.imports.map(\.type) == [.tag(FuncType(parameters: [.i64]))])
        #expect(module.exports.map(\.name) == ["error", "empty"])
        #expect(
            module.exports.map(\.type) == [
                .tag(FuncType(parameters: [.i32, .f64])),
                .tag(FuncType()),
            ])
    }

    @Test func importsKeepModuleOrderAndNames() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module
                  (import "b" "second" (memory 1))
                  (import "a" "first" (func))
                  (import "" "" (global i32))
                  (import "ünï" "cödé" (table 1 funcref)))
                """)
        #expect(module.imports.map(\.module) == ["b", "a", "", "ünï"])
        #expect(module.imports.map(\.name) == ["second", "first", "", "cödé"])
        #expect(module.exports.isEmpty)
    }

    @Test func typesDescribeThemselves() throws {
        let module = try Module(
            engine: Engine(),
            wat: """
                (module (func (export "f") (param i32) (result i64) (i64.const 0)))
                """)
        let export = try #require(module.exports.first)
        #expect(export.description.contains("\"f\""))
        #expect(export.description.contains("i32"))
        #expect(export.description.contains("i64"))
    }

    // MARK: - Sharing

    @Test func moduleIsUsableFromAnotherTask() async throws {
        let engine = Engine()
        let module = try Module(engine: engine, wat: Self.squareWAT)
        let results = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for n in Int64(1)...4 {
                group.addTask { try Self.square(module, n) }
            }
            var all: [Int64] = []
            for try await value in group { all.append(value ?? -1) }
            return all.sorted()
        }
        #expect(results == [1, 4, 9, 16])
    }
}
