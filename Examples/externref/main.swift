// Externref: Swift objects handed to wasm as opaque `externref` values,
// stored in a table and a global, returned with their identity intact, and
// released once wasm drops them and the store collects garbage.
import Wasmtime

/// A Swift object that announces when it is freed.
final class Resource {
    let name: String
    init(_ name: String) { self.name = name }
    deinit { print("  deinit: Resource(\(name)) released") }
}

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (table $slots (export "slots") 4 externref)
          (global $last (export "last") (mut externref) (ref.null extern))
          ;; Keeps a reference in slots[index] and in $last.
          (func (export "put") (param $index i32) (param $ref externref)
            (table.set $slots (local.get $index) (local.get $ref))
            (global.set $last (local.get $ref)))
          (func (export "get") (param $index i32) (result externref)
            (table.get $slots (local.get $index)))
          ;; Forgets every reference.
          (func (export "clear")
            (table.fill $slots (i32.const 0) (ref.null extern) (table.size $slots))
            (global.set $last (ref.null extern))))
        """)
let instance = try Instance(store: store, module: module)
let put = try instance.function("put", (Int32, ExternRef?).self)
let get = try instance.function("get", Int32.self, ExternRef?.self)
let clear = try instance.function("clear", Void.self)
let slots = try instance.table("slots")
let last = try instance.global("last")

do {
    let apple = ExternRef(Resource("apple"))
    let pear = ExternRef(Resource("pear"))
    try put(0, apple)
    try put(1, pear)

    // The very same Swift objects come back.
    let back = try get(0)
    print("get(0) === apple: \(back === apple), holds \((back?.value as? Resource)?.name ?? "?")")
    if case .externref(let fromTable) = try slots.get(1), case .externref(let fromGlobal) = last.get() {
        print("slots[1] === pear: \(fromTable === pear), last === pear: \(fromGlobal === pear)")
    }
    print("get(2) (never set) is nil: \(try get(2) == nil)")

    // Swift can fill the table too; wasm then hands the value back.
    try slots.set(3, .externref(ExternRef("a plain string")))
    print("get(3) value: \(try get(3)?.value ?? "nil")")
}

// The Swift variables are gone, but wasm still holds both resources.
print("Swift dropped its references; wasm still holds them. Collecting:")
try store.collectGarbage()
print("wasm clears its table and global. Collecting:")
try clear()
try store.collectGarbage()
print("done")
