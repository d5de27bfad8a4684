(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "g" (global $g (mut i64)))
  (import "env" "m" (memory 1))
  (import "env" "t" (table 2 funcref))
  (global $own (export "own") (mut i32) (i32.const 5))
  (func (export "run") (result i32)
    (global.set $g (i64.const 9))
    (i32.add (call $f (i32.const 3)) (global.get $own))))
