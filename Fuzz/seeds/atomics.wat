(module
  (memory (export "shared") 1 1 shared)
  (func (export "add") (param i32) (result i32) (i32.atomic.rmw.add (i32.const 0) (local.get 0)))
  (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 4) (i32.const 1) (i64.const 0)))
  (func (export "misaligned") (result i32) (i32.atomic.load (i32.const 1))))
