import Testing
import Wasmtime

#if canImport(Glibc)
import Glibc
#endif

// Linux x86-64 only: glibc's mallinfo2 is called with the x86-64 convention for its
// struct result (a hidden pointer in the first argument register; aarch64 uses x8),
// and macOS has no mallinfo2. Elsewhere this suite is not compiled (README, "Getting the engine").
#if arch(x86_64) && os(Linux)
/// Bytes of heap in use (glibc's `heapBytesInUse()`). Swift's Glibc
/// module does not import `<malloc.h>`, so the function is looked up at run
/// time; its 80-byte result comes back through a caller-provided buffer,
/// which on x86-64 System V is passed as the first argument.
private func heapBytesInUse() -> Int {
    typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallinfo2") else { return -1 }
    let function = unsafeBitCast(symbol, to: MallInfo2.self)
    var fields = [Int](repeating: 0, count: 10)
    fields.withUnsafeMutableBytes { _ = function($0.baseAddress!) }
    return fields[7]
}

/// Typed calls, and untyped ones on kept buffers, must not grow the heap in
/// either direction. Each case runs in a child process (an exit test) so that
/// no other test allocates while the heap is measured; `mallinfo2` reports
/// the bytes in use, so an allocation freed within the same call is not
/// seen here (the malloc counter of `make bench` counts those).
@Suite struct AllocationTests {
    private static let wat = """
        (module
          (import "host" "add" (func $hostAdd (param i32 i32) (result i32)))
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func (export "mix") (param i32 i64) (result f32 i64)
            local.get 0 f32.convert_i32_s local.get 1)
          (func (export "callHost") (param i32) (result i32)
            (local i32)
            loop
              local.get 1 local.get 0 call $hostAdd local.set 1
              local.get 0 i32.const 1 i32.sub local.tee 0
              br_if 0
            end
            local.get 1))
        """

    /// An instance of ``wat`` in a fresh store, its import bound to a typed host closure.
    private static func makeInstance() throws -> Instance {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: wat)
        let hostAdd = Func(store: store) { (a: Int32, b: Int32) -> Int32 in a &+ b }
        return try Instance(store: store, module: module, imports: [.function(hostAdd)])
    }

    /// Whether `body` leaves the heap unchanged in one window out of five.
    /// Other threads of the test process may allocate now and then; an
    /// allocation that each call keeps would show in every window.
    private static func leavesHeapUnchanged(_ body: () throws -> Void) rethrows -> Bool {
        for _ in 0..<5 {
            let before = heapBytesInUse()
            try body()
            if before > 0 && heapBytesInUse() == before { return true }
        }
        return false
    }

    /// Runs `callHost` (100,000 host calls from a wasm loop) in measured
    /// windows, checking its wrapping sum each time.
    private static func hostCallsLeaveHeapUnchanged(_ instance: Instance) throws -> Bool {
        let callHost = try instance.function("callHost", Int32.self, Int32.self)
        _ = try callHost(1_000)
        // The sum of 1...100_000 wraps in i32; compare with Swift's own wrapping sum.
        var expected: Int32 = 0
        for i in 1...100_000 { expected &+= Int32(i) }
        var correct = true
        let clean = try leavesHeapUnchanged { correct = try callHost(100_000) == expected && correct }
        return clean && correct
    }

    @Test func typedHostToWasmCallsDoNotAllocate() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            let instance = try AllocationTests.makeInstance()
            let add = try instance.function("add", (Int32, Int32).self, Int32.self)
            let mix = try instance.function("mix", (Int32, Int64).self, (Float, Int64).self)
            var sum: Int64 = 0
            for i in 0..<1_000 { sum &+= Int64(try add(Int32(i), 1)) &+ (try mix(1, 2)).1 }
            let clean = try AllocationTests.leavesHeapUnchanged {
                for i in 0..<100_000 { sum &+= Int64(try add(Int32(i), 1)) &+ (try mix(1, 2)).1 }
            }
            guard sum > 0, clean else { exit(1) }
        }
    }

    @Test func typedWasmToHostCallsDoNotAllocate() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            guard try AllocationTests.hostCallsLeaveHeapUnchanged(try AllocationTests.makeInstance()) else { exit(1) }
        }
    }

    @Test func untypedCallsIntoKeptArraysDoNotAllocate() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            let instance = try AllocationTests.makeInstance()
            let add = try instance.function("add")
            let mix = try instance.function("mix")
            var arguments: [Value] = [.i32(0), .i32(1)]
            var mixArguments: [Value] = [.i32(1), .i64(2)]
            var results: [Value] = []
            var mixResults: [Value] = []
            var sum: Int64 = 0
            func round(_ count: Int) throws {
                for i in 0..<count {
                    arguments[0] = .i32(Int32(truncatingIfNeeded: i))
                    mixArguments[1] = .i64(Int64(i))
                    try add.call(arguments, into: &results)
                    try mix.call(mixArguments, into: &mixResults)
                    sum &+= Int64(results[0].i32!) &+ mixResults[1].i64!
                }
            }
            try round(1_000)
            let clean = try AllocationTests.leavesHeapUnchanged { try round(100_000) }
            guard sum > 0, clean else { exit(1) }
        }
    }

    @Test func preparedCallsDoNotAllocate() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            let instance = try AllocationTests.makeInstance()
            var add = try instance.function("add").prepareCall()
            var mix = try instance.function("mix").prepareCall()
            add[argument: 1] = .i32(1)
            mix[argument: 0] = .i32(1)
            var sum: Int64 = 0
            func round(_ count: Int) throws {
                for i in 0..<count {
                    add[argument: 0] = .i32(Int32(truncatingIfNeeded: i))
                    mix[argument: 1] = .i64(Int64(i))
                    try add()
                    try mix()
                    sum &+= Int64(add[result: 0].i32!) &+ mix[result: 1].i64!
                }
            }
            try round(1_000)
            let clean = try AllocationTests.leavesHeapUnchanged { try round(100_000) }
            guard sum > 0, clean else { exit(1) }
        }
    }

    @Test func untypedInPlaceHostFunctionsDoNotAllocate() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            let engine = Engine()
            let store = Store(engine: engine)
            let module = try Module(engine: engine, wat: AllocationTests.wat)
            let hostAdd = Func(store: store, type: FuncType(parameters: [.i32, .i32], results: [.i32])) {
                _, arguments, results in
                results[0] = .i32(arguments[0].i32! &+ arguments[1].i32!)
            }
            let instance = try Instance(store: store, module: module, imports: [.function(hostAdd)])
            guard try AllocationTests.hostCallsLeaveHeapUnchanged(instance) else { exit(1) }
        }
    }

    /// The measurement itself must be able to see allocations: untyped
    /// calls that return new arrays do allocate.
    @Test func heapMeasurementSeesUntypedCallAllocations() async {
        await #expect(processExitsWith: .success) { () async throws -> Void in
            let instance = try AllocationTests.makeInstance()
            let add = try instance.function("add")
            var kept: [[Value]] = []
            let before = heapBytesInUse()
            for i in 0..<100 { kept.append(try add.call(.i32(Int32(i)), .i32(1))) }
            let after = heapBytesInUse()
            guard kept.count == 100, after > before else { exit(1) }
        }
    }
}
#endif
