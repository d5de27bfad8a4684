import Foundation
import Testing
import Wasmtime

/// The guest profiler: samples taken from a host function, the profile read
/// back from its JSON.
@Suite struct GuestProfilerTests {
    let engine = Engine()

    /// `hot_a` runs three times as many iterations as `hot_b`; every
    /// iteration calls the host's `tick`, which samples.
    static let wat = """
        (module
          (import "host" "tick" (func $tick))
          (func $hot_a (param $n i32)
            (loop $l (call $tick) (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func $hot_b (param $n i32)
            (loop $l (call $tick) (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "main")
            (call $hot_a (i32.const 30)) (call $hot_b (i32.const 10))
            (call $hot_a (i32.const 60)) (call $hot_b (i32.const 20))))
        """

    /// Leaf function name of every sample, counted.
    static func leaves(of json: [UInt8]) throws -> [String: Int] {
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let thread = try #require((profile["threads"] as? [[String: Any]])?.first)
        let strings = try #require(thread["stringArray"] as? [String])
        let stackFrames = try #require((thread["stackTable"] as? [String: Any])?["frame"] as? [Int])
        let frameFuncs = try #require((thread["frameTable"] as? [String: Any])?["func"] as? [Int])
        let funcNames = try #require((thread["funcTable"] as? [String: Any])?["name"] as? [Int])
        let stacks = try #require((thread["samples"] as? [String: Any])?["stack"] as? [Int?])
        var leaves: [String: Int] = [:]
        for stack in stacks {
            let stack = try #require(stack)
            leaves[strings[funcNames[frameFuncs[stackFrames[stack]]]], default: 0] += 1
        }
        return leaves
    }

    func run(_ profiler: GuestProfiler, module: Module) throws {
        let store = Store(engine: engine)
        let tick = Func(store: store) { (caller: borrowing Caller) throws -> Void in try profiler.sample(caller) }
        try Instance(store: store, module: module, imports: [.function(tick)]).function("main", Void.self)()
    }

    @Test func samplesNameBothHotFunctionsInProportion() throws {
        let module = try Module(engine: engine, wat: Self.wat)
        let profiler = try GuestProfiler(
            engine: engine, name: "hot", interval: .microseconds(100),
            modules: [("hot.wasm", module)])
        try run(profiler, module: module)
        let json = try profiler.finish()
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect((profile["threads"] as? [[String: Any]])?.first?["name"] as? String == "hot")
        let leaves = try Self.leaves(of: json)
        #expect(leaves == ["hot_a": 90, "hot_b": 30])
    }

    /// Sampling by time: `hot_a` runs three times as long as `hot_b`, and
    /// the samples taken every 50 µs say so, roughly.
    @Test func timedSamplesFollowTheTimeSpent() throws {
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "tick" (func $tick))
                  (func $hot_a (param $n i32)
                    (loop $l (call $tick) (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
                  (func $hot_b (param $n i32)
                    (loop $l (call $tick) (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
                  (func (export "main") (param $rounds i32)
                    (loop $l
                      (call $hot_a (i32.const 3000)) (call $hot_b (i32.const 1000))
                      (br_if $l (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))))))
                """)
        let profiler = try GuestProfiler(
            engine: engine, name: "timed", interval: .microseconds(50), modules: [("hot.wasm", module)])
        let store = Store(engine: engine)
        var due = 0
        var calls = 0
        let tick = Func(store: store) { (caller: borrowing Caller) throws -> Void in
            calls += 1
            if try profiler.sampleIfDue(caller) { due += 1 }
        }
        let main = try Instance(store: store, module: module, imports: [.function(tick)])
            .function("main", Int32.self)
        try main(Int32(100))
        let leaves = try Self.leaves(of: profiler.finish())
        let a = leaves["hot_a", default: 0]
        let b = leaves["hot_b", default: 0]
        #expect(calls == 400_000)
        #expect(a + b == due)
        #expect(due > 40 && due < calls / 4, "\(due) samples")
        let ratio = Double(a) / Double(max(b, 1))
        #expect(ratio > 1.5 && ratio < 6, "hot_a \(a) samples, hot_b \(b)")
    }

    @Test func writesToAFileAndFinishesOnce() throws {
        let module = try Module(engine: engine, wat: Self.wat)
        let profiler = try GuestProfiler(
            engine: engine, name: "file", interval: .milliseconds(1),
            modules: [("hot.wasm", module)])
        try run(profiler, module: module)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("guest-profile-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try profiler.finish(writingTo: path)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try Self.leaves(of: written) == ["hot_a": 90, "hot_b": 30])
        expectWasmtimeError(.runtime) { try profiler.finish() }
        expectWasmtimeError(.runtime) { try profiler.sample(Store(engine: engine)) }
        expectWasmtimeError(.io) {
            try GuestProfiler(engine: engine, name: "x", interval: .seconds(1), modules: [])
                .finish(writingTo: "/nonexistent-directory/profile.json")
        }
    }

    @Test func misuse() throws {
        let other = Engine()
        let foreignModule = try Module(engine: other, wat: "(module)")
        expectWasmtimeError(.storeMismatch) {
            try GuestProfiler(engine: engine, name: "x", interval: .seconds(1), modules: [("m", foreignModule)])
        }
        // No modules at all is fine (Wasmtime needs a non-NULL list even then).
        let empty = try GuestProfiler(engine: engine, name: "empty", interval: .seconds(1), modules: [])
        expectWasmtimeError(.storeMismatch) { try empty.sample(Store(engine: other)) }
        try empty.sample(Store(engine: engine))
        // A sample taken while no wasm runs has an empty (null) stack.
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(empty.finish())) as? [String: Any])
        let thread = try #require((profile["threads"] as? [[String: Any]])?.first)
        let stacks = try #require((thread["samples"] as? [String: Any])?["stack"] as? [Any])
        #expect(stacks.count == 1 && stacks.first is NSNull)
        expectWasmtimeError(.outOfBounds) {
            try GuestProfiler(engine: engine, name: "x", interval: .seconds(-1), modules: [])
        }
    }
}
