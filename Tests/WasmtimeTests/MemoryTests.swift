import Testing
import Wasmtime

@Suite struct MemoryTests {
    private static let page = 65_536

    private static func bytes(_ memory: Memory, _ offset: Int, _ count: Int) -> [UInt8] {
        memory.withUnsafeMutableBytes { Array($0[offset..<(offset + count)]) }
    }

    @Test func createAndInspect() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 2, maximum: 5))
        #expect(memory.pageCount == 2)
        #expect(memory.pageSize == 65_536)
        #expect(memory.byteCount == 2 * Self.page)
        #expect(memory.type == MemoryType(minimum: 2, maximum: 5))
        #expect(!memory.type.is64)
        #expect(!memory.type.isShared)
        #expect(memory.type.pageSize == 65_536)
        // Fresh memory is zeroed.
        #expect(memory.withUnsafeMutableBytes { $0.allSatisfy { $0 == 0 } })

        let empty = try Memory(store: store, type: MemoryType(minimum: 0))
        #expect(empty.pageCount == 0)
        #expect(empty.byteCount == 0)
        #expect(empty.type.maximum == nil)
        expectWasmtimeError(.outOfBounds) { try empty.load(UInt8.self, at: 0) }
        #expect(try empty.read(at: 0, count: 0) == [])
    }

    @Test func growReturnsPreviousSize() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1, maximum: 4))
        try memory.store(UInt32(0xdead_beef), at: 100)
        #expect(try memory.grow(by: 2) == 1)
        #expect(memory.pageCount == 3)
        #expect(memory.byteCount == 3 * Self.page)
        // Old contents survive, new pages are zero.
        #expect(try memory.load(UInt32.self, at: 100) == 0xdead_beef)
        #expect(try memory.load(UInt64.self, at: UInt64(3 * Self.page - 8)) == 0)
        #expect(try memory.grow(by: 0) == 3)
        #expect(try memory.grow(by: 1) == 3)
        #expect(memory.pageCount == 4)

        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 1) }
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: UInt64.max) }
        #expect(memory.pageCount == 4)
        // The type keeps the limits the memory was created with.
        #expect(memory.type == MemoryType(minimum: 1, maximum: 4))
    }

    @Test func growFromWasmIsSeenBySwift() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (memory (export "mem") 1 3)
                      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
                      (func (export "size") (result i32) memory.size))
                    """))
        let memory = try instance.memory("mem")
        let grow = try instance.function("grow", Int32.self, Int32.self)
        let size = try instance.function("size", Void.self, Int32.self)
        #expect(try grow(1) == 1)
        #expect(memory.pageCount == 2)
        #expect(try memory.grow(by: 1) == 2)
        #expect(try size() == 3)
        #expect(try grow(1) == -1)
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 1) }
    }

    @Test func integerLoadsAndStoresAreLittleEndian() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))

        try memory.store(Int8(-2), at: 0)
        #expect(Self.bytes(memory, 0, 1) == [0xfe])
        #expect(try memory.load(Int8.self, at: 0) == -2)
        #expect(try memory.load(UInt8.self, at: 0) == 0xfe)

        try memory.store(UInt8(0xab), at: 1)
        #expect(try memory.load(UInt8.self, at: 1) == 0xab)

        try memory.store(Int16(-0x1234), at: 3)  // unaligned
        #expect(Self.bytes(memory, 3, 2) == [0xcc, 0xed])
        #expect(try memory.load(Int16.self, at: 3) == -0x1234)
        try memory.store(UInt16(0xbeef), at: 10)
        #expect(Self.bytes(memory, 10, 2) == [0xef, 0xbe])
        #expect(try memory.load(UInt16.self, at: 10) == 0xbeef)

        try memory.store(Int32(-0x0102_0304), at: 13)
        #expect(Self.bytes(memory, 13, 4) == [0xfc, 0xfc, 0xfd, 0xfe])
        #expect(try memory.load(Int32.self, at: 13) == -0x0102_0304)
        try memory.store(UInt32(0x1122_3344), at: 20)
        #expect(Self.bytes(memory, 20, 4) == [0x44, 0x33, 0x22, 0x11])
        #expect(try memory.load(UInt32.self, at: 20) == 0x1122_3344)

        try memory.store(Int64.min + 1, at: 31)
        #expect(Self.bytes(memory, 31, 8) == [1, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(try memory.load(Int64.self, at: 31) == Int64.min + 1)
        try memory.store(UInt64(0x0102_0304_0506_0708), at: 40)
        #expect(Self.bytes(memory, 40, 8) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(try memory.load(UInt64.self, at: 40) == 0x0102_0304_0506_0708)
        // Reading the same bytes through a narrower type gives the low part.
        #expect(try memory.load(UInt16.self, at: 40) == 0x0708)

        // The very last bytes of the memory are reachable.
        let last = UInt64(Self.page - 8)
        try memory.store(UInt64.max, at: last)
        #expect(try memory.load(UInt64.self, at: last) == UInt64.max)
        #expect(try memory.load(UInt8.self, at: UInt64(Self.page - 1)) == 0xff)
    }

    @Test func floatLoadsAndStoresKeepBits() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        try memory.store(Float(1.0), at: 0)
        #expect(Self.bytes(memory, 0, 4) == [0, 0, 0x80, 0x3f])
        #expect(try memory.load(Float.self, at: 0) == 1.0)
        try memory.store(Double(-2.0), at: 5)
        #expect(Self.bytes(memory, 5, 8) == [0, 0, 0, 0, 0, 0, 0, 0xc0])
        #expect(try memory.load(Double.self, at: 5) == -2.0)

        let signalling = Float(bitPattern: 0x7fa0_0001)
        try memory.store(signalling, at: 16)
        #expect(try memory.load(Float.self, at: 16).bitPattern == 0x7fa0_0001)
        #expect(try memory.load(UInt32.self, at: 16) == 0x7fa0_0001)
        let nan64 = Double(bitPattern: 0xfff4_0000_dead_beef)
        try memory.store(nan64, at: 24)
        #expect(try memory.load(Double.self, at: 24).bitPattern == 0xfff4_0000_dead_beef)
    }

    @Test func swiftAndWasmAgreeOnByteOrder() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (memory (export "mem") 1)
                      (func (export "load8_s") (param i32) (result i32) local.get 0 i32.load8_s)
                      (func (export "load16_u") (param i32) (result i32) local.get 0 i32.load16_u)
                      (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
                      (func (export "load64") (param i32) (result i64) local.get 0 i64.load)
                      (func (export "loadf32") (param i32) (result f32) local.get 0 f32.load)
                      (func (export "loadf64") (param i32) (result f64) local.get 0 f64.load)
                      (func (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
                      (func (export "storef64") (param i32 f64) local.get 0 local.get 1 f64.store))
                    """))
        let memory = try instance.memory("mem")
        let load8s = try instance.function("load8_s", Int32.self, Int32.self)
        let load16u = try instance.function("load16_u", Int32.self, Int32.self)
        let load32 = try instance.function("load32", Int32.self, UInt32.self)
        let load64 = try instance.function("load64", Int32.self, Int64.self)
        let loadU64 = try instance.function("load64", Int32.self, UInt64.self)
        let loadF32 = try instance.function("loadf32", Int32.self, Float.self)
        let loadF64 = try instance.function("loadf64", Int32.self, Double.self)
        let store64 = try instance.function("store64", (Int32, UInt64).self)
        let storeF64 = try instance.function("storef64", (Int32, Double).self)

        try memory.store(Int8(-100), at: 1)
        #expect(try load8s(1) == -100)
        try memory.store(UInt16(0xfedc), at: 2)
        #expect(try load16u(2) == 0xfedc)
        try memory.store(UInt32(0x8765_4321), at: 7)
        #expect(try load32(7) == 0x8765_4321)
        try memory.store(Int64(-0x0123_4567_89ab_cdef), at: 11)
        #expect(try load64(11) == -0x0123_4567_89ab_cdef)
        try memory.store(Float(-6.5), at: 20)
        #expect(try loadF32(20) == Float(-6.5))
        try memory.store(Double(1e-300), at: 24)
        #expect(try loadF64(24) == 1e-300)
        // Raw bytes written by Swift, read by wasm.
        try memory.write([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08], at: 40)
        #expect(try loadU64(40) == 0x0807_0605_0403_0201)

        // Stored by wasm, read by Swift.
        try store64(48, 0xa1b2_c3d4_e5f6_0718)
        #expect(try memory.load(UInt64.self, at: 48) == 0xa1b2_c3d4_e5f6_0718)
        #expect(try memory.read(at: 48, count: 8) == [0x18, 0x07, 0xf6, 0xe5, 0xd4, 0xc3, 0xb2, 0xa1])
        try storeF64(56, -0.1)
        #expect(try memory.load(Double.self, at: 56) == -0.1)
    }

    @Test func outOfBoundsAccessThrows() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        let size = UInt64(Self.page)
        expectWasmtimeError(.outOfBounds) { try memory.load(UInt8.self, at: size) }
        expectWasmtimeError(.outOfBounds) { try memory.load(UInt32.self, at: size - 3) }
        expectWasmtimeError(.outOfBounds) { try memory.load(UInt64.self, at: size - 7) }
        expectWasmtimeError(.outOfBounds) { try memory.load(Double.self, at: size - 4) }
        expectWasmtimeError(.outOfBounds) { try memory.store(UInt16(1), at: size - 1) }
        expectWasmtimeError(.outOfBounds) { try memory.store(Float(1), at: size) }
        // Offsets whose sum with the size would overflow must not crash.
        for offset in [UInt64.max, UInt64.max - 1, UInt64.max - 7, UInt64(Int64.max), UInt64(Int.max) + 1] {
            expectWasmtimeError(.outOfBounds) { try memory.load(UInt64.self, at: offset) }
            expectWasmtimeError(.outOfBounds) { try memory.store(UInt64(7), at: offset) }
            expectWasmtimeError(.outOfBounds) { try memory.read(at: offset, count: 1) }
            expectWasmtimeError(.outOfBounds) { try memory.write([1, 2, 3], at: offset) }
            expectWasmtimeError(.outOfBounds) { try memory.readString(at: offset, count: 2) }
            expectWasmtimeError(.outOfBounds) { try memory.readCString(at: offset) }
            expectWasmtimeError(.outOfBounds) { try memory.writeString("x", at: offset) }
            expectWasmtimeError(.outOfBounds) { try memory.copy(from: offset, to: 0, count: 1) }
            expectWasmtimeError(.outOfBounds) { try memory.copy(from: 0, to: offset, count: 1) }
        }
        expectWasmtimeError(.outOfBounds) { try memory.read(at: 0, count: Self.page + 1) }
        expectWasmtimeError(.outOfBounds) { try memory.read(at: 1, count: Int.max) }
        expectWasmtimeError(.outOfBounds) { try memory.read(at: 0, count: -1) }
        expectWasmtimeError(.outOfBounds) { try memory.write([UInt8](repeating: 1, count: 2), at: size - 1) }
        expectWasmtimeError(.outOfBounds) { try memory.copy(from: 0, to: size - 4, count: 8) }
        expectWasmtimeError(.outOfBounds) { try memory.copy(from: size - 4, to: 0, count: 8) }
        expectWasmtimeError(.outOfBounds) { try memory.copy(from: 0, to: 0, count: -1) }
        // A failed write leaves the memory untouched.
        #expect(memory.withUnsafeMutableBytes { $0.allSatisfy { $0 == 0 } })
        // Zero-length accesses at the end are fine.
        #expect(try memory.read(at: size, count: 0) == [])
        try memory.write([], at: size)
    }

    @Test func readAndWriteByteRanges() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        let data: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        try memory.write(data, at: 1000)
        #expect(try memory.read(at: 1000, count: 200) == data)
        #expect(try memory.read(at: 1050, count: 10) == Array(data[50..<60]))
        // Non-contiguous collections work too.
        try memory.write(data.reversed(), at: 3000)
        #expect(try memory.read(at: 3000, count: 200) == data.reversed())
        try memory.write(data[10..<20], at: 5000)
        #expect(try memory.read(at: 5000, count: 10) == Array(data[10..<20]))
        // Raw buffer forms.
        try [UInt8](arrayLiteral: 9, 8, 7).withUnsafeBytes { try memory.write($0, at: 6000) }
        var into = [UInt8](repeating: 0, count: 4)
        try into.withUnsafeMutableBytes { try memory.read(at: 5999, into: $0) }
        #expect(into == [0, 9, 8, 7])
        var tooBig = [UInt8](repeating: 0, count: 16)
        expectWasmtimeError(.outOfBounds) {
            try tooBig.withUnsafeMutableBytes { try memory.read(at: UInt64(Self.page - 8), into: $0) }
        }
    }

    @Test func copyHandlesOverlap() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        let original: [UInt8] = Array(1...10)
        try memory.write(original, at: 100)
        // Forward overlap.
        try memory.copy(from: 100, to: 103, count: 10)
        #expect(try memory.read(at: 100, count: 13) == [1, 2, 3] + original)
        // Backward overlap.
        try memory.write(original, at: 200)
        try memory.copy(from: 203, to: 200, count: 7)
        #expect(try memory.read(at: 200, count: 10) == [4, 5, 6, 7, 8, 9, 10, 8, 9, 10])
        // Disjoint.
        try memory.copy(from: 200, to: 400, count: 4)
        #expect(try memory.read(at: 400, count: 4) == [4, 5, 6, 7])
        try memory.copy(from: 0, to: 0, count: 0)
    }

    @Test func stringsAreUTF8() throws {
        let store = Store(engine: Engine())
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        let text = "Grüße, 世界! 🦀"
        let count = try memory.writeString(text, at: 10)
        #expect(count == text.utf8.count)
        #expect(count == 21)
        #expect(try memory.read(at: 10, count: count) == Array(text.utf8))
        #expect(try memory.readString(at: 10, count: count) == text)
        // Bytes after the string are still zero, so it is also a C string.
        #expect(try memory.readCString(at: 10) == text)
        #expect(try memory.readCString(at: 10 + UInt64(text.utf8.count) - 4) == "🦀")
        #expect(try memory.readCString(at: 0) == "")
        // Invalid UTF-8 is repaired, not rejected.
        try memory.write([0x61, 0xff, 0x62], at: 500)
        #expect(try memory.readString(at: 500, count: 3) == "a\u{FFFD}b")
        // A string running into the end of memory without a NUL is an error.
        try memory.write([UInt8](repeating: 0x41, count: 4), at: UInt64(Self.page - 4))
        expectWasmtimeError(.outOfBounds) { try memory.readCString(at: UInt64(Self.page - 4)) }
        expectWasmtimeError(.outOfBounds) { try memory.readCString(at: UInt64(Self.page)) }
        expectWasmtimeError(.outOfBounds) { try memory.writeString("toolong", at: UInt64(Self.page - 3)) }
    }

    @Test func withUnsafeMutableBytesSharesStorageWithWasm() throws {
        let store = Store(engine: Engine())
        let instance = try Instance(
            store: store,
            module: Module(
                engine: store.engine,
                wat: """
                    (module
                      (memory (export "mem") 1)
                      (data (i32.const 8) "wasm")
                      (func (export "sum") (param i32 i32) (result i32)
                        (local $acc i32)
                        (block $done
                          (loop $next
                            local.get 1 i32.eqz br_if $done
                            local.get $acc local.get 0 i32.load8_u i32.add local.set $acc
                            local.get 0 i32.const 1 i32.add local.set 0
                            local.get 1 i32.const 1 i32.sub local.set 1
                            br $next))
                        local.get $acc))
                    """))
        let memory = try instance.memory("mem")
        let seen = memory.withUnsafeMutableBytes { buffer -> String in
            #expect(buffer.count == Self.page)
            return String(decoding: buffer[8..<12], as: UTF8.self)
        }
        #expect(seen == "wasm")
        memory.withUnsafeMutableBytes { buffer in
            for index in 0..<100 { buffer[1000 + index] = UInt8(index) }
        }
        let sum = try instance.function("sum", (Int32, Int32).self, Int32.self)
        #expect(try sum(1000, 100) == 4950)
        // Errors thrown by the closure propagate with their type.
        struct Stop: Error {}
        #expect(throws: Stop.self) { try memory.withUnsafeMutableBytes { _ throws(Stop) in throw Stop() } }
    }

    @Test func customPageSize() throws {
        var config = Config()
        config.wasm.customPageSizes = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let memory = try Memory(store: store, type: MemoryType(minimum: 3, maximum: 10, pageSizeLog2: 0))
        #expect(memory.pageSize == 1)
        #expect(memory.type.pageSize == 1)
        #expect(memory.byteCount == 3)
        #expect(try memory.grow(by: 5) == 3)
        #expect(memory.byteCount == 8)
        try memory.store(UInt64(0x0102_0304_0506_0708), at: 0)
        expectWasmtimeError(.outOfBounds) { try memory.store(UInt8(1), at: 8) }
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 3) }
    }

    @Test func memory64BeyondFourGiB() throws {
        var config = Config()
        config.wasm.memory64 = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (memory (export "mem") i64 65537)
                      (func (export "load") (param i64) (result i64) local.get 0 i64.load)
                      (func (export "store") (param i64 i64) local.get 0 local.get 1 i64.store)
                      (func (export "size") (result i64) memory.size))
                    """))
        let memory = try instance.memory("mem")
        #expect(memory.type.is64)
        #expect(memory.type.minimum == 65_537)
        #expect(memory.pageCount == 65_537)
        #expect(memory.byteCount == 65_537 * Self.page)
        let size = try instance.function("size", Void.self, Int64.self)
        #expect(try size() == 65_537)

        let high: UInt64 = (1 << 32) + 16
        let load = try instance.function("load", UInt64.self, UInt64.self)
        let store64 = try instance.function("store", (UInt64, UInt64).self)

        try memory.store(UInt64(0x1122_3344_5566_7788), at: high)
        #expect(try load(high) == 0x1122_3344_5566_7788)
        // Not aliased onto the low 4 GiB.
        #expect(try memory.load(UInt64.self, at: 16) == 0)
        #expect(try load(16) == 0)

        try store64(high + 8, 0x99aa_bbcc_ddee_ff00)
        #expect(try memory.load(UInt64.self, at: high + 8) == 0x99aa_bbcc_ddee_ff00)
        #expect(try memory.read(at: high + 8, count: 2) == [0x00, 0xff])
        #expect(try memory.load(UInt64.self, at: 24) == 0)

        let end = UInt64(65_537 * Self.page)
        try memory.store(UInt64(42), at: end - 8)
        #expect(try load(end - 8) == 42)
        expectWasmtimeError(.outOfBounds) { try memory.load(UInt64.self, at: end - 4) }
        expectTrap(.memoryOutOfBounds, "an out-of-bounds wasm load must trap") { try load(end - 4) }
    }

    @Test func multipleMemoriesAreSeparate() throws {
        var config = Config()
        config.wasm.multiMemory = true
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (memory $a (export "a") 1)
                      (memory $b (export "b") 2)
                      (func (export "store_a") (param i32 i32) local.get 0 local.get 1 i32.store $a)
                      (func (export "load_b") (param i32) (result i32) local.get 0 i32.load $b)
                      (func (export "copy_a_to_b") (param i32 i32 i32)
                        local.get 0 local.get 1 local.get 2 memory.copy $b $a))
                    """))
        let a = try instance.memory("a")
        let b = try instance.memory("b")
        #expect(a != b)
        #expect(a == (try instance.memory("a")))
        #expect(a.pageCount == 1)
        #expect(b.pageCount == 2)

        let storeA = try instance.function("store_a", (Int32, Int32).self)
        let loadB = try instance.function("load_b", Int32.self, Int32.self)
        let copyAToB = try instance.function("copy_a_to_b", (Int32, Int32, Int32).self)
        try storeA(64, 0x0a0b_0c0d)
        #expect(try a.load(UInt32.self, at: 64) == 0x0a0b_0c0d)
        #expect(try b.load(UInt32.self, at: 64) == 0)

        try b.store(UInt32(777), at: 100_000)
        #expect(try loadB(100_000) == 777)
        expectWasmtimeError(.outOfBounds) { try a.load(UInt32.self, at: 100_000) }

        try copyAToB(8, 64, 4)
        #expect(try b.read(at: 8, count: 4) == [0x0d, 0x0c, 0x0b, 0x0a])
        #expect(try a.read(at: 8, count: 4) == [0, 0, 0, 0])
    }

    private static let importingModule = """
        (module
          (import "env" "mem" (memory 2 4))
          (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u))
        """

    @Test func importedHostMemory() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.importingModule)
        let memory = try Memory(store: store, type: MemoryType(minimum: 3, maximum: 4))
        try memory.store(UInt8(201), at: 70_000)
        let instance = try Instance(store: store, module: module, imports: [.memory(memory)])
        let peek = try instance.function("peek", Int32.self, Int32.self)
        #expect(try peek(70_000) == 201)

        let linker = Linker(engine: engine)
        try linker.define("env", "mem", memory)
        let second = try linker.instantiate(module, in: store)
        try memory.store(UInt8(5), at: 1)
        let secondPeek = try second.function("peek", Int32.self, Int32.self)
        #expect(try secondPeek(1) == 5)
    }

    @Test(arguments: [
        MemoryType(minimum: 1, maximum: 4),  // minimum too small
        MemoryType(minimum: 2),  // unbounded
        MemoryType(minimum: 2, maximum: 5),  // maximum too large
        MemoryType(minimum: 2, maximum: 4, is64: true),
    ])
    func memoryImportMismatchFailsToLink(type: MemoryType) throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let module = try Module(engine: engine, wat: Self.importingModule)
        let memory = try Memory(store: store, type: type)
        expectWasmtimeError(.linking) { try Instance(store: store, module: module, imports: [.memory(memory)]) }
        let linker = Linker(engine: engine)
        try linker.define("env", "mem", memory)
        expectWasmtimeError(.linking) { try linker.instantiate(module, in: store) }
    }

    @Test func storeLimitsCapMemoryGrowth() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        store.setLimits(StoreLimits(memorySize: 3 * Self.page))
        let memory = try Memory(store: store, type: MemoryType(minimum: 1))
        #expect(try memory.grow(by: 2) == 1)
        expectWasmtimeError(.resourceLimit) { try memory.grow(by: 1) }
        #expect(memory.pageCount == 3)
        expectWasmtimeError(.resourceLimit) { try Memory(store: store, type: MemoryType(minimum: 4)) }

        // Wasm's memory.grow sees the same limit and reports -1.
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (memory (export "m") 1)
                      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
                    """))
        let grow = try instance.function("grow", Int32.self, Int32.self)
        #expect(try grow(2) == 1)
        #expect(try grow(1) == -1)
        #expect(try instance.memory("m").pageCount == 3)
    }

    @Test func storeLimitsCapMemoryCount() throws {
        let store = Store(engine: Engine())
        store.setLimits(StoreLimits(memories: 1))
        let module = try Module(engine: store.engine, wat: "(module (memory 1))")
        _ = try Instance(store: store, module: module)
        expectWasmtimeError(.resourceLimit) { try Instance(store: store, module: module) }
    }

    private static func sharedEngine() throws -> Engine {
        var config = Config()
        config.wasm.threads = true
        config.wasm.sharedMemory = true
        return try Engine(config)
    }

    @Test func sharedMemoryImportedByModule() throws {
        let engine = try Self.sharedEngine()
        let shared = try SharedMemory(engine: engine, type: MemoryType(minimum: 1, maximum: 2, isShared: true))
        #expect(shared.pageCount == 1)
        #expect(shared.byteCount == Self.page)
        #expect(shared.type == MemoryType(minimum: 1, maximum: 2, isShared: true))

        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "m" (memory 1 2 shared))
                  (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.atomic.store)
                  (func (export "get") (param i32) (result i32) local.get 0 i32.atomic.load)
                  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
                """)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: module, imports: [.sharedMemory(shared)])
        let put = try instance.function("put", (Int32, Int32).self)
        let get = try instance.function("get", Int32.self, Int32.self)
        try put(32, 0x1234_5678)
        let bytes = shared.withUnsafeMutableBytes { Array($0[32..<36]) }
        #expect(bytes == [0x78, 0x56, 0x34, 0x12])

        shared.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(99).littleEndian, toByteOffset: 40, as: UInt32.self) }
        #expect(try get(40) == 99)

        // A second store (and instance) sees the same bytes.
        let otherStore = Store(engine: engine)
        let other = try Instance(store: otherStore, module: module, imports: [.sharedMemory(shared)])
        let otherGet = try other.function("get", Int32.self, Int32.self)
        let otherGrow = try other.function("grow", Int32.self, Int32.self)
        #expect(try otherGet(32) == 0x1234_5678)

        // Growth from wasm is visible to the host object.
        #expect(try otherGrow(1) == 1)
        #expect(shared.pageCount == 2)
        #expect(shared.byteCount == 2 * Self.page)
        expectWasmtimeError(.resourceLimit) { try shared.grow(by: 1) }
    }

    @Test func linkerDefinesSharedMemory() throws {
        let engine = try Self.sharedEngine()
        let shared = try SharedMemory(engine: engine, type: MemoryType(minimum: 1, maximum: 2, isShared: true))
        let linker = Linker(engine: engine)
        try linker.define("env", "m", .sharedMemory(shared))
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "env" "m" (memory 1 2 shared))
                  (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.atomic.store))
                """)
        let store = Store(engine: engine)
        let instance = try linker.instantiate(module, in: store)
        let put = try instance.function("put", (Int32, Int32).self)
        try put(8, 0x0102_0304)
        #expect(shared.withUnsafeMutableBytes { Array($0[8..<12]) } == [4, 3, 2, 1])
        guard case .sharedMemory(let fetched)? = try linker.item(module: "env", name: "m", in: store) else {
            Issue.record("the linker should return the shared memory")
            return
        }
        #expect(fetched.withUnsafeMutableBytes { Array($0[8..<12]) } == [4, 3, 2, 1])
    }

    @Test func sharedMemoryNeedsSharedType() throws {
        let engine = try Self.sharedEngine()
        expectWasmtimeError(.typeMismatch) {
            try SharedMemory(engine: engine, type: MemoryType(minimum: 1, maximum: 2))
        }
        // Shared memories must declare a maximum.
        expectWasmtimeError(.configuration) {
            try SharedMemory(engine: engine, type: MemoryType(minimum: 1, isShared: true))
        }
        let shared = try SharedMemory(engine: engine, type: MemoryType(minimum: 1, maximum: 3, isShared: true))
        #expect(try shared.grow(by: 2) == 1)
        #expect(shared.pageCount == 3)
        expectWasmtimeError(.resourceLimit) { try shared.grow(by: 1) }
    }

    @Test func sharedMemoryFromAnotherEngineIsRejected() throws {
        let first = try Self.sharedEngine()
        let second = try Self.sharedEngine()
        let shared = try SharedMemory(engine: first, type: MemoryType(minimum: 1, maximum: 2, isShared: true))
        let module = try Module(engine: second, wat: #"(module (import "env" "m" (memory 1 2 shared)))"#)
        expectWasmtimeError(.storeMismatch) {
            try Instance(store: Store(engine: second), module: module, imports: [.sharedMemory(shared)])
        }
    }

    @Test func sharedMemoryExportedByModule() throws {
        let engine = try Self.sharedEngine()
        let store = Store(engine: engine)
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (memory (export "m") 1 1 shared)
                      (data (i32.const 0) "shared!"))
                    """))
        let shared = try instance.sharedMemory("m")
        #expect(shared.type.isShared)
        #expect(shared.withUnsafeMutableBytes { String(decoding: $0[0..<7], as: UTF8.self) } == "shared!")
        // A shared memory is not a plain memory.
        expectWasmtimeError(.typeMismatch) { try instance.memory("m") }
    }
}
