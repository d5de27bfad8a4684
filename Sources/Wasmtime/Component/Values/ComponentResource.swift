/// A handle to a resource that a component gave the host (`own<R>` or
/// `borrow<R>`): pass it back to the component's functions, or drop it.
///
/// An owned handle the host no longer references is dropped in its store
/// (running the guest's destructor, if any) when this object goes away, so
/// resources never leak into the store; call ``drop()`` to choose the moment
/// and see its error. A borrowed handle a host function receives is valid
/// only during that call: using it afterwards throws.
///
/// - Note: host-defined resource types (Swift objects behind a handle) are
///   not available yet.
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
    /// resource's destructor. Using the handle afterwards throws.
    public func drop() throws {
        try box.drop()
    }
}
