;; A world-level host resource: the component imports the resource `blob`
;; and its constructor and method at the top level (no interface).
(component
  (import "blob" (type $blob (sub resource)))
  (import "[constructor]blob" (func $ctor (param "n" u32) (result (own $blob))))
  (import "[method]blob.size" (func $size (param "self" (borrow $blob)) (result u32)))
  (core func $ctor-lowered (canon lower (func $ctor)))
  (core func $size-lowered (canon lower (func $size)))
  (core func $drop (canon resource.drop $blob))
  (core module $m
    (import "" "ctor" (func $ctor (param i32) (result i32)))
    (import "" "size" (func $size (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (func (export "run") (param i32) (result i32) (local $b i32) (local $r i32)
      local.get 0 call $ctor local.set $b
      local.get $b call $size local.set $r
      local.get $b call $drop
      local.get $r))
  (core instance $i (instantiate $m (with "" (instance
    (export "ctor" (func $ctor-lowered)) (export "size" (func $size-lowered)) (export "drop" (func $drop))))))
  (func (export "run") (param "n" u32) (result u32) (canon lift (core func $i "run"))))
