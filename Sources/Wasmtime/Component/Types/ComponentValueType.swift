/// The type of a component-model value, as a component declares it (WIT
/// types: `u32`, `string`, `list<T>`, records, variants, resources, …).
///
/// Read from a component's imports and exports or from a function's type;
/// ``ComponentFunc`` checks every argument against these before calling.
public indirect enum ComponentValueType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case s8, s16, s32, s64
    case u8, u16, u32, u64
    case f32, f64
    case char
    case string
    /// `list<T>`.
    case list(ComponentValueType)
    /// `list<T, N>`: a fixed-length list (not enabled by Wasmtime 50's C API;
    /// values of this type are not supported).
    case fixedLengthList(ComponentValueType)
    /// `record { name: T, … }`: fields in declaration order.
    case record([ComponentField])
    /// `tuple<T, …>`.
    case tuple([ComponentValueType])
    /// `variant { name(T), name, … }`: cases in declaration order.
    case variant([ComponentCase])
    /// `enum { name, … }`.
    case `enum`([String])
    /// `option<T>`.
    case option(ComponentValueType)
    /// `result<T, E>`; either side may be absent (`result`, `result<T>`, `result<_, E>`).
    case result(ok: ComponentValueType?, error: ComponentValueType?)
    /// `flags { name, … }`.
    case flags([String])
    /// `own<R>`: an owned handle to a resource.
    case own(ComponentResourceType)
    /// `borrow<R>`: a handle borrowed for the duration of a call.
    case borrow(ComponentResourceType)
    /// `future<T>` (component-model async): named, but its values cannot cross Wasmtime 50's C API.
    case future(ComponentValueType?)
    /// `stream<T>` (component-model async): named, but its values cannot cross Wasmtime 50's C API.
    case stream(ComponentValueType?)
    /// `error-context` (component-model async): named, but its values cannot cross Wasmtime 50's C API.
    case errorContext
    /// `map<K, V>`.
    case map(key: ComponentValueType, value: ComponentValueType)

    /// The type in WIT syntax, e.g. `result<list<u8>, string>`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .s8: "s8"
        case .s16: "s16"
        case .s32: "s32"
        case .s64: "s64"
        case .u8: "u8"
        case .u16: "u16"
        case .u32: "u32"
        case .u64: "u64"
        case .f32: "f32"
        case .f64: "f64"
        case .char: "char"
        case .string: "string"
        case .list(let element): "list<\(element)>"
        case .fixedLengthList(let element): "list<\(element), _>"
        case .record(let fields): "record { \(fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ")) }"
        case .tuple(let types): "tuple<\(types.map(\.description).joined(separator: ", "))>"
        case .variant(let cases):
            "variant { \(cases.map { c in c.payload.map { "\(c.name)(\($0))" } ?? c.name }.joined(separator: ", ")) }"
        case .enum(let names): "enum { \(names.joined(separator: ", ")) }"
        case .option(let type): "option<\(type)>"
        case .result(let ok, let error):
            switch (ok, error) {
            case (nil, nil): "result"
            case (let ok?, nil): "result<\(ok)>"
            case (nil, let error?): "result<_, \(error)>"
            case (let ok?, let error?): "result<\(ok), \(error)>"
            }
        case .flags(let names): "flags { \(names.joined(separator: ", ")) }"
        case .own(let resource): "own<\(resource)>"
        case .borrow(let resource): "borrow<\(resource)>"
        case .future(let type): type.map { "future<\($0)>" } ?? "future"
        case .stream(let type): type.map { "stream<\($0)>" } ?? "stream"
        case .errorContext: "error-context"
        case .map(let key, let value): "map<\(key), \(value)>"
        }
    }
}

/// A named field of a record type.
public struct ComponentField: Sendable, Hashable {
    /// The field's name (kebab-case, as in WIT).
    public var name: String
    /// The field's type.
    public var type: ComponentValueType

    /// Creates a field.
    public init(name: String, type: ComponentValueType) {
        self.name = name
        self.type = type
    }
}

/// A case of a variant type, with its payload type if it has one.
public struct ComponentCase: Sendable, Hashable {
    /// The case's name.
    public var name: String
    /// The payload's type; `nil` for a case without payload.
    public var payload: ComponentValueType?

    /// Creates a case.
    public init(name: String, payload: ComponentValueType? = nil) {
        self.name = name
        self.payload = payload
    }
}
