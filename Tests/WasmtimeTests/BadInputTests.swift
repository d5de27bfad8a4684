import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hostile and broken input: truncated, corrupted and random modules, bad
/// text, absurd declared limits, garbage for deserialization, and guests
/// that exhaust the stack. Everything must end in a thrown error with a
/// message (or a trap), never in a crash.
@Suite struct BadInputTests {
    /// A module touching most sections: types, imports, functions, table,
    /// memory, globals, exports, start, elements, data and a name section.
    static let richWAT = """
        (module $rich
          (type $binary (func (param i32 i32) (result i32)))
          (import "env" "log" (func $log (param i32)))
          (import "env" "base" (global $base i32))
          (table $table 4 8 funcref)
          (memory $memory 1 4)
          (global $counter (mut i32) (i32.const 0))
          (export "memory" (memory $memory))
          (export "counter" (global $counter))
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func $init (global.set $counter (global.get $base)))
          (func (export "apply") (param i32 i32 i32) (result i32)
            (call $log (local.get 0))
            (call_indirect (type $binary) (local.get 1) (local.get 2) (local.get 0)))
          (func (export "sum") (param $n i32) (result i32)
            (local $total i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $n))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $total))
          (start $init)
          (elem (i32.const 0) $add $sub)
          (data (i32.const 16) "untrusted input"))
        """

    static let engine: Engine = {
        var config = Config()
        config.consumeFuel = true
        return try! Engine(config)
    }()

    /// A deterministic generator, so a failing input can be reproduced.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// What happened to one untrusted module.
    enum Outcome: Equatable {
        case rejected  // compilation error
        case failedToLink  // instantiation error
        case trapped  // trap while instantiating
        case ran(calls: Int)  // instantiated; this many exports were called
    }

    /// Treats `bytes` as an untrusted module: compile, instantiate with
    /// stub imports under fuel and limits, call every function export with
    /// zero arguments. Records an issue for any error without a message or
    /// of an unexpected type.
    static func runUntrusted(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let module: Module
        do {
            module = try Module(engine: engine, bytes: bytes)
        } catch {
            #expect(error.kind == .compilation && !error.message.isEmpty, "\(error)", sourceLocation: sourceLocation)
            return .rejected
        }
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 16 << 20, tableElements: 10_000, instances: 4, tables: 4, memories: 4))
        let linker = Linker(engine: engine)
        let instance: Instance
        do {
            try store.setFuel(100_000)
            try linker.defineUnknownImportsAsDefaultValues(for: module, in: store)
            instance = try linker.instantiate(module, in: store)
        } catch let trap as Trap {
            #expect(!trap.message.isEmpty, sourceLocation: sourceLocation)
            return .trapped
        } catch let error as WasmtimeError {
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            return .failedToLink
        } catch {
            Issue.record("unexpected error type \(type(of: error)): \(error)", sourceLocation: sourceLocation)
            return .failedToLink
        }
        var calls = 0
        for (_, item) in instance.exports {
            guard let function = item.function else { continue }
            try? store.setFuel(100_000)
            do {
                _ = try function.call(function.type.parameters.map(Value.zero(of:)))
            } catch let trap as Trap {
                #expect(!trap.message.isEmpty, sourceLocation: sourceLocation)
            } catch let error as WasmtimeError {
                #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            } catch {
                Issue.record("unexpected error type \(type(of: error)): \(error)", sourceLocation: sourceLocation)
            }
            calls += 1
        }
        return .ran(calls: calls)
    }

    // MARK: - Broken modules

    @Test func theRichModuleItselfRuns() throws {
        #expect(Self.runUntrusted(try wat2wasm(Self.richWAT)) == .ran(calls: 2))
    }

    /// Offsets where a section of `bytes` ends (after the 8-byte header).
    static func sectionEnds(_ bytes: [UInt8]) -> Set<Int> {
        var ends: Set<Int> = [8]
        var offset = 8
        while offset < bytes.count {
            offset += 1  // section id
            var size = 0
            var shift = 0
            while true {
                let byte = bytes[offset]
                offset += 1
                size |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            offset += size
            ends.insert(offset)
        }
        return ends
    }

    @Test func everyTruncationIsRejected() throws {
        let bytes = try wat2wasm(Self.richWAT)
        // A prefix ending exactly between sections can still be a valid
        // module (later sections are optional); every other cut is rejected.
        let boundaries = Self.sectionEnds(bytes)
        #expect(boundaries.contains(bytes.count))
        var accepted: Set<Int> = []
        for length in 0..<bytes.count where Self.runUntrusted(Array(bytes[..<length])) != .rejected {
            accepted.insert(length)
        }
        #expect(
            accepted.isSubset(of: boundaries), "accepted cuts: \(accepted.sorted()), boundaries: \(boundaries.sorted())"
        )
        #expect(accepted.contains(8))
        // Validation agrees with compilation.
        let error = #expect(throws: WasmtimeError.self) {
            try Module.validate(engine: Self.engine, bytes: bytes.dropLast(3))
        }
        #expect(error?.kind == .compilation)
        #expect(error?.message.isEmpty == false)
    }

    @Test func everySingleByteCorruptionIsContained() throws {
        let bytes = try wat2wasm(Self.richWAT)
        var generator = SplitMix64(state: 6)
        var counts: [String: Int] = [:]
        for position in 8..<bytes.count {
            let original = bytes[position]
            for replacement in [original ^ 0xff, original &+ 1, UInt8.random(in: 0...255, using: &generator)]
            where replacement != original {
                var corrupted = bytes
                corrupted[position] = replacement
                switch Self.runUntrusted(corrupted) {
                case .rejected: counts["rejected", default: 0] += 1
                case .failedToLink: counts["failedToLink", default: 0] += 1
                case .trapped: counts["trapped", default: 0] += 1
                case .ran: counts["ran", default: 0] += 1
                }
            }
        }
        // Most corruptions break the encoding; some only change constants,
        // names or indices and still run. Both are fine; crashing is not.
        #expect(counts["rejected", default: 0] > counts.values.reduce(0, +) / 2, "\(counts)")
        #expect(counts["ran", default: 0] > 0, "\(counts)")
    }

    @Test func randomBytesAreRejected() {
        var generator = SplitMix64(state: 0x5eed)
        let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        var accepted = 0
        for round in 0..<2000 {
            let length = Int.random(in: 1...512, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Half of them get a valid header, so the section parser sees the garbage.
            if round % 2 == 0 { bytes = header + bytes }
            if Self.runUntrusted(bytes) != .rejected { accepted += 1 }
        }
        // A random body can by chance be a valid custom section; almost never.
        #expect(accepted < 20, "\(accepted) random inputs were accepted")
    }

    @Test func headerAloneIsTheEmptyModule() {
        #expect(Self.runUntrusted([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) == .ran(calls: 0))
        #expect(Self.runUntrusted([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]) == .rejected)
        #expect(Self.runUntrusted([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]) == .rejected)  // a component
    }

    @Test func sectionSizesLargerThanTheInputAreRejected() {
        let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        // Type section claiming 2^32-1 bytes, function count 2^32-1, a name longer than the input.
        let cases: [[UInt8]] = [
            header + [0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01],
            header + [0x03, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f],
            header + [0x00, 0x06, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x41],
            header + [0x0b, 0x02, 0x01],
            header + Array(repeating: 0x80, count: 64),  // an endless LEB128
        ]
        for bytes in cases {
            #expect(Self.runUntrusted(bytes) == .rejected, "\(bytes)")
        }
    }

    // MARK: - Broken text

    @Test(arguments: [
        "(module",
        "(module))",
        "(modul)",
        "(module (func (result i32)))",
        "(module (func (i32.add (i32.const 1))))",
        "(module (func (call 7)))",
        "(module (memory 1) (func (drop (i64.load8_s offset=-1 (i32.const 0)))))",
        "(module (func (drop (i32.const 99999999999))))",
        "(module (func $f) (func $f))",
        "(module (export \"x\" (func 0)))",
        "(module (global i32 (i32.const 1)) (func (global.set 0 (i32.const 2))))",
        "(module (type (func (param i32))) (func (type 0) (param i64)))",
        "(module (func (local.get 0)))",
        "(module (table 1 funcref) (elem (i32.const 0) 3))",
        "(module (func \"unterminated))",
        "",
        "\u{0}\u{1}\u{2}",
        "(module (func (br 1)))",
        "(module (memory 65537))",
    ])
    func wrongTextIsACompilationError(text: String) {
        let error = #expect(throws: WasmtimeError.self) { _ = try Module(engine: Self.engine, wat: text) }
        #expect(error?.kind == .compilation)
        #expect(error?.message.isEmpty == false)
    }

    @Test func invalidUTF8TextIsRejected() {
        let bytes: [UInt8] = Array("(module (func (export \"".utf8) + [0xff, 0xfe] + Array("\")))".utf8)
        let error = #expect(throws: WasmtimeError.self) { _ = try wat2wasm(bytes: bytes) }
        #expect(error?.kind == .compilation)
        #expect(error?.message.isEmpty == false)
    }

    @Test func deeplyNestedTextAndCode() throws {
        // Deep nesting must neither overflow the parser's nor the compiler's stack.
        let depth = 20_000
        let text =
            "(module (func (export \"f\") (result i32)" + String(repeating: "(block (result i32) ", count: depth)
            + "(i32.const 5)" + String(repeating: ")", count: depth) + "))"
        let engine = Engine()
        let instance = try Instance(store: Store(engine: engine), module: Module(engine: engine, wat: text))
        let f = try instance.function("f", Void.self, Int32.self)
        #expect(try f() == 5)
        // And an unbalanced version of the same is an error, not a crash.
        let unbalanced = String(repeating: "(block ", count: depth)
        expectWasmtimeError(.compilation) { _ = try wat2wasm("(module (func " + unbalanced + "))") }
    }

    // MARK: - Absurd limits

    static func memory64Engine() throws -> Engine {
        var config = Config()
        config.wasm.memory64 = true
        return try Engine(config)
    }

    @Test(arguments: [
        ("(module (memory 65537))", "compile"),
        ("(module (memory i64 281474976710657))", "compile"),
        ("(module (memory i64 281474976710656))", "instantiate"),
        ("(module (memory i64 1099511627776))", "instantiate"),
        ("(module (table 4294967295 funcref))", "instantiate"),
        ("(module (table i64 1099511627776 funcref))", "instantiate"),
        ("(module (memory 1) (data (i32.const 4294967295) \"x\"))", "trap"),
        ("(module (table 1 funcref) (func $f) (elem (i32.const 4294967295) $f))", "trap"),
    ])
    func hugeDeclaredLimitsFailCleanly(wat: String, failsAt stage: String) throws {
        let engine = try Self.memory64Engine()
        let module: Module
        do {
            module = try Module(engine: engine, wat: wat)
        } catch {
            #expect(stage == "compile", "\(error)")
            #expect(error.kind == .compilation)
            #expect(!error.message.isEmpty)
            return
        }
        let store = Store(engine: engine)
        do {
            _ = try Instance(store: store, module: module)
            Issue.record("\(wat) was instantiated")
        } catch let trap as Trap {
            #expect(stage == "trap", "\(trap)")
            #expect(trap.code == .memoryOutOfBounds || trap.code == .tableOutOfBounds)
        } catch let error as WasmtimeError {
            #expect(stage == "instantiate", "\(error)")
            // Wasmtime refuses some sizes against its own limits, others when reserving the memory.
            #expect([.resourceLimit, .instantiation].contains(error.kind), "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func declaredMinimumsBeyondStoreLimits() throws {
        let engine = try Self.memory64Engine()
        let cases = [
            "(module (memory 65536))",  // 4 GiB
            "(module (memory i64 100000))",
            "(module (table 10000000 funcref))",
            "(module (table i64 10000000 externref))",
            "(module (memory 1) (memory 1) (memory 1))",
            "(module (table 1 funcref) (table 1 funcref) (table 1 funcref))",
        ]
        for wat in cases {
            let store = Store(engine: engine)
            store.setLimits(StoreLimits(memorySize: 1 << 20, tableElements: 1000, tables: 2, memories: 2))
            let module = try Module(engine: engine, wat: wat)
            let error = #expect(throws: WasmtimeError.self) { _ = try Instance(store: store, module: module) }
            #expect(error?.kind == .resourceLimit, "\(wat): \(error?.message ?? "")")
            #expect(error?.message.isEmpty == false)
            // The store is still fine for modules within its limits.
            let small = try Instance(
                store: store, module: Module(engine: engine, wat: "(module (memory (export \"m\") 1))"))
            #expect(try small.memory("m").pageCount == 1)
        }
    }

    @Test func growingFromWasmBeyondLimitsFailsWithMinusOne() throws {
        let engine = try Self.memory64Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 4 << 16, tableElements: 100))
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (memory 1)
                      (memory $m64 i64 1)
                      (table 1 funcref)
                      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
                      (func (export "grow64") (param i64) (result i64) (memory.grow $m64 (local.get 0)))
                      (func (export "growTable") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
                    """))
        let grow = try instance.function("grow", Int32.self, Int32.self)
        let grow64 = try instance.function("grow64", Int64.self, Int64.self)
        let growTable = try instance.function("growTable", Int32.self, Int32.self)
        #expect(try grow(-1) == -1)  // 4 GiB - 64 KiB pages
        #expect(try grow(65536) == -1)
        #expect(try grow64(Int64.max) == -1)
        #expect(try grow64(1 << 40) == -1)
        #expect(try grow(3) == 1)  // up to the 4-page limit
        #expect(try grow(1) == -1)
        #expect(try growTable(-1) == -1)
        #expect(try growTable(1000) == -1)
        #expect(try growTable(99) == 1)
        #expect(try growTable(1) == -1)
    }

    // MARK: - Deserializing garbage

    /// `Module.deserialize` is documented as trusted-input only: the bytes
    /// are machine code. What can be guarded is: the format, truncation,
    /// engine/version mismatches and the files' existence.
    @Test func deserializingGarbageThrows() throws {
        let engine = Engine()
        let serialized = try Module(engine: engine, wat: "(module (func (export \"f\") (result i32) (i32.const 7)))")
            .serialize()
        var generator = SplitMix64(state: 99)
        var inputs: [[UInt8]] = [
            [], [0], Array(repeating: 0, count: 4096),
            try wat2wasm("(module)"),  // a module, not a serialized one
            Array("\u{7f}ELF".utf8) + Array(repeating: 0, count: 60),  // an empty ELF header
        ]
        inputs += (0..<200).map { _ in
            (0..<Int.random(in: 1...4096, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        // Every truncation at 1/256 steps of the real thing.
        inputs += stride(from: 0, to: serialized.count, by: max(1, serialized.count / 256)).map {
            Array(serialized[..<$0])
        }
        for bytes in inputs {
            let error = #expect(throws: WasmtimeError.self) { _ = try Module.deserialize(engine: engine, bytes: bytes) }
            #expect(error?.kind == .compilation, "\(bytes.count) bytes")
            #expect(error?.message.isEmpty == false)
        }
        // The untouched bytes still load and run.
        let module = try Module.deserialize(engine: engine, bytes: serialized)
        let f = try Instance(store: Store(engine: engine), module: module).function("f", Void.self, Int32.self)
        #expect(try f() == 7)
    }

    @Test func deserializingForAnIncompatibleEngineThrows() throws {
        let fuelEngine = Self.engine
        let serialized = try Module(engine: fuelEngine, wat: "(module (func (export \"f\")))").serialize()
        for config in [
            Config(),
            {
                var c = Config()
                c.epochInterruption = true
                return c
            }(),
        ] {
            let other = try Engine(config)
            let error = #expect(throws: WasmtimeError.self) {
                _ = try Module.deserialize(engine: other, bytes: serialized)
            }
            #expect(error?.kind == .compilation)
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test func deserializingGarbageFilesThrows() throws {
        var template = Array("/tmp/wasmtime-bad-input-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw WasmtimeError(.io, "mkdtemp failed") }
        let directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { rmdir(directory) }
        let path = directory + "/garbage.cwasm"
        let bytes = Array("this is not a compiled module".utf8)
        let file = fopen(path, "wb")!
        fwrite(bytes, 1, bytes.count, file)
        fclose(file)
        defer { unlink(path) }
        let engine = Engine()
        expectWasmtimeError(.compilation) { _ = try Module.deserialize(engine: engine, file: path) }
        expectWasmtimeError(.io) { _ = try Module.deserialize(engine: engine, file: directory + "/missing") }
        // A directory is not a readable file: an I/O error, like a missing file.
        expectWasmtimeError(.io) { try Module.deserialize(engine: engine, file: directory) }
    }

    // MARK: - Stack exhaustion

    @Test func recursionWithLargeFramesTraps() throws {
        // Big frames (many live locals) reach the limit in few calls.
        let locals = (0..<200).map { "(local $l\($0) i64)" }.joined(separator: " ")
        let uses = (0..<200).map { "(local.set $l\($0) (i64.add (local.get $l\($0)) (local.get 0)))" }.joined(
            separator: " ")
        let sums =
            (0..<200).map { "(local.get $l\($0))" }.joined(separator: " ") + String(repeating: " i64.add", count: 199)
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (func $deep (export "deep") (param i64) (result i64) \(locals)
                        \(uses)
                        (drop (call $deep (i64.add (local.get 0) (i64.const 1))))
                        \(sums))
                      (func (export "fine") (result i32) (i32.const 1)))
                    """))
        let deep = try instance.function("deep", Int64.self, Int64.self)
        expectTrap(.stackOverflow) { _ = try deep(0) }
        expectTrap(.stackOverflow) { _ = try deep(0) }
        #expect(try instance.function("fine", Void.self, Int32.self)() == 1)
    }

    @Test func recursionInAStartFunctionTraps() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: "(module (func $f (call $f)) (start $f))")
        let trap = #expect(throws: Trap.self) { _ = try Instance(store: store, module: module) }
        #expect(trap?.code == .stackOverflow)
        #expect(trap?.frames.isEmpty == false)
    }

    @Test func hostAndWasmRecursionThroughALinkerTraps() throws {
        let engine = Engine()
        let linker = Linker(engine: engine)
        // wasm -> host -> wasm -> ... through untyped calls, with a typed
        // host function in between.
        try linker.defineFunction("host", "again", type: FuncType(parameters: [.i64], results: [.i64])) {
            caller, arguments in
            try caller.function("down").call(arguments)
        }
        try linker.defineFunction("host", "nothing") { () in }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "again" (func $again (param i64) (result i64)))
                  (import "host" "nothing" (func $nothing))
                  (func (export "down") (param i64) (result i64)
                    (call $nothing)
                    (call $again (i64.add (local.get 0) (i64.const 1))))
                  (func (export "fine") (result i32) (i32.const 2)))
                """)
        let store = Store(engine: engine)
        let instance = try linker.instantiate(module, in: store)
        for _ in 0..<3 {
            let trap = #expect(throws: Trap.self) { _ = try instance.function("down").call(.i64(0)) }
            #expect(trap?.code == .stackOverflow)
        }
        #expect(try instance.function("fine", Void.self, Int32.self)() == 2)
    }

    @Test func hostSwallowingAStackOverflowLetsTheCallFinish() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let depth = DepthBox()
        // Recurse until the stack is exhausted, then the innermost host frame
        // catches the trap and every frame above returns normally.
        let host = Func(store: store) { (caller: borrowing Caller, n: Int32) -> Int32 in
            depth.maximum = max(depth.maximum, Int(n))
            do {
                let down = try caller.function("down").typed(Int32.self, Int32.self)
                return try down(n + 1)
            } catch let trap as Trap where trap.code == .stackOverflow {
                return n
            }
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "" "host" (func $host (param i32) (result i32)))
                  (func (export "down") (param i32) (result i32) (call $host (local.get 0))))
                """)
        let down = try Instance(store: store, module: module, imports: [.function(host)]).function(
            "down", Int32.self, Int32.self)
        let reached = try down(0)
        #expect(reached > 10)
        #expect(reached == Int32(depth.maximum) || reached == Int32(depth.maximum) - 1)
        // Again, from a clean stack: the same depth is reachable.
        #expect(try down(0) > 10)
    }

    final class DepthBox {
        var maximum = 0
    }

    /// A thread with less native stack than Wasmtime's wasm stack limit
    /// (512 KiB by default) must lower ``Config/maxWasmStack``; then deep
    /// recursion traps instead of running off the thread's stack.
    @Test func smallMaxWasmStackProtectsSmallThreads() async {
        await #expect(processExitsWith: .success) {
            var config = Config()
            config.maxWasmStack = 64 << 10
            let engine = try Engine(config)
            let module = try Module(engine: engine, wat: "(module (func $f (export \"f\") (call $f)))")
            let code = POSIXThreads.runWithStack(256 << 10) { () -> TrapCode? in
                do {
                    let store = Store(engine: engine)
                    try Instance(store: store, module: module).function("f", Void.self)()
                    return nil
                } catch {
                    return (error as? Trap)?.code
                }
            }
            exit(code == .stackOverflow ? 0 : 1)
        }
    }

    // MARK: - Fuzzer regressions

    /// Inputs that once crashed the fuzz target (Fuzz/regressions), replayed
    /// through the same steps in a child process each.
    static let regressionDirectory: String = {
        let file = #filePath
        let root = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        return root + "/Fuzz/regressions"
    }()

    static var regressionFiles: [String] {
        guard let directory = opendir(regressionDirectory) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    @Test func regressionInputsExist() {
        #expect(!Self.regressionFiles.isEmpty, "no inputs in \(Self.regressionDirectory)")
    }

    @Test(arguments: regressionFiles)
    func fuzzRegression(name: String) async {
        await #expect(processExitsWith: .success) { [name] in
            let path = BadInputTests.regressionDirectory + "/" + name
            guard let file = fopen(path, "rb") else { exit(2) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
            fclose(file)
            let wasm = bytes.starts(with: [0x00, 0x61, 0x73, 0x6d]) ? bytes : ((try? wat2wasm(bytes: bytes)) ?? [])
            _ = BadInputTests.runUntrusted(wasm)
            exit(0)
        }
    }
}
