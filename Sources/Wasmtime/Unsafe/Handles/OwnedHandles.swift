import CWasmtime

// Owners of the C objects that Swift classes keep: each is noncopyable, so
// exactly one Swift object owns the pointer and its `deinit` is the one
// place that frees it. The pointer itself is readable only here, in the
// unsafe layer.

/// Owns a `wasm_engine_t`.
@safe struct EngineHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: wasm_engine_t is Send + Sync in Wasmtime and never changes.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    /// A new engine with Wasmtime's default settings.
    init() {
        if let size = Config.debugBuildMaxWasmStack {
            // Wasmtime's defaults except the debug-build wasm stack limit
            // (see `Config.maxWasmStack`); this setting is never rejected.
            let config = unsafe wasm_config_new()!
            unsafe wasmtime_config_max_wasm_stack_set(config, size)
            unsafe pointer = unsafe wasm_engine_new_with_config(config)!
        } else {
            unsafe pointer = unsafe wasm_engine_new()
        }
    }

    /// A new engine from a configuration (consumed, even on failure).
    init?(config: consuming ConfigHandle) {
        guard let engine = unsafe wasm_engine_new_with_config(config.consume()) else { return nil }
        unsafe pointer = unsafe engine
    }

    /// Another owner of the same Wasmtime engine.
    func clone() -> EngineHandle {
        unsafe EngineHandle(taking: wasmtime_engine_clone(pointer))
    }

    func incrementEpoch() {
        unsafe wasmtime_engine_increment_epoch(pointer)
    }

    var isPulley: Bool {
        unsafe wasmtime_engine_is_pulley(pointer)
    }

    deinit {
        unsafe wasm_engine_delete(pointer)
    }
}

/// Owns a `wasm_config_t` until an engine consumes it.
@safe struct ConfigHandle: ~Copyable {
    private let pointer: OpaquePointer
    private var consumed = false

    init() {
        unsafe pointer = unsafe wasm_config_new()!
    }

    var raw: OpaquePointer { unsafe pointer }

    /// Hands the configuration to a consumer (the engine constructor).
    consuming func consume() -> OpaquePointer {
        consumed = true
        return unsafe pointer
    }

    deinit {
        if !consumed { unsafe wasm_config_delete(pointer) }
    }
}

/// Owns a `wasmtime_module_t`.
@safe struct ModuleHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: wasmtime_module_t is Send + Sync in Wasmtime and never changes.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    deinit {
        unsafe wasmtime_module_delete(pointer)
    }
}

/// Owns a `wasmtime_linker_t`.
@safe struct LinkerHandle: ~Copyable {
    let pointer: OpaquePointer

    init(engine: borrowing EngineHandle) {
        unsafe pointer = unsafe wasmtime_linker_new(engine.pointer)
    }

    deinit {
        unsafe wasmtime_linker_delete(pointer)
    }
}

/// Owns a `wasmtime_instance_pre_t`.
@safe struct InstancePreHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: wasmtime_instance_pre_t is Send + Sync in Wasmtime.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    deinit {
        unsafe wasmtime_instance_pre_delete(pointer)
    }
}

/// Owns a `wasmtime_sharedmemory_t`.
@safe struct SharedMemoryHandle: ~Copyable, @unchecked Sendable {
    // @unchecked: wasmtime_sharedmemory_t is Send + Sync in Wasmtime.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    deinit {
        unsafe wasmtime_sharedmemory_delete(pointer)
    }
}

/// Owns a `wasmtime_store_t`; its context is the `StoreContext` the store's objects use.
@safe struct StoreHandle: ~Copyable {
    let pointer: OpaquePointer

    init(engine: borrowing EngineHandle) {
        unsafe pointer = unsafe wasmtime_store_new(engine.pointer, nil, nil)
    }

    var context: StoreContext {
        unsafe StoreContext(wasmtime_store_context(pointer))
    }

    deinit {
        unsafe wasmtime_store_delete(pointer)
    }
}

/// A `wasmtime_context_t`: valid as long as its store, which every object
/// holding one keeps alive.
@safe @frozen @usableFromInline struct StoreContext {
    @usableFromInline let pointer: OpaquePointer

    @inlinable init(_ pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }
}

/// A `wasmtime_caller_t`: valid only during one host call.
@safe @frozen @usableFromInline struct CallerContext {
    @usableFromInline let pointer: OpaquePointer

    @inlinable init(_ pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }

    /// The store the call runs in.
    @inlinable var store: AnyStore {
        unsafe AnyStore.from(context: StoreContext(wasmtime_caller_context(pointer)))
    }
}

/// A `wasm_trap_t` to hand back to Wasmtime from a host function, which takes ownership.
@safe @frozen @usableFromInline struct HostTrap {
    @usableFromInline let pointer: OpaquePointer

    @inlinable init(_ pointer: OpaquePointer) {
        unsafe self.pointer = unsafe pointer
    }
}

// Handles of store items that are plain values (a store id and indices, no
// pointers): safe to copy and compare; valid while their store lives, which
// the Swift object holding one keeps alive.

/// A `wasmtime_global_t`.
typealias GlobalHandle = wasmtime_global_t
/// A `wasmtime_table_t`.
typealias TableHandle = wasmtime_table_t
/// A `wasmtime_memory_t`.
typealias MemoryHandle = wasmtime_memory_t
/// A `wasmtime_tag_t`.
typealias TagHandle = wasmtime_tag_t
/// A `wasmtime_instance_t`.
typealias InstanceHandle = wasmtime_instance_t
