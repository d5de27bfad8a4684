extension Tag {
    /// A tag without a strong reference to its store, for host functions of
    /// that same store.
    ///
    /// Every store object keeps its store alive, and a store keeps its host
    /// functions alive; a host closure that captures a ``Tag`` of its own
    /// store therefore forms a reference cycle, and the store is never
    /// freed. Capture the handle instead and turn it back into a tag with
    /// the ``Caller`` of the call:
    ///
    /// ```swift
    /// let failure = try Tag(store: store, type: FuncType(parameters: [.i32]))
    /// let handle = failure.handle
    /// let fail = Func(store: store) { (caller: borrowing Caller, code: Int32) throws in
    ///     throw WasmException(tag: try caller.tag(handle), payload: [.i32(code)])
    /// }
    /// ```
    ///
    /// A tag the calling instance exports can also be looked up by name with
    /// ``Caller/tag(_:)-(String)``.
    public struct Handle: Hashable, Sendable {
        /// Wasmtime's id of the tag's store.
        let storeID: UInt64
        /// The rest of Wasmtime's handle (the tag's place in its store).
        let first: UInt32
        let second: UInt32

        init(_ tag: Tag) {
            storeID = tag.raw.store_id
            first = tag.raw.__private1
            second = tag.raw.__private2
        }
    }

    /// A handle to this tag that does not keep its store alive.
    public var handle: Handle { Handle(self) }
}

extension Caller {
    /// The tag `handle` refers to, in the store of this call.
    ///
    /// - Throws: ``WasmtimeError/Kind/storeMismatch`` when the tag belongs to
    ///   another store.
    public func tag(_ handle: Tag.Handle) throws(WasmtimeError) -> Tag {
        let store = self.store
        try store.checkOwns(storeID: handle.storeID, "the tag")
        var raw = TagHandle()
        raw.store_id = handle.storeID
        raw.__private1 = handle.first
        raw.__private2 = handle.second
        return Tag(store: store, raw: raw)
    }

    /// The calling instance's tag export `name`.
    ///
    /// - Throws: ``WasmtimeError/Kind/notFound`` when the instance exports
    ///   nothing of that name, ``WasmtimeError/Kind/typeMismatch`` when the
    ///   export is not a tag.
    public func tag(_ name: String) throws(WasmtimeError) -> Tag {
        try export(named: name).unwrap(name, as: \.tag, "tag")
    }
}
