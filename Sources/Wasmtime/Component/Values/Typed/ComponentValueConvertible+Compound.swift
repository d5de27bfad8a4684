// The library's conformances of Swift's compound types: strings, arrays
// (`list`), optionals (`option`), `Result` (`result`), dictionaries (`map`),
// resources, and dynamic ``ComponentValue``s.

extension String: ComponentLowerable, ComponentLiftable {
    /// Matches `string`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .string }

    /// Writes a `string` (a copy of the UTF-8 bytes).
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerString(self) }

    /// Reads a `string`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftString() }
}

extension Array: ComponentLowerable where Element: ComponentLowerable {
    /// Matches `list<T>` where `Element` matches `T`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .list(let element) = type else { return false }
        return Element.matches(element)
    }

    /// Writes a `list`; `[UInt8]` is copied in one pass.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerArray(self) }
}

extension Array: ComponentLiftable where Element: ComponentLiftable {
    /// Matches `list<T>` where `Element` matches `T`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .list(let element) = type else { return false }
        return Element.matches(element)
    }

    /// Reads a `list`; `[UInt8]` is copied in one pass.
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftArray(of: Element.self) }
}

extension Optional: ComponentLowerable where Wrapped: ComponentLowerable {
    /// Matches `option<T>` where `Wrapped` matches `T`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .option(let payload) = type else { return false }
        return Wrapped.matches(payload)
    }

    /// Writes an `option`: `nil` is `none`.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerOption(self) }
}

extension Optional: ComponentLiftable where Wrapped: ComponentLiftable {
    /// Matches `option<T>` where `Wrapped` matches `T`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .option(let payload) = type else { return false }
        return Wrapped.matches(payload)
    }

    /// Reads an `option`: `none` is `nil`.
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftOption(of: Wrapped.self) }
}

/// Whether `Swift` stands for the payload `type` of a `result` side
/// (``ComponentUnit`` for an absent payload).
private func matchesPayload(_ type: ComponentValueType?, _ matches: (ComponentValueType) -> Bool, isUnit: Bool) -> Bool
{
    guard let type else { return isUnit }
    return !isUnit && matches(type)
}

extension Result: ComponentLowerable where Success: ComponentLowerable, Failure: ComponentLowerable {
    /// Matches `result<T, E>`; a side without payload (`result<_, E>`,
    /// `result<T>`, `result`) is a ``ComponentUnit``.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .result(let ok, let error) = type else { return false }
        return matchesPayload(ok, Success.matches, isUnit: Success.self == ComponentUnit.self)
            && matchesPayload(error, Failure.matches, isUnit: Failure.self == ComponentUnit.self)
    }

    /// Writes a `result`: `.success` is `ok`, `.failure` is `err`.
    public func lower(into lowerer: inout ComponentLowerer) throws {
        switch self {
        case .success(let payload): try lowerer.lowerResult(isOK: true, payload: payload)
        case .failure(let payload): try lowerer.lowerResult(isOK: false, payload: payload)
        }
    }
}

extension Result: ComponentLiftable where Success: ComponentLiftable, Failure: ComponentLiftable {
    /// Matches `result<T, E>`; a side without payload is a ``ComponentUnit``.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .result(let ok, let error) = type else { return false }
        return matchesPayload(ok, Success.matches, isUnit: Success.self == ComponentUnit.self)
            && matchesPayload(error, Failure.matches, isUnit: Failure.self == ComponentUnit.self)
    }

    /// Reads a `result`: `ok` is `.success`, `err` is `.failure`.
    public init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.liftResult(Success.self, Failure.self)
    }
}

extension Dictionary: ComponentLowerable where Key: ComponentLowerable, Value: ComponentLowerable {
    /// Matches `map<K, V>`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .map(let key, let value) = type else { return false }
        return Key.matches(key) && Value.matches(value)
    }

    /// Writes a `map` (entries in the dictionary's order).
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerMap(self) }
}

extension Dictionary: ComponentLiftable where Key: ComponentLiftable, Value: ComponentLiftable {
    /// Matches `map<K, V>`.
    public static func matches(_ type: ComponentValueType) -> Bool {
        guard case .map(let key, let value) = type else { return false }
        return Key.matches(key) && Value.matches(value)
    }

    /// Reads a `map`; a key that occurs twice keeps its last value.
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftMap(Key.self, Value.self) }
}

extension ComponentResource: ComponentLowerable, ComponentLiftable {
    /// Matches `own<R>` and `borrow<R>` of any resource type (the handle's
    /// own type is checked against the parameter's when it is passed).
    public static func matches(_ type: ComponentValueType) -> Bool {
        switch type {
        case .own, .borrow: true
        default: false
        }
    }

    /// Writes the handle; an owned handle passed as `own` moves into the guest.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerResource(self) }

    /// Reads a handle (a borrowed one expires when the host call returns).
    public convenience init(lifting lifter: inout ComponentLifter) throws {
        self.init(try lifter.liftResource().box)
    }
}

extension ComponentValue: ComponentLowerable, ComponentLiftable {
    /// Matches every type: the value is checked when it is passed, as in
    /// dynamic calls. Mixes dynamic values into typed signatures.
    public static func matches(_ type: ComponentValueType) -> Bool { true }

    /// Writes the value after checking it against the expected type.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerDynamic(self) }

    /// Reads any value.
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftDynamic() }
}
