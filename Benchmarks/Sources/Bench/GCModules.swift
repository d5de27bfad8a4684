// The wasm side of the GC-object and exception benchmarks (issue 15).
enum GCModules {
    /// An `i32` array type matching the one Swift and C build, a wasm-only
    /// allocate-fill-sum for comparison, and the exception round trip.
    static let gc = """
        (module
          (type $ints (array (mut i32)))
          (import "host" "throw" (func $throw (param i32)))
          (import "host" "fail" (func $fail (param i32)))
          (tag $e (export "e") (param i32))

          ;; Allocates n elements, writes i at index i, sums them.
          (func (export "fillAndSum") (param $n i32) (result i32)
            (local $array (ref $ints)) (local $i i32) (local $sum i32)
            (local.set $array (array.new_default $ints (local.get $n)))
            (block $filled
              (loop $fill
                (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
                (array.set $ints (local.get $array) (local.get $i) (local.get $i))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $fill)))
            (local.set $i (i32.const 0))
            (block $summed
              (loop $sum
                (br_if $summed (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $sum (i32.add (local.get $sum) (array.get $ints (local.get $array) (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $sum)))
            (local.get $sum))

          ;; The host throws $e with x; wasm catches it and returns x.
          (func (export "roundtrip") (param $x i32) (result i32)
            (block $caught (result i32)
              (try_table (catch $e $caught) (call $throw (local.get $x)))
              (i32.const -1)))

          ;; The host fails with a trap, which wasm cannot catch.
          (func (export "trapping") (param $x i32)
            (call $fail (local.get $x))))
        """

    static let arrayLength = 1_000
    /// 0 + 1 + … + 999.
    static let arraySum = UInt64(arrayLength * (arrayLength - 1) / 2)
}
