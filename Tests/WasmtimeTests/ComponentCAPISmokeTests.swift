import CWasmtime
import Testing

/// Proves the component-model declarations against the real library, written
/// straight against `CWasmtime`: components compiled from hand-written text,
/// instantiated through a component linker (host functions, nested instances,
/// unknown imports, WASI), serialized, and called with
/// `wasmtime_component_val_t` values. Every object is freed; wrong
/// declarations would show up here as wrong values or crashes. The fixture
/// below is shared by ComponentTypeCAPITests, ComponentValueCAPITests,
/// ComponentResourceCAPITests and AsyncCAPISmokeTests.
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
        try check(
            UnsafeRawPointer(binary.data).withMemoryRebound(to: UInt8.self, capacity: binary.size) {
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
        let index = try #require(
            name.withCString {
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
            let index = try #require(
                "add".withCString {
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
            try Self.check(
                wasmtime_component_func_call(
                    &fromComponent, context, [Self.u32(2), Self.u32(3)], 2,
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
                try Self.check(
                    wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 0),
                    "call")
            }
            #expect(noResultSlot?.description.contains("expected 1 result(s), got 0") == true)
            try Self.check(
                wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 1),
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
                try Self.check(
                    wasmtime_component_func_call(&add, context, [Self.u32(1), wrongKind], 2, &results, 1),
                    "call")
            }
            #expect(mismatch?.description.contains("type mismatch: expected u32, found s32") == true)
            let afterwards = #expect(throws: CAPIFailure.self) {
                try Self.check(
                    wasmtime_component_func_call(&add, context, [Self.u32(1), Self.u32(2)], 2, &results, 1),
                    "call")
            }
            #expect(afterwards?.description.contains("cannot enter component instance") == true)
            let second = try Self.instantiate(engine, context, component)
            var secondAdd = try Self.function("add", in: second, context)
            #expect(throws: CAPIFailure.self) {
                try Self.check(
                    wasmtime_component_func_call(
                        &secondAdd, context, [Self.u32(1), Self.u32(2)], 2,
                        &results, 1), "call")
            }
            try Self.withStore(engine) { fresh in
                let instance = try Self.instantiate(engine, fresh, component)
                var add = try Self.function("add", in: instance, fresh)
                try Self.check(
                    wasmtime_component_func_call(&add, fresh, [Self.u32(1), Self.u32(2)], 2, &results, 1),
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
                    wasm_byte_vec_new(
                        &argument.of.string, bytes.count,
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
                try Self.check(
                    "host-add".withCString {
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

    /// An error returned by a host function fails the call with that error's
    /// message, and like a guest trap it leaves the store unable to enter
    /// components again.
    @Test func hostErrorPoisonsTheStore() throws {
        try Self.withComponent(Self.usesHost) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }
                let refuse: wasmtime_component_func_callback_t = { _, _, _, _, _, _, _ in
                    wasmtime_error_new("host says no")
                }
                try Self.check(
                    wasmtime_component_linker_instance_add_func(root, "host-add", 8, refuse, nil, nil), "func")
            }
            var instance = wasmtime_component_instance_t()
            try Self.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var twice = try Self.function("twice", in: instance, context)
            var results = [wasmtime_component_val_t()]
            let refused = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&twice, context, [Self.u32(1)], 1, &results, 1), "call")
            }
            #expect(refused?.description.contains("host says no") == true)
            let afterwards = #expect(throws: CAPIFailure.self) {
                try Self.check(wasmtime_component_func_call(&twice, context, [Self.u32(1)], 1, &results, 1), "call")
            }
            #expect(afterwards?.description.contains("cannot enter component instance") == true)
        }
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
            let parent = try #require(
                api.withCString {
                    wasmtime_component_instance_get_export_index(&instance, context, nil, $0, api.utf8.count)
                })
            defer { wasmtime_component_export_index_delete(parent) }
            #expect(
                "add".withCString {
                    wasmtime_component_instance_get_export_index(&instance, context, nil, $0, 3)
                } == nil)  // not at the top level
            let child = try #require(
                "add".withCString {
                    wasmtime_component_instance_get_export_index(&instance, context, parent, $0, 3)
                })
            defer { wasmtime_component_export_index_delete(child) }
            var add = wasmtime_component_func_t()
            #expect(wasmtime_component_instance_get_func(&instance, context, child, &add))
            var results = [wasmtime_component_val_t()]
            try Self.check(
                wasmtime_component_func_call(&add, context, [Self.u32(40), Self.u32(2)], 2, &results, 1),
                "call")
            #expect(results[0].of.u32 == 42)
            // The parent index itself is not a function.
            var notFunction = wasmtime_component_func_t()
            #expect(!wasmtime_component_instance_get_func(&instance, context, parent, &notFunction))

            let componentParent = try #require(
                api.withCString {
                    wasmtime_component_get_export_index(component, nil, $0, api.utf8.count)
                })
            defer { wasmtime_component_export_index_delete(componentParent) }
            let componentChild = try #require(
                "add".withCString {
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
            #expect(
                "add".withCString { wasmtime_component_instance_type_export_get(instanceType, engine, $0, 3, &byName) })
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
                try Self.check(
                    path.withCString {
                        wasmtime_component_linker_instance_add_instance(root, $0, path.utf8.count, &nested)
                    }, "add_instance")
                let child = try #require(nested)
                defer { wasmtime_component_linker_instance_delete(child) }
                let double: wasmtime_component_func_callback_t = { _, _, _, args, _, results, _ in
                    results![0] = ComponentCAPISmokeTests.u32(args![0].of.u32 &* 2)
                    return nil
                }
                try Self.check(
                    wasmtime_component_linker_instance_add_func(child, "double", 6, double, nil, nil), "func")
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
            try Self.check(
                UnsafeRawPointer(bytes.data).withMemoryRebound(to: UInt8.self, capacity: bytes.size) {
                    wasmtime_component_deserialize(engine, $0, bytes.size, &restored)
                }, "deserialize")
            let copy = try #require(restored)
            defer { wasmtime_component_delete(copy) }
            let clone = try #require(wasmtime_component_clone(copy))
            defer { wasmtime_component_delete(clone) }
            let instance = try Self.instantiate(engine, context, clone)
            var add = try Self.function("add", in: instance, context)
            var results = [wasmtime_component_val_t()]
            try Self.check(
                wasmtime_component_func_call(&add, context, [Self.u32(2), Self.u32(3)], 2, &results, 1),
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
                try Self.check(
                    UnsafeRawPointer(module.data).withMemoryRebound(to: UInt8.self, capacity: module.size) {
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
            try Self.check(
                wasmtime_component_func_call(&add, context, [Self.u32(2), Self.u32(3)], 2, &results, 1),
                "call")
            #expect(results[0].of.u32 == 5)
        }
    }
}
