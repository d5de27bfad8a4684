// WAVE (the WebAssembly Value Encoding): the text form of component values
// that the `wasmtime` CLI uses for `--invoke` arguments and results.

extension ComponentValue: CustomStringConvertible {
    /// The value in WAVE syntax: `"hi"`, `'x'`, `[1, 2]`, `{a: 1, b: none}`,
    /// `some(ok("x"))`, `{read, write}`, `nan`, `-inf`, ….
    public var description: String {
        var text = ""
        writeWAVE(to: &text)
        return text
    }

    private func writeWAVE(to text: inout String) {
        switch self {
        case .bool(let value): text += value ? "true" : "false"
        case .s8(let value): text += String(value)
        case .u8(let value): text += String(value)
        case .s16(let value): text += String(value)
        case .u16(let value): text += String(value)
        case .s32(let value): text += String(value)
        case .u32(let value): text += String(value)
        case .s64(let value): text += String(value)
        case .u64(let value): text += String(value)
        case .f32(let value): text += Self.wave(float: Double(value), shortest: value.description)
        case .f64(let value): text += Self.wave(float: value, shortest: value.description)
        case .char(let scalar):
            text += "'"
            Self.escape(scalar, in: "'", to: &text)
            text += "'"
        case .string(let string):
            text += "\""
            for scalar in string.unicodeScalars { Self.escape(scalar, in: "\"", to: &text) }
            text += "\""
        case .list(let elements), .tuple(let elements):
            let (open, close) = if case .list = self { ("[", "]") } else { ("(", ")") }
            text += open
            for (index, element) in elements.enumerated() {
                if index > 0 { text += ", " }
                element.writeWAVE(to: &text)
            }
            text += close
        case .record(let fields):
            // WAVE writes a record without fields as `{:}` (`{}` is empty flags).
            guard !fields.isEmpty else {
                text += "{:}"
                return
            }
            text += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { text += ", " }
                text += Self.label(field.name) + ": "
                field.value.writeWAVE(to: &text)
            }
            text += "}"
        case .variant(let name, let payload):
            Self.writeCase(Self.label(name), payload, to: &text)
        case .enum(let name):
            text += Self.label(name)
        case .option(let payload):
            if let payload { Self.writeCase("some", payload, to: &text) } else { text += "none" }
        case .ok(let payload):
            Self.writeCase("ok", payload, to: &text)
        case .err(let payload):
            Self.writeCase("err", payload, to: &text)
        case .flags(let names):
            text += "{" + names.map(Self.label).joined(separator: ", ") + "}"
        case .resource:
            text += "<resource>"
        case .map(let entries):
            text += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { text += ", " }
                entry.key.writeWAVE(to: &text)
                text += ": "
                entry.value.writeWAVE(to: &text)
            }
            text += "}"
        }
    }

    private static func writeCase(_ name: String, _ payload: ComponentValue?, to text: inout String) {
        text += name
        if let payload {
            text += "("
            payload.writeWAVE(to: &text)
            text += ")"
        }
    }

    /// WAVE spells the non-finite floats as words; finite ones in their
    /// shortest round-tripping form.
    private static func wave(float value: Double, shortest: String) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return shortest
    }

    /// Names that are WAVE keywords get a `%` prefix, as in WIT.
    private static func label(_ name: String) -> String {
        switch name {
        case "true", "false", "some", "none", "ok", "err", "inf", "nan": "%" + name
        default: name
        }
    }

    private static func escape(_ scalar: Unicode.Scalar, in quote: Character, to text: inout String) {
        switch scalar {
        case "\\": text += "\\\\"
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        case "'" where quote == "'": text += "\\'"
        case "\"" where quote == "\"": text += "\\\""
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }
}
