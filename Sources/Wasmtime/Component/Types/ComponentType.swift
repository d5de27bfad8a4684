/// What a component imports and exports, with full types: read it to learn
/// which functions and interfaces a component needs and offers before
/// linking it.
public struct ComponentType: Sendable, Hashable {
    /// The imports, in the order Wasmtime reports them.
    public var imports: [ComponentItemEntry]
    /// The exports, in the order Wasmtime reports them.
    public var exports: [ComponentItemEntry]

    /// Creates a component type.
    public init(imports: [ComponentItemEntry], exports: [ComponentItemEntry]) {
        self.imports = imports
        self.exports = exports
    }

    /// The import named `name` (for example `"wasi:cli/environment@0.2.3"`).
    public func `import`(named name: String) -> ComponentItem? {
        imports.first { $0.name == name }?.item
    }

    /// The export named `name`.
    public func export(named name: String) -> ComponentItem? {
        exports.first { $0.name == name }?.item
    }
}

/// A named import or export of a component or component instance.
public struct ComponentItemEntry: Sendable, Hashable, CustomStringConvertible {
    /// The name, for example `"greet"` or `"wasi:cli/run@0.2.0"`.
    public var name: String
    /// What the name refers to.
    public var item: ComponentItem

    /// Creates an entry.
    public init(name: String, item: ComponentItem) {
        self.name = name
        self.item = item
    }

    public var description: String { "\(name): \(item)" }
}

/// The type of something a component imports or exports.
public indirect enum ComponentItem: Sendable, Hashable, CustomStringConvertible {
    /// A nested component.
    case component(ComponentType)
    /// An instance: an interface such as `wasi:cli/environment@0.2.3`.
    case instance(ComponentInstanceType)
    /// A core WebAssembly module.
    case module(imports: [ImportType], exports: [ExportType])
    /// A component function.
    case function(ComponentFuncType)
    /// A resource type.
    case resource(ComponentResourceType)
    /// A core WebAssembly function.
    case coreFunction(FuncType)
    /// A named value type (`(type (eq …))` imports and exports).
    case type(ComponentValueType)

    public var description: String {
        switch self {
        case .component(let type): "component { \(type.imports.count) imports, \(type.exports.count) exports }"
        case .instance(let type): "instance { \(type.exports.map(\.description).joined(separator: "; ")) }"
        case .module(let imports, let exports): "core module { \(imports.count) imports, \(exports.count) exports }"
        case .function(let type): type.description
        case .resource(let type): "resource \(type)"
        case .coreFunction(let type): "core func \(type)"
        case .type(let type): "type \(type)"
        }
    }
}

/// The exports of a component instance type (an interface).
public struct ComponentInstanceType: Sendable, Hashable {
    /// The exports, in the order Wasmtime reports them.
    public var exports: [ComponentItemEntry]

    /// Creates an instance type.
    public init(exports: [ComponentItemEntry]) {
        self.exports = exports
    }

    /// The export named `name`.
    public func export(named name: String) -> ComponentItem? {
        exports.first { $0.name == name }?.item
    }
}

/// A component function's signature: named parameters and at most one result.
public struct ComponentFuncType: Sendable, Hashable, CustomStringConvertible {
    /// The parameters, in order.
    public var parameters: [ComponentParameter]
    /// The result type; `nil` for a function without result.
    public var result: ComponentValueType?
    /// Whether the function is a component-model `async` function.
    public var isAsync: Bool

    /// Creates a function type.
    public init(parameters: [ComponentParameter], result: ComponentValueType?, isAsync: Bool = false) {
        self.parameters = parameters
        self.result = result
        self.isAsync = isAsync
    }

    /// The signature in WIT syntax, e.g. `func(a: u32, b: u32) -> u32`.
    public var description: String {
        let parameters = parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        return (isAsync ? "async " : "") + "func(\(parameters))" + (result.map { " -> \($0)" } ?? "")
    }
}

/// A named parameter of a component function.
public struct ComponentParameter: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// The parameter's type.
    public var type: ComponentValueType

    /// Creates a parameter.
    public init(name: String, type: ComponentValueType) {
        self.name = name
        self.type = type
    }
}
