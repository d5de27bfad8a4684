// Multi-value: wasm functions returning several values, received as Swift
// tuples, and a host function returning a tuple to wasm.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)

// A host function with two results: the integer part and the remainder of x / 10.
let splitDigit = Func(store: store) { (x: Int32) -> (Int32, Int32) in
    (x / 10, x % 10)
}

let module = try Module(
    engine: engine,
    wat: """
        (module
          (import "host" "split_digit" (func $split (param i32) (result i32 i32)))
          (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
            (i32.div_u (local.get $a) (local.get $b))
            (i32.rem_u (local.get $a) (local.get $b)))
          (func (export "swap") (param i64 f64) (result f64 i64)
            (local.get 1) (local.get 0))
          ;; Sums the decimal digits of $x with the host's split_digit.
          (func (export "digit_sum") (param $x i32) (result i32)
            (local $sum i32) (local $digit i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $x)))
                (call $split (local.get $x))
                (local.set $digit)
                (local.set $x)
                (local.set $sum (i32.add (local.get $sum) (local.get $digit)))
                (br $next)))
            (local.get $sum)))
        """)
let instance = try Instance(store: store, module: module, imports: [.function(splitDigit)])

let divmod = try instance.function("divmod", (Int32, Int32).self, (Int32, Int32).self)
let (quotient, remainder) = try divmod(17, 5)
print("divmod(17, 5) = (\(quotient), \(remainder))")

let swap = try instance.function("swap", (Int64, Double).self, (Double, Int64).self)
print("swap(7, 2.5) = \(try swap(7, 2.5))")

let digitSum = try instance.function("digit_sum", Int32.self, Int32.self)
print("digit_sum(98765) = \(try digitSum(98765)) (via the host's split_digit)")

// The same results through the dynamic API: one Value per result.
print("dynamic divmod(100, 7) = \(try instance.function("divmod").call(.i32(100), .i32(7)))")
print("the host function's type: \(splitDigit.type)")
