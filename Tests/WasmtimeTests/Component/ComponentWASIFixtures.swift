import WasmtimeTestSupport

/// A hand-written `wasi:cli/command`-style component using WASI preview 2:
/// `run` prints each argument on its own line, then each environment
/// variable as `NAME=VALUE`, to `wasi:cli/stdout`; then it calls
/// `wasi:cli/exit` with an error when the last argument starts with `x`,
/// returns an error from `run` when it starts with `f`, and succeeds otherwise.
enum ComponentWASIFixtures {
    /// Imports `wasi:cli/environment@VERSION` (`arguments` returns its
    /// `get-arguments`), an interface `example:test/extra@0.1.0` (a resource
    /// `thing`, functions `defined` and `undefined`) and a function
    /// `missing`, and exports a function calling each.
    static func partlyDefined(wasiVersion version: String) -> String {
        """
        (component
          (import "wasi:cli/environment@\(version)" (instance $environment
            (export "get-arguments" (func (result (list string))))))
          (import "example:test/extra@0.1.0" (instance $extra
            (export "thing" (type (sub resource)))
            (export "defined" (func (result u32)))
            (export "undefined" (func (result u32)))))
          (import "missing" (func $missing (result u32)))
          \(ComponentFixtures.memoryModule)
          (core func $get-arguments (canon lower (func $environment "get-arguments") \(ComponentFixtures.memoryOptions)))
          (core func $defined (canon lower (func $extra "defined")))
          (core func $undefined (canon lower (func $extra "undefined")))
          (core func $missing (canon lower (func $missing)))
          (core module $m
            (import "host" "get-arguments" (func $get-arguments (param i32)))
            (import "host" "defined" (func $defined (result i32)))
            (import "host" "undefined" (func $undefined (result i32)))
            (import "host" "missing" (func $missing (result i32)))
            (func (export "arguments") (result i32) (call $get-arguments (i32.const 16)) i32.const 16)
            (func (export "defined") (result i32) call $defined)
            (func (export "undefined") (result i32) call $undefined)
            (func (export "missing") (result i32) call $missing))
          (core instance $i (instantiate $m (with "host" (instance
            (export "get-arguments" (func $get-arguments))
            (export "defined" (func $defined))
            (export "undefined" (func $undefined))
            (export "missing" (func $missing))))))
          (func (export "arguments") (result (list string))
            (canon lift (core func $i "arguments") \(ComponentFixtures.memoryOptions)))
          (func (export "defined") (result u32) (canon lift (core func $i "defined")))
          (func (export "undefined") (result u32) (canon lift (core func $i "undefined")))
          (func (export "missing") (result u32) (canon lift (core func $i "missing"))))
        """
    }

    static let command = """
        (component $C
          (import "wasi:io/error@0.2.0" (instance $error-instance
            (export "error" (type (sub resource)))))
          (alias export $error-instance "error" (type $error))
          (import "wasi:io/streams@0.2.0" (instance $streams
            (alias outer $C $error (type $err))
            (export "output-stream" (type $os (sub resource)))
            (type $stream-error' (variant (case "last-operation-failed" (own $err)) (case "closed")))
            (export "stream-error" (type $stream-error (eq $stream-error')))
            (export "[method]output-stream.blocking-write-and-flush"
              (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $stream-error)))))))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdout@0.2.0" (instance $stdout
            (alias outer $C $output-stream (type $os))
            (export "output-stream" (type $os2 (eq $os)))
            (export "get-stdout" (func (result (own $os2))))))
          (import "wasi:cli/environment@0.2.0" (instance $environment
            (export "get-environment" (func (result (list (tuple string string)))))
            (export "get-arguments" (func (result (list string))))))
          (import "wasi:cli/exit@0.2.0" (instance $exit
            (export "exit" (func (param "status" (result))))))
          \(ComponentFixtures.memoryModule)
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
            (memory (core memory $mi "memory"))))
          (core func $drop-stream (canon resource.drop $output-stream))
          (core func $get-arguments (canon lower (func $environment "get-arguments") \(ComponentFixtures.memoryOptions)))
          (core func $get-environment (canon lower (func $environment "get-environment") \(ComponentFixtures.memoryOptions)))
          (core func $exit (canon lower (func $exit "exit")))
          (core module $main
            (import "mem" "memory" (memory 1))
            (import "wasi" "get-stdout" (func $get-stdout (result i32)))
            (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
            (import "wasi" "drop-stream" (func $drop (param i32)))
            (import "wasi" "get-arguments" (func $get-arguments (param i32)))
            (import "wasi" "get-environment" (func $get-environment (param i32)))
            (import "wasi" "exit" (func $exit (param i32)))
            (data (i32.const 64) "\\n=")
            (func $put (param $stream i32) (param $ptr i32) (param $len i32)
              (call $write (local.get $stream) (local.get $ptr) (local.get $len) (i32.const 32))
              (if (i32.load8_u (i32.const 32)) (then unreachable)))
            (func (export "run") (result i32)
              (local $out i32) (local $i i32) (local $n i32) (local $base i32) (local $item i32)
              (local.set $out (call $get-stdout))
              (call $get-arguments (i32.const 16))
              (local.set $base (i32.load (i32.const 16)))
              (local.set $n (i32.load (i32.const 20)))
              (block $done (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $item (i32.add (local.get $base) (i32.mul (local.get $i) (i32.const 8))))
                (call $put (local.get $out) (i32.load (local.get $item)) (i32.load offset=4 (local.get $item)))
                (call $put (local.get $out) (i32.const 64) (i32.const 1))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
              (call $get-environment (i32.const 24))
              (local.set $base (i32.load (i32.const 24)))
              (local.set $n (i32.load (i32.const 28)))
              (local.set $i (i32.const 0))
              (block $done (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $item (i32.add (local.get $base) (i32.mul (local.get $i) (i32.const 16))))
                (call $put (local.get $out) (i32.load (local.get $item)) (i32.load offset=4 (local.get $item)))
                (call $put (local.get $out) (i32.const 65) (i32.const 1))
                (call $put (local.get $out) (i32.load offset=8 (local.get $item)) (i32.load offset=12 (local.get $item)))
                (call $put (local.get $out) (i32.const 64) (i32.const 1))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
              (call $drop (local.get $out))
              (local.set $n (i32.load (i32.const 20)))
              (if (local.get $n) (then
                (local.set $item (i32.add (i32.load (i32.const 16)) (i32.mul (i32.sub (local.get $n) (i32.const 1)) (i32.const 8))))
                (if (i32.load offset=4 (local.get $item)) (then
                  (if (i32.eq (i32.load8_u (i32.load (local.get $item))) (i32.const 0x78))
                    (then (call $exit (i32.const 1)) unreachable))
                  (if (i32.eq (i32.load8_u (i32.load (local.get $item))) (i32.const 0x66))
                    (then (return (i32.const 1))))))))
              i32.const 0))
          (core instance $main-instance (instantiate $main
            (with "mem" (instance $mi))
            (with "wasi" (instance
              (export "get-stdout" (func $get-stdout))
              (export "write" (func $write))
              (export "drop-stream" (func $drop-stream))
              (export "get-arguments" (func $get-arguments))
              (export "get-environment" (func $get-environment))
              (export "exit" (func $exit))))))
          (func $run (result (result)) (canon lift (core func $main-instance "run")))
          (instance $run-instance (export "run" (func $run)))
          (export "wasi:cli/run@0.2.0" (instance $run-instance)))
        """
}
