// Dynamic: host functions and calls whose signatures are known only at run
// time, as an interpreter or a plugin host would have them. The in-place
// forms allocate nothing per call.
import Wasmtime

let engine = Engine()
let store = Store(engine: engine)
let linker = Linker(engine: engine)

// Each operation is described by data: a name, a signature, an implementation
// over `Value`s. One generic closure serves them all.
struct Operation: Sendable {
    let name: String
    let type: FuncType
    let apply: @Sendable (borrowing HostArguments, inout HostResults) -> Void
}

let operations = [
    Operation(name: "scale", type: FuncType(parameters: [.f64, .i32], results: [.f64])) { arguments, results in
        results[0] = .f64(arguments[0].f64! * Double(arguments[1].i32!))
    },
    Operation(name: "split", type: FuncType(parameters: [.i64], results: [.i32, .i32])) { arguments, results in
        let value = arguments[0].i64!
        results[0] = .i32(Int32(truncatingIfNeeded: value >> 32))
        results[1] = .i32(Int32(truncatingIfNeeded: value))
    },
]
for operation in operations {
    try linker.defineFunction("ops", operation.name, type: operation.type) { _, arguments, results in
        operation.apply(arguments, &results)
    }
}

let module = try Module(
    engine: engine,
    wat: """
        (module
          (import "ops" "scale" (func $scale (param f64 i32) (result f64)))
          (import "ops" "split" (func $split (param i64) (result i32 i32)))
          (func (export "area") (param $side f64) (result f64)
            (call $scale (local.get $side) (i32.const 4)))
          (func (export "halves") (param i64) (result i32 i32)
            (call $split (local.get 0))))
        """)
let instance = try linker.instantiate(module, in: store)

// Untyped calls: check the signature at run time, reuse the result array.
var results: [Value] = []
for export in instance.exports {
    guard case .function(let function) = export.item else { continue }
    let arguments = function.type.parameters.map { type -> Value in
        type == .f64 ? .f64(2.5) : .i64(0x0000_0007_0000_0009)
    }
    try function.call(arguments, into: &results)
    print("\(export.name)\(arguments) = \(results)")
}

// A result of the wrong type is an error, not a crash.
let broken = Func(store: store, type: FuncType(results: [.i32])) { _, _, results in
    results[0] = .f64(1)
}
do {
    _ = try broken.call([])
} catch let error as WasmtimeError {
    print("broken: \(error.kind): \(error.message)")
}
