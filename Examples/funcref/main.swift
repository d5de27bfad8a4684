// Funcref: Swift-defined and wasm-defined functions passed into wasm as
// `funcref` values, stored, handed back to Swift, compared and called.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (type $unary (func (param i32) (result i32)))
          (table $scratch 1 funcref)
          (global $saved (mut funcref) (ref.null func))
          (func $double (export "double") (param i32) (result i32)
            (i32.mul (local.get 0) (i32.const 2)))
          ;; f(f(x)) for any f received as a funcref.
          (func (export "apply_twice") (param $f funcref) (param $x i32) (result i32)
            (table.set $scratch (i32.const 0) (local.get $f))
            (call_indirect $scratch (type $unary)
              (call_indirect $scratch (type $unary) (local.get $x) (i32.const 0))
              (i32.const 0)))
          (func (export "save") (param funcref) (global.set $saved (local.get 0)))
          (func (export "saved") (result funcref) (global.get $saved))
          (func (export "get_double") (result funcref) (ref.func $double)))
        """)
let instance = try Instance(store: store, module: module)
let applyTwice = try instance.function("apply_twice", (Func?, Int32).self, Int32.self)
let save = try instance.function("save", Func?.self)
let saved = try instance.function("saved", Void.self, Func?.self)
let getDouble = try instance.function("get_double", Void.self, Func?.self)

// A host function, passed to wasm like any other function.
let square = Func(store: store) { (x: Int32) -> Int32 in x &* x }
print("apply_twice(square, 3) = \(try applyTwice(square, 3))")
print("apply_twice(double, 3) = \(try applyTwice(try instance.function("double"), 3))")

// Stored in a wasm global and read back: still the same function.
try save(square)
if let back = try saved() {
    print("saved() == square: \(back == square), type \(back.type)")
    let typed = try back.typed(Int32.self, Int32.self)
    print("calling it from Swift: saved()(12) = \(try typed(12))")
}

// A wasm function obtained as a value with ref.func.
if let double = try getDouble() {
    print("get_double() == the \"double\" export: \(double == (try instance.function("double")))")
    print("dynamic call: double(21) = \(try double.call(.i32(21)))")
}

// A function of the wrong type is caught by wasm's call_indirect check.
let negate = Func(store: store) { (x: Int64) -> Int64 in -x }
do {
    _ = try applyTwice(negate, 1)
} catch let trap as Trap {
    print("apply_twice(negate: (i64) -> i64, 1) trapped: \(trap.code.map { "\($0)" } ?? "?")")
}

// A function from another store is refused before it reaches Wasmtime.
let otherStore = Store(engine: engine)
let foreign = Func(store: otherStore) { (x: Int32) -> Int32 in x }
do {
    _ = try applyTwice(foreign, 1)
} catch let error as WasmtimeError {
    print("function from another store: \(error.kind): \(error.message)")
}
