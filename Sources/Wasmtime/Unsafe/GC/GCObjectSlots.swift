import CWasmtime

// Struct and array objects in raw value slots (typed calls and typed host
// functions). In a slot they are `anyref` raw values, which are not roots:
// the Swift object being stored keeps its own root for the duration of the
// conversion, and a loaded value gets a root of its own at once.

extension RawSlots {
    @usableFromInline
    static func storeStructRef(_ reference: StructRef, to slot: UnsafeMutableRawPointer, store: AnyStore)
        throws(WasmtimeError)
    {
        try store.checkOwns(reference.store, "structref")
        let upcast = reference.root.anyRef(store: store)
        unsafe slot.storeBytes(of: upcast.raw(in: store.context), as: UInt32.self)
    }

    @usableFromInline
    static func loadStructRef(from slot: UnsafeMutableRawPointer, store: AnyStore) -> StructRef? {
        let bits = unsafe slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        let any = RootedAnyRef(fromRaw: bits, store: store)
        return any.asStruct(store: store)
    }

    @usableFromInline
    static func storeArrayRef(_ reference: ArrayRef, to slot: UnsafeMutableRawPointer, store: AnyStore)
        throws(WasmtimeError)
    {
        try store.checkOwns(reference.store, "arrayref")
        let upcast = reference.root.anyRef(store: store)
        unsafe slot.storeBytes(of: upcast.raw(in: store.context), as: UInt32.self)
    }

    @usableFromInline
    static func loadArrayRef(from slot: UnsafeMutableRawPointer, store: AnyStore) -> ArrayRef? {
        let bits = unsafe slot.load(as: UInt32.self)
        guard bits != 0 else { return nil }
        let any = RootedAnyRef(fromRaw: bits, store: store)
        return any.asArray(store: store)
    }
}
