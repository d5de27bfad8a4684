;; The component of `ratio bindgen-vs-typed` (issue 13): the WasmtimeBindgen
;; plugin generates the enum `BindgenBench` from this file when the
;; Benchmarks package builds. `add` is flat; `echo-record` takes a record of
;; five u32 (five flat values) and returns it through memory.
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "echo-record") (param i32 i32 i32 i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0))
      (i32.store (i32.const 20) (local.get 1))
      (i32.store (i32.const 24) (local.get 2))
      (i32.store (i32.const 28) (local.get 3))
      (i32.store (i32.const 32) (local.get 4))
      i32.const 16))
  (core instance $i (instantiate $m))
  (type $record5' (record (field "a" u32) (field "b" u32) (field "c" u32) (field "d" u32) (field "e" u32)))
  (export $record5 "record5" (type $record5'))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "echo-record") (param "r" $record5) (result $record5)
    (canon lift (core func $i "echo-record") (memory (core memory $i "memory")))))
