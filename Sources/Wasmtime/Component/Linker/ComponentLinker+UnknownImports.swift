extension ComponentLinker {
    /// Defines every import of `component` that has no definition yet as a
    /// function that traps when called (the call into the component throws a
    /// ``WasmtimeError`` of kind ``WasmtimeError/Kind/runtime`` naming the
    /// import), so a component links although the host implements only
    /// part of what it imports.
    ///
    /// Interfaces that ``addWASIp2()`` (or ``addWASIp2Async()``) and
    /// ``addWASIHTTP()`` define keep their WASI definitions, also when the
    /// component imports an older compatible version (`wasi:cli/environment@0.2.3`,
    /// which Wasmtime 50 answers with its 0.2.12).
    ///
    /// - Note: Call it after ``addWASIp2()``: interfaces stubbed before WASI is
    ///   added keep their traps. An interface you define from Swift under
    ///   another version than the one the component imports gets traps for
    ///   the imported version (Wasmtime matches the exact name first): define
    ///   your functions under the names the component imports. Where WASI is
    ///   defined and an unknown import is one a Swift host function cannot
    ///   stand in for (a core module, a component, or a function whose type
    ///   holds a `future`, `stream` or `error-context`), Wasmtime's own pass
    ///   runs instead, and it turns imports of older WASI versions into
    ///   traps too.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when the component belongs to another engine or Wasmtime cannot
    ///   define its imports.
    public func defineUnknownImportsAsTraps(for component: Component) throws(WasmtimeError) {
        try checkEngine(component)
        // Wasmtime's own pass (`wasmtime_component_linker_define_unknown_imports_as_traps`) defines each
        // imported interface under its exact name, and an exact definition wins over the semver match
        // by which the WASI linker answers older 0.2.x versions; without WASI it is the reference.
        guard definesWASI else {
            try handle.defineUnknownImportsAsTraps(component.handle)
            return
        }
        let answered = try interfacesWASIAnswers(of: component)
        var stubs: [(path: [String], item: ComponentItem)] = []
        collectUnknownImports(component.imports, in: [], skipping: answered, into: &stubs)
        let standIns = stubs.allSatisfy { stub in
            switch stub.item {
            case .function(let type): type.partWithoutCValues == nil
            case .resource: true
            default: false
            }
        }
        guard standIns else {
            try handle.defineUnknownImportsAsTraps(component.handle)
            return
        }
        for stub in stubs {
            let (instances, name) = try Self.split(stub.path)
            if case .resource = stub.item {
                try handle.defineResource(
                    in: instances, name: name, HostResourceType(name, backedBy: UnknownImport.self))
                definedPaths.insert(stub.path)
                continue
            }
            let qualified = instances.last.map { "\($0)#\(name)" } ?? name
            try defineFunction(path: stub.path) { _, _ in
                throw WasmtimeError(.runtime, "unknown import: `\(qualified)` has not been defined")
            }
        }
    }

    /// The items among `entries` (at `path`) that nothing defines: every
    /// import but those defined from Swift and the top-level interfaces in
    /// `answered`, and types (which need no definition).
    private func collectUnknownImports(
        _ entries: [ComponentItemEntry], in path: [String], skipping answered: Set<String>,
        into stubs: inout [(path: [String], item: ComponentItem)]
    ) {
        for entry in entries {
            let entryPath = path + [entry.name]
            guard !definedPaths.contains(entryPath) else { continue }
            switch entry.item {
            case .instance(let type):
                let fromSwift = definedPaths.contains { $0.starts(with: entryPath) }
                if path.isEmpty && answered.contains(entry.name) && !fromSwift { continue }
                collectUnknownImports(type.exports, in: entryPath, skipping: answered, into: &stubs)
            case .type, .coreFunction:
                continue
            default:
                stubs.append((entryPath, entry.item))
            }
        }
    }

    /// The names of the component's instance imports that the WASI
    /// definitions of this linker answer, exactly or by semver (Wasmtime 50
    /// answers `wasi:cli/environment@0.2.0` with its 0.2.12).
    ///
    /// The C API cannot list a linker's definitions, and a probe component
    /// proves nothing (an instance import is resolved item by item), so each
    /// interface is tried in a scratch linker holding only the WASI
    /// definitions: defining one of its functions (or resources) there
    /// fails exactly when WASI already defines it, under the imported name
    /// or a compatible version (`0.m.k` for `0.m.n`, as Wasmtime matches).
    private func interfacesWASIAnswers(of component: Component) throws(WasmtimeError) -> Set<String> {
        var answered: Set<String> = []
        for entry in component.imports {
            // A function, if it has one: a resource export may be an alias of another interface's (`use`).
            guard case .instance(let type) = entry.item,
                let witness = type.exports.first(where: { if case .function = $0.item { true } else { false } })
                    ?? type.exports.first(where: { if case .resource = $0.item { true } else { false } })
            else { continue }
            let wasi = ComponentLinker(engine: engine)
            try wasi.addWASIp2()
            if definesWASIHTTP { try wasi.addWASIHTTP() }
            for candidate in Self.semverCompatibleNames(of: entry.name) {
                do {
                    if case .resource = witness.item {
                        try wasi.handle.defineResource(
                            in: [candidate], name: witness.name,
                            HostResourceType(witness.name, backedBy: UnknownImport.self))
                    } else {
                        try wasi.defineFunction(path: [candidate, witness.name]) { _, _ in [] }
                    }
                } catch {
                    answered.insert(entry.name)
                    break
                }
            }
        }
        return answered
    }

    /// `name`, then the names whose definitions Wasmtime would link to an
    /// import of `name` by semver: for `pkg/iface@0.m.n` (m > 0, no
    /// prerelease), `pkg/iface@0.m.k` for k below 100 (WASI preview 2 is
    /// `0.2.x`, so nothing further is needed to find its definitions).
    private static func semverCompatibleNames(of name: String) -> [String] {
        guard let at = name.lastIndex(of: "@") else { return [name] }
        let base = name[..<at]
        let version = name[name.index(after: at)...].split(
            separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "0", let minor = Int(parts[1]), minor > 0, Int(parts[2]) != nil else {
            return [name]
        }
        return [name] + (0..<100).map { "\(base)@0.\(minor).\($0)" }.filter { $0 != name }
    }
}

/// The objects of a resource type that ``ComponentLinker/defineUnknownImportsAsTraps(for:)`` stands in
/// for: there are none, since every function that could make one traps.
private final class UnknownImport {}
