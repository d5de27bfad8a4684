(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "fail") unreachable))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "fail") (canon lift (core func $i "fail")))
  (core module $inner (func (export "f")))
  (export "inner-module" (core module $inner)))
