// Memory: read and write a module's linear memory from Swift and from wasm,
// grow it, and see out-of-bounds accesses fail on both sides.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (memory (export "memory") 2 3)
          (func (export "size") (result i32) (memory.size))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (data (i32.const 0x1000) "\\01\\02\\03\\04"))
        """)
let instance = try Instance(store: store, module: module)

let memory = try instance.memory("memory")
let size = try instance.function("size", Void.self, Int32.self)
let load = try instance.function("load", Int32.self, Int32.self)
let storeByte = try instance.function("store", (Int32, Int32).self)
let grow = try instance.function("grow", Int32.self, Int32.self)

print("pages: \(memory.pageCount) (wasm says \(try size())), bytes: \(memory.byteCount)")
print("data segment, read from Swift: \(try memory.read(at: 0x1000, count: 4))")
print("little-endian UInt32 at 0x1000: 0x\(String(try memory.load(UInt32.self, at: 0x1000), radix: 16))")

// Swift writes, wasm reads.
try memory.store(UInt8(42), at: 0x2000)
print("wasm load(0x2000) after a Swift store: \(try load(0x2000))")

// Wasm writes, Swift reads.
try storeByte(0x2001, 99)
print("Swift load(0x2001) after a wasm store: \(try memory.load(UInt8.self, at: 0x2001))")

// Strings are plain bytes.
let count = try memory.writeString("hello, memory", at: 0x3000)
print("string round trip: \(try memory.readString(at: 0x3000, count: count))")

// Out-of-bounds accesses: a trap in wasm, an error in Swift.
let end = Int32(memory.byteCount)
do {
    _ = try load(end)
} catch let trap as Trap {
    print("wasm load past the end: \(trap.code.map { "\($0)" } ?? "no code")")
}
do {
    _ = try memory.load(UInt32.self, at: UInt64(memory.byteCount - 2))
} catch {
    print("Swift load past the end: \(error)")
}

// Growing: from Swift, then from wasm, up to the maximum of 3 pages.
print("grow from Swift by 1, previous size: \(try memory.grow(by: 1)), now \(memory.pageCount) pages")
print("wasm memory.grow(1) at the maximum returns \(try grow(1))")
do {
    try memory.grow(by: 1)
} catch {
    print("Swift grow past the maximum: \(error.kind)")
}
print("the new page is zeroed and usable: \(try load(Int32(2 * 65536)))")
