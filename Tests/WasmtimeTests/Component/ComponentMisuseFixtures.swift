import Wasmtime

/// Components written to be held wrong, for ``ComponentMisuseTests``.
enum ComponentMisuseFixtures {
    /// Two guest resource types, `thing` (with a destructor that adds its
    /// rep to `dropped`) and `other`; `get` borrows a thing, `take` consumes
    /// one, `get-option` borrows one inside an `option`, `fail` traps.
    static let resources = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
            (func (export "dropped") (result i32) global.get $dropped)
            (func (export "fail") unreachable))
          (core instance $i (instantiate $m))
          (type $thing (resource (rep i32) (dtor (core func $i "dtor"))))
          (type $other (resource (rep i32)))
          (core func $new-thing (canon resource.new $thing))
          (core func $new-other (canon resource.new $other))
          (core func $rep-thing (canon resource.rep $thing))
          (core func $drop-thing (canon resource.drop $thing))
          (core module $m2
            (import "" "new-thing" (func $new-thing (param i32) (result i32)))
            (import "" "new-other" (func $new-other (param i32) (result i32)))
            (import "" "rep-thing" (func $rep-thing (param i32) (result i32)))
            (import "" "drop-thing" (func $drop-thing (param i32)))
            (func (export "make-thing") (param i32) (result i32) local.get 0 call $new-thing)
            (func (export "make-other") (param i32) (result i32) local.get 0 call $new-other)
            (func (export "get") (param i32) (result i32) local.get 0)
            (func (export "get-option") (param i32 i32) (result i32)
              (if (result i32) (local.get 0) (then local.get 1) (else i32.const -1)))
            (func (export "take") (param i32) (result i32)
              (local $rep i32)
              local.get 0 call $rep-thing local.set $rep
              local.get 0 call $drop-thing
              local.get $rep))
          (core instance $i2 (instantiate $m2 (with "" (instance
            (export "new-thing" (func $new-thing))
            (export "new-other" (func $new-other))
            (export "rep-thing" (func $rep-thing))
            (export "drop-thing" (func $drop-thing))))))
          (export $tx "thing" (type $thing))
          (export $ox "other" (type $other))
          (func (export "make-thing") (param "x" u32) (result (own $tx)) (canon lift (core func $i2 "make-thing")))
          (func (export "make-other") (param "x" u32) (result (own $ox)) (canon lift (core func $i2 "make-other")))
          (func (export "get") (param "r" (borrow $tx)) (result u32) (canon lift (core func $i2 "get")))
          (func (export "get-option") (param "r" (option (borrow $tx))) (result u32)
            (canon lift (core func $i2 "get-option")))
          (func (export "take") (param "r" (own $tx)) (result u32) (canon lift (core func $i2 "take")))
          (func (export "dropped") (result u32) (canon lift (core func $i "dropped")))
          (func (export "fail") (canon lift (core func $i "fail"))))
        """

    /// A component that lends the host a WASI `output-stream` (a resource
    /// the host defines) through the import `inspect(borrow<output-stream>)`,
    /// hands it one through `keep(own<output-stream>)`, returns one from
    /// `stream`, borrows one back in `peek` (a guest must drop the
    /// handle of a borrowed host resource before returning) and takes one in `consume`. `call-peek` calls the host
    /// import `reenter`, used to call back into the store.
    static let lendsStreams = """
        (component $C
          (import "wasi:io/streams@0.2.0" (instance $streams
            (export "output-stream" (type (sub resource)))))
          (alias export $streams "output-stream" (type $os))
          (import "wasi:cli/stdout@0.2.0" (instance $stdout
            (alias outer $C $os (type $os1))
            (export "output-stream" (type $os2 (eq $os1)))
            (export "get-stdout" (func (result (own $os2))))))
          (import "inspect" (func $inspect (param "s" (borrow $os))))
          (import "keep" (func $keep (param "s" (own $os))))
          (import "reenter" (func $reenter))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $inspect-lowered (canon lower (func $inspect)))
          (core func $keep-lowered (canon lower (func $keep)))
          (core func $reenter-lowered (canon lower (func $reenter)))
          (core func $drop-stream (canon resource.drop $os))
          (core module $m
            (import "h" "get-stdout" (func $get-stdout (result i32)))
            (import "h" "inspect" (func $inspect (param i32)))
            (import "h" "keep" (func $keep (param i32)))
            (import "h" "reenter" (func $reenter))
            (import "h" "drop" (func $drop-borrow (param i32)))
            (func (export "lend") call $get-stdout call $inspect)
            (func (export "give") call $get-stdout call $keep)
            (func (export "stream") (result i32) call $get-stdout)
            (func (export "peek") (param i32) local.get 0 call $drop-borrow)
            (func (export "consume") (param i32))
            (func (export "reenter") call $reenter))
          (core instance $i (instantiate $m (with "h" (instance
            (export "get-stdout" (func $get-stdout))
            (export "inspect" (func $inspect-lowered))
            (export "keep" (func $keep-lowered))
            (export "reenter" (func $reenter-lowered))
            (export "drop" (func $drop-stream))))))
          (func (export "lend") (canon lift (core func $i "lend")))
          (func (export "give") (canon lift (core func $i "give")))
          (func (export "stream") (result (own $os)) (canon lift (core func $i "stream")))
          (func (export "peek") (param "s" (borrow $os)) (canon lift (core func $i "peek")))
          (func (export "consume") (param "s" (own $os)) (canon lift (core func $i "consume")))
          (func (export "reenter") (canon lift (core func $i "reenter"))))
        """

    /// Component-model async types (needs ``Config/Features/componentModelAsync``):
    /// `make-future` returns a real readable `future<u32>` end made with
    /// `future.new`; `take-future` and `take-stream` take such ends.
    static let futures = """
        (component
          (type $ft (future u32))
          (core func $future-new (canon future.new $ft))
          (core module $m
            (import "" "future-new" (func $future-new (result i64)))
            (func (export "make-future") (result i32) call $future-new i32.wrap_i64)
            (func (export "take") (param i32)))
          (core instance $i (instantiate $m (with "" (instance (export "future-new" (func $future-new))))))
          (func (export "make-future") (result (future u32)) (canon lift (core func $i "make-future")))
          (func (export "take-future") (param "f" (future u32)) (canon lift (core func $i "take")))
          (func (export "take-stream") (param "s" (stream u8)) (canon lift (core func $i "take"))))
        """

    /// Imports a host function taking a `future<u32>`, which it calls from
    /// `run` with a real future made by `future.new`.
    static let importsFuture = """
        (component
          (type $ft (future u32))
          (import "consume" (func $consume (param "f" $ft)))
          (core func $future-new (canon future.new $ft))
          (core func $consume-lowered (canon lower (func $consume)))
          (core module $m
            (import "" "future-new" (func $future-new (result i64)))
            (import "" "consume" (func $consume (param i32)))
            (func (export "run") call $future-new i32.wrap_i64 call $consume))
          (core instance $i (instantiate $m (with "" (instance
            (export "future-new" (func $future-new))
            (export "consume" (func $consume-lowered))))))
          (func (export "run") (canon lift (core func $i "run"))))
        """

    /// Guests whose values the canonical ABI cannot lift or lower: string and
    /// list lengths of 2^31 and 2^32 - 1, a `realloc` that returns a pointer
    /// past the end of memory or a misaligned one.
    static let badGuest = """
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $answer (mut i32) (i32.const 0))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) global.get $answer)
            (func (export "set-realloc") (param i32) local.get 0 global.set $answer)
            (func (export "length") (param i32) (result i32)
              (i32.store (i32.const 16) (i32.const 0)) (i32.store (i32.const 20) (local.get 0)) i32.const 16)
            (func (export "take-words") (param i32 i32) (result i32) local.get 1))
          (core instance $i (instantiate $m))
          (func (export "set-realloc") (param "p" u32) (canon lift (core func $i "set-realloc")))
          (func (export "string-of-length") (param "n" u32) (result string)
            (canon lift (core func $i "length") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
          (func (export "bytes-of-length") (param "n" u32) (result (list u8))
            (canon lift (core func $i "length") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
          (func (export "strings-of-length") (param "n" u32) (result (list string))
            (canon lift (core func $i "length") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
          (func (export "take-words") (param "w" (list u32)) (result u32)
            (canon lift (core func $i "take-words") (memory (core memory $i "memory")) (realloc (core func $i "realloc")))))
        """
}
