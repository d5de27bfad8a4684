import Wasmtime
import WasmtimeTestSupport

/// Hand-written components shared by the component suites (the pieces the
/// CLI's suites use too are in WasmtimeTestSupport).
extension ComponentFixtures {
    static let adder = """
        (component
          (core module $m
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (func (export "fail") unreachable))
          (core instance $i (instantiate $m))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (func (export "fail") (canon lift (core func $i "fail")))
          (core module $inner (func (export "f")))
          (export "inner-module" (core module $inner)))
        """

    /// The scalar types with the core type that carries each flat.
    static let scalars: [(type: String, core: String)] = [
        ("bool", "i32"), ("s8", "i32"), ("u8", "i32"), ("s16", "i32"), ("u16", "i32"), ("s32", "i32"),
        ("u32", "i32"), ("s64", "i64"), ("u64", "i64"), ("f32", "f32"), ("f64", "f64"), ("char", "i32"),
    ]

    /// Named types of the echo component: exported functions may only use
    /// records, variants, enums and flags that the component exports.
    static let typeDefinitions = """
        (type $record' (record (field "id" u32) (field "name" string) (field "scores" (list s16))))
        (export $record "a-record" (type $record'))
        (type $variant' (variant (case "nothing") (case "number" u64) (case "text" string)))
        (export $variant "a-variant" (type $variant'))
        (type $enum' (enum "red" "green" "blue"))
        (export $enum "color" (type $enum'))
        (type $flags' (flags "read" "write" "exec"))
        (export $flags "permissions" (type $flags'))
        (type $leaf' (record (field "k" string) (field "v" (option (result u8 (error string))))))
        (export $leaf "leaf" (type $leaf'))
        (type $node' (variant (case "leaf" $leaf) (case "empty")))
        (export $node "node" (type $node'))
        """

    /// Compound types echoed through guest memory: a second parameter
    /// (`pad`, 16 flat values) makes the parameters travel in memory, and the
    /// result is returned as a pointer to the same bytes, so the guest's
    /// `echo` is `(param i32) (result i32) local.get 0` for every type.
    static let memoryTypes: [(name: String, type: String)] = [
        ("string", "string"),
        ("bytes", "(list u8)"),
        ("strings", "(list string)"),
        ("record", "$record"),
        ("tuple", "(tuple u8 string f64)"),
        ("variant", "$variant"),
        ("option-string", "(option string)"),
        ("option-option", "(option (option u32))"),
        ("result", "(result string (error u32))"),
        ("result-error", "(result (error string))"),
        ("scalars", "(tuple bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char)"),
        ("nested", "(list $node)"),
        ("flags-pair", "(tuple $flags $enum)"),
    ]

    /// Types echoed as flat values (one core value each way).
    static let flatTypes: [(name: String, type: String)] = [
        ("enum", "$enum"),
        ("flags", "$flags"),
        ("result-unit", "(result)"),
    ]

    /// The echo component: `echo-<scalar>`, `echo-<flat type>` and `echo-<memory type>`.
    static var echo: String {
        let scalarLifts = scalars.map { scalar in
            #"(func (export "echo-\#(scalar.type)") (param "x" \#(scalar.type)) (result \#(scalar.type)) (canon lift (core func $i "echo-\#(scalar.core)")))"#
        }
        let flatLifts = flatTypes.map { flat in
            #"(func (export "echo-\#(flat.name)") (param "x" \#(flat.type)) (result \#(flat.type)) (canon lift (core func $i "echo-i32")))"#
        }
        let memoryLifts = memoryTypes.map { item in
            #"(func (export "echo-\#(item.name)") (param "x" \#(item.type)) (param "pad" \#(pad)) (result \#(item.type)) (canon lift (core func $i "echo-ptr") \#(memoryOptions)))"#
        }
        return """
            (component
              \(memoryModule)
              (core module $m
                \(echoCoreFunctions))
              (core instance $i (instantiate $m))
              \(typeDefinitions)
              \((scalarLifts + flatLifts + memoryLifts).joined(separator: "\n  "))
            )
            """
    }

    /// `echo-map` through guest memory; needs ``Config/Features/componentModelMap``.
    static var mapEcho: String {
        """
        (component
          \(memoryModule)
          (core module $m (func (export "echo-ptr") (param i32) (result i32) local.get 0))
          (core instance $i (instantiate $m))
          (func (export "echo-map") (param "x" (map string u32)) (param "pad" \(pad)) (result (map string u32))
            (canon lift (core func $i "echo-ptr") \(memoryOptions)))
          (func (export "echo-nested-map") (param "x" (map u8 (list (map string bool)))) (param "pad" \(pad))
            (result (map u8 (list (map string bool))))
            (canon lift (core func $i "echo-ptr") \(memoryOptions))))
        """
    }

    /// The padding argument of the memory echoes.
    static var padValue: ComponentValue { .tuple(Array(repeating: .u64(0), count: 16)) }

    /// A guest that calls the host: `call-host(s)` returns `host-echo(s)`;
    /// `count(s)` returns `host-count(s, 7)`; `twice(x)` calls
    /// `wasi:test/host@0.1.0#double` twice.
    static var callsHost: String {
        """
        (component
          (import "host-echo" (func $echo (param "s" string) (result string)))
          (import "host-count" (func $count (param "s" string) (param "extra" u32) (result u32)))
          (import "wasi:test/host@0.1.0" (instance $h (export "double" (func (param "x" u32) (result u32)))))
          (alias export $h "double" (func $double))
          \(memoryModule)
          (core func $echo-lowered (canon lower (func $echo) \(memoryOptions)))
          (core func $count-lowered (canon lower (func $count) \(memoryOptions)))
          (core func $double-lowered (canon lower (func $double)))
          (core module $m
            (import "host" "echo" (func $e (param i32 i32 i32)))
            (import "host" "count" (func $c (param i32 i32 i32) (result i32)))
            (import "host" "double" (func $d (param i32) (result i32)))
            (func (export "call-host") (param i32 i32) (result i32)
              local.get 0 local.get 1 i32.const 16 call $e
              i32.const 16)
            (func (export "count") (param i32 i32) (result i32)
              local.get 0 local.get 1 i32.const 7 call $c)
            (func (export "twice") (param i32) (result i32)
              local.get 0 call $d call $d))
          (core instance $i (instantiate $m (with "host" (instance
            (export "echo" (func $echo-lowered))
            (export "count" (func $count-lowered))
            (export "double" (func $double-lowered))))))
          (func (export "call-host") (param "s" string) (result string)
            (canon lift (core func $i "call-host") \(memoryOptions)))
          (func (export "count") (param "s" string) (result u32)
            (canon lift (core func $i "count") \(memoryOptions)))
          (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $i "twice"))))
        """
    }

    /// Values guest → host → guest: `NAME(x)` passes `x` to the host import
    /// `host-NAME` and returns what the host returns, through the core flat
    /// values of each type (lowered import, lifted export, same memory).
    static let passThroughTypes: [(name: String, type: String, flats: String)] = [
        ("record", "$record", "i32 i32 i32 i32 i32"),
        ("strings", "(list string)", "i32 i32"),
        ("option", "(option string)", "i32 i32 i32"),
        ("result", "(result string (error u32))", "i32 i32 i32"),
        (
            "scalars", "(tuple bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char)",
            "i32 i32 i32 i32 i32 i32 i32 i64 i64 f32 f64 i32"
        ),
    ]

    static var passThrough: String {
        var parts: [String] = [
            #"(type $record' (record (field "id" u32) (field "name" string) (field "scores" (list s16))))"#,
            #"(import "a-record" (type $record (eq $record')))"#,
        ]
        for item in passThroughTypes {
            parts.append(
                #"(import "host-\#(item.name)" (func $host-\#(item.name) (param "x" \#(item.type)) (result \#(item.type))))"#
            )
        }
        parts.append(memoryModule)
        for item in passThroughTypes {
            parts.append(
                #"(core func $lowered-\#(item.name) (canon lower (func $host-\#(item.name)) \#(memoryOptions)))"#)
        }
        let coreFunctions = passThroughTypes.map { item in
            let count = item.flats.split(separator: " ").count
            let gets = (0..<count).map { "local.get \($0)" }.joined(separator: " ")
            return """
                (import "host" "\(item.name)" (func $\(item.name) (param \(item.flats) i32)))
                (func (export "\(item.name)") (param \(item.flats)) (result i32) \(gets) i32.const 16 call $\(item.name) i32.const 16)
                """
        }
        // Imports first in a core module.
        let imports = coreFunctions.map { $0.split(separator: "\n")[0] }.joined(separator: "\n")
        let functions = coreFunctions.map { $0.split(separator: "\n")[1] }.joined(separator: "\n")
        parts.append("(core module $m \(imports)\n\(functions))")
        let withs = passThroughTypes.map { #"(export "\#($0.name)" (func $lowered-\#($0.name)))"# }.joined(
            separator: " ")
        parts.append("(core instance $i (instantiate $m (with \"host\" (instance \(withs)))))")
        parts.append(#"(export $exported-record "a-record" (type $record))"#)
        for item in passThroughTypes {
            let type = item.name == "record" ? "$exported-record" : item.type
            parts.append(
                #"(func (export "\#(item.name)") (param "x" \#(type)) (result \#(type)) (canon lift (core func $i "\#(item.name)") \#(memoryOptions)))"#
            )
        }
        return "(component\n" + parts.joined(separator: "\n") + "\n)"
    }

    /// A component exporting an interface instance and a guest resource.
    static let exportsInstance = """
        (component
          (core module $m
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
            (func (export "dropped") (result i32) global.get $dropped))
          (core instance $i (instantiate $m))
          (type $r (resource (rep i32) (dtor (core func $i "dtor"))))
          (core func $new (canon resource.new $r))
          (core module $m2
            (import "" "new" (func $new (param i32) (result i32)))
            (func (export "make") (param i32) (result i32) local.get 0 call $new)
            (func (export "get") (param i32) (result i32) local.get 0))
          (core instance $i2 (instantiate $m2 (with "" (instance (export "new" (func $new))))))
          (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (instance $api (export "add" (func $add)))
          (export "wasi:test/api@0.1.0" (instance $api))
          (export $rx "thing" (type $r))
          (func (export "make") (param "x" u32) (result (own $rx)) (canon lift (core func $i2 "make")))
          (func (export "get") (param "r" (borrow $rx)) (result u32) (canon lift (core func $i2 "get")))
          (func (export "dropped") (result u32) (canon lift (core func $i "dropped"))))
        """
}
