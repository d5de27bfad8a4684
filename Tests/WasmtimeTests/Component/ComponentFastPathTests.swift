import Testing
import Wasmtime

/// The fast paths of component calls: byte lists in the dynamic codec and
/// type check, typed calls specialized in client code, and the function
/// type a dynamic host function reuses between calls. Each must give the
/// same values and the same errors as the general path.
@Suite struct ComponentFastPathTests {
    /// `echo-bytes` and `echo` return their argument's own bytes;
    /// `add` adds; `sum-bytes` adds a byte list's elements.
    static let wat = """
        (component
          (core module $mem
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
              (result i32)
              (local $p i32) (local $end i32)
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                (i32.sub (i32.const 0) (local.get $align))))
              (local.set $end (i32.add (local.get $p) (local.get $size)))
              (global.set $next (local.get $end))
              (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                (then
                  (if (i32.eq (i32.const -1)
                      (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                        (i32.const 65535)) (i32.const 16))))
                    (then unreachable))))
              (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
              (local.get $p))
            (func (export "reset") (param i32) (global.set $next (i32.const 1024))))
          (core instance $mi (instantiate $mem))
          (core module $m
            (import "mem" "memory" (memory 1))
            (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 8) (local.get 0))
              (i32.store (i32.const 12) (local.get 1))
              (i32.const 8))
            (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $sum i32)
              (block $done
                (loop $loop
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $loop)))
              (local.get $sum)))
          (core instance $i (instantiate $m (with "mem" (instance $mi))))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (func (export "echo-bytes") (param "b" (list u8)) (result (list u8))
            (canon lift (core func $i "echo") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))
              (post-return (core func $mi "reset"))))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))
              (post-return (core func $mi "reset"))))
          (func (export "sum-bytes") (param "b" (list u8)) (result u32)
            (canon lift (core func $i "sum") (memory (core memory $mi "memory")) (realloc (core func $mi "cabi_realloc"))
              (post-return (core func $mi "reset")))))
        """

    let engine = Engine()
    let instance: ComponentInstance

    init() throws {
        let component = try Component(engine: engine, wat: Self.wat)
        instance = try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
    }

    static func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    // MARK: Dynamic byte lists

    /// A byte list is an ordinary list of `u8` values: the fast path makes
    /// and reads the same values as the element-wise form.
    @Test(arguments: [0, 1, 2, 4095, 65_536])
    func dynamicByteListsRoundTrip(count: Int) throws {
        let bytes = Self.bytes(count)
        let elementWise = ComponentValue.list(bytes.map { .u8($0) })
        #expect(ComponentValue.bytes(bytes) == elementWise)
        let echo = try instance.function("echo-bytes")
        for argument in [ComponentValue.bytes(bytes), elementWise] {
            let back = try echo(argument)
            #expect(back == elementWise)
            #expect(back.bytes == bytes)
        }
        let sum = try instance.function("sum-bytes")
        #expect(try sum(.bytes(bytes)) == .u32(UInt32(bytes.reduce(0) { $0 + Int($1) })))
    }

    @Test func byteListEqualityAndText() {
        #expect(ComponentValue.bytes([1, 2]) == [.u8(1), .u8(2)])
        #expect(ComponentValue.bytes([1, 2]) != [.u8(1), .u16(2)])
        #expect(ComponentValue.bytes([1, 2]) != [.u8(1), .u8(3)])
        #expect(ComponentValue.bytes([]) == .list([]))
        #expect(ComponentValue.bytes([0, 255]).description == "[0, 255]")
        #expect(ComponentValue.list([.u8(1), .u16(2)]).bytes == nil)
    }

    /// A wrong element anywhere in a long list is found and named; the
    /// store stays usable.
    @Test func wrongElementsInByteLists() throws {
        let echo = try instance.function("echo-bytes")
        var elements = Self.bytes(65_536).map { ComponentValue.u8($0) }
        elements[65_535] = .u16(1)
        let last = expectWasmtimeError(.typeMismatch) { try echo(.list(elements)) }
        #expect(last?.message.contains("[65535]") == true, "\(last?.message ?? "")")
        #expect(last?.message.contains("expected u8") == true, "\(last?.message ?? "")")
        let first = expectWasmtimeError(.typeMismatch) { try echo(.list([.string("x"), .u8(1)])) }
        #expect(first?.message.contains("[0]") == true, "\(first?.message ?? "")")
        let notAList = expectWasmtimeError(.typeMismatch) { try echo(.string("x")) }
        #expect(notAList?.message.contains("argument `b`") == true, "\(notAList?.message ?? "")")
        #expect(try echo(.bytes([9])) == .bytes([9]))
    }

    // MARK: Typed calls (specialized in this module)

    @Test(arguments: [0, 1, 65_536])
    func typedByteListsRoundTrip(count: Int) throws {
        let bytes = Self.bytes(count)
        let echo = try instance.function("echo-bytes", [UInt8].self, [UInt8].self)
        #expect(try echo(bytes) == bytes)
        let sum = try instance.function("sum-bytes", [UInt8].self, UInt32.self)
        #expect(try sum(bytes) == UInt32(bytes.reduce(0) { $0 + Int($1) }))
    }

    @Test func typedFixedArityCalls() throws {
        let add = try instance.function("add", (UInt32, UInt32).self, UInt32.self)
        for value in [UInt32(0), 1, 0xFFFF_FFFF] { #expect(try add(value, 2) == value &+ 2) }
        #expect(try add.call(40, 2) == 42)
        let echo = try instance.function("echo", String.self, String.self)
        for text in ["", "a", "héllo 🦀", String(repeating: "x", count: 16 << 10)] { #expect(try echo(text) == text) }
    }

    /// A conformance that writes another kind than its `matches` claims is
    /// still refused per call, naming the argument, and the store stays usable.
    @Test func typedCallsStillCheckWhatConformancesWrite() throws {
        let echo = try instance.function("echo-bytes", Liar.self, [UInt8].self)
        let error = expectWasmtimeError(.typeMismatch) { try echo(Liar()) }
        #expect(error?.message.contains("argument 0") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("string") == true, "\(error?.message ?? "")")
        let silent = try instance.function("echo-bytes", Silent.self, [UInt8].self)
        let nothing = expectWasmtimeError(.typeMismatch) { try silent(Silent()) }
        #expect(nothing?.message.contains("wrote no value") == true, "\(nothing?.message ?? "")")
        let bytes = try instance.function("echo-bytes", [UInt8].self, [UInt8].self)
        #expect(try bytes([UInt8]([1, 2, 3])) == [1, 2, 3])
    }

    /// Claims to match anything, writes a string.
    struct Liar: ComponentLowerable {
        static func matches(_ type: ComponentValueType) -> Bool { true }
        func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lower("not bytes") }
    }

    /// Claims to match anything, writes nothing.
    struct Silent: ComponentLowerable {
        static func matches(_ type: ComponentValueType) -> Bool { true }
        func lower(into lowerer: inout ComponentLowerer) throws {}
    }

    // MARK: The function type of a dynamic host function

    /// A component importing `f` with parameter `name` of type `type`
    /// (result the same type) and exporting `run`, which calls it.
    static func importer(_ name: String, _ type: String, core: String = "i32") -> String {
        """
        (component
          (import "f" (func $f (param "\(name)" \(type)) (result \(type))))
          (core func $g (canon lower (func $f)))
          (core module $m
            (import "host" "f" (func $f (param \(core)) (result \(core))))
            (func (export "run") (param \(core)) (result \(core)) local.get 0 call $f))
          (core instance $i (instantiate $m (with "host" (instance (export "f" (func $g))))))
          (func (export "run") (param "\(name)" \(type)) (result \(type)) (canon lift (core func $i "run"))))
        """
    }

    /// One host function serving imports of different types: each call sees
    /// its own import's type, however the calls interleave.
    @Test func hostFunctionSeesEachImportsType() throws {
        let linker = ComponentLinker(engine: engine)
        final class Seen: @unchecked Sendable { var types: [ComponentFuncType] = [] }
        let seen = Seen()
        try linker.defineFunction(path: ["f"]) { caller, arguments in
            seen.types.append(caller.type)
            return arguments
        }
        let store = Store(engine: engine)
        let variants: [(name: String, type: String, core: String, argument: ComponentValue)] = [
            ("x", "u32", "i32", .u32(7)),
            ("y", "u32", "i32", .u32(8)),  // only the parameter's name differs
            ("x", "s32", "i32", .s32(-9)),
            ("x", "u64", "i64", .u64(1 << 40)),
        ]
        var runs: [(ComponentFunc, ComponentFuncType, ComponentValue)] = []
        for variant in variants {
            let component = try Component(
                engine: engine, wat: Self.importer(variant.name, variant.type, core: variant.core))
            let run = try linker.instantiate(component, in: store).function("run")
            runs.append((run, run.type, variant.argument))
        }
        for round in 0..<3 {
            for (run, type, argument) in (round == 1 ? runs.reversed() : runs) {
                seen.types.removeAll()
                #expect(try run(argument) == argument)
                #expect(seen.types == [type], "round \(round): \(seen.types) for \(type)")
            }
        }
        // Repeated calls of one import reuse its type and stay correct.
        for _ in 0..<3 {
            seen.types.removeAll()
            #expect(try runs[0].0(.u32(1)) == .u32(1))
            #expect(seen.types == [runs[0].1])
        }
    }
}
