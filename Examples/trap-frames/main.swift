// Trap frames: a trap deep inside named wasm functions, reported as a Trap
// with its code, message and backtrace (function and module names, offsets).
// A Swift error thrown by a host function comes back out unchanged.
import Wasmtime

struct Overheated: Error {
    let degrees: Int32
}

let engine = Engine()
let store = Store(engine: engine)

let checkTemperature = Func(store: store) { (degrees: Int32) throws in
    if degrees > 100 { throw Overheated(degrees: degrees) }
}

// `$calculator` and the `$...` function names go into the name section.
let module = try Module(
    engine: engine,
    wat: """
        (module $calculator
          (import "host" "check" (func $check (param i32)))
          (func $entry (export "average") (param $sum i32) (param $count i32) (result i32)
            (call $validate (local.get $sum) (local.get $count)))
          (func $validate (param $sum i32) (param $count i32) (result i32)
            (call $check (local.get $sum))
            (call $divide (local.get $sum) (local.get $count)))
          (func $divide (param i32 i32) (result i32)
            (i32.div_s (local.get 0) (local.get 1))))
        """)
let instance = try Instance(store: store, module: module, imports: [.function(checkTemperature)])
let average = try instance.function("average", (Int32, Int32).self, Int32.self)

print("average(90, 3) = \(try average(90, 3))")

do {
    _ = try average(90, 0)
} catch let trap as Trap {
    print("average(90, 0) trapped")
    print("  code: \(trap.code.map { "\($0)" } ?? "none")")
    print("  message (Wasmtime's rendering, backtrace included):")
    for line in trap.message.split(separator: "\n") { print("  | \(line)") }
    print("  frames (innermost first):")
    for frame in trap.frames {
        let offset = frame.functionOffset.map { "+0x" + String($0, radix: 16) } ?? ""
        let moduleOffset = frame.moduleOffset.map { "0x" + String($0, radix: 16) } ?? "?"
        print(
            "    \(frame.moduleName ?? "?")::\(frame.functionName ?? "#\(frame.functionIndex)")\(offset)"
                + " (function index \(frame.functionIndex), module offset \(moduleOffset))")
    }
}

// A host function's Swift error is not a trap: the caller gets the error itself.
do {
    _ = try average(300, 3)
} catch let error as Overheated {
    print("average(300, 3) threw the host's error: Overheated(degrees: \(error.degrees))")
}
