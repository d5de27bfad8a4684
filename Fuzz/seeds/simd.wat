(module
  (memory 1)
  (func (export "add") (param i32) (result i32)
    (i32x4.extract_lane 2
      (i32x4.add (v128.load (i32.const 0)) (i32x4.splat (local.get 0)))))
  (func (export "shuffle") (result i64)
    (i64x2.extract_lane 0
      (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (v128.const i64x2 1 2) (v128.const i64x2 3 4)))))
