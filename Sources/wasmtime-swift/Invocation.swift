import Wasmtime

/// Command-line text to WebAssembly values and back, for `run --invoke`.
enum Invocation {
    /// Parses `texts` as arguments of a function of type `type`.
    static func arguments(_ texts: [String], for type: FuncType, name: String) throws(Failure) -> [Value] {
        guard texts.count == type.parameters.count else {
            let expected = type.parameters.map(\.description).joined(separator: ", ")
            throw Failure(
                "'\(name)' takes \(type.parameters.count) argument(s) (\(expected)), but \(texts.count == 1 ? "1 was" : "\(texts.count) were") given"
            )
        }
        var values: [Value] = []
        for (index, (text, parameterType)) in zip(texts, type.parameters).enumerated() {
            guard let value = parse(text, as: parameterType) else {
                throw Failure("argument \(index + 1) of '\(name)': '\(text)' is not a valid \(parameterType)")
            }
            values.append(value)
        }
        return values
    }

    /// Integers in decimal (signed or unsigned) or `0x` hexadecimal; floats
    /// in any form Swift reads (`1.5`, `-inf`, `nan`, `0x1p-3`); `v128` as
    /// `0x` and 32 hex digits; references only as `null`.
    static func parse(_ text: String, as type: ValueType) -> Value? {
        switch type {
        case .i32:
            if let value = Int32(text) { return .i32(value) }
            return unsigned(text, UInt32.self).map { .i32(Int32(bitPattern: $0)) }
        case .i64:
            if let value = Int64(text) { return .i64(value) }
            return unsigned(text, UInt64.self).map { .i64(Int64(bitPattern: $0)) }
        case .f32:
            return Float(text).map { .f32($0) }
        case .f64:
            return Double(text).map { .f64($0) }
        case .v128:
            guard text.hasPrefix("0x"), text.count == 34,
                let high = UInt64(text.dropFirst(2).prefix(16), radix: 16),
                let low = UInt64(text.suffix(16), radix: 16)
            else { return nil }
            return .v128(V128(low: low, high: high))
        case .ref(let ref):
            guard text == "null", ref.isNullable else { return nil }
            return .zero(of: type)
        }
    }

    private static func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ text: String, _: T.Type) -> T? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return T(text.dropFirst(2), radix: 16) }
        return T(text)
    }

    /// One result as printed: integers in signed decimal, floats as Swift
    /// prints them (shortest round-trip form), `v128` in hexadecimal.
    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): "\(v)"
        case .i64(let v): "\(v)"
        case .f32(let v): "\(v)"
        case .f64(let v): "\(v)"
        case .v128(let v):
            "0x" + hex(v.high) + hex(v.low)
        default:
            value.isNull ? "null" : "<\(value.type)>"
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
