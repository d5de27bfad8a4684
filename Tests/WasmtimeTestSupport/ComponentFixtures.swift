/// Pieces of hand-written components (component text format) that the
/// library's suites and the CLI's suites both build their components from;
/// each test target extends this type with the components of its own.
public enum ComponentFixtures {
    /// A core module with a growable memory and a bump `cabi_realloc`
    /// (reallocation copies the old bytes), for the canonical ABI, and its
    /// instance `$mi`.
    public static let memoryModule = """
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
            local.get $p))
        (core instance $mi (instantiate $mem))
        """

    /// Canonical options for a lift or lower that needs memory and realloc (those of ``memoryModule``).
    public static let memoryOptions = #"(memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))"#

    /// Sixteen flat values: a second parameter of this type makes the
    /// parameters travel in memory, and the result is returned as a pointer
    /// to the same bytes, so a guest's `echo-ptr` (see ``echoCoreFunctions``)
    /// echoes any type.
    public static let pad = "(tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)"

    /// Core functions that return their argument, for a core module of echo
    /// components: `echo-i32`, `echo-i64`, `echo-f32`, `echo-f64`, and
    /// `echo-ptr` for values passed in memory (see ``pad``).
    public static let echoCoreFunctions = """
        (func (export "echo-i32") (param i32) (result i32) local.get 0)
        (func (export "echo-i64") (param i64) (result i64) local.get 0)
        (func (export "echo-f32") (param f32) (result f32) local.get 0)
        (func (export "echo-f64") (param f64) (result f64) local.get 0)
        (func (export "echo-ptr") (param i32) (result i32) local.get 0)
        """
}
