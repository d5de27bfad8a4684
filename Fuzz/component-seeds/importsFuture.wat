(component
  (type $ft (future u32))
  (import "consume" (func $consume (param "f" $ft)))
  (core func $future-new (canon future.new $ft))
  (core func $consume-lowered (canon lower (func $consume)))
  (core module $m
    (import "" "future-new" (func $future-new (result i64)))
    (import "" "consume" (func $consume (param i32)))
    (func (export "run") call $future-new i32.wrap_i64 call $consume))
  (core instance $i (instantiate $m (with "" (instance
    (export "future-new" (func $future-new))
    (export "consume" (func $consume-lowered))))))
  (func (export "run") (canon lift (core func $i "run"))))
