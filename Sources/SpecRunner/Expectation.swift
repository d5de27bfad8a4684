import Wasmtime

/// What an `assert_return` expects of one result.
public indirect enum Expectation: Sendable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    case f32(FloatPattern)
    case f64(FloatPattern)
    /// A vector, lane by lane; integer lanes are exact bits, float lanes may be NaN patterns.
    case v128(LaneShape, [FloatPattern])
    /// A null reference of a hierarchy; `nil` accepts any hierarchy (`ref.null` without a type).
    case null(RefHierarchy?)
    /// Any non-null function reference (`ref.func`).
    case funcref
    /// A non-null host reference: `ref.extern N`, or any one when `nil`.
    case externref(UInt32?)
    /// `ref.host N`: a host reference converted into the `any` hierarchy.
    case host(UInt32)
    /// A non-null reference of the `any` hierarchy, of a kind when given.
    case gc(GCKind?)
    /// A non-null exception reference.
    case exnref
    /// Any one of the alternatives.
    case either([Expectation])

    public var description: String {
        switch self {
        case .i32(let v): "i32:\(Int32(bitPattern: v))"
        case .i64(let v): "i64:\(Int64(bitPattern: v))"
        case .f32(let p): "f32:\(p.description(width: 32))"
        case .f64(let p): "f64:\(p.description(width: 64))"
        case .v128(let shape, let lanes):
            "v128:\(shape) [\(lanes.map { shape.describe($0) }.joined(separator: " "))]"
        case .null(let h): h.map { "ref.null \($0)" } ?? "ref.null"
        case .funcref: "ref.func"
        case .externref(let n): n.map { "ref.extern \($0)" } ?? "ref.extern"
        case .host(let n): "ref.host \(n)"
        case .gc(let kind): kind.map { "ref.\($0)" } ?? "ref.any"
        case .exnref: "ref.exn"
        case .either(let options): "either(\(options.map(\.description).joined(separator: " | ")))"
        }
    }
}

/// Kinds of objects in the `any` hierarchy that a pattern can name.
public enum GCKind: String, Sendable, CustomStringConvertible {
    case eq, i31, `struct`, array
    public var description: String { rawValue }
}

/// A float (or vector lane) pattern: exact bits or a class of NaNs.
public enum FloatPattern: Sendable, Equatable {
    case bits(UInt64)
    /// `nan:canonical`: the quiet NaN with an all-zero payload, either sign.
    case canonicalNaN
    /// `nan:arithmetic`: any quiet NaN, either sign.
    case arithmeticNaN

    /// Whether the `width`-bit float `bits` matches.
    public func matches(_ bits: UInt64, width: Int) -> Bool {
        let quietNaN: UInt64 = width == 32 ? 0x7fc0_0000 : 0x7ff8_0000_0000_0000
        let magnitude: UInt64 = width == 32 ? 0x7fff_ffff : 0x7fff_ffff_ffff_ffff
        switch self {
        case .bits(let expected): return bits == expected
        case .canonicalNaN: return bits & magnitude == quietNaN
        case .arithmeticNaN: return bits & quietNaN == quietNaN
        }
    }

    func description(width: Int) -> String {
        switch self {
        case .bits(let bits):
            width == 32 ? Formatting.float32(UInt32(truncatingIfNeeded: bits)) : Formatting.float64(bits)
        case .canonicalNaN: "nan:canonical"
        case .arithmeticNaN: "nan:arithmetic"
        }
    }
}

/// How a `v128` literal is split into lanes.
public enum LaneShape: String, Sendable, CustomStringConvertible {
    case i8, i16, i32, i64, f32, f64

    /// Width of one lane in bits.
    public var laneBits: Int {
        switch self {
        case .i8: 8
        case .i16: 16
        case .i32, .f32: 32
        case .i64, .f64: 64
        }
    }

    public var laneCount: Int { 128 / laneBits }
    public var isFloat: Bool { self == .f32 || self == .f64 }
    public var description: String { "\(rawValue)x\(laneCount)" }

    /// Packs lane values (truncated to the lane width) into 16 little-endian bytes.
    func bytes(_ lanes: [UInt64]) throws -> [UInt8] {
        guard lanes.count == laneCount else {
            throw ScriptError("\(self) needs \(laneCount) lanes, got \(lanes.count)")
        }
        var bytes: [UInt8] = []
        for lane in lanes {
            for byte in 0..<(laneBits / 8) { bytes.append(UInt8(truncatingIfNeeded: lane >> (8 * UInt64(byte)))) }
        }
        return bytes
    }

    /// Lane values of a vector, zero-extended.
    func lanes(of vector: V128) -> [UInt64] {
        let bytes = vector.byteArray
        return (0..<laneCount).map { lane in
            var value: UInt64 = 0
            for byte in (0..<(laneBits / 8)).reversed() {
                value = value << 8 | UInt64(bytes[lane * laneBits / 8 + byte])
            }
            return value
        }
    }

    func describe(_ pattern: FloatPattern) -> String {
        if isFloat { return pattern.description(width: laneBits) }
        guard case .bits(let bits) = pattern else { return "?" }
        return describe(lane: bits)
    }

    func describe(lane bits: UInt64) -> String {
        switch self {
        case .i8: "\(Int8(truncatingIfNeeded: bits))"
        case .i16: "\(Int16(truncatingIfNeeded: bits))"
        case .i32: "\(Int32(truncatingIfNeeded: bits))"
        case .i64: "\(Int64(bitPattern: bits))"
        case .f32: Formatting.float32(UInt32(truncatingIfNeeded: bits))
        case .f64: Formatting.float64(bits)
        }
    }
}

extension Expectation {
    init(json: [String: Any]) throws {
        let type = json["type"] as? String ?? "?"
        let value = json["value"]
        func float() throws -> FloatPattern {
            switch value as? String {
            case "nan:canonical": .canonicalNaN
            case "nan:arithmetic": .arithmeticNaN
            default: .bits(try Parse.integer(value))
            }
        }
        switch type {
        case "i32": self = .i32(UInt32(truncatingIfNeeded: try Parse.integer(value)))
        case "i64": self = .i64(try Parse.integer(value))
        case "f32": self = .f32(try float())
        case "f64": self = .f64(try float())
        case "v128":
            guard let lanes = value as? [String], let shape = (json["lane_type"] as? String).flatMap(LaneShape.init),
                lanes.count == shape.laneCount
            else { throw ScriptError("bad v128 expectation") }
            let mask: UInt64 = shape.laneBits == 64 ? .max : (1 << UInt64(shape.laneBits)) - 1
            self = .v128(
                shape,
                try lanes.map { lane in
                    switch lane {
                    case "nan:canonical" where shape.isFloat: .canonicalNaN
                    case "nan:arithmetic" where shape.isFloat: .arithmeticNaN
                    default: .bits(try Parse.integer(lane) & mask)
                    }
                })
        case "either":
            let options = try (json["values"] as? [[String: Any]] ?? []).map { try Expectation(json: $0) }
            guard !options.isEmpty else { throw ScriptError("empty either") }
            self = .either(options)
        case "refnull": self = .null(nil)
        default:
            guard let reference = RefLiteral(type: type) else { throw ScriptError("unknown result type \(type)") }
            let text = value as? String
            if reference.isNullType || text == "null" {
                self = .null(reference.hierarchy)
                return
            }
            let number = try text.map { UInt32(truncatingIfNeeded: try Parse.integer($0)) }
            switch reference.hierarchy {
            case .function: self = .funcref
            case .extern: self = .externref(number)
            case .exn: self = .exnref
            case .any:
                if let number, reference.gcKind == nil { self = .host(number) } else { self = .gc(reference.gcKind) }
            }
        }
    }
}

// MARK: - Matching

/// Answers the questions about references that need the store.
protocol ReferenceInspector {
    /// The number `N` of a `ref.host N` seen as an `anyref`, if it is one.
    func hostNumber(of reference: AnyRef) -> UInt32?
}

extension Expectation {
    func matches(_ value: Value, _ inspector: some ReferenceInspector) -> Bool {
        switch (self, value) {
        case (.either(let options), _): return options.contains { $0.matches(value, inspector) }
        case (.i32(let e), .i32(let v)): return e == UInt32(bitPattern: v)
        case (.i64(let e), .i64(let v)): return e == UInt64(bitPattern: v)
        case (.f32(let p), .f32(let v)): return p.matches(UInt64(v.bitPattern), width: 32)
        case (.f64(let p), .f64(let v)): return p.matches(v.bitPattern, width: 64)
        case (.v128(let shape, let patterns), .v128(let v)):
            let lanes = shape.lanes(of: v)
            return zip(patterns, lanes).allSatisfy { $0.matches($1, width: shape.laneBits) }
        case (.null(let hierarchy), _):
            guard value.isNull, let actual = Self.hierarchy(of: value) else { return false }
            return hierarchy == nil || hierarchy == actual
        case (.funcref, .funcref(let f)): return f != nil
        case (.externref(let n), .externref(let e?)):
            guard let n else { return true }
            return (e.value as? UInt32) == n
        case (.exnref, .exnref(let e)): return e != nil
        case (.host(let n), .anyref(let a?)): return inspector.hostNumber(of: a) == n
        case (.gc(let kind), .anyref(let a?)):
            switch kind {
            case nil: return true
            case .eq: return a.isEq
            case .i31: return a.isI31
            case .struct: return a.isStruct
            case .array: return a.isArray
            }
        default: return false
        }
    }

    static func hierarchy(of value: Value) -> RefHierarchy? {
        switch value {
        case .funcref: .function
        case .externref: .extern
        case .anyref: .any
        case .exnref: .exn
        default: nil
        }
    }

    /// The shape to print an actual vector in: the expected one's.
    var laneShape: LaneShape? {
        switch self {
        case .v128(let shape, _): shape
        case .either(let options): options.lazy.compactMap(\.laneShape).first
        default: nil
        }
    }
}

// MARK: - Formatting

enum Formatting {
    static func float32(_ bits: UInt32) -> String {
        let value = Float(bitPattern: bits)
        if value.isNaN { return "nan:0x" + String(bits, radix: 16) }
        return "\(value) (0x\(String(bits, radix: 16)))"
    }

    static func float64(_ bits: UInt64) -> String {
        let value = Double(bitPattern: bits)
        if value.isNaN { return "nan:0x" + String(bits, radix: 16) }
        return "\(value) (0x\(String(bits, radix: 16)))"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        "0x" + bytes.reversed().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Renders a result, vectors in `shape` when known.
    static func describe(_ value: Value, shape: LaneShape?, _ inspector: some ReferenceInspector) -> String {
        switch value {
        case .i32(let v): return "i32:\(v)"
        case .i64(let v): return "i64:\(v)"
        case .f32(let v): return "f32:\(float32(v.bitPattern))"
        case .f64(let v): return "f64:\(float64(v.bitPattern))"
        case .v128(let v):
            guard let shape else { return "v128:\(v)" }
            return "v128:\(shape) [\(shape.lanes(of: v).map { shape.describe(lane: $0) }.joined(separator: " "))]"
        case .funcref(let f): return f == nil ? "ref.null func" : "ref.func"
        case .externref(nil): return "ref.null extern"
        case .externref(let e?):
            if let n = e.value as? UInt32 { return "ref.extern \(n)" }
            return e.isOpaque ? "ref.extern (internal)" : "ref.extern \(e.value)"
        case .exnref(let e): return e == nil ? "ref.null exn" : "ref.exn"
        case .anyref(nil): return "ref.null any"
        case .anyref(let a?):
            if let n = a.i31Signed { return "ref.i31 \(n)" }
            if a.isStruct { return "ref.struct" }
            if a.isArray { return "ref.array" }
            if let n = inspector.hostNumber(of: a) { return "ref.host \(n)" }
            return "ref.any"
        }
    }
}
