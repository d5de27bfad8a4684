// The library's conformances of scalar Swift types: each matches exactly
// one component type (`Int` and `UInt` are `s64` and `u64`). Floats keep
// their bit pattern, NaN payloads included.

extension Bool: ComponentLowerable, ComponentLiftable {
    /// Matches `bool`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .bool }

    /// Writes a `bool`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerBool(self) }

    /// Reads a `bool`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftBool() }
}

extension Int8: ComponentLowerable, ComponentLiftable {
    /// Matches `s8`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .s8 }

    /// Writes a `s8`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerS8(self) }

    /// Reads a `s8`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftS8() }
}

extension UInt8: ComponentLowerable, ComponentLiftable {
    /// Matches `u8`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .u8 }

    /// Writes a `u8`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerU8(self) }

    /// Reads a `u8`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftU8() }
}

extension Int16: ComponentLowerable, ComponentLiftable {
    /// Matches `s16`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .s16 }

    /// Writes a `s16`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerS16(self) }

    /// Reads a `s16`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftS16() }
}

extension UInt16: ComponentLowerable, ComponentLiftable {
    /// Matches `u16`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .u16 }

    /// Writes a `u16`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerU16(self) }

    /// Reads a `u16`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftU16() }
}

extension Int32: ComponentLowerable, ComponentLiftable {
    /// Matches `s32`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .s32 }

    /// Writes a `s32`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerS32(self) }

    /// Reads a `s32`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftS32() }
}

extension UInt32: ComponentLowerable, ComponentLiftable {
    /// Matches `u32`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .u32 }

    /// Writes a `u32`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerU32(self) }

    /// Reads a `u32`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftU32() }
}

extension Int64: ComponentLowerable, ComponentLiftable {
    /// Matches `s64`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .s64 }

    /// Writes a `s64`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerS64(self) }

    /// Reads a `s64`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftS64() }
}

extension UInt64: ComponentLowerable, ComponentLiftable {
    /// Matches `u64`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .u64 }

    /// Writes a `u64`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerU64(self) }

    /// Reads a `u64`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftU64() }
}

extension Float: ComponentLowerable, ComponentLiftable {
    /// Matches `f32`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .f32 }

    /// Writes a `f32`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerF32(self) }

    /// Reads a `f32`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftF32() }
}

extension Double: ComponentLowerable, ComponentLiftable {
    /// Matches `f64`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .f64 }

    /// Writes a `f64`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerF64(self) }

    /// Reads a `f64`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftF64() }
}

extension Unicode.Scalar: ComponentLowerable, ComponentLiftable {
    /// Matches `char`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .char }

    /// Writes a `char`.
    @inlinable @inline(__always)
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerChar(self) }

    /// Reads a `char`.
    @inlinable @inline(__always)
    public init(lifting lifter: inout ComponentLifter) throws { self = try lifter.liftChar() }
}

extension Int: ComponentLowerable, ComponentLiftable {
    /// Matches `s64`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .s64 }

    /// Writes an `s64`.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerS64(Int64(self)) }

    /// Reads an `s64` (throws if it does not fit, on 32-bit platforms).
    public init(lifting lifter: inout ComponentLifter) throws {
        let value = try lifter.liftS64()
        guard let exact = Int(exactly: value) else {
            throw WasmtimeError(.typeMismatch, "s64 \(value) does not fit in Int")
        }
        self = exact
    }
}

extension UInt: ComponentLowerable, ComponentLiftable {
    /// Matches `u64`.
    public static func matches(_ type: ComponentValueType) -> Bool { type == .u64 }

    /// Writes a `u64`.
    public func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.lowerU64(UInt64(self)) }

    /// Reads a `u64` (throws if it does not fit, on 32-bit platforms).
    public init(lifting lifter: inout ComponentLifter) throws {
        let value = try lifter.liftU64()
        guard let exact = UInt(exactly: value) else {
            throw WasmtimeError(.typeMismatch, "u64 \(value) does not fit in UInt")
        }
        self = exact
    }
}
