import CWasmtime

// Owners of the component model's C objects, in the style of
// Unsafe/Handles/OwnedHandles.swift: one noncopyable owner per pointer,
// whose deinit is the one place that frees it.

/// Owns a `wasmtime_component_t`.
@safe struct ComponentHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: a compiled component is Send + Sync in Wasmtime and never changes.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    deinit {
        unsafe wasmtime_component_delete(pointer)
    }
}

/// Owns a `wasmtime_component_linker_t`.
@safe struct ComponentLinkerHandle: ~Copyable {
    let pointer: OpaquePointer

    init(engine: borrowing EngineHandle) {
        unsafe pointer = unsafe wasmtime_component_linker_new(engine.pointer)
    }

    deinit {
        unsafe wasmtime_component_linker_delete(pointer)
    }
}

/// Owns a `wasmtime_component_resource_type_t`; compared with Wasmtime's equality.
@safe final class ResourceTypeBox: @unchecked Sendable {
    // @unchecked: a resource type is an immutable, Send + Sync value in Wasmtime.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    func isEqual(to other: ResourceTypeBox) -> Bool {
        unsafe wasmtime_component_resource_type_equal(pointer, other.pointer)
    }

    deinit {
        unsafe wasmtime_component_resource_type_delete(pointer)
    }
}
