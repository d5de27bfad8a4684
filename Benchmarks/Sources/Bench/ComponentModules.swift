/// The component of the component benchmarks (issue 12), compiled once with
/// Wasmtime's `wat2wasm`; the raw C API, the binding (typed and dynamic) and
/// wasmtime-py all run the same bytes.
///
/// - `add(a: u32, b: u32) -> u32`
/// - `echo(s: string) -> string` and `echo-bytes(b: list<u8>) -> list<u8>`:
///   the guest returns the argument's own bytes; a post-return resets the
///   bump allocator, so guest memory stays small however many calls run
/// - `echo-record(r: rec) -> rec`, `rec` a record of five fields
/// - `call-host(n: u32) -> u32`: calls the import `host-len(s: string) -> u32`
///   `n` times with a 16-byte string from guest memory and sums the results
enum ComponentModules {
    static let bench = """
        (component
          (import "host-len" (func $host-len (param "s" string) (result u32)))
          (core module $mem
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
              (result i32)
              (local $p i32) (local $end i32)
              global.get $next
              local.get $align i32.const 1 i32.sub i32.add
              i32.const 0 local.get $align i32.sub i32.and
              local.tee $p
              local.get $size i32.add
              local.tee $end
              global.set $next
              (block $ok
                local.get $end
                memory.size i32.const 16 i32.shl
                i32.le_u
                br_if $ok
                local.get $end memory.size i32.const 16 i32.shl i32.sub
                i32.const 65535 i32.add i32.const 16 i32.shr_u
                memory.grow
                i32.const -1 i32.ne
                br_if $ok
                unreachable)
              (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
              local.get $p)
            (func (export "reset") (param i32) (global.set $next (i32.const 1024)))
            (data (i32.const 64) "0123456789abcdef"))
          (core instance $mi (instantiate $mem))
          (core func $host-len-lowered
            (canon lower (func $host-len) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
          (core module $m
            (import "host" "len" (func $len (param i32 i32) (result i32)))
            (import "mem" "memory" (memory 1))
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 8) (local.get 0))
              (i32.store (i32.const 12) (local.get 1))
              (i32.const 8))
            (func (export "record") (param i32 i32 i64 f64 i32) (result i32)
              (i32.store (i32.const 16) (local.get 0))
              (i32.store (i32.const 20) (local.get 1))
              (i64.store (i32.const 24) (local.get 2))
              (f64.store (i32.const 32) (local.get 3))
              (i32.store8 (i32.const 40) (local.get 4))
              (i32.const 16))
            (func (export "call-host") (param $n i32) (result i32) (local $sum i32)
              (block $done
                (loop $loop
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $sum (i32.add (local.get $sum) (call $len (i32.const 64) (i32.const 16))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $loop)))
              (local.get $sum)))
          (core instance $i (instantiate $m
            (with "host" (instance (export "len" (func $host-len-lowered))))
            (with "mem" (instance $mi))))
          (type $rec' (record (field "a" u32) (field "b" u32) (field "c" u64) (field "d" f64) (field "e" bool)))
          (export $rec "rec" (type $rec'))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))
              (post-return (core func $mi "reset"))))
          (func (export "echo-bytes") (param "b" (list u8)) (result (list u8))
            (canon lift (core func $i "echo") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))
              (post-return (core func $mi "reset"))))
          (func (export "echo-record") (param "r" $rec) (result $rec)
            (canon lift (core func $i "record") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
          (func (export "call-host") (param "n" u32) (result u32) (canon lift (core func $i "call-host")))
        )
        """

    static let text16 = "0123456789abcdef"
    static let text16K = String(repeating: "abcdefghijklmnop", count: 1024)
    static let bytes64K: [UInt8] = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}
