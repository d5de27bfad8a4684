import Foundation
import Testing
import WasmtimeTestSupport

/// Components written by hand in the text format for the CLI tests (the
/// pieces the library's suites use too are in WasmtimeTestSupport).
extension ComponentFixtures {
    /// The arguments of ``pad`` in the CLI's value syntax.
    static let padValue = "(" + Array(repeating: "0", count: 16).joined(separator: ", ") + ")"

    /// Compound types echoed through memory: `echo-NAME(x, pad)` returns `x`.
    static let memoryTypes: [(name: String, type: String)] = [
        ("record", "$rec"), ("variant", "$var"), ("list", "(list string)"), ("tuple", "(tuple u8 string f64)"),
        ("result", "(result string (error u32))"), ("option", "(option (option u32))"),
        ("nested", "(list (tuple $rec (option $var)))"),
    ]

    /// `echo`, `half`, scalar echoes, memory echoes, `nothing`, `boom` (traps),
    /// `spin` (loops forever), `nested.first` and `other.first` (two
    /// functions with the same name), and the types they use.
    static var echo: String {
        let memoryLifts = memoryTypes.map { item in
            #"(func (export "echo-\#(item.name)") (param "x" \#(item.type)) (param "pad" \#(pad)) (result \#(item.type)) (canon lift (core func $i "echo-ptr") \#(memoryOptions)))"#
        }
        return """
            (component
              \(memoryModule)
              (core module $m
                (import "mem" "memory" (memory 1))
                \(echoCoreFunctions)
                (func (export "echo-str") (param i32 i32) (result i32)
                  (i32.store (i32.const 8) (local.get 0))
                  (i32.store (i32.const 12) (local.get 1))
                  i32.const 8)
                (func (export "half") (param i32) (result i32)
                  (if (i32.and (local.get 0) (i32.const 1))
                    (then (i32.store (i32.const 16) (i32.const 0)))
                    (else (i32.store (i32.const 16) (i32.const 1))
                          (i32.store (i32.const 20) (i32.shr_u (local.get 0) (i32.const 1)))))
                  i32.const 16)
                (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
                (func (export "sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)
                (func (export "nothing"))
                (func (export "boom") unreachable)
                (func (export "spin") (loop (br 0))))
              (core instance $i (instantiate $m (with "mem" (instance $mi))))
              (type $rec' (record (field "id" u32) (field "name" string)))
              (export $rec "rec" (type $rec'))
              (type $var' (variant (case "nothing") (case "number" u64) (case "text" string)))
              (export $var "var" (type $var'))
              (type $color' (enum "red" "green" "blue"))
              (export $color "color" (type $color'))
              (type $perms' (flags "read" "write" "exec"))
              (export $perms "perms" (type $perms'))
              (func (export "echo") (param "s" string) (result string) (canon lift (core func $i "echo-str") \(memoryOptions)))
              (func (export "half") (param "x" u32) (result (option u32))
                (canon lift (core func $i "half") (memory (core memory $mi "memory"))))
              (func (export "echo-u8") (param "x" u8) (result u8) (canon lift (core func $i "echo-i32")))
              (func (export "echo-s64") (param "x" s64) (result s64) (canon lift (core func $i "echo-i64")))
              (func (export "echo-f32") (param "x" f32) (result f32) (canon lift (core func $i "echo-f32")))
              (func (export "echo-f64") (param "x" f64) (result f64) (canon lift (core func $i "echo-f64")))
              (func (export "echo-char") (param "x" char) (result char) (canon lift (core func $i "echo-i32")))
              (func (export "echo-bool") (param "x" bool) (result bool) (canon lift (core func $i "echo-i32")))
              (func (export "echo-color") (param "x" $color) (result $color) (canon lift (core func $i "echo-i32")))
              (func (export "echo-perms") (param "x" $perms) (result $perms) (canon lift (core func $i "echo-i32")))
              \(memoryLifts.joined(separator: "\n  "))
              (func (export "nothing") (canon lift (core func $i "nothing")))
              (func (export "boom") (canon lift (core func $i "boom")))
              (func (export "spin") (canon lift (core func $i "spin")))
              (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
              (func $sub (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "sub")))
              (instance $nested (export "first" (func $add)) (export "only-here" (func $add)))
              (instance $other (export "first" (func $sub)))
              (export "nested" (instance $nested))
              (export "other" (instance $other)))
            """
    }

    /// Imports a host function it only calls from `call`.
    static let importer = """
        (component
          (import "host-thing" (func $h (param "x" u32) (result u32)))
          (core func $hl (canon lower (func $h)))
          (core module $m
            (import "h" "f" (func $f (param i32) (result i32)))
            (func (export "call") (param i32) (result i32) local.get 0 call $f)
            (func (export "id") (param i32) (result i32) local.get 0))
          (core instance $i (instantiate $m (with "h" (instance (export "f" (func $hl))))))
          (func (export "call") (param "x" u32) (result u32) (canon lift (core func $i "call")))
          (func (export "id") (param "x" u32) (result u32) (canon lift (core func $i "id"))))
        """

    /// The fixtures written once per test process.
    static let echoPath: String = { (try? Scratch.file("echo.wat", echo)) ?? "" }()
    static let importerPath: String = { (try? Scratch.file("importer.wat", importer)) ?? "" }()
}

extension ComponentPrograms {
    static var skipComment: Comment { Comment(rawValue: skipMessage) }
}
