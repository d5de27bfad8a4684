import CWasmtime
import Testing

/// Component types read through the real library, straight against
/// `CWasmtime`: a function's parameters and result, a component's exports
/// through v50's `wasmtime_component_extern_t` lookups, and one parameter of
/// every type kind the library can produce, which pins the type-kind
/// numbering to the library itself.
@Suite struct ComponentTypeCAPITests {
    typealias Smoke = ComponentCAPISmokeTests

    /// The function's own type: parameter names, kinds and the result.
    @Test func functionTypeWalk() throws {
        try Smoke.withComponent(Smoke.adder) { engine, context, component in
            let instance = try Smoke.instantiate(engine, context, component)
            var add = try Smoke.function("add", in: instance, context)
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
                names.append(Smoke.string(name, length))
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
        try Smoke.withComponent(Smoke.echo) { engine, _, component in
            let type = try #require(wasmtime_component_type(component))
            defer { wasmtime_component_type_delete(type) }
            #expect(wasmtime_component_type_import_count(type, engine) == 0)
            #expect(wasmtime_component_type_export_count(type, engine) == 1)
            var name: UnsafePointer<CChar>?
            var length = 0
            var external: OpaquePointer?
            #expect(wasmtime_component_type_export_nth(type, engine, 0, &name, &length, &external))
            #expect(Smoke.string(name, length) == "echo")
            let exported = try #require(external)
            defer { wasmtime_component_extern_delete(exported) }
            var byName: OpaquePointer?
            #expect("echo".withCString { wasmtime_component_type_export_get(type, engine, $0, 4, &byName) })
            if let byName { wasmtime_component_extern_delete(byName) }
            #expect("nope".withCString { wasmtime_component_type_export_get(type, engine, $0, 4, &byName) } == false)

            // No `implements` or external id on a plain export.
            var idLength = 99
            #expect(wasmtime_component_extern_implements(exported, &idLength) == nil)
            #expect(idLength == 0)
            #expect(wasmtime_component_extern_external_id(exported, &idLength) == nil)
            #expect(!"echo".withCString { wasmtime_component_extern_is_implements(exported, $0, 4) })
            let copy = try #require(wasmtime_component_extern_clone(exported))
            wasmtime_component_extern_delete(copy)

            var item = wasmtime_component_item_t()
            wasmtime_component_extern_type(exported, &item)
            defer { wasmtime_component_item_delete(&item) }
            #expect(Int(item.kind) == WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC)
            let function = try #require(item.of.component_func)
            var parameter = wasmtime_component_valtype_t()
            var parameterName: UnsafePointer<CChar>?
            var parameterLength = 0
            #expect(wasmtime_component_func_type_param_nth(function, 0, &parameterName, &parameterLength, &parameter))
            #expect(Smoke.string(parameterName, parameterLength) == "s")
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
        try Smoke.withComponent(Self.everyType) { engine, _, component in
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
                let parameter = Smoke.string(name, length).uppercased()
                reported[parameter] = Int(valtype.kind)
                // The union member for the kind is set (primitives carry none).
                if Int(valtype.kind) >= WASMTIME_COMPONENT_VALTYPE_LIST,
                    Int(valtype.kind) != WASMTIME_COMPONENT_VALTYPE_ERROR_CONTEXT
                {
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
}
