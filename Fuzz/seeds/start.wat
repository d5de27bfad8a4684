(module
  (memory 1)
  (global $ready (export "ready") (mut i32) (i32.const 0))
  (func $init
    (i32.store (i32.const 0) (i32.const 42))
    (global.set $ready (i32.const 1)))
  (start $init)
  (func (export "read") (result i32) (i32.load (i32.const 0))))
