import Wasmtime

/// Emits the bindings file for one ``WorldModel``.
struct Generator {
    /// An exported function with the stored property that holds it.
    struct ExportedFunction {
        var function: WorldModel.Function
        var interface: String?
        /// Its stored property in `Exports.Functions` (`f0`, …).
        var storage: String
    }

    /// Whether generated code calls through the typed component API
    /// (conversion protocols, `TypedComponentFunc`, typed host functions) by
    /// default; the dynamic `ComponentValue` layer remains for functions whose
    /// types hold resource handles.
    static let typedAPIAvailable = true

    let model: WorldModel
    /// Whether this file calls through the typed component API.
    let typed: Bool
    let options: BindgenOptions
    var mapper: TypeMapper
    var conversions = DynamicConversions()
    /// `public ` or empty.
    let access: String
    let namespace: String
    /// Swift names of the exported interfaces' wrapper structs and properties, by WIT name.
    var exportedInterfaceNames: [String: (type: String, property: String)] = [:]
    /// Swift names of the imported interfaces' protocols, by WIT name.
    var importedInterfaceNames: [String: String] = [:]
    var exported: [ExportedFunction] = []
    /// The local functions of `define` that convert values holding host
    /// objects, by the direction and the Swift type they convert.
    var hostHelperNames: [String: String] = [:]
    var hostHelperLines: [String] = []
    /// The host resources whose type `define` needs (to make handles of results).
    var hostTypesNeeded: Set<String> = []

    init(model: WorldModel, options: BindgenOptions) throws(BindgenError) {
        self.model = model
        self.options = options
        namespace = SwiftNames.upperCamel(options.typeName)
        access = options.access == .public ? "public " : ""
        typed = options.typedCalls ?? Self.typedAPIAvailable
        mapper = TypeMapper(
            scope: NameScope(
                reserved: SwiftNames.reservedTypeNames.union([
                    "UnitError", "ErrorValue", "Functions", "HostObjects", "HostValue", "HostResources", namespace,
                ])),
            typed: typed)
        try checkSupported()
        nameInterfaces()
        for interface in model.exports { mapper.register(resources: interface.resources, in: interface.name) }
        for interface in model.imports { mapper.register(hostResources: interface.resources, in: interface.name) }
        mapper.register(model.types)
        try checkHostResources()
        resolveTypes()
    }

    // MARK: - Preparation

    private func checkSupported() throws(BindgenError) {
        for interface in model.exports + model.imports {
            for function in interface.functions {
                if function.type.isAsync {
                    throw BindgenError(
                        .unsupported,
                        "function `\(function.qualifiedName)` is a component-model async function, "
                            + "which Wasmtime 50's C API cannot call")
                }
                for (type, place) in Self.placedTypes(of: function) {
                    try TypeMapper.checkSupported(type, context: "function `\(function.qualifiedName)` \(place)")
                }
            }
        }
    }

    /// Host resources cross as Swift objects in imported functions, directly
    /// or inside lists, options, results, tuples, records and variants, in
    /// every interface (also one that `use`s another's resource), and only
    /// through the typed API.
    private func checkHostResources() throws(BindgenError) {
        guard !mapper.hostResources.isEmpty else { return }
        guard typed else {
            throw BindgenError(.unsupported, "host-implemented resources need the typed component API")
        }
        for interface in model.imports {
            for function in interface.functions {
                for (type, place) in Self.placedTypes(of: function) {
                    let context = "imported function `\(function.qualifiedName)` \(place)"
                    if case .borrow = type, mapper.hostResource(of: type) != nil, place == "result" {
                        throw BindgenError(.unsupported, "\(context) is a borrow, which a function cannot return")
                    }
                    if Self.mapHoldsHostResource(type, mapper: mapper) {
                        throw BindgenError(
                            .unsupported,
                            "\(context) has type `\(mapper.witDescription(type, near: interface.name))`: bindgen "
                                + "supports no host resources in a `map`")
                    }
                }
            }
        }
        for interface in model.exports {
            for function in interface.functions {
                for (type, place) in Self.placedTypes(of: function)
                where Self.mapHoldsHostResource(type, mapper: mapper) {
                    throw BindgenError(
                        .unsupported,
                        "exported function `\(function.qualifiedName)` \(place) has type "
                            + "`\(mapper.witDescription(type, near: interface.name))`: bindgen supports no host "
                            + "resources in a `map`")
                }
            }
        }
    }

    /// A function's parameter and result types, each with how a message names its place.
    private static func placedTypes(of function: WorldModel.Function) -> [(type: ComponentValueType, place: String)] {
        function.type.parameters.map { ($0.type, "parameter `\($0.name)`") }
            + (function.type.result.map { [($0, "result")] } ?? [])
    }

    /// A function's parameter types, then its result type.
    private static func valueTypes(of type: ComponentFuncType) -> [ComponentValueType] {
        type.parameters.map(\.type) + (type.result.map { [$0] } ?? [])
    }

    /// `type` and every type inside it, depth first in declaration order.
    private static func nestedTypes(_ type: ComponentValueType) -> [ComponentValueType] {
        let inner: [ComponentValueType]
        switch type {
        case .list(let element), .option(let element), .fixedLengthList(let element): inner = [element]
        case .tuple(let types): inner = types
        case .record(let fields): inner = fields.map(\.type)
        case .variant(let cases): inner = cases.compactMap(\.payload)
        case .result(let ok, let error): inner = [ok, error].compactMap { $0 }
        case .future(let payload), .stream(let payload): inner = payload.map { [$0] } ?? []
        case .map(let key, let value): inner = [key, value]
        default: inner = []
        }
        return [type] + inner.flatMap(nestedTypes)
    }

    /// The resource types of the handles (`own` and `borrow`) inside `type`, in the order Wasmtime prints them.
    private static func handles(in type: ComponentValueType) -> [ComponentResourceType] {
        nestedTypes(type).compactMap {
            switch $0 {
            case .own(let resource), .borrow(let resource): resource
            default: nil
            }
        }
    }

    /// Whether `type` holds a `map` that holds a host resource.
    private static func mapHoldsHostResource(_ type: ComponentValueType, mapper: TypeMapper) -> Bool {
        nestedTypes(type).contains {
            if case .map = $0 { holdsHostResource($0, mapper: mapper) } else { false }
        }
    }

    /// How a record's field or a variant's payload spells a host resource:
    /// any object of its protocol (a generated type knows no host class).
    static func existential(_ resource: TypeMapper.HostResource) -> String {
        "any \(resource.protocolName)"
    }

    /// Whether `type` holds a handle of a host resource anywhere.
    static func holdsHostResource(_ type: ComponentValueType, mapper: TypeMapper) -> Bool {
        handles(in: type).contains { mapper.hostResource($0) != nil }
    }

    private mutating func nameInterfaces() {
        var exportScope = NameScope(reserved: MemberNames.reserved.union(["instance", "functions"]))
        for function in model.exports.first(where: { $0.name == nil })?.functions ?? [] where function.role == .free {
            _ = exportScope.claim(SwiftNames.lowerCamel(function.witName))
        }
        for interface in model.exports {
            guard let name = interface.name else { continue }
            let base = SwiftNames.interfaceName(name)
            let fallback = SwiftNames.upperCamel(SwiftNames.packageName(name) + "-" + base)
            let type = mapper.scope.claim(SwiftNames.upperCamel(base), fallback: fallback)
            let property = exportScope.claim(
                SwiftNames.lowerCamel(base), fallback: SwiftNames.lowerCamel(SwiftNames.packageName(name) + "-" + base))
            exportedInterfaceNames[name] = (type, property)
        }
        for interface in model.imports {
            guard let name = interface.name else { continue }
            let base = SwiftNames.interfaceName(name)
            let fallback = SwiftNames.upperCamel(SwiftNames.packageName(name) + "-" + base)
            importedInterfaceNames[name] = mapper.scope.claim(SwiftNames.upperCamel(base), fallback: fallback)
        }
        var index = 0
        for interface in model.exports {
            for function in interface.functions {
                exported.append(ExportedFunction(function: function, interface: interface.name, storage: "f\(index)"))
                index += 1
            }
        }
    }

    /// Gives every type a function or declaration uses its Swift name before anything is emitted.
    private mutating func resolveTypes() {
        for interface in model.exports + model.imports {
            for function in interface.functions {
                let hint = SwiftNames.upperCamel(function.witName)
                for parameter in function.type.parameters {
                    _ = mapper.swiftType(parameter.type, near: interface.name, hint: hint + "-" + parameter.name)
                }
                if let result = function.type.result {
                    _ = mapper.swiftType(result, near: interface.name, hint: hint + "-result")
                }
            }
        }
        var index = 0
        while index < mapper.declarations.count {
            let declaration = mapper.declarations[index]
            _ = mapper.swiftType(declaration.type, near: declaration.interface, hint: declaration.swiftName)
            index += 1
        }
    }

    // MARK: - Emission

    mutating func emit() throws(BindgenError) -> String {
        var body = SourceWriter()
        try emitDeclarations(into: &body)
        try emitResources(into: &body)
        if !model.exports.isEmpty { try emitExports(into: &body) }
        if !model.imports.isEmpty { try emitImportProtocols(into: &body) }
        if !mapper.hostResources.isEmpty { try emitHostObjects(into: &body) }
        if returnsNestedHostObjects { try emitHostValue(into: &body) }
        if exportsTakeHostObjects { try emitHostResources(into: &body) }
        var linker = SourceWriter()
        if !model.imports.isEmpty { try emitDefine(into: &linker) }
        // The conversions come last: emitting the rest decides which are needed.
        var helpers = SourceWriter()
        try emitConversions(into: &helpers)

        var file = SourceWriter()
        file.line(
            "// Generated by `wasmtime-swift bindgen`\(options.sourceName.map { " from \($0)" } ?? ""). Do not edit.")
        file.line("// swift-format-ignore-file")
        file.line()
        file.line("import Wasmtime")
        file.line()
        var world = "Typed bindings for the component"
        world += options.sourceName.map { " `\($0)`" } ?? ""
        world += ": its types, its exports (``Exports``)"
        world +=
            model.imports.isEmpty ? "." : " and its imports (``Imports``, defined with `ComponentLinker.define(_:)`)."
        if !model.wasiImports.isEmpty {
            world += "\n\nIts `wasi:*` imports come from `ComponentLinker.addWASIp2()`."
        }
        file.doc(world)
        var text = file.text + "\(access)enum \(namespace) {\n"
        text += indent(body.text)
        text += indent(helpers.text)
        text += "}\n"
        text += linker.text.isEmpty ? "" : "\n" + linker.text
        for resource in mapper.hostResources {
            text += "\nextension \(namespace).\(resource.protocolName) {\n"
            text += "    /// Does nothing.\n"
            text += "    \(access)func drop() throws {}\n"
            text += "}\n"
        }
        if typed {
            for declaration in mapper.declarations {
                let lines = TypedConversions.conformance(
                    declaration, namespace: namespace, access: access, mapper: &mapper, qualified: qualified)
                text += lines.map { $0.isEmpty ? "\n" : $0 + "\n" }.joined()
            }
        }
        if mapper.usesErrorValue {
            text += "\nextension \(namespace).ErrorValue: Swift.Equatable where Value: Swift.Equatable {}\n"
            text += "extension \(namespace).ErrorValue: Swift.Hashable where Value: Swift.Hashable {}\n"
        }
        return text
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.isEmpty ? "\n" : "    \($0)\n"
        }
        .joined()
    }

    private func conformances(_ type: ComponentValueType, name: String, extra: [String] = []) -> String {
        var list = extra
        if mapper.isHashable(type) { list.append("Swift.Hashable") }
        if mapper.isSendable(type) { list.append("Swift.Sendable") }
        if mapper.errorConformances.contains(name) && mapper.isSendable(type) { list.append("Swift.Error") }
        return list.isEmpty ? "" : ": " + list.joined(separator: ", ")
    }

    private func origin(_ interface: String?) -> String {
        interface.map { " of `\($0)`" } ?? ""
    }

    private mutating func emitDeclarations(into writer: inout SourceWriter) throws(BindgenError) {
        for declaration in mapper.declarations {
            writer.line()
            let name = declaration.swiftName
            let wit = declaration.witName
            switch declaration.type {
            case .record(let fields):
                writer.doc("WIT record `\(wit)`\(origin(declaration.interface)).")
                let members = DynamicConversions.memberNames(fields.map(\.name))
                var types: [String] = []
                for field in fields {
                    types.append(
                        mapper.swiftType(
                            field.type, near: declaration.interface, hint: name + "-" + field.name,
                            host: Self.existential))
                }
                try writer.block("\(access)struct \(name)\(conformances(declaration.type, name: name))") {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    for (index, field) in fields.enumerated() {
                        writer.doc(
                            "WIT field `\(field.name)`: `\(mapper.witDescription(field.type, near: declaration.interface))`."
                        )
                        writer.line("\(access)var \(members[index].member): \(types[index])")
                    }
                    writer.line()
                    writer.doc("Creates a `\(wit)` record.")
                    let parameters = zip(members, types).map { "\($0.label): \($1)" }.joined(separator: ", ")
                    try writer.block("\(access)init(\(parameters))") {
                        (writer: inout SourceWriter) throws(BindgenError) in
                        for member in members { writer.line("self.\(member.member) = \(member.member)") }
                    }
                }
            case .variant(let cases):
                writer.doc("WIT variant `\(wit)`\(origin(declaration.interface)).")
                let members = DynamicConversions.memberNames(cases.map(\.name))
                var payloads: [String?] = []
                for item in cases {
                    payloads.append(
                        item.payload.map {
                            mapper.swiftType(
                                $0, near: declaration.interface, hint: name + "-" + item.name, host: Self.existential)
                        })
                }
                try writer.block("\(access)enum \(name)\(conformances(declaration.type, name: name))") {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    for (index, item) in cases.enumerated() {
                        writer.doc(
                            "WIT case `\(item.name)`\(item.payload.map { "(\(mapper.witDescription($0, near: declaration.interface)))" } ?? "")."
                        )
                        writer.line("case \(members[index].member)\(payloads[index].map { "(\($0))" } ?? "")")
                    }
                }
            case .enum(let cases):
                writer.doc("WIT enum `\(wit)`\(origin(declaration.interface)).")
                let members = DynamicConversions.memberNames(cases)
                try writer.block(
                    "\(access)enum \(name)\(conformances(declaration.type, name: name, extra: ["Swift.CaseIterable"]))"
                ) { (writer: inout SourceWriter) throws(BindgenError) in
                    for (index, item) in cases.enumerated() {
                        writer.doc("WIT case `\(item)`.")
                        writer.line("case \(members[index].member)")
                    }
                }
            case .flags(let flags):
                guard flags.count <= 64 else {
                    throw BindgenError(
                        .unsupported, "flags `\(wit)` has \(flags.count) flags; bindgen supports at most 64")
                }
                let raw = flags.count <= 32 ? "Swift.UInt32" : "Swift.UInt64"
                writer.doc("WIT flags `\(wit)`\(origin(declaration.interface)).")
                let members = DynamicConversions.memberNames(flags)
                try writer.block(
                    "\(access)struct \(name)\(conformances(declaration.type, name: name, extra: ["Swift.OptionSet"]))"
                ) { (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("\(access)let rawValue: \(raw)")
                    writer.line()
                    try writer.block("\(access)init(rawValue: \(raw))") {
                        (writer: inout SourceWriter) throws(BindgenError) in
                        writer.line("self.rawValue = rawValue")
                    }
                    for (index, flag) in flags.enumerated() {
                        writer.line()
                        writer.doc("WIT flag `\(flag)`.")
                        writer.line("\(access)static let \(members[index].member) = \(name)(rawValue: 1 << \(index))")
                    }
                }
            default:
                continue
            }
        }
        if mapper.usesUnitError {
            writer.line()
            writer.doc("The error of a WIT `result` that has no error payload.")
            try writer.block("\(access)struct UnitError: Swift.Error, Swift.Hashable, Swift.Sendable") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.doc("Creates the error.")
                writer.line("\(access)init() {}")
            }
        }
        if mapper.usesErrorValue {
            writer.line()
            writer.doc("The error of a WIT `result` whose error payload is not a generated type (`result<T, string>`).")
            try writer.block("\(access)struct ErrorValue<Value: Swift.Sendable>: Swift.Error") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.doc("The error payload.")
                writer.line("\(access)var value: Value")
                writer.line()
                writer.doc("Wraps an error payload.")
                writer.line("\(access)init(_ value: Value) { self.value = value }")
            }
        }
    }

    // MARK: Resources

    private mutating func emitResources(into writer: inout SourceWriter) throws(BindgenError) {
        for resource in mapper.resources {
            let functions = exported.filter { item in
                guard item.interface == resource.interface else { return false }
                switch item.function.role {
                case .constructor(let owner), .method(let owner, _), .staticFunction(let owner, _):
                    return owner == resource.witName
                case .free: return false
                }
            }
            writer.line()
            writer.doc(
                "WIT resource `\(resource.witName)`\(origin(resource.interface)): a handle to an object that lives "
                    + "in the guest.\n\nThe handle is dropped in the store (running the guest's destructor) when the "
                    + "last reference to it goes away, or earlier with ``drop()``.")
            try writer.block("\(access)final class \(resource.swiftName)") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.doc("The guest's handle.")
                writer.line("\(access)let handle: Wasmtime.ComponentResource")
                writer.line("let functions: Exports.Functions")
                writer.line()
                try writer.block("init(handle: Wasmtime.ComponentResource, functions: Exports.Functions)") {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("self.handle = handle")
                    writer.line("self.functions = functions")
                }
                writer.line()
                try writer.block(
                    "convenience init(lifting handle: Wasmtime.ComponentResource, _ context: Swift.AnyObject?) throws"
                ) {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("guard let functions = context as? Exports.Functions else {")
                    writer.line(
                        "    throw Wasmtime.WasmtimeError(.typeMismatch, \"a `\(resource.witName)` handle outside the component's exports\")"
                    )
                    writer.line("}")
                    writer.line("self.init(handle: handle, functions: functions)")
                }
                writer.line()
                writer.doc("Drops the guest object now (running its destructor); using the handle afterwards throws.")
                try writer.block("\(access)func drop() throws") { (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("try handle.drop()")
                }
                var scope = NameScope(reserved: MemberNames.reserved.union(["handle", "functions", "drop"]))
                for item in functions {
                    writer.line()
                    try emitResourceFunction(item, resource: resource, scope: &scope, into: &writer)
                }
            }
        }
    }

    private mutating func emitResourceFunction(
        _ item: ExportedFunction, resource: TypeMapper.Resource, scope: inout NameScope,
        into writer: inout SourceWriter
    ) throws(BindgenError) {
        let function = item.function
        writer.doc("WIT `\(function.witName)`: `\(mapper.witDescription(function.type, near: item.interface))`.")
        switch function.role {
        case .constructor:
            let (parameters, arguments) = signature(
                function, interface: item.interface, dropFirst: false, functions: "exports.functions")
            let list = (["_ exports: Exports"] + parameters).joined(separator: ", ")
            try writer.block("\(access)convenience init(\(list)) throws") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.line(
                    "let _results = try exports.functions.\(item.storage).call([\(arguments.joined(separator: ", "))])")
                writer.line("guard let _result = _results.first, case .resource(let _handle) = _result else {")
                writer.line(
                    "    throw Wasmtime.WasmtimeError(.typeMismatch, \"`\(function.qualifiedName)` returned no resource\")"
                )
                writer.line("}")
                writer.line("self.init(handle: _handle, functions: exports.functions)")
            }
        case .method(_, let name):
            let (parameters, arguments) = signature(function, interface: item.interface, dropFirst: true)
            let swiftName = SwiftNames.escaped(scope.claim(SwiftNames.lowerCamel(name)))
            let result = resultType(function, interface: item.interface)
            try writer.block(
                "\(access)func \(swiftName)(\(parameters.joined(separator: ", "))) \(Self.throwsClause(result))"
            ) {
                (writer: inout SourceWriter) throws(BindgenError) in
                emitCall(
                    function, interface: item.interface, callee: "functions.\(item.storage)",
                    arguments: [".resource(handle)"] + arguments, context: "functions", into: &writer)
            }
        case .staticFunction(_, let name):
            let (parameters, arguments) = signature(
                function, interface: item.interface, dropFirst: false, functions: "exports.functions")
            let swiftName = SwiftNames.escaped(scope.claim(SwiftNames.lowerCamel(name)))
            let result = resultType(function, interface: item.interface)
            let list = (["_ exports: Exports"] + parameters).joined(separator: ", ")
            try writer.block("\(access)static func \(swiftName)(\(list)) \(Self.throwsClause(result))") {
                (writer: inout SourceWriter) throws(BindgenError) in
                emitCall(
                    function, interface: item.interface, callee: "exports.functions.\(item.storage)",
                    arguments: arguments, context: "exports.functions", into: &writer)
            }
        case .free:
            return
        }
    }

    // MARK: Functions

    /// The Swift parameter list and the lowered arguments of `function`.
    private mutating func signature(
        _ function: WorldModel.Function, interface: String?, dropFirst: Bool, prefix: String = "Conversions",
        functions: String = "functions"
    ) -> (parameters: [String], arguments: [String]) {
        var scope = NameScope(reserved: MemberNames.reserved.union(["exports", "host"]))
        var parameters: [String] = []
        var arguments: [String] = []
        let hint = SwiftNames.upperCamel(function.witName)
        for parameter in function.type.parameters.dropFirst(dropFirst ? 1 : 0) {
            let name = SwiftNames.escaped(scope.claim(SwiftNames.lowerCamel(parameter.name)))
            if let resource = mapper.hostResource(of: parameter.type) {
                // The host's object: a new handle of it for the call (the call's `try` covers it).
                parameters.append("\(name): any \(resource.protocolName)")
                arguments.append(".resource(\(functions)._handle\(resource.swiftName)(\(name)))")
                continue
            }
            let type = mapper.swiftType(
                parameter.type, near: interface, hint: hint + "-" + parameter.name, host: Self.existential)
            parameters.append("\(name): \(type)")
            arguments.append(
                conversions.lowerCall(
                    name, parameter.type, near: interface, hint: hint + "-" + parameter.name, prefix: prefix,
                    functions: functions, mapper: &mapper))
        }
        return (parameters, arguments)
    }

    private mutating func resultType(_ function: WorldModel.Function, interface: String?) -> String? {
        if let resource = function.type.result.flatMap({ mapper.hostResource(of: $0) }) {
            return "any \(resource.protocolName)"
        }
        return function.type.result.map {
            mapper.swiftType(
                $0, near: interface, hint: SwiftNames.upperCamel(function.witName) + "-result", host: Self.existential)
        }
    }

    /// `throws`, then the result type if there is one.
    private static func throwsClause(_ result: String?) -> String {
        "throws" + (result.map { " -> \($0)" } ?? "")
    }

    /// The body of an exported function's wrapper: lower, call, lift.
    private mutating func emitCall(
        _ function: WorldModel.Function, interface: String?, callee: String, arguments: [String], context: String,
        into writer: inout SourceWriter
    ) {
        guard let result = function.type.result else {
            writer.line("try \(callee).call([\(arguments.joined(separator: ", "))])")
            return
        }
        writer.line("let _results = try \(callee).call([\(arguments.joined(separator: ", "))])")
        writer.line("guard let _result = _results.first else {")
        writer.line(
            "    throw Wasmtime.WasmtimeError(.typeMismatch, \"`\(function.qualifiedName)` returned no result\")")
        writer.line("}")
        if let resource = mapper.hostResource(of: result) {
            writer.line("return try \(context)._object\(resource.swiftName)(_result)")
            return
        }
        let lifted = conversions.liftCall(
            "_result", result, near: interface, hint: SwiftNames.upperCamel(function.witName) + "-result",
            context: context, prefix: "Conversions", mapper: &mapper)
        writer.line("return \(lifted)")
    }

    // MARK: Exports

    private mutating func emitExports(into writer: inout SourceWriter) throws(BindgenError) {
        writer.line()
        writer.doc(
            "The component's exports, looked up and type-checked once, then called with Swift values.\n\n"
                + "```swift\nlet exports = try \(namespace).Exports(try linker.instantiate(component, in: store))\n```")
        try writer.block("\(access)struct Exports") { (writer: inout SourceWriter) throws(BindgenError) in
            writer.doc("The instance the functions belong to.")
            writer.line("\(access)let instance: Wasmtime.ComponentInstance")
            writer.line("let functions: Functions")
            writer.line()
            if exportsTakeHostObjects {
                writer.doc(
                    "Looks up every function the bindings know in `instance` and checks its type: a component that\n"
                        + "does not match the bindings throws a `WasmtimeError` here, not at a call.\n\n"
                        + "An export that takes a host object makes a handle of it with the resource type that\n"
                        + "`linker.define(host)` made: pass what it returned as `hostResources` (without it, such a\n"
                        + "call throws).")
                try writer.block(
                    "\(access)init(_ instance: Wasmtime.ComponentInstance, hostResources: HostResources? = nil) throws"
                ) { (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("self.instance = instance")
                    writer.line("functions = try Functions(instance, hostResources: hostResources)")
                }
            } else {
                writer.doc(
                    "Looks up every function the bindings know in `instance` and checks its type: a component that\n"
                        + "does not match the bindings throws a `WasmtimeError` here, not at a call.")
                try writer.block("\(access)init(_ instance: Wasmtime.ComponentInstance) throws") {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("self.instance = instance")
                    writer.line("functions = try Functions(instance)")
                }
            }
            var rootScope = NameScope(reserved: MemberNames.reserved.union(["instance", "functions"]))
            for (_, names) in exportedInterfaceNames.sorted(by: { $0.key < $1.key }) {
                _ = rootScope.claim(names.property)
            }
            for item in exported where item.interface == nil && item.function.role == .free {
                writer.line()
                try emitExportedFunction(item, scope: &rootScope, into: &writer)
            }
            for interface in model.exports {
                guard let name = interface.name, let names = exportedInterfaceNames[name] else { continue }
                writer.line()
                writer.doc("The exported interface `\(name)`.")
                writer.line(
                    "\(access)var \(SwiftNames.escaped(names.property)): \(names.type) { \(names.type)(functions: functions) }"
                )
            }
            for interface in model.exports {
                guard let name = interface.name, let names = exportedInterfaceNames[name] else { continue }
                writer.line()
                writer.doc("The functions of the exported interface `\(name)`.")
                try writer.block("\(access)struct \(names.type)") { (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("let functions: Functions")
                    var scope = NameScope(reserved: MemberNames.reserved.union(["functions"]))
                    for item in exported where item.interface == name && item.function.role == .free {
                        writer.line()
                        try emitExportedFunction(item, scope: &scope, into: &writer)
                    }
                }
            }
            writer.line()
            writer.doc("Every exported function, looked up once.")
            try writer.block("final class Functions") { (writer: inout SourceWriter) throws(BindgenError) in
                for item in exported {
                    writer.doc("`\(item.function.qualifiedName)`")
                    if isTyped(item.function) {
                        let (parameters, result) = typedSignature(item.function, interface: item.interface)
                        writer.line("let \(item.storage): Wasmtime.TypedComponentFunc<\(parameters), \(result)>")
                    } else {
                        writer.line("let \(item.storage): Wasmtime.ComponentFunc")
                    }
                }
                if exportsTakeHostObjects {
                    writer.doc("What `define` made for the host's resources, if the host passed it.")
                    writer.line("let hostResources: HostResources?")
                    writer.doc("The store of the instance, where the host's objects get their handles.")
                    writer.line("let store: Wasmtime.AnyStore")
                }
                writer.line()
                let initHeader =
                    exportsTakeHostObjects
                    ? "init(_ instance: Wasmtime.ComponentInstance, hostResources: HostResources?) throws"
                    : "init(_ instance: Wasmtime.ComponentInstance) throws"
                try writer.block(initHeader) {
                    (writer: inout SourceWriter) throws(BindgenError) in
                    if exportsTakeHostObjects {
                        writer.line("self.hostResources = hostResources")
                        writer.line("store = instance.store")
                    }
                    for item in exported {
                        let path = pathLiterals(item.interface, item.function.witName)
                        if isTyped(item.function) {
                            let (parameters, result) = typedSignature(item.function, interface: item.interface)
                            let parameterType = parameters == "()" ? "Swift.Void" : parameters
                            let resultType = result == "()" ? "Swift.Void" : result
                            writer.line(
                                "\(item.storage) = try instance.function(path: [\(path)], \(parameterType).self, \(resultType).self)"
                            )
                        } else {
                            writer.line(
                                "\(item.storage) = try Self.function(instance, [\(path)], \(DynamicConversions.literal(runtimeSignature(item.function.type))))"
                            )
                        }
                    }
                }
                writer.line()
                try writer.block(
                    "static func function(_ instance: Wasmtime.ComponentInstance, _ path: [Swift.String], _ signature: Swift.String) throws -> Wasmtime.ComponentFunc"
                ) { (writer: inout SourceWriter) throws(BindgenError) in
                    writer.line("let function = try instance.function(path: path)")
                    writer.line("guard function.type.description == signature else {")
                    writer.line("    throw Wasmtime.WasmtimeError(")
                    writer.line("        .typeMismatch,")
                    writer.line(
                        "        \"`\\(path.joined(separator: \"#\"))` has type \\(function.type); the bindings expect \\(signature)\")"
                    )
                    writer.line("}")
                    writer.line("return function")
                }
                if exportsTakeHostObjects { try emitHostObjectFunctions(into: &writer) }
            }
        }
    }

    /// How Wasmtime describes `type` once `define` has defined the host's
    /// resources: a host resource type prints its (WIT) name, `own<item>`,
    /// where the component alone shows `own<resource>`.
    private func runtimeSignature(_ type: ComponentFuncType) -> String {
        // Per handle type, in print order: the host resource's name.
        let names = Self.valueTypes(of: type).flatMap(Self.handles).map { mapper.hostResource($0)?.witName }
        let description = type.description
        guard names.contains(where: { $0 != nil }) else { return description }
        var result = ""
        var rest = Substring(description)
        var index = 0
        while !rest.isEmpty {
            if let prefix = ["own<resource>", "borrow<resource>"].first(where: { rest.hasPrefix($0) }) {
                let kind = prefix.hasPrefix("own") ? "own" : "borrow"
                result += index < names.count ? "\(kind)<\(names[index] ?? "resource")>" : prefix
                index += 1
                rest = rest.dropFirst(prefix.count)
            } else {
                result.append(rest.removeFirst())
            }
        }
        return result
    }

    /// Whether an export's types hold a host resource: its method then
    /// spells it as the host's object.
    private var exportsTakeHostObjects: Bool {
        exported.contains { item in
            Self.valueTypes(of: item.function.type).contains { Self.holdsHostResource($0, mapper: mapper) }
        }
    }

    /// The handle of a host object for an export's argument, and the object of an export's result.
    private func emitHostObjectFunctions(into writer: inout SourceWriter) throws(BindgenError) {
        for resource in mapper.hostResources {
            writer.line()
            writer.doc("A new owned handle of a host `\(resource.witName)` for the guest.")
            try writer.block(
                "func _handle\(resource.swiftName)(_ object: any \(resource.protocolName)) throws -> Wasmtime.ComponentResource"
            ) { (writer: inout SourceWriter) throws(BindgenError) in
                writer.line("guard let hostResources else {")
                writer.line(
                    "    throw Wasmtime.WasmtimeError(.typeMismatch, \"an export takes a `\(resource.witName)`: pass what `linker.define(host)` returned to `Exports(_:hostResources:)`\")"
                )
                writer.line("}")
                writer.line("return try hostResources.handle\(resource.swiftName)(object, store)")
            }
            writer.line()
            writer.doc("The host object behind a `\(resource.witName)` the guest returned.")
            try writer.block(
                "func _object\(resource.swiftName)(_ value: Wasmtime.ComponentValue) throws -> any \(resource.protocolName)"
            ) { (writer: inout SourceWriter) throws(BindgenError) in
                writer.line(
                    "guard case .resource(let handle) = value, let object = try Wasmtime.HostBorrowed<Swift.AnyObject>(handle).object as? any \(resource.protocolName) else {"
                )
                writer.line(
                    "    throw Conversions.mismatch(\(DynamicConversions.literal("a host `\(resource.witName)`")), value)"
                )
                writer.line("}")
                writer.line("return object")
            }
        }
    }

    /// Whether `function` is called through the typed API: everything but
    /// functions whose types hold resource handles (they are lifted with the
    /// instance's functions, which a typed lift has no way to reach).
    private func isTyped(_ function: WorldModel.Function) -> Bool {
        typed && !Self.valueTypes(of: function.type).contains(where: TypeMapper.holdsResource)
    }

    /// The Swift parameter tuple and result type of a typed function, as the typed lookup spells them.
    private mutating func typedSignature(_ function: WorldModel.Function, interface: String?) -> (
        parameters: String, result: String
    ) {
        let hint = SwiftNames.upperCamel(function.witName)
        let parameters = function.type.parameters.map {
            mapper.swiftType($0.type, near: interface, hint: hint + "-" + $0.name)
        }
        let parameterTuple = parameters.count == 1 ? parameters[0] : "(\(parameters.joined(separator: ", ")))"
        return (parameterTuple, resultType(function, interface: interface) ?? "()")
    }

    private mutating func emitExportedFunction(
        _ item: ExportedFunction, scope: inout NameScope, into writer: inout SourceWriter
    ) throws(BindgenError) {
        let function = item.function
        let name = SwiftNames.escaped(scope.claim(SwiftNames.lowerCamel(function.witName)))
        let (parameters, arguments) = signature(function, interface: item.interface, dropFirst: false)
        let result = resultType(function, interface: item.interface)
        writer.doc("WIT `\(function.witName)`: `\(mapper.witDescription(function.type, near: item.interface))`.")
        try writer.block(
            "\(access)func \(name)(\(parameters.joined(separator: ", "))) \(Self.throwsClause(result))"
        ) {
            (writer: inout SourceWriter) throws(BindgenError) in
            if isTyped(function) {
                let names = parameters.map { String($0[..<$0.firstIndex(of: ":")!]) }
                writer.line(
                    "\(result == nil ? "" : "return ")try functions.\(item.storage)(\(names.joined(separator: ", ")))")
            } else {
                emitCall(
                    function, interface: item.interface, callee: "functions.\(item.storage)", arguments: arguments,
                    context: "functions", into: &writer)
            }
        }
    }

    // MARK: Imports

    /// An imported function as the Swift host implements it: a requirement
    /// of its interface's protocol, or (a method) of its resource's.
    struct HostRequirement {
        var function: WorldModel.Function
        /// The resource whose protocol holds it (methods only).
        var owner: TypeMapper.HostResource?
        var declaration: String
        var name: String
        var labels: [String]
    }

    /// The requirements for the functions of an imported interface, their
    /// names claimed in order (the protocols and `define` both use them).
    private mutating func hostRequirements(_ interface: WorldModel.Interface) -> [HostRequirement] {
        var scope = NameScope(reserved: MemberNames.reserved)
        var resourceScopes: [String: NameScope] = [:]
        var requirements: [HostRequirement] = []
        for function in interface.functions {
            var owner: TypeMapper.HostResource?
            var preferred = SwiftNames.lowerCamel(function.witName)
            switch function.role {
            case .free: break
            case .constructor(let resource):
                preferred = "make" + SwiftNames.upperCamel(resource)
            case .staticFunction(let resource, let name):
                preferred = SwiftNames.lowerCamel(resource + "-" + name)
            case .method(let resource, let name):
                owner = mapper.hostResources.first { $0.witName == resource && $0.interface == interface.name }
                preferred = SwiftNames.lowerCamel(name)
            }
            let name: String
            if let owner {
                var resourceScope =
                    resourceScopes[owner.witName] ?? NameScope(reserved: MemberNames.reserved.union(["drop"]))
                name = SwiftNames.escaped(resourceScope.claim(preferred))
                resourceScopes[owner.witName] = resourceScope
            } else {
                name = SwiftNames.escaped(scope.claim(preferred))
            }
            var parameterScope = NameScope(reserved: MemberNames.reserved)
            let hint = SwiftNames.upperCamel(function.witName)
            var parameters: [String] = []
            var labels: [String] = []
            for parameter in function.type.parameters.dropFirst(owner == nil ? 0 : 1) {
                let label = SwiftNames.escaped(parameterScope.claim(SwiftNames.lowerCamel(parameter.name)))
                labels.append(label)
                let type = hostSwiftType(
                    parameter.type, interface: interface.name, hint: hint + "-" + parameter.name,
                    inResource: owner != nil)
                parameters.append("\(label): \(type)")
            }
            let result =
                function.type.result.map {
                    " -> "
                        + hostSwiftType(
                            $0, interface: interface.name, hint: hint + "-result", inResource: owner != nil)
                } ?? ""
            requirements.append(
                HostRequirement(
                    function: function, owner: owner,
                    declaration: "func \(name)(\(parameters.joined(separator: ", "))) throws\(result)", name: name,
                    labels: labels))
        }
        return requirements
    }

    /// The Swift type of a host function's parameter or result: a host
    /// resource is its interface's associated type, or within a resource's
    /// own protocol (and in records and variants) any object of the
    /// resource's protocol. `inDefine` spells it inside the generic `define`.
    private mutating func hostSwiftType(
        _ type: ComponentValueType, interface: String?, hint: String, inResource: Bool, inDefine: Bool = false
    ) -> String {
        let prefix = inDefine ? "\(namespace)." : ""
        func spell(_ resource: TypeMapper.HostResource) -> String {
            if inResource { return "any \(prefix)\(resource.protocolName)" }
            return inDefine ? "Host.\(resource.swiftName)" : resource.swiftName
        }
        if let resource = mapper.hostResource(of: type) { return spell(resource) }
        func plain(_ type: ComponentValueType, _ hint: String) -> String {
            let name = mapper.swiftType(type, near: interface, hint: hint, host: Self.existential)
            return inDefine ? qualifiedHost(name) : name
        }
        guard Self.holdsHostResource(type, mapper: mapper) else { return plain(type, hint) }
        func nested(_ type: ComponentValueType, _ hint: String) -> String {
            hostSwiftType(type, interface: interface, hint: hint, inResource: inResource, inDefine: inDefine)
        }
        switch type {
        case .list(let element):
            return "[\(nested(element, hint + "-element"))]"
        case .option(let element):
            let wrapped = nested(element, hint)
            return wrapped.hasPrefix("any ") ? "(\(wrapped))?" : "\(wrapped)?"
        case .tuple(let types):
            return
                "Wasmtime.ComponentTuple<\(types.enumerated().map { nested($1, "\(hint)-\($0)") }.joined(separator: ", "))>"
        case .result(let ok, let error):
            let okType = ok.map { nested($0, hint + "-ok") } ?? "Wasmtime.ComponentUnit"
            let errorType: String
            switch error {
            case nil: errorType = "Wasmtime.ComponentUnit"
            case .record?, .variant?, .enum?, .flags?:
                let name = mapper.errorType(error, near: interface, hint: hint + "-error", host: Self.existential)
                errorType = inDefine ? qualifiedHost(name) : name
            case let error?: errorType = "Wasmtime.ComponentError<\(nested(error, hint + "-error"))>"
            }
            return "Swift.Result<\(okType), \(errorType)>"
        default:
            return plain(type, hint)
        }
    }

    /// `qualified(_:)` that also qualifies the protocols of host resources.
    private func qualifiedHost(_ type: String) -> String {
        qualified(type, extra: Set(mapper.hostResources.map(\.protocolName)))
    }

    /// The name of a local function of `define` that lifts a
    /// `ComponentValue` holding host objects to its Swift type.
    private mutating func hostLift(
        _ type: ComponentValueType, interface: String?, hint: String, inResource: Bool
    ) -> String {
        let swiftType = hostSwiftType(type, interface: interface, hint: hint, inResource: inResource, inDefine: true)
        if let name = hostHelperNames["lift " + swiftType] { return name }
        let name = "_lift\(hostHelperNames.count)"
        hostHelperNames["lift " + swiftType] = name
        let mismatch =
            "throw \(namespace).Conversions.mismatch(\(DynamicConversions.literal(mapper.witDescription(type, near: interface))), value)"
        // An expression lifting `value` (a ComponentValue) of `inner`.
        func lift(_ inner: ComponentValueType, _ value: String, _ innerHint: String, resource: Bool) -> String {
            if Self.holdsHostResource(inner, mapper: mapper) {
                return "try \(hostLift(inner, interface: interface, hint: innerHint, inResource: resource))(\(value))"
            }
            return conversions.liftCall(
                value, inner, near: interface, hint: innerHint, context: "nil", prefix: "\(namespace).Conversions",
                mapper: &mapper)
        }
        var body: [String] = []
        switch type {
        case .own(let resource), .borrow(let resource):
            let object = "Host.\(mapper.hostResource(resource)?.swiftName ?? "")"
            body = [
                "guard case .resource(let handle) = value else { \(mismatch) }",
                "return try Wasmtime.HostBorrowed<\(object)>(handle).object",
            ]
        case .list(let element):
            body = [
                "guard case .list(let elements) = value else { \(mismatch) }",
                "return try elements.map { \(lift(element, "$0", hint + "-element", resource: inResource)) }",
            ]
        case .option(let element):
            body = [
                "guard case .option(let payload) = value else { \(mismatch) }",
                "return try payload.map { \(lift(element, "$0", hint, resource: inResource)) }",
            ]
        case .tuple(let types):
            let elements = types.enumerated().map { lift($1, "elements[\($0)]", "\(hint)-\($0)", resource: inResource) }
            body = [
                "guard case .tuple(let elements) = value, elements.count == \(types.count) else { \(mismatch) }",
                "return Wasmtime.ComponentTuple(\(elements.joined(separator: ", ")))",
            ]
        case .result(let ok, let error):
            body = ["switch value {"]
            if let ok {
                body.append(
                    "case .ok(let payload?): return .success(\(lift(ok, "payload", hint + "-ok", resource: inResource)))"
                )
            } else {
                body.append(
                    "case .ok(Swift.Optional<Wasmtime.ComponentValue>.none): return .success(Wasmtime.ComponentUnit())")
            }
            switch error {
            case nil:
                body.append(
                    "case .err(Swift.Optional<Wasmtime.ComponentValue>.none): return .failure(Wasmtime.ComponentUnit())"
                )
            case .record?, .variant?, .enum?, .flags?:
                body.append(
                    "case .err(let payload?): return .failure(\(lift(error!, "payload", hint + "-error", resource: inResource)))"
                )
            case let error?:
                body.append(
                    "case .err(let payload?): return .failure(Wasmtime.ComponentError(\(lift(error, "payload", hint + "-error", resource: inResource))))"
                )
            }
            body += ["default: \(mismatch)", "}"]
        case .record(let fields):
            let owner = mapper.swiftType(type, near: interface, hint: hint, host: Self.existential)
            let name = qualified(owner)
            let members = DynamicConversions.memberNames(fields.map(\.name))
            body = [
                "guard case .record(let fields) = value, fields.count == \(fields.count) else { \(mismatch) }",
                "return \(name)(",
            ]
            for (index, field) in fields.enumerated() {
                let lifted = lift(field.type, "fields[\(index)].value", owner + "-" + field.name, resource: true)
                body.append(
                    "    \(SwiftNames.argumentLabel(members[index].label)): \(lifted)\(index == fields.count - 1 ? "" : ",")"
                )
            }
            body.append(")")
        case .variant(let cases):
            let owner = mapper.swiftType(type, near: interface, hint: hint, host: Self.existential)
            let members = DynamicConversions.memberNames(cases.map(\.name))
            body = [
                "guard case .variant(let name, let payload) = value else { \(mismatch) }",
                "switch (name, payload) {",
            ]
            for (index, item) in cases.enumerated() {
                let literal = DynamicConversions.literal(item.name)
                if let payload = item.payload {
                    let lifted = lift(payload, "payload", owner + "-" + item.name, resource: true)
                    body.append("case (\(literal), let payload?): return .\(members[index].member)(\(lifted))")
                } else {
                    body.append(
                        "case (\(literal), Swift.Optional<Wasmtime.ComponentValue>.none): return .\(members[index].member)"
                    )
                }
            }
            body += ["default: \(mismatch)", "}"]
        default:
            body = ["return \(lift(type, "value", hint, resource: inResource))"]
        }
        hostHelperLines.append("func \(name)(_ value: Wasmtime.ComponentValue) throws -> \(swiftType) {")
        hostHelperLines += body.map { "    " + $0 }
        hostHelperLines.append("}")
        return name
    }

    /// The name of a local function of `define` that converts a Swift value
    /// holding host objects to a `HostValue`, making a handle of each for
    /// the guest.
    private mutating func hostLower(
        _ type: ComponentValueType, interface: String?, hint: String, inResource: Bool
    ) -> String {
        let swiftType = hostSwiftType(type, interface: interface, hint: hint, inResource: inResource, inDefine: true)
        if let name = hostHelperNames["lower " + swiftType] { return name }
        let name = "_lower\(hostHelperNames.count)"
        hostHelperNames["lower " + swiftType] = name
        // An expression lowering the Swift `value` of `inner`.
        func lower(_ inner: ComponentValueType, _ value: String, _ innerHint: String, resource: Bool) -> String {
            if Self.holdsHostResource(inner, mapper: mapper) {
                return
                    "try \(hostLower(inner, interface: interface, hint: innerHint, inResource: resource))(\(value), store)"
            }
            let lowered = conversions.lowerCall(
                value, inner, near: interface, hint: innerHint, prefix: "\(namespace).Conversions", mapper: &mapper)
            return ".value(\(lowered))"
        }
        var body: [String] = []
        switch type {
        case .own(let handle), .borrow(let handle):
            let resource = mapper.hostResource(handle)!
            hostTypesNeeded.insert(resource.swiftName)
            var object = "value"
            if inResource {
                object = "object"
                body = [
                    "guard let object = value as? Host.\(resource.swiftName) else {",
                    "    throw Wasmtime.WasmtimeError(.typeMismatch, \"cannot hand a \\(Swift.type(of: value)) to the guest as a `\(resource.witName)`: its objects are \\(Host.\(resource.swiftName).self)\")",
                    "}",
                ]
            }
            body.append(
                "return .handle(try _\(resource.swiftName)Objects.own(\(object), as: _\(resource.swiftName)Type, in: store).resource)"
            )
        case .list(let element):
            body = ["return .list(try value.map { \(lower(element, "$0", hint + "-element", resource: inResource)) })"]
        case .option(let element):
            body = ["return .option(try value.map { \(lower(element, "$0", hint, resource: inResource)) })"]
        case .tuple(let types):
            let elements = types.enumerated().map {
                lower($1, "value.elements.\($0)", "\(hint)-\($0)", resource: inResource)
            }
            body = ["return .tuple([\(elements.joined(separator: ", "))])"]
        case .result(let ok, let error):
            body = ["switch value {"]
            if let ok {
                body.append(
                    "case .success(let payload): return .ok(\(lower(ok, "payload", hint + "-ok", resource: inResource)))"
                )
            } else {
                body.append("case .success: return .ok(nil)")
            }
            switch error {
            case nil: body.append("case .failure: return .err(nil)")
            case .record?, .variant?, .enum?, .flags?:
                body.append(
                    "case .failure(let error): return .err(\(lower(error!, "error", hint + "-error", resource: inResource)))"
                )
            case let error?:
                body.append(
                    "case .failure(let error): return .err(\(lower(error, "error.payload", hint + "-error", resource: inResource)))"
                )
            }
            body.append("}")
        case .record(let fields):
            let owner = mapper.swiftType(type, near: interface, hint: hint, host: Self.existential)
            let members = DynamicConversions.memberNames(fields.map(\.name))
            body = ["return .record(["]
            for (index, field) in fields.enumerated() {
                let lowered = lower(
                    field.type, "value.\(members[index].member)", owner + "-" + field.name, resource: true)
                body.append("    (\(DynamicConversions.literal(field.name)), \(lowered)),")
            }
            body.append("])")
        case .variant(let cases):
            let owner = mapper.swiftType(type, near: interface, hint: hint, host: Self.existential)
            let members = DynamicConversions.memberNames(cases.map(\.name))
            body = ["switch value {"]
            for (index, item) in cases.enumerated() {
                let literal = DynamicConversions.literal(item.name)
                if let payload = item.payload {
                    let lowered = lower(payload, "payload", owner + "-" + item.name, resource: true)
                    body.append("case .\(members[index].member)(let payload): return .variant(\(literal), \(lowered))")
                } else {
                    body.append("case .\(members[index].member): return .variant(\(literal), nil)")
                }
            }
            body.append("}")
        default:
            body = ["return \(lower(type, "value", hint, resource: inResource))"]
        }
        hostHelperLines.append(
            "func \(name)(_ value: \(swiftType), _ store: Wasmtime.AnyStore) throws -> \(namespace).HostValue {")
        hostHelperLines += body.map { "    " + $0 }
        hostHelperLines.append("}")
        return name
    }

    /// The doc comment of an imported function's requirement.
    private func hostDoc(_ function: WorldModel.Function, interface: String?) -> String {
        var doc = "WIT `\(function.witName)`: `\(mapper.witDescription(function.type, near: interface))`."
        let borrows = function.type.parameters.filter {
            if case .borrow = $0.type { true } else { false }
        }
        if borrows.count >= 2 {
            doc +=
                "\n\nWasmtime 50 cannot call it: a host function with two or more `borrow` parameters fails\n"
                + "before it reaches Swift (\"deferred host scope has no call context\"), and the guest's call throws."
        } else if function.type.parameters.contains(where: { Self.listHoldsBorrow($0.type) })
            || function.type.parameters.map({ Self.borrowCount($0.type) }).reduce(0, +) >= 2
        {
            doc +=
                "\n\nWasmtime 50 cannot call it with two or more borrowed handles in all (each element of a list\n"
                + "counts): such a call fails before it reaches Swift (\"deferred host scope has no call context\"),\n"
                + "and the guest's call throws."
        }
        return doc
    }

    /// How many `borrow` handles `type` holds outside lists.
    private static func borrowCount(_ type: ComponentValueType) -> Int {
        switch type {
        case .borrow: return 1
        case .option(let element): return borrowCount(element)
        case .tuple(let types): return types.map(borrowCount).reduce(0, +)
        case .record(let fields): return fields.map { borrowCount($0.type) }.reduce(0, +)
        case .variant(let cases): return cases.map { $0.payload.map(borrowCount) ?? 0 }.max() ?? 0
        case .result(let ok, let error): return max(ok.map(borrowCount) ?? 0, error.map(borrowCount) ?? 0)
        default: return 0
        }
    }

    /// Whether `type` holds a list that holds `borrow` handles.
    private static func listHoldsBorrow(_ type: ComponentValueType) -> Bool {
        switch type {
        case .list(let element): return borrowCount(element) > 0 || listHoldsBorrow(element)
        case .option(let element): return listHoldsBorrow(element)
        case .tuple(let types): return types.contains(where: listHoldsBorrow)
        case .record(let fields): return fields.contains { listHoldsBorrow($0.type) }
        case .variant(let cases): return cases.contains { $0.payload.map(listHoldsBorrow) ?? false }
        case .result(let ok, let error):
            return (ok.map(listHoldsBorrow) ?? false) || (error.map(listHoldsBorrow) ?? false)
        default: return false
        }
    }

    private func hostResources(of interface: WorldModel.Interface) -> [TypeMapper.HostResource] {
        mapper.hostResources.filter { $0.interface == interface.name }
    }

    /// The host resources declared elsewhere that the functions of `interface` use (WIT `use`).
    private func usedHostResources(of interface: WorldModel.Interface) -> [TypeMapper.HostResource] {
        let used = Set(interface.functions.flatMap { Self.valueTypes(of: $0.type).flatMap(Self.handles) })
        return mapper.hostResources.filter { resource in
            resource.interface != interface.name && used.contains(resource.type)
        }
    }

    /// The associated types and the requirements (not the methods) of an interface's protocol.
    private func emitHostInterface(
        _ interface: WorldModel.Interface, _ requirements: [HostRequirement], into writer: inout SourceWriter
    ) {
        var first = true
        // A blank line between members.
        func separate() {
            if !first { writer.line() }
            first = false
        }
        for resource in hostResources(of: interface) {
            separate()
            writer.doc(
                "The class of the host's `\(resource.witName)` resources (see ``\(resource.protocolName)``).")
            writer.line("associatedtype \(resource.swiftName): \(resource.protocolName)")
        }
        // `Imports` (the world's own functions) inherits every interface's protocol, and so its associated types.
        for resource in usedHostResources(of: interface) where interface.name != nil {
            separate()
            writer.doc(
                "The class of the host's `\(resource.witName)` resources, which `\(resource.interface ?? "the world")` "
                    + "declares and this interface uses:\nthe same type as in every protocol that names it (see "
                    + "``\(resource.protocolName)``).")
            writer.line("associatedtype \(resource.swiftName): \(resource.protocolName)")
        }
        for requirement in requirements where requirement.owner == nil {
            separate()
            writer.doc(hostDoc(requirement.function, interface: interface.name))
            writer.line(requirement.declaration)
        }
    }

    /// The bookkeeping behind the drop hook: an object may be behind several
    /// handles (each result makes one), and its hook runs when the last goes.
    private func emitHostObjects(into writer: inout SourceWriter) throws(BindgenError) {
        writer.line()
        writer.doc(
            "Counts the guest's handles of each host object, so that its `drop()` runs when the last one is\n"
                + "dropped (each result makes a new handle, even of an object the guest already holds).")
        try writer.block("final class HostObjects<Object: Swift.AnyObject>") {
            (writer: inout SourceWriter) throws(BindgenError) in
            writer.line("private var handles: [Swift.ObjectIdentifier: Swift.Int] = [:]")
            writer.line()
            writer.doc("Makes an owned handle of `object` for the guest.")
            try writer.block(
                "func own(_ object: Object, as type: Wasmtime.HostResourceType<Object>, in store: Wasmtime.AnyStore) throws -> Wasmtime.HostOwned<Object>"
            ) { (writer: inout SourceWriter) throws(BindgenError) in
                writer.line("let handle = try Wasmtime.HostOwned(object, as: type, in: store)")
                writer.line("handles[Swift.ObjectIdentifier(object), default: 0] += 1")
                writer.line("return handle")
            }
            writer.line()
            writer.doc("Counts a dropped handle of `object`; `true` when it was the last.")
            try writer.block("func release(_ object: Object) -> Swift.Bool") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.line("let key = Swift.ObjectIdentifier(object)")
                writer.line("let left = (handles[key] ?? 1) - 1")
                writer.line("handles[key] = left > 0 ? left : nil")
                writer.line("return left <= 0")
            }
        }
    }

    /// What `define` returns for exports that take host objects: per resource, how to make a handle.
    private func emitHostResources(into writer: inout SourceWriter) throws(BindgenError) {
        writer.line()
        writer.doc(
            "What `ComponentLinker.define(_:)` made for the host's resources: ``Exports`` needs it to make\n"
                + "handles of the host's objects for the exports that take them.")
        try writer.block("\(access)final class HostResources") { (writer: inout SourceWriter) throws(BindgenError) in
            var parameters: [String] = []
            for resource in mapper.hostResources {
                let type =
                    "(any \(resource.protocolName), Wasmtime.AnyStore) throws -> Wasmtime.ComponentResource"
                writer.line("let handle\(resource.swiftName): \(type)")
                parameters.append("handle\(resource.swiftName): @escaping \(type)")
            }
            writer.line()
            try writer.block("init(\(parameters.joined(separator: ", ")))") {
                (writer: inout SourceWriter) throws(BindgenError) in
                for resource in mapper.hostResources {
                    writer.line("self.handle\(resource.swiftName) = handle\(resource.swiftName)")
                }
            }
        }
    }

    /// Whether an imported function returns host objects inside another type.
    private var returnsNestedHostObjects: Bool {
        model.imports.contains { interface in
            interface.functions.contains { function in
                guard let result = function.type.result else { return false }
                return mapper.hostResource(of: result) == nil && Self.holdsHostResource(result, mapper: mapper)
            }
        }
    }

    /// The form in which a result holding host objects leaves `define`.
    private func emitHostValue(into writer: inout SourceWriter) throws(BindgenError) {
        writer.line()
        writer.doc(
            "A host function's result that holds host objects, on its way to the guest: lowered through the\n"
                + "typed API, so that every owned handle in it moves to the guest. It never leaves the call that\n"
                + "makes it (hence `@unchecked Sendable`, which only `Swift.Error` asks for).")
        try writer.block("enum HostValue: Wasmtime.ComponentLowerable, Swift.Error, @unchecked Swift.Sendable") {
            (writer: inout SourceWriter) throws(BindgenError) in
            writer.line("case handle(Wasmtime.ComponentResource)")
            writer.line("case value(Wasmtime.ComponentValue)")
            writer.line("indirect case list([HostValue])")
            writer.line("indirect case option(HostValue?)")
            writer.line("indirect case ok(HostValue?)")
            writer.line("indirect case err(HostValue?)")
            writer.line("indirect case tuple([HostValue])")
            writer.line("indirect case record([(name: Swift.String, value: HostValue)])")
            writer.line("indirect case variant(Swift.String, HostValue?)")
            writer.line()
            writer.line("static func matches(_ type: Wasmtime.ComponentValueType) -> Swift.Bool { true }")
            writer.line()
            try writer.block("func lower(into lowerer: inout Wasmtime.ComponentLowerer) throws") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.line("switch self {")
                writer.line("case .handle(let handle): try lowerer.lower(handle)")
                writer.line("case .value(let value): try lowerer.lower(value)")
                writer.line("case .list(let elements): try lowerer.lower(elements)")
                writer.line("case .option(let payload): try lowerer.lower(payload)")
                writer.line(
                    "case .ok(let payload?): try lowerer.lower(Swift.Result<HostValue, Wasmtime.ComponentUnit>.success(payload))"
                )
                writer.line(
                    "case .ok(nil): try lowerer.lower(Swift.Result<Wasmtime.ComponentUnit, Wasmtime.ComponentUnit>.success(.init()))"
                )
                writer.line(
                    "case .err(let payload?): try lowerer.lower(Swift.Result<Wasmtime.ComponentUnit, HostValue>.failure(payload))"
                )
                writer.line(
                    "case .err(nil): try lowerer.lower(Swift.Result<Wasmtime.ComponentUnit, Wasmtime.ComponentUnit>.failure(.init()))"
                )
                writer.line("case .tuple(let elements):")
                writer.line("    try lowerer.tuple(count: elements.count) { tuple in")
                writer.line("        for element in elements { try tuple.element(element) }")
                writer.line("    }")
                writer.line("case .record(let fields):")
                writer.line("    try lowerer.record(fieldCount: fields.count) { record in")
                writer.line("        for field in fields { try record.field(field.name, field.value) }")
                writer.line("    }")
                writer.line("case .variant(let name, let payload?): try lowerer.variant(name, payload: payload)")
                writer.line("case .variant(let name, nil): try lowerer.variant(name)")
                writer.line("}")
            }
        }
    }

    /// One protocol per resource of an imported interface: its methods and the drop hook.
    private func emitResourceProtocols(
        _ interface: WorldModel.Interface, _ requirements: [HostRequirement], into writer: inout SourceWriter
    ) throws(BindgenError) {
        for resource in hostResources(of: interface) {
            let owner = interface.name.flatMap { importedInterfaceNames[$0] } ?? "Imports"
            writer.line()
            writer.doc(
                "WIT resource `\(resource.witName)`\(origin(resource.interface)), implemented in Swift: the class "
                    + "of ``\(owner)/\(resource.swiftName)``.\n\n"
                    + "The guest holds handles of these objects, and every handle it passes back leads to the very\n"
                    + "object it was made from. A function that returns one gives the guest a new owned handle; a\n"
                    + "`borrow` parameter lends the object for the call; an `own` parameter hands the guest's handle\n"
                    + "to the host, which drops it when the function returns. Once the guest holds no handle of an\n"
                    + "object any more, its ``drop()`` runs.")
            try writer.block("\(access)protocol \(resource.protocolName): Swift.AnyObject") {
                (writer: inout SourceWriter) throws(BindgenError) in
                for requirement in requirements where requirement.owner?.witName == resource.witName {
                    writer.doc(hostDoc(requirement.function, interface: interface.name))
                    writer.line(requirement.declaration)
                    writer.line()
                }
                writer.doc(
                    "Runs when the guest holds no handle of this object any more (does nothing by default); an\n"
                        + "error it throws ends the guest's call that dropped the last handle.")
                writer.line("func drop() throws")
            }
        }
    }

    private mutating func emitImportProtocols(into writer: inout SourceWriter) throws(BindgenError) {
        var inherited: [String] = []
        for interface in model.imports {
            guard let name = interface.name, let swiftName = importedInterfaceNames[name] else { continue }
            inherited.append(swiftName)
            let requirements = hostRequirements(interface)
            writer.line()
            writer.doc(
                "The functions the component imports from `\(name)`: implement them in Swift.\n\n"
                    + "An error a function throws ends the guest's call, and the call into the component that led\n"
                    + "to it throws that same error.")
            try writer.block("\(access)protocol \(swiftName)") { (writer: inout SourceWriter) in
                emitHostInterface(interface, requirements, into: &writer)
            }
            try emitResourceProtocols(interface, requirements, into: &writer)
        }
        let root =
            model.imports.first { $0.name == nil } ?? WorldModel.Interface(name: nil, functions: [], resources: [])
        let requirements = hostRequirements(root)
        try emitResourceProtocols(root, requirements, into: &writer)
        writer.line()
        writer.doc(
            "Everything the component imports (except `wasi:*`): a value of this type defines them all with\n"
                + "`try linker.define(host)`.")
        let list = inherited.isEmpty ? "" : ": " + inherited.joined(separator: ", ")
        try writer.block("\(access)protocol Imports\(list)") { (writer: inout SourceWriter) in
            emitHostInterface(root, requirements, into: &writer)
        }
    }

    private mutating func emitDefine(into writer: inout SourceWriter) throws(BindgenError) {
        writer.doc(
            "Defines every import of ``\(namespace)`` (except `wasi:*`: call `addWASIp2()` for those) as a call\n"
                + "of `host`. Call it once per linker, before instantiating.")
        try writer.block("extension Wasmtime.ComponentLinker") { (writer: inout SourceWriter) throws(BindgenError) in
            var header =
                mapper.hostResources.isEmpty
                ? "\(access)func define(_ host: some \(namespace).Imports) throws"
                : "\(access)func define<Host: \(namespace).Imports>(_ host: Host) throws"
            if exportsTakeHostObjects {
                writer.line("@discardableResult")
                header += " -> \(namespace).HostResources"
            }
            // The functions first: they decide which resource types and conversions are needed.
            var functions = SourceWriter()
            hostHelperNames = [:]
            hostHelperLines = []
            hostTypesNeeded = []
            for interface in model.imports {
                for requirement in hostRequirements(interface) {
                    try emitHostFunction(requirement, interface: interface.name, into: &functions)
                }
            }
            if exportsTakeHostObjects {
                for resource in mapper.hostResources { hostTypesNeeded.insert(resource.swiftName) }
            }
            try writer.block(header) { (writer: inout SourceWriter) throws(BindgenError) in
                for interface in model.imports {
                    for resource in hostResources(of: interface) {
                        let path = pathLiterals(interface.name, resource.witName)
                        let object = "Host.\(resource.swiftName)"
                        // The type is needed only to make handles: for results.
                        let binding =
                            hostTypesNeeded.contains(resource.swiftName) ? "let _\(resource.swiftName)Type = " : ""
                        writer.line("let _\(resource.swiftName)Objects = \(namespace).HostObjects<\(object)>()")
                        try writer.block(
                            "\(binding)try defineResource(\(path), backedBy: \(object).self) { (_object: \(object)) throws in"
                        ) { (writer: inout SourceWriter) throws(BindgenError) in
                            writer.line("if _\(resource.swiftName)Objects.release(_object) { try _object.drop() }")
                        }
                    }
                }
                if !hostHelperLines.isEmpty {
                    writer.line("// Conversions of values that hold host objects (handles of the resources above).")
                    for line in hostHelperLines { writer.line(line) }
                }
                for line in functions.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    writer.line(String(line))
                }
                guard exportsTakeHostObjects else { return }
                writer.line("return \(namespace).HostResources(")
                for (index, resource) in mapper.hostResources.enumerated() {
                    let object = "Host.\(resource.swiftName)"
                    writer.line("    handle\(resource.swiftName): { object, store in")
                    writer.line("        guard let object = object as? \(object) else {")
                    writer.line(
                        "            throw Wasmtime.WasmtimeError(.typeMismatch, \"cannot hand a \\(Swift.type(of: object)) to the guest as a `\(resource.witName)`: its objects are \\(\(object).self)\")"
                    )
                    writer.line("        }")
                    writer.line(
                        "        return try _\(resource.swiftName)Objects.own(object, as: _\(resource.swiftName)Type, in: store).resource"
                    )
                    writer.line("    }\(index == mapper.hostResources.count - 1 ? ")" : ",")")
                }
            }
        }
    }

    /// Defines one imported function as a call of the host (or, for a method, of the object).
    private mutating func emitHostFunction(
        _ requirement: HostRequirement, interface: String?, into writer: inout SourceWriter
    ) throws(BindgenError) {
        let function = requirement.function
        let path = pathLiterals(interface, function.witName)
        let hint = SwiftNames.upperCamel(function.witName)
        let prefix = "\(namespace).Conversions"
        guard typed else {
            var arguments: [String] = []
            for (index, parameter) in function.type.parameters.enumerated() {
                let lifted = conversions.liftCall(
                    "_arguments[\(index)]", parameter.type, near: interface,
                    hint: hint + "-" + parameter.name, context: "nil", prefix: prefix, mapper: &mapper)
                arguments.append("\(SwiftNames.argumentLabel(requirement.labels[index])): \(lifted)")
            }
            let call = "try host.\(requirement.name)(\(arguments.joined(separator: ", ")))"
            try writer.block("try defineFunction(\(path)) { _arguments in") {
                (writer: inout SourceWriter) throws(BindgenError) in
                writer.line("guard _arguments.count == \(function.type.parameters.count) else {")
                writer.line(
                    "    throw Wasmtime.WasmtimeError(.typeMismatch, \"`\(function.qualifiedName)` got \\(_arguments.count) arguments\")"
                )
                writer.line("}")
                if let result = function.type.result {
                    writer.line("let _result = \(call)")
                    let lowered = conversions.lowerCall(
                        "_result", result, near: interface, hint: hint + "-result", prefix: prefix,
                        mapper: &mapper)
                    writer.line("return [\(lowered)]")
                } else {
                    writer.line(call)
                    writer.line("return []")
                }
            }
            return
        }
        var closureParameters: [String] = []
        var arguments: [String] = []
        for (index, parameter) in function.type.parameters.enumerated() {
            let argument: String
            if let resource = mapper.hostResource(of: parameter.type) {
                let handle = if case .own = parameter.type { "HostOwned" } else { "HostBorrowed" }
                closureParameters.append("_a\(index): Wasmtime.\(handle)<Host.\(resource.swiftName)>")
                argument = "_a\(index).object"  // the call's `try` covers it
            } else if Self.holdsHostResource(parameter.type, mapper: mapper) {
                // Read as a dynamic value, then converted with the host's class (the call's `try` covers it).
                closureParameters.append("_a\(index): Wasmtime.ComponentValue")
                let lift = hostLift(
                    parameter.type, interface: interface, hint: hint + "-" + parameter.name,
                    inResource: requirement.owner != nil)
                argument = "\(lift)(_a\(index))"
            } else {
                let type = mapper.swiftType(parameter.type, near: interface, hint: hint + "-" + parameter.name)
                closureParameters.append("_a\(index): \(qualified(type))")
                argument = "_a\(index)"
            }
            arguments.append(argument)
        }
        var receiver = "host"
        if requirement.owner != nil {
            receiver = arguments.removeFirst()
        }
        let labelled = zip(requirement.labels, arguments).map { "\(SwiftNames.argumentLabel($0)): \($1)" }
        let call = "try \(receiver).\(requirement.name)(\(labelled.joined(separator: ", ")))"
        let returned = function.type.result.flatMap { mapper.hostResource(of: $0) }
        let result: String
        var nestedLower: String?
        if let returned {
            closureParameters.insert("_caller: borrowing Wasmtime.ComponentCaller", at: 0)
            result = "Wasmtime.HostOwned<Host.\(returned.swiftName)>"
            hostTypesNeeded.insert(returned.swiftName)
        } else if let type = function.type.result, Self.holdsHostResource(type, mapper: mapper) {
            closureParameters.insert("_caller: borrowing Wasmtime.ComponentCaller", at: 0)
            result = "\(namespace).HostValue"
            nestedLower = hostLower(
                type, interface: interface, hint: hint + "-result", inResource: requirement.owner != nil)
        } else {
            result =
                function.type.result.map {
                    qualified(mapper.swiftType($0, near: interface, hint: hint + "-result"))
                } ?? "()"
        }
        try writer.block(
            "try defineFunction(path: [\(path)]) { (\(closureParameters.joined(separator: ", "))) throws -> \(result) in"
        ) { (writer: inout SourceWriter) throws(BindgenError) in
            if let nestedLower {
                writer.line("let _result = \(call)")
                writer.line("return try \(nestedLower)(_result, _caller.store)")
                return
            }
            guard let returned else {
                writer.line(call)
                return
            }
            writer.line("let _result = \(call)")
            var object = "_result"
            if requirement.owner != nil {
                // A method returns any object of the resource's protocol: it must be the host's class.
                object = "_object"
                writer.line("guard let _object = _result as? Host.\(returned.swiftName) else {")
                writer.line(
                    "    throw Wasmtime.WasmtimeError(.typeMismatch, \"`\(function.qualifiedName)` returned a \\(Swift.type(of: _result)), not a \\(Host.\(returned.swiftName).self)\")"
                )
                writer.line("}")
            }
            writer.line(
                "return try _\(returned.swiftName)Objects.own(\(object), as: _\(returned.swiftName)Type, in: _caller.store)"
            )
        }
    }

    /// The string literals of a definition's path, for a generated array: the interface (if any), then `name`.
    private func pathLiterals(_ interface: String?, _ name: String) -> String {
        ([interface].compactMap { $0 } + [name]).map(DynamicConversions.literal).joined(separator: ", ")
    }

    /// `type` spelled outside the namespace: generated names get its prefix.
    private func qualified(_ type: String) -> String {
        qualified(type, extra: [])
    }

    /// `type` spelled outside the namespace, also prefixing the names in `extra`.
    private func qualified(_ type: String, extra: Set<String>) -> String {
        let generated = Set(mapper.declarations.map(\.swiftName) + mapper.resources.map(\.swiftName)).union(extra)
        var result = ""
        var token = ""
        var previous: Character = " "
        func flush() {
            if !token.isEmpty {
                result += (generated.contains(token) && previous != ".") ? "\(namespace).\(token)" : token
                previous = token.last!
                token = ""
            }
        }
        for character in type {
            if character.isLetter || character.isNumber || character == "_" {
                token.append(character)
            } else {
                flush()
                result.append(character)
                previous = character
            }
        }
        flush()
        return result
    }

    // MARK: Conversions

    private func emitConversions(into writer: inout SourceWriter) throws(BindgenError) {
        writer.line()
        writer.doc("Conversions between the generated types and `ComponentValue`.")
        try writer.block("enum Conversions") { (writer: inout SourceWriter) throws(BindgenError) in
            try writer.block(
                "static func mismatch(_ expected: Swift.String, _ value: Wasmtime.ComponentValue) -> Wasmtime.WasmtimeError"
            ) { (writer: inout SourceWriter) throws(BindgenError) in
                writer.line(
                    "Wasmtime.WasmtimeError(.typeMismatch, \"expected \\(expected), got \\(value.kindName) \\(value)\")"
                )
            }
            conversions.emit(into: &writer)
        }
    }
}
