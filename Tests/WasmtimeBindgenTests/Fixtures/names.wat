;; Names that need care: Swift keywords as type, field, case, function and
;; parameter names; names the generated code already uses (`Type`,
;; `Exports`, `instance`, `rawValue`); two interfaces with the same short name.
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
    (func (export "id") (param i32) (result i32) local.get 0)
    (func (export "one") (result i32) i32.const 1)
    (func (export "two") (result i32) i32.const 2)
    (func (export "echo-ptr") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $type' (record (field "in" u32) (field "self" u32) (field "default" u32) (field "init" u32) (field "functions" u32)))
  (type $exports' (record (field "x" u32)))
  (export $exports "exports" (type $exports'))
  (type $raw' (flags "raw-value" "read"))
  (export $raw "raw" (type $raw'))
  (export $type "type" (type $type'))
  (type $keyword' (enum "true" "false" "default" "case" "self" "init"))
  (export $keyword "keyword" (type $keyword'))
  (type $error' (variant (case "none") (case "some" string) (case "protocol" u32)))
  (export $error "error" (type $error'))
  (func (export "import") (param "in" $type) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result $type) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "self") (param "self" $keyword) (result $keyword) (canon lift (core func $i "id")))
  (func (export "get-value") (param "return" u32) (result u32) (canon lift (core func $i "id")))
  (func (export "instance") (param "x" $exports) (result $exports) (canon lift (core func $i "id")))
  (func (export "flags") (param "raw" $raw) (result $raw) (canon lift (core func $i "id")))
  (func (export "fail") (param "error" $error) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (result $error) (canon lift (core func $i "echo-ptr") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func $one (result u32) (canon lift (core func $i "one")))
  (func $two (result u32) (canon lift (core func $i "two")))
  (instance $a (export "run" (func $one)))
  (instance $b (export "run" (func $two)))
  (export "example:a/util@0.1.0" (instance $a))
  (export "example:b/util@0.1.0" (instance $b))
)
