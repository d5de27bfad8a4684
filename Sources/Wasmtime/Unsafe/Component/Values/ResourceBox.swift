import CWasmtime

/// Owns a `wasmtime_component_resource_any_t` the host holds, with the store
/// it belongs to, and for a host-defined resource the Swift object behind it.
///
/// The C contract: every `resource_any` the host holds must end in
/// `_resource_any_drop` (or a conversion to a host resource), or it stays in
/// the store's handle table. So an owned handle that was neither dropped nor
/// moved into the guest is dropped on deinit, and a borrow is dropped when
/// the call that lent it returns (Wasmtime fails that call otherwise:
/// "borrow handles still remain at the end of the call").
///
/// The box can be released on any thread (``ComponentResource`` is
/// `Sendable`), so its deinit never uses the store: an owned handle still
/// live then is queued in the store's ``ReleasedResources`` and dropped the
/// next time the library enters the store on its own thread.
@safe @usableFromInline final class ResourceBox: @unchecked Sendable {
    // @unchecked: the handle is only used with its store, which is confined
    // to one thread; the state below is only touched on that thread, and
    // deinit (which may run on any thread) only reads `state` and `isOwned`
    // (no one else references the box then) and queues the handle.
    enum State {
        /// Usable.
        case live
        /// Dropped through ``drop()``.
        case dropped
        /// An owned handle given to the guest (an `own` argument): the guest owns it now.
        case moved
        /// A borrow a host function received, after that call returned.
        case expired
        /// A received host resource Wasmtime could not give a fresh handle (the message says why).
        case unusable(String)
        /// A borrow dropped by the host while the store's async call was
        /// suspended: the store cannot be entered then, so the borrow ends
        /// when the call that lent it returns (``markExpired()``).
        case dropPending
    }

    let pointer: OpaquePointer
    let store: AnyStore
    let isOwned: Bool
    /// The Swift object and type behind a host-defined resource; `nil` for a guest resource.
    let host: HostResourceLink?
    /// Where deinit queues a still-live owned handle (the store's queue).
    private let released: ReleasedResources?
    private(set) var state = State.live

    /// A box owning the handle `pointer` as it is (on the store's thread).
    private init(holding pointer: OpaquePointer, store: AnyStore, host: HostResourceLink?) {
        unsafe self.pointer = unsafe pointer
        self.store = store
        self.host = host
        let isOwned = unsafe wasmtime_component_resource_any_owned(pointer)
        self.isOwned = isOwned
        released = isOwned ? store.releasedResourcesQueue() : nil
    }

    /// A box for a handle the host received from Wasmtime (a call's result
    /// or a host function's argument), taking `pointer`.
    ///
    /// A handle of a host-defined resource type is converted to the host
    /// resource (`_resource_any_to_host`, which gives its rep: the key of
    /// the Swift object) and back to a fresh handle of the same ownership,
    /// because the conversion consumes the handle's table entry. Guest
    /// resources fail that conversion before it touches the table (their
    /// type is not a host type) and are kept as they are. Stores that never
    /// made a host resource skip the attempt: no host resource can reach them.
    /// If Wasmtime cannot make the fresh handle (its table is full), the box
    /// is unusable and says why.
    convenience init(taking pointer: OpaquePointer, store: AnyStore) {
        guard let table = store.hostResources else {
            unsafe self.init(holding: pointer, store: store, host: nil)
            return
        }
        var converted: OpaquePointer?
        if let error = unsafe wasmtime_component_resource_any_to_host(store.context.pointer, pointer, &converted) {
            unsafe wasmtime_error_delete(error)
            unsafe self.init(holding: pointer, store: store, host: nil)
            return
        }
        let host = unsafe converted!
        defer { unsafe wasmtime_component_resource_host_delete(host) }
        let rep = unsafe wasmtime_component_resource_host_rep(host)
        let typeID = unsafe wasmtime_component_resource_host_type(host)
        let link = table.entry(rep).flatMap { $0.type.id == typeID ? HostResourceLink(rep: rep, entry: $0) : nil }
        do {
            let owned = unsafe wasmtime_component_resource_host_owned(host)
            let fresh = unsafe try Self.handle(owned: owned, rep: rep, typeID: typeID, store: store)
            unsafe wasmtime_component_resource_any_delete(pointer)
            unsafe self.init(holding: fresh, store: store, host: link)
        } catch {
            // `pointer` is spent (its entry is gone) but still a valid box to free.
            unsafe self.init(holding: pointer, store: store, host: link)
            state = .unusable(error.message)
        }
    }

    /// An owned handle in `store` for the host resource `link`.
    static func owning(_ link: HostResourceLink, typeID: UInt32, store: AnyStore) throws(WasmtimeError)
        -> ResourceBox
    {
        store.dropReleasedResources()
        let handle = unsafe try handle(owned: true, rep: link.rep, typeID: typeID, store: store)
        return unsafe ResourceBox(holding: handle, store: store, host: link)
    }

    /// A fresh `resource_any` in `store`'s table for the host resource `rep` of type `typeID`.
    private static func handle(owned: Bool, rep: UInt32, typeID: UInt32, store: AnyStore) throws(WasmtimeError)
        -> OpaquePointer
    {
        let resource = unsafe wasmtime_component_resource_host_new(owned, rep, typeID)!
        defer { unsafe wasmtime_component_resource_host_delete(resource) }
        var any: OpaquePointer?
        unsafe try CAPI.check(
            wasmtime_component_resource_host_to_any(store.context.pointer, resource, &any), .runtime)
        guard let any = unsafe any else {
            throw WasmtimeError(.runtime, "Wasmtime made a resource handle without returning it")
        }
        return unsafe any
    }

    var type: ResourceTypeBox {
        unsafe ResourceTypeBox(taking: wasmtime_component_resource_any_type(pointer)!)
    }

    /// Throws unless the handle can still be used (passed to its store, or
    /// its host object read).
    func checkLive() throws(WasmtimeError) {
        switch state {
        case .live: return
        case .dropped: throw WasmtimeError(.runtime, "the resource was already dropped")
        case .moved: throw WasmtimeError(.runtime, "the resource was moved into the component (passed as `own`)")
        case .expired:
            throw WasmtimeError(.runtime, "a borrowed resource was used after the call that lent it returned")
        case .unusable(let reason): throw WasmtimeError(.runtime, "the resource could not be received: \(reason)")
        case .dropPending: throw WasmtimeError(.runtime, "the resource was already dropped")
        }
    }

    /// Throws unless the handle can still be passed to `store`.
    func checkUsable(in store: AnyStore) throws(WasmtimeError) {
        try store.checkOwns(self.store, "a resource")
        try checkLive()
    }

    /// Drops the handle; for an owned host resource this runs its
    /// destructor (Wasmtime attaches none to handles the host made).
    ///
    /// While the store's async call is suspended (an async host function
    /// awaiting) the store must not be entered: an owned handle is then
    /// queued like a released one (dropped, and its destructor run, when
    /// the store is next entered), and a borrow ends with its call.
    func drop() throws {
        try checkUsable(in: store)
        if unsafe store.asyncCallState?.phase == .suspended {
            if isOwned {
                state = .dropped
                let clone = unsafe wasmtime_component_resource_any_clone(pointer)!
                unsafe released?.append(ReleasedResources.Entry(pointer: clone, hostRep: host?.rep))
            } else {
                state = .dropPending
            }
            return
        }
        store.dropReleasedResources()
        state = .dropped
        if let error = unsafe wasmtime_component_resource_any_drop(store.context.pointer, pointer) {
            throw unsafe store.componentCallFailure(error)
        }
        if isOwned, let host { try store.destroyHostResource(host.rep) }
    }

    @usableFromInline func markMoved() { state = .moved }

    /// Ends a borrow when the call that lent it returns.
    @usableFromInline func markExpired() {
        switch state {
        case .live: state = .expired
        case .dropPending: state = .dropped
        default: return
        }
        if let error = unsafe wasmtime_component_resource_any_drop(store.context.pointer, pointer) {
            unsafe wasmtime_error_delete(error)
        }
    }

    /// Runs on whichever thread released the last reference: a live owned
    /// handle goes to the store's queue (which then owns `pointer`), never
    /// straight into the store, which may be in use on its own thread.
    deinit {
        if isOwned, case .live = state, let released {
            unsafe released.append(ReleasedResources.Entry(pointer: pointer, hostRep: host?.rep))
        } else {
            unsafe wasmtime_component_resource_any_delete(pointer)
        }
    }
}

/// A host resource's place in its store's ``HostResourceTable``, kept with
/// the handle so that reading the object needs no lookup.
struct HostResourceLink {
    let rep: UInt32
    let entry: HostResourceTable.Entry
}
