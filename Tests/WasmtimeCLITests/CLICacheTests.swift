import Foundation
import Testing
import WasmtimeTestSupport

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

    /// The tool's cache entries under `directory` (`DIR/artifacts/KEY`),
    /// with their inode and modification time, so a rewritten entry shows.
    private func entries(in directory: URL) -> [String: FileIdentity] {
        var found: [String: FileIdentity] = [:]
        let artifacts = directory.appendingPathComponent("artifacts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: artifacts.path)) ?? []
        for name in names where !name.hasPrefix(".") {
            found[name] = FileIdentity(artifacts.appendingPathComponent(name).path)
        }
        return found
    }

    struct FileIdentity: Equatable {
        var inode: UInt64
        var modified: timespec
        var size: Int64

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = info.st_mtimespec
            #else
            modified = info.st_mtim
            #endif
        }

        static func == (a: Self, b: Self) -> Bool {
            a.inode == b.inode && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec
                && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    /// An entry's parts: the serialized code, the copies of the module's
    /// bytes and of the configuration, the 48-byte trailer (24 bytes of
    /// format, then the three lengths, little-endian).
    struct EntryLayout {
        var code: [UInt8]
        var copies: [UInt8]
        var trailer: [UInt8]

        init(_ entry: [UInt8]) {
            trailer = Array(entry.suffix(48))
            let codeLength = trailer[24..<32].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            code = Array(entry[..<codeLength])
            copies = Array(entry[codeLength..<(entry.count - 48)])
        }
    }

    /// The one entry of a fresh cache after a run of `module`, with its path.
    private func onlyEntry(in cache: URL) throws -> String {
        let found = entries(in: cache)
        try #require(found.count == 1, "\(found.keys)")
        return cache.appendingPathComponent("artifacts").appendingPathComponent(found.keys.first!).path
    }

    /// `--invoke f3 5` on the big module: 5 * 24 + (5 ^ 3).
    static let expectedOutput = "126\n"

    private func runBig(_ module: String, cache: URL, _ options: [String] = []) throws -> CLI.Result {
        try CLI.run(["run", "--cache-dir", cache.path] + options + ["--invoke", "f3", module, "5"])
    }

    @Test func secondRunUsesTheCache() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)

        let first = try runBig(module, cache: cache)
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText == Self.expectedOutput)
        let afterFirst = entries(in: cache)
        #expect(afterFirst.count == 1, "\(afterFirst.keys)")
        // The tool's own cache, not Wasmtime's: no settings file, no `modules`.
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("modules").path))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("config.toml").path))

        // Nothing was compiled or written again: the one entry is the same, untouched file.
        for _ in 0..<2 {
            let again = try runBig(module, cache: cache)
            #expect(again.status == 0, "\(again.stderrText)")
            #expect(again.stdoutText == Self.expectedOutput)
            #expect(entries(in: cache) == afterFirst)
        }
        // No temporary file was left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("artifacts").path)
        #expect(names.count == 1, "\(names)")
    }

    @Test func engineSettingsGetTheirOwnEntries() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        let variants: [[String]] = [[], ["--fuel", "1000000"], ["-O", "opt-level=0"], ["-W", "simd=n"]]
        for options in variants {
            let result = try runBig(module, cache: cache, options)
            #expect(result.status == 0, "\(options): \(result.stderrText)")
            #expect(result.stdoutText == Self.expectedOutput)
        }
        let filled = entries(in: cache)
        #expect(filled.count == variants.count, "\(filled.keys)")
        // The same settings again (fuel spelled differently) find their entries.
        #expect(try runBig(module, cache: cache, ["-W", "fuel=1000000"]).status == 0)
        #expect(try runBig(module, cache: cache, ["-O", "opt-level=0"]).status == 0)
        #expect(entries(in: cache) == filled)
    }

    /// Ways an entry can be damaged or not be the tool's own.
    enum Damage: String, CaseIterable {
        case truncated, garbage, headerOverwritten, otherModulesEntry, writableByOthers
    }

    @Test(arguments: Damage.allCases)
    func damagedEntryIsRecompiled(damage: Damage) throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        #expect(try runBig(module, cache: cache).status == 0)
        let entry = try onlyEntry(in: cache)
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry)))

        var damaged = original
        switch damage {
        case .truncated: damaged.removeLast(100)
        case .garbage: damaged = [UInt8](repeating: 0xAB, count: original.count)
        case .headerOverwritten:
            // The trailer still matches: Wasmtime's own check rejects it.
            for index in 0..<min(4096, EntryLayout(original).code.count) { damaged[index] = 0 }
        case .otherModulesEntry:
            let other = try Scratch.file(
                "other.wat", Self.bigModule.replacingOccurrences(of: "i32.xor", with: "i32.or"))
            let otherCache = try Scratch.directory()
            #expect(try runBig(other, cache: otherCache).status == 0)
            damaged = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try onlyEntry(in: otherCache))))
        case .writableByOthers: break
        }
        try Data(damaged).write(to: URL(fileURLWithPath: entry))
        if damage == .writableByOthers { #expect(chmod(entry, 0o666) == 0) }

        let result = try runBig(module, cache: cache)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.isEmpty)
        #expect(result.stdoutText == Self.expectedOutput)
        // Compiled again and written again, as the first run wrote it.
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry))) == original)
        var info = stat()
        #expect(stat(entry, &info) == 0 && info.st_mode & 0o022 == 0)
    }

    /// An entry whose trailer is right but whose code was compiled for other
    /// settings (as after a Wasmtime upgrade): Wasmtime refuses it, so the
    /// run compiles the module again instead of running that code.
    @Test func staleEntryIsRecompiled() throws {
        let cache = try Scratch.directory()
        let module = try Scratch.file("big.wat", Self.bigModule)
        #expect(try runBig(module, cache: cache).status == 0)
        let entry = try onlyEntry(in: cache)
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry)))

        let fuelCache = try Scratch.directory()
        #expect(try runBig(module, cache: fuelCache, ["--fuel", "1000000"]).status == 0)
        let fuelEntry = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try onlyEntry(in: fuelCache))))
        // The fuel-checking code in the plain entry: its copies of the module
        // and of the plain configuration, and a trailer fixed up to match.
        let plain = EntryLayout(original)
        let fuel = EntryLayout(fuelEntry)
        var trailer = plain.trailer
        for index in 0..<8 {
            trailer[24 + index] = UInt8(truncatingIfNeeded: UInt64(fuel.code.count) >> UInt64(8 * index))
        }
        try Data(fuel.code + plain.copies + trailer).write(to: URL(fileURLWithPath: entry))

        let result = try runBig(module, cache: cache)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == Self.expectedOutput)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry))) == original)
    }

    /// Past the size limit, a new entry pushes out the ones written before it.
    @Test func cacheStaysWithinItsSizeLimit() throws {
        let cache = try Scratch.directory()
        let first = try Scratch.file("big.wat", Self.bigModule)
        #expect(try runBig(first, cache: cache).status == 0)
        let entrySize = Int(try #require(entries(in: cache).values.first).size)
        let limit = ["WASMTIME_SWIFT_CACHE_SIZE_LIMIT": String(entrySize * 3 / 2)]

        let second = try Scratch.file("other.wat", Self.bigModule.replacingOccurrences(of: "i32.xor", with: "i32.or"))
        let result = try CLI.run(
            ["run", "--cache-dir", cache.path, "--invoke", "f3", second, "5"], environment: limit.mapValues { $0 })
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "127\n")  // 5 * 24 + (5 | 3)
        let left = entries(in: cache)
        #expect(left.count == 1, "\(left.keys)")
        // What is left is the newer entry: running that module again writes nothing.
        #expect(try CLI.run(["run", "--cache-dir", cache.path, "--invoke", "f3", second, "5"]).status == 0)
        #expect(entries(in: cache) == left)
    }

    @Test func componentsAreCachedToo() throws {
        let cache = try Scratch.directory()
        let arguments = ["run", "--cache-dir", cache.path, "--invoke", #"echo("hi")"#, ComponentFixtures.echoPath]
        let first = try CLI.run(arguments)
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText == "\"hi\"\n")
        let afterFirst = entries(in: cache)
        #expect(afterFirst.count == 1, "\(afterFirst.keys)")
        let second = try CLI.run(arguments)
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stdoutText == "\"hi\"\n")
        #expect(entries(in: cache) == afterFirst)
    }

    /// `-C cache-config=FILE` keeps Wasmtime's own cache, with the user's settings.
    @Test func cacheConfigUsesWasmtimesCache() throws {
        let ours = try Scratch.directory()
        let theirs = try Scratch.directory()
        let settings = try Scratch.file("cache.toml", "[cache]\ndirectory = \"\(theirs.path)\"\n")
        let module = try Scratch.file("big.wat", Self.bigModule)
        let result = try runBig(module, cache: ours, ["-C", "cache-config=\(settings)"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == Self.expectedOutput)
        #expect(entries(in: ours).isEmpty)
        #expect(FileManager.default.fileExists(atPath: theirs.appendingPathComponent("modules").path))
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

    /// Entries are machine code the tool runs: a directory others can write
    /// to is refused rather than trusted.
    @Test func sharedArtifactsDirectoryIsRefused() throws {
        let cache = try Scratch.directory()
        let artifacts = cache.appendingPathComponent("artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        #expect(chmod(artifacts.path, 0o777) == 0)
        let module = try Scratch.file("big.wat", Self.bigModule)
        expectOneLineError(
            try CLI.run(["run", "--cache-dir", cache.path, module]),
            containing: "writable by no one else")
    }
}
