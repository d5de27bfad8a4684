import Wasmtime

/// The conversion layer over the typed component API: every generated
/// record, variant, enum and flags type conforms to `ComponentLowerable`
/// and `ComponentLiftable`, so exports are called through
/// `TypedComponentFunc` and imports are typed host functions, with no
/// `ComponentValue` in between. (Functions whose types hold resource
/// handles keep the dynamic layer: a handle needs the instance's functions
/// when it is lifted.)
struct TypedConversions {
    /// The conformance extension of one declaration, or nothing for one that holds a resource.
    static func conformance(
        _ declaration: TypeMapper.Declaration, namespace: String, access: String, mapper: inout TypeMapper,
        qualified: (String) -> String
    ) -> [String] {
        guard !TypeMapper.holdsResource(declaration.type) else { return [] }
        let name = declaration.swiftName
        let full = "\(namespace).\(name)"
        var matches: [String] = []
        var lower: [String] = []
        var lift: [String] = []
        func literal(_ text: String) -> String { DynamicConversions.literal(text) }
        switch declaration.type {
        case .record(let fields):
            let members = DynamicConversions.memberNames(fields.map(\.name))
            var pairs: [String] = []
            for field in fields {
                let type = qualified(
                    mapper.swiftType(field.type, near: declaration.interface, hint: name + "-" + field.name))
                pairs.append("\(literal(field.name)): \(type).self")
            }
            matches = ["type.matchesRecord([\(pairs.joined(separator: ", "))])"]
            lower = ["try lowerer.record(fieldCount: \(fields.count)) { fields in"]
            for (index, field) in fields.enumerated() {
                lower.append("    try fields.field(\(literal(field.name)), \(members[index].member))")
            }
            lower.append("}")
            lift = ["self = try lifter.record { fields in", "    Self("]
            for (index, field) in fields.enumerated() {
                let comma = index == fields.count - 1 ? "" : ","
                lift.append(
                    "        \(SwiftNames.argumentLabel(members[index].label)): try fields.field(\(literal(field.name)))\(comma)"
                )
            }
            lift += ["    )", "}"]
        case .variant(let cases):
            let members = DynamicConversions.memberNames(cases.map(\.name))
            var pairs: [String] = []
            for item in cases {
                let payload = item.payload.map {
                    qualified(mapper.swiftType($0, near: declaration.interface, hint: name + "-" + item.name)) + ".self"
                }
                pairs.append("\(literal(item.name)): \(payload ?? "nil")")
            }
            matches = ["type.matchesVariant([\(pairs.joined(separator: ", "))])"]
            lower = ["switch self {"]
            lift = ["self = try lifter.variant { variant in", "    switch variant.caseName {"]
            for (index, item) in cases.enumerated() {
                let member = members[index].member
                if item.payload != nil {
                    lower.append(
                        "case .\(member)(let payload): try lowerer.variant(\(literal(item.name)), payload: payload)")
                    lift.append("    case \(literal(item.name)): .\(member)(try variant.payload())")
                } else {
                    lower.append("case .\(member): try lowerer.variant(\(literal(item.name)))")
                    lift.append("    case \(literal(item.name)): .\(member)")
                }
            }
            lower.append("}")
            lift += ["    default: throw variant.unknownCase()", "    }", "}"]
        case .enum(let cases):
            let members = DynamicConversions.memberNames(cases)
            matches = ["type.matchesEnum([\(cases.map(literal).joined(separator: ", "))])"]
            lower = ["switch self {"]
            lift = ["let name = try lifter.enumCase()", "switch name {"]
            for (index, item) in cases.enumerated() {
                lower.append("case .\(members[index].member): try lowerer.enumCase(\(literal(item)))")
                lift.append("case \(literal(item)): self = .\(members[index].member)")
            }
            lower.append("}")
            lift += ["default: throw lifter.unknownCase(name)", "}"]
        case .flags(let flags):
            let members = DynamicConversions.memberNames(flags)
            matches = ["type.matchesFlags([\(flags.map(literal).joined(separator: ", "))])"]
            lower = ["var names: [Swift.String] = []"]
            for (index, flag) in flags.enumerated() {
                lower.append("if contains(.\(members[index].member)) { names.append(\(literal(flag))) }")
            }
            lower.append("try lowerer.flags(names)")
            lift = ["var flags: Self = []", "for name in try lifter.flags() {", "    switch name {"]
            for (index, flag) in flags.enumerated() {
                lift.append("    case \(literal(flag)): flags.insert(.\(members[index].member))")
            }
            lift += ["    default: throw lifter.unknownCase(name)", "    }", "}", "self = flags"]
        default:
            return []
        }
        var lines = [
            "",
            "extension \(full): Wasmtime.ComponentLowerable, Wasmtime.ComponentLiftable {",
            "    \(access)static func matches(_ type: Wasmtime.ComponentValueType) -> Swift.Bool {",
        ]
        lines += matches.map { "        " + $0 }
        lines += ["    }", "", "    \(access)func lower(into lowerer: inout Wasmtime.ComponentLowerer) throws {"]
        lines += lower.map { "        " + $0 }
        lines += ["    }", "", "    \(access)init(lifting lifter: inout Wasmtime.ComponentLifter) throws {"]
        lines += lift.map { "        " + $0 }
        lines += ["    }", "}"]
        return lines
    }
}
