(module
  (memory (export "mem") 1 4)
  (data (i32.const 8) "hello fuzz")
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (memory.fill (i32.const 0) (i32.const 255) (i32.const 100)))
  (func (export "copy") (memory.copy (i32.const 100) (i32.const 8) (i32.const 10)))
  (func (export "oob") (result i64) (i64.load (i32.const 65535))))
