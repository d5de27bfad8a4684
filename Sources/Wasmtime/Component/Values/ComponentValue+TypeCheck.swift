// Checking values against component types before they reach Wasmtime: a
// value of the wrong kind makes Wasmtime refuse the call *and* leaves the
// store unable to enter any component again, so the Swift layer rejects it
// first, with a message that names the path to the wrong part.

extension ComponentValue {
    /// Throws a ``WasmtimeError/Kind/typeMismatch`` error unless the value
    /// has type `type`; `path` names the value in messages. Owned resources
    /// that the call will move into the guest are added to `moved`.
    func check(
        against type: ComponentValueType, in store: AnyStore, path: String,
        moved: inout [ResourceBox]
    ) throws(WasmtimeError) {
        func mismatch(_ detail: String? = nil) -> WasmtimeError {
            WasmtimeError(.typeMismatch, "\(path): expected \(type), got " + (detail ?? "\(kindName) \(self)"))
        }
        switch (type, self) {
        case (.bool, .bool), (.s8, .s8), (.u8, .u8), (.s16, .s16), (.u16, .u16), (.s32, .s32), (.u32, .u32),
            (.s64, .s64), (.u64, .u64), (.f32, .f32), (.f64, .f64), (.char, .char), (.string, .string):
            return
        case (.list(let element), .list(let elements)):
            if let kind = ScalarKind(element) {
                // Scalars (a byte list above all): one comparison per element and
                // no path string; the general check only names the first wrong one.
                guard let wrong = elements.firstIndex(where: { !kind.matches($0) }) else { return }
                try elements[wrong].check(against: element, in: store, path: "\(path)[\(wrong)]", moved: &moved)
                return
            }
            for (index, value) in elements.enumerated() {
                try value.check(against: element, in: store, path: "\(path)[\(index)]", moved: &moved)
            }
        case (.record(let fields), .record(let values)):
            guard fields.count == values.count, fields.indices.allSatisfy({ fields[$0].name == values[$0].name })
            else {
                throw mismatch(
                    "a record with fields (\(values.map(\.name).joined(separator: ", "))); "
                        + "fields must be given in declaration order")
            }
            for (field, value) in zip(fields, values) {
                try value.value.check(against: field.type, in: store, path: "\(path).\(field.name)", moved: &moved)
            }
        case (.tuple(let types), .tuple(let values)):
            guard types.count == values.count else { throw mismatch("a tuple of \(values.count) elements") }
            for (index, (element, value)) in zip(types, values).enumerated() {
                try value.check(against: element, in: store, path: "\(path).\(index)", moved: &moved)
            }
        case (.variant(let cases), .variant(let name, let payload)):
            guard let match = cases.first(where: { $0.name == name }) else { throw mismatch("unknown case `\(name)`") }
            try Self.checkPayload(payload, against: match.payload, in: store, path: "\(path).\(name)", moved: &moved)
        case (.enum(let names), .enum(let name)):
            guard names.contains(name) else { throw mismatch("unknown case `\(name)`") }
        case (.option(let inner), .option(let payload)):
            if let payload { try payload.check(against: inner, in: store, path: "\(path).some", moved: &moved) }
        case (.result(let ok, _), .ok(let payload)):
            try Self.checkPayload(payload, against: ok, in: store, path: "\(path).ok", moved: &moved)
        case (.result(_, let error), .err(let payload)):
            try Self.checkPayload(payload, against: error, in: store, path: "\(path).err", moved: &moved)
        case (.flags(let names), .flags(let set)):
            var seen = Set<String>()
            for name in set {
                guard names.contains(name) else { throw mismatch("unknown flag `\(name)`") }
                guard seen.insert(name).inserted else { throw mismatch("flag `\(name)` given twice") }
            }
        case (.own(let expected), .resource(let resource)), (.borrow(let expected), .resource(let resource)):
            try resource.box.checkUsable(in: store)
            guard ComponentResourceType(resource.box.type) == expected else {
                throw mismatch("a resource of another type")
            }
            if case .own = type {
                guard resource.isOwned else { throw mismatch("a borrowed resource where an owned one is needed") }
                guard !moved.contains(where: { $0 === resource.box }) else {
                    throw mismatch("the same owned resource twice")
                }
                moved.append(resource.box)
            }
        case (.map(let keyType, let valueType), .map(let entries)):
            for (index, entry) in entries.enumerated() {
                try entry.key.check(against: keyType, in: store, path: "\(path)[key \(index)]", moved: &moved)
                try entry.value.check(against: valueType, in: store, path: "\(path)[\(entry.key)]", moved: &moved)
            }
        case (.fixedLengthList, _), (.future, _), (.stream, _), (.errorContext, _):
            throw WasmtimeError(.typeMismatch, "\(path): values of type \(type) cannot cross Wasmtime 50's C API")
        default:
            throw mismatch()
        }
    }

    private static func checkPayload(
        _ payload: ComponentValue?, against type: ComponentValueType?, in store: AnyStore,
        path: String, moved: inout [ResourceBox]
    ) throws(WasmtimeError) {
        switch (payload, type) {
        case (nil, nil): return
        case (let payload?, let type?): try payload.check(against: type, in: store, path: path, moved: &moved)
        case (nil, let type?):
            throw WasmtimeError(.typeMismatch, "\(path): expected a payload of type \(type), got none")
        case (let payload?, nil): throw WasmtimeError(.typeMismatch, "\(path): expected no payload, got \(payload)")
        }
    }
}

/// The scalar component types, for checking a list's elements without a
/// recursive call each.
enum ScalarKind {
    case bool, s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, char, string

    init?(_ type: ComponentValueType) {
        switch type {
        case .bool: self = .bool
        case .s8: self = .s8
        case .u8: self = .u8
        case .s16: self = .s16
        case .u16: self = .u16
        case .s32: self = .s32
        case .u32: self = .u32
        case .s64: self = .s64
        case .u64: self = .u64
        case .f32: self = .f32
        case .f64: self = .f64
        case .char: self = .char
        case .string: self = .string
        default: return nil
        }
    }

    /// Whether `value` has this type.
    @inline(__always)
    func matches(_ value: ComponentValue) -> Bool {
        // On the value's case alone: no payload is copied.
        switch value {
        case .bool: self == .bool
        case .s8: self == .s8
        case .u8: self == .u8
        case .s16: self == .s16
        case .u16: self == .u16
        case .s32: self == .s32
        case .u32: self == .u32
        case .s64: self == .s64
        case .u64: self == .u64
        case .f32: self == .f32
        case .f64: self == .f64
        case .char: self == .char
        case .string: self == .string
        default: false
        }
    }
}

extension ComponentValue {
    /// Adds the owned handles inside this value to `moved` (when no type says
    /// which handles move, every owned one does): a handle given twice is an error.
    func collectOwnedResources(into moved: inout [ResourceBox]) throws(WasmtimeError) {
        switch self {
        case .resource(let resource):
            guard resource.isOwned else { return }
            guard !moved.contains(where: { $0 === resource.box }) else {
                throw WasmtimeError(.typeMismatch, "the same owned resource was given twice")
            }
            moved.append(resource.box)
        case .list(let values), .tuple(let values):
            for value in values { try value.collectOwnedResources(into: &moved) }
        case .record(let fields):
            for field in fields { try field.value.collectOwnedResources(into: &moved) }
        case .variant(_, let payload?), .option(let payload?), .ok(let payload?), .err(let payload?):
            try payload.collectOwnedResources(into: &moved)
        case .map(let entries):
            for entry in entries {
                try entry.key.collectOwnedResources(into: &moved)
                try entry.value.collectOwnedResources(into: &moved)
            }
        default:
            return
        }
    }
}
