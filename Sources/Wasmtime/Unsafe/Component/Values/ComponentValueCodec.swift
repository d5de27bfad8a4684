import CWasmtime

// ComponentValue <-> wasmtime_component_val_t.
//
// Encoding builds C values whose every heap part comes from the library's own
// allocators (wasm_byte_vec_new, wasmtime_component_*_new_uninit,
// wasmtime_component_val_new), because the library frees them: host results
// after the callback, and call arguments through wasmtime_component_val_delete.
// Encoding never fails: values are checked against their type first
// (ComponentValue+TypeCheck.swift), so a half-built C value never exists.
//
// Decoding copies everything out and never takes ownership: the owner of
// the C value deletes it afterwards. Resource handles are cloned into a
// ResourceBox, which owns the clone.

/// Value kinds (not type kinds: the numbering differs, see c-api-notes).
enum ValKind {
    static let bool = wasmtime_component_valkind_t(WASMTIME_COMPONENT_BOOL)
    static let s8 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_S8)
    static let u8 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U8)
    static let s16 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_S16)
    static let u16 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U16)
    static let s32 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_S32)
    static let u32 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
    static let s64 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_S64)
    static let u64 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U64)
    static let f32 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_F32)
    static let f64 = wasmtime_component_valkind_t(WASMTIME_COMPONENT_F64)
    static let char = wasmtime_component_valkind_t(WASMTIME_COMPONENT_CHAR)
    static let string = wasmtime_component_valkind_t(WASMTIME_COMPONENT_STRING)
    static let list = wasmtime_component_valkind_t(WASMTIME_COMPONENT_LIST)
    static let record = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RECORD)
    static let tuple = wasmtime_component_valkind_t(WASMTIME_COMPONENT_TUPLE)
    static let variant = wasmtime_component_valkind_t(WASMTIME_COMPONENT_VARIANT)
    static let enumeration = wasmtime_component_valkind_t(WASMTIME_COMPONENT_ENUM)
    static let option = wasmtime_component_valkind_t(WASMTIME_COMPONENT_OPTION)
    static let result = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESULT)
    static let flags = wasmtime_component_valkind_t(WASMTIME_COMPONENT_FLAGS)
    static let resource = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESOURCE)
    static let map = wasmtime_component_valkind_t(WASMTIME_COMPONENT_MAP)
    static let fixedLengthList = wasmtime_component_valkind_t(WASMTIME_COMPONENT_FIXED_LENGTH_LIST)
}

// MARK: - Encoding

extension ComponentValue {
    /// Initializes `slot` (uninitialized memory) with this value, built from
    /// library allocations. The value must have been type-checked.
    func encode(into slot: UnsafeMutablePointer<wasmtime_component_val_t>) {
        unsafe slot.initialize(to: wasmtime_component_val_t())
        switch self {
        case .bool(let value):
            unsafe slot.pointee.kind = ValKind.bool
            unsafe slot.pointee.of.boolean = value
        case .s8(let value):
            unsafe slot.pointee.kind = ValKind.s8
            unsafe slot.pointee.of.s8 = value
        case .u8(let value):
            unsafe slot.pointee.kind = ValKind.u8
            unsafe slot.pointee.of.u8 = value
        case .s16(let value):
            unsafe slot.pointee.kind = ValKind.s16
            unsafe slot.pointee.of.s16 = value
        case .u16(let value):
            unsafe slot.pointee.kind = ValKind.u16
            unsafe slot.pointee.of.u16 = value
        case .s32(let value):
            unsafe slot.pointee.kind = ValKind.s32
            unsafe slot.pointee.of.s32 = value
        case .u32(let value):
            unsafe slot.pointee.kind = ValKind.u32
            unsafe slot.pointee.of.u32 = value
        case .s64(let value):
            unsafe slot.pointee.kind = ValKind.s64
            unsafe slot.pointee.of.s64 = value
        case .u64(let value):
            unsafe slot.pointee.kind = ValKind.u64
            unsafe slot.pointee.of.u64 = value
        case .f32(let value):
            unsafe slot.pointee.kind = ValKind.f32
            unsafe slot.pointee.of.f32 = value
        case .f64(let value):
            unsafe slot.pointee.kind = ValKind.f64
            unsafe slot.pointee.of.f64 = value
        case .char(let value):
            unsafe slot.pointee.kind = ValKind.char
            unsafe slot.pointee.of.character = value.value
        case .string(let text):
            unsafe slot.pointee.kind = ValKind.string
            unsafe Self.encodeName(text, into: &slot.pointee.of.string)
        case .list(let elements):
            unsafe slot.pointee.kind = ValKind.list
            unsafe Self.encodeList(elements, into: &slot.pointee.of.list)
        case .tuple(let elements):
            unsafe slot.pointee.kind = ValKind.tuple
            if elements.isEmpty {
                unsafe wasmtime_component_valtuple_new_empty(&slot.pointee.of.tuple)
            } else {
                unsafe wasmtime_component_valtuple_new_uninit(&slot.pointee.of.tuple, elements.count)
                let data = unsafe slot.pointee.of.tuple.data!
                for (index, element) in elements.enumerated() { unsafe element.encode(into: data + index) }
            }
        case .record(let fields):
            unsafe slot.pointee.kind = ValKind.record
            if fields.isEmpty {
                unsafe wasmtime_component_valrecord_new_empty(&slot.pointee.of.record)
            } else {
                unsafe wasmtime_component_valrecord_new_uninit(&slot.pointee.of.record, fields.count)
                let data = unsafe slot.pointee.of.record.data!
                for (index, field) in fields.enumerated() {
                    let entry = unsafe data + index
                    unsafe Self.encodeName(field.name, into: &entry.pointee.name)
                    unsafe field.value.encode(into: &entry.pointee.val)
                }
            }
        case .variant(let name, let payload):
            unsafe slot.pointee.kind = ValKind.variant
            unsafe Self.encodeName(name, into: &slot.pointee.of.variant.discriminant)
            unsafe slot.pointee.of.variant.val = Self.boxed(payload)
        case .enum(let name):
            unsafe slot.pointee.kind = ValKind.enumeration
            unsafe Self.encodeName(name, into: &slot.pointee.of.enumeration)
        case .option(let payload):
            unsafe slot.pointee.kind = ValKind.option
            unsafe slot.pointee.of.option = Self.boxed(payload)
        case .ok(let payload), .err(let payload):
            unsafe slot.pointee.kind = ValKind.result
            if case .ok = self {
                unsafe slot.pointee.of.result.is_ok = true
            } else {
                unsafe slot.pointee.of.result.is_ok = false
            }
            unsafe slot.pointee.of.result.val = Self.boxed(payload)
        case .flags(let names):
            unsafe slot.pointee.kind = ValKind.flags
            if names.isEmpty {
                unsafe wasmtime_component_valflags_new_empty(&slot.pointee.of.flags)
            } else {
                unsafe wasmtime_component_valflags_new_uninit(&slot.pointee.of.flags, names.count)
                let data = unsafe slot.pointee.of.flags.data!
                for (index, name) in names.enumerated() { unsafe Self.encodeName(name, into: data + index) }
            }
        case .resource(let resource):
            unsafe slot.pointee.kind = ValKind.resource
            // A clone: the C value owns it and frees it with the value.
            unsafe slot.pointee.of.resource = unsafe wasmtime_component_resource_any_clone(resource.box.pointer)
        case .map(let entries):
            unsafe slot.pointee.kind = ValKind.map
            if entries.isEmpty {
                unsafe wasmtime_component_valmap_new_empty(&slot.pointee.of.map)
            } else {
                unsafe wasmtime_component_valmap_new_uninit(&slot.pointee.of.map, entries.count)
                let data = unsafe slot.pointee.of.map.data!
                for (index, entry) in entries.enumerated() {
                    unsafe entry.key.encode(into: &(data + index).pointee.key)
                    unsafe entry.value.encode(into: &(data + index).pointee.value)
                }
            }
        }
    }

    private static func encodeList(
        _ elements: [ComponentValue], into list: UnsafeMutablePointer<wasmtime_component_vallist_t>
    ) {
        if elements.isEmpty {
            unsafe wasmtime_component_vallist_new_empty(list)
            return
        }
        unsafe wasmtime_component_vallist_new_uninit(list, elements.count)
        let data = unsafe list.pointee.data!
        // Bytes (the commonest list) are written without the general switch.
        var byte = unsafe wasmtime_component_val_t()
        unsafe byte.kind = ValKind.u8
        for index in elements.indices {
            if case .u8(let value) = elements[index] {
                unsafe byte.of.u8 = value
                unsafe (data + index).initialize(to: byte)
            } else {
                unsafe elements[index].encode(into: data + index)
            }
        }
    }

    /// A `wasm_name_t` holding a copy of `text`'s UTF-8 bytes.
    private static func encodeName(_ text: String, into name: UnsafeMutablePointer<wasm_name_t>) {
        unsafe name.initialize(to: wasm_name_t())
        unsafe withUTF8(text) { pointer, count in
            if count == 0 {
                unsafe wasm_byte_vec_new_empty(name)
            } else {
                unsafe wasm_byte_vec_new(name, count, pointer)
            }
        }
    }

    /// A payload moved to the heap by the library (`wasmtime_component_val_new`), or NULL.
    private static func boxed(_ payload: ComponentValue?) -> UnsafeMutablePointer<wasmtime_component_val_t>? {
        guard let payload else { return nil }
        var local = unsafe wasmtime_component_val_t()
        unsafe payload.encode(into: &local)
        return unsafe wasmtime_component_val_new(&local)  // moves `local`'s contents
    }
}

// MARK: - Decoding

/// What decoding collects besides the value: the borrowed resource handles a
/// host function received, which expire when the call returns.
struct DecodingContext {
    let store: AnyStore
    var borrowedResources: [ResourceBox] = []
}

extension ComponentValue {
    /// Copies `count` C values (a call's results) into Swift; they stay owned by the caller.
    static func decodeAll(
        _ values: UnsafePointer<wasmtime_component_val_t>, count: Int, store: AnyStore
    ) throws(WasmtimeError) -> [ComponentValue] {
        var context = DecodingContext(store: store)
        var decoded: [ComponentValue] = []
        decoded.reserveCapacity(count)
        for index in 0..<count {
            decoded.append(unsafe try ComponentValue(decoding: values + index, context: &context))
        }
        return decoded
    }

    /// Copies a C value into Swift; the C value stays owned by the caller.
    init(decoding value: UnsafePointer<wasmtime_component_val_t>, context: inout DecodingContext) throws(WasmtimeError)
    {
        let kind = unsafe value.pointee.kind
        switch kind {
        case ValKind.bool: self = unsafe .bool(value.pointee.of.boolean)
        case ValKind.s8: self = unsafe .s8(value.pointee.of.s8)
        case ValKind.u8: self = unsafe .u8(value.pointee.of.u8)
        case ValKind.s16: self = unsafe .s16(value.pointee.of.s16)
        case ValKind.u16: self = unsafe .u16(value.pointee.of.u16)
        case ValKind.s32: self = unsafe .s32(value.pointee.of.s32)
        case ValKind.u32: self = unsafe .u32(value.pointee.of.u32)
        case ValKind.s64: self = unsafe .s64(value.pointee.of.s64)
        case ValKind.u64: self = unsafe .u64(value.pointee.of.u64)
        case ValKind.f32: self = unsafe .f32(value.pointee.of.f32)
        case ValKind.f64: self = unsafe .f64(value.pointee.of.f64)
        case ValKind.char:
            guard let scalar = unsafe Unicode.Scalar(value.pointee.of.character) else {
                throw WasmtimeError(.typeMismatch, unsafe "invalid char value \(value.pointee.of.character)")
            }
            self = .char(scalar)
        case ValKind.string:
            self = unsafe .string(String(name: &UnsafeMutablePointer(mutating: value).pointee.of.string))
        case ValKind.list, ValKind.fixedLengthList:
            let list = unsafe value.pointee.of.list
            self = unsafe .list(try Self.decodeElements(list.data, list.size, context: &context))
        case ValKind.tuple:
            let tuple = unsafe value.pointee.of.tuple
            self = unsafe .tuple(try Self.decodeElements(tuple.data, tuple.size, context: &context))
        case ValKind.record:
            let record = unsafe value.pointee.of.record
            var fields: [Field] = []
            unsafe fields.reserveCapacity(record.size)
            for index in unsafe 0..<record.size {
                let entry = unsafe record.data! + index
                let name = unsafe String(name: &entry.pointee.name)
                fields.append(Field(name, unsafe try ComponentValue(decoding: &entry.pointee.val, context: &context)))
            }
            self = .record(fields)
        case ValKind.variant:
            let name = unsafe String(name: &UnsafeMutablePointer(mutating: value).pointee.of.variant.discriminant)
            self = unsafe .variant(name, try Self.decodePayload(value.pointee.of.variant.val, context: &context))
        case ValKind.enumeration:
            self = unsafe .enum(String(name: &UnsafeMutablePointer(mutating: value).pointee.of.enumeration))
        case ValKind.option:
            self = unsafe .option(try Self.decodePayload(value.pointee.of.option, context: &context))
        case ValKind.result:
            let payload = unsafe try Self.decodePayload(value.pointee.of.result.val, context: &context)
            self = unsafe value.pointee.of.result.is_ok ? .ok(payload) : .err(payload)
        case ValKind.flags:
            let flags = unsafe value.pointee.of.flags
            self = unsafe .flags((0..<flags.size).map { unsafe String(name: flags.data! + $0) })
        case ValKind.resource:
            guard let raw = unsafe value.pointee.of.resource,
                let clone = unsafe wasmtime_component_resource_any_clone(raw)
            else {
                throw WasmtimeError(.typeMismatch, "resource value without a handle")
            }
            let box = unsafe ResourceBox(taking: clone, store: context.store)
            if !box.isOwned { context.borrowedResources.append(box) }
            self = .resource(ComponentResource(box))
        case ValKind.map:
            let map = unsafe value.pointee.of.map
            var entries: [MapEntry] = []
            unsafe entries.reserveCapacity(map.size)
            for index in unsafe 0..<map.size {
                let entry = unsafe map.data! + index
                entries.append(
                    MapEntry(
                        unsafe try ComponentValue(decoding: &entry.pointee.key, context: &context),
                        unsafe try ComponentValue(decoding: &entry.pointee.value, context: &context)))
            }
            self = .map(entries)
        default:
            throw WasmtimeError(.typeMismatch, "unknown component value kind \(kind)")
        }
    }

    private static func decodeElements(
        _ data: UnsafeMutablePointer<wasmtime_component_val_t>?, _ count: Int,
        context: inout DecodingContext
    ) throws(WasmtimeError) -> [ComponentValue] {
        guard count > 0, let data = unsafe data else { return [] }
        var elements: [ComponentValue] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            let element = unsafe data + index
            // Bytes (the commonest list) are read without the general switch.
            if unsafe element.pointee.kind == ValKind.u8 {
                elements.append(unsafe .u8(element.pointee.of.u8))
            } else {
                elements.append(unsafe try ComponentValue(decoding: element, context: &context))
            }
        }
        return elements
    }

    private static func decodePayload(
        _ payload: UnsafeMutablePointer<wasmtime_component_val_t>?,
        context: inout DecodingContext
    ) throws(WasmtimeError) -> ComponentValue? {
        guard let payload = unsafe payload else { return nil }
        return unsafe try ComponentValue(decoding: payload, context: &context)
    }
}
