import CWasmtime
import Testing

/// Proves the component-model declarations against the real library, written
/// straight against `CWasmtime`: components compiled from hand-written text,
/// instantiated through a component linker, called with
/// `wasmtime_component_val_t` values, and their types walked. Every object is
/// freed; wrong declarations would show up here as wrong values or crashes.
@Suite struct ComponentCAPISmokeTests {
    // MARK: - Fixture

    struct CAPIFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Throws (and frees) a `wasmtime_error_t` returned by the C API.
    static func check(_ error: OpaquePointer?, _ what: String) throws {
        guard let error else { return }
        var message = wasm_byte_vec_t()
        wasmtime_error_message(error, &message)
        let text = Self.string(message)
        wasm_byte_vec_delete(&message)
        wasmtime_error_delete(error)
        throw CAPIFailure(description: "\(what): \(text)")
    }

    static func string(_ bytes: wasm_byte_vec_t) -> String {
        guard let data = bytes.data, bytes.size > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: bytes.size), as: UTF8.self)
    }

    static func string(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// An engine with the component model (and map types) on, a store, and a
    /// component compiled from `text`; everything is freed when `body` returns.
    static func withComponent<R>(
        _ text: String,
        _ body: (_ engine: OpaquePointer, _ context: OpaquePointer, _ component: OpaquePointer) throws -> R
    ) throws -> R {
        let config = try #require(wasm_config_new())
        wasmtime_config_wasm_component_model_set(config, true)
        wasmtime_config_wasm_component_model_map_set(config, true)
        wasmtime_config_wasm_component_model_async_set(config, true)
        let engine = try #require(wasm_engine_new_with_config(config))  // takes the config
        defer { wasm_engine_delete(engine) }
        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        let context = try #require(wasmtime_store_context(store))

        var binary = wasm_byte_vec_t()
        try check(text.withCString { wasmtime_wat2wasm($0, text.utf8.count, &binary) }, "wat2wasm")
        defer { wasm_byte_vec_delete(&binary) }
        var component: OpaquePointer?
        try check(UnsafeRawPointer(binary.data).withMemoryRebound(to: UInt8.self, capacity: binary.size) {
            wasmtime_component_new(engine, $0, binary.size, &component)
        }, "wasmtime_component_new")
        let compiled = try #require(component)
        defer { wasmtime_component_delete(compiled) }
        return try body(engine, context, compiled)
    }

    /// A further store of `engine`, deleted when `body` returns.
    static func withStore<R>(_ engine: OpaquePointer, _ body: (_ context: OpaquePointer) throws -> R) throws -> R {
        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        return try body(try #require(wasmtime_store_context(store)))
    }

    /// Instantiates `component` with an empty linker (its root is never taken).
    static func instantiate(_ engine: OpaquePointer, _ context: OpaquePointer, _ component: OpaquePointer)
        throws -> wasmtime_component_instance_t
    {
        let linker = try #require(wasmtime_component_linker_new(engine))
        defer { wasmtime_component_linker_delete(linker) }
        var instance = wasmtime_component_instance_t()
        try check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
        return instance
    }

    /// Looks up an exported function by name through the instance.
    static func function(_ name: String, in instance: wasmtime_component_instance_t, _ context: OpaquePointer)
        throws -> wasmtime_component_func_t
    {
        var instance = instance
        let index = try #require(name.withCString {
            wasmtime_component_instance_get_export_index(&instance, context, nil, $0, name.utf8.count)
        }, "no export \(name)")
        defer { wasmtime_component_export_index_delete(index) }
        var function = wasmtime_component_func_t()
        #expect(wasmtime_component_instance_get_func(&instance, context, index, &function))
        return function
    }

    static func u32(_ value: UInt32) -> wasmtime_component_val_t {
        var result = wasmtime_component_val_t()
        result.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
        result.of.u32 = value
        return result
    }

    // MARK: - u32 add

    static let adder = """
        (component
          (core module $m
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
          (core instance $i (instantiate $m))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))
        """

    @Test func addTwoU32() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            #expect(instance.store_id != 0)

            // The component-level index finds the same export as the instance-level one.
            let index = try #require("add".withCString {
                wasmtime_component_get_export_index(component, nil, $0, 3)
            })
            defer { wasmtime_component_export_index_delete(index) }
            var fromComponent = wasmtime_component_func_t()
            var instanceCopy = instance
            #expect(wasmtime_component_instance_get_func(&instanceCopy, context, index, &fromComponent))
            #expect(fromComponent.store_id == instance.store_id)
            #expect("nope".withCString { wasmtime_component_get_export_index(component, nil, $0, 4) } == nil)

            var add = try Self.function("add", in: instance, context)
            #expect(add.store_id == instance.store_id)
            for (a, b) in [(2, 3), (0, 0), (UInt32.max, 1), (123_456, 654_321)] as [(UInt32, UInt32)] {
                let args = [Self.u32(a), Self.u32(b)]
                // Result slots must hold valid values: the library drops what is there before writing.
                var results = [wasmtime_component_val_t()]
                try Self.check(wasmtime_component_func_call(&add, context, args, 2, &results, 1), "call")
                #expect(Int(results[0].kind) == WASMTIME_COMPONENT_U32)
                #expect(results[0].of.u32 == a &+ b)
                wasmtime_component_val_delete(&results[0])
            }
            // Through the function found via the component-level index, too.
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&fromComponent, context, [Self.u32(2), Self.u32(3)], 2,
                                                         &results, 1), "call")
            #expect(results[0].of.u32 == 5)
        }
    }

    /// Wrong arity comes back as an error and leaves the store usable.
    @Test func wrongArityIsAnError() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            var add = try Self.function("add", in: instance, context)
            var results = [wasmtime_component_val_t()]
            let tooFew = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(1)], 1, &results, 1), "call")
            }
            #expect(tooFew?.description.contains("expected 2 argument(s), got 1") == true)
            let noResultSlot = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 0),
                               "call")
            }
            #expect(noResultSlot?.description.contains("expected 1 result(s), got 0") == true)
            try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 1),
                           "call")
            #expect(results[0].of.u32 == 3)
        }
    }

    /// A value of the wrong kind is an error too, but it leaves the whole
    /// store unable to enter any component instance again (this one and
    /// instances created afterwards): a binding must check kinds before
    /// calling. Other stores are unaffected.
    @Test func wrongKindPoisonsTheStore() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            var add = try Self.function("add", in: instance, context)
            var results = [wasmtime_component_val_t()]
            var wrongKind = Self.u32(1)
            wrongKind.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_S32)
            let mismatch = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(1), wrongKind], 2, &results, 1),
                               "call")
            }
            #expect(mismatch?.description.contains("type mismatch: expected u32, found s32") == true)
            let afterwards = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 1),
                               "call")
            }
            #expect(afterwards?.description.contains("cannot enter component instance") == true)
            let second = try Self.instantiate(engine, context, component)
            var secondAdd = try Self.function("add", in: second, context)
            #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&secondAdd, context, [Self.u32(1), Self.u32(2)], 2,
                                                             &results, 1), "call")
            }
            try Self.withStore(engine) { fresh in
                let instance = try Self.instantiate(engine, fresh, component)
                var add = try Self.function("add", in: instance, fresh)
                try Self.check(wasmtime_component_func_call(&add, fresh, [Self.u32(1), Self.u32(2)], 2, &results, 1),
                               "call")
                #expect(results[0].of.u32 == 3)
            }
        }
    }

    // MARK: - String echo through the canonical ABI

    static let echo = """
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            ;; A bump allocator: cabi_realloc(old, old_size, align, new_size) -> ptr.
            (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              global.get $next
              local.get 2 i32.const 1 i32.sub i32.add
              local.get 2 i32.const 1 i32.sub i32.const -1 i32.xor i32.and
              local.tee $p
              local.get 3 i32.add
              global.set $next
              local.get $p)
            ;; echo(ptr, len) -> pointer to the (ptr, len) return area.
            (func (export "echo") (param i32 i32) (result i32)
              i32.const 8 local.get 0 i32.store
              i32.const 12 local.get 1 i32.store
              i32.const 8))
          (core instance $i (instantiate $m))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory (core memory $i "memory"))
              (realloc (core func $i "cabi_realloc")))))
        """

    @Test func stringEcho() throws {
        try Self.withComponent(Self.echo) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            var echo = try Self.function("echo", in: instance, context)
            for text in ["", "hello", "héllo, wörld ✓ 🦀", String(repeating: "0123456789abcdef", count: 1024)] {
                var argument = wasmtime_component_val_t()
                argument.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_STRING)
                var utf8 = Array(text.utf8)
                utf8.withUnsafeMutableBytes { bytes in
                    wasm_byte_vec_new(&argument.of.string, bytes.count,
                                      bytes.baseAddress?.assumingMemoryBound(to: wasm_byte_t.self))
                }
                defer { wasmtime_component_val_delete(&argument) }
                var results = [wasmtime_component_val_t()]
                try Self.check(wasmtime_component_func_call(&echo, context, &argument, 1, &results, 1), "echo")
                defer { wasmtime_component_val_delete(&results[0]) }
                #expect(Int(results[0].kind) == WASMTIME_COMPONENT_STRING)
                #expect(results[0].of.string.size == utf8.count)
                #expect(Self.string(results[0].of.string) == text)
            }
        }
    }

    // MARK: - Host function through the linker root

    static let usesHost = """
        (component
          (import "host-add" (func $h (param "a" u32) (param "b" u32) (result u32)))
          (core func $lowered (canon lower (func $h)))
          (core module $m
            (import "host" "add" (func $add (param i32 i32) (result i32)))
            (func (export "twice") (param i32) (result i32) local.get 0 local.get 0 call $add))
          (core instance $host (export "add" (func $lowered)))
          (core instance $i (instantiate $m (with "host" (instance $host))))
          (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $i "twice"))))
        """

    final class HostCalls: @unchecked Sendable {
        var count = 0
        var parameterNames: [String] = []
        var finalized = false
    }

    @Test func hostFunction() throws {
        let calls = HostCalls()
        try Self.withComponent(Self.usesHost) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                // The root borrows the linker exclusively: delete it before instantiating.
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }
                let callback: wasmtime_component_func_callback_t = { env, _, type, args, nargs, results, nresults in
                    let calls = Unmanaged<HostCalls>.fromOpaque(env!).takeUnretainedValue()
                    calls.count += 1
                    for index in 0..<wasmtime_component_func_type_param_count(type) {
                        var name: UnsafePointer<CChar>?
                        var length = 0
                        var valtype = wasmtime_component_valtype_t()
                        if wasmtime_component_func_type_param_nth(type, index, &name, &length, &valtype) {
                            calls.parameterNames.append(ComponentCAPISmokeTests.string(name, length))
                            wasmtime_component_valtype_delete(&valtype)
                        }
                    }
                    guard nargs == 2, nresults == 1, let args, let results else {
                        let text = "unexpected arity"
                        return text.withCString { wasmtime_error_new($0) }
                    }
                    results[0].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
                    results[0].of.u32 = args[0].of.u32 &+ args[1].of.u32
                    return nil
                }
                let finalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
                    let calls = Unmanaged<HostCalls>.fromOpaque(env!).takeRetainedValue()
                    calls.finalized = true
                }
                let env = Unmanaged.passRetained(calls).toOpaque()
                try Self.check("host-add".withCString {
                    wasmtime_component_linker_instance_add_func(root, $0, 8, callback, env, finalizer)
                }, "add_func")
            }
            var instance = wasmtime_component_instance_t()
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var twice = try Self.function("twice", in: instance, context)
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&twice, context, [Self.u32(21)], 1, &results, 1), "call")
            #expect(Int(results[0].kind) == WASMTIME_COMPONENT_U32)
            #expect(results[0].of.u32 == 42)
        }
        #expect(calls.count == 1)
        #expect(calls.parameterNames == ["a", "b"])
        #expect(calls.finalized)  // the linker's deletion ran the finalizer
    }

    // MARK: - Types

    /// The function's own type: parameter names, kinds and the result.
    @Test func functionTypeWalk() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            var add = try Self.function("add", in: instance, context)
            let type = try #require(wasmtime_component_func_type(&add, context))
            defer { wasmtime_component_func_type_delete(type) }
            #expect(!wasmtime_component_func_type_async(type))
            #expect(wasmtime_component_func_type_param_count(type) == 2)
            var names: [String] = []
            for index in 0..<2 {
                var name: UnsafePointer<CChar>?
                var length = 0
                var valtype = wasmtime_component_valtype_t()
                #expect(wasmtime_component_func_type_param_nth(type, index, &name, &length, &valtype))
                names.append(Self.string(name, length))
                #expect(Int(valtype.kind) == WASMTIME_COMPONENT_VALTYPE_U32)
                wasmtime_component_valtype_delete(&valtype)
            }
            #expect(names == ["a", "b"])
            var name: UnsafePointer<CChar>?
            var length = 0
            var valtype = wasmtime_component_valtype_t()
            #expect(!wasmtime_component_func_type_param_nth(type, 2, &name, &length, &valtype))
            var result = wasmtime_component_valtype_t()
            #expect(wasmtime_component_func_type_result(type, &result))
            #expect(Int(result.kind) == WASMTIME_COMPONENT_VALTYPE_U32)
            wasmtime_component_valtype_delete(&result)
        }
    }

    /// The component's type through v50's `wasmtime_component_extern_t`
    /// lookups (the 49 headers declared these with an item out-parameter).
    @Test func componentTypeExports() throws {
        try Self.withComponent(Self.echo) { engine, _, component in
            let type = try #require(wasmtime_component_type(component))
            defer { wasmtime_component_type_delete(type) }
            #expect(wasmtime_component_type_import_count(type, engine) == 0)
            #expect(wasmtime_component_type_export_count(type, engine) == 1)
            var name: UnsafePointer<CChar>?
            var length = 0
            var external: OpaquePointer?
            #expect(wasmtime_component_type_export_nth(type, engine, 0, &name, &length, &external))
            #expect(Self.string(name, length) == "echo")
            let exported = try #require(external)
            defer { wasmtime_component_extern_delete(exported) }
            var byName: OpaquePointer?
            #expect("echo".withCString { wasmtime_component_type_export_get(type, engine, $0, 4, &byName) })
            if let byName { wasmtime_component_extern_delete(byName) }
            #expect("nope".withCString { wasmtime_component_type_export_get(type, engine, $0, 4, &byName) } == false)

            var item = wasmtime_component_item_t()
            wasmtime_component_extern_type(exported, &item)
            defer { wasmtime_component_item_delete(&item) }
            #expect(Int(item.kind) == WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC)
            let function = try #require(item.of.component_func)
            var parameter = wasmtime_component_valtype_t()
            var parameterName: UnsafePointer<CChar>?
            var parameterLength = 0
            #expect(wasmtime_component_func_type_param_nth(function, 0, &parameterName, &parameterLength, &parameter))
            #expect(Self.string(parameterName, parameterLength) == "s")
            #expect(Int(parameter.kind) == WASMTIME_COMPONENT_VALTYPE_STRING)
            wasmtime_component_valtype_delete(&parameter)
        }
    }

    /// One imported function with a parameter of every type kind the library
    /// can produce here: the names and kinds it reports pin the type-kind
    /// numbering to the library itself (fixed-length lists and error-context
    /// need features v50's C API cannot switch on).
    static let everyType = """
        (component
          (import "r" (type $r (sub resource)))
          (type $rec' (record (field "a" u32) (field "b" string)))
          (import "rec" (type $rec (eq $rec')))
          (type $var' (variant (case "a") (case "b" u32)))
          (import "var" (type $var (eq $var')))
          (type $en' (enum "x" "y" "z"))
          (import "en" (type $en (eq $en')))
          (type $fl' (flags "p" "q"))
          (import "fl" (type $fl (eq $fl')))
          (import "all" (func (param "bool" bool) (param "s8" s8) (param "s16" s16) (param "s32" s32) (param "s64" s64)
            (param "u8" u8) (param "u16" u16) (param "u32" u32) (param "u64" u64) (param "f32" f32) (param "f64" f64)
            (param "char" char) (param "string" string) (param "list" (list u8)) (param "record" $rec)
            (param "tuple" (tuple u8 u16)) (param "variant" $var) (param "enum" $en) (param "option" (option u32))
            (param "result" (result u32 (error string))) (param "flags" $fl) (param "own" (own $r))
            (param "borrow" (borrow $r)) (param "future" (future u32)) (param "stream" (stream u8))
            (param "map" (map string u32)))))
        """

    @Test func typeKindsThroughTheLibrary() throws {
        try Self.withComponent(Self.everyType) { engine, _, component in
            let type = try #require(wasmtime_component_type(component))
            defer { wasmtime_component_type_delete(type) }
            var external: OpaquePointer?
            #expect("all".withCString { wasmtime_component_type_import_get(type, engine, $0, 3, &external) })
            let imported = try #require(external)
            defer { wasmtime_component_extern_delete(imported) }
            var item = wasmtime_component_item_t()
            wasmtime_component_extern_type(imported, &item)
            defer { wasmtime_component_item_delete(&item) }
            #expect(Int(item.kind) == WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC)
            let function = try #require(item.of.component_func)

            var reported: [String: Int] = [:]
            for index in 0..<wasmtime_component_func_type_param_count(function) {
                var name: UnsafePointer<CChar>?
                var length = 0
                var valtype = wasmtime_component_valtype_t()
                #expect(wasmtime_component_func_type_param_nth(function, index, &name, &length, &valtype))
                let parameter = Self.string(name, length).uppercased()
                reported[parameter] = Int(valtype.kind)
                // The union member for the kind is set (primitives carry none).
                if Int(valtype.kind) >= WASMTIME_COMPONENT_VALTYPE_LIST, Int(valtype.kind) != WASMTIME_COMPONENT_VALTYPE_ERROR_CONTEXT {
                    #expect(valtype.of.list != nil, "\(parameter)")
                }
                wasmtime_component_valtype_delete(&valtype)
            }
            let expected = ComponentLayoutTests.typeKindConstants.filter {
                $0.key != "ERROR_CONTEXT" && $0.key != "FIXED_LENGTH_LIST"
            }
            #expect(reported == expected)

            // The resource import is an item of its own.
            var resource: OpaquePointer?
            #expect("r".withCString { wasmtime_component_type_import_get(type, engine, $0, 1, &resource) })
            if let resource {
                var resourceItem = wasmtime_component_item_t()
                wasmtime_component_extern_type(resource, &resourceItem)
                #expect(Int(resourceItem.kind) == WASMTIME_COMPONENT_ITEM_RESOURCE)
                wasmtime_component_item_delete(&resourceItem)
                wasmtime_component_extern_delete(resource)
            }
        }
    }

    // MARK: - Value kinds through the library, both directions

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
        try Self.withComponent(Self.scalarComponent) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            let kinds = ComponentLayoutTests.valueKindConstants
            var acceptedCount = 0
            for scalar in Self.scalars {
                let kind = try #require(kinds[scalar.name.uppercased()])
                for other in Self.scalars {
                    // A rejected kind poisons its store (see wrongKindPoisonsTheStore): one store per attempt.
                    try Self.withStore(engine) { attempt in
                        let instance = try Self.instantiate(engine, attempt, component)
                        var take = try Self.function("take-\(scalar.name)", in: instance, attempt)
                        var argument = wasmtime_component_val_t()  // zero payload is valid for every scalar
                        argument.kind = wasmtime_component_valkind_t(try #require(kinds[other.name.uppercased()]))
                        let error = wasmtime_component_func_call(&take, attempt, &argument, 1, nil, 0)
                        let accepted = error == nil
                        if let error { wasmtime_error_delete(error) } else { acceptedCount += 1 }
                        #expect(accepted == (other.name == scalar.name), "\(other.name) value into \(scalar.name) param")
                    }
                }

                var give = try Self.function("give-\(scalar.name)", in: instance, context)
                var result = wasmtime_component_val_t()
                try Self.check(wasmtime_component_func_call(&give, context, nil, 0, &result, 1), scalar.name)
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

    // MARK: - Resources

    static let guestResource = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
            (func (export "dropped") (result i32) global.get $dropped))
          (core instance $mi (instantiate $m))
          (type $r (resource (rep i32) (dtor (core func $mi "dtor"))))
          (core func $new (canon resource.new $r))
          (core module $m2
            (import "" "new" (func $new (param i32) (result i32)))
            (func (export "make") (param i32) (result i32) local.get 0 call $new)
            (func (export "get") (param i32) (result i32) local.get 0))
          (core instance $i2 (instantiate $m2 (with "" (instance (export "new" (func $new))))))
          (export $rx "r" (type $r))
          (func (export "make") (param "x" u32) (result (own $rx)) (canon lift (core func $i2 "make")))
          (func (export "get") (param "r" (borrow $rx)) (result u32) (canon lift (core func $i2 "get")))
          (func (export "dropped") (result u32) (canon lift (core func $mi "dropped"))))
        """

    /// A guest resource received by the host: borrowed back into the guest,
    /// dropped (running the guest destructor), then freed. A second drop is
    /// an error; a borrow of a dropped resource is an error that also leaves
    /// the store unable to enter components, like a wrong value kind.
    @Test func guestResourceLifecycle() throws {
        try Self.withComponent(Self.guestResource) { engine, context, component in
            let instance = try Self.instantiate(engine, context, component)
            var make = try Self.function("make", in: instance, context)
            var get = try Self.function("get", in: instance, context)
            var dropped = try Self.function("dropped", in: instance, context)
            func droppedSum() throws -> UInt32 {
                var result = wasmtime_component_val_t()
                try Self.check(wasmtime_component_func_call(&dropped, context, nil, 0, &result, 1), "dropped")
                return result.of.u32
            }

            var made = wasmtime_component_val_t()
            try Self.check(wasmtime_component_func_call(&make, context, [Self.u32(5)], 1, &made, 1), "make")
            defer { wasmtime_component_val_delete(&made) }  // frees the resource_any box
            #expect(Int(made.kind) == WASMTIME_COMPONENT_RESOURCE)
            let resource = try #require(made.of.resource)
            #expect(wasmtime_component_resource_any_owned(resource))
            let type = try #require(wasmtime_component_resource_any_type(resource))
            defer { wasmtime_component_resource_type_delete(type) }
            let hostType = try #require(wasmtime_component_resource_type_new_host(5))
            defer { wasmtime_component_resource_type_delete(hostType) }
            #expect(!wasmtime_component_resource_type_equal(type, hostType))

            var borrow = wasmtime_component_val_t()
            borrow.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESOURCE)
            borrow.of.resource = resource  // borrowed from `made`: not deleted separately
            var got = wasmtime_component_val_t()
            try Self.check(wasmtime_component_func_call(&get, context, &borrow, 1, &got, 1), "get")
            #expect(got.of.u32 == 5)

            var host: OpaquePointer?
            let notHost = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_resource_any_to_host(context, resource, &host), "to_host")
            }
            #expect(notHost?.description.contains("resource type mismatch") == true)
            #expect(host == nil)

            #expect(try droppedSum() == 0)
            try Self.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            #expect(try droppedSum() == 5)  // the guest destructor ran with rep 5
            let twice = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            }
            #expect(twice?.description.contains("unknown handle index") == true)

            let stale = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&get, context, &borrow, 1, &got, 1), "get")
            }
            #expect(stale?.description.contains("unknown handle index") == true)
            let poisoned = #expect(throws: CAPIFailure.self) { _ = try droppedSum() }
            #expect(poisoned?.description.contains("cannot enter component instance") == true)
        }
    }

    /// Host resources as plain values, and their conversion to and from
    /// `resource_any` through a store (an owned conversion to host is a move).
    @Test func hostResourceValues() throws {
        try Self.withComponent(Self.adder) { _, context, _ in
            let owned = try #require(wasmtime_component_resource_host_new(true, 42, 7))
            defer { wasmtime_component_resource_host_delete(owned) }
            #expect(wasmtime_component_resource_host_rep(owned) == 42)
            #expect(wasmtime_component_resource_host_type(owned) == 7)
            #expect(wasmtime_component_resource_host_owned(owned))
            let copy = try #require(wasmtime_component_resource_host_clone(owned))
            #expect(wasmtime_component_resource_host_rep(copy) == 42)
            wasmtime_component_resource_host_delete(copy)

            var any: OpaquePointer?
            try Self.check(wasmtime_component_resource_host_to_any(context, owned, &any), "to_any")
            let resource = try #require(any)
            defer { wasmtime_component_resource_any_delete(resource) }
            #expect(wasmtime_component_resource_any_owned(resource))
            let type = try #require(wasmtime_component_resource_any_type(resource))
            defer { wasmtime_component_resource_type_delete(type) }
            let seven = try #require(wasmtime_component_resource_type_new_host(7))
            defer { wasmtime_component_resource_type_delete(seven) }
            let eight = try #require(wasmtime_component_resource_type_new_host(8))
            defer { wasmtime_component_resource_type_delete(eight) }
            #expect(wasmtime_component_resource_type_equal(type, seven))
            #expect(!wasmtime_component_resource_type_equal(type, eight))

            var back: OpaquePointer?
            try Self.check(wasmtime_component_resource_any_to_host(context, resource, &back), "to_host")
            let roundTrip = try #require(back)
            defer { wasmtime_component_resource_host_delete(roundTrip) }
            #expect(wasmtime_component_resource_host_rep(roundTrip) == 42)
            #expect(wasmtime_component_resource_host_type(roundTrip) == 7)
            // Converting an owned resource takes it out of the store's table: the any is spent.
            let spent = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            }
            #expect(spent?.description.contains("unknown handle index") == true)

            // Without the conversion, an owned host resource can be dropped once.
            var another: OpaquePointer?
            try Self.check(wasmtime_component_resource_host_to_any(context, owned, &another), "to_any")
            let droppable = try #require(another)
            defer { wasmtime_component_resource_any_delete(droppable) }
            try Self.check(wasmtime_component_resource_any_drop(context, droppable), "drop")

            let borrowed = try #require(wasmtime_component_resource_host_new(false, 9, 7))
            defer { wasmtime_component_resource_host_delete(borrowed) }
            #expect(!wasmtime_component_resource_host_owned(borrowed))
        }
    }

    static let usesHostResource = """
        (component
          (import "hr" (type $hr (sub resource)))
          (import "make-hr" (func $make (param "x" u32) (result (own $hr))))
          (core func $make_lowered (canon lower (func $make)))
          (core func $drop (canon resource.drop $hr))
          (core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "cycle") (param i32) local.get 0 call $make call $drop))
          (core instance $i (instantiate $m
            (with "" (instance (export "make" (func $make_lowered)) (export "drop" (func $drop))))))
          (func (export "cycle") (param "x" u32) (canon lift (core func $i "cycle"))))
        """

    final class HostResources: @unchecked Sendable {
        var destroyed: [UInt32] = []
        var finalizers = 0
    }

    /// A host resource type defined in the linker: the host function hands
    /// the guest an owned handle, and the guest's drop runs the host
    /// destructor with the handle's rep.
    @Test func hostResourceThroughTheLinker() throws {
        let state = HostResources()
        try Self.withComponent(Self.usesHostResource) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }
                let type = try #require(wasmtime_component_resource_type_new_host(7))
                defer { wasmtime_component_resource_type_delete(type) }
                let destructor: wasmtime_component_resource_destructor_t = { env, _, rep in
                    Unmanaged<HostResources>.fromOpaque(env!).takeUnretainedValue().destroyed.append(rep)
                    return nil
                }
                let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
                    let state = Unmanaged<HostResources>.fromOpaque(env!).takeRetainedValue()
                    state.finalizers += 1
                }
                try Self.check(wasmtime_component_linker_instance_add_resource(
                    root, "hr", 2, type, destructor, Unmanaged.passRetained(state).toOpaque(), release), "resource")
                let make: wasmtime_component_func_callback_t = { _, context, _, args, _, results, _ in
                    let host = wasmtime_component_resource_host_new(true, args![0].of.u32, 7)
                    defer { wasmtime_component_resource_host_delete(host) }
                    var any: OpaquePointer?
                    if let error = wasmtime_component_resource_host_to_any(context, host, &any) { return error }
                    // The library frees the result (and this resource_any box) after the call.
                    results![0].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESOURCE)
                    results![0].of.resource = any
                    return nil
                }
                try Self.check(wasmtime_component_linker_instance_add_func(root, "make-hr", 7, make, nil, nil), "func")
            }
            var instance = wasmtime_component_instance_t()
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var cycle = try Self.function("cycle", in: instance, context)
            for rep in [42, 7, 1_000_000] as [UInt32] {
                try Self.check(wasmtime_component_func_call(&cycle, context, [Self.u32(rep)], 1, nil, 0), "cycle")
            }
            #expect(state.destroyed == [42, 7, 1_000_000])
        }
        #expect(state.finalizers == 1)
    }


    // MARK: - Nested instances, serialization, unknown imports

    static let exportsInstance = """
        (component
          (core module $m (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
          (core instance $i (instantiate $m))
          (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (instance $api (export "add" (func $add)))
          (export "wasi:test/api@0.1.0" (instance $api)))
        """

    /// A function inside an exported instance, found through a parent export
    /// index (instance- and component-level) and through the instance type.
    @Test func nestedExport() throws {
        try Self.withComponent(Self.exportsInstance) { engine, context, component in
            var instance = try Self.instantiate(engine, context, component)
            let api = "wasi:test/api@0.1.0"
            let parent = try #require(api.withCString {
                wasmtime_component_instance_get_export_index(&instance, context, nil, $0, api.utf8.count)
            })
            defer { wasmtime_component_export_index_delete(parent) }
            #expect("add".withCString {
                wasmtime_component_instance_get_export_index(&instance, context, nil, $0, 3)
            } == nil)  // not at the top level
            let child = try #require("add".withCString {
                wasmtime_component_instance_get_export_index(&instance, context, parent, $0, 3)
            })
            defer { wasmtime_component_export_index_delete(child) }
            var add = wasmtime_component_func_t()
            #expect(wasmtime_component_instance_get_func(&instance, context, child, &add))
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(40), Self.u32(2)], 2, &results, 1),
                           "call")
            #expect(results[0].of.u32 == 42)
            // The parent index itself is not a function.
            var notFunction = wasmtime_component_func_t()
            #expect(!wasmtime_component_instance_get_func(&instance, context, parent, &notFunction))

            let componentParent = try #require(api.withCString {
                wasmtime_component_get_export_index(component, nil, $0, api.utf8.count)
            })
            defer { wasmtime_component_export_index_delete(componentParent) }
            let componentChild = try #require("add".withCString {
                wasmtime_component_get_export_index(component, componentParent, $0, 3)
            })
            let copy = try #require(wasmtime_component_export_index_clone(componentChild))
            wasmtime_component_export_index_delete(componentChild)
            defer { wasmtime_component_export_index_delete(copy) }
            var viaComponent = wasmtime_component_func_t()
            #expect(wasmtime_component_instance_get_func(&instance, context, copy, &viaComponent))

            // Types: the export is an instance whose type exports the function.
            let type = try #require(wasmtime_component_type(component))
            defer { wasmtime_component_type_delete(type) }
            var external: OpaquePointer?
            #expect(api.withCString { wasmtime_component_type_export_get(type, engine, $0, api.utf8.count, &external) })
            let exported = try #require(external)
            defer { wasmtime_component_extern_delete(exported) }
            var item = wasmtime_component_item_t()
            wasmtime_component_extern_type(exported, &item)
            defer { wasmtime_component_item_delete(&item) }
            #expect(Int(item.kind) == WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE)
            let instanceType = try #require(item.of.component_instance)
            #expect(wasmtime_component_instance_type_export_count(instanceType, engine) == 1)
            var name: UnsafePointer<CChar>?
            var length = 0
            var inner: OpaquePointer?
            #expect(wasmtime_component_instance_type_export_nth(instanceType, engine, 0, &name, &length, &inner))
            #expect(Self.string(name, length) == "add")
            let innerExtern = try #require(inner)
            defer { wasmtime_component_extern_delete(innerExtern) }
            var innerItem = wasmtime_component_item_t()
            wasmtime_component_extern_type(innerExtern, &innerItem)
            #expect(Int(innerItem.kind) == WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC)
            if let function = innerItem.of.component_func {
                #expect(wasmtime_component_func_type_param_count(function) == 2)
            }
            wasmtime_component_item_delete(&innerItem)
            var byName: OpaquePointer?
            #expect("add".withCString { wasmtime_component_instance_type_export_get(instanceType, engine, $0, 3, &byName) })
            if let byName { wasmtime_component_extern_delete(byName) }
        }
    }

    static let importsInstance = """
        (component
          (import "wasi:test/host@0.1.0" (instance $h (export "double" (func (param "x" u32) (result u32)))))
          (alias export $h "double" (func $double))
          (core func $lowered (canon lower (func $double)))
          (core module $m
            (import "host" "double" (func $d (param i32) (result i32)))
            (func (export "quad") (param i32) (result i32) local.get 0 call $d call $d))
          (core instance $host (export "double" (func $lowered)))
          (core instance $i (instantiate $m (with "host" (instance $host))))
          (func (export "quad") (param "x" u32) (result u32) (canon lift (core func $i "quad"))))
        """

    /// A host function inside a versioned nested linker instance.
    @Test func nestedLinkerInstance() throws {
        try Self.withComponent(Self.importsInstance) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }  // after the child
                let path = "wasi:test/host@0.1.0"
                var nested: OpaquePointer?
                try Self.check(path.withCString {
                    wasmtime_component_linker_instance_add_instance(root, $0, path.utf8.count, &nested)
                }, "add_instance")
                let child = try #require(nested)
                defer { wasmtime_component_linker_instance_delete(child) }
                let double: wasmtime_component_func_callback_t = { _, _, _, args, _, results, _ in
                    results![0] = ComponentCAPISmokeTests.u32(args![0].of.u32 &* 2)
                    return nil
                }
                try Self.check(wasmtime_component_linker_instance_add_func(child, "double", 6, double, nil, nil), "func")
            }
            var instance = wasmtime_component_instance_t()
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var quad = try Self.function("quad", in: instance, context)
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&quad, context, [Self.u32(5)], 1, &results, 1), "quad")
            #expect(results[0].of.u32 == 20)
        }
    }

    @Test func serializeAndDeserialize() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            var bytes = wasm_byte_vec_t()
            try Self.check(wasmtime_component_serialize(component, &bytes), "serialize")
            defer { wasm_byte_vec_delete(&bytes) }
            #expect(bytes.size > 0)
            var restored: OpaquePointer?
            try Self.check(UnsafeRawPointer(bytes.data).withMemoryRebound(to: UInt8.self, capacity: bytes.size) {
                wasmtime_component_deserialize(engine, $0, bytes.size, &restored)
            }, "deserialize")
            let copy = try #require(restored)
            defer { wasmtime_component_delete(copy) }
            let clone = try #require(wasmtime_component_clone(copy))
            defer { wasmtime_component_delete(clone) }
            let instance = try Self.instantiate(engine, context, clone)
            var add = try Self.function("add", in: instance, context)
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(2), Self.u32(3)], 2, &results, 1),
                           "call")
            #expect(results[0].of.u32 == 5)

            let garbage: [UInt8] = Array("not a serialized component".utf8)
            var rejected: OpaquePointer?
            #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_deserialize(engine, garbage, garbage.count, &rejected), "deserialize")
            }
            #expect(rejected == nil)
            // A core module is not a component.
            var module = wasm_byte_vec_t()
            try Self.check(wasmtime_wat2wasm("(module)", 8, &module), "wat2wasm")
            defer { wasm_byte_vec_delete(&module) }
            var notComponent: OpaquePointer?
            #expect(throws: CAPIFailure.self) {
                try Self.check(UnsafeRawPointer(module.data).withMemoryRebound(to: UInt8.self, capacity: module.size) {
                    wasmtime_component_new(engine, $0, module.size, &notComponent)
                }, "component_new")
            }
        }
    }

    /// Unknown imports defined as traps: instantiation succeeds and the call
    /// traps (an error), after which the store can no longer enter components.
    @Test func unknownImportsAsTraps() throws {
        try Self.withComponent(Self.usesHost) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            var instance = wasmtime_component_instance_t()
            #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "")
            }
            try Self.check(wasmtime_component_linker_define_unknown_imports_as_traps(linker, component), "traps")
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var twice = try Self.function("twice", in: instance, context)
            var results = [wasmtime_component_val_t()]
            let trapped = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&twice, context, [Self.u32(1)], 1, &results, 1), "call")
            }
            #expect(trapped != nil)
            let afterwards = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&twice, context, [Self.u32(1)], 1, &results, 1), "call")
            }
            #expect(afterwards?.description.contains("cannot enter component instance") == true)
        }
    }

    /// The WASI p2 and wasi:http linker entry points and the store switch.
    @Test func wasiEntryPoints() throws {
        try Self.withComponent(Self.adder) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            try Self.check(wasmtime_component_linker_add_wasip2(linker), "add_wasip2")
            try Self.check(wasmtime_component_linker_add_wasi_http(linker), "add_wasi_http")
            let wasi = try #require(wasi_config_new())
            try Self.check(wasmtime_context_set_wasi(context, wasi), "set_wasi")  // consumes the config
            wasmtime_context_set_wasi_http(context)
            var instance = wasmtime_component_instance_t()
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var add = try Self.function("add", in: instance, context)
            var results = [wasmtime_component_val_t()]
            try Self.check(wasmtime_component_func_call(&add, context, [Self.u32(2), Self.u32(3)], 2, &results, 1),
                           "call")
            #expect(results[0].of.u32 == 5)
        }
    }

}
