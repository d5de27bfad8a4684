// Components: a hand-written component with a typed host function taking a string,
// a host resource backed by Swift objects, a typed export call and a WASI preview 2
// command (the README's "Components" example; ComponentReadmeExampleTests runs it too).
import Wasmtime

/// The Swift object behind each `counter` resource the guest makes.
final class Counter {
    var count: UInt32 = 0
}

let engine = Engine()
let component = try Component(
    engine: engine,
    wat: """
        (component $app
          ;; The host's interface: a function taking a string and a resource type.
          (import "example:app/host" (instance $host
            (export "counter" (type $counter (sub resource)))
            (export "[constructor]counter" (func (result (own $counter))))
            (export "[method]counter.bump" (func (param "self" (borrow $counter)) (result u32)))
            (export "log" (func (param "message" string)))))
          (alias export $host "counter" (type $counter))
          ;; WASI preview 2: the output stream of wasi:cli/stdout.
          (import "wasi:io/error@0.2.0" (instance $error (export "error" (type (sub resource)))))
          (alias export $error "error" (type $io-error))
          (import "wasi:io/streams@0.2.0" (instance $streams
            (alias outer $app $io-error (type $e))
            (export "output-stream" (type $s (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $e)) (case "closed")))
            (export "stream-error" (type $stream-error' (eq $stream-error)))
            (export "[method]output-stream.blocking-write-and-flush"
              (func (param "self" (borrow $s)) (param "contents" (list u8))
                (result (result (error $stream-error')))))))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdout@0.2.0" (instance $stdout
            (alias outer $app $output-stream (type $s))
            (export "output-stream" (type $s' (eq $s)))
            (export "get-stdout" (func (result (own $s'))))))
          ;; Memory, and a bump allocator for the strings the host passes in.
          (core module $memory
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 4096))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              global.get $next
              (global.set $next (i32.add (global.get $next) (local.get 3)))))
          (core instance $mem (instantiate $memory))
          (core func $new-counter (canon lower (func $host "[constructor]counter")))
          (core func $bump (canon lower (func $host "[method]counter.bump")))
          (core func $drop-counter (canon resource.drop $counter))
          (core func $log (canon lower (func $host "log") (memory (core memory $mem "memory"))))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
            (memory (core memory $mem "memory"))))
          (core func $drop-stream (canon resource.drop $output-stream))
          (core module $main
            (import "mem" "memory" (memory 1))
            (import "host" "new-counter" (func $new-counter (result i32)))
            (import "host" "bump" (func $bump (param i32) (result i32)))
            (import "host" "drop-counter" (func $drop-counter (param i32)))
            (import "host" "log" (func $log (param i32 i32)))
            (import "wasi" "get-stdout" (func $get-stdout (result i32)))
            (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
            (import "wasi" "drop-stream" (func $drop-stream (param i32)))
            (data (i32.const 0) "Hello, ")
            (data (i32.const 16) "Hello from the guest!")
            (data (i32.const 48) "counter: ?\\n")
            ;; greet(name) = "Hello, " + name + "!", built at 1024; (pointer, length) at 256.
            (func (export "greet") (param $name i32) (param $length i32) (result i32)
              (memory.copy (i32.const 1024) (i32.const 0) (i32.const 7))
              (memory.copy (i32.const 1031) (local.get $name) (local.get $length))
              (i32.store8 (i32.add (i32.const 1031) (local.get $length)) (i32.const 0x21))
              (i32.store (i32.const 256) (i32.const 1024))
              (i32.store (i32.const 260) (i32.add (local.get $length) (i32.const 8)))
              (i32.const 256))
            ;; wasi:cli/run: log, bump a new counter three times, drop it, print the count.
            (func (export "run") (result i32) (local $counter i32) (local $count i32) (local $out i32)
              (call $log (i32.const 16) (i32.const 21))
              (local.set $counter (call $new-counter))
              (drop (call $bump (local.get $counter)))
              (drop (call $bump (local.get $counter)))
              (local.set $count (call $bump (local.get $counter)))
              (call $drop-counter (local.get $counter))
              (i32.store8 (i32.const 57) (i32.add (i32.const 0x30) (local.get $count)))
              (local.set $out (call $get-stdout))
              (call $write (local.get $out) (i32.const 48) (i32.const 11) (i32.const 128))
              (call $drop-stream (local.get $out))
              (i32.load8_u (i32.const 128))))
          (core instance $i (instantiate $main
            (with "mem" (instance $mem))
            (with "host" (instance
              (export "new-counter" (func $new-counter))
              (export "bump" (func $bump))
              (export "drop-counter" (func $drop-counter))
              (export "log" (func $log))))
            (with "wasi" (instance
              (export "get-stdout" (func $get-stdout))
              (export "write" (func $write))
              (export "drop-stream" (func $drop-stream))))))
          (func (export "greet") (param "name" string) (result string)
            (canon lift (core func $i "greet")
              (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
          (func $run (result (result)) (canon lift (core func $i "run")))
          (instance $command (export "run" (func $run)))
          (export "wasi:cli/run@0.2.0" (instance $command)))
        """)

let linker = ComponentLinker(engine: engine)
// WASI preview 2 (wasi:cli, wasi:io, …), acting on the store's WASIConfiguration.
try linker.addWASIp2()
// A typed host function: the guest passes a string.
try linker.defineFunction("example:app/host", "log") { (message: String) in
    print("guest says: \(message)")
}
// A resource type the host defines: the guest holds handles, the host the Swift objects.
let counters = try linker.defineResource("example:app/host", "counter", backedBy: Counter.self) { counter in
    print("counter dropped at \(counter.count)")
}
try linker.defineFunction("example:app/host", "[constructor]counter") {
    (caller: borrowing ComponentCaller) -> HostOwned<Counter> in
    try HostOwned(Counter(), as: counters, in: caller.store)
}
try linker.defineFunction("example:app/host", "[method]counter.bump") {
    (counter: HostBorrowed<Counter>) -> UInt32 in
    let object = try counter.object
    object.count += 1
    return object.count
}

// The guest's standard output goes to a buffer.
let stdout = WASIOutputBuffer()
var wasi = WASIConfiguration()
wasi.standardOutput = .buffer(stdout)
let store = Store(engine: engine)
try store.setWASI(wasi)
let instance = try linker.instantiate(component, in: store)

// Run it as a WASI command (its wasi:cli/run export), then call an export with Swift values.
let status = try instance.runCommand()
print("exit status: \(status)")  // exit status: 0
print("guest stdout: \(stdout.string.debugDescription)")  // guest stdout: "counter: 3\n"
let greet = try instance.function("greet", String.self, String.self)
print(try greet("Swift"))  // Hello, Swift!
