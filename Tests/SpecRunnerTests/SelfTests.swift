import Foundation
import Testing
import Wasmtime

@testable import SpecRunner

/// The runner must be able to fail: each suite here feeds it scripts whose
/// expectations are right, then the same calls with wrong expectations,
/// and checks exactly which commands it reports.
@Suite("Spec runner self-test")
struct SelfTests {
    static let subject = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "zero-by-zero") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "quiet") (result f32) (f32.const nan:0x400001))
          (func (export "quiet64") (result f64) (f64.const nan:0x8000000000001))
          (func (export "signaling") (result f32) (f32.const nan:0x200000))
          (func (export "one") (result f32) (f32.const 1))
          (func (export "lanes") (result v128) (v128.const f32x4 nan 1.0 -2.5 nan:0x400001))
          (func (export "bytes") (result v128) (v128.const i8x16 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 127))
          (func (export "id") (param externref) (result externref) (local.get 0))
          (func (export "null") (result funcref) (ref.null func))
          (func $f)
          (elem declare func $f)
          (func (export "fn") (result funcref) (ref.func $f))
          (func (export "i31") (result anyref) (ref.i31 (i32.const 5)))
          (func $recurse (export "recurse") (call $recurse))
          (func (export "crash") (unreachable))
          (tag $e)
          (func (export "throw") (throw $e))
          (global (export "g") i32 (i32.const 42)))
        """

    @Test func correctExpectationsPass() throws {
        var script = try Fixture()
        defer { script.remove() }
        try script.module(Self.subject)
        script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.i32(3)])
        script.assertReturn(J.invoke("add64", [J.i64(-1), J.i64(1)]), [J.i64(0)])
        script.assertReturn(J.invoke("zero-by-zero"), [J.f32("nan:canonical")])
        script.assertReturn(J.invoke("zero-by-zero"), [J.f32("nan:arithmetic")])
        script.assertReturn(J.invoke("quiet"), [J.f32("nan:arithmetic")])
        script.assertReturn(J.invoke("quiet"), [J.f32(bits: 0x7fc0_0001)])
        script.assertReturn(J.invoke("quiet64"), [J.f64("nan:arithmetic")])
        script.assertReturn(J.invoke("one"), [J.f32(bits: 0x3f80_0000)])
        script.assertReturn(
            J.invoke("lanes"),
            [J.v128("f32", ["nan:canonical", "1065353216", "3223322624", "nan:arithmetic"])])
        script.assertReturn(
            J.invoke("bytes"),
            [J.v128("i8", ["-1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "127"])])
        script.assertReturn(
            J.invoke("bytes"),
            [J.v128("i64", ["433757350076154111", "9154986859066624007"])])
        script.assertReturn(J.invoke("id", [J.ref("externref", "7")]), [J.ref("externref", "7")])
        script.assertReturn(J.invoke("id", [J.ref("externref", "7")]), [J.ref("externref")])
        script.assertReturn(J.invoke("id", [J.ref("externref", "null")]), [J.ref("externref", "null")])
        script.assertReturn(J.invoke("null"), [J.ref("funcref", "null")])
        script.assertReturn(J.invoke("null"), [J.ref("nullfuncref")])
        script.assertReturn(J.invoke("null"), [J.ref("refnull")])
        script.assertReturn(J.invoke("fn"), [J.ref("funcref")])
        script.assertReturn(J.invoke("i31"), [J.ref("i31ref")])
        script.assertReturn(J.invoke("i31"), [J.ref("eqref")])
        script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.either([J.i32(4), J.i32(3)])])
        script.assertReturn(J.get("g"), [J.i32(42)])
        script.assertTrap(J.invoke("div", [J.i32(7), J.i32(0)]), "integer divide by zero")
        script.assertTrap(J.invoke("crash"), "unreachable")
        script.add("assert_exhaustion", ["action": J.invoke("recurse"), "text": "call stack exhausted"])
        script.add("assert_exception", ["action": J.invoke("throw")])
        script.add("action", ["action": J.invoke("add", [J.i32(1), J.i32(1)])])

        let result = try script.run()
        #expect(result.failures.map(\.description) == [])
        #expect(result.passed == script.line)
        #expect(result.failed == 0)
    }

    @Test func wrongExpectationsAreReportedAsFailures() throws {
        var script = try Fixture()
        defer { script.remove() }
        try script.module(Self.subject)
        var wrong: [Int] = []
        // A wrong value, a wrong type, a wrong number of results.
        wrong.append(script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.i32(4)]))
        wrong.append(script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.i64(3)]))
        wrong.append(script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), []))
        // Wrong NaN kinds: an arithmetic NaN is not canonical, a signaling
        // NaN is not arithmetic, a number is no NaN at all.
        wrong.append(script.assertReturn(J.invoke("quiet"), [J.f32("nan:canonical")]))
        wrong.append(script.assertReturn(J.invoke("quiet64"), [J.f64("nan:canonical")]))
        wrong.append(script.assertReturn(J.invoke("signaling"), [J.f32("nan:arithmetic")]))
        wrong.append(script.assertReturn(J.invoke("one"), [J.f32("nan:arithmetic")]))
        wrong.append(script.assertReturn(J.invoke("zero-by-zero"), [J.f32(bits: 0x3f80_0000)]))
        // One wrong lane among right ones, as NaN pattern and as integer.
        wrong.append(
            script.assertReturn(
                J.invoke("lanes"),
                [J.v128("f32", ["nan:canonical", "1065353216", "3223322624", "nan:canonical"])]))
        wrong.append(
            script.assertReturn(
                J.invoke("bytes"),
                [J.v128("i8", ["-1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "126"])])
        )
        // References: another host value, null against non-null and back, wrong kind.
        wrong.append(script.assertReturn(J.invoke("id", [J.ref("externref", "7")]), [J.ref("externref", "8")]))
        wrong.append(script.assertReturn(J.invoke("id", [J.ref("externref", "7")]), [J.ref("externref", "null")]))
        wrong.append(script.assertReturn(J.invoke("fn"), [J.ref("funcref", "null")]))
        wrong.append(script.assertReturn(J.invoke("null"), [J.ref("funcref")]))
        wrong.append(script.assertReturn(J.invoke("null"), [J.ref("externref", "null")]))
        wrong.append(script.assertReturn(J.invoke("i31"), [J.ref("structref")]))
        wrong.append(script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.either([J.i32(4), J.i32(5)])]))
        // A missing trap, a different trap, a trap where a value was expected.
        wrong.append(script.assertTrap(J.invoke("div", [J.i32(7), J.i32(1)]), "integer divide by zero"))
        wrong.append(script.assertTrap(J.invoke("crash"), "integer divide by zero"))
        wrong.append(script.assertReturn(J.invoke("crash"), []))
        wrong.append(
            script.add(
                "assert_exhaustion", ["action": J.invoke("add", [J.i32(1), J.i32(2)]), "text": "call stack exhausted"]))
        wrong.append(script.add("assert_exception", ["action": J.invoke("crash")]))
        wrong.append(script.add("action", ["action": J.invoke("missing")]))
        // Modules that are fine where failures are promised.
        let fine = "(module (func (export \"f\")))"
        wrong.append(try script.moduleAssertion("assert_invalid", wat: fine, text: "type mismatch"))
        wrong.append(try script.moduleAssertion("assert_malformed", wat: fine, text: "unexpected end"))
        wrong.append(try script.moduleAssertion("assert_malformed", wat: fine, asText: true, text: "unknown operator"))
        wrong.append(
            try script.moduleAssertion(
                "assert_unlinkable",
                wat: "(module (import \"spectest\" \"print_i32\" (func (param i32))))",
                text: "unknown import"))
        wrong.append(try script.moduleAssertion("assert_uninstantiable", wat: fine, text: "unreachable"))
        // A module that does not instantiate, and actions on it.
        wrong.append(try script.module("(module (import \"spectest\" \"nothing\" (func)))"))
        wrong.append(script.assertReturn(J.invoke("add", [J.i32(1), J.i32(2)]), [J.i32(3)]))

        let result = try script.run()
        #expect(result.failures.map(\.line) == wrong)
        #expect(result.failed == wrong.count)
        #expect(result.passed == 1)
        let byLine = Dictionary(uniqueKeysWithValues: result.failures.map { ($0.line, $0) })
        #expect(byLine[wrong[0]]?.expected == "[i32:4]")
        #expect(byLine[wrong[0]]?.got == "[i32:3]")
        #expect(byLine[wrong[3]]?.got == "[f32:nan:0x7fc00001]")
        #expect(byLine[wrong[17]]?.got == "no trap")
        #expect(byLine[wrong[18]]?.got.contains("unreachable") == true)
        #expect(result.failures.allSatisfy { $0.file == "t.wast" && !$0.command.isEmpty })
    }

    @Test func moduleAssertionsPassWhenTheModuleFailsAsPromised() throws {
        var script = try Fixture()
        defer { script.remove() }
        try script.moduleAssertion(
            "assert_invalid", wat: "(module (func (result i32) (i64.const 0)))", text: "type mismatch")
        try script.moduleAssertion(
            "assert_malformed", bytes: [0, 0x61, 0x73, 0x6d, 2, 0, 0, 0], text: "unknown binary version")
        try script.moduleAssertion(
            "assert_malformed", wat: "(module (func (i32.nonsense)))", asText: true, text: "unknown operator")
        try script.moduleAssertion(
            "assert_unlinkable", wat: "(module (import \"spectest\" \"nothing\" (func)))",
            text: "unknown import")
        try script.moduleAssertion(
            "assert_unlinkable", wat: "(module (import \"spectest\" \"print_i32\" (func (param i64))))",
            text: "incompatible import type")
        try script.moduleAssertion(
            "assert_uninstantiable", wat: "(module (func $s (unreachable)) (start $s))",
            text: "unreachable")
        try script.moduleAssertion(
            "assert_uninstantiable",
            wat: "(module (memory 1) (data (i32.const 65536) \"x\"))",
            text: "out of bounds memory access")
        let result = try script.run()
        #expect(result.failures.map(\.description) == [])
        #expect(result.passed == script.line)
    }

    @Test func spectestModuleRegisterAndNamedInstances() throws {
        var script = try Fixture()
        defer { script.remove() }
        try script.module(
            """
            (module
              (import "spectest" "global_i32" (global $i32 i32))
              (import "spectest" "global_i64" (global $i64 i64))
              (import "spectest" "global_f32" (global $f32 f32))
              (import "spectest" "global_f64" (global $f64 f64))
              (import "spectest" "table" (table 10 20 funcref))
              (import "spectest" "memory" (memory 1 2))
              (import "spectest" "print_i32_f32" (func $print (param i32 f32)))
              (func (export "globals") (result i32 i64 f32 f64)
                (call $print (i32.const 1) (f32.const 2))
                (global.get $i32) (global.get $i64) (global.get $f32) (global.get $f64))
              (func (export "sizes") (result i32 i32) (table.size) (memory.size))
              (func (export "grow") (result i32) (memory.grow (i32.const 2))))
            """, name: "host")
        script.assertReturn(
            J.invoke("globals"),
            [J.i32(666), J.i64(666), J.f32(bits: 0x4426_a666), J.f64(bits: 0x4084_d4cc_cccc_cccd)])
        script.assertReturn(J.invoke("sizes"), [J.i32(10), J.i32(1)])
        // The spectest memory's maximum is 2 pages.
        script.assertReturn(J.invoke("grow"), [J.i32(-1)])
        try script.module(
            "(module (global (export \"v\") (mut i32) (i32.const 7)) (func (export \"f\") (result i32) (i32.const 9)))",
            name: "first")
        script.add("register", ["name": "first", "as": "first"])
        try script.module(
            """
            (module
              (import "first" "v" (global $v (mut i32)))
              (import "first" "f" (func $f (result i32)))
              (func (export "sum") (result i32) (i32.add (global.get $v) (call $f))))
            """)
        script.assertReturn(J.invoke("sum"), [J.i32(16)])
        script.assertReturn(J.get("v", module: "first"), [J.i32(7)])
        script.assertReturn(J.invoke("sizes", module: "host"), [J.i32(10), J.i32(1)])
        try script.module(
            "(module (table (import \"spectest\" \"table64\") i64 10 funcref) (func (export \"n\") (result i64) (table.size)))"
        )
        script.assertReturn(J.invoke("n"), [J.i64(10)])
        let result = try script.run()
        #expect(result.failures.map(\.description) == [])
        #expect(result.passed == script.line)
    }

    @Test func hostReferencesCrossTheAnyHierarchy() throws {
        var script = try Fixture()
        defer { script.remove() }
        try script.module(
            """
            (module
              (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
              (func (export "externalize") (param anyref) (result externref) (extern.convert_any (local.get 0))))
            """)
        script.assertReturn(J.invoke("internalize", [J.ref("externref", "3")]), [J.ref("anyref", "3")])
        script.assertReturn(J.invoke("externalize", [J.ref("anyref", "4")]), [J.ref("externref", "4")])
        script.assertReturn(J.invoke("internalize", [J.ref("externref", "null")]), [J.ref("anyref", "null")])
        let wrong = script.assertReturn(J.invoke("internalize", [J.ref("externref", "3")]), [J.ref("anyref", "5")])
        let result = try script.run()
        #expect(result.failures.map(\.line) == [wrong])
        #expect(result.failures.first?.got == "[ref.host 3]")
        #expect(result.passed == script.line - 1)
    }
}
