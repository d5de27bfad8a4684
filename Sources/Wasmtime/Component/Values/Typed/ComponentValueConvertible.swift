/// A Swift type that can be passed to a component: an argument of a
/// ``TypedComponentFunc`` or a result of a typed host function.
///
/// The library conforms `Bool`, the fixed-width integers, `Float`, `Double`,
/// `Unicode.Scalar`, `String`, arrays, optionals, `Result`, dictionaries
/// (`map`), ``ComponentTuple``, ``ComponentResource`` and ``ComponentValue``.
/// Records, variants, enums and flags of your own conform by writing their
/// parts through the ``ComponentLowerer`` they are given: it only offers
/// well-formed component values, so a conformance cannot hand Wasmtime
/// malformed memory (the raw C value stays inside the library).
///
/// ```swift
/// struct Point: ComponentValueConvertible {
///     var x: Int32
///     var y: Int32
///
///     static func matches(_ type: ComponentValueType) -> Bool {
///         type.matchesRecord(["x": Int32.self, "y": Int32.self])
///     }
///
///     func lower(into lowerer: inout ComponentLowerer) throws {
///         try lowerer.record(fieldCount: 2) { fields in
///             try fields.field("x", x)
///             try fields.field("y", y)
///         }
///     }
///
///     init(lifting lifter: inout ComponentLifter) throws {
///         self = try lifter.record { fields in
///             Point(x: try fields.field("x"), y: try fields.field("y"))
///         }
///     }
///
///     init(x: Int32, y: Int32) {
///         self.x = x
///         self.y = y
///     }
/// }
/// ```
///
/// Variants use ``ComponentLowerer/variant(_:)`` and
/// ``ComponentLowerer/variant(_:payload:)`` with
/// ``ComponentLifter/variant(_:)``; enums ``ComponentLowerer/enumCase(_:)``
/// and ``ComponentLifter/enumCase()``; flags ``ComponentLowerer/flags(_:)``
/// and ``ComponentLifter/flags()``.
public protocol ComponentLowerable {
    /// Whether a component value of type `type` can be made from this Swift
    /// type. Checked once, when a typed function is looked up or a component
    /// using a typed host function is instantiated.
    static func matches(_ type: ComponentValueType) -> Bool

    /// Writes this value through `lowerer` (exactly one write).
    func lower(into lowerer: inout ComponentLowerer) throws
}

/// A Swift type that can be made from a component value: a result of a
/// ``TypedComponentFunc`` or a parameter of a typed host function.
///
/// See ``ComponentLowerable`` for the built-in conformances and an example.
public protocol ComponentLiftable {
    /// Whether a component value of type `type` can be read as this Swift type.
    static func matches(_ type: ComponentValueType) -> Bool

    /// Reads the value `lifter` holds.
    init(lifting lifter: inout ComponentLifter) throws
}

/// A Swift type that converts both ways between Swift and component values.
public typealias ComponentValueConvertible = ComponentLowerable & ComponentLiftable

// MARK: - Matching helpers for hand-written and generated conformances

extension ComponentValueType {
    /// Whether this is a record with exactly these fields, in this order,
    /// each matching its Swift type.
    public func matchesRecord(_ fields: KeyValuePairs<String, any ComponentLiftable.Type>) -> Bool {
        guard case .record(let declared) = self, declared.count == fields.count else { return false }
        return zip(declared, fields).allSatisfy { $0.name == $1.key && $1.value.matches($0.type) }
    }

    /// Whether this is a record with exactly these fields, in this order,
    /// each matching its Swift type (for types that are only lowered).
    public func matchesRecord(lowering fields: KeyValuePairs<String, any ComponentLowerable.Type>) -> Bool {
        guard case .record(let declared) = self, declared.count == fields.count else { return false }
        return zip(declared, fields).allSatisfy { $0.name == $1.key && $1.value.matches($0.type) }
    }

    /// Whether this is a variant with exactly these cases, in this order;
    /// a case's Swift type is `nil` for a case without payload.
    public func matchesVariant(_ cases: KeyValuePairs<String, (any ComponentLiftable.Type)?>) -> Bool {
        guard case .variant(let declared) = self, declared.count == cases.count else { return false }
        return zip(declared, cases).allSatisfy { declared, expected in
            guard declared.name == expected.key else { return false }
            switch (declared.payload, expected.value) {
            case (nil, nil): return true
            case (let type?, let swift?): return swift.matches(type)
            default: return false
            }
        }
    }

    /// Whether this is a variant with exactly these cases (for types that are only lowered).
    public func matchesVariant(lowering cases: KeyValuePairs<String, (any ComponentLowerable.Type)?>) -> Bool {
        guard case .variant(let declared) = self, declared.count == cases.count else { return false }
        return zip(declared, cases).allSatisfy { declared, expected in
            guard declared.name == expected.key else { return false }
            switch (declared.payload, expected.value) {
            case (nil, nil): return true
            case (let type?, let swift?): return swift.matches(type)
            default: return false
            }
        }
    }

    /// Whether this is an enum with exactly these cases, in this order.
    public func matchesEnum(_ cases: [String]) -> Bool {
        guard case .enum(let declared) = self else { return false }
        return declared == cases
    }

    /// Whether this is a flags type with exactly these flags, in this order.
    public func matchesFlags(_ flags: [String]) -> Bool {
        guard case .flags(let declared) = self else { return false }
        return declared == flags
    }
}
