// Tables: a funcref table used by call_indirect, grown and filled from Swift
// with both a wasm function and a host function.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (type $binop (func (param i32 i32) (result i32)))
          (table $ops (export "ops") 2 10 funcref)
          (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
          (elem (table $ops) (i32.const 0) func $add $sub)
          ;; Calls ops[index](a, b).
          (func (export "apply") (param $index i32) (param $a i32) (param $b i32) (result i32)
            (call_indirect $ops (type $binop) (local.get $a) (local.get $b) (local.get $index))))
        """)
let instance = try Instance(store: store, module: module)
let table = try instance.table("ops")
let apply = try instance.function("apply", (Int32, Int32, Int32).self, Int32.self)

print("table type: \(table.type), size \(table.size)")
print("ops[0](7, 5) = \(try apply(0, 7, 5)), ops[1](7, 5) = \(try apply(1, 7, 5))")

// Grow by two null entries, then fill them from Swift.
let previous = try table.grow(by: 2)
print("grew from \(previous) to \(table.size) entries")

let multiply = Func(store: store) { (a: Int32, b: Int32) -> Int32 in a &* b }
try table.set(2, .funcref(multiply))
try table.set(3, .funcref(try instance.function("add")))
print("ops[2](7, 5) = \(try apply(2, 7, 5)) (a Swift closure), ops[3](7, 5) = \(try apply(3, 7, 5))")

// Reading an entry back gives a callable Func.
if case .funcref(let entry?) = try table.get(1) {
    print("ops[1] read from Swift has type \(entry.type); call(20, 8) = \(try entry.call(.i32(20), .i32(8)))")
}

// Traps: a null entry, a wrong signature, an index past the end.
try table.grow(by: 1)
let negate = Func(store: store) { (a: Int32) -> Int32 in -a }
try table.grow(by: 1, initial: .funcref(negate))
for index: Int32 in [4, 5, 6] {
    do {
        _ = try apply(index, 1, 2)
    } catch let trap as Trap {
        print("apply(\(index), ...) trapped: \(trap.code.map { "\($0)" } ?? "?")")
    }
}

// Swift-side bounds and type checks throw instead of trapping.
do {
    try table.set(100, .funcref(nil))
} catch {
    print("set(100): \(error)")
}
do {
    try table.set(0, .i32(1))
} catch {
    print("set(0, .i32(1)): \(error)")
}
