import Wasmtime

// Hand-written conformances of the echo component's named types, written
// the way a generator (issue 13) would emit them.

/// `record { id: u32, name: string, scores: list<s16> }`.
struct ARecord: ComponentValueConvertible, Equatable {
    var id: UInt32
    var name: String
    var scores: [Int16]

    static func matches(_ type: ComponentValueType) -> Bool {
        type.matchesRecord(["id": UInt32.self, "name": String.self, "scores": [Int16].self])
    }

    func lower(into lowerer: inout ComponentLowerer) throws {
        try lowerer.record(fieldCount: 3) { fields in
            try fields.field("id", id)
            try fields.field("name", name)
            try fields.field("scores", scores)
        }
    }

    init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.record { fields in
            ARecord(id: try fields.field("id"), name: try fields.field("name"), scores: try fields.field("scores"))
        }
    }

    init(id: UInt32, name: String, scores: [Int16]) {
        self.id = id
        self.name = name
        self.scores = scores
    }
}

/// `variant { nothing, number(u64), text(string) }`.
enum AVariant: ComponentValueConvertible, Equatable {
    case nothing
    case number(UInt64)
    case text(String)

    static func matches(_ type: ComponentValueType) -> Bool {
        type.matchesVariant(["nothing": nil, "number": UInt64.self, "text": String.self])
    }

    func lower(into lowerer: inout ComponentLowerer) throws {
        switch self {
        case .nothing: try lowerer.variant("nothing")
        case .number(let value): try lowerer.variant("number", payload: value)
        case .text(let value): try lowerer.variant("text", payload: value)
        }
    }

    init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.variant { variant in
            switch variant.caseName {
            case "nothing": .nothing
            case "number": .number(try variant.payload())
            case "text": .text(try variant.payload())
            default: throw variant.unknownCase()
            }
        }
    }
}

/// `enum { red, green, blue }`.
enum Color: String, ComponentValueConvertible, CaseIterable {
    case red, green, blue

    static func matches(_ type: ComponentValueType) -> Bool { type.matchesEnum(allCases.map(\.rawValue)) }

    func lower(into lowerer: inout ComponentLowerer) throws { try lowerer.enumCase(rawValue) }

    init(lifting lifter: inout ComponentLifter) throws {
        let name = try lifter.enumCase()
        guard let value = Color(rawValue: name) else { throw lifter.unknownCase(name) }
        self = value
    }
}

/// `flags { read, write, exec }`.
struct Permissions: OptionSet, ComponentValueConvertible {
    let rawValue: UInt8
    static let read = Permissions(rawValue: 1)
    static let write = Permissions(rawValue: 2)
    static let exec = Permissions(rawValue: 4)
    static let names: [(String, Permissions)] = [("read", .read), ("write", .write), ("exec", .exec)]

    static func matches(_ type: ComponentValueType) -> Bool { type.matchesFlags(names.map(\.0)) }

    func lower(into lowerer: inout ComponentLowerer) throws {
        try lowerer.flags(Self.names.filter { contains($0.1) }.map(\.0))
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(lifting lifter: inout ComponentLifter) throws {
        self = []
        for name in try lifter.flags() {
            guard let flag = Self.names.first(where: { $0.0 == name }) else { throw lifter.unknownCase(name) }
            insert(flag.1)
        }
    }
}

/// `record { k: string, v: option<result<u8, string>> }`.
struct Leaf: ComponentValueConvertible, Equatable {
    var k: String
    var v: Result<UInt8, ComponentError<String>>?

    static func matches(_ type: ComponentValueType) -> Bool {
        type.matchesRecord(["k": String.self, "v": Result<UInt8, ComponentError<String>>?.self])
    }

    func lower(into lowerer: inout ComponentLowerer) throws {
        try lowerer.record(fieldCount: 2) { fields in
            try fields.field("k", k)
            try fields.field("v", v)
        }
    }

    init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.record { fields in Leaf(k: try fields.field("k"), v: try fields.field("v")) }
    }

    init(k: String, v: Result<UInt8, ComponentError<String>>?) {
        self.k = k
        self.v = v
    }
}

/// `variant { leaf(leaf), empty }`.
enum Node: ComponentValueConvertible, Equatable {
    case leaf(Leaf)
    case empty

    static func matches(_ type: ComponentValueType) -> Bool {
        type.matchesVariant(["leaf": Leaf.self, "empty": nil])
    }

    func lower(into lowerer: inout ComponentLowerer) throws {
        switch self {
        case .leaf(let leaf): try lowerer.variant("leaf", payload: leaf)
        case .empty: try lowerer.variant("empty")
        }
    }

    init(lifting lifter: inout ComponentLifter) throws {
        self = try lifter.variant { variant in
            switch variant.caseName {
            case "leaf": .leaf(try variant.payload())
            case "empty": .empty
            default: throw variant.unknownCase()
            }
        }
    }
}

/// The 16 `u64` padding parameter of the memory echoes.
typealias Pad = ComponentTuple<
    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
>

/// The padding argument's value.
let zeroPad = Pad(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
