/// A resource type: an opaque identity. Two values are equal when they
/// denote the same resource type (Wasmtime compares them); resource types
/// have no name of their own, so their description is just `resource`.
public struct ComponentResourceType: Sendable, Hashable, CustomStringConvertible {
    /// Owns Wasmtime's resource type object.
    let box: ResourceTypeBox

    init(_ box: ResourceTypeBox) {
        self.box = box
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.box.isEqual(to: rhs.box)
    }

    /// Resource types only support equality, so all of them hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(0 as UInt8)
    }

    public var description: String { "resource" }
}
