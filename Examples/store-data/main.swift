// Store data: a Store<Counter> carries a Swift value that host functions
// reach and mutate through their Caller, without capturing the store.
import Wasmtime

struct Counter {
    var calls = 0
    var total: Int64 = 0
    var messages: [String] = []
}

let engine = Engine()
let store = Store(engine: engine, data: Counter())

// Adds `amount` to the counter in the store's data.
let add = Func(store: store) { (caller: borrowing Caller, amount: Int64) in
    guard let store = caller.store(as: Counter.self) else { return }
    store.data.calls += 1
    store.data.total += amount
}

// Reads a string from the caller's memory and records it.
let log = Func(store: store) { (caller: borrowing Caller, pointer: Int32, length: Int32) throws in
    let memory = try caller.memory("memory")
    let text = try memory.readString(at: UInt64(pointer), count: Int(length))
    caller.store(as: Counter.self)?.data.messages.append(text)
}

// Returns the number of calls so far, read through Caller.data(as:).
let calls = Func(store: store) { (caller: borrowing Caller) -> Int32 in
    Int32(caller.data(as: Counter.self)?.calls ?? -1)
}

let module = try Module(
    engine: engine,
    wat: """
        (module
          (import "env" "add" (func $add (param i64)))
          (import "env" "log" (func $log (param i32 i32)))
          (import "env" "calls" (func $calls (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "started" "finished")
          (func (export "run") (param $n i32) (result i32)
            (local $i i32)
            (call $log (i32.const 0) (i32.const 7))
            (loop $next
              (call $add (i64.extend_i32_u (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
            (call $log (i32.const 7) (i32.const 8))
            (call $calls)))
        """)
let instance = try Instance(
    store: store, module: module,
    imports: [.function(add), .function(log), .function(calls)])
let run = try instance.function("run", Int32.self, Int32.self)

print("run(10) returned calls = \(try run(10))")
print("store.data: calls \(store.data.calls), total \(store.data.total), messages \(store.data.messages)")

// Swift can change the data between calls too.
store.data = Counter(calls: 100)
print("run(3) after resetting the data returned calls = \(try run(3))")
print("store.data: calls \(store.data.calls), total \(store.data.total), messages \(store.data.messages)")
