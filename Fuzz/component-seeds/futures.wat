(component
  (type $ft (future u32))
  (core func $future-new (canon future.new $ft))
  (core module $m
    (import "" "future-new" (func $future-new (result i64)))
    (func (export "make-future") (result i32) call $future-new i32.wrap_i64)
    (func (export "take") (param i32)))
  (core instance $i (instantiate $m (with "" (instance (export "future-new" (func $future-new))))))
  (func (export "make-future") (result (future u32)) (canon lift (core func $i "make-future")))
  (func (export "take-future") (param "f" (future u32)) (canon lift (core func $i "take")))
  (func (export "take-stream") (param "s" (stream u8)) (canon lift (core func $i "take"))))
