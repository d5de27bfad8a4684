import Wasmtime

/// The parts of a component's type that bindings are made of: its exported
/// and imported functions grouped by interface, and the named types and
/// resources they use. Built by walking ``ComponentType`` (no WIT parser: a
/// compiled component carries its world).
struct WorldModel {
    /// One interface (an exported or imported instance) or the world's own
    /// top-level functions (`name == nil`).
    struct Interface {
        /// The WIT name (`wasi:test/api@0.1.0`); `nil` for the world's own functions.
        var name: String?
        var functions: [Function]
        /// Resources the interface declares, by WIT name: the guest's own for
        /// an export, the host's (implemented in Swift) for an import.
        var resources: [(name: String, type: ComponentResourceType)]
    }

    /// A function with its WIT name and, for resource functions, its role.
    struct Function {
        enum Role: Equatable {
            case free
            case constructor(resource: String)
            case method(resource: String, name: String)
            case staticFunction(resource: String, name: String)
        }

        var witName: String
        var type: ComponentFuncType
        var role: Role
        /// Where the function lives, for messages: `wasi:test/api@0.1.0#add`.
        var qualifiedName: String
    }

    /// A named record, variant, enum or flags type, where it was declared.
    struct NamedType {
        var witName: String
        var type: ComponentValueType
        /// The interface it was declared in (`nil` for the world).
        var interface: String?
    }

    var exports: [Interface] = []
    var imports: [Interface] = []
    /// Named types in declaration order (exports first, then imports).
    var types: [NamedType] = []
    /// Imported interfaces left to ``ComponentLinker/addWASIp2()``.
    var wasiImports: [String] = []

    /// Reads `type`; throws for what bindings cannot express.
    init(_ type: ComponentType) throws(BindgenError) {
        exports = try Self.interfaces(of: type.exports, direction: "export", types: &types)
        for entry in type.imports where entry.name.hasPrefix("wasi:") {
            wasiImports.append(entry.name)
        }
        let userImports = type.imports.filter { !$0.name.hasPrefix("wasi:") }
        imports = try Self.interfaces(of: userImports, direction: "import", types: &types)
    }

    /// Groups `entries` into the world's own interface and one per instance.
    private static func interfaces(
        of entries: [ComponentItemEntry], direction: String, types: inout [NamedType]
    ) throws(BindgenError) -> [Interface] {
        var root = Interface(name: nil, functions: [], resources: [])
        var nested: [Interface] = []
        for entry in entries {
            switch entry.item {
            case .function(let type):
                root.functions.append(function(entry.name, type, in: nil))
            case .instance(let instance):
                var interface = Interface(name: entry.name, functions: [], resources: [])
                for inner in instance.exports {
                    switch inner.item {
                    case .function(let type):
                        interface.functions.append(function(inner.name, type, in: entry.name))
                    case .resource(let resource):
                        interface.resources.append((inner.name, resource))
                    case .type(let type):
                        types.append(NamedType(witName: inner.name, type: type, interface: entry.name))
                    default:
                        continue  // nested components, modules: nothing to call
                    }
                }
                nested.append(interface)
            case .resource(let resource):
                root.resources.append((entry.name, resource))
            case .type(let type):
                types.append(NamedType(witName: entry.name, type: type, interface: nil))
            case .component, .module, .coreFunction:
                continue
            }
        }
        // Interfaces with only types (imported because another one `use`s them) need no code of their own.
        return ([root] + nested).filter { !$0.functions.isEmpty || !$0.resources.isEmpty }
    }

    private static func function(_ name: String, _ type: ComponentFuncType, in interface: String?) -> Function {
        let qualified = interface.map { "\($0)#\(name)" } ?? name
        return Function(witName: name, type: type, role: role(of: name), qualifiedName: qualified)
    }

    /// `[constructor]r`, `[method]r.name`, `[static]r.name`, else a free function.
    static func role(of name: String) -> Function.Role {
        func split(_ rest: Substring) -> (String, String)? {
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            return (String(rest[..<dot]), String(rest[rest.index(after: dot)...]))
        }
        if name.hasPrefix("[constructor]") {
            return .constructor(resource: String(name.dropFirst("[constructor]".count)))
        }
        if name.hasPrefix("[method]"), let (resource, method) = split(name.dropFirst("[method]".count)) {
            return .method(resource: resource, name: method)
        }
        if name.hasPrefix("[static]"), let (resource, method) = split(name.dropFirst("[static]".count)) {
            return .staticFunction(resource: resource, name: method)
        }
        return .free
    }
}
