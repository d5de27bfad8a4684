// Hello World: a module imports a Swift closure and calls it from `run`.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let module = try Module(
    engine: engine,
    wat: """
        (module
          (import "" "hello" (func $hello))
          (func (export "run") (call $hello)))
        """)

let hello = Func(store: store) { () in
    print("Hello, world!")
}
let instance = try Instance(store: store, module: module, imports: [.function(hello)])
let run = try instance.function("run", Void.self)
try run()
