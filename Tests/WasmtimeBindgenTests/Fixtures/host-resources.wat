;; A guest that uses a resource the host implements: the interface
;; `example:counters/tally` has the resource `counter` with a constructor,
;; methods (one takes an `own<counter>`, one returns one), a static function (a borrow and an
;; own in, an own out) and free functions that take an own and a borrow and
;; return an own. The exports drive them. `same-as` takes two borrows, which
;; Wasmtime 50 cannot pass to a host function.
(component
  (import "example:counters/tally" (instance $host
    (export "counter" (type $counter (sub resource)))
    (export "[constructor]counter" (func (param "start" u32) (result (own $counter))))
    (export "[method]counter.add" (func (param "self" (borrow $counter)) (param "n" u32) (result u32)))
    (export "[method]counter.value" (func (param "self" (borrow $counter)) (result u32)))
    (export "[method]counter.absorb" (func (param "self" (borrow $counter)) (param "other" (own $counter))))
    (export "[method]counter.fork" (func (param "self" (borrow $counter)) (result (own $counter))))
    (export "[method]counter.same-as" (func (param "self" (borrow $counter)) (param "other" (borrow $counter)) (result bool)))
    (export "[static]counter.merge"
      (func (param "a" (borrow $counter)) (param "b" (own $counter)) (result (own $counter))))
    (export "echo" (func (param "c" (own $counter)) (result (own $counter))))
    (export "peek" (func (param "c" (borrow $counter)) (result u32)))))
  (alias export $host "counter" (type $counter))
  (alias export $host "[constructor]counter" (func $ctor))
  (alias export $host "[method]counter.add" (func $add))
  (alias export $host "[method]counter.value" (func $value))
  (alias export $host "[method]counter.absorb" (func $absorb))
  (alias export $host "[method]counter.fork" (func $fork))
  (alias export $host "[method]counter.same-as" (func $same))
  (alias export $host "[static]counter.merge" (func $merge))
  (alias export $host "echo" (func $echo))
  (alias export $host "peek" (func $peek))
  (core func $ctor-lowered (canon lower (func $ctor)))
  (core func $add-lowered (canon lower (func $add)))
  (core func $value-lowered (canon lower (func $value)))
  (core func $absorb-lowered (canon lower (func $absorb)))
  (core func $fork-lowered (canon lower (func $fork)))
  (core func $same-lowered (canon lower (func $same)))
  (core func $merge-lowered (canon lower (func $merge)))
  (core func $echo-lowered (canon lower (func $echo)))
  (core func $peek-lowered (canon lower (func $peek)))
  (core func $drop (canon resource.drop $counter))
  (core module $m
    (import "host" "ctor" (func $ctor (param i32) (result i32)))
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (import "host" "value" (func $value (param i32) (result i32)))
    (import "host" "absorb" (func $absorb (param i32 i32)))
    (import "host" "fork" (func $fork (param i32) (result i32)))
    (import "host" "same" (func $same (param i32 i32) (result i32)))
    (import "host" "merge" (func $merge (param i32 i32) (result i32)))
    (import "host" "echo" (func $echo (param i32) (result i32)))
    (import "host" "peek" (func $peek (param i32) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    ;; counter(start).add(n), then its value; drops the counter
    (func (export "count") (param $start i32) (param $n i32) (result i32) (local $c i32) (local $r i32)
      local.get $start call $ctor local.set $c
      local.get $c local.get $n call $add drop
      local.get $c call $value local.set $r
      local.get $c call $drop
      local.get $r)
    ;; merge(borrow counter(x), own counter(y)).value(); drops what it still owns
    (func (export "merge") (param $x i32) (param $y i32) (result i32) (local $a i32) (local $m i32) (local $r i32)
      local.get $x call $ctor local.set $a
      local.get $a local.get $y call $ctor call $merge local.set $m
      local.get $m call $value local.set $r
      local.get $a call $drop
      local.get $m call $drop
      local.get $r)
    ;; counter(x).absorb(own counter(y)), then its value
    (func (export "absorb") (param $x i32) (param $y i32) (result i32) (local $a i32) (local $r i32)
      local.get $x call $ctor local.set $a
      local.get $a local.get $y call $ctor call $absorb
      local.get $a call $value local.set $r
      local.get $a call $drop
      local.get $r)
    ;; f = counter(x).fork(); f.add(1); the sum of both values
    (func (export "fork") (param $x i32) (result i32) (local $c i32) (local $f i32) (local $r i32)
      local.get $x call $ctor local.set $c
      local.get $c call $fork local.set $f
      local.get $f i32.const 1 call $add drop
      local.get $c call $value local.get $f call $value i32.add local.set $r
      local.get $c call $drop
      local.get $f call $drop
      local.get $r)
    ;; counter(x).same-as(it): two borrows in one host call
    (func (export "same") (param $x i32) (result i32) (local $c i32) (local $r i32)
      local.get $x call $ctor local.set $c
      local.get $c local.get $c call $same local.set $r
      local.get $c call $drop
      local.get $r)
    ;; peek(echo(counter(x))): the counter goes to the host and comes back
    (func (export "round-trip") (param $x i32) (result i32) (local $c i32) (local $r i32)
      local.get $x call $ctor call $echo local.set $c
      local.get $c call $peek local.set $r
      local.get $c call $drop
      local.get $r))
  (core instance $i (instantiate $m (with "host" (instance
    (export "ctor" (func $ctor-lowered))
    (export "add" (func $add-lowered))
    (export "value" (func $value-lowered))
    (export "absorb" (func $absorb-lowered))
    (export "fork" (func $fork-lowered))
    (export "same" (func $same-lowered))
    (export "merge" (func $merge-lowered))
    (export "echo" (func $echo-lowered))
    (export "peek" (func $peek-lowered))
    (export "drop" (func $drop))))))
  (func (export "count") (param "start" u32) (param "n" u32) (result u32) (canon lift (core func $i "count")))
  (func (export "merge") (param "x" u32) (param "y" u32) (result u32) (canon lift (core func $i "merge")))
  (func (export "absorb") (param "x" u32) (param "y" u32) (result u32) (canon lift (core func $i "absorb")))
  (func (export "fork") (param "x" u32) (result u32) (canon lift (core func $i "fork")))
  (func (export "same") (param "x" u32) (result bool) (canon lift (core func $i "same")))
  (func (export "round-trip") (param "x" u32) (result u32) (canon lift (core func $i "round-trip"))))
