;; Host resources inside other types and across interfaces: the interface
;; `example:stock/items` declares the resource `item` (a constructor and a
;; method), and `example:stock/shelf` uses it (WIT `use items.{item}`) in
;; lists, options, results, tuples, a record and a variant, as parameters
;; and results, and directly (`make`, `weigh`). The exports drive them; three
;; more take and return the host's items themselves (`keep`, `weigh-item`,
;; `give-back`).
(component $c
  (import "example:stock/items" (instance $items
    (export "item" (type $item (sub resource)))
    (export "[constructor]item" (func (param "weight" u32) (result (own $item))))
    (export "[method]item.weight" (func (param "self" (borrow $item)) (result u32)))))
  (alias export $items "item" (type $item))
  (import "example:stock/shelf" (instance $shelf
    (alias outer $c $item (type $item-outer))
    (export "item" (type $it (eq $item-outer)))
    (type $tagged' (record (field "item" (own $it)) (field "tag" u32)))
    (export "tagged" (type $tagged (eq $tagged')))
    (type $slot' (variant (case "empty") (case "full" (own $it))))
    (export "slot" (type $slot (eq $slot')))
    (export "stock" (func (param "n" u32) (result (list (own $it)))))
    (export "weigh-all" (func (param "items" (list (own $it))) (result u32)))
    (export "find" (func (param "weight" u32) (result (option (own $it)))))
    (export "take" (func (param "weight" u32) (result (result (own $it) (error u32)))))
    (export "pair" (func (param "weight" u32) (result (tuple (own $it) u32))))
    (export "tag" (func (param "item" (own $it)) (param "tag" u32) (result $tagged)))
    (export "untag" (func (param "t" $tagged) (result (own $it))))
    (export "fill" (func (param "s" $slot) (result u32)))
    (export "make" (func (param "weight" u32) (result (own $it))))
    (export "weigh" (func (param "item" (borrow $it)) (result u32)))))
  (alias export $items "[constructor]item" (func $ctor))
  (alias export $items "[method]item.weight" (func $weight))
  (alias export $shelf "stock" (func $stock))
  (alias export $shelf "weigh-all" (func $weigh-all))
  (alias export $shelf "find" (func $find))
  (alias export $shelf "take" (func $take))
  (alias export $shelf "pair" (func $pair))
  (alias export $shelf "tag" (func $tag))
  (alias export $shelf "untag" (func $untag))
  (alias export $shelf "fill" (func $fill))
  (alias export $shelf "make" (func $make))
  (alias export $shelf "weigh" (func $weigh))
  (core module $mem
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
      (result i32)
      (local $p i32)
      global.get $next
      local.get $align i32.const 1 i32.sub i32.add
      i32.const 0 local.get $align i32.sub i32.and
      local.tee $p
      local.get $size i32.add
      global.set $next
      (if (i32.gt_u (global.get $next) (i32.const 65536)) (then unreachable))
      (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      local.get $p))
  (core instance $mi (instantiate $mem))
  (core func $ctor-lowered (canon lower (func $ctor)))
  (core func $weight-lowered (canon lower (func $weight)))
  (core func $stock-lowered (canon lower (func $stock) (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))))
  (core func $weigh-all-lowered (canon lower (func $weigh-all) (memory (core memory $mi "memory"))))
  (core func $find-lowered (canon lower (func $find) (memory (core memory $mi "memory"))))
  (core func $take-lowered (canon lower (func $take) (memory (core memory $mi "memory"))))
  (core func $pair-lowered (canon lower (func $pair) (memory (core memory $mi "memory"))))
  (core func $tag-lowered (canon lower (func $tag) (memory (core memory $mi "memory"))))
  (core func $untag-lowered (canon lower (func $untag)))
  (core func $fill-lowered (canon lower (func $fill)))
  (core func $make-lowered (canon lower (func $make)))
  (core func $weigh-lowered (canon lower (func $weigh)))
  (core func $drop (canon resource.drop $item))
  (core module $m
    (import "mem" "memory" (memory 1))
    (import "host" "ctor" (func $ctor (param i32) (result i32)))
    (import "host" "weight" (func $weight (param i32) (result i32)))
    (import "host" "stock" (func $stock (param i32 i32)))
    (import "host" "weigh-all" (func $weigh-all (param i32 i32) (result i32)))
    (import "host" "find" (func $find (param i32 i32)))
    (import "host" "take" (func $take (param i32 i32)))
    (import "host" "pair" (func $pair (param i32 i32)))
    (import "host" "tag" (func $tag (param i32 i32 i32)))
    (import "host" "untag" (func $untag (param i32 i32) (result i32)))
    (import "host" "fill" (func $fill (param i32 i32) (result i32)))
    (import "host" "make" (func $make (param i32) (result i32)))
    (import "host" "weigh" (func $weigh (param i32) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (global $kept (mut i32) (i32.const 0))
    ;; keeps an item the host passed (own), returns its weight
    (func (export "keep") (param $h i32) (result i32)
      (global.set $kept (local.get $h))
      (call $weight (local.get $h)))
    ;; the weight of a lent item (the guest ends the borrow before it returns)
    (func (export "weigh-item") (param $h i32) (result i32) (local $r i32)
      (local.set $r (call $weight (local.get $h)))
      (call $drop (local.get $h))
      local.get $r)
    ;; hands the kept item back to the host
    (func (export "give-back") (result i32)
      global.get $kept)
    ;; weigh-all(stock(n)): the list of items goes to the guest and back
    (func (export "stock-weight") (param $n i32) (result i32)
      local.get $n i32.const 16 call $stock
      (call $weigh-all (i32.load (i32.const 16)) (i32.load (i32.const 20))))
    ;; find(w): its item's weight, or 0xffffffff for none
    (func (export "find") (param $w i32) (result i32) (local $h i32) (local $r i32)
      local.get $w i32.const 16 call $find
      (if (result i32) (i32.load8_u (i32.const 16))
        (then
          (local.set $h (i32.load (i32.const 20)))
          (local.set $r (call $weight (local.get $h)))
          (call $drop (local.get $h))
          local.get $r)
        (else i32.const -1)))
    ;; take(w): ok -> its item's weight, error e -> 1000 + e
    (func (export "take") (param $w i32) (result i32) (local $h i32) (local $r i32)
      local.get $w i32.const 16 call $take
      (if (result i32) (i32.load8_u (i32.const 16))
        (then (i32.add (i32.const 1000) (i32.load (i32.const 20))))
        (else
          (local.set $h (i32.load (i32.const 20)))
          (local.set $r (call $weight (local.get $h)))
          (call $drop (local.get $h))
          local.get $r)))
    ;; pair(w) = (item, n): the item's weight + n
    (func (export "pair") (param $w i32) (result i32) (local $h i32) (local $r i32)
      local.get $w i32.const 16 call $pair
      (local.set $h (i32.load (i32.const 16)))
      (local.set $r (i32.add (call $weight (local.get $h)) (i32.load (i32.const 20))))
      (call $drop (local.get $h))
      local.get $r)
    ;; t = tag(item(w), 7); i = untag(t): i's weight + t.tag
    (func (export "retag") (param $w i32) (result i32) (local $h i32) (local $r i32)
      (call $tag (call $ctor (local.get $w)) (i32.const 7) (i32.const 16))
      (local.set $h (call $untag (i32.load (i32.const 16)) (i32.load (i32.const 20))))
      (local.set $r (i32.add (call $weight (local.get $h)) (i32.load (i32.const 20))))
      (call $drop (local.get $h))
      local.get $r)
    ;; fill(empty) + fill(full(item(w)))
    (func (export "fill") (param $w i32) (result i32)
      (i32.add
        (call $fill (i32.const 0) (i32.const 0))
        (call $fill (i32.const 1) (call $ctor (local.get $w)))))
    ;; weigh(borrow make(w)): shelf's own functions of items' resource
    (func (export "direct") (param $w i32) (result i32) (local $h i32) (local $r i32)
      (local.set $h (call $make (local.get $w)))
      (local.set $r (call $weigh (local.get $h)))
      (call $drop (local.get $h))
      local.get $r))
  (core instance $i (instantiate $m
    (with "mem" (instance $mi))
    (with "host" (instance
      (export "ctor" (func $ctor-lowered))
      (export "weight" (func $weight-lowered))
      (export "stock" (func $stock-lowered))
      (export "weigh-all" (func $weigh-all-lowered))
      (export "find" (func $find-lowered))
      (export "take" (func $take-lowered))
      (export "pair" (func $pair-lowered))
      (export "tag" (func $tag-lowered))
      (export "untag" (func $untag-lowered))
      (export "fill" (func $fill-lowered))
      (export "make" (func $make-lowered))
      (export "weigh" (func $weigh-lowered))
      (export "drop" (func $drop))))))
  (func (export "stock-weight") (param "n" u32) (result u32) (canon lift (core func $i "stock-weight")))
  (func (export "find") (param "w" u32) (result u32) (canon lift (core func $i "find")))
  (func (export "take") (param "w" u32) (result u32) (canon lift (core func $i "take")))
  (func (export "pair") (param "w" u32) (result u32) (canon lift (core func $i "pair")))
  (func (export "retag") (param "w" u32) (result u32) (canon lift (core func $i "retag")))
  (func (export "fill") (param "w" u32) (result u32) (canon lift (core func $i "fill")))
  (func (export "direct") (param "w" u32) (result u32) (canon lift (core func $i "direct")))
  (func (export "keep") (param "item" (own $item)) (result u32) (canon lift (core func $i "keep")))
  (func (export "weigh-item") (param "item" (borrow $item)) (result u32) (canon lift (core func $i "weigh-item")))
  (func (export "give-back") (result (own $item)) (canon lift (core func $i "give-back"))))
