/// What a struct field or an array element holds: a full value type, or an
/// integer packed into 8 or 16 bits.
///
/// Packed fields read back as `i32`, zero- or sign-extended (see
/// ``PackedExtension``); writing an `i32` keeps its low 8 or 16 bits, as
/// wasm's `struct.set` and `array.set` do.
public enum StorageType: Hashable, Sendable, CustomStringConvertible {
    /// An 8-bit integer.
    case i8
    /// A 16-bit integer.
    case i16
    /// A value of a full value type.
    case value(ValueType)

    /// The type of the values read from and written to this storage.
    public var unpacked: ValueType {
        switch self {
        case .i8, .i16: .i32
        case .value(let type): type
        }
    }

    public var description: String {
        switch self {
        case .i8: "i8"
        case .i16: "i16"
        case .value(let type): type.description
        }
    }
}

/// The type of a struct field or of an array's elements: its storage and
/// whether it may be written after allocation.
public struct FieldType: Hashable, Sendable, CustomStringConvertible {
    /// What the field holds.
    public var storage: StorageType
    /// Whether the field can be written after allocation (`mut`).
    public var isMutable: Bool

    /// Creates a field type; fields are mutable unless told otherwise.
    public init(_ storage: StorageType, mutable: Bool = true) {
        self.storage = storage
        self.isMutable = mutable
    }

    /// Creates a field holding values of `type`.
    public init(_ type: ValueType, mutable: Bool = true) {
        self.init(.value(type), mutable: mutable)
    }

    public var description: String {
        isMutable ? "(mut \(storage))" : storage.description
    }
}

/// How a packed (`i8` or `i16`) field widens to an `i32` when read: wasm's
/// `struct.get_u`/`array.get_u` or `struct.get_s`/`array.get_s`.
public enum PackedExtension: Sendable {
    /// Zero extension (`get_u`).
    case unsigned
    /// Sign extension (`get_s`).
    case signed
}

extension FieldType {
    /// Throws unless `value` may be stored in a field of this type.
    func check(_ value: Value, what: @autoclosure () -> String) throws(WasmtimeError) {
        let expected = storage.unpacked
        if value.isNull, case .ref(let ref) = expected, !ref.isNullable,
            case .ref(let given) = value.type, given.heapType.top == ref.heapType.top
        {
            throw WasmtimeError(.nullReference, "\(what()) has type \(expected), which is not nullable")
        }
        guard value.matchesField(expected) else {
            throw WasmtimeError(.typeMismatch, "\(what()) has type \(expected), not \(value.type)")
        }
    }

    /// Widens a packed field's `i32` (which Wasmtime reads zero-extended).
    func extend(_ value: Value, _ extension: PackedExtension) -> Value {
        guard `extension` == .signed, case .i32(let bits) = value else { return value }
        switch storage {
        case .i8: return .i32(Int32(Int8(truncatingIfNeeded: bits)))
        case .i16: return .i32(Int32(Int16(truncatingIfNeeded: bits)))
        case .value: return value
        }
    }

    /// Whether the type can be built through the C API: concrete struct,
    /// array and exception types cannot be named from Swift.
    var isBuildable: Bool {
        guard case .value(let type) = storage else { return true }
        return !type.isConcreteReference
            || { if case .ref(let r) = type, case .concreteFunc = r.heapType { true } else { false } }()
    }
}

extension Value {
    /// Like ``matches(_:)``, but lets concrete struct and array types
    /// through as their abstract supertypes: field writes go through
    /// Wasmtime's checked accessors, which verify them exactly.
    func matchesField(_ type: ValueType) -> Bool {
        if case .anyref(let a?) = self, case .ref(let ref) = type {
            switch ref.heapType {
            case .concreteStruct: return a.isStruct
            case .concreteArray: return a.isArray
            default: break
            }
        }
        return matches(type)
    }
}
