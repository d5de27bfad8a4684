import Wasmtime

/// The conversion layer of the generated code: one `lift…`/`lower…` pair
/// per Swift type, between it and the dynamic ``ComponentValue`` that
/// ``ComponentFunc/call(_:)`` and ``ComponentLinker/defineFunction(_:body:)``
/// take. Everything else the generator emits calls conversions only
/// through ``liftCall(_:_:near:hint:)`` and ``lowerCall(_:_:near:hint:)``,
/// so this layer can be replaced by one over the typed component API.
struct DynamicConversions {
    /// The helpers emitted so far, in order, keyed by their Swift type.
    private var helpers: [String: String] = [:]
    private var order: [String] = []
    private var bodies: [String: [String]] = [:]
    init() {}

    /// An expression lifting `value` (a `ComponentValue` expression) to the Swift type of `type`.
    mutating func liftCall(
        _ value: String, _ type: ComponentValueType, near interface: String?, hint: String, context: String,
        prefix: String, mapper: inout TypeMapper
    ) -> String {
        "try \(prefix).lift\(helper(type, near: interface, hint: hint, mapper: &mapper))(\(value), \(context))"
    }

    /// An expression lowering the Swift `value` of `type` to a `ComponentValue`;
    /// one that holds host objects makes their handles with `functions`
    /// (the exports' `Functions`).
    mutating func lowerCall(
        _ value: String, _ type: ComponentValueType, near interface: String?, hint: String, prefix: String,
        functions: String = "functions", mapper: inout TypeMapper
    ) -> String {
        let name = helper(type, near: interface, hint: hint, mapper: &mapper)
        if Generator.holdsHostResource(type, mapper: mapper) {
            return "try \(prefix).lower\(name)(\(value), \(functions))"
        }
        return "\(prefix).lower\(name)(\(value))"
    }

    /// The suffix of the helper pair for `type`, emitting it (and those it uses) on first use.
    private mutating func helper(
        _ type: ComponentValueType, near interface: String?, hint: String, mapper: inout TypeMapper
    ) -> String {
        // A host resource is the host's object (only exports use these helpers for them).
        let swiftType = mapper.swiftType(type, near: interface, hint: hint, host: Generator.existential)
        if let name = helpers[swiftType] { return name }
        let name: String
        switch type {
        case .record, .variant, .enum, .flags, .own, .borrow:
            name = Self.helperSuffix(swiftType)
        default:
            name = Self.scalarSuffix(type) ?? "\(order.count)"
        }
        helpers[swiftType] = name
        order.append(swiftType)
        bodies[swiftType] = body(type, swiftType: swiftType, name: name, near: interface, hint: hint, mapper: &mapper)
        return name
    }

    private static func scalarSuffix(_ type: ComponentValueType) -> String? {
        switch type {
        case .bool: "Bool"
        case .s8: "S8"
        case .s16: "S16"
        case .s32: "S32"
        case .s64: "S64"
        case .u8: "U8"
        case .u16: "U16"
        case .u32: "U32"
        case .u64: "U64"
        case .f32: "F32"
        case .f64: "F64"
        case .char: "Char"
        case .string: "String"
        case .list(.u8): "Bytes"
        default: nil
        }
    }

    private static func helperSuffix(_ swiftType: String) -> String {
        // `any ItemProtocol` (a host object): `AnyItemProtocol`.
        let name = swiftType.hasPrefix("any ") ? "Any" + swiftType.dropFirst(4) : swiftType
        return String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The two functions for one Swift type.
    private mutating func body(
        _ type: ComponentValueType, swiftType: String, name: String, near interface: String?, hint: String,
        mapper: inout TypeMapper
    ) -> [String] {
        var lift: [String] = []
        var lower: [String] = []
        let expected = Self.literal(Self.expectedName(type))
        func nested(_ inner: ComponentValueType, _ innerHint: String) -> String {
            helper(inner, near: interface, hint: innerHint, mapper: &mapper)
        }
        let holdsHost = Generator.holdsHostResource(type, mapper: mapper)
        /// A call of the lowering helper `inner` (of `innerType`) on `argument`.
        func low(_ inner: String, _ innerType: ComponentValueType, _ argument: String) -> String {
            Generator.holdsHostResource(innerType, mapper: mapper)
                ? "try lower\(inner)(\(argument), functions)" : "lower\(inner)(\(argument))"
        }
        let mapTry = holdsHost ? "try " : ""
        switch type {
        case .bool, .s8, .s16, .s32, .s64, .u8, .u16, .u32, .u64, .f32, .f64, .char, .string:
            let kind = String(describing: type)
            lift = [
                "guard case .\(kind)(let payload) = value else { throw mismatch(\(expected), value) }",
                "return payload",
            ]
            lower = [".\(kind)(value)"]
        case .list(.u8):
            lift = ["guard let bytes = value.bytes else { throw mismatch(\(expected), value) }", "return bytes"]
            lower = [".bytes(value)"]
        case .list(let element):
            let inner = nested(element, hint + "-element")
            lift = [
                "guard case .list(let elements) = value else { throw mismatch(\(expected), value) }",
                "return try elements.map { try lift\(inner)($0, context) }",
            ]
            lower = [".list(\(mapTry)value.map { \(low(inner, element, "$0")) })"]
        case .option(let element):
            let inner = nested(element, hint)
            lift = [
                "guard case .option(let payload) = value else { throw mismatch(\(expected), value) }",
                "return try payload.map { try lift\(inner)($0, context) }",
            ]
            lower = [".option(\(mapTry)value.map { \(low(inner, element, "$0")) })"]
        case .tuple(let types):
            let inner = types.enumerated().map { nested($1, "\(hint)-\($0)") }
            let lifted = inner.enumerated().map { "try lift\($1)(elements[\($0)], context)" }
            lift = [
                "guard case .tuple(let elements) = value, elements.count == \(types.count) else {",
                "    throw mismatch(\(expected), value)",
                "}",
            ]
            switch mapper.typed ? -1 : types.count {
            case -1:
                lift.append("return Wasmtime.ComponentTuple(\(lifted.joined(separator: ", ")))")
                lower = [
                    ".tuple([\(inner.enumerated().map { low($1, types[$0], "value.elements.\($0)") }.joined(separator: ", "))])"
                ]
            case 0:
                lift.append("return ()")
                lower = [".tuple([])"]
            case 1:
                lift.append("return \(lifted[0])")
                lower = [".tuple([lower\(inner[0])(value)])"]
            default:
                lift.append("return (\(lifted.joined(separator: ", ")))")
                lower = [".tuple([\(inner.enumerated().map { "lower\($1)(value.\($0))" }.joined(separator: ", "))])"]
            }
        case .result(let ok, let error):
            let okHelper = ok.map { nested($0, hint + "-ok") }
            let errorType = mapper.errorType(error, near: interface, hint: hint + "-error")
            let errorHelper = error.map { nested($0, hint + "-error") }
            let wraps = errorType.hasPrefix("ErrorValue<") || errorType.hasPrefix("Wasmtime.ComponentError<")
            let wrapper = mapper.typed ? "Wasmtime.ComponentError" : "ErrorValue"
            let unit = mapper.typed ? "Wasmtime.ComponentUnit()" : "()"
            let unitError = mapper.typed ? "Wasmtime.ComponentUnit()" : "UnitError()"
            lift = ["switch value {"]
            if let okHelper {
                lift += [
                    "case .ok(let payload?): return .success(try lift\(okHelper)(payload, context))"
                ]
            } else {
                lift += ["case .ok(Swift.Optional<Wasmtime.ComponentValue>.none): return .success(\(unit))"]
            }
            if let errorHelper {
                let lifted = "try lift\(errorHelper)(payload, context)"
                lift += ["case .err(let payload?): return .failure(\(wraps ? "\(wrapper)(\(lifted))" : lifted))"]
            } else {
                lift += ["case .err(Swift.Optional<Wasmtime.ComponentValue>.none): return .failure(\(unitError))"]
            }
            lift += ["default: throw mismatch(\(expected), value)", "}"]
            lower = [
                "switch value {",
                okHelper.map { "case .success(let payload): .ok(\(low($0, ok!, "payload")))" }
                    ?? "case .success: .ok(nil)",
                errorHelper.map {
                    "case .failure(let error): .err(\(low($0, error!, "error" + (wraps ? (mapper.typed ? ".payload" : ".value") : ""))))"
                }
                    ?? "case .failure: .err(nil)",
                "}",
            ]
        case .map(let key, let valueType):
            let keyHelper = nested(key, hint + "-key")
            let valueHelper = nested(valueType, hint + "-value")
            lift = [
                "guard case .map(let entries) = value else { throw mismatch(\(expected), value) }",
                "var result: \(swiftType) = [:]",
                "for entry in entries {",
                "    result[try lift\(keyHelper)(entry.key, context)] = try lift\(valueHelper)(entry.value, context)",
                "}",
                "return result",
            ]
            lower = [".map(value.map { .init(lower\(keyHelper)($0.key), lower\(valueHelper)($0.value)) })"]
        case .record(let fields):
            let names = Self.memberNames(fields.map(\.name))
            let inner = fields.map { nested($0.type, swiftType + "-" + $0.name) }
            lift = [
                "guard case .record(let fields) = value, fields.count == \(fields.count) else {",
                "    throw mismatch(\(expected), value)",
                "}",
                "return \(swiftType)(",
            ]
            for (index, field) in names.enumerated() {
                lift.append(
                    "    \(SwiftNames.argumentLabel(field.label)): try lift\(inner[index])(fields[\(index)].value, context)"
                        + (index == fields.count - 1 ? "" : ","))
            }
            lift.append(")")
            lower = [".record(["]
            for (index, field) in fields.enumerated() {
                lower.append(
                    "    .init(\(Self.literal(field.name)), \(low(inner[index], field.type, "value.\(names[index].member)"))),"
                )
            }
            lower.append("])")
        case .variant(let cases):
            let names = Self.memberNames(cases.map(\.name))
            lift = [
                "guard case .variant(let name, let payload) = value else { throw mismatch(\(expected), value) }",
                "switch (name, payload) {",
            ]
            lower = ["switch value {"]
            for (index, item) in cases.enumerated() {
                let member = names[index].member
                if let payload = item.payload {
                    let inner = nested(payload, swiftType + "-" + item.name)
                    lift.append(
                        "case (\(Self.literal(item.name)), let payload?): return .\(member)(try lift\(inner)(payload, context))"
                    )
                    lower.append(
                        "case .\(member)(let payload): .variant(\(Self.literal(item.name)), \(low(inner, payload, "payload")))"
                    )
                } else {
                    lift.append(
                        "case (\(Self.literal(item.name)), Swift.Optional<Wasmtime.ComponentValue>.none): return .\(member)"
                    )
                    lower.append("case .\(member): .variant(\(Self.literal(item.name)), nil)")
                }
            }
            lift += ["default: throw mismatch(\(expected), value)", "}"]
            lower.append("}")
        case .enum(let cases):
            let names = Self.memberNames(cases)
            lift = [
                "guard case .enum(let name) = value else { throw mismatch(\(expected), value) }",
                "switch name {",
            ]
            lower = ["switch value {"]
            for (index, item) in cases.enumerated() {
                lift.append("case \(Self.literal(item)): return .\(names[index].member)")
                lower.append("case .\(names[index].member): .enum(\(Self.literal(item)))")
            }
            lift += ["default: throw mismatch(\(expected), value)", "}"]
            lower.append("}")
        case .flags(let flags):
            let names = Self.memberNames(flags)
            lift = [
                "guard case .flags(let names) = value else { throw mismatch(\(expected), value) }",
                "var result: \(swiftType) = []",
                "for name in names {",
                "    switch name {",
            ]
            for (index, flag) in flags.enumerated() {
                lift.append("    case \(Self.literal(flag)): result.insert(.\(names[index].member))")
            }
            lift += ["    default: throw mismatch(\(expected), value)", "    }", "}", "return result"]
            lower = ["var names: [Swift.String] = []"]
            for (index, flag) in flags.enumerated() {
                lower.append("if value.contains(.\(names[index].member)) { names.append(\(Self.literal(flag))) }")
            }
            lower.append("return .flags(names)")
        case .own(let resource), .borrow(let resource):
            if let host = mapper.hostResource(resource) {
                lift = [
                    "guard case .resource(let handle) = value,",
                    "    let object = try Wasmtime.HostBorrowed<Swift.AnyObject>(handle).object as? \(swiftType)",
                    "else { throw mismatch(\(Self.literal("a host `\(host.witName)`")), value) }",
                    "return object",
                ]
                lower = [".resource(try functions._handle\(host.swiftName)(value))"]
            } else if mapper.resource(resource) != nil {
                lift = [
                    "guard case .resource(let handle) = value else { throw mismatch(\(expected), value) }",
                    "return try \(swiftType)(lifting: handle, context)",
                ]
                lower = [".resource(value.handle)"]
            } else {
                lift = [
                    "guard case .resource(let handle) = value else { throw mismatch(\(expected), value) }",
                    "return handle",
                ]
                lower = [".resource(value)"]
            }
        case .future, .stream, .errorContext, .fixedLengthList:
            lift = ["throw mismatch(\(expected), value)"]
            lower = ["fatalError(\"unsupported\")"]
        }
        let qualified = swiftType
        var lines = [
            "",
            "static func lift\(name)(_ value: Wasmtime.ComponentValue, _ context: Swift.AnyObject?) throws -> \(qualified) {",
        ]
        lines += lift.map { "    " + $0 }
        lines += [
            "}", "",
            holdsHost
                ? "static func lower\(name)(_ value: \(qualified), _ functions: Exports.Functions) throws -> Wasmtime.ComponentValue {"
                : "static func lower\(name)(_ value: \(qualified)) -> Wasmtime.ComponentValue {",
        ]
        lines += lower.map { "    " + $0 }
        lines.append("}")
        return lines
    }

    /// The helpers, in the order they were first used.
    func emit(into writer: inout SourceWriter) {
        for swiftType in order {
            for line in bodies[swiftType] ?? [] { writer.line(line) }
        }
    }

    /// The type's WIT spelling for mismatch messages.
    private static func expectedName(_ type: ComponentValueType) -> String {
        "\(type)"
    }

    /// A Swift string literal for `text`.
    static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Member names for WIT labels: each unique, in order (the same rule as the declarations).
    static func memberNames(_ labels: [String]) -> [(member: String, label: String)] {
        var scope = NameScope(reserved: MemberNames.reserved)
        return labels.map { label in
            let name = scope.claim(SwiftNames.lowerCamel(label))
            return (SwiftNames.escaped(name), SwiftNames.escaped(name))
        }
    }
}

/// Rules for member names (fields, cases, flags, functions, parameters).
enum MemberNames {
    /// Names a member cannot take even with backticks, or that would hide
    /// something the generated code uses.
    static let reserved: Set<String> = ["self", "Self", "init", "deinit", "subscript", "Type", "Protocol", "rawValue"]
}
