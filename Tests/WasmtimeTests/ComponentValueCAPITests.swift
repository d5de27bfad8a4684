import CWasmtime
import Testing

/// Every value kind but resource (covered by ComponentResourceCAPITests)
/// through the real library in both directions, written straight against
/// `CWasmtime`: the twelve scalars, and string, list, record, tuple, variant,
/// enum, option, result, flags and map. Values built by the host with the
/// declared layouts are accepted by a guest parameter of exactly the matching
/// type and rejected by all others, and values the guest returns read back
/// through the declared layouts with the right kinds and contents.
@Suite struct ComponentValueCAPITests {
    typealias Smoke = ComponentCAPISmokeTests

    static let component = #"""
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 4096))
            (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              global.get $next
              local.get 2 i32.const 1 i32.sub i32.add
              local.get 2 i32.const 1 i32.sub i32.const -1 i32.xor i32.and
              local.tee $p
              local.get 3 i32.add
              global.set $next
              local.get $p)
            (func (export "take1") (param i32))
            (func (export "take2") (param i32 i32))
            (func (export "take3") (param i32 i32 i32))
            ;; give-*: pointers to return areas laid out by the data segments below (list@16,
            ;; record@32, tuple@48, variant@56, option@64, result@72, map@88, string@96;
            ;; payload bytes from 120); enum and flags come back as plain i32.
            (func (export "give-list") (result i32) i32.const 16)
            (func (export "give-record") (result i32) i32.const 32)
            (func (export "give-tuple") (result i32) i32.const 48)
            (func (export "give-variant") (result i32) i32.const 56)
            (func (export "give-option") (result i32) i32.const 64)
            (func (export "give-result") (result i32) i32.const 72)
            (func (export "give-map") (result i32) i32.const 88)
            (func (export "give-string") (result i32) i32.const 96)
            (func (export "give-enum") (result i32) i32.const 2)
            (func (export "give-flags") (result i32) i32.const 3)
            (data (i32.const 16) "\c8\00\00\00\03\00\00\00")
            (data (i32.const 200) "\01\02\03")
            (data (i32.const 32) "\07\00\00\00\78\00\00\00\02\00\00\00")
            (data (i32.const 120) "hi")
            (data (i32.const 48) "\09\00\34\12")
            (data (i32.const 56) "\01\00\00\00\4d\00\00\00")
            (data (i32.const 64) "\01\00\00\00\58\00\00\00")
            (data (i32.const 72) "\01\00\00\00\82\00\00\00\03\00\00\00")
            (data (i32.const 130) "bad")
            (data (i32.const 88) "\8c\00\00\00\01\00\00\00")
            (data (i32.const 140) "\a0\00\00\00\01\00\00\00\05\00\00\00")
            (data (i32.const 160) "k")
            (data (i32.const 96) "\a8\00\00\00\06\00\00\00")
            (data (i32.const 168) "h\c3\a9llo"))
          (core instance $i (instantiate $m))
          (type $rec' (record (field "a" u32) (field "b" string)))
          (export $rec "rec" (type $rec'))
          (type $var' (variant (case "a") (case "b" u32)))
          (export $var "var" (type $var'))
          (type $en' (enum "x" "y" "z"))
          (export $en "en" (type $en'))
          (type $fl' (flags "p" "q"))
          (export $fl "fl" (type $fl'))
          (func (export "take-string") (param "v" string) (canon lift (core func $i "take2") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
          (func (export "take-list") (param "v" (list u8)) (canon lift (core func $i "take2") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
          (func (export "take-record") (param "v" $rec) (canon lift (core func $i "take3") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
          (func (export "take-tuple") (param "v" (tuple u8 u16)) (canon lift (core func $i "take2")))
          (func (export "take-variant") (param "v" $var) (canon lift (core func $i "take2")))
          (func (export "take-enum") (param "v" $en) (canon lift (core func $i "take1")))
          (func (export "take-option") (param "v" (option u32)) (canon lift (core func $i "take2")))
          (func (export "take-result") (param "v" (result u32 (error string))) (canon lift (core func $i "take3") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
          (func (export "take-flags") (param "v" $fl) (canon lift (core func $i "take1")))
          (func (export "take-map") (param "v" (map string u32)) (canon lift (core func $i "take2") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
          (func (export "give-string") (result string) (canon lift (core func $i "give-string") (memory (core memory $i "memory"))))
          (func (export "give-list") (result (list u8)) (canon lift (core func $i "give-list") (memory (core memory $i "memory"))))
          (func (export "give-record") (result $rec) (canon lift (core func $i "give-record") (memory (core memory $i "memory"))))
          (func (export "give-tuple") (result (tuple u8 u16)) (canon lift (core func $i "give-tuple") (memory (core memory $i "memory"))))
          (func (export "give-variant") (result $var) (canon lift (core func $i "give-variant") (memory (core memory $i "memory"))))
          (func (export "give-enum") (result $en) (canon lift (core func $i "give-enum")))
          (func (export "give-option") (result (option u32)) (canon lift (core func $i "give-option") (memory (core memory $i "memory"))))
          (func (export "give-result") (result (result u32 (error string))) (canon lift (core func $i "give-result") (memory (core memory $i "memory"))))
          (func (export "give-flags") (result $fl) (canon lift (core func $i "give-flags")))
          (func (export "give-map") (result (map string u32)) (canon lift (core func $i "give-map") (memory (core memory $i "memory"))))
        )
        """#

    // MARK: - Building values (library allocations, freed by wasmtime_component_val_delete)

    static func name(_ text: String) -> wasm_byte_vec_t {
        var bytes = wasm_byte_vec_t()
        wasm_byte_vec_new(&bytes, text.utf8.count, text)
        return bytes
    }

    static func scalar(_ kind: Int, _ set: (inout wasmtime_component_valunion_t) -> Void) -> wasmtime_component_val_t {
        var value = wasmtime_component_val_t()
        value.kind = wasmtime_component_valkind_t(kind)
        set(&value.of)
        return value
    }

    static func string(_ text: String) -> wasmtime_component_val_t {
        scalar(WASMTIME_COMPONENT_STRING) { $0.string = name(text) }
    }

    static func u32(_ value: UInt32) -> wasmtime_component_val_t {
        scalar(WASMTIME_COMPONENT_U32) { $0.u32 = value }
    }

    /// Moves `value` to a library heap allocation (for variant, option and result payloads).
    static func boxed(_ value: wasmtime_component_val_t) -> UnsafeMutablePointer<wasmtime_component_val_t>? {
        var value = value
        return wasmtime_component_val_new(&value)
    }

    /// A valid value of each compound type the component's functions use.
    static func proper(_ type: String) -> wasmtime_component_val_t {
        var value = wasmtime_component_val_t()
        switch type {
        case "string":
            value = string("héllo")
        case "list":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_LIST)
            wasmtime_component_vallist_new_uninit(&value.of.list, 3)
            for index in 0..<3 {
                value.of.list.data[index] = scalar(WASMTIME_COMPONENT_U8) { $0.u8 = UInt8(index + 1) }
            }
        case "record":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RECORD)
            wasmtime_component_valrecord_new_uninit(&value.of.record, 2)
            value.of.record.data[0] = wasmtime_component_valrecord_entry_t(name: name("a"), val: u32(7))
            value.of.record.data[1] = wasmtime_component_valrecord_entry_t(name: name("b"), val: string("hi"))
        case "tuple":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_TUPLE)
            wasmtime_component_valtuple_new_uninit(&value.of.tuple, 2)
            value.of.tuple.data[0] = scalar(WASMTIME_COMPONENT_U8) { $0.u8 = 9 }
            value.of.tuple.data[1] = scalar(WASMTIME_COMPONENT_U16) { $0.u16 = 0x1234 }
        case "variant":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_VARIANT)
            value.of.variant = wasmtime_component_valvariant_t(discriminant: name("b"), val: boxed(u32(77)))
        case "enum":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_ENUM)
            value.of.enumeration = name("z")
        case "option":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_OPTION)
            value.of.option = boxed(u32(88))
        case "result":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESULT)
            value.of.result = wasmtime_component_valresult_t(is_ok: false, val: boxed(string("bad")))
        case "flags":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_FLAGS)
            wasmtime_component_valflags_new_uninit(&value.of.flags, 2)
            value.of.flags.data[0] = name("p")
            value.of.flags.data[1] = name("q")
        case "map":
            value.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_MAP)
            wasmtime_component_valmap_new_uninit(&value.of.map, 1)
            value.of.map.data[0] = wasmtime_component_valmap_entry_t(key: string("k"), value: u32(5))
        default:
            Issue.record("no value for \(type)")
        }
        return value
    }

    static let compoundTypes = [
        "string", "list", "record", "tuple", "variant", "enum", "option", "result", "flags", "map",
    ]

    /// Host → guest: kind K is accepted by a parameter of compound type T
    /// exactly when K is T's kind (a rejected call poisons its store, so each
    /// attempt gets a fresh one). Values of other kinds carry a zero payload,
    /// valid for every kind but RESOURCE, which is left out.
    @Test func compoundKindsIntoTheGuest() throws {
        try Smoke.withComponent(Self.component) { engine, _, component in
            let kinds = ComponentLayoutTests.valueKindConstants.filter {
                $0.key != "RESOURCE" && $0.key != "FIXED_LENGTH_LIST"
            }
            var accepted: [String] = []
            for type in Self.compoundTypes {
                let typeKind = try #require(kinds[type.uppercased()])
                for (kindName, kind) in kinds.sorted(by: { $0.value < $1.value }) {
                    try Smoke.withStore(engine) { context in
                        let instance = try Smoke.instantiate(engine, context, component)
                        var take = try Smoke.function("take-\(type)", in: instance, context)
                        var argument = kind == typeKind ? Self.proper(type) : wasmtime_component_val_t()
                        if kind != typeKind { argument.kind = wasmtime_component_valkind_t(kind) }
                        let error = wasmtime_component_func_call(&take, context, &argument, 1, nil, 0)
                        if kind == typeKind { wasmtime_component_val_delete(&argument) }
                        if let error {
                            wasmtime_error_delete(error)
                        } else {
                            accepted.append("\(kindName)->\(type)")
                        }
                    }
                }
            }
            #expect(accepted == Self.compoundTypes.map { "\($0.uppercased())->\($0)" })
        }
    }

    // MARK: - Guest → host

    static func text(_ bytes: wasm_byte_vec_t) -> String { Smoke.string(bytes) }

    static func call(_ name: String, _ instance: wasmtime_component_instance_t, _ context: OpaquePointer) throws
        -> wasmtime_component_val_t
    {
        var function = try Smoke.function(name, in: instance, context)
        var result = wasmtime_component_val_t()
        try Smoke.check(wasmtime_component_func_call(&function, context, nil, 0, &result, 1), name)
        return result
    }

    @Test func compoundKindsFromTheGuest() throws {
        try Smoke.withComponent(Self.component) { engine, context, component in
            let instance = try Smoke.instantiate(engine, context, component)
            typealias Kind = wasmtime_component_valkind_t

            var string = try Self.call("give-string", instance, context)
            #expect(string.kind == Kind(WASMTIME_COMPONENT_STRING))
            #expect(Self.text(string.of.string) == "héllo")
            wasmtime_component_val_delete(&string)

            var list = try Self.call("give-list", instance, context)
            #expect(list.kind == Kind(WASMTIME_COMPONENT_LIST))
            let elements = UnsafeBufferPointer(start: list.of.list.data, count: list.of.list.size)
            #expect(elements.map(\.kind) == Array(repeating: Kind(WASMTIME_COMPONENT_U8), count: 3))
            #expect(elements.map(\.of.u8) == [1, 2, 3])
            wasmtime_component_val_delete(&list)

            var record = try Self.call("give-record", instance, context)
            #expect(record.kind == Kind(WASMTIME_COMPONENT_RECORD))
            let fields = UnsafeBufferPointer(start: record.of.record.data, count: record.of.record.size)
            #expect(fields.map { Self.text($0.name) } == ["a", "b"])
            #expect(fields.map(\.val.kind) == [Kind(WASMTIME_COMPONENT_U32), Kind(WASMTIME_COMPONENT_STRING)])
            #expect(fields.first?.val.of.u32 == 7)
            #expect(fields.last.map { Self.text($0.val.of.string) } == "hi")
            wasmtime_component_val_delete(&record)

            var tuple = try Self.call("give-tuple", instance, context)
            #expect(tuple.kind == Kind(WASMTIME_COMPONENT_TUPLE))
            let members = UnsafeBufferPointer(start: tuple.of.tuple.data, count: tuple.of.tuple.size)
            #expect(members.map(\.kind) == [Kind(WASMTIME_COMPONENT_U8), Kind(WASMTIME_COMPONENT_U16)])
            #expect(members.first?.of.u8 == 9)
            #expect(members.last?.of.u16 == 0x1234)
            wasmtime_component_val_delete(&tuple)

            var variant = try Self.call("give-variant", instance, context)
            #expect(variant.kind == Kind(WASMTIME_COMPONENT_VARIANT))
            #expect(Self.text(variant.of.variant.discriminant) == "b")
            let payload = try #require(variant.of.variant.val)
            #expect(payload.pointee.kind == Kind(WASMTIME_COMPONENT_U32))
            #expect(payload.pointee.of.u32 == 77)
            wasmtime_component_val_delete(&variant)

            var enumeration = try Self.call("give-enum", instance, context)
            #expect(enumeration.kind == Kind(WASMTIME_COMPONENT_ENUM))
            #expect(Self.text(enumeration.of.enumeration) == "z")
            wasmtime_component_val_delete(&enumeration)

            var option = try Self.call("give-option", instance, context)
            #expect(option.kind == Kind(WASMTIME_COMPONENT_OPTION))
            let some = try #require(option.of.option)
            #expect(some.pointee.kind == Kind(WASMTIME_COMPONENT_U32))
            #expect(some.pointee.of.u32 == 88)
            wasmtime_component_val_delete(&option)

            var result = try Self.call("give-result", instance, context)
            #expect(result.kind == Kind(WASMTIME_COMPONENT_RESULT))
            #expect(!result.of.result.is_ok)
            let failure = try #require(result.of.result.val)
            #expect(failure.pointee.kind == Kind(WASMTIME_COMPONENT_STRING))
            #expect(Self.text(failure.pointee.of.string) == "bad")
            wasmtime_component_val_delete(&result)

            var flags = try Self.call("give-flags", instance, context)
            #expect(flags.kind == Kind(WASMTIME_COMPONENT_FLAGS))
            let names = UnsafeBufferPointer(start: flags.of.flags.data, count: flags.of.flags.size)
            #expect(names.map(Self.text) == ["p", "q"])
            wasmtime_component_val_delete(&flags)

            var map = try Self.call("give-map", instance, context)
            #expect(map.kind == Kind(WASMTIME_COMPONENT_MAP))
            let entries = UnsafeBufferPointer(start: map.of.map.data, count: map.of.map.size)
            #expect(entries.count == 1)
            #expect(entries.first?.key.kind == Kind(WASMTIME_COMPONENT_STRING))
            #expect(entries.first.map { Self.text($0.key.of.string) } == "k")
            #expect(entries.first?.value.kind == Kind(WASMTIME_COMPONENT_U32))
            #expect(entries.first?.value.of.u32 == 5)
            wasmtime_component_val_delete(&map)
        }
    }

    /// A deep copy made by the library reads back equal through the layouts,
    /// and both copies free independently.
    @Test func cloneAndFree() throws {
        for type in Self.compoundTypes {
            var original = Self.proper(type)
            var copy = wasmtime_component_val_t()
            wasmtime_component_val_clone(&original, &copy)
            #expect(copy.kind == original.kind, "\(type)")
            wasmtime_component_val_delete(&original)
            let heap = try #require(wasmtime_component_val_new(&copy))  // moves `copy`
            #expect(heap.pointee.kind == original.kind, "\(type)")
            wasmtime_component_val_free(heap)
        }
    }

    // MARK: - Scalar kinds, both directions

    /// The twelve scalar types: name, core type carrying it, a value's bits.
    static let scalars: [(name: String, core: String)] = [
        ("bool", "i32"), ("s8", "i32"), ("u8", "i32"), ("s16", "i32"), ("u16", "i32"), ("s32", "i32"),
        ("u32", "i32"), ("s64", "i64"), ("u64", "i64"), ("f32", "f32"), ("f64", "f64"), ("char", "i32"),
    ]

    static var scalarComponent: String {
        let lifts = scalars.map { scalar in
            """
              (func (export "take-\(scalar.name)") (param "x" \(scalar.name)) (canon lift (core func $i "take-\(scalar.core)")))
              (func (export "give-\(scalar.name)") (result \(scalar.name)) (canon lift (core func $i "give-\(scalar.core)")))
            """
        }
        return """
            (component
              (core module $m
                (func (export "take-i32") (param i32)) (func (export "take-i64") (param i64))
                (func (export "take-f32") (param f32)) (func (export "take-f64") (param f64))
                (func (export "give-i32") (result i32) i32.const 65)
                (func (export "give-i64") (result i64) i64.const -2)
                (func (export "give-f32") (result f32) f32.const 1.5)
                (func (export "give-f64") (result f64) f64.const -0.25))
              (core instance $i (instantiate $m))
            \(lifts.joined(separator: "\n"))
            )
            """
    }

    /// Host → guest: a value of kind K is accepted by a `T` parameter exactly
    /// when K is T's value kind. Guest → host: a `T` result comes back with
    /// T's value kind and the right payload.
    @Test func scalarValueKindsThroughTheLibrary() throws {
        try Smoke.withComponent(Self.scalarComponent) { engine, context, component in
            let instance = try Smoke.instantiate(engine, context, component)
            let kinds = ComponentLayoutTests.valueKindConstants
            var acceptedCount = 0
            for scalar in Self.scalars {
                let kind = try #require(kinds[scalar.name.uppercased()])
                for other in Self.scalars {
                    // A rejected kind poisons its store (see wrongKindPoisonsTheStore): one store per attempt.
                    try Smoke.withStore(engine) { attempt in
                        let instance = try Smoke.instantiate(engine, attempt, component)
                        var take = try Smoke.function("take-\(scalar.name)", in: instance, attempt)
                        var argument = wasmtime_component_val_t()  // zero payload is valid for every scalar
                        argument.kind = wasmtime_component_valkind_t(try #require(kinds[other.name.uppercased()]))
                        let error = wasmtime_component_func_call(&take, attempt, &argument, 1, nil, 0)
                        let accepted = error == nil
                        if let error { wasmtime_error_delete(error) } else { acceptedCount += 1 }
                        #expect(
                            accepted == (other.name == scalar.name), "\(other.name) value into \(scalar.name) param")
                    }
                }

                var give = try Smoke.function("give-\(scalar.name)", in: instance, context)
                var result = wasmtime_component_val_t()
                try Smoke.check(wasmtime_component_func_call(&give, context, nil, 0, &result, 1), scalar.name)
                #expect(Int(result.kind) == kind, "\(scalar.name) result kind")
                switch scalar.name {
                case "bool": #expect(result.of.boolean == true)
                case "s8": #expect(result.of.s8 == 65)
                case "u8": #expect(result.of.u8 == 65)
                case "s16": #expect(result.of.s16 == 65)
                case "u16": #expect(result.of.u16 == 65)
                case "s32": #expect(result.of.s32 == 65)
                case "u32": #expect(result.of.u32 == 65)
                case "s64": #expect(result.of.s64 == -2)
                case "u64": #expect(result.of.u64 == UInt64.max - 1)
                case "f32": #expect(result.of.f32 == 1.5)
                case "f64": #expect(result.of.f64 == -0.25)
                case "char": #expect(result.of.character == 65)
                default: Issue.record("unhandled \(scalar.name)")
                }
                wasmtime_component_val_delete(&result)
            }
            #expect(acceptedCount == Self.scalars.count)
        }
    }
}
