/// What the generated file is called and how visible it is.
public struct BindgenOptions: Sendable, Hashable {
    /// The access level of the generated declarations.
    public enum Access: String, Sendable, Hashable, CaseIterable {
        case `public`
        case `internal`
    }

    /// The enum that holds every generated declaration (`Calculator`).
    public var typeName: String
    /// `public` for a library that re-exports the bindings, `internal` (the default) for an app.
    public var access: Access
    /// The input's file name, mentioned in the header comment.
    public var sourceName: String?

    /// Whether to call through the typed component API (`nil`: whenever the
    /// library has it); the golden tests pin it.
    var typedCalls: Bool?

    /// Creates options.
    public init(typeName: String, access: Access = .internal, sourceName: String? = nil) {
        self.typeName = typeName
        self.access = access
        self.sourceName = sourceName
    }

    /// The namespace for a file: `my-calculator.wasm` → `MyCalculator`.
    public static func defaultTypeName(forFile path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.firstIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let camel = SwiftNames.upperCamel(String(name))
        return camel == "_" || SwiftNames.reservedTypeNames.contains(camel) ? "Bindings" : camel
    }
}
