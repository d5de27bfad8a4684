/// A handle to a resource (`own<R>` or `borrow<R>`): one a component gave
/// the host, or one the host made from a Swift object
/// (``HostResourceType/own(_:in:)``). Pass it to the component's
/// functions, return it from host functions, or drop it.
///
/// An owned handle the host no longer references is dropped in its store
/// (running the resource's destructor, the guest's or the host's) when
/// this object goes away, so resources never leak into the store; call
/// ``drop()`` to choose the moment and see its error. A borrowed handle a
/// host function receives is valid only during that call: using it
/// afterwards throws. The handle keeps its store alive, so it can always
/// still be dropped.
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
    public func drop() throws {
        try box.drop()
    }
}
