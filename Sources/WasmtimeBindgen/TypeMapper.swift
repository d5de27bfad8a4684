import Wasmtime

/// Gives every record, variant, enum, flags and resource a Swift name and
/// maps every component type to the Swift type that carries it.
///
/// Component types are structural: a function's parameter is a `record`,
/// not "the record `point`". The names come from the component's type
/// exports (`(export "point" (type …))`, which every WIT-built component
/// has); a function's type is matched to the declaration with the same
/// structure, preferring one of its own interface. A structure declared
/// twice under one name (an interface that `use`s another's type) becomes
/// one Swift type.
struct TypeMapper {
    /// A Swift declaration to emit for a named type.
    struct Declaration {
        var swiftName: String
        var witName: String
        var type: ComponentValueType
        /// Where it was declared, for the doc comment.
        var interface: String?
    }

    /// A guest resource handle to emit.
    struct Resource {
        var swiftName: String
        var witName: String
        var type: ComponentResourceType
        var interface: String?
    }

    /// A resource the component imports: the host implements it in Swift.
    struct HostResource {
        /// The associated type of the interface's protocol (`Counter`).
        var swiftName: String
        /// The protocol its objects implement (`CounterProtocol`).
        var protocolName: String
        var witName: String
        var type: ComponentResourceType
        var interface: String?
    }

    private(set) var declarations: [Declaration] = []
    private(set) var resources: [Resource] = []
    private(set) var hostResources: [HostResource] = []
    /// Per declaration index: every interface that names it, for lookups by interface.
    private var aliases: [(interface: String?, index: Int)] = []
    /// The top-level name scope of the generated namespace.
    var scope: NameScope
    /// Whether the generated code uses ``BindgenRuntime`` helper types.
    private(set) var usesUnitError = false
    private(set) var usesErrorValue = false

    /// Whether the Swift types are those of the typed component API
    /// (`ComponentTuple`, `ComponentUnit`, `ComponentError`) rather than
    /// Swift tuples and the generated `UnitError`/`ErrorValue`.
    let typed: Bool

    init(scope: NameScope, typed: Bool = false) {
        self.scope = scope
        self.typed = typed
    }

    /// Registers the named types of `model`, in order.
    mutating func register(_ types: [WorldModel.NamedType]) {
        for named in types {
            switch named.type {
            case .record, .variant, .enum, .flags: break
            default: continue  // aliases of lists, options, …: their Swift type needs no name
            }
            if let existing = declarations.firstIndex(where: { $0.witName == named.witName && $0.type == named.type }) {
                aliases.append((named.interface, existing))
                continue
            }
            let preferred = SwiftNames.upperCamel(named.witName)
            let fallback = named.interface.map { SwiftNames.upperCamel(SwiftNames.interfaceName($0)) + preferred }
            let swiftName = scope.claim(preferred, fallback: fallback)
            declarations.append(
                Declaration(swiftName: swiftName, witName: named.witName, type: named.type, interface: named.interface))
            aliases.append((named.interface, declarations.count - 1))
        }
    }

    /// Registers the resources the component exports.
    mutating func register(resources list: [(name: String, type: ComponentResourceType)], in interface: String?) {
        for (name, type) in list where !resources.contains(where: { $0.type == type }) {
            let preferred = SwiftNames.upperCamel(name)
            let fallback = interface.map { SwiftNames.upperCamel(SwiftNames.interfaceName($0)) + preferred }
            resources.append(
                Resource(
                    swiftName: scope.claim(preferred, fallback: fallback), witName: name, type: type,
                    interface: interface))
        }
    }

    /// Registers the resources the component imports. Their associated
    /// types share one scope with the generated types: the `Imports`
    /// protocol inherits every interface's protocol, so two `counter`s of
    /// two interfaces need two names.
    mutating func register(hostResources list: [(name: String, type: ComponentResourceType)], in interface: String?) {
        for (name, type) in list where !hostResources.contains(where: { $0.type == type }) {
            let preferred = SwiftNames.upperCamel(name)
            let fallback = interface.map { SwiftNames.upperCamel(SwiftNames.interfaceName($0)) + preferred }
            let swiftName = scope.claim(preferred, fallback: fallback)
            hostResources.append(
                HostResource(
                    swiftName: swiftName, protocolName: scope.claim(swiftName + "Protocol"), witName: name,
                    type: type, interface: interface))
        }
    }

    /// The host resource for `type`, if the component imports it.
    func hostResource(_ type: ComponentResourceType) -> HostResource? {
        hostResources.first { $0.type == type }
    }

    /// The host resource an `own` or `borrow` handle of `type` refers to.
    func hostResource(of type: ComponentValueType) -> HostResource? {
        switch type {
        case .own(let resource), .borrow(let resource): hostResource(resource)
        default: nil
        }
    }

    /// The resource handle type for `type`.
    func resource(_ type: ComponentResourceType) -> Resource? {
        resources.first { $0.type == type }
    }

    /// The declaration for a record/variant/enum/flags structure, preferring
    /// one named in `interface`; registers an anonymous one under `hint`.
    mutating func declarationName(for type: ComponentValueType, near interface: String?, hint: String) -> String {
        let matches = aliases.filter { declarations[$0.index].type == type }
        if let match = matches.first(where: { $0.interface == interface }) ?? matches.first {
            return declarations[match.index].swiftName
        }
        let swiftName = scope.claim(SwiftNames.upperCamel(hint))
        declarations.append(Declaration(swiftName: swiftName, witName: hint, type: type, interface: interface))
        aliases.append((interface, declarations.count - 1))
        return swiftName
    }

    /// `type` in WIT syntax with the names of its declarations (`list<point>`,
    /// `borrow<counter>`), for doc comments.
    func witDescription(_ type: ComponentValueType, near interface: String?) -> String {
        func named(_ type: ComponentValueType) -> String? {
            let matches = aliases.filter { declarations[$0.index].type == type }
            return (matches.first { $0.interface == interface } ?? matches.first).map { declarations[$0.index].witName }
        }
        func wit(_ type: ComponentValueType) -> String {
            switch type {
            case .record, .variant, .enum, .flags: return named(type) ?? type.description
            case .own(let resource):
                return self.resource(resource)?.witName ?? hostResource(resource)?.witName ?? type.description
            case .borrow(let resource):
                return (self.resource(resource)?.witName ?? hostResource(resource)?.witName).map { "borrow<\($0)>" }
                    ?? type.description
            case .list(let element): return "list<\(wit(element))>"
            case .option(let element): return "option<\(wit(element))>"
            case .tuple(let types): return "tuple<\(types.map(wit).joined(separator: ", "))>"
            case .map(let key, let value): return "map<\(wit(key)), \(wit(value))>"
            case .result(let ok, let error):
                switch (ok, error) {
                case (nil, nil): return "result"
                case (let ok?, nil): return "result<\(wit(ok))>"
                case (nil, let error?): return "result<_, \(wit(error))>"
                case (let ok?, let error?): return "result<\(wit(ok)), \(wit(error))>"
                }
            default: return type.description
            }
        }
        return wit(type)
    }

    /// A function's signature in WIT syntax, with declaration names.
    func witDescription(_ function: ComponentFuncType, near interface: String?) -> String {
        let parameters = function.parameters.map { "\($0.name): \(witDescription($0.type, near: interface))" }
        return "func(\(parameters.joined(separator: ", ")))"
            + (function.result.map { " -> \(witDescription($0, near: interface))" } ?? "")
    }

    /// Throws if `type` holds a kind no Swift value can carry; `context`
    /// names the function and parameter for the message.
    static func checkSupported(_ type: ComponentValueType, context: String) throws(BindgenError) {
        func fail(_ what: ComponentValueType) -> BindgenError {
            BindgenError(
                .unsupported,
                "\(context) has type `\(type)`, which holds `\(what)`: "
                    + "future, stream, error-context and fixed-length list values cannot cross Wasmtime 50's C API")
        }
        switch type {
        case .future, .stream, .errorContext, .fixedLengthList: throw fail(type)
        case .list(let element), .option(let element):
            try checkSupported(element, context: context)
        case .record(let fields):
            for field in fields { try checkSupported(field.type, context: context) }
        case .tuple(let types):
            for element in types { try checkSupported(element, context: context) }
        case .variant(let cases):
            for item in cases { if let payload = item.payload { try checkSupported(payload, context: context) } }
        case .result(let ok, let error):
            if let ok { try checkSupported(ok, context: context) }
            if let error { try checkSupported(error, context: context) }
        case .map(let key, let value):
            try checkSupported(key, context: context)
            try checkSupported(value, context: context)
        default:
            return
        }
    }

    /// The Swift type carrying `type`; `hint` names anonymous declarations.
    /// `host` spells a handle of a host resource (by default the handle,
    /// `Wasmtime.ComponentResource`).
    mutating func swiftType(
        _ type: ComponentValueType, near interface: String?, hint: String, host: ((HostResource) -> String)? = nil
    ) -> String {
        switch type {
        case .bool: return "Swift.Bool"
        case .s8: return "Swift.Int8"
        case .s16: return "Swift.Int16"
        case .s32: return "Swift.Int32"
        case .s64: return "Swift.Int64"
        case .u8: return "Swift.UInt8"
        case .u16: return "Swift.UInt16"
        case .u32: return "Swift.UInt32"
        case .u64: return "Swift.UInt64"
        case .f32: return "Swift.Float"
        case .f64: return "Swift.Double"
        case .char: return "Swift.Unicode.Scalar"
        case .string: return "Swift.String"
        case .list(let element):
            return "[\(swiftType(element, near: interface, hint: hint + "-element", host: host))]"
        case .option(let element):
            let wrapped = swiftType(element, near: interface, hint: hint, host: host)
            return wrapped.hasPrefix("any ") ? "(\(wrapped))?" : "\(wrapped)?"
        case .tuple(let types):
            let elements = types.enumerated().map {
                swiftType($1, near: interface, hint: "\(hint)-\($0)", host: host)
            }
            if typed { return "Wasmtime.ComponentTuple<\(elements.joined(separator: ", "))>" }
            if types.isEmpty { return "Swift.Void" }
            return types.count == 1 ? elements[0] : "(\(elements.joined(separator: ", ")))"
        case .result(let ok, let error):
            let okType =
                ok.map { swiftType($0, near: interface, hint: hint + "-ok", host: host) }
                ?? (typed ? "Wasmtime.ComponentUnit" : "Swift.Void")
            return
                "Swift.Result<\(okType), \(errorType(error, near: interface, hint: hint + "-error", host: host))>"
        case .map(let key, let value):
            return
                "[\(swiftType(key, near: interface, hint: hint + "-key", host: host)): \(swiftType(value, near: interface, hint: hint + "-value", host: host))]"
        case .record, .variant, .enum, .flags:
            let name = declarationName(for: type, near: interface, hint: hint)
            // Nested types get their names now, so every declaration exists before emission.
            registerMembers(of: type, near: interface, owner: name)
            return name
        case .own(let resource), .borrow(let resource):
            if let host, let hostResource = hostResource(resource) { return host(hostResource) }
            return self.resource(resource)?.swiftName ?? "Wasmtime.ComponentResource"
        case .future, .stream, .errorContext, .fixedLengthList:
            return "Swift.Never"  // rejected by checkSupported before emission
        }
    }

    /// The `Failure` of a `Result`: generated types are errors themselves;
    /// other payloads are wrapped in `ErrorValue`, a missing one is `UnitError`.
    mutating func errorType(
        _ type: ComponentValueType?, near interface: String?, hint: String, host: ((HostResource) -> String)? = nil
    ) -> String {
        guard let type else {
            if typed { return "Wasmtime.ComponentUnit" }
            usesUnitError = true
            return "UnitError"
        }
        switch type {
        case .record, .variant, .enum, .flags:
            let name = swiftType(type, near: interface, hint: hint)
            errorConformances.insert(name)
            return name
        default:
            if typed { return "Wasmtime.ComponentError<\(swiftType(type, near: interface, hint: hint, host: host))>" }
            usesErrorValue = true
            return "ErrorValue<\(swiftType(type, near: interface, hint: hint))>"
        }
    }

    /// Generated types that also conform to `Error` (they are a result's error side).
    private(set) var errorConformances: Set<String> = []

    private mutating func registerMembers(of type: ComponentValueType, near interface: String?, owner: String) {
        switch type {
        case .record(let fields):
            for field in fields { _ = swiftType(field.type, near: interface, hint: owner + "-" + field.name) }
        case .variant(let cases):
            for item in cases {
                if let payload = item.payload { _ = swiftType(payload, near: interface, hint: owner + "-" + item.name) }
            }
        default:
            return
        }
    }

    /// Whether values of `type` can be `Equatable` and `Hashable`
    /// (tuples, `Void` and resource handles cannot).
    func isHashable(_ type: ComponentValueType) -> Bool {
        switch type {
        case .bool, .s8, .s16, .s32, .s64, .u8, .u16, .u32, .u64, .f32, .f64, .char, .string, .enum, .flags:
            return true
        case .list(let element), .option(let element):
            return isHashable(element)
        case .tuple:
            return false
        case .record(let fields):
            return fields.allSatisfy { isHashable($0.type) }
        case .variant(let cases):
            return cases.allSatisfy { $0.payload.map(isHashable) ?? true }
        case .result(let ok, let error):
            // `Void` on the ok side makes the `Result` neither (`ComponentUnit` is both).
            return (ok.map(isHashable) ?? typed) && (error.map(isHashable) ?? true)
        case .map(let key, let value):
            return isHashable(key) && isHashable(value)
        case .own, .borrow, .future, .stream, .errorContext, .fixedLengthList:
            return false
        }
    }

    /// Whether `type` holds a resource handle anywhere.
    static func holdsResource(_ type: ComponentValueType) -> Bool {
        switch type {
        case .own, .borrow: return true
        case .list(let element), .option(let element): return holdsResource(element)
        case .tuple(let types): return types.contains(where: holdsResource)
        case .record(let fields): return fields.contains { holdsResource($0.type) }
        case .variant(let cases): return cases.contains { $0.payload.map(holdsResource) ?? false }
        case .result(let ok, let error): return (ok.map(holdsResource) ?? false) || (error.map(holdsResource) ?? false)
        case .map(let key, let value): return holdsResource(key) || holdsResource(value)
        default: return false
        }
    }

    /// Whether values of `type` are `Sendable` (resource handles are not:
    /// they hold the instance's functions, which belong to one store).
    func isSendable(_ type: ComponentValueType) -> Bool {
        switch type {
        case .own, .borrow: return false
        case .list(let element), .option(let element): return isSendable(element)
        case .tuple(let types): return types.allSatisfy(isSendable)
        case .record(let fields): return fields.allSatisfy { isSendable($0.type) }
        case .variant(let cases): return cases.allSatisfy { $0.payload.map(isSendable) ?? true }
        case .result(let ok, let error): return (ok.map(isSendable) ?? true) && (error.map(isSendable) ?? true)
        case .map(let key, let value): return isSendable(key) && isSendable(value)
        default: return true
        }
    }
}
