// Reading WAVE (the WebAssembly Value Encoding) back into component values:
// the inverse of `description`, typed by the component type the value must
// have, as `wasmtime run --invoke 'f("hi", [1, 2])'` reads its arguments.

/// Why a WAVE text is not a value of the expected type, and where.
public struct WAVEParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for example `expected a u8, found 300`.
    public var message: String
    /// The offending part of the text, in UTF-8 byte offsets from its start
    /// (the `5..7` of the `wasmtime` CLI's messages).
    public var range: Range<Int>

    /// Creates an error.
    public init(_ message: String, at range: Range<Int>) {
        self.message = message
        self.range = range
    }

    /// The message with its position: `expected a string, found 'a' at 5..8`.
    public var description: String { "\(message) at \(range.lowerBound)..\(range.upperBound)" }

    /// The same error with its range moved by `offset` bytes, for a text
    /// that was cut out of a longer one.
    public func shifted(by offset: Int) -> WAVEParseError {
        WAVEParseError(message, at: (range.lowerBound + offset)..<(range.upperBound + offset))
    }
}

extension ComponentValue {
    /// Reads one value of type `type` written in WAVE, the syntax
    /// ``description`` prints: `true`, `-7`, `1.5`, `nan`, `-inf`, `'x'`,
    /// `"a\tb\u{1f600}"`, `[1, 2]`, `(1, "a")`, `{id: 1, name: "x"}` (option
    /// fields may be left out: they are `none`), `{:}` (a record without
    /// fields), `case`, `case(payload)`, `some(x)`, `none`, `ok`, `ok(x)`,
    /// `err(x)`, `{read, write}` (flags), `{}`. Labels that are keywords are
    /// written with `%` (`%none`). Maps are read like records whose keys are
    /// values (`{"a": 1}`), as ``description`` prints them.
    ///
    /// Resources, futures, streams and error contexts have no text form.
    ///
    /// - Throws: ``WAVEParseError`` with the message and the byte range of
    ///   the first part of `text` that does not fit.
    public init(wave text: String, as type: ComponentValueType) throws(WAVEParseError) {
        var parser = WAVEParser(text)
        parser.skipSpace()
        self = try parser.value(as: type)
        parser.skipSpace()
        guard parser.atEnd else {
            throw WAVEParseError("trailing characters after value", at: parser.index..<parser.bytes.count)
        }
    }

    /// Reads a comma-separated list of values, one of each type in `types`
    /// (a trailing comma is allowed): the arguments between the parentheses
    /// of a WAVE call such as `add(1, 2)`.
    ///
    /// - Throws: ``WAVEParseError`` for a value that does not fit its type,
    ///   fewer or more values than `types`, or text after the last value.
    public static func values(wave text: String, as types: [ComponentValueType]) throws(WAVEParseError)
        -> [ComponentValue]
    {
        var parser = WAVEParser(text)
        var values: [ComponentValue] = []
        parser.skipSpace()
        for (position, type) in types.enumerated() {
            if parser.atEnd {
                throw WAVEParseError(
                    "missing argument(s): \(types.count) expected (\(types.map(\.description).joined(separator: ", "))), "
                        + "\(position) given", at: parser.index..<parser.index)
            }
            values.append(try parser.value(as: type))
            parser.skipSpace()
            if parser.atEnd { continue }
            guard parser.peek == UInt8(ascii: ",") else {
                throw WAVEParseError("expected `,` or the end of the arguments", at: parser.tokenRange())
            }
            parser.index += 1
            parser.skipSpace()
        }
        guard parser.atEnd else {
            throw WAVEParseError("more arguments than expected: \(types.count) expected", at: parser.tokenRange())
        }
        return values
    }
}

/// A recursive-descent reader of WAVE text, guided by the expected type.
private struct WAVEParser {
    let bytes: [UInt8]
    var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func skipSpace() {
        while let byte = peek {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                // `//` comments run to the end of the line.
                while let next = peek, next != 0x0A { index += 1 }
            } else {
                return
            }
        }
    }

    /// The range of the token at `index` (a word, a number, a quoted text or one character), for messages.
    func tokenRange() -> Range<Int> {
        guard let first = peek else { return index..<index }
        var end = index + 1
        if Self.isWordByte(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "%") {
            while end < bytes.count, Self.isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        } else if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            while end < bytes.count, bytes[end] != first {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            end = min(end + 1, bytes.count)
        } else {
            // One whole UTF-8 scalar.
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        }
        return index..<end
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// `expected …, found …` at the current token.
    func mismatch(_ expected: String) -> WAVEParseError {
        let range = tokenRange()
        let found = range.isEmpty ? "the end of the text" : "`\(text(range))`"
        return WAVEParseError("expected \(expected), found \(found)", at: range)
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    mutating func expect(_ character: Unicode.Scalar, _ what: String) throws(WAVEParseError) {
        guard peek == UInt8(ascii: character) else { throw mismatch(what) }
        index += 1
    }

    // MARK: Values

    mutating func value(as type: ComponentValueType) throws(WAVEParseError) -> ComponentValue {
        switch type {
        case .bool:
            let start = index
            switch try label(what: "a bool (`true` or `false`)") {
            case ("true", false): return .bool(true)
            case ("false", false): return .bool(false)
            default:
                index = start
                throw mismatch("a bool (`true` or `false`)")
            }
        case .s8: return .s8(try integer(Int8.self, "s8"))
        case .u8: return .u8(try integer(UInt8.self, "u8"))
        case .s16: return .s16(try integer(Int16.self, "s16"))
        case .u16: return .u16(try integer(UInt16.self, "u16"))
        case .s32: return .s32(try integer(Int32.self, "s32"))
        case .u32: return .u32(try integer(UInt32.self, "u32"))
        case .s64: return .s64(try integer(Int64.self, "s64"))
        case .u64: return .u64(try integer(UInt64.self, "u64"))
        case .f32: return .f32(try float(Float.self, "f32"))
        case .f64: return .f64(try float(Double.self, "f64"))
        case .char:
            let start = index
            guard peek == UInt8(ascii: "'") else { throw mismatch("a char such as 'x'") }
            let scalars = try quoted(UInt8(ascii: "'"))
            guard scalars.count == 1 else {
                throw WAVEParseError(
                    "a char holds exactly one Unicode scalar, found \(scalars.count)", at: start..<index)
            }
            return .char(scalars[0])
        case .string:
            guard peek == UInt8(ascii: "\"") else { throw mismatch("a string such as \"text\"") }
            var string = String.UnicodeScalarView()
            string.append(contentsOf: try quoted(UInt8(ascii: "\"")))
            return .string(String(string))
        case .list(let element):
            return .list(
                try sequence(open: "[", close: "]", what: "a list such as [1, 2]") {
                    (p: inout WAVEParser) throws(WAVEParseError) in
                    try p.value(as: element)
                })
        case .tuple(let types):
            let start = index
            var position = 0
            let values = try sequence(open: "(", close: ")", what: "a tuple such as (1, \"a\")") {
                (p: inout WAVEParser) throws(WAVEParseError) in
                guard position < types.count else {
                    throw WAVEParseError(
                        "a tuple<\(types.map(\.description).joined(separator: ", "))> has \(types.count) element(s)",
                        at: p.tokenRange())
                }
                defer { position += 1 }
                return try p.value(as: types[position])
            }
            guard values.count == types.count else {
                throw WAVEParseError(
                    "a tuple<\(types.map(\.description).joined(separator: ", "))> has \(types.count) "
                        + "element(s), found \(values.count)", at: start..<index)
            }
            return .tuple(values)
        case .record(let fields):
            return try record(fields)
        case .variant(let cases):
            let start = index
            let name = try caseLabel(what: "a variant case (\(cases.map(\.name).joined(separator: ", ")))")
            guard let match = cases.first(where: { $0.name == name }) else {
                throw WAVEParseError("no case `\(name)` in \(type)", at: start..<index)
            }
            return .variant(name, try payload(match.payload, of: name, start: start))
        case .enum(let names):
            let start = index
            let name = try caseLabel(what: "an enum case (\(names.joined(separator: ", ")))")
            guard names.contains(name) else { throw WAVEParseError("no case `\(name)` in \(type)", at: start..<index) }
            return .enum(name)
        case .option(let inner):
            let start = index
            switch try label(what: "an option: `some(…)` or `none`") {
            case ("none", false): return .option(nil)
            case ("some", false): return .option(try payload(inner, of: "some", start: start))
            default:
                index = start
                throw mismatch("an option: `some(…)` or `none`")
            }
        case .result(let ok, let error):
            let start = index
            switch try label(what: "a result: `ok…` or `err…`") {
            case ("ok", false): return .ok(try payload(ok, of: "ok", start: start))
            case ("err", false): return .err(try payload(error, of: "err", start: start))
            default:
                index = start
                throw mismatch("a result: `ok…` or `err…`")
            }
        case .flags(let names):
            var seen: Set<String> = []
            let set = try sequence(open: "{", close: "}", what: "flags such as {a, b}") {
                (p: inout WAVEParser) throws(WAVEParseError) in
                let flagStart = p.index
                let name = try p.caseLabel(what: "a flag (\(names.joined(separator: ", ")))")
                guard names.contains(name) else {
                    throw WAVEParseError("no flag `\(name)` in \(type)", at: flagStart..<p.index)
                }
                guard seen.insert(name).inserted else {
                    throw WAVEParseError("duplicate flag `\(name)`", at: flagStart..<p.index)
                }
                return name
            }
            // Values list the flags in declaration order, as Wasmtime returns them.
            return .flags(names.filter(set.contains))
        case .map(let keyType, let valueType):
            return .map(
                try sequence(open: "{", close: "}", what: "a map such as {\"key\": 1}") {
                    (p: inout WAVEParser) throws(WAVEParseError) in
                    let key = try p.value(as: keyType)
                    p.skipSpace()
                    try p.expect(":", "`:` after a map key")
                    p.skipSpace()
                    return ComponentValue.MapEntry(key, try p.value(as: valueType))
                })
        case .own, .borrow, .future, .stream, .errorContext, .fixedLengthList:
            throw WAVEParseError("values of type \(type) cannot be written in WAVE", at: tokenRange())
        }
    }

    /// `(payload)` after a case name when the case has a payload type; nothing otherwise.
    mutating func payload(_ type: ComponentValueType?, of name: String, start: Int) throws(WAVEParseError)
        -> ComponentValue?
    {
        guard let type else {
            if peek == UInt8(ascii: "(") {
                throw WAVEParseError("`\(name)` has no payload", at: start..<tokenRange().upperBound)
            }
            return nil
        }
        guard peek == UInt8(ascii: "(") else {
            throw WAVEParseError("`\(name)` needs a payload of type \(type): \(name)(…)", at: start..<index)
        }
        index += 1
        skipSpace()
        let value = try value(as: type)
        skipSpace()
        try expect(")", "`)` after the payload of `\(name)`")
        return value
    }

    /// `{name: value, …}` in any order; `{:}` for a record without fields.
    mutating func record(_ fields: [ComponentField]) throws(WAVEParseError) -> ComponentValue {
        let start = index
        try expect("{", "a record such as {name: value}")
        skipSpace()
        var given: [String: ComponentValue] = [:]
        if peek == UInt8(ascii: ":") {
            index += 1
            skipSpace()
            try expect("}", "`}` closing the empty record {:}")
        } else {
            while peek != UInt8(ascii: "}") {
                let fieldStart = index
                let (name, _) = try label(what: "a field name (\(fields.map(\.name).joined(separator: ", ")))")
                guard let field = fields.first(where: { $0.name == name }) else {
                    throw WAVEParseError("no field `\(name)` in the record", at: fieldStart..<index)
                }
                guard given[name] == nil else {
                    throw WAVEParseError("duplicate field `\(name)`", at: fieldStart..<index)
                }
                skipSpace()
                try expect(":", "`:` after the field name `\(name)`")
                skipSpace()
                given[name] = try value(as: field.type)
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    index += 1
                    skipSpace()
                } else if peek != UInt8(ascii: "}") {
                    throw mismatch("`,` or `}` in a record")
                }
            }
            index += 1
        }
        var values: [ComponentValue.Field] = []
        for field in fields {
            if let value = given[field.name] {
                values.append(.init(field.name, value))
            } else if case .option = field.type {
                values.append(.init(field.name, .option(nil)))
            } else {
                throw WAVEParseError("missing field `\(field.name)` of type \(field.type)", at: start..<index)
            }
        }
        return .record(values)
    }

    /// `open element, element, … close`, with an optional trailing comma.
    mutating func sequence<T>(
        open: Unicode.Scalar, close: Unicode.Scalar, what: String,
        element: (inout WAVEParser) throws(WAVEParseError) -> T
    ) throws(WAVEParseError) -> [T] {
        try expect(open, what)
        skipSpace()
        var elements: [T] = []
        while peek != UInt8(ascii: close) {
            guard !atEnd else { throw mismatch("`\(close)`") }
            elements.append(try element(&self))
            skipSpace()
            if peek == UInt8(ascii: ",") {
                index += 1
                skipSpace()
            } else if peek != UInt8(ascii: close) {
                throw mismatch("`,` or `\(close)`")
            }
        }
        index += 1
        return elements
    }

    /// A label (`name`, `kebab-name`, `%keyword`); the flag says whether it was written with `%`.
    mutating func label(what: String = "a label") throws(WAVEParseError) -> (String, Bool) {
        let escaped = peek == UInt8(ascii: "%")
        let start = index
        if escaped { index += 1 }
        guard let first = peek, Self.isWordByte(first), first != UInt8(ascii: "-"),
            !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else {
            index = start
            throw mismatch(what)
        }
        let nameStart = index
        while let byte = peek, Self.isWordByte(byte) { index += 1 }
        return (text(nameStart..<index), escaped)
    }

    /// The words that are values themselves: a case, flag or field with one
    /// of these names is written with `%`.
    static let keywords: Set<String> = ["true", "false", "some", "none", "ok", "err", "inf", "nan"]

    /// The name of a case or flag: a keyword only when written with `%`, so
    /// that `true` is never read as a case named `true`.
    mutating func caseLabel(what: String) throws(WAVEParseError) -> String {
        let start = index
        let (name, escaped) = try label(what: what)
        if !escaped, Self.keywords.contains(name) {
            throw WAVEParseError(
                "no case `\(name)` here: a case or flag named after a keyword is written %\(name)",
                at: start..<index)
        }
        return name
    }

    /// A decimal integer of type `T`, with an optional `-`.
    mutating func integer<T: FixedWidthInteger>(_: T.Type, _ name: String) throws(WAVEParseError) -> T {
        let range = tokenRange()
        let token = text(range)
        guard let first = token.utf8.first,
            first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
            token.utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), token != "-"
        else { throw mismatch("a\(name.first == "u" ? "" : "n") \(name) (a decimal integer)") }
        guard let value = T(token) else {
            throw WAVEParseError("\(token) is out of range for \(name) (\(T.min)...\(T.max))", at: range)
        }
        index = range.upperBound
        return value
    }

    /// A decimal float (`1`, `-0.5`, `1.5e-3`), `nan`, `inf` or `-inf`.
    mutating func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_: T.Type, _ name: String)
        throws(WAVEParseError) -> T
    {
        let start = index
        switch peek {
        case UInt8(ascii: "n"), UInt8(ascii: "i"):
            let (word, _) = try label(what: "an \(name)")
            if word == "nan" { return .nan }
            if word == "inf" { return .infinity }
            index = start
            throw mismatch("an \(name) (a decimal number, nan, inf or -inf)")
        case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "i"):
            index += 1
            let (word, _) = try label(what: "an \(name)")
            if word == "inf" { return -.infinity }
            index = start
            throw mismatch("an \(name) (a decimal number, nan, inf or -inf)")
        default:
            break
        }
        // -? digits (. digits)? ([eE] [+-]? digits)?
        var end = index
        func digits() -> Bool {
            let from = end
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
            return end > from
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
        var valid = digits()
        if valid, end < bytes.count, bytes[end] == UInt8(ascii: ".") {
            end += 1
            valid = digits()
        }
        if valid, end < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") {
            end += 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") { end += 1 }
            valid = digits()
        }
        if valid, end < bytes.count, Self.isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { valid = false }
        guard valid, let value = T(text(start..<end)) else {
            throw mismatch("an \(name) (a decimal number, nan, inf or -inf)")
        }
        index = end
        return value
    }

    /// The scalars of a `'…'` or `"…"` text, escapes resolved.
    mutating func quoted(_ quote: UInt8) throws(WAVEParseError) -> [Unicode.Scalar] {
        let start = index
        index += 1
        var scalars: [Unicode.Scalar] = []
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll()
            }
        }
        while true {
            guard let byte = peek else {
                throw WAVEParseError(
                    "unterminated \(quote == UInt8(ascii: "'") ? "char" : "string")", at: start..<index)
            }
            if byte == quote {
                index += 1
                break
            }
            if byte == 0x0A || byte == 0x0D {
                throw WAVEParseError("a line break must be written \\n or \\r inside quotes", at: index..<(index + 1))
            }
            guard byte == UInt8(ascii: "\\") else {
                pending.append(byte)
                index += 1
                continue
            }
            flush()
            let escapeStart = index
            index += 1
            switch peek {
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "'"): scalars.append("'")
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                index += 1
                guard peek == UInt8(ascii: "{") else {
                    throw WAVEParseError("a \\u escape is written \\u{hex digits}", at: escapeStart..<index)
                }
                index += 1
                let digitsStart = index
                while let next = peek, next != UInt8(ascii: "}"), index - digitsStart < 7 { index += 1 }
                let digits = text(digitsStart..<index)
                guard peek == UInt8(ascii: "}"), !digits.isEmpty, let code = UInt32(digits, radix: 16) else {
                    throw WAVEParseError(
                        "a \\u escape is written \\u{hex digits}", at: escapeStart..<min(index + 1, bytes.count))
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw WAVEParseError("\\u{\(digits)} is not a Unicode scalar value", at: escapeStart..<(index + 1))
                }
                scalars.append(scalar)
            default:
                throw WAVEParseError(
                    "unknown escape (use \\\\ \\' \\\" \\n \\r \\t or \\u{…})",
                    at: escapeStart..<min(index + 1, bytes.count))
            }
            index += 1
        }
        flush()
        return scalars
    }
}
