// Fuel: with Config.consumeFuel every wasm instruction costs fuel; a store
// that runs out traps with TrapCode.outOfFuel, which stops even an infinite loop.
import Wasmtime

var config = Config()
config.consumeFuel = true
let engine = try Engine(config)
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (func $fib (export "fib") (param $n i32) (result i32)
            (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                             (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
          (func (export "spin") (loop $forever (br $forever))))
        """)
let instance = try Instance(store: store, module: module)
let fib = try instance.function("fib", Int32.self, Int32.self)
let spin = try instance.function("spin", Void.self)

try store.setFuel(100_000)
for n: Int32 in [5, 10, 15] {
    let before = try store.fuel()
    let result = try fib(n)
    print("fib(\(n)) = \(result), used \(before - (try store.fuel())) fuel")
}
print("remaining: \(try store.fuel())")

// An infinite loop burns the rest and is stopped.
do {
    try spin()
} catch let trap as Trap where trap.code == .outOfFuel {
    print("spin() stopped: \(trap.code!), remaining fuel: \(try store.fuel())")
}

// Not enough fuel for a big computation either; refuelling lets work resume.
do {
    _ = try fib(25)
} catch let trap as Trap {
    print("fib(25) with no fuel: \(trap.code.map { "\($0)" } ?? "?")")
}
try store.setFuel(1_000_000)
print("after refuelling: fib(20) = \(try fib(20)), remaining: \(try store.fuel())")

// Without consumeFuel, fuel is not available at all.
do {
    _ = try Store(engine: Engine()).fuel()
} catch {
    print("fuel() without consumeFuel: \(error.kind)")
}
