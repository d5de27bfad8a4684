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
  (type $r' (record (field "id" u32) (field "name" string) (field "scores" (list s16))))
  (export $r "a-record" (type $r'))
  (type $v' (variant (case "nothing") (case "number" u64) (case "text" string)))
  (export $v "a-variant" (type $v'))
  (func (export "echo-string") (param "x" string) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result string)
    (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-record") (param "x" $r) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result $r)
    (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-variants") (param "x" (list $v)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list $v))
    (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc")))))
