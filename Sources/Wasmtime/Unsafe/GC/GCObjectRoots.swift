import CWasmtime

// Roots of GC struct and array objects, and their C accessors. Same contract
// as GCRoots.swift: every rooted reference the C API returns is owned here
// and unrooted exactly once, in `deinit`.

extension Value {
    /// Lends the C form of `values` to `body`. New `externref`s are rooted
    /// for the call and unrooted afterwards; other references are borrowed
    /// from the Swift objects in `values`, which the caller keeps alive.
    static func withRaw<R>(
        _ values: [Value], store: AnyStore,
        _ body: (UnsafePointer<wasmtime_val_t>?, Int) throws(WasmtimeError) -> R
    ) throws(WasmtimeError) -> R {
        // One value (the usual exception payload): no buffer, no roots list.
        if values.count == 1 {
            return unsafe try values[0].withRawPointer(store: store) { (raw) throws(WasmtimeError) -> R in
                unsafe try body(raw, 1)
            }
        }
        var roots = TemporaryRoots()
        defer { roots.releaseAll() }
        // On the stack for the usual few values.
        return unsafe try withUnsafeTemporaryAllocation(of: wasmtime_val_t.self, capacity: values.count) {
            (raws) throws(WasmtimeError) -> R in
            for (index, value) in values.enumerated() {
                if case .externref(let reference?) = value {
                    var raw = unsafe wasmtime_val_t()
                    unsafe raw.kind = wasmtime_valkind_t(WASMTIME_EXTERNREF)
                    unsafe raw.of.externref = unsafe reference.makeRooted(store: store)
                    unsafe roots.append(raw.of.externref)
                    unsafe raws.initializeElement(at: index, to: raw)
                } else {
                    unsafe value.withRaw(store: store) { unsafe raws.initializeElement(at: index, to: $0) }
                }
            }
            return unsafe try body(UnsafePointer(raws.baseAddress), values.count)
        }
    }

    /// Lends the C form of one value to `body` (see ``withRaw(store:_:)``).
    func withRawPointer<R>(store: AnyStore, _ body: (UnsafePointer<wasmtime_val_t>) throws(WasmtimeError) -> R)
        throws(WasmtimeError) -> R
    {
        unsafe try withRaw(store: store) { (raw) throws(WasmtimeError) -> R in
            unsafe try body(&raw)
        }
    }
}

/// Owns one rooted `structref`.
@safe struct RootedStructRef: ~Copyable {
    private var raw: wasmtime_structref_t

    /// Takes ownership of a rooted, non-null reference the C API handed over.
    init(taking raw: wasmtime_structref_t) {
        unsafe self.raw = unsafe raw
    }

    /// Allocates a struct with `fields` (already checked against its type).
    static func allocate(_ allocator: GCAllocator, fields: [Value], store: AnyStore) throws(WasmtimeError)
        -> RootedStructRef
    {
        var out = unsafe wasmtime_structref_t()
        unsafe try Value.withRaw(fields, store: store) { (base, count) throws(WasmtimeError) in
            unsafe try CAPI.check(
                wasmtime_structref_new(store.context.pointer, allocator.pointer, base, count, &out), .resourceLimit)
        }
        return unsafe RootedStructRef(taking: out)
    }

    /// The struct as the `anyref` it also is: a new root.
    func anyRef(store: AnyStore) -> RootedAnyRef {
        var copy = unsafe raw
        var out = unsafe wasmtime_anyref_t()
        unsafe wasmtime_structref_to_anyref(&copy, &out)
        return unsafe RootedAnyRef(taking: out, store: store)
    }

    /// The struct's type, read from the object.
    func type(in context: StoreContext) -> StructTypeHandle {
        var copy = unsafe raw
        return unsafe StructTypeHandle(taking: wasmtime_structref_type(context.pointer, &copy)!)
    }

    /// Reads field `index` (in range, checked by the caller).
    func field(_ index: Int, store: AnyStore) throws(WasmtimeError) -> Value {
        var copy = unsafe raw
        var value = unsafe wasmtime_val_t()
        unsafe try CAPI.check(wasmtime_structref_field(store.context.pointer, &copy, index, &value), .runtime)
        return unsafe Value(taking: &value, store: store)
    }

    /// Writes field `index` (in range and mutable, checked by the caller).
    func setField(_ index: Int, _ value: Value, store: AnyStore) throws(WasmtimeError) {
        var copy = unsafe raw
        unsafe try value.withRawPointer(store: store) { (pointer) throws(WasmtimeError) in
            unsafe try CAPI.check(
                wasmtime_structref_set_field(store.context.pointer, &copy, index, pointer), .typeMismatch)
        }
    }

    deinit {
        var root = unsafe raw
        unsafe wasmtime_structref_unroot(&root)
    }
}

/// Owns one rooted `arrayref`.
@safe struct RootedArrayRef: ~Copyable {
    private var raw: wasmtime_arrayref_t

    init(taking raw: wasmtime_arrayref_t) {
        unsafe self.raw = unsafe raw
    }

    /// Allocates an array of `count` copies of `element` (already checked).
    static func allocate(
        _ allocator: GCAllocator, repeating element: Value, count: UInt32,
        store: AnyStore
    ) throws(WasmtimeError) -> RootedArrayRef {
        var out = unsafe wasmtime_arrayref_t()
        unsafe try element.withRawPointer(store: store) { (pointer) throws(WasmtimeError) in
            unsafe try CAPI.check(
                wasmtime_arrayref_new(store.context.pointer, allocator.pointer, pointer, count, &out), .resourceLimit)
        }
        return unsafe RootedArrayRef(taking: out)
    }

    func anyRef(store: AnyStore) -> RootedAnyRef {
        var copy = unsafe raw
        var out = unsafe wasmtime_anyref_t()
        unsafe wasmtime_arrayref_to_anyref(&copy, &out)
        return unsafe RootedAnyRef(taking: out, store: store)
    }

    func type(in context: StoreContext) -> ArrayTypeHandle {
        var copy = unsafe raw
        return unsafe ArrayTypeHandle(taking: wasmtime_arrayref_type(context.pointer, &copy)!)
    }

    func count(in context: StoreContext) throws(WasmtimeError) -> UInt32 {
        var copy = unsafe raw
        var length: UInt32 = 0
        unsafe try CAPI.check(wasmtime_arrayref_len(context.pointer, &copy, &length), .runtime)
        return length
    }

    /// Reads element `index` (in range, checked by the caller).
    func element(_ index: UInt32, store: AnyStore) throws(WasmtimeError) -> Value {
        var copy = unsafe raw
        var value = unsafe wasmtime_val_t()
        unsafe try CAPI.check(wasmtime_arrayref_get(store.context.pointer, &copy, index, &value), .outOfBounds)
        return unsafe Value(taking: &value, store: store)
    }

    /// Reads element `index` of an `i32` (or packed) array without building a `Value`.
    func int32(_ index: UInt32, in context: StoreContext) throws(WasmtimeError) -> Int32 {
        var copy = unsafe raw
        var value = unsafe wasmtime_val_t()
        unsafe try CAPI.check(wasmtime_arrayref_get(context.pointer, &copy, index, &value), .outOfBounds)
        return unsafe value.of.i32
    }

    /// Writes element `index` (in range, mutable, checked by the caller).
    func setElement(_ index: UInt32, _ value: Value, store: AnyStore) throws(WasmtimeError) {
        var copy = unsafe raw
        unsafe try value.withRawPointer(store: store) { (pointer) throws(WasmtimeError) in
            unsafe try CAPI.check(wasmtime_arrayref_set(store.context.pointer, &copy, index, pointer), .typeMismatch)
        }
    }

    /// Writes element `index` of an `i32` (or packed) array without building a `Value`.
    func setInt32(_ index: UInt32, _ value: Int32, in context: StoreContext) throws(WasmtimeError) {
        var copy = unsafe raw
        var raw = unsafe wasmtime_val_t()
        unsafe raw.kind = wasmtime_valkind_t(WASMTIME_I32)
        unsafe raw.of.i32 = value
        unsafe try CAPI.check(wasmtime_arrayref_set(context.pointer, &copy, index, &raw), .typeMismatch)
    }

    deinit {
        var root = unsafe raw
        unsafe wasmtime_arrayref_unroot(&root)
    }
}

extension RootedAnyRef {
    /// The reference as a struct (with a new root), or nil if it is not one.
    func asStruct(store: AnyStore) -> StructRef? {
        var copy = unsafe borrowed
        var out = unsafe wasmtime_structref_t()
        guard unsafe wasmtime_anyref_as_struct(store.context.pointer, &copy, &out), unsafe out.store_id != 0 else {
            return nil
        }
        return unsafe StructRef(store: store, root: RootedStructRef(taking: out), type: nil)
    }

    /// The reference as an array (with a new root), or nil if it is not one.
    func asArray(store: AnyStore) -> ArrayRef? {
        var copy = unsafe borrowed
        var out = unsafe wasmtime_arrayref_t()
        guard unsafe wasmtime_anyref_as_array(store.context.pointer, &copy, &out), unsafe out.store_id != 0 else {
            return nil
        }
        return unsafe ArrayRef(store: store, root: RootedArrayRef(taking: out), type: nil, count: nil)
    }
}
