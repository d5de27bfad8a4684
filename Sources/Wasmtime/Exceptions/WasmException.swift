/// A WebAssembly exception crossing the boundary between wasm and Swift.
///
/// **Thrown by a host function**, it becomes a wasm exception that the
/// calling wasm code can catch with `try_table`:
///
/// ```swift
/// let handle = errorTag.handle  // not the tag itself: see Tag.Handle
/// let fail = Func(store: store, type: FuncType(parameters: [.i32])) { caller, arguments, _ in
///     throw WasmException(tag: try caller.tag(handle), payload: [arguments[0]])
/// }
/// ```
///
/// **Escaping from wasm** (thrown with `throw` and not caught), it ends the
/// call into wasm with this error, carrying the exception's tag and payload.
/// Rethrowing it from a host function raises the same exception object in
/// wasm again.
///
/// The tag and payload live in a store, which must only be used by one
/// thread at a time; reading them takes that store, so the error itself can
/// travel like any Swift error while its contents stay where they belong.
public struct WasmException: Error, CustomStringConvertible {
    @usableFromInline let box: ExceptionBox

    /// An exception of `tag` with `payload`, one value per parameter of the
    /// tag's type. Checked when thrown: a wrong payload, or a tag of
    /// another store, fails the call with a ``WasmtimeError`` instead.
    @inlinable public init(tag: Tag, payload: [Value]) {
        // A single value (the usual payload) is kept without its array: once
        // this is inlined, a literal `[value]` is never allocated.
        if payload.count == 1 {
            self.init(box: ExceptionBox(tag: tag, value: payload[0]))
        } else {
            self.init(box: ExceptionBox(tag: tag, values: payload))
        }
    }

    @usableFromInline init(box: ExceptionBox) {
        self.box = box
    }

    /// The exception's tag.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   unless `store` is the exception's store.
    public func tag(in store: AnyStore) throws(WasmtimeError) -> Tag {
        try box.checkStore(store)
        return box.tag
    }

    /// The payload values, in the order of the tag's parameters.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   unless `store` is the exception's store.
    public func payload(in store: AnyStore) throws(WasmtimeError) -> [Value] {
        try box.checkStore(store)
        return box.payloadValues
    }

    /// The exception object, for exceptions that came from wasm (`nil` for
    /// one created in Swift that was not raised yet).
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   unless `store` is the exception's store.
    public func exception(in store: AnyStore) throws(WasmtimeError) -> ExnRef? {
        try box.checkStore(store)
        return box.exception
    }

    /// Whether the exception has `tag` (a tag of another store never matches).
    public func hasTag(_ tag: Tag) -> Bool {
        tag.store === box.tag.store && tag == box.tag
    }

    /// The WebAssembly frames the exception unwound through, innermost
    /// first (empty for one created in Swift).
    public var frames: [Frame] { box.frames }

    public var description: String {
        "wasm exception (\(box.payloadCount) payload value(s))"
    }
}

extension Tag {
    /// Checks `payload` against this tag's parameters for `store`.
    func checkPayload(_ payload: [Value], store: AnyStore) throws(WasmtimeError) {
        try store.checkOwns(self.store, "exception tag")
        let parameters = type.parameters
        guard payload.count == parameters.count else {
            throw WasmtimeError(
                .typeMismatch, "tag \(type) takes \(parameters.count) payload value(s), \(payload.count) given")
        }
        for (index, (value, expected)) in zip(payload, parameters).enumerated() {
            try value.check(store: store)
            guard value.matches(expected) else {
                throw WasmtimeError(
                    .typeMismatch, "payload value \(index) has type \(value.type), expected \(expected)")
            }
        }
    }
}
