import Wasmtime

/// A component's imports and exports as WIT-like text, for `inspect`: a
/// world whose items are functions, interfaces (instances), types,
/// resources, core modules and nested components, with full types.
enum ComponentWIT {
    static func world(_ type: ComponentType) -> String {
        var lines = ["world component {"]
        write(type, indent: "  ", to: &lines)
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func write(_ type: ComponentType, indent: String, to lines: inout [String]) {
        for entry in type.imports { write(entry, keyword: "import ", indent: indent, to: &lines) }
        for entry in type.exports { write(entry, keyword: "export ", indent: indent, to: &lines) }
    }

    private static func write(_ entry: ComponentItemEntry, keyword: String, indent: String, to lines: inout [String]) {
        let head = indent + keyword + entry.name + ": "
        switch entry.item {
        case .instance(let instance):
            guard !instance.exports.isEmpty else {
                lines.append(head + "interface {}")
                return
            }
            lines.append(head + "interface {")
            for item in instance.exports { write(item, keyword: "", indent: indent + "  ", to: &lines) }
            lines.append(indent + "}")
        case .component(let component):
            lines.append(head + "component {")
            write(component, indent: indent + "  ", to: &lines)
            lines.append(indent + "}")
        case .module(let imports, let exports):
            lines.append(head + "core module {")
            for item in imports { lines.append(indent + "  " + item.description + ";") }
            for item in exports { lines.append(indent + "  " + item.description + ";") }
            lines.append(indent + "}")
        case .function(let function): lines.append(head + function.description + ";")
        case .resource: lines.append(head + "resource;")
        case .coreFunction(let function): lines.append(head + "core func \(function);")
        case .type(let value): lines.append(head + "type \(value);")
        }
    }
}
