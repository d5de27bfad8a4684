(component
(type $variant' (variant (case "nothing") (case "number" u64) (case "text" string)))
(import "a-variant" (type $variant (eq $variant')))
(type $enum' (enum "red" "green" "blue"))
(import "color" (type $enum (eq $enum')))
(type $flags' (flags "read" "write" "exec"))
(import "permissions" (type $flags (eq $flags')))
(type $leaf' (record (field "k" string) (field "v" (option (result u8 (error string))))))
(import "leaf" (type $leaf (eq $leaf')))
(type $node' (variant (case "leaf" $leaf) (case "empty")))
(import "node" (type $node (eq $node')))
(import "host-char" (func $host-char (param "x" char) (result char)))
(import "host-f64" (func $host-f64 (param "x" f64) (result f64)))
(import "host-u64" (func $host-u64 (param "x" u64) (result u64)))
(import "host-enum" (func $host-enum (param "x" $enum) (result $enum)))
(import "host-flags" (func $host-flags (param "x" $flags) (result $flags)))
(import "host-variant" (func $host-variant (param "x" $variant) (result $variant)))
(import "host-tuple" (func $host-tuple (param "x" (tuple u8 string f64)) (result (tuple u8 string f64))))
(import "host-bytes" (func $host-bytes (param "x" (list u8)) (result (list u8))))
(import "host-option-option" (func $host-option-option (param "x" (option (option u32))) (result (option (option u32)))))
(import "host-nested" (func $host-nested (param "x" (list $node)) (result (list $node))))
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
(core func $lowered-char (canon lower (func $host-char) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-f64 (canon lower (func $host-f64) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-u64 (canon lower (func $host-u64) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-enum (canon lower (func $host-enum) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-flags (canon lower (func $host-flags) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-variant (canon lower (func $host-variant) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-tuple (canon lower (func $host-tuple) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-bytes (canon lower (func $host-bytes) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-option-option (canon lower (func $host-option-option) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core func $lowered-nested (canon lower (func $host-nested) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(core module $m
(import "host" "char" (func $char (param i32) (result i32)))
(import "host" "f64" (func $f64 (param f64) (result f64)))
(import "host" "u64" (func $u64 (param i64) (result i64)))
(import "host" "enum" (func $enum (param i32) (result i32)))
(import "host" "flags" (func $flags (param i32) (result i32)))
(import "host" "variant" (func $variant (param i32 i64 i32 i32)))
(import "host" "tuple" (func $tuple (param i32 i32 i32 f64 i32)))
(import "host" "bytes" (func $bytes (param i32 i32 i32)))
(import "host" "option-option" (func $option-option (param i32 i32 i32 i32)))
(import "host" "nested" (func $nested (param i32 i32 i32)))
(func (export "char") (param i32) (result i32) local.get 0 call $char)
(func (export "f64") (param f64) (result f64) local.get 0 call $f64)
(func (export "u64") (param i64) (result i64) local.get 0 call $u64)
(func (export "enum") (param i32) (result i32) local.get 0 call $enum)
(func (export "flags") (param i32) (result i32) local.get 0 call $flags)
(func (export "variant") (param i32 i64 i32) (result i32) local.get 0 local.get 1 local.get 2 i32.const 16 call $variant i32.const 16)
(func (export "tuple") (param i32 i32 i32 f64) (result i32) local.get 0 local.get 1 local.get 2 local.get 3 i32.const 16 call $tuple i32.const 16)
(func (export "bytes") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 16 call $bytes i32.const 16)
(func (export "option-option") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 i32.const 16 call $option-option i32.const 16)
(func (export "nested") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 16 call $nested i32.const 16))
(core instance $i (instantiate $m (with "host" (instance (export "char" (func $lowered-char)) (export "f64" (func $lowered-f64)) (export "u64" (func $lowered-u64)) (export "enum" (func $lowered-enum)) (export "flags" (func $lowered-flags)) (export "variant" (func $lowered-variant)) (export "tuple" (func $lowered-tuple)) (export "bytes" (func $lowered-bytes)) (export "option-option" (func $lowered-option-option)) (export "nested" (func $lowered-nested))))))
(export $x-leaf "leaf" (type $leaf))
(type $x-node' (variant (case "leaf" $x-leaf) (case "empty")))
(export $x-node "node" (type $x-node'))
(export $x-variant "a-variant" (type $variant))
(export $x-enum "color" (type $enum))
(export $x-flags "permissions" (type $flags))
(func (export "char") (param "x" char) (result char) (canon lift (core func $i "char") ))
(func (export "f64") (param "x" f64) (result f64) (canon lift (core func $i "f64") ))
(func (export "u64") (param "x" u64) (result u64) (canon lift (core func $i "u64") ))
(func (export "enum") (param "x" $x-enum) (result $x-enum) (canon lift (core func $i "enum") ))
(func (export "flags") (param "x" $x-flags) (result $x-flags) (canon lift (core func $i "flags") ))
(func (export "variant") (param "x" $x-variant) (result $x-variant) (canon lift (core func $i "variant") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(func (export "tuple") (param "x" (tuple u8 string f64)) (result (tuple u8 string f64)) (canon lift (core func $i "tuple") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(func (export "bytes") (param "x" (list u8)) (result (list u8)) (canon lift (core func $i "bytes") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(func (export "option-option") (param "x" (option (option u32))) (result (option (option u32))) (canon lift (core func $i "option-option") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
(func (export "nested") (param "x" (list $x-node)) (result (list $x-node)) (canon lift (core func $i "nested") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
)