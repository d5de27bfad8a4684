(component
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
  (core module $m (func (export "echo-ptr") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $record' (record (field "id" u32) (field "name" string) (field "scores" (list s16))))
(export $record "a-record" (type $record'))
(type $variant' (variant (case "nothing") (case "number" u64) (case "text" string)))
(export $variant "a-variant" (type $variant'))
(type $enum' (enum "red" "green" "blue"))
(export $enum "color" (type $enum'))
(type $flags' (flags "read" "write" "exec"))
(export $flags "permissions" (type $flags'))
(type $leaf' (record (field "k" string) (field "v" (option (result u8 (error string))))))
(export $leaf "leaf" (type $leaf'))
(type $node' (variant (case "leaf" $leaf) (case "empty")))
(export $node "node" (type $node'))
  (func (export "echo-strings") (param "x" (list string)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list string)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-f32s") (param "x" (list f32)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list f32)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-f64s") (param "x" (list f64)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list f64)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-u64s") (param "x" (list u64)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list u64)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-s8s") (param "x" (list s8)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list s8)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-chars") (param "x" (list char)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list char)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-bools") (param "x" (list bool)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list bool)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-float-pairs") (param "x" (tuple (list f32) (option f64) (result f32 (error f64)))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (tuple (list f32) (option f64) (result f32 (error f64)))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-records") (param "x" (list $record)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list $record)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-deep") (param "x" (option (result (list (option (tuple $variant (list string)))) (error (list $enum))))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (option (result (list (option (tuple $variant (list string)))) (error (list $enum))))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-flags-list") (param "x" (list $flags)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list $flags)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-byte-lists") (param "x" (list (list u8))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list (list u8))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-single-tuples") (param "x" (list (tuple u8))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list (tuple u8))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-result-both-empty") (param "x" (list (result))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list (result))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (core module $mixed
  (import "mem" "memory" (memory 1))
  (func (export "mixed") (param $a i32) (param $sp i32) (param $sl i32) (param $c f64) (param $lp i32) (param $ll i32)
    (param $e i32) (result i32)
    (i32.store8 (i32.const 64) (local.get $a))
    (i32.store (i32.const 68) (local.get $sp))
    (i32.store (i32.const 72) (local.get $sl))
    (f64.store (i32.const 80) (local.get $c))
    (i32.store (i32.const 88) (local.get $lp))
    (i32.store (i32.const 92) (local.get $ll))
    (i32.store8 (i32.const 96) (local.get $e))
    i32.const 64))
(core instance $mixed-instance (instantiate $mixed (with "mem" (instance $mi))))
(func (export "mixed") (param "a" u8) (param "b" string) (param "c" f64) (param "d" (list u16)) (param "e" bool)
  (result (tuple u8 string f64 (list u16) bool))
  (canon lift (core func $mixed-instance "mixed") (memory (core memory $mi "memory"))
    (realloc (core func $mi "cabi_realloc"))))
  (type $token (resource (rep i32)))
(core func $token-new (canon resource.new $token))
(core func $token-rep (canon resource.rep $token))
(core module $tokens
  (import "" "new" (func $new (param i32) (result i32)))
  (import "" "rep" (func $rep (param i32) (result i32)))
  (func (export "new") (param i32) (result i32) local.get 0 call $new)
  (func (export "same") (param i32) (result i32) local.get 0))
(core instance $token-instance (instantiate $tokens (with "" (instance
  (export "new" (func $token-new)) (export "rep" (func $token-rep))))))
(export $token-export "token" (type $token))
(func (export "new-token") (param "rep" u32) (result (own $token-export))
  (canon lift (core func $token-instance "new")))
(func (export "echo-own") (param "t" (own $token-export)) (result (own $token-export))
  (canon lift (core func $token-instance "same")))
(func (export "rep") (param "t" (borrow $token-export)) (result u32)
  (canon lift (core func $token-instance "same")))
(func (export "echo-owns") (param "t" (list (own $token-export))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64))
  (result (list (own $token-export)))
  (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
)