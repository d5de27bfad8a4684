/// The plugin every request runs: a WebAssembly module in text form.
///
/// It imports what a request handler needs from the host (`http` reads the
/// request body and writes the response; `backend` is a slow service it
/// awaits) and exports one function per route, each returning the HTTP
/// status.
public enum PluginGuest {
    /// `handle`: upper-cases the ASCII letters of the body, asks the backend
    /// about the sum of its bytes, and answers `<BODY> <backend value>`.
    /// `spin`: loops until its fuel budget runs out. `slow`: waits for a
    /// backend lookup that takes `slowBackendMilliseconds`.
    public static let wat = """
        (module
          (import "http" "body_length" (func $body_length (result i32)))
          (import "http" "body_copy" (func $body_copy (param i32)))
          (import "http" "respond" (func $respond (param i32 i32)))
          (import "backend" "lookup" (func $lookup (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $buffer i32 (i32.const 1024))

          ;; Writes `v` in decimal at `at`; returns the number of digits.
          (func $decimal (param $v i32) (param $at i32) (result i32)
            (local $n i32) (local $t i32)
            (local.set $t (local.get $v))
            (loop $count
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br_if $count (local.tee $t (i32.div_u (local.get $t) (i32.const 10)))))
            (local.set $t (local.get $n))
            (loop $write
              (local.set $t (i32.sub (local.get $t) (i32.const 1)))
              (i32.store8 (i32.add (local.get $at) (local.get $t))
                (i32.add (i32.rem_u (local.get $v) (i32.const 10)) (i32.const 48)))
              (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
              (br_if $write (local.get $t)))
            (local.get $n))

          (func (export "handle") (result i32)
            (local $length i32) (local $i i32) (local $byte i32) (local $sum i32) (local $end i32)
            (local.set $length (call $body_length))
            (call $body_copy (global.get $buffer))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $length)))
              (local.set $byte (i32.load8_u (i32.add (global.get $buffer) (local.get $i))))
              (local.set $sum (i32.add (local.get $sum) (local.get $byte)))
              (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 97)) (i32.const 26))
                (then (i32.store8 (i32.add (global.get $buffer) (local.get $i))
                  (i32.sub (local.get $byte) (i32.const 32)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (local.set $end (i32.add (global.get $buffer) (local.get $length)))
            (i32.store8 (local.get $end) (i32.const 32))
            (local.set $end (i32.add (local.get $end) (i32.const 1)))
            (local.set $end (i32.add (local.get $end)
              (call $decimal (call $lookup (local.get $sum) (i32.const 0)) (local.get $end))))
            (call $respond (global.get $buffer) (i32.sub (local.get $end) (global.get $buffer)))
            (i32.const 200))

          (func (export "spin") (result i32)
            (loop $forever (br $forever))
            (i32.const 200))

          (func (export "slow") (result i32)
            (drop (call $lookup (i32.const 0) (i32.const 1)))
            (call $respond (global.get $buffer) (i32.const 0))
            (i32.const 200)))
        """
}
