/// A handle to a resource (`own<R>` or `borrow<R>`): one a component gave
/// the host, or one the host made from a Swift object
/// (``HostResourceType/own(_:in:)``). Pass it to the component's
/// functions, return it from host functions, or drop it.
///
/// An owned handle the host no longer references is dropped in its store
/// (running the resource's destructor, the guest's or the host's), so
/// resources never leak into the store; call ``drop()`` to choose the
/// moment and see its error. A borrowed handle a host function receives is
/// valid only during that call: using it afterwards throws. The handle
/// keeps its store alive, so it can always still be dropped.
///
/// A handle is `Sendable` and may be let go of on any thread, but its
/// store is not thread-safe: releasing the last reference never calls into
/// the store. It queues the handle in its store, which drops it, on its
/// own thread, the next time it is entered: a component call (sync or
/// async, as it starts and as it returns), an instantiation, making or
/// dropping a resource, or reading ``AnyStore/hostResourceCount``. So the
/// destructor runs exactly once, at one of those points, never
/// concurrently with the store's own work; a store freed first destroys
/// the host resources still queued with it. Likewise ``drop()`` called
/// while the store's async call is suspended (in an async host function)
/// queues an owned handle instead of entering the store.
public final class ComponentResource: Sendable {
    let box: ResourceBox

    init(_ box: ResourceBox) {
        self.box = box
    }

    /// Whether this is an owned handle (`own<R>`), rather than a borrow.
    public var isOwned: Bool { box.isOwned }

    /// The resource's type.
    public var type: ComponentResourceType { ComponentResourceType(box.type) }

    /// Drops the handle in its store; for an owned handle this runs the
    /// resource's destructor (a guest's, or a ``HostResourceType``'s).
    /// Using the handle afterwards throws; so does a second drop.
    ///
    /// Call it on the store's thread. Inside an async host function, while
    /// the guest is suspended, an owned handle is only queued: it is
    /// dropped when the async call is over.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime``
    ///   when the handle was already dropped, moved into the guest, or is a
    ///   borrow whose call returned; ``WasmtimeError/Kind/storeMismatch``
    ///   never (the handle carries its store); the error of a failing
    ///   destructor (a guest's as a ``Trap`` or ``WasmtimeError``, a host
    ///   resource type's as the Swift error it threw).
    public func drop() throws {
        try box.drop()
    }
}
