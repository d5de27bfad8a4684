// GCD: an exported wasm function called through a TypedFunc, whose
// signature is checked once so each call is a cheap, typed Swift call.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          ;; Euclid's algorithm, iterative.
          (func (export "gcd") (param $a i32) (param $b i32) (result i32)
            (local $t i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $b)))
                (local.set $t (i32.rem_u (local.get $a) (local.get $b)))
                (local.set $a (local.get $b))
                (local.set $b (local.get $t))
                (br $next)))
            (local.get $a))

          ;; The same, recursive.
          (func $gcd_rec (export "gcd_rec") (param $a i32) (param $b i32) (result i32)
            (if (result i32) (i32.eqz (local.get $b))
              (then (local.get $a))
              (else (call $gcd_rec (local.get $b) (i32.rem_u (local.get $a) (local.get $b)))))))
        """)
let instance = try Instance(store: store, module: module)

let gcd = try instance.function("gcd", (Int32, Int32).self, Int32.self)
let gcdRecursive = try instance.function("gcd_rec", (Int32, Int32).self, Int32.self)

for (a, b) in [(6, 27), (48, 180), (17, 5), (0, 9)] as [(Int32, Int32)] {
    print("gcd(\(a), \(b)) = \(try gcd(a, b)), recursive: \(try gcdRecursive(a, b))")
}

// A signature mismatch is caught when the typed view is created, not at call time.
do {
    _ = try instance.function("gcd", (Int64, Int64).self, Int64.self)
} catch {
    print("typed lookup with the wrong types: \(error)")
}
