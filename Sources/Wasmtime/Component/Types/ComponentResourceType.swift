/// A resource type: an opaque identity. Two values are equal when they
/// denote the same resource type (Wasmtime compares them).
///
/// A host resource type (a ``HostResourceType``, once a linker has given
/// it to an instance) is recognized: ``hostTypeName`` names it and the
/// description is that name, as in `own<bucket>`. Resource types defined by
/// components have no name of their own, so their description is just
/// `resource`.
public struct ComponentResourceType: Sendable, Hashable, CustomStringConvertible {
    /// Owns Wasmtime's resource type object.
    let box: ResourceTypeBox

    init(_ box: ResourceTypeBox) {
        self.box = box
    }

    /// Whether both denote the same resource type (Wasmtime's comparison).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.box.isEqual(to: rhs.box)
    }

    /// Resource types only support equality, so all of them hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(0 as UInt8)
    }

    /// The name of the live ``HostResourceType`` this is, or `nil` for a
    /// resource type a component defines (or an import not yet resolved:
    /// a component's own type lists its imported resources abstractly;
    /// the functions of an instance see the linker's types).
    public var hostTypeName: String? { HostResourceRegistry.name(of: box) }

    /// Whether this is a host resource type: compare it with
    /// ``HostResourceType/componentType`` to know which one.
    public var isHostDefined: Bool { hostTypeName != nil }

    /// The host resource type's name, else `resource`.
    public var description: String { hostTypeName ?? "resource" }
}
