import Synchronization
import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Leaks and lifetimes: create and drop many stores, each with an instance,
/// WASI, host closures capturing Swift objects and externrefs crossing into
/// wasm and back; resident memory must stay flat and every Swift object must
/// be released.
///
/// `make test` runs 2,000 stores; `WASMTIME_SOAK=1` runs 100,000 (about a
/// minute). Each soak runs in a child process, so its resident memory is
/// not mixed with other tests running in parallel.
@Suite struct SoakTests {
    static var storeCount: Int {
        getenv("WASMTIME_SOAK").map { String(cString: $0) } == "1" ? 100_000 : 2_000
    }

    /// Counts live instances, to prove that every one was released.
    final class Tracked: Sendable {
        static let live = Atomic<Int>(0)
        let value: Int32

        init(_ value: Int32) {
            self.value = value
            Self.live.add(1, ordering: .relaxed)
        }

        deinit {
            Self.live.subtract(1, ordering: .relaxed)
        }
    }

    /// A weak reference to one object of a sampled iteration.
    final class WeakBox {
        weak var object: AnyObject?
        let label: String
        init(_ object: AnyObject, _ label: String) {
            self.object = object
            self.label = label
        }
    }

    static let wat = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "env" "add" (func $add (param i32) (result i32)))
          (import "env" "scale" (func $scale (param i32) (result i32)))
          (memory (export "memory") 1)
          (global $kept (mut externref) (ref.null extern))
          (table $refs 4 externref)
          (data (i32.const 16) "hi\\n")
          (func (export "run") (param $x i32) (param $ref externref) (result i32 externref)
            ;; Keep the reference in a global and a table, then hand it back.
            (global.set $kept (local.get $ref))
            (table.set $refs (i32.const 1) (local.get $ref))
            ;; WASI: write "hi\\n" to stdout (iovec at 0, written count at 8).
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 3))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $scale (call $add (local.get $x)))
            (table.get $refs (i32.const 1))))
        """

    /// Resident memory of this process, in bytes (from /proc/self/statm).
    static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return -1 }
        defer { fclose(file) }
        var size = 0
        var resident = 0
        guard
            withUnsafeMutablePointer(
                to: &size,
                { s in
                    withUnsafeMutablePointer(to: &resident) { r in readStatm(file, s, r) }
                })
        else { return -1 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func readStatm(
        _ file: UnsafeMutablePointer<FILE>, _ size: UnsafeMutablePointer<Int>,
        _ resident: UnsafeMutablePointer<Int>
    ) -> Bool {
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return false }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: " ")
        guard fields.count >= 2, let s = Int(fields[0]), let r = Int(fields[1]) else { return false }
        size.pointee = s
        resident.pointee = r
        return true
    }

    /// One store's whole life. Returns weak references to its objects when
    /// `sample` is set, for checking after it is gone.
    static func lifeOfOneStore(_ index: Int, engine: Engine, module: Module, sample: Bool) throws -> [WeakBox] {
        let data = Tracked(Int32(index))
        let store = Store(engine: engine, data: data)
        try store.setFuel(1_000_000)
        store.setLimits(StoreLimits(memorySize: 1 << 20, tableElements: 100))

        let output = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.arguments = ["soak", String(index)]
        wasi.environment = [("SOAK", "1")]
        wasi.standardInput = .bytes(Array("input \(index)".utf8))
        wasi.standardOutput = .buffer(output)
        try store.setWASI(wasi)

        let linker = Linker(engine: engine)
        try linker.defineWASI()
        let offset = Tracked(1000)
        // A linker host function capturing one object, a store host
        // function capturing another.
        try linker.defineFunction("env", "add") { (x: Int32) -> Int32 in x + offset.value }
        let factor = Tracked(3)
        let scale = Func(store: store) { (caller: borrowing Caller, x: Int32) -> Int32 in
            x * factor.value + (caller.data(as: Tracked.self)?.value ?? -1_000_000)
        }
        try linker.define("env", "scale", scale)

        let instance = try linker.instantiate(module, in: store)
        let run = try instance.function("run", (Int32, ExternRef?).self, (Int32, ExternRef?).self)
        let payload = Tracked(Int32(index))
        let reference = ExternRef(payload)
        let (result, returned) = try run(Int32(index % 1000), reference)
        let expected = (Int32(index % 1000) + 1000) * 3 + Int32(index)
        guard result == expected, returned === reference, output.string == "hi\n" else {
            throw SoakFailure(
                detail: "store \(index): result \(result) (expected \(expected)), "
                    + "same reference \(returned === reference), output \(output.string.debugDescription)")
        }
        guard sample else { return [] }
        return [
            WeakBox(store, "store"), WeakBox(data, "store data"), WeakBox(linker, "linker"),
            WeakBox(offset, "linker closure capture"), WeakBox(factor, "store closure capture"),
            WeakBox(reference, "externref"), WeakBox(payload, "externref payload"),
            WeakBox(output, "WASI output buffer"),
        ]
    }

    struct SoakFailure: Error { let detail: String }

    /// Runs the soak; returns a report line, or throws on the first problem.
    static func soak(stores: Int) throws -> String {
        var config = Config()
        config.consumeFuel = true
        let engine = try Engine(config)
        let module = try Module(engine: engine, wat: wat)
        let warmUp = max(stores / 20, 100)
        var samples: [WeakBox] = []
        var residentAfterWarmUp = 0
        let residentAtStart = residentBytes()
        let start = Date.now()
        for index in 0..<stores {
            let sample = index % max(stores / 100, 1) == 0
            samples += try lifeOfOneStore(index, engine: engine, module: module, sample: sample)
            if index + 1 == warmUp { residentAfterWarmUp = residentBytes() }
        }
        let residentAtEnd = residentBytes()
        let alive = samples.filter { $0.object != nil }.map(\.label)
        guard alive.isEmpty else { throw SoakFailure(detail: "still alive: \(Set(alive).sorted())") }
        let live = Tracked.live.load(ordering: .relaxed)
        guard live == 0 else { throw SoakFailure(detail: "\(live) tracked objects were never released") }
        // Flat: what the first stores needed (allocator pools, caches) is
        // reused; a leak of even 100 bytes a store would show.
        let growth = residentAtEnd - residentAfterWarmUp
        let tolerance = max(8 << 20, stores * 100)
        let tenths = Int((Date.now() - start) * 10)
        let report =
            "soak: \(stores) stores in \(tenths / 10).\(tenths % 10) s; resident memory at the start "
            + "\(residentAtStart >> 20) MiB, after \(warmUp) stores "
            + "\(residentAfterWarmUp >> 20) MiB, at the end \(residentAtEnd >> 20) MiB (growth \(growth >> 10) KiB, "
            + "tolerance \(tolerance >> 10) KiB); \(samples.count) sampled objects all released; 0 tracked objects alive"
        // AddressSanitizer keeps freed memory in quarantine, so under it
        // (scripts/sanitize sets this) LeakSanitizer checks at exit instead.
        let checksResidentMemory = getenv("WASMTIME_SOAK_IGNORE_RSS") == nil
        guard residentAfterWarmUp > 0, growth <= tolerance || !checksResidentMemory else {
            throw SoakFailure(detail: report)
        }
        return report
    }

    /// Wall-clock seconds.
    enum Date {
        static func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }

    @Test func oneStoreReleasesEverything() throws {
        let engine = try {
            var config = Config()
            config.consumeFuel = true
            return try Engine(config)
        }()
        let module = try Module(engine: engine, wat: Self.wat)
        let samples = try Self.lifeOfOneStore(42, engine: engine, module: module, sample: true)
        #expect(samples.count == 8)
        // WASI's output streams are closed by a Wasmtime worker thread, so
        // their Swift handler may be released a moment after the store.
        var waited = 0
        while samples.contains(where: { $0.object != nil }), waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(samples.filter { $0.object != nil }.map(\.label) == [])
    }

    @Test(.enabled(if: residentBytes() > 0, "reads resident memory from /proc/self/statm (Linux only)"))
    func storesComeAndGoWithoutLeaking() async {
        let report = MisuseTests.temporaryFile()
        let stores = Self.storeCount
        await #expect(processExitsWith: .success) { [stores = stores as Int, report = report as String] in
            let status: Int32
            let line: String
            do {
                line = try SoakTests.soak(stores: stores)
                status = 0
            } catch {
                line = "\(error)"
                status = 1
            }
            if let file = fopen(report, "w") {
                fputs(line, file)
                fclose(file)
            }
            exit(status)
        }
        if let file = fopen(report, "r") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = fread(&buffer, 1, buffer.count, file)
            fclose(file)
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            #expect(text.hasPrefix("soak: "), "\(text)")
            print(text)
        }
        unlink(report)
    }
}
