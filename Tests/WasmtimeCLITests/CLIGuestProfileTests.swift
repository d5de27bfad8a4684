import Foundation
import Testing
import WasmtimeTestSupport

/// `run --profile guest[,PATH[,INTERVAL]]`: the guest is sampled in process
/// and the profile is written as Firefox Profiler JSON, as
/// `wasmtime run --profile=guest` does.
@Suite struct CLIGuestProfileTests {
    /// Two hot functions; `hot_b` runs twice as many iterations as `hot_a`.
    static let hotWAT = """
        (module
          (func $hot_a (param i32) (result i32) (local i32)
            (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                  (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1))
          (func $hot_b (param i32) (result i32) (local i32)
            (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                  (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1))
          (func (export "_start")
            (drop (call $hot_a (i32.const 150000000)))
            (drop (call $hot_b (i32.const 300000000)))))
        """

    /// The parts of a profile the tests read.
    struct Profile {
        var json: [String: Any]
        var thread: [String: Any]

        init(path: String) throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let threads = try #require(json["threads"] as? [[String: Any]])
            thread = try #require(threads.first)
        }

        var meta: [String: Any] { json["meta"] as? [String: Any] ?? [:] }

        func table(_ name: String) throws -> [String: Any] {
            try #require(thread[name] as? [String: Any], "no \(name)")
        }

        /// The name of the innermost function of each sample.
        func leafNames() throws -> [String] {
            let samples = try table("samples")
            let stacks = try #require(samples["stack"] as? [Any])
            let stackFrames = try #require(try table("stackTable")["frame"] as? [Int])
            let frameFuncs = try #require(try table("frameTable")["func"] as? [Int])
            let funcNames = try #require(try table("funcTable")["name"] as? [Int])
            let strings = try #require(thread["stringArray"] as? [String])
            return stacks.compactMap { $0 as? Int }.map { strings[funcNames[frameFuncs[stackFrames[$0]]]] }
        }
    }

    @Test func samplesNameBothHotFunctionsInProportion() throws {
        let module = try Scratch.file("hot.wat", Self.hotWAT)
        let output = try Scratch.directory().appendingPathComponent("profile.json").path
        let result = try CLI.run(["run", "--profile", "guest,\(output),1ms", module])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(
            result.stderrText
                == "\nProfile written to: \(output)\nView this profile at https://profiler.firefox.com/.\n")
        let profile = try Profile(path: output)
        #expect(profile.meta["interval"] as? Double == 1.0)
        #expect(profile.meta["product"] as? String == module)
        let samples = try profile.table("samples")
        let count = try #require(samples["length"] as? Int)
        #expect((samples["stack"] as? [Any])?.count == count)
        #expect((samples["timeDeltas"] as? [Any])?.count == count)
        let leaves = try profile.leafNames()
        let a = leaves.filter { $0 == "hot_a" }.count
        let b = leaves.filter { $0 == "hot_b" }.count
        #expect(a >= 5 && b >= 5, "samples: \(leaves.count), hot_a \(a), hot_b \(b)")
        // hot_b runs twice as long; sampling is by wall clock, so only roughly.
        let ratio = Double(b) / Double(max(a, 1))
        #expect(ratio > 1.2 && ratio < 3.5, "hot_a \(a) samples, hot_b \(b)")
    }

    @Test func theDefaultPathIsInTheCurrentDirectory() throws {
        let module = try Scratch.file("hot.wat", Self.hotWAT)
        let directory = try Scratch.directory()
        let result = try CLI.run(["run", "--profile=guest", module], directory: directory)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.hasPrefix("\nProfile written to: wasmtime-guest-profile.json\n"))
        let profile = try Profile(path: directory.appendingPathComponent("wasmtime-guest-profile.json").path)
        #expect(profile.meta["interval"] as? Double == 10.0)
        #expect(try profile.leafNames().contains("hot_b"))
    }

    @Test func aModuleIsProfiledUntilItTimesOut() throws {
        let module = try Scratch.file("spin.wat", #"(module (func $spin (export "_start") (loop (br 0))))"#)
        let output = try Scratch.directory().appendingPathComponent("timeout.json").path
        let result = try CLI.run(["run", "--profile", "guest,\(output),2ms", "-W", "timeout=300ms", module])
        #expect(result.status == 134)
        #expect(result.stderrText.hasPrefix("\nProfile written to: \(output)\n"), "\(result.stderrText)")
        #expect(result.stderrText.contains("error: wasm trap: interrupt"))
        let leaves = try Profile(path: output).leafNames()
        #expect(!leaves.isEmpty && leaves.allSatisfy { $0 == "spin" }, "\(leaves)")
    }

    /// The C API's profiler only knows core modules: a component's frames could not be named.
    @Test func componentsAreRefused() throws {
        expectOneLineError(
            try CLI.run(["run", "--profile", "guest", "--invoke", "nothing()", ComponentFixtures.echoPath]),
            containing: "--profile guest is not supported for components")
    }

    /// The same structure as the reference writes: the same keys at every
    /// level the Firefox Profiler reads, the same interval, both hot functions.
    @Test(.enabled(if: Reference.available, "\(Reference.missing)"))
    func theProfileHasTheReferencesStructure() throws {
        let module = try Scratch.file("hot.wat", Self.hotWAT)
        var profiles: [Profile] = []
        for program in [CLI.executable, try #require(Reference.executable)] {
            let output = try Scratch.directory().appendingPathComponent("profile.json").path
            let result = try CLI.run(["run", "--profile=guest,\(output),2ms", module], program: program)
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(
                result.stderrText
                    == "\nProfile written to: \(output)\nView this profile at https://profiler.firefox.com/.\n")
            profiles.append(try Profile(path: output))
        }
        let (ours, theirs) = (profiles[0], profiles[1])
        #expect(Set(ours.json.keys) == Set(theirs.json.keys))
        #expect(Set(ours.meta.keys) == Set(theirs.meta.keys))
        #expect(ours.meta["interval"] as? Double == theirs.meta["interval"] as? Double)
        #expect(Set(ours.thread.keys) == Set(theirs.thread.keys))
        for table in ["samples", "stackTable", "frameTable", "funcTable"] {
            #expect(Set(try ours.table(table).keys) == Set(try theirs.table(table).keys), "\(table)")
        }
        for profile in profiles {
            let leaves = Set(try profile.leafNames())
            #expect(leaves.isSuperset(of: ["hot_a", "hot_b"]), "\(leaves)")
        }
    }

    @Test(arguments: ["guest,p.json,fast", "guest,p.json,10ms,extra", "guesst"])
    func badProfileOptionsAreUsageErrors(option: String) throws {
        let module = try Scratch.file("hot.wat", Self.hotWAT)
        expectUsageError(try CLI.run(["run", "--profile", option, module]), containing: "--profile")
    }
}
