/// The type of a global: its content type and whether it can be set.
public struct GlobalType: Hashable, Sendable, CustomStringConvertible {
    /// The type of the value the global holds.
    public var content: ValueType
    /// Whether `global.set` (and ``Global/set(_:)``) may change the value.
    public var isMutable: Bool

    /// Creates a global type.
    public init(_ content: ValueType, mutable: Bool = false) {
        self.content = content
        self.isMutable = mutable
    }

    public var description: String { isMutable ? "(mut \(content))" : content.description }
}
