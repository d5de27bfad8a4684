// Globals: a host-created global imported by wasm, globals exported by wasm,
// values flowing both ways, and the immutability check.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)

// A mutable i64 global created in Swift, to be imported by the module.
let counter = try Global(store: store, type: GlobalType(.i64, mutable: true), value: .i64(100))

let module = try Module(
    engine: engine,
    wat: """
        (module
          (import "host" "counter" (global $counter (mut i64)))
          (global $scale (export "scale") (mut f64) (f64.const 1.5))
          (global (export "version") i32 (i32.const 3))
          ;; Adds 1 to the host's counter and returns counter * scale.
          (func (export "tick") (result f64)
            (global.set $counter (i64.add (global.get $counter) (i64.const 1)))
            (f64.mul (f64.convert_i64_s (global.get $counter)) (global.get $scale))))
        """)
let instance = try Instance(store: store, module: module, imports: [.global(counter)])
let tick = try instance.function("tick", Void.self, Double.self)
let scale = try instance.global("scale")
let version = try instance.global("version")

print("types: counter \(counter.type), scale \(scale.type), version \(version.type)")
print("tick() = \(try tick()); the host's counter is now \(counter.get())")

// Swift writes, wasm reads.
try counter.set(.i64(9))
try scale.set(.f64(10))
print("after setting counter = 9 and scale = 10 from Swift, tick() = \(try tick())")
print("counter \(counter.get()), scale \(scale.get()), version \(version.get())")

// Immutable globals and wrong types are refused.
do {
    try version.set(.i32(4))
} catch {
    print("setting the immutable global: \(error.kind): \(error)")
}
do {
    try scale.set(.i32(1))
} catch {
    print("setting an f64 global to an i32: \(error.kind): \(error)")
}
