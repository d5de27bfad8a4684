/// Hand-written components for the resource tests.
enum ComponentResourceFixtures {
    /// Imports the host resource `bucket` of the interface `example:kv/store`
    /// with a constructor, a method, a static function and a function that
    /// takes an owned bucket, and exports functions that drive them: the
    /// guest makes, reads, drops, returns, keeps and hands back buckets.
    static let usesBuckets = """
        (component
          (import "example:kv/store" (instance $store
            (export "bucket" (type $bucket (sub resource)))
            (export "[constructor]bucket" (func (param "id" u32) (result (own $bucket))))
            (export "[method]bucket.id" (func (param "self" (borrow $bucket)) (result u32)))
            (export "[static]bucket.merge" (func (param "a" (borrow $bucket)) (param "b" (own $bucket)) (result (own $bucket))))
            (export "keep" (func (param "b" (own $bucket))))))
          (alias export $store "bucket" (type $bucket))
          (alias export $store "[constructor]bucket" (func $ctor))
          (alias export $store "[method]bucket.id" (func $id))
          (alias export $store "[static]bucket.merge" (func $merge))
          (alias export $store "keep" (func $keep))
          (core func $ctor-lowered (canon lower (func $ctor)))
          (core func $id-lowered (canon lower (func $id)))
          (core func $merge-lowered (canon lower (func $merge)))
          (core func $keep-lowered (canon lower (func $keep)))
          (core func $drop (canon resource.drop $bucket))
          (core module $m
            (import "" "ctor" (func $ctor (param i32) (result i32)))
            (import "" "id" (func $id (param i32) (result i32)))
            (import "" "merge" (func $merge (param i32 i32) (result i32)))
            (import "" "keep" (func $keep (param i32)))
            (import "" "drop" (func $drop (param i32)))
            (global $stash (mut i32) (i32.const 0))
            ;; construct, read the id through a borrow, drop
            (func (export "roundtrip") (param i32) (result i32) (local $h i32) (local $r i32)
              local.get 0 call $ctor local.set $h
              local.get $h call $id local.set $r
              local.get $h call $drop
              local.get $r)
            (func (export "make") (param i32) (result i32) local.get 0 call $ctor)
            ;; a borrow lent to an export must be dropped before it returns
            (func (export "id-of") (param i32) (result i32) (local $r i32)
              local.get 0 call $id local.set $r
              local.get 0 call $drop
              local.get $r)
            (func (export "consume") (param i32) local.get 0 call $drop)
            (func (export "pass") (param i32) (result i32) local.get 0)
            (func (export "stash") (param i32) local.get 0 global.set $stash)
            (func (export "unstash") (result i32) global.get $stash)
            (func (export "give") (param i32) local.get 0 call $ctor call $keep)
            ;; merge(borrow ctor(x), own ctor(y)), read its id, drop the two left
            (func (export "merge") (param i32 i32) (result i32) (local $a i32) (local $c i32) (local $r i32)
              local.get 0 call $ctor local.set $a
              local.get $a local.get 1 call $ctor call $merge local.set $c
              local.get $c call $id local.set $r
              local.get $a call $drop
              local.get $c call $drop
              local.get $r)
            ;; n times: construct and drop
            (func (export "cycle") (param i32)
              (block $done
                (loop $next
                  local.get 0 i32.eqz br_if $done
                  local.get 0 call $ctor call $drop
                  local.get 0 i32.const 1 i32.sub local.set 0
                  br $next))))
          (core instance $i (instantiate $m
            (with "" (instance
              (export "ctor" (func $ctor-lowered))
              (export "id" (func $id-lowered))
              (export "merge" (func $merge-lowered))
              (export "keep" (func $keep-lowered))
              (export "drop" (func $drop))))))
          (func (export "roundtrip") (param "x" u32) (result u32) (canon lift (core func $i "roundtrip")))
          (func (export "make") (param "x" u32) (result (own $bucket)) (canon lift (core func $i "make")))
          (func (export "id-of") (param "b" (borrow $bucket)) (result u32) (canon lift (core func $i "id-of")))
          (func (export "consume") (param "b" (own $bucket)) (canon lift (core func $i "consume")))
          (func (export "pass") (param "b" (own $bucket)) (result (own $bucket)) (canon lift (core func $i "pass")))
          (func (export "stash") (param "b" (own $bucket)) (canon lift (core func $i "stash")))
          (func (export "unstash") (result (own $bucket)) (canon lift (core func $i "unstash")))
          (func (export "give") (param "x" u32) (canon lift (core func $i "give")))
          (func (export "merge") (param "x" u32) (param "y" u32) (result u32) (canon lift (core func $i "merge")))
          (func (export "cycle") (param "n" u32) (canon lift (core func $i "cycle"))))
        """

    /// Imports a host resource and a host function taking two borrows of it,
    /// and calls that function with two buckets it made.
    static let twoBorrows = """
        (component
          (import "example:kv/store" (instance $store
            (export "bucket" (type $bucket (sub resource)))
            (export "[constructor]bucket" (func (param "id" u32) (result (own $bucket))))
            (export "[static]bucket.same" (func (param "a" (borrow $bucket)) (param "b" (borrow $bucket)) (result bool)))))
          (alias export $store "bucket" (type $bucket))
          (alias export $store "[constructor]bucket" (func $ctor))
          (alias export $store "[static]bucket.same" (func $same))
          (core func $ctor-lowered (canon lower (func $ctor)))
          (core func $same-lowered (canon lower (func $same)))
          (core module $m
            (import "" "ctor" (func $ctor (param i32) (result i32)))
            (import "" "same" (func $same (param i32 i32) (result i32)))
            (func (export "same") (result i32) i32.const 1 call $ctor i32.const 2 call $ctor call $same))
          (core instance $i (instantiate $m
            (with "" (instance (export "ctor" (func $ctor-lowered)) (export "same" (func $same-lowered))))))
          (func (export "same") (result bool) (canon lift (core func $i "same"))))
        """

    /// Defines two guest resources: `counter` (rep = the number it was made
    /// with; its destructor adds the rep to `dropped`) and `token` (no
    /// destructor), with functions that make, read, take and pass them.
    static let definesResources = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
            (func (export "dropped") (result i32) global.get $dropped))
          (core instance $i (instantiate $m))
          (type $counter (resource (rep i32) (dtor (core func $i "dtor"))))
          (type $token (resource (rep i32)))
          (core func $new-counter (canon resource.new $counter))
          (core func $drop-counter (canon resource.drop $counter))
          (core func $new-token (canon resource.new $token))
          (core module $m2
            (import "" "new-counter" (func $new-counter (param i32) (result i32)))
            (import "" "drop-counter" (func $drop-counter (param i32)))
            (import "" "new-token" (func $new-token (param i32) (result i32)))
            (func (export "make") (param i32) (result i32) local.get 0 call $new-counter)
            (func (export "get") (param i32) (result i32) local.get 0)
            (func (export "consume") (param i32) local.get 0 call $drop-counter)
            (func (export "pass") (param i32) (result i32) local.get 0)
            (func (export "token") (param i32) (result i32) local.get 0 call $new-token))
          (core instance $i2 (instantiate $m2 (with "" (instance
            (export "new-counter" (func $new-counter))
            (export "drop-counter" (func $drop-counter))
            (export "new-token" (func $new-token))))))
          (export $counter-export "counter" (type $counter))
          (export $token-export "token" (type $token))
          (func (export "make") (param "x" u32) (result (own $counter-export)) (canon lift (core func $i2 "make")))
          (func (export "get") (param "c" (borrow $counter-export)) (result u32) (canon lift (core func $i2 "get")))
          (func (export "consume") (param "c" (own $counter-export)) (canon lift (core func $i2 "consume")))
          (func (export "pass") (param "c" (own $counter-export)) (result (own $counter-export)) (canon lift (core func $i2 "pass")))
          (func (export "make-token") (param "x" u32) (result (own $token-export)) (canon lift (core func $i2 "token")))
          (func (export "dropped") (result u32) (canon lift (core func $i "dropped"))))
        """
}
