import Foundation
import Testing

/// The on-disk cache of compiled code: filled by the first run, used by the
/// next, skipped with --no-cache, and found where the documentation says.
@Suite struct CLICacheTests {
    /// A module big enough that compiling it takes a visible share of a run:
    /// 400 distinct functions, each with a little arithmetic.
    static let bigModule: String = {
        var text = "(module\n"
        for index in 0..<400 {
            text += """
                  (func $f\(index) (export "f\(index)") (param i32) (result i32)
                    (i32.add (i32.mul (local.get 0) (i32.const \(index * 7 + 3)))
                             (i32.xor (local.get 0) (i32.const \(index)))))

                """
        }
        return text + "  (func (export \"_start\")))\n"
    }()

    /// Compiled-code entries under `directory`: not Wasmtime's statistics
    /// files, nor the temporary files its cache worker writes them through
    /// (`NAME.wip-atomic-write-stats`, which a run may leave behind when it
    /// exits while the worker is writing).
    private func entries(in directory: URL) -> [String: Date] {
        var found: [String: Date] = [:]
        let modules = directory.appendingPathComponent("modules")
        guard let walker = FileManager.default.enumerator(at: modules, includingPropertiesForKeys: [.isRegularFileKey])
        else { return found }
        for case let url as URL in walker
        where url.pathExtension != "stats" && !url.lastPathComponent.contains(".wip-") {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey])
            if values?.isRegularFile == true { found[url.path] = values?.contentModificationDate }
        }
        return found
    }

    @Test func secondRunUsesTheCache() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        let arguments = ["run", "--cache-dir", cache.path, module]

        let first = try CLI.run(arguments)
        #expect(first.status == 0, "\(first.stderrText)")
        let afterFirst = entries(in: cache)
        #expect(afterFirst.count == 1, "\(afterFirst.keys)")

        let second = try CLI.run(arguments)
        #expect(second.status == 0)
        // Nothing was compiled again: the one entry is the same, untouched file.
        #expect(entries(in: cache) == afterFirst)

        // A run that bypasses the cache compiles, and is slower than a cached
        // one (about 3 times here; the better of two cached runs absorbs a
        // load spike on a shared machine).
        let uncached = try CLI.run(["run", "--no-cache", module])
        let third = try CLI.run(arguments)
        let cached = min(second.seconds, third.seconds)
        #expect(cached < uncached.seconds, "cached \(cached) s, uncached \(uncached.seconds) s")
    }

    @Test func engineSettingsGetTheirOwnEntries() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        #expect(try CLI.run(["run", "--cache-dir", cache.path, module]).status == 0)
        #expect(try CLI.run(["run", "--cache-dir", cache.path, "--fuel", "1000000", module]).status == 0)
        #expect(entries(in: cache).count == 2)
    }

    @Test func noCacheWritesNothing() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        let result = try CLI.run(
            ["run", "--no-cache", module],
            environment: ["WASMTIME_SWIFT_CACHE_DIR": cache.path])
        #expect(result.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
    }

    @Test func defaultLocationFollowsTheEnvironment() throws {
        let module = try Scratch.file("big.wat", Self.bigModule)

        let override = try Scratch.directory().appendingPathComponent("chosen")
        #expect(try CLI.run(["run", module], environment: ["WASMTIME_SWIFT_CACHE_DIR": override.path]).status == 0)
        #expect(entries(in: override).count == 1)

        let xdg = try Scratch.directory()
        #expect(
            try CLI.run(
                ["run", module],
                environment: [
                    "WASMTIME_SWIFT_CACHE_DIR": nil,
                    "XDG_CACHE_HOME": xdg.path,
                ]
            ).status == 0)
        #expect(entries(in: xdg.appendingPathComponent("wasmtime-swift")).count == 1)

        let home = try Scratch.directory()
        #expect(
            try CLI.run(
                ["run", module],
                environment: [
                    "WASMTIME_SWIFT_CACHE_DIR": nil, "XDG_CACHE_HOME": nil,
                    "HOME": home.path,
                ]
            ).status == 0)
        #expect(entries(in: home.appendingPathComponent(".cache/wasmtime-swift")).count == 1)
    }

    @Test func unusableCacheDirectoryIsAOneLineError() throws {
        let blocker = try Scratch.file("not-a-directory", "")
        let module = try Scratch.file("big.wat", Self.bigModule)
        expectOneLineError(
            try CLI.run(["run", "--cache-dir", blocker + "/cache", module]),
            containing: "cannot use cache directory")
    }
}
