;; The sample component: it imports `host-echo` and the `example:host/logger`
;; interface (with the host resource `tally`), and exports `call-echo`, `shout`
;; and `count-twice`, which call them.
(component
  (import "host-echo" (func $echo (param "text" string) (result string)))
  (import "example:host/logger@0.1.0" (instance $h
    (type $level' (enum "debug" "info" "warn"))
    (export "level" (type $level (eq $level')))
    (export "log" (func (param "level" $level) (param "message" string)))
    (export "double" (func (param "x" u32) (result u32)))
    (export "tally" (type $tally (sub resource)))
    (export "[constructor]tally" (func (result (own $tally))))
    (export "[method]tally.add" (func (param "self" (borrow $tally)) (param "n" u32) (result u32)))))
  (alias export $h "log" (func $log))
  (alias export $h "double" (func $double))
  (alias export $h "tally" (type $tally))
  (alias export $h "[constructor]tally" (func $new-tally))
  (alias export $h "[method]tally.add" (func $tally-add))
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

  (core func $echo-lowered (canon lower (func $echo) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (core func $log-lowered (canon lower (func $log) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (core func $double-lowered (canon lower (func $double)))
  (core func $new-tally-lowered (canon lower (func $new-tally)))
  (core func $tally-add-lowered (canon lower (func $tally-add)))
  (core func $tally-drop (canon resource.drop $tally))
  (core module $m
    (import "host" "echo" (func $e (param i32 i32 i32)))
    (import "host" "log" (func $l (param i32 i32 i32)))
    (import "host" "double" (func $d (param i32) (result i32)))
    (import "host" "new-tally" (func $new-tally (param) (result i32)))
    (import "host" "tally-add" (func $tally-add (param i32 i32) (result i32)))
    (import "host" "tally-drop" (func $tally-drop (param i32)))
    (func (export "call-echo") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.const 16 call $e
      i32.const 16)
    (func (export "shout") (param i32 i32) (result i32)
      i32.const 2 local.get 0 local.get 1 call $l
      local.get 1 call $d)
    ;; a new tally, add n twice, drop it: 2n
    (func (export "count-twice") (param $n i32) (result i32) (local $t i32) (local $r i32)
      call $new-tally local.set $t
      local.get $t local.get $n call $tally-add drop
      local.get $t local.get $n call $tally-add local.set $r
      local.get $t call $tally-drop
      local.get $r))
  (core instance $i (instantiate $m (with "host" (instance
    (export "echo" (func $echo-lowered))
    (export "log" (func $log-lowered))
    (export "double" (func $double-lowered))
    (export "new-tally" (func $new-tally-lowered))
    (export "tally-add" (func $tally-add-lowered))
    (export "tally-drop" (func $tally-drop))))))
  (func (export "call-echo") (param "text" string) (result string)
    (canon lift (core func $i "call-echo") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "shout") (param "message" string) (result u32)
    (canon lift (core func $i "shout") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (func (export "count-twice") (param "n" u32) (result u32) (canon lift (core func $i "count-twice")))
)
