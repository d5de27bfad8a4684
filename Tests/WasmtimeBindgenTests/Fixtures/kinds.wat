;; Every kind of type: named records, variants, enums, flags at the top
;; level, anonymous tuples, options, results and lists, an exported
;; interface, and a guest resource with a constructor, a method and a
;; static function, and a map (an opt-in feature). Echo functions take a `pad` (16 flat values) so their
;; arguments travel in memory and the guest can return the same pointer.
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

  (core module $m
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "mul") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul)
    (func (export "echo-i32") (param i32) (result i32) local.get 0)
    (func (export "echo-ptr") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $point' (record (field "x" s32) (field "y" s32)))
  (export $point "point" (type $point'))
  (type $person' (record (field "name" string) (field "age" u8) (field "tags" (list string)) (field "home" (option $point))))
  (export $person "person" (type $person'))
  (type $shape' (variant (case "circle" f64) (case "rect" $point) (case "empty")))
  (export $shape "shape" (type $shape'))
  (type $color' (enum "red" "green" "blue"))
  (export $color "color" (type $color'))
  (type $perms' (flags "read" "write" "exec"))
  (export $perms "perms" (type $perms'))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "echo-color") (param "value" $color) (result $color) (canon lift (core func $i "echo-i32")))
  (func (export "echo-perms") (param "value" $perms) (result $perms) (canon lift (core func $i "echo-i32")))
  (func (export "echo-person") (param "value" $person) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result $person) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-shape") (param "value" $shape) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result $shape) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-shapes") (param "value" (list $shape)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list $shape)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-tuple") (param "value" (tuple u8 string f64)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (tuple u8 string f64)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-result") (param "value" (result string (error u32))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (result string (error u32))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-result-color") (param "value" (result (error $color))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (result (error $color))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-option") (param "value" (option (option string))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (option (option string))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-scalars") (param "value" (tuple bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (tuple bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-bytes") (param "value" (list u8)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list u8)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-strings") (param "value" (list string)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (list string)) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "echo-map") (param "value" (map string (list u32))) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result (map string (list u32))) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func $mul (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "mul")))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (instance $math (export "mul" (func $mul)) (export "add" (func $add)))
  (export "example:kinds/math@0.1.0" (instance $math))

  (core module $state
    (global $dropped (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
    (func (export "dropped") (result i32) global.get $dropped))
  (core instance $si (instantiate $state))
  (type $counter' (resource (rep i32) (dtor (core func $si "dtor"))))
  (core func $counter-new (canon resource.new $counter'))
  (core module $counters
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "new") (param i32) (result i32) local.get 0 call $new)
    (func (export "zero") (result i32) i32.const 0 call $new)
    (func (export "value") (param i32) (result i32) local.get 0)
    (func (export "sum") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $ci (instantiate $counters (with "" (instance (export "new" (func $counter-new))))))
  (export $counter "counter" (type $counter'))
  (func (export "[constructor]counter") (param "start" u32) (result (own $counter)) (canon lift (core func $ci "new")))
  (func (export "[method]counter.value") (param "self" (borrow $counter)) (result u32) (canon lift (core func $ci "value")))
  (func (export "[static]counter.zero") (result (own $counter)) (canon lift (core func $ci "zero")))
  (func (export "sum") (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result u32) (canon lift (core func $ci "sum")))
  (func (export "dropped") (result u32) (canon lift (core func $si "dropped")))
)
