import CWasmtime

/// Owns a `wasmtime_component_resource_any_t` the host received, with the
/// store it belongs to. An owned handle that was neither dropped nor passed
/// back to the guest is dropped in its store on deinit, so it never leaks
/// into the store's handle table.
@safe final class ResourceBox: @unchecked Sendable {
    // @unchecked: the handle is only used with its store, which is confined
    // to one thread; the state below is only touched on that thread.
    enum State {
        /// Usable.
        case live
        /// Dropped through ``drop()``.
        case dropped
        /// An owned handle given to the guest (an `own` argument): the guest owns it now.
        case moved
        /// A borrow a host function received, after that call returned.
        case expired
    }

    let pointer: OpaquePointer
    let store: AnyStore
    let isOwned: Bool
    private(set) var state = State.live

    init(taking pointer: OpaquePointer, store: AnyStore) {
        unsafe self.pointer = unsafe pointer
        self.store = store
        isOwned = unsafe wasmtime_component_resource_any_owned(pointer)
    }

    var type: ResourceTypeBox {
        unsafe ResourceTypeBox(taking: wasmtime_component_resource_any_type(pointer)!)
    }

    /// Throws unless the handle can still be passed to its store.
    func checkUsable(in store: AnyStore) throws(WasmtimeError) {
        try store.checkOwns(self.store, "a resource")
        switch state {
        case .live: return
        case .dropped: throw WasmtimeError(.runtime, "the resource was already dropped")
        case .moved: throw WasmtimeError(.runtime, "the resource was moved into the component (passed as `own`)")
        case .expired:
            throw WasmtimeError(.runtime, "a borrowed resource was used after the call that lent it returned")
        }
    }

    func drop() throws {
        try checkUsable(in: store)
        state = .dropped
        if let error = unsafe wasmtime_component_resource_any_drop(store.context.pointer, pointer) {
            throw unsafe store.componentCallFailure(error)
        }
    }

    func markMoved() { state = .moved }
    func markExpired() { state = .expired }

    deinit {
        if isOwned, state == .live,
            let error = unsafe wasmtime_component_resource_any_drop(store.context.pointer, pointer)
        {
            unsafe wasmtime_error_delete(error)
        }
        unsafe wasmtime_component_resource_any_delete(pointer)
    }
}
