/// Turns WIT names (kebab-case: `get-user`, `HTTP-status`) into Swift
/// identifiers, escaping keywords with backticks.
enum SwiftNames {
    /// `get-user` → `getUser`; `HTTP-status` → `httpStatus`.
    static func lowerCamel(_ witName: String) -> String {
        let words = words(of: witName)
        guard let first = words.first else { return "_" }
        let head = first.allSatisfy(\.isUppercase) || first.first!.isLowercase ? first.lowercased() : lowerFirst(first)
        return sanitized(head + words.dropFirst().map(upperFirst).joined())
    }

    /// `get-user` → `GetUser`; `HTTP-status` → `HTTPStatus`.
    static func upperCamel(_ witName: String) -> String {
        let words = words(of: witName)
        guard !words.isEmpty else { return "_" }
        return sanitized(words.map(upperFirst).joined())
    }

    /// `name` with backticks if it is a Swift keyword where an identifier is expected.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// `name` as an argument label at a call site: keywords need no
    /// backticks there, except `inout`, `var` and `let`.
    static func argumentLabel(_ name: String) -> String {
        let bare = name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
        return ["inout", "var", "let"].contains(bare) ? "`\(bare)`" : bare
    }

    /// Whether `name` needs backticks.
    static func isKeyword(_ name: String) -> Bool {
        keywords.contains(name)
    }

    /// The interface part of an interface name: `wasi:cli/run@0.2.0` → `run`.
    static func interfaceName(_ name: String) -> String {
        var rest = Substring(name)
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        if let slash = rest.lastIndex(of: "/") { rest = rest[rest.index(after: slash)...] }
        return String(rest)
    }

    /// The package part of an interface name: `wasi:cli/run@0.2.0` → `wasi-cli`.
    static func packageName(_ name: String) -> String {
        var rest = Substring(name)
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        guard let slash = rest.lastIndex(of: "/") else { return "" }
        return rest[..<slash].replacingColons()
    }

    private static func words(of name: String) -> [String] {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." || $0 == ":" || $0 == "/" || $0 == " " })
            .map(String.init)
    }

    private static func upperFirst(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    private static func lowerFirst(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.lowercased() + word.dropFirst()
    }

    /// Replaces characters Swift identifiers cannot hold; a leading digit gets an underscore.
    private static func sanitized(_ name: String) -> String {
        var result = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.properties.isXIDContinue ? Character(scalar) : "_"
            })
        if let first = result.unicodeScalars.first, !first.properties.isXIDStart, first != "_" {
            result = "_" + result
        }
        return result.isEmpty ? "_" : result
    }

    /// Swift's keywords, and the contextual ones that trouble a declaration name.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate",
        "func", "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "package",
        "private", "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript",
        "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_",
    ]

    /// Names a generated type must not take: they would hide the types the
    /// generated code names (which it qualifies anyway) or mean something else.
    static let reservedTypeNames: Set<String> = [
        "Type", "Protocol", "Self", "Any", "Swift", "Wasmtime", "Exports", "Imports", "Conversions",
    ]
}

extension Substring {
    fileprivate func replacingColons() -> String {
        String(map { $0 == ":" ? "-" : $0 })
    }
}

/// Hands out unique names within one Swift scope, in request order, so
/// collisions resolve the same way on every run: the first request keeps
/// the name, later ones get the fallback, then a number.
struct NameScope {
    private var taken: Set<String>

    init(reserved: Set<String> = []) {
        taken = reserved
    }

    /// Claims `preferred`, else `fallback`, else `preferred2`, `preferred3`, ….
    mutating func claim(_ preferred: String, fallback: String? = nil) -> String {
        if taken.insert(preferred).inserted { return preferred }
        if let fallback, fallback != preferred, taken.insert(fallback).inserted { return fallback }
        var number = 2
        while !taken.insert("\(preferred)\(number)").inserted { number += 1 }
        return "\(preferred)\(number)"
    }
}
