/// The benchmark modules in the text format. They are assembled once (by
/// Wasmtime's `wat2wasm`) and every runtime is given the same bytes.
enum Modules {
    /// Host-to-wasm targets (`nop`, `add`, `mix`) and the wasm-to-host loops
    /// (`call_*`), which call the imported host functions `n` times, from
    /// `n` down to 1, and fold their results into an i32.
    static let calls = """
        (module
          (import "host" "nop" (func $host_nop))
          (import "host" "add" (func $host_add (param i32 i32) (result i32)))
          (import "host" "mix" (func $host_mix (param i32 i64) (result f32)))
          (func (export "nop"))
          (func (export "add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1)))
          (func (export "mix") (param i32 i64) (result f32)
            (f32.add (f32.convert_i32_s (local.get 0)) (f32.convert_i64_s (local.get 1))))
          (func (export "call_nop") (param $n i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (call $host_nop)
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next))))
          (func (export "call_add") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call $host_add (local.get $acc) (local.get $n)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc))
          (func (export "call_mix") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc
                  (i32.add (local.get $acc)
                    (i32.reinterpret_f32
                      (call $host_mix (local.get $n) (i64.extend_i32_u (local.get $n))))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """

    /// A small but not trivial module for the instantiation cases: a host
    /// import, a memory with a data segment, a table with an element
    /// segment, a mutable global and a few functions.
    static let instantiation = """
        (module
          (import "host" "log" (func $log (param i32)))
          (memory (export "memory") 1)
          (table 16 funcref)
          (global $calls (mut i32) (i32.const 0))
          (data (i32.const 64) "instantiation benchmark data segment")
          (elem (i32.const 0) $zero $one $two)
          (type $get (func (result i32)))
          (func $zero (result i32) (i32.const 0))
          (func $one (result i32) (i32.const 1))
          (func $two (result i32) (i32.const 2))
          (func (export "run") (param $index i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (call $log (local.get $index))
            (i32.add (call_indirect (type $get) (local.get $index)) (i32.load8_u (i32.const 64)))))
        """

    /// Linear memory for the copy cases: 2 MiB, room for the 1 MiB buffers.
    static let memory = """
        (module (memory (export "memory") 32))
        """

    /// Offset in linear memory where the copy cases place their buffers.
    static let copyOffset = 4096
}

/// The function signatures of the call cases, named as in Wasmtime's `benches/call.rs`.
enum Signature: CaseIterable {
    case nop, add, mix

    var label: String {
        switch self {
        case .nop: "nop"
        case .add: "i32,i32->i32"
        case .mix: "i32,i64->f32"
        }
    }

    /// Checksum of `count` host-to-wasm calls: call `i` (from 0) passes
    /// `(i, 1)` to `add` and `(i & 0xFFFF, i)` to `mix`; results are summed as bit patterns.
    func hostToWasmExpected(_ count: Int) -> UInt64 {
        switch self {
        case .nop:
            return UInt64(count)
        case .add:
            var sum: UInt64 = 0
            for i in 0..<count { sum &+= UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: i) &+ 1)) }
            return sum
        case .mix:
            var sum: UInt64 = 0
            for i in 0..<count { sum &+= UInt64(Signature.mix(Int32(i & 0xFFFF), Int64(i)).bitPattern) }
            return sum
        }
    }

    /// Checksum of the `call_*` loop run `count` times (see ``Modules/calls``).
    func wasmToHostExpected(_ count: Int) -> UInt64 {
        switch self {
        case .nop:
            return UInt64(count)
        case .add:
            var acc: Int32 = 0
            for n in stride(from: Int32(count), to: 0, by: -1) { acc = acc &+ n }
            return UInt64(UInt32(bitPattern: acc))
        case .mix:
            var acc: UInt32 = 0
            for n in stride(from: Int32(count), to: 0, by: -1) {
                acc &+= Signature.mix(n, Int64(UInt32(bitPattern: n))).bitPattern
            }
            return UInt64(acc)
        }
    }

    /// What `mix` computes, in wasm and on the host alike.
    @inline(__always)
    static func mix(_ a: Int32, _ b: Int64) -> Float {
        Float(a) + Float(b)
    }
}

/// The fill pattern of the copy cases' source buffers.
@inline(__always)
func copyPattern(_ index: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: index &* 31 &+ 7)
}
