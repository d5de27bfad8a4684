import CWasmtime

/// A `wasmtime_component_instance_t`: a plain value, valid while its store lives.
typealias ComponentInstanceHandle = wasmtime_component_instance_t

extension ComponentInstanceHandle {
    /// Runs `body` with the export index at `path`, or nil; frees every index.
    private func withExportIndex<R>(
        at path: [String], in context: StoreContext,
        _ body: (OpaquePointer?, _ depth: Int) throws(WasmtimeError) -> R
    ) throws(WasmtimeError) -> R {
        var copy = self
        var current: OpaquePointer?
        defer { if let current = unsafe current { unsafe wasmtime_component_export_index_delete(current) } }
        for (depth, name) in path.enumerated() {
            let next = unsafe withUTF8(name) {
                unsafe wasmtime_component_instance_get_export_index(&copy, context.pointer, current, $0, $1)
            }
            if let previous = unsafe current { unsafe wasmtime_component_export_index_delete(previous) }
            unsafe current = unsafe next
            guard unsafe next != nil else { return try body(nil, depth) }
        }
        return unsafe try body(current, path.count)
    }

    func function(at path: [String], in context: StoreContext) throws(WasmtimeError) -> ComponentFuncHandle {
        var copy = self
        return unsafe try withExportIndex(at: path, in: context) { index, depth throws(WasmtimeError) in
            let shown = path.map { "\"\($0)\"" }.joined(separator: " / ")
            guard let index = unsafe index else {
                throw WasmtimeError(
                    .notFound,
                    "the component instance has no export \(shown)"
                        + (depth > 0 ? " (no \"\(path[depth])\" inside \"\(path[depth - 1])\")" : ""))
            }
            var function = unsafe wasmtime_component_func_t()
            guard unsafe wasmtime_component_instance_get_func(&copy, context.pointer, index, &function) else {
                throw WasmtimeError(.typeMismatch, "the export \(shown) is not a function")
            }
            return unsafe ComponentFuncHandle(function)
        }
    }

    func hasExport(at path: [String], in context: StoreContext) -> Bool {
        unsafe (try? withExportIndex(at: path, in: context) { index, _ in unsafe index != nil }) ?? false
    }
}
