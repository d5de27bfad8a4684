(module
  (func (export "mix") (param i32 i64 f32 f64) (result i64)
    (i64.add
      (i64.extend_i32_s (i32.div_s (local.get 0) (i32.const 3)))
      (i64.rem_u (local.get 1) (i64.const 7))))
  (func (export "conv") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "sat") (param f32) (result i64) (i64.trunc_sat_f32_u (local.get 0)))
  (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0))))
