// Components: a hand-written component calls a Swift host function with a
// string, and the host calls the component's exports with dynamic values.
import Wasmtime

let engine = Engine()
let component = try Component(
    engine: engine,
    wat: """
        (component
          (import "log" (func $log (param "message" string)))
          (core module $memory (memory (export "memory") 1) (data (i32.const 0) "Hello from the guest!"))
          (core instance $mem (instantiate $memory))
          (core func $log-lowered (canon lower (func $log) (memory (core memory $mem "memory"))))
          (core module $main
            (import "host" "log" (func $log (param i32 i32)))
            (func (export "run") (call $log (i32.const 0) (i32.const 21)))
            (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
          (core instance $i (instantiate $main (with "host" (instance (export "log" (func $log-lowered))))))
          (func (export "run") (canon lift (core func $i "run")))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))
        """)

let linker = ComponentLinker(engine: engine)
try linker.defineFunction("log") { arguments in
    print("guest says: \(arguments[0])")  // guest says: "Hello from the guest!"
    return []
}
let instance = try linker.instantiate(component, in: Store(engine: engine))
try instance.function("run").call()

let add = try instance.function("add")
print(add.type)  // func(a: u32, b: u32) -> u32
print(try add(.u32(40), .u32(2)))  // 42
