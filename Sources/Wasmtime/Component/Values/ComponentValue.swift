/// A component-model value: what dynamic calls of ``ComponentFunc`` and
/// dynamic host functions of ``ComponentLinker`` take and return.
///
/// Every value kind of Wasmtime's C API has a case. Equality is structural
/// and bit-exact for floats (two NaNs with the same payload are equal; `0.0`
/// and `-0.0` are not). ``description`` renders the value in WAVE, the
/// WebAssembly Value Encoding the `wasmtime` CLI prints:
///
/// ```swift
/// let value: ComponentValue = .record([.init("name", "Ada"), .init("age", .u8(36))])
/// print(value)  // {name: "Ada", age: 36}
/// ```
///
/// Only the cases that nest one value directly are `indirect`: scalars sit
/// inline (a `list<u8>` of 64 KiB is one array, not 65,536 boxes).
public enum ComponentValue: Sendable {
    case bool(Bool)
    case s8(Int8)
    case u8(UInt8)
    case s16(Int16)
    case u16(UInt16)
    case s32(Int32)
    case u32(UInt32)
    case s64(Int64)
    case u64(UInt64)
    case f32(Float)
    case f64(Double)
    case char(Unicode.Scalar)
    case string(String)
    /// `list<T>`: elements all of one type.
    case list([ComponentValue])
    /// A record: every field of the record type, in declaration order.
    case record([Field])
    /// A tuple: one value per element type.
    case tuple([ComponentValue])
    /// A variant: the case's name and its payload (`nil` for a case without one).
    indirect case variant(String, ComponentValue?)
    /// An enum case, by name.
    case `enum`(String)
    /// `option<T>`: `nil` is `none`.
    indirect case option(ComponentValue?)
    /// The `ok` side of a `result`, with its payload if the type has one.
    indirect case ok(ComponentValue?)
    /// The `err` side of a `result`, with its payload if the type has one.
    indirect case err(ComponentValue?)
    /// `flags`: the names of the flags that are set, in declaration order.
    case flags([String])
    /// A handle to a resource (`own<R>` or `borrow<R>`).
    case resource(ComponentResource)
    /// `map<K, V>`: key-value pairs.
    case map([MapEntry])

    /// A field of a record value.
    public struct Field: Sendable, Equatable {
        /// The field's name.
        public var name: String
        /// The field's value.
        public var value: ComponentValue

        /// Creates a field.
        public init(_ name: String, _ value: ComponentValue) {
            self.name = name
            self.value = value
        }
    }

    /// An entry of a map value.
    public struct MapEntry: Sendable, Equatable {
        /// The key.
        public var key: ComponentValue
        /// The value.
        public var value: ComponentValue

        /// Creates an entry.
        public init(_ key: ComponentValue, _ value: ComponentValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of the record field `name`, if this is a record that has one.
    public subscript(field name: String) -> ComponentValue? {
        guard case .record(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// The value's kind, for error messages (`u32`, `string`, `record`, …).
    public var kindName: String {
        switch self {
        case .bool: "bool"
        case .s8: "s8"
        case .u8: "u8"
        case .s16: "s16"
        case .u16: "u16"
        case .s32: "s32"
        case .u32: "u32"
        case .s64: "s64"
        case .u64: "u64"
        case .f32: "f32"
        case .f64: "f64"
        case .char: "char"
        case .string: "string"
        case .list: "list"
        case .record: "record"
        case .tuple: "tuple"
        case .variant: "variant"
        case .enum: "enum"
        case .option: "option"
        case .ok, .err: "result"
        case .flags: "flags"
        case .resource: "resource"
        case .map: "map"
        }
    }
}

extension ComponentValue: Equatable {
    /// Structural equality; floats compare by bit pattern.
    public static func == (lhs: ComponentValue, rhs: ComponentValue) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.s8(let a), .s8(let b)): a == b
        case (.u8(let a), .u8(let b)): a == b
        case (.s16(let a), .s16(let b)): a == b
        case (.u16(let a), .u16(let b)): a == b
        case (.s32(let a), .s32(let b)): a == b
        case (.u32(let a), .u32(let b)): a == b
        case (.s64(let a), .s64(let b)): a == b
        case (.u64(let a), .u64(let b)): a == b
        case (.f32(let a), .f32(let b)): a.bitPattern == b.bitPattern
        case (.f64(let a), .f64(let b)): a.bitPattern == b.bitPattern
        case (.char(let a), .char(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.record(let a), .record(let b)): a == b
        case (.tuple(let a), .tuple(let b)): a == b
        case (.variant(let a, let x), .variant(let b, let y)): a == b && x == y
        case (.enum(let a), .enum(let b)): a == b
        case (.option(let a), .option(let b)): a == b
        case (.ok(let a), .ok(let b)): a == b
        case (.err(let a), .err(let b)): a == b
        case (.flags(let a), .flags(let b)): a == b
        case (.resource(let a), .resource(let b)): a === b
        case (.map(let a), .map(let b)): a == b
        default: false
        }
    }
}

// MARK: - Literals

extension ComponentValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` are `bool` values.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension ComponentValue: ExpressibleByStringLiteral {
    /// A string literal is a `string` value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension ComponentValue: ExpressibleByIntegerLiteral {
    /// An integer literal is an `s32` value; write `.u32(7)` and friends for the other widths.
    public init(integerLiteral value: Int32) {
        self = .s32(value)
    }
}

extension ComponentValue: ExpressibleByFloatLiteral {
    /// A float literal is an `f64` value.
    public init(floatLiteral value: Double) {
        self = .f64(value)
    }
}

extension ComponentValue: ExpressibleByArrayLiteral {
    /// An array literal is a `list` value.
    public init(arrayLiteral elements: ComponentValue...) {
        self = .list(elements)
    }
}

extension ComponentValue: ExpressibleByNilLiteral {
    /// `nil` is `none`, an empty `option`.
    public init(nilLiteral: ()) {
        self = .option(nil)
    }
}

// MARK: - From Swift values

extension ComponentValue {
    /// A `list<u8>` of `bytes`.
    @inlinable
    public static func bytes(_ bytes: some Sequence<UInt8>) -> ComponentValue {
        // Inlinable: the loop specializes for the caller's sequence type.
        .list(bytes.map(ComponentValue.u8))
    }

    /// `some(value)`.
    public static func some(_ value: ComponentValue) -> ComponentValue {
        .option(value)
    }

    /// `none`.
    public static var none: ComponentValue { .option(nil) }

    /// The bytes of a `list<u8>`, if this is one.
    public var bytes: [UInt8]? {
        guard case .list(let elements) = self else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.count)
        for index in elements.indices {
            guard case .u8(let byte) = elements[index] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// The text of a `string` value.
    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }
}
