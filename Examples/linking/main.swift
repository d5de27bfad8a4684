// Linking: one module's exports become another module's imports, resolved
// by name through a Linker. A host function is defined on the linker too.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let linker = Linker(engine: engine)

// A host function, available to every module instantiated by this linker.
try linker.defineFunction("host", "print") { (value: Int32) in
    print("  wasm printed \(value)")
}

// The "math" module: a memory-backed counter and a helper.
let math = try Module(
    engine: engine,
    wat: """
        (module
          (memory (export "memory") 1)
          (global $calls (mut i32) (i32.const 0))
          (func (export "square") (param i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (i32.mul (local.get 0) (local.get 0)))
          (func (export "calls") (result i32) (global.get $calls)))
        """)

// The "app" module imports from "math" and "host".
let app = try Module(
    engine: engine,
    wat: """
        (module
          (import "math" "square" (func $square (param i32) (result i32)))
          (import "math" "memory" (memory 1))
          (import "host" "print" (func $print (param i32)))
          (func (export "run") (param $n i32)
            (local $i i32)
            (loop $next
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              ;; Print i*i and keep it in the shared memory at 4*i.
              (i32.store (i32.mul (local.get $i) (i32.const 4)) (call $square (local.get $i)))
              (call $print (call $square (local.get $i)))
              (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
        """)

print("app imports:")
for item in app.imports { print("  \(item)") }

// Instantiate "math" and register all its exports under the name "math"...
let mathInstance = try linker.instantiate(math, in: store)
try linker.defineInstance(mathInstance, as: "math")
// (`linker.defineModule(math, as: "math", in: store)` does both steps in one call.)
// ...then "app" finds them by name.
let appInstance = try linker.instantiate(app, in: store)

let run = try appInstance.function("run", Int32.self)
print("run(4):")
try run(4)

// Both instances see the same memory and the same counter.
let memory = try mathInstance.memory("memory")
let squares = try (1...4).map { try memory.load(Int32.self, at: UInt64($0 * 4)) }
print("squares in math's memory, read from Swift: \(squares)")
print("math.calls() = \(try mathInstance.function("calls", Void.self, Int32.self)())")

// A missing import is reported by name.
let orphan = try Module(engine: engine, wat: #"(module (import "nowhere" "f" (func)))"#)
do {
    _ = try linker.instantiate(orphan, in: store)
} catch let error as WasmtimeError {
    print("unresolved import (\(error.kind)): \(error.message)")
}
