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
            Self.escape(scalar, to: &text)
            text += "'"
        case .string(let string):
            text += "\""
            for scalar in string.unicodeScalars { Self.escape(scalar, to: &text) }
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
            // WAVE has no map syntax yet (the wasmtime 49 CLI cannot print
            // maps): written like a record whose keys are values.
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

    /// WAVE spells the non-finite floats as words and finite ones in
    /// positional notation with the shortest digits that round-trip, as the
    /// `wasmtime` CLI prints them: `1`, `0.1`, `-0`, `1000000000000000000000000000000`
    /// (never `1e+30`).
    private static func wave(float value: Double, shortest: String) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = Substring(shortest)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let integerPart = text.prefix { $0 != "." }
        let fraction = text.dropFirst(integerPart.count + (integerPart.count < text.count ? 1 : 0))
        let digits = Array(integerPart + fraction)
        let point = integerPart.count + exponent
        var whole: String
        var decimals: String
        if point <= 0 {
            whole = "0"
            decimals = String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            whole = String(digits) + String(repeating: "0", count: point - digits.count)
            decimals = ""
        } else {
            whole = String(digits[..<point])
            decimals = String(digits[point...])
        }
        whole = String(whole.drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        while decimals.last == "0" { decimals.removeLast() }
        return (negative ? "-" : "") + whole + (decimals.isEmpty ? "" : "." + decimals)
    }

    /// Names that are WAVE keywords get a `%` prefix, as in WIT.
    private static func label(_ name: String) -> String {
        switch name {
        case "true", "false", "some", "none", "ok", "err", "inf", "nan": "%" + name
        default: name
        }
    }

    /// Escapes like the `wasmtime` CLI: quotes of both kinds, backslash,
    /// `\t` `\n` `\r`, and as `\u{…}` every scalar that is not printable
    /// (controls, format characters, separators other than the space,
    /// private-use and unassigned code points) or that extends a grapheme.
    private static func escape(_ scalar: Unicode.Scalar, to text: inout String) {
        switch scalar {
        case "\\": text += "\\\\"
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        case "'": text += "\\'"
        case "\"": text += "\\\""
        case " ": text += " "
        default:
            if needsEscape(scalar) {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isGraphemeExtend { return true }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }
}
