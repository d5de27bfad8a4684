/// The type of an importable or exportable item.
public enum ExternType: Hashable, Sendable, CustomStringConvertible {
    /// A function, with its signature.
    case function(FuncType)
    /// A global, with its content type and mutability.
    case global(GlobalType)
    /// A table, with its element type and limits.
    case table(TableType)
    /// A memory (shared or not), with its limits.
    case memory(MemoryType)
    /// An exception tag, with the signature of its payload.
    case tag(FuncType)

    public var description: String {
        switch self {
        case .function(let type): "func \(type)"
        case .global(let type): "global \(type)"
        case .table(let type): type.description
        case .memory(let type): type.description
        case .tag(let type): "tag \(type)"
        }
    }
}

/// One import of a module: where it comes from and what it must be.
public struct ImportType: Hashable, Sendable, CustomStringConvertible {
    /// The module name of the import.
    public var module: String
    /// The field name of the import.
    public var name: String
    /// The type the provided item must have.
    public var type: ExternType

    public var description: String { "import \"\(module)\" \"\(name)\": \(type)" }
}

/// One export of a module.
public struct ExportType: Hashable, Sendable, CustomStringConvertible {
    /// The export's name.
    public var name: String
    /// The exported item's type.
    public var type: ExternType

    public var description: String { "export \"\(name)\": \(type)" }
}
