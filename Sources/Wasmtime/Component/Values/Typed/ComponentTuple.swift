/// A component `tuple<…>` value in typed signatures (Swift tuples cannot
/// conform to protocols): `tuple<u8, string>` is `ComponentTuple<UInt8, String>`.
///
/// A function *result* that is a tuple may also be spelled as a plain Swift
/// tuple in a lookup: `instance.function("pair", Void.self, (UInt8, String).self)`.
public struct ComponentTuple<each Element> {
    /// The elements.
    public var elements: (repeat each Element)

    /// Creates a tuple of `elements`.
    public init(_ elements: repeat each Element) {
        self.elements = (repeat each elements)
    }
}

extension ComponentTuple: ComponentLowerable where repeat each Element: ComponentLowerable {
    /// Matches `tuple<T…>` when each element matches its type.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .tuple(let types) = type else { return false }
        var index = 0
        var matching = true
        for element in repeat (each Element).self {
            if index >= types.count || !element.matches(types[index]) { matching = false }
            index += 1
        }
        return matching && index == types.count
    }

    /// Writes a `tuple`.
    public func lower(into lowerer: inout ComponentLowerer) throws {
        var count = 0
        for _ in repeat (each Element).self { count += 1 }
        try lowerer.tuple(count: count) { tuple in
            for element in repeat each elements { try tuple.element(element) }
        }
    }
}

extension ComponentTuple: ComponentLiftable where repeat each Element: ComponentLiftable {
    /// Matches `tuple<T…>` when each element matches its type.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .tuple(let types) = type else { return false }
        var index = 0
        var matching = true
        for element in repeat (each Element).self {
            if index >= types.count || !element.matches(types[index]) { matching = false }
            index += 1
        }
        return matching && index == types.count
    }

    /// Reads a `tuple`.
    public init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.tuple { tuple in
            ComponentTuple(repeat try tuple.next((each Element).self))
        }
    }
}

extension ComponentTuple: Equatable where repeat each Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        for (left, right) in repeat (each lhs.elements, each rhs.elements) {
            if left != right { return false }
        }
        return true
    }
}

extension ComponentTuple: Sendable where repeat each Element: Sendable {}
