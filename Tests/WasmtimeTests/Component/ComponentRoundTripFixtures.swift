import Wasmtime
import WasmtimeTestSupport

/// Components for ``ComponentRoundTripTests``: the value kinds and shapes
/// the echo and pass-through fixtures of ``ComponentFixtures`` leave out.
enum ComponentRoundTripFixtures {
    /// More types echoed through guest memory (as ``ComponentFixtures/echo``
    /// does: the guest returns the pointer it was given).
    static let memoryTypes: [(name: String, type: String)] = [
        ("strings", "(list string)"),
        ("f32s", "(list f32)"),
        ("f64s", "(list f64)"),
        ("u64s", "(list u64)"),
        ("s8s", "(list s8)"),
        ("chars", "(list char)"),
        ("bools", "(list bool)"),
        ("float-pairs", "(tuple (list f32) (option f64) (result f32 (error f64)))"),
        ("records", "(list $record)"),
        ("deep", "(option (result (list (option (tuple $variant (list string)))) (error (list $enum))))"),
        ("flags-list", "(list $flags)"),
        ("byte-lists", "(list (list u8))"),
        ("single-tuples", "(list (tuple u8))"),
        ("result-both-empty", "(list (result))"),
    ]

    static var echo: String {
        let lifts = memoryTypes.map { item in
            #"(func (export "echo-\#(item.name)") (param "x" \#(item.type)) (param "pad" \#(ComponentFixtures.pad)) (result \#(item.type)) (canon lift (core func $i "echo-ptr") \#(ComponentFixtures.memoryOptions)))"#
        }
        return """
            (component
              \(ComponentFixtures.memoryModule)
              (core module $m (func (export "echo-ptr") (param i32) (result i32) local.get 0))
              (core instance $i (instantiate $m))
              \(ComponentFixtures.typeDefinitions)
              \(lifts.joined(separator: "\n  "))
              \(mixed)
              \(resourceEcho)
            )
            """
    }

    /// `mixed(a: u8, b: string, c: f64, d: list<u16>, e: bool) -> tuple<u8, string, f64, list<u16>, bool>`:
    /// five parameters of different kinds passed flat, returned through memory.
    static let mixed = #"""
        (core module $mixed
          (import "mem" "memory" (memory 1))
          (func (export "mixed") (param $a i32) (param $sp i32) (param $sl i32) (param $c f64) (param $lp i32) (param $ll i32)
            (param $e i32) (result i32)
            (i32.store8 (i32.const 64) (local.get $a))
            (i32.store (i32.const 68) (local.get $sp))
            (i32.store (i32.const 72) (local.get $sl))
            (f64.store (i32.const 80) (local.get $c))
            (i32.store (i32.const 88) (local.get $lp))
            (i32.store (i32.const 92) (local.get $ll))
            (i32.store8 (i32.const 96) (local.get $e))
            i32.const 64))
        (core instance $mixed-instance (instantiate $mixed (with "mem" (instance $mi))))
        (func (export "mixed") (param "a" u8) (param "b" string) (param "c" f64) (param "d" (list u16)) (param "e" bool)
          (result (tuple u8 string f64 (list u16) bool))
          (canon lift (core func $mixed-instance "mixed") (memory (core memory $mi "memory"))
            (realloc (core func $mi "cabi_realloc"))))
        """#

    /// A guest resource `token` whose handle the guest hands back:
    /// `new-token(rep) -> own`, `echo-own(own) -> own`, `rep(borrow) -> u32`,
    /// `echo-owns(list<own>) -> list<own>` through memory.
    static let resourceEcho = #"""
        (type $token (resource (rep i32)))
        (core func $token-new (canon resource.new $token))
        (core func $token-rep (canon resource.rep $token))
        (core module $tokens
          (import "" "new" (func $new (param i32) (result i32)))
          (import "" "rep" (func $rep (param i32) (result i32)))
          (func (export "new") (param i32) (result i32) local.get 0 call $new)
          (func (export "same") (param i32) (result i32) local.get 0))
        (core instance $token-instance (instantiate $tokens (with "" (instance
          (export "new" (func $token-new)) (export "rep" (func $token-rep))))))
        (export $token-export "token" (type $token))
        (func (export "new-token") (param "rep" u32) (result (own $token-export))
          (canon lift (core func $token-instance "new")))
        (func (export "echo-own") (param "t" (own $token-export)) (result (own $token-export))
          (canon lift (core func $token-instance "same")))
        (func (export "rep") (param "t" (borrow $token-export)) (result u32)
          (canon lift (core func $token-instance "same")))
        (func (export "echo-owns") (param "t" (list (own $token-export))) (param "pad" \#(ComponentFixtures.pad))
          (result (list (own $token-export)))
          (canon lift (core func $i "echo-ptr") \#(ComponentFixtures.memoryOptions)))
        """#

    /// `map<string, u32>` and `map<u8, list<string>>` guest → host → guest
    /// (needs ``Config/Features/componentModelMap``): `NAME(x)` returns `host-NAME(x)`.
    static var mapPassThrough: String {
        """
        (component
          (import "host-map" (func $host-map (param "x" (map string u32)) (result (map string u32))))
          (import "host-nested" (func $host-nested (param "x" (map u8 (list string))) (result (map u8 (list string)))))
          \(ComponentFixtures.memoryModule)
          (core func $lowered-map (canon lower (func $host-map) \(ComponentFixtures.memoryOptions)))
          (core func $lowered-nested (canon lower (func $host-nested) \(ComponentFixtures.memoryOptions)))
          (core module $m
            (import "host" "map" (func $map (param i32 i32 i32)))
            (import "host" "nested" (func $nested (param i32 i32 i32)))
            (func (export "map") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 16 call $map i32.const 16)
            (func (export "nested") (param i32 i32) (result i32)
              local.get 0 local.get 1 i32.const 16 call $nested i32.const 16))
          (core instance $i (instantiate $m (with "host" (instance
            (export "map" (func $lowered-map)) (export "nested" (func $lowered-nested))))))
          (func (export "map") (param "x" (map string u32)) (result (map string u32))
            (canon lift (core func $i "map") \(ComponentFixtures.memoryOptions)))
          (func (export "nested") (param "x" (map u8 (list string))) (result (map u8 (list string)))
            (canon lift (core func $i "nested") \(ComponentFixtures.memoryOptions))))
        """
    }

    /// Values guest → host → guest for the kinds ``ComponentFixtures/passThrough``
    /// leaves out: `NAME(x)` calls the host import `host-NAME(x)` and returns
    /// its result. `flats` are the core parameters of the type; a type with
    /// one flat value comes back directly, the others through memory.
    static let passThroughTypes: [(name: String, type: String, flats: String)] = [
        ("char", "char", "i32"),
        ("f64", "f64", "f64"),
        ("u64", "u64", "i64"),
        ("enum", "$enum", "i32"),
        ("flags", "$flags", "i32"),
        ("variant", "$variant", "i32 i64 i32"),
        ("tuple", "(tuple u8 string f64)", "i32 i32 i32 f64"),
        ("bytes", "(list u8)", "i32 i32"),
        ("option-option", "(option (option u32))", "i32 i32 i32"),
        ("nested", "(list $node)", "i32 i32"),
    ]

    static var passThrough: String {
        var parts: [String] = [
            #"(type $variant' (variant (case "nothing") (case "number" u64) (case "text" string)))"#,
            #"(import "a-variant" (type $variant (eq $variant')))"#,
            #"(type $enum' (enum "red" "green" "blue"))"#,
            #"(import "color" (type $enum (eq $enum')))"#,
            #"(type $flags' (flags "read" "write" "exec"))"#,
            #"(import "permissions" (type $flags (eq $flags')))"#,
            #"(type $leaf' (record (field "k" string) (field "v" (option (result u8 (error string))))))"#,
            #"(import "leaf" (type $leaf (eq $leaf')))"#,
            #"(type $node' (variant (case "leaf" $leaf) (case "empty")))"#,
            #"(import "node" (type $node (eq $node')))"#,
        ]
        for item in passThroughTypes {
            parts.append(
                #"(import "host-\#(item.name)" (func $host-\#(item.name) (param "x" \#(item.type)) (result \#(item.type))))"#
            )
        }
        parts.append(ComponentFixtures.memoryModule)
        for item in passThroughTypes {
            parts.append(
                #"(core func $lowered-\#(item.name) (canon lower (func $host-\#(item.name)) \#(ComponentFixtures.memoryOptions)))"#
            )
        }
        var imports: [String] = []
        var functions: [String] = []
        for item in passThroughTypes {
            let flats = item.flats.split(separator: " ")
            let gets = flats.indices.map { "local.get \($0)" }.joined(separator: " ")
            if flats.count == 1 {
                imports.append(
                    #"(import "host" "\#(item.name)" (func $\#(item.name) (param \#(item.flats)) (result \#(item.flats))))"#
                )
                functions.append(
                    #"(func (export "\#(item.name)") (param \#(item.flats)) (result \#(item.flats)) \#(gets) call $\#(item.name))"#
                )
            } else {
                imports.append(#"(import "host" "\#(item.name)" (func $\#(item.name) (param \#(item.flats) i32)))"#)
                functions.append(
                    #"(func (export "\#(item.name)") (param \#(item.flats)) (result i32) \#(gets) i32.const 16 call $\#(item.name) i32.const 16)"#
                )
            }
        }
        parts.append("(core module $m\n\(imports.joined(separator: "\n"))\n\(functions.joined(separator: "\n")))")
        let withs = passThroughTypes.map { #"(export "\#($0.name)" (func $lowered-\#($0.name)))"# }
        parts.append("(core instance $i (instantiate $m (with \"host\" (instance \(withs.joined(separator: " "))))))")
        parts.append(#"(export $x-leaf "leaf" (type $leaf))"#)
        parts.append(#"(type $x-node' (variant (case "leaf" $x-leaf) (case "empty")))"#)
        parts.append(#"(export $x-node "node" (type $x-node'))"#)
        parts.append(#"(export $x-variant "a-variant" (type $variant))"#)
        parts.append(#"(export $x-enum "color" (type $enum))"#)
        parts.append(#"(export $x-flags "permissions" (type $flags))"#)
        let renamed = ["$variant": "$x-variant", "$enum": "$x-enum", "$flags": "$x-flags", "$node": "$x-node"]
        for item in passThroughTypes {
            var type = item.type
            for (from, to) in renamed { type = type.replacingOccurrences(of: from, with: to) }
            let options = item.flats.split(separator: " ").count == 1 ? "" : ComponentFixtures.memoryOptions
            parts.append(
                #"(func (export "\#(item.name)") (param "x" \#(type)) (result \#(type)) (canon lift (core func $i "\#(item.name)") \#(options)))"#
            )
        }
        return "(component\n" + parts.joined(separator: "\n") + "\n)"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
