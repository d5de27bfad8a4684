import CWasmtime

// Reading component types out of the C API into Swift values. Every C type
// object read here is either borrowed (and only read) or taken (read, then
// freed right here).

/// Copies a `(pointer, length)` name the C API lends.
func componentName(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> String {
    guard let pointer = unsafe pointer, count > 0 else { return "" }
    return unsafe pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        unsafe String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

extension ComponentValueType {
    /// Reads and frees an owned `wasmtime_component_valtype_t`.
    init(taking raw: inout wasmtime_component_valtype_t) {
        defer { unsafe wasmtime_component_valtype_delete(&raw) }
        unsafe self.init(borrowing: raw)
    }

    /// Reads a `wasmtime_component_valtype_t` without taking it.
    init(borrowing raw: wasmtime_component_valtype_t) {
        switch unsafe Int(raw.kind) {
        case WASMTIME_COMPONENT_VALTYPE_BOOL: self = .bool
        case WASMTIME_COMPONENT_VALTYPE_S8: self = .s8
        case WASMTIME_COMPONENT_VALTYPE_S16: self = .s16
        case WASMTIME_COMPONENT_VALTYPE_S32: self = .s32
        case WASMTIME_COMPONENT_VALTYPE_S64: self = .s64
        case WASMTIME_COMPONENT_VALTYPE_U8: self = .u8
        case WASMTIME_COMPONENT_VALTYPE_U16: self = .u16
        case WASMTIME_COMPONENT_VALTYPE_U32: self = .u32
        case WASMTIME_COMPONENT_VALTYPE_U64: self = .u64
        case WASMTIME_COMPONENT_VALTYPE_F32: self = .f32
        case WASMTIME_COMPONENT_VALTYPE_F64: self = .f64
        case WASMTIME_COMPONENT_VALTYPE_CHAR: self = .char
        case WASMTIME_COMPONENT_VALTYPE_STRING: self = .string
        case WASMTIME_COMPONENT_VALTYPE_LIST:
            var element = unsafe wasmtime_component_valtype_t()
            unsafe wasmtime_component_list_type_element(raw.of.list, &element)
            self = unsafe .list(ComponentValueType(taking: &element))
        case WASMTIME_COMPONENT_VALTYPE_FIXED_LENGTH_LIST:
            var element = unsafe wasmtime_component_valtype_t()
            unsafe wasmtime_component_fixed_length_list_type_element(raw.of.fixed_length_list, &element)
            self = unsafe .fixedLengthList(ComponentValueType(taking: &element))
        case WASMTIME_COMPONENT_VALTYPE_RECORD:
            let record = unsafe raw.of.record
            self = unsafe .record(
                (0..<wasmtime_component_record_type_field_count(record)).compactMap { index in
                    var name: UnsafePointer<CChar>?
                    var count = 0
                    var type = unsafe wasmtime_component_valtype_t()
                    guard unsafe wasmtime_component_record_type_field_nth(record, index, &name, &count, &type) else {
                        return nil
                    }
                    return unsafe ComponentField(
                        name: componentName(name, count), type: ComponentValueType(taking: &type))
                })
        case WASMTIME_COMPONENT_VALTYPE_TUPLE:
            let tuple = unsafe raw.of.tuple
            self = unsafe .tuple(
                (0..<wasmtime_component_tuple_type_types_count(tuple)).compactMap { index in
                    var type = unsafe wasmtime_component_valtype_t()
                    guard unsafe wasmtime_component_tuple_type_types_nth(tuple, index, &type) else { return nil }
                    return unsafe ComponentValueType(taking: &type)
                })
        case WASMTIME_COMPONENT_VALTYPE_VARIANT:
            let variant = unsafe raw.of.variant
            self = unsafe .variant(
                (0..<wasmtime_component_variant_type_case_count(variant)).compactMap { index in
                    var name: UnsafePointer<CChar>?
                    var count = 0
                    var hasPayload = false
                    var type = unsafe wasmtime_component_valtype_t()
                    guard
                        unsafe wasmtime_component_variant_type_case_nth(
                            variant, index, &name, &count, &hasPayload, &type)
                    else { return nil }
                    return unsafe ComponentCase(
                        name: componentName(name, count),
                        payload: hasPayload ? ComponentValueType(taking: &type) : nil)
                })
        case WASMTIME_COMPONENT_VALTYPE_ENUM:
            let enumeration = unsafe raw.of.enum_
            self = unsafe .enum(
                (0..<wasmtime_component_enum_type_names_count(enumeration)).compactMap { index in
                    var name: UnsafePointer<CChar>?
                    var count = 0
                    guard unsafe wasmtime_component_enum_type_names_nth(enumeration, index, &name, &count) else {
                        return nil
                    }
                    return unsafe componentName(name, count)
                })
        case WASMTIME_COMPONENT_VALTYPE_FLAGS:
            let flags = unsafe raw.of.flags
            self = unsafe .flags(
                (0..<wasmtime_component_flags_type_names_count(flags)).compactMap { index in
                    var name: UnsafePointer<CChar>?
                    var count = 0
                    guard unsafe wasmtime_component_flags_type_names_nth(flags, index, &name, &count) else {
                        return nil
                    }
                    return unsafe componentName(name, count)
                })
        case WASMTIME_COMPONENT_VALTYPE_OPTION:
            var type = unsafe wasmtime_component_valtype_t()
            unsafe wasmtime_component_option_type_ty(raw.of.option, &type)
            self = unsafe .option(ComponentValueType(taking: &type))
        case WASMTIME_COMPONENT_VALTYPE_RESULT:
            var ok = unsafe wasmtime_component_valtype_t()
            var error = unsafe wasmtime_component_valtype_t()
            let hasOk = unsafe wasmtime_component_result_type_ok(raw.of.result, &ok)
            let hasError = unsafe wasmtime_component_result_type_err(raw.of.result, &error)
            self = unsafe .result(
                ok: hasOk ? ComponentValueType(taking: &ok) : nil,
                error: hasError ? ComponentValueType(taking: &error) : nil)
        case WASMTIME_COMPONENT_VALTYPE_OWN:
            self = unsafe .own(
                ComponentResourceType(ResourceTypeBox(taking: wasmtime_component_resource_type_clone(raw.of.own)!)))
        case WASMTIME_COMPONENT_VALTYPE_BORROW:
            self = unsafe .borrow(
                ComponentResourceType(ResourceTypeBox(taking: wasmtime_component_resource_type_clone(raw.of.borrow)!)))
        case WASMTIME_COMPONENT_VALTYPE_FUTURE:
            var type = unsafe wasmtime_component_valtype_t()
            self = unsafe .future(
                wasmtime_component_future_type_ty(raw.of.future, &type) ? ComponentValueType(taking: &type) : nil)
        case WASMTIME_COMPONENT_VALTYPE_STREAM:
            var type = unsafe wasmtime_component_valtype_t()
            self = unsafe .stream(
                wasmtime_component_stream_type_ty(raw.of.stream, &type) ? ComponentValueType(taking: &type) : nil)
        case WASMTIME_COMPONENT_VALTYPE_ERROR_CONTEXT:
            self = .errorContext
        case WASMTIME_COMPONENT_VALTYPE_MAP:
            var key = unsafe wasmtime_component_valtype_t()
            var value = unsafe wasmtime_component_valtype_t()
            unsafe wasmtime_component_map_type_key(raw.of.map, &key)
            unsafe wasmtime_component_map_type_value(raw.of.map, &value)
            self = unsafe .map(key: ComponentValueType(taking: &key), value: ComponentValueType(taking: &value))
        default:
            // A kind newer than these declarations: Wasmtime 50 has none.
            self = .errorContext
        }
    }
}

extension ComponentFuncType {
    /// Reads a `wasmtime_component_func_type_t` without taking it.
    @usableFromInline
    init(borrowing raw: OpaquePointer) {
        let parameters = unsafe (0..<wasmtime_component_func_type_param_count(raw)).compactMap {
            index -> ComponentParameter? in
            var name: UnsafePointer<CChar>?
            var count = 0
            var type = unsafe wasmtime_component_valtype_t()
            guard unsafe wasmtime_component_func_type_param_nth(raw, index, &name, &count, &type) else { return nil }
            return unsafe ComponentParameter(name: componentName(name, count), type: ComponentValueType(taking: &type))
        }
        var result = unsafe wasmtime_component_valtype_t()
        let hasResult = unsafe wasmtime_component_func_type_result(raw, &result)
        unsafe self.init(
            parameters: parameters, result: hasResult ? ComponentValueType(taking: &result) : nil,
            isAsync: wasmtime_component_func_type_async(raw))
    }

    /// Reads and frees an owned `wasmtime_component_func_type_t`.
    init(taking raw: OpaquePointer) {
        defer { unsafe wasmtime_component_func_type_delete(raw) }
        unsafe self.init(borrowing: raw)
    }
}

extension ComponentItem {
    /// Reads and frees an owned `wasmtime_component_extern_t`.
    init(takingExtern raw: OpaquePointer, engine: OpaquePointer) {
        defer { unsafe wasmtime_component_extern_delete(raw) }
        var item = unsafe wasmtime_component_item_t()
        unsafe wasmtime_component_extern_type(raw, &item)
        defer { unsafe wasmtime_component_item_delete(&item) }
        switch unsafe Int(item.kind) {
        case WASMTIME_COMPONENT_ITEM_COMPONENT:
            self = unsafe .component(ComponentType(borrowing: item.of.component, engine: engine))
        case WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE:
            let instance = unsafe item.of.component_instance
            let exports = unsafe (0..<wasmtime_component_instance_type_export_count(instance, engine)).compactMap {
                index in
                unsafe readEntry(engine: engine) {
                    unsafe wasmtime_component_instance_type_export_nth(instance, engine, index, $0, $1, $2)
                }
            }
            self = .instance(ComponentInstanceType(exports: exports))
        case WASMTIME_COMPONENT_ITEM_MODULE:
            let module = unsafe item.of.module
            let imports = unsafe (0..<wasmtime_module_type_import_count(module, engine)).compactMap {
                index -> ImportType? in
                guard let item = unsafe wasmtime_module_type_import_nth(module, engine, index) else { return nil }
                defer { unsafe wasm_importtype_delete(item) }
                return unsafe ImportType(
                    module: String(name: wasm_importtype_module(item)),
                    name: String(name: wasm_importtype_name(item)),
                    type: ExternType(borrowing: wasm_importtype_type(item), scannedTable: nil))
            }
            let exports = unsafe (0..<wasmtime_module_type_export_count(module, engine)).compactMap {
                index -> ExportType? in
                guard let item = unsafe wasmtime_module_type_export_nth(module, engine, index) else { return nil }
                defer { unsafe wasm_exporttype_delete(item) }
                return unsafe ExportType(
                    name: String(name: wasm_exporttype_name(item)),
                    type: ExternType(borrowing: wasm_exporttype_type(item), scannedTable: nil))
            }
            self = .module(imports: imports, exports: exports)
        case WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC:
            self = unsafe .function(ComponentFuncType(borrowing: item.of.component_func))
        case WASMTIME_COMPONENT_ITEM_RESOURCE:
            self = unsafe .resource(
                ComponentResourceType(
                    ResourceTypeBox(taking: wasmtime_component_resource_type_clone(item.of.resource)!)))
        case WASMTIME_COMPONENT_ITEM_CORE_FUNC:
            self = unsafe .coreFunction(FuncType(borrowing: item.of.core_func))
        default:
            self = unsafe .type(ComponentValueType(borrowing: item.of.type))
        }
    }
}

/// Reads one `(name, extern)` entry through an `*_nth` accessor.
private func readEntry(
    engine: OpaquePointer,
    _ nth: (
        UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<OpaquePointer?>
    ) -> Bool
) -> ComponentItemEntry? {
    var name: UnsafePointer<CChar>?
    var count = 0
    var external: OpaquePointer?
    guard unsafe nth(&name, &count, &external), let external = unsafe external else { return nil }
    // The name belongs to the type object, which outlives this read.
    let copied = unsafe componentName(name, count)
    return unsafe ComponentItemEntry(name: copied, item: ComponentItem(takingExtern: external, engine: engine))
}

extension ComponentType {
    /// Reads a `wasmtime_component_type_t` without taking it.
    init(borrowing raw: OpaquePointer, engine: OpaquePointer) {
        let imports = unsafe (0..<wasmtime_component_type_import_count(raw, engine)).compactMap { index in
            unsafe readEntry(engine: engine) {
                unsafe wasmtime_component_type_import_nth(raw, engine, index, $0, $1, $2)
            }
        }
        let exports = unsafe (0..<wasmtime_component_type_export_count(raw, engine)).compactMap { index in
            unsafe readEntry(engine: engine) {
                unsafe wasmtime_component_type_export_nth(raw, engine, index, $0, $1, $2)
            }
        }
        self.init(imports: imports, exports: exports)
    }
}
