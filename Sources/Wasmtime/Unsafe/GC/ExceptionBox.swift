import CWasmtime

// Exceptions between wasm and Swift: raising a Swift-made (or rethrown)
// exception from a host function, taking the one that escapes a call, and
// reading an exception object's tag.

/// The contents of a ``WasmException``: a tag, payload values and possibly
/// the exception object, all of one store.
// @unchecked Sendable: `Error` requires Sendable, but these values belong to
// a single-threaded store. They are immutable, and the public accessors
// hand them out only to a caller that presents their store (which, not being
// Sendable, proves the caller may use it); the library itself reads them
// only on the store's thread, inside a host call or a call into wasm.
@usableFromInline final class ExceptionBox: @unchecked Sendable {
    /// The payload: one value on its own (no array to allocate, the usual
    /// case), or an array for any other count.
    enum Payload {
        case one(Value)
        case values([Value])
    }

    let tag: Tag
    let payload: Payload
    let exception: ExnRef?
    let frames: [Frame]

    @usableFromInline init(tag: Tag, value: Value) {
        self.tag = tag
        payload = .one(value)
        exception = nil
        frames = []
    }

    @usableFromInline init(tag: Tag, values: [Value]) {
        self.tag = tag
        payload = .values(values)
        exception = nil
        frames = []
    }

    init(tag: Tag, payload: Payload, exception: ExnRef, frames: [Frame]) {
        self.tag = tag
        self.payload = payload
        self.exception = exception
        self.frames = frames
    }

    var payloadValues: [Value] {
        switch payload {
        case .one(let value): [value]
        case .values(let values): values
        }
    }

    var payloadCount: Int {
        switch payload {
        case .one: 1
        case .values(let values): values.count
        }
    }

    func checkStore(_ store: AnyStore) throws(WasmtimeError) {
        try store.checkOwns(tag.store, "the exception")
    }
}

extension WasmException {
    /// `error` if it is a `WasmException`: comparing the opened type is much
    /// cheaper than a dynamic cast, and host errors take this path on every throw.
    static func from(_ error: any Error) -> WasmException? {
        func open<E: Error>(_ value: E) -> WasmException? {
            E.self == WasmException.self ? _identityCast(value, to: WasmException.self) : nil
        }
        return _openExistential(error, do: open)
    }

    /// Raises this exception in `store` from a host function: the trap to
    /// return to Wasmtime, or why it cannot be raised.
    func raise(in store: AnyStore) -> Result<HostTrap, WasmtimeError> {
        let box = self.box
        do throws(WasmtimeError) {
            if let exception = box.exception {
                try store.checkOwns(exception.store, "the rethrown exception")
                return unsafe .success(store.setPendingException(exception.root.borrowed))
            }
            // Stores are checked here (Wasmtime asserts on them); the payload's
            // count and types are checked by Wasmtime, which reports them as
            // an error: only then is the slower Swift check run, for the
            // precise reason (reading the tag's type allocates).
            try store.checkOwns(box.tag.store, "exception tag")
            let context = store.context
            var tag = box.tag.raw
            var made = unsafe wasmtime_exnref_t()
            let error: OpaquePointer?
            switch box.payload {
            case .one(let value):
                // A number (the usual payload) needs neither a store check
                // nor a conversion closure.
                if var raw = unsafe value.rawNumber {
                    unsafe error = unsafe wasmtime_exnref_new(context.pointer, &tag, &raw, 1, &made)
                } else {
                    try value.check(store: store)
                    unsafe error = unsafe value.withRaw(store: store) { raw in
                        unsafe wasmtime_exnref_new(context.pointer, &tag, &raw, 1, &made)
                    }
                }
            case .values(let values):
                for value in values { try value.check(store: store) }
                unsafe error = unsafe try Value.withRaw(values, store: store) { (base, count) throws(WasmtimeError) in
                    unsafe wasmtime_exnref_new(context.pointer, &tag, base, count, &made)
                }
            }
            if let error = unsafe error {
                let failure = unsafe CAPI.takeError(error, kind: .resourceLimit)
                try box.tag.checkPayload(box.payloadValues, store: store)
                throw failure
            }
            return unsafe .success(raisePending(taking: &made, in: context))
        } catch {
            return .failure(error)
        }
    }
}

extension AnyStore {
    /// Makes `exception` the store's pending exception (Wasmtime keeps its
    /// own root) and returns the trap that raises it.
    func setPendingException(_ exception: wasmtime_exnref_t) -> HostTrap {
        var copy = unsafe exception
        return unsafe HostTrap(wasmtime_context_set_exception(context.pointer, &copy)!)
    }

    /// Takes the exception a failed call left pending, if any, as the error
    /// to throw; the trap or error that reported it is consumed for its frames.
    func takePendingException(error: OpaquePointer?, trap: OpaquePointer?, kind: WasmtimeError.Kind) -> WasmException? {
        guard unsafe wasmtime_context_has_exception(context.pointer) else { return nil }
        var raw = unsafe wasmtime_exnref_t()
        guard unsafe wasmtime_context_take_exception(context.pointer, &raw) else { return nil }
        let exception = unsafe ExnRef(root: RootedExnRef(taking: raw, store: self))
        // Unreadable only for a null or foreign exception, which Wasmtime
        // never leaves pending; the call then reports its trap as before.
        guard let tag = exception.tag else { return nil }
        let payload: ExceptionBox.Payload
        let count = exception.fieldCount
        if count == 1 {
            guard let value = try? exception.root.field(0, store: self) else { return nil }
            payload = .one(value)
        } else {
            var values: [Value] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                guard let value = try? exception.root.field(index, store: self) else { return nil }
                values.append(value)
            }
            payload = .values(values)
        }
        let frames =
            unsafe trap.map { unsafe CAPI.takeTrap($0).frames } ?? error.map {
                unsafe CAPI.takeError($0, kind: kind).frames
            } ?? []
        return WasmException(box: ExceptionBox(tag: tag, payload: payload, exception: exception, frames: frames))
    }
}

extension ExnRef {
    /// The exception's tag (`nil` only if Wasmtime cannot tell).
    public var tag: Tag? {
        var copy = unsafe root.borrowed
        var tag = wasmtime_tag_t()
        guard let error = unsafe wasmtime_exnref_tag(store.context.pointer, &copy, &tag) else {
            return Tag(store: store, raw: tag)
        }
        unsafe wasmtime_error_delete(error)
        return nil
    }
}

extension Tag: Equatable {
    /// Two tags are equal when they are the same tag of the same store.
    public static func == (lhs: Tag, rhs: Tag) -> Bool {
        guard lhs.store === rhs.store else { return false }
        var left = lhs.raw
        var right = rhs.raw
        return unsafe wasmtime_tag_eq(lhs.store.context.pointer, &left, &right)
    }
}
