import CWasmtime

/// Settings for an ``Engine``.
///
/// `Config` is a value: every property left `nil` keeps Wasmtime's default,
/// and an engine reads the value when it is created, so one configuration can
/// seed many engines and can never be consumed twice.
///
/// ```swift
/// var config = Config()
/// config.consumeFuel = true
/// config.wasm.memory64 = true
/// let engine = try Engine(config)
/// ```
public struct Config: Sendable, Hashable {
    /// WebAssembly proposals to enable or disable.
    public struct Features: Sendable, Hashable {
        public var simd: Bool?
        public var relaxedSIMD: Bool?
        /// Makes relaxed SIMD results identical on every platform.
        public var relaxedSIMDDeterministic: Bool?
        public var threads: Bool?
        /// Shared memories (needed with ``threads`` to create them from the host).
        public var sharedMemory: Bool?
        public var referenceTypes: Bool?
        public var gc: Bool?
        public var functionReferences: Bool?
        public var tailCall: Bool?
        public var exceptions: Bool?
        public var multiMemory: Bool?
        public var multiValue: Bool?
        public var bulkMemory: Bool?
        public var memory64: Bool?
        public var wideArithmetic: Bool?
        public var customPageSizes: Bool?
        public var stackSwitching: Bool?
        public var branchHinting: Bool?
        public var compactImports: Bool?
        /// The component model (not exposed by this package's API).
        public var componentModel: Bool?
        /// Async support of the component model (on by default; requires reference types).
        public var componentModelAsync: Bool?
        /// Creates a feature set that keeps every default.
        public init() {}
    }

    /// Code generator.
    public enum Strategy: Sendable, Hashable {
        /// Let Wasmtime choose (Cranelift on this platform).
        case auto
        /// The optimizing Cranelift compiler.
        case cranelift
        /// The fast baseline compiler Winch.
        case winch
    }

    /// Cranelift optimization level.
    public enum OptimizationLevel: Sendable, Hashable {
        case none, speed, speedAndSize
    }

    /// Register allocator used by Cranelift.
    public enum RegisterAllocator: Sendable, Hashable {
        case backtracking, singlePass
    }

    /// Native profiler integration.
    public enum Profiler: Sendable, Hashable {
        case none, jitdump, vtune, perfmap
    }

    /// Where compiled code is cached on disk.
    public enum Cache: Sendable, Hashable {
        /// Wasmtime's default cache configuration file, if one exists.
        case defaultConfiguration
        /// A cache configuration file in Wasmtime's TOML format.
        case configurationFile(String)
    }

    /// How linear memories, tables and instances are allocated.
    public enum AllocationStrategy: Sendable, Hashable {
        /// Allocate on demand (Wasmtime's default).
        case onDemand
        /// Preallocate slots in a pool, for fast instantiation.
        case pooling(PoolingAllocationConfig)
    }

    /// WebAssembly features.
    public var wasm = Features()
    /// Count fuel, so ``AnyStore/fuel()`` limits how much code runs.
    public var consumeFuel: Bool?
    /// Check the engine's epoch, so ``Engine/incrementEpoch()`` can interrupt code.
    public var epochInterruption: Bool?
    /// Emit DWARF debug information for native debuggers.
    public var debugInfo: Bool?
    /// Maximum wasm stack size in bytes (Wasmtime's default is 512 KiB).
    ///
    /// Wasm runs on the calling thread's stack, so a thread that calls into
    /// wasm needs more native stack than this plus its own frames: on a
    /// thread with a smaller stack, deep recursion reaches the thread's guard
    /// page before Wasmtime's limit and the process crashes instead of
    /// trapping. Main, Dispatch and Swift concurrency threads are large
    /// enough; lower this for threads you create with small stacks.
    public var maxWasmStack: Int?
    /// Code generator.
    public var strategy: Strategy?
    /// Cranelift optimization level.
    public var craneliftOptimizationLevel: OptimizationLevel?
    /// Canonicalize NaNs produced by float operations (for determinism).
    public var craneliftNaNCanonicalization: Bool?
    /// Run Cranelift's IR verifier (slow; for debugging).
    public var craneliftDebugVerifier: Bool?
    /// Cranelift register allocator.
    public var craneliftRegisterAllocator: RegisterAllocator?
    /// Raw Cranelift settings, `name -> value` (for example `"opt_level": "speed"`).
    public var craneliftFlags: [String: String] = [:]
    /// Raw boolean Cranelift settings to enable.
    public var craneliftEnabledFlags: Set<String> = []
    /// Compile functions in parallel.
    public var parallelCompilation: Bool?
    /// Virtual address space reserved for each linear memory, in bytes.
    public var memoryReservation: UInt64?
    /// Guard region after each linear memory, in bytes.
    public var memoryGuardSize: UInt64?
    /// Extra reservation for growth, in bytes.
    public var memoryReservationForGrowth: UInt64?
    /// Whether linear memory may move when it grows.
    public var memoryMayMove: Bool?
    /// Initialize memories copy-on-write from the module image.
    public var memoryInitCopyOnWrite: Bool?
    /// Use signal handlers (rather than explicit checks) to detect traps.
    public var signalsBasedTraps: Bool?
    /// Emit native unwind information.
    public var nativeUnwindInfo: Bool?
    /// Enable GC support in the runtime (needed for reference-typed values).
    public var gcSupport: Bool?
    /// Native profiler integration.
    public var profiler: Profiler?
    /// Compile for another target triple (the result can only be serialized).
    public var target: String?
    /// On-disk cache of compiled code.
    public var cache: Cache?
    /// Allocation strategy.
    public var allocationStrategy: AllocationStrategy?

    /// Creates a configuration that keeps every Wasmtime default.
    public init() {}
}

/// Limits of the pooling allocator; each `nil` keeps Wasmtime's default.
public struct PoolingAllocationConfig: Sendable, Hashable {
    public var maxUnusedWarmSlots: UInt32?
    public var decommitBatchSize: Int?
    public var asyncStackKeepResident: Int?
    public var linearMemoryKeepResident: Int?
    public var tableKeepResident: Int?
    public var totalComponentInstances: UInt32?
    public var maxComponentInstanceSize: Int?
    public var maxCoreInstancesPerComponent: UInt32?
    public var maxMemoriesPerComponent: UInt32?
    public var maxTablesPerComponent: UInt32?
    public var maxTablesPerModule: UInt32?
    public var tableElements: Int?
    public var maxMemoriesPerModule: UInt32?
    /// Maximum linear memory size in bytes.
    public var maxMemorySize: Int?
    public var totalCoreInstances: UInt32?
    public var maxCoreInstanceSize: Int?
    public var totalMemories: UInt32?
    public var totalTables: UInt32?
    public var totalStacks: UInt32?
    public var totalGCHeaps: UInt32?
    /// Creates a pooling configuration that keeps every default.
    public init() {}
}

// MARK: - Building the C configuration

extension Config {
    /// Builds a fresh `wasm_config_t`; the engine constructor consumes it.
    func makeRaw() throws(WasmtimeError) -> OpaquePointer {
        let raw = wasm_config_new()!
        do {
            try apply(to: raw)
        } catch {
            wasm_config_delete(raw)
            throw error
        }
        return raw
    }

    private func apply(to raw: OpaquePointer) throws(WasmtimeError) {
        func set(_ value: Bool?, _ setter: (OpaquePointer, Bool) -> Void) {
            if let value { setter(raw, value) }
        }
        set(wasm.simd, wasmtime_config_wasm_simd_set)
        set(wasm.relaxedSIMD, wasmtime_config_wasm_relaxed_simd_set)
        set(wasm.relaxedSIMDDeterministic, wasmtime_config_wasm_relaxed_simd_deterministic_set)
        set(wasm.threads, wasmtime_config_wasm_threads_set)
        set(wasm.sharedMemory, wasmtime_config_shared_memory_set)
        set(wasm.referenceTypes, wasmtime_config_wasm_reference_types_set)
        set(wasm.gc, wasmtime_config_wasm_gc_set)
        set(wasm.functionReferences, wasmtime_config_wasm_function_references_set)
        set(wasm.tailCall, wasmtime_config_wasm_tail_call_set)
        set(wasm.exceptions, wasmtime_config_wasm_exceptions_set)
        set(wasm.multiMemory, wasmtime_config_wasm_multi_memory_set)
        set(wasm.multiValue, wasmtime_config_wasm_multi_value_set)
        set(wasm.bulkMemory, wasmtime_config_wasm_bulk_memory_set)
        set(wasm.memory64, wasmtime_config_wasm_memory64_set)
        set(wasm.wideArithmetic, wasmtime_config_wasm_wide_arithmetic_set)
        set(wasm.customPageSizes, wasmtime_config_wasm_custom_page_sizes_set)
        set(wasm.stackSwitching, wasmtime_config_wasm_stack_switching_set)
        set(wasm.branchHinting, wasmtime_config_wasm_branch_hinting_set)
        set(wasm.compactImports, wasmtime_config_wasm_compact_imports_set)
        set(wasm.componentModel, wasmtime_config_wasm_component_model_set)
        set(wasm.componentModelAsync, wasmtime_config_wasm_component_model_async_set)
        // Dependent defaults follow an explicit opt-out, as a user would expect:
        // without reference types the component model's async support (on by
        // default, unused here) must go, and without SIMD relaxed SIMD must.
        if wasm.referenceTypes == false && wasm.componentModelAsync == nil {
            wasmtime_config_wasm_component_model_async_set(raw, false)
        }
        if wasm.simd == false && wasm.relaxedSIMD == nil {
            wasmtime_config_wasm_relaxed_simd_set(raw, false)
        }
        set(consumeFuel, wasmtime_config_consume_fuel_set)
        set(epochInterruption, wasmtime_config_epoch_interruption_set)
        set(debugInfo, wasmtime_config_debug_info_set)
        set(craneliftNaNCanonicalization, wasmtime_config_cranelift_nan_canonicalization_set)
        set(craneliftDebugVerifier, wasmtime_config_cranelift_debug_verifier_set)
        set(parallelCompilation, wasmtime_config_parallel_compilation_set)
        set(memoryMayMove, wasmtime_config_memory_may_move_set)
        set(memoryInitCopyOnWrite, wasmtime_config_memory_init_cow_set)
        set(signalsBasedTraps, wasmtime_config_signals_based_traps_set)
        set(nativeUnwindInfo, wasmtime_config_native_unwind_info_set)
        set(gcSupport, wasmtime_config_gc_support_set)
        if let maxWasmStack { wasmtime_config_max_wasm_stack_set(raw, maxWasmStack) }
        if let memoryReservation { wasmtime_config_memory_reservation_set(raw, memoryReservation) }
        if let memoryGuardSize { wasmtime_config_memory_guard_size_set(raw, memoryGuardSize) }
        if let memoryReservationForGrowth {
            wasmtime_config_memory_reservation_for_growth_set(raw, memoryReservationForGrowth)
        }
        if let strategy {
            let value: Int = switch strategy {
            case .auto: WASMTIME_STRATEGY_AUTO
            case .cranelift: WASMTIME_STRATEGY_CRANELIFT
            case .winch: WASMTIME_STRATEGY_WINCH
            }
            wasmtime_config_strategy_set(raw, wasmtime_strategy_t(value))
        }
        if let craneliftOptimizationLevel {
            let value: Int = switch craneliftOptimizationLevel {
            case .none: WASMTIME_OPT_LEVEL_NONE
            case .speed: WASMTIME_OPT_LEVEL_SPEED
            case .speedAndSize: WASMTIME_OPT_LEVEL_SPEED_AND_SIZE
            }
            wasmtime_config_cranelift_opt_level_set(raw, wasmtime_opt_level_t(value))
        }
        if let craneliftRegisterAllocator {
            let value: Int = switch craneliftRegisterAllocator {
            case .backtracking: WASMTIME_REGALLOC_BACKTRACKING
            case .singlePass: WASMTIME_REGALLOC_SINGLE_PASS
            }
            wasmtime_config_cranelift_regalloc_algorithm_set(raw, wasmtime_regalloc_algorithm_t(value))
        }
        if let profiler {
            let value: Int = switch profiler {
            case .none: WASMTIME_PROFILING_STRATEGY_NONE
            case .jitdump: WASMTIME_PROFILING_STRATEGY_JITDUMP
            case .vtune: WASMTIME_PROFILING_STRATEGY_VTUNE
            case .perfmap: WASMTIME_PROFILING_STRATEGY_PERFMAP
            }
            wasmtime_config_profiler_set(raw, wasmtime_profiling_strategy_t(value))
        }
        for flag in craneliftEnabledFlags.sorted() {
            wasmtime_config_cranelift_flag_enable(raw, flag)
        }
        for (name, value) in craneliftFlags.sorted(by: { $0.key < $1.key }) {
            wasmtime_config_cranelift_flag_set(raw, name, value)
        }
        if let target {
            try CAPI.check(wasmtime_config_target_set(raw, target), .configuration)
        }
        switch cache {
        case nil: break
        case .defaultConfiguration:
            try CAPI.check(wasmtime_config_cache_config_load(raw, nil), .configuration)
        case .configurationFile(let path):
            try CAPI.check(wasmtime_config_cache_config_load(raw, path), .configuration)
        }
        if case .pooling(let pooling) = allocationStrategy {
            let poolingRaw = pooling.makeRaw()
            // Not consumed by the setter: the C API copies it.
            defer { wasmtime_pooling_allocation_config_delete(poolingRaw) }
            wasmtime_pooling_allocation_strategy_set(raw, poolingRaw)
        }
    }
}

extension PoolingAllocationConfig {
    func makeRaw() -> OpaquePointer {
        let raw = wasmtime_pooling_allocation_config_new()!
        func set<T>(_ value: T?, _ setter: (OpaquePointer, T) -> Void) {
            if let value { setter(raw, value) }
        }
        set(maxUnusedWarmSlots, wasmtime_pooling_allocation_config_max_unused_warm_slots_set)
        set(decommitBatchSize, wasmtime_pooling_allocation_config_decommit_batch_size_set)
        set(asyncStackKeepResident, wasmtime_pooling_allocation_config_async_stack_keep_resident_set)
        set(linearMemoryKeepResident, wasmtime_pooling_allocation_config_linear_memory_keep_resident_set)
        set(tableKeepResident, wasmtime_pooling_allocation_config_table_keep_resident_set)
        set(totalComponentInstances, wasmtime_pooling_allocation_config_total_component_instances_set)
        set(maxComponentInstanceSize, wasmtime_pooling_allocation_config_max_component_instance_size_set)
        set(maxCoreInstancesPerComponent, wasmtime_pooling_allocation_config_max_core_instances_per_component_set)
        set(maxMemoriesPerComponent, wasmtime_pooling_allocation_config_max_memories_per_component_set)
        set(maxTablesPerComponent, wasmtime_pooling_allocation_config_max_tables_per_component_set)
        set(maxTablesPerModule, wasmtime_pooling_allocation_config_max_tables_per_module_set)
        set(tableElements, wasmtime_pooling_allocation_config_table_elements_set)
        set(maxMemoriesPerModule, wasmtime_pooling_allocation_config_max_memories_per_module_set)
        set(maxMemorySize, wasmtime_pooling_allocation_config_max_memory_size_set)
        set(totalCoreInstances, wasmtime_pooling_allocation_config_total_core_instances_set)
        set(maxCoreInstanceSize, wasmtime_pooling_allocation_config_max_core_instance_size_set)
        set(totalMemories, wasmtime_pooling_allocation_config_total_memories_set)
        set(totalTables, wasmtime_pooling_allocation_config_total_tables_set)
        set(totalStacks, wasmtime_pooling_allocation_config_total_stacks_set)
        set(totalGCHeaps, wasmtime_pooling_allocation_config_total_gc_heaps_set)
        return raw
    }
}
