import CWasmtime

// The C side of GC struct and array types: building `wasmtime_field_type_t`
// arrays from Swift field types, reading them back, and owning the type
// objects and the per-store allocators made from them.

/// `wasmtime_storage_type_kind_t` values (`wasmtime/types/structref.h`).
private let storageKindI8: UInt8 = 0
private let storageKindI16: UInt8 = 1
private let storageKindValue: UInt8 = 2

extension FieldType {
    /// Lends the C form of `fields` to `body`; the value types inside are
    /// created for the call and freed afterwards (the C API clones them).
    static func withRaw<R>(
        _ fields: [FieldType], engine: Engine,
        _ body: (UnsafePointer<wasmtime_field_type_t>?, Int) -> R
    ) -> R {
        let raws: [wasmtime_field_type_t] = unsafe fields.map { field in
            var raw = unsafe wasmtime_field_type_t()
            unsafe raw.mutable_ = field.isMutable
            switch field.storage {
            case .i8: unsafe raw.storage.kind = storageKindI8
            case .i16: unsafe raw.storage.kind = storageKindI16
            case .value(let type):
                unsafe raw.storage.kind = storageKindValue
                unsafe raw.storage.valtype = unsafe type.makeRaw(engine: engine)
            }
            return unsafe raw
        }
        defer {
            // (An index loop: swift-format rewrites `for unsafe x in` wrongly.)
            for index in unsafe raws.indices where unsafe raws[index].storage.kind == storageKindValue {
                unsafe wasm_valtype_delete(raws[index].storage.valtype)
            }
        }
        return unsafe raws.withUnsafeBufferPointer { unsafe body($0.baseAddress, $0.count) }
    }

    /// Reads a field type the C API filled in, then frees what it owns.
    init(taking raw: inout wasmtime_field_type_t) {
        defer { unsafe wasmtime_field_type_delete(&raw) }
        let storage: StorageType =
            switch unsafe raw.storage.kind {
            case storageKindI8: .i8
            case storageKindI16: .i16
            default: unsafe .value(ValueType(borrowing: raw.storage.valtype!))
            }
        unsafe self.init(storage, mutable: raw.mutable_)
    }
}

/// Owns a `wasmtime_struct_type_t`.
@safe struct StructTypeHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: Wasmtime's StructType is Send + Sync and immutable.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    /// Registers a new struct type with `engine`. The fields must be
    /// buildable and at most `StructType.maximumFieldCount` (Wasmtime
    /// aborts otherwise), which the caller checked.
    init(engine: Engine, fields: [FieldType]) {
        unsafe pointer = unsafe FieldType.withRaw(fields, engine: engine) { base, count in
            unsafe wasmtime_struct_type_new(engine.handle.pointer, base, count)
        }
    }

    var fields: [FieldType] {
        let count = unsafe wasmtime_struct_type_num_fields(pointer)
        return (0..<count).map { index in
            var raw = unsafe wasmtime_field_type_t()
            _ = unsafe wasmtime_struct_type_field(pointer, index, &raw)
            return unsafe FieldType(taking: &raw)
        }
    }

    deinit {
        unsafe wasmtime_struct_type_delete(pointer)
    }
}

/// Owns a `wasmtime_array_type_t`.
@safe struct ArrayTypeHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: Wasmtime's ArrayType is Send + Sync and immutable.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    init(engine: Engine, element: FieldType) {
        unsafe pointer = unsafe FieldType.withRaw([element], engine: engine) { base, _ in
            unsafe wasmtime_array_type_new(engine.handle.pointer, base!)
        }
    }

    var element: FieldType {
        var raw = unsafe wasmtime_field_type_t()
        unsafe wasmtime_array_type_element(pointer, &raw)
        return unsafe FieldType(taking: &raw)
    }

    deinit {
        unsafe wasmtime_array_type_delete(pointer)
    }
}

/// Owns a `wasmtime_struct_ref_pre_t` or `wasmtime_array_ref_pre_t`: the
/// allocator of one GC type in one store. It carries that store's id, and
/// Wasmtime aborts when it is used with another store, so only the store's
/// own cache (``AnyStore/gcAllocators``) holds one.
@safe final class GCAllocator {
    let pointer: OpaquePointer
    let isArray: Bool
    /// The type object, kept alive so its identity (the cache key) is never reused.
    let type: AnyObject

    init(store: AnyStore, structType: StructType) {
        unsafe pointer = unsafe wasmtime_struct_ref_pre_new(store.context.pointer, structType.handle.pointer)
        isArray = false
        type = structType
    }

    init(store: AnyStore, arrayType: ArrayType) {
        unsafe pointer = unsafe wasmtime_array_ref_pre_new(store.context.pointer, arrayType.handle.pointer)
        isArray = true
        type = arrayType
    }

    deinit {
        if isArray {
            unsafe wasmtime_array_ref_pre_delete(pointer)
        } else {
            unsafe wasmtime_struct_ref_pre_delete(pointer)
        }
    }
}

extension AnyStore {
    /// The allocator of `type` in this store, made on first use.
    func allocator(for type: StructType) -> GCAllocator {
        let key = ObjectIdentifier(type)
        if let cached = gcAllocators[key] { return cached }
        let made = GCAllocator(store: self, structType: type)
        gcAllocators[key] = made
        return made
    }

    func allocator(for type: ArrayType) -> GCAllocator {
        let key = ObjectIdentifier(type)
        if let cached = gcAllocators[key] { return cached }
        let made = GCAllocator(store: self, arrayType: type)
        gcAllocators[key] = made
        return made
    }
}
