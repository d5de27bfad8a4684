(module
  (memory $a i64 1)
  (memory $b 1 2)
  (func (export "load64") (param i64) (result i64) (i64.load $a (local.get 0)))
  (func (export "grow64") (param i64) (result i64) (memory.grow $a (local.get 0)))
  (func (export "copy") (memory.copy $b $a (i32.const 0) (i64.const 0) (i32.const 16))))
