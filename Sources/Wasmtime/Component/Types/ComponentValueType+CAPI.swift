// Which component types Wasmtime 50's C API can carry values of. It has no
// value kinds for `future`, `stream` and `error-context`: converting such a
// value between Wasmtime and C reaches a `todo!()` that aborts the process,
// so calls and host functions whose types contain one are refused before
// any value is converted.

extension ComponentValueType {
    /// The first part of this type (in declaration order) whose values
    /// cannot cross the C API, or `nil` when every value of it can.
    var partWithoutCValues: ComponentValueType? {
        switch self {
        case .future, .stream, .errorContext:
            return self
        case .bool, .s8, .s16, .s32, .s64, .u8, .u16, .u32, .u64, .f32, .f64, .char, .string, .enum, .flags,
            .own, .borrow:
            return nil
        case .list(let element), .fixedLengthList(let element), .option(let element):
            return element.partWithoutCValues
        case .record(let fields):
            return fields.lazy.compactMap(\.type.partWithoutCValues).first
        case .tuple(let types):
            return types.lazy.compactMap(\.partWithoutCValues).first
        case .variant(let cases):
            return cases.lazy.compactMap { $0.payload?.partWithoutCValues }.first
        case .result(let ok, let error):
            return ok?.partWithoutCValues ?? error?.partWithoutCValues
        case .map(let key, let value):
            return key.partWithoutCValues ?? value.partWithoutCValues
        }
    }
}

extension ComponentFuncType {
    /// The first parameter or result type part whose values cannot cross
    /// the C API, or `nil` when the function can be called through it.
    var partWithoutCValues: ComponentValueType? {
        parameters.lazy.compactMap(\.type.partWithoutCValues).first ?? result?.partWithoutCValues
    }
}

extension ComponentLinker {
    /// Throws when `component` imports, at a path this linker defines with a
    /// Swift host function, a function whose type has a part that cannot
    /// cross the C API: Wasmtime would abort converting its arguments or
    /// results when the guest calls it. (Paths are compared without their
    /// `@version`, since Wasmtime links semver-compatible versions.)
    func checkHostFunctionTypes(of component: Component) throws(WasmtimeError) {
        guard !hostFunctionPaths.isEmpty else { return }
        func visit(_ entries: [ComponentItemEntry], path: [String]) throws(WasmtimeError) {
            for entry in entries {
                let entryPath = path + [entry.name]
                switch entry.item {
                case .function(let type):
                    guard let part = type.partWithoutCValues,
                        hostFunctionPaths.contains(Self.unversioned(entryPath))
                    else { continue }
                    throw WasmtimeError(
                        .linking,
                        "the import \(entryPath.map { "\"\($0)\"" }.joined(separator: " / ")) has type \(type): "
                            + "values of type \(part) cannot cross Wasmtime 50's C API, so a Swift host function cannot implement it"
                    )
                case .instance(let type):
                    try visit(type.exports, path: entryPath)
                default:
                    continue
                }
            }
        }
        try visit(component.imports, path: [])
    }

    /// `path` without the `@version` suffix of each name.
    static func unversioned(_ path: [String]) -> [String] {
        path.map { name in name.firstIndex(of: "@").map { String(name[..<$0]) } ?? name }
    }
}
