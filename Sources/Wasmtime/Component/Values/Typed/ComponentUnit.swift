/// The absent payload of a `result` side, in typed signatures: `result` is
/// `Result<ComponentUnit, ComponentUnit>`, `result<T>` is
/// `Result<T, ComponentUnit>`, and `result<_, E>` is `Result<ComponentUnit, E>`.
///
/// It is an `Error` so that it can stand on the failure side of `Result`.
/// It is no value of its own: it matches no component type elsewhere.
public struct ComponentUnit: Error, Hashable, Sendable, CustomStringConvertible {
    /// The unit value.
    public init() {}

    public var description: String { "()" }
}

extension ComponentUnit: ComponentLowerable, ComponentLiftable {
    /// Matches nothing: the unit only stands for an absent `result` payload.
    public static func matches(_ type: ComponentValueType) -> Bool { false }

    /// Throws: the unit is only meaningful as an absent `result` payload.
    public func lower(into lowerer: inout ComponentLowerer) throws {
        throw WasmtimeError(.typeMismatch, "ComponentUnit stands for an absent result payload, not a value")
    }

    /// Throws: the unit is only meaningful as an absent `result` payload.
    public init(lifting lifter: inout ComponentLifter) throws {
        throw WasmtimeError(.typeMismatch, "expected no payload, got a value")
    }
}

/// The error side of a `result` whose payload type is not a Swift `Error`:
/// `result<u32, string>` is `Result<UInt32, ComponentError<String>>`.
public struct ComponentError<Payload: Sendable>: Error, CustomStringConvertible {
    /// The `err` payload.
    public var payload: Payload

    /// Wraps an `err` payload.
    public init(_ payload: Payload) {
        self.payload = payload
    }

    public var description: String { "err(\(payload))" }
}

extension ComponentError: Equatable where Payload: Equatable {}
extension ComponentError: Hashable where Payload: Hashable {}

extension ComponentError: ComponentLowerable where Payload: ComponentLowerable {
    /// Matches what `Payload` matches.
    public static func matches(_ type: ComponentValueType) -> Bool { Payload.matches(type) }

    /// Writes the payload.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lower(payload) }
}

extension ComponentError: ComponentLiftable where Payload: ComponentLiftable {
    /// Matches what `Payload` matches.
    public static func matches(_ type: ComponentValueType) -> Bool { Payload.matches(type) }

    /// Reads the payload.
    public init(lifting lifter: inout ComponentLifter) throws { payload = try lifter.lift(Payload.self) }
}
