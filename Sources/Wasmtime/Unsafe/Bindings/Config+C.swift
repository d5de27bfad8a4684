import CWasmtime

// MARK: - Building the C configuration

extension Config {
    /// Builds a fresh `wasm_config_t`; the engine constructor consumes it.
    func makeHandle() throws(WasmtimeError) -> ConfigHandle {
        let handle = ConfigHandle()
        unsafe try apply(to: handle.raw)
        return handle
    }

    private func apply(to raw: OpaquePointer) throws(WasmtimeError) {
        func set(_ value: Bool?, _ setter: (OpaquePointer, Bool) -> Void) {
            if let value { unsafe setter(raw, value) }
        }
        unsafe set(wasm.simd, wasmtime_config_wasm_simd_set)
        unsafe set(wasm.relaxedSIMD, wasmtime_config_wasm_relaxed_simd_set)
        unsafe set(wasm.relaxedSIMDDeterministic, wasmtime_config_wasm_relaxed_simd_deterministic_set)
        unsafe set(wasm.threads, wasmtime_config_wasm_threads_set)
        unsafe set(wasm.sharedMemory, wasmtime_config_shared_memory_set)
        unsafe set(wasm.referenceTypes, wasmtime_config_wasm_reference_types_set)
        unsafe set(wasm.gc, wasmtime_config_wasm_gc_set)
        unsafe set(wasm.functionReferences, wasmtime_config_wasm_function_references_set)
        unsafe set(wasm.tailCall, wasmtime_config_wasm_tail_call_set)
        unsafe set(wasm.exceptions, wasmtime_config_wasm_exceptions_set)
        unsafe set(wasm.multiMemory, wasmtime_config_wasm_multi_memory_set)
        unsafe set(wasm.multiValue, wasmtime_config_wasm_multi_value_set)
        unsafe set(wasm.bulkMemory, wasmtime_config_wasm_bulk_memory_set)
        unsafe set(wasm.memory64, wasmtime_config_wasm_memory64_set)
        unsafe set(wasm.wideArithmetic, wasmtime_config_wasm_wide_arithmetic_set)
        unsafe set(wasm.customPageSizes, wasmtime_config_wasm_custom_page_sizes_set)
        unsafe set(wasm.stackSwitching, wasmtime_config_wasm_stack_switching_set)
        unsafe set(wasm.branchHinting, wasmtime_config_wasm_branch_hinting_set)
        unsafe set(wasm.compactImports, wasmtime_config_wasm_compact_imports_set)
        unsafe set(wasm.componentModel, wasmtime_config_wasm_component_model_set)
        unsafe set(wasm.componentModelAsync, wasmtime_config_wasm_component_model_async_set)
        unsafe set(wasm.componentModelMap, wasmtime_config_wasm_component_model_map_set)
        // WORKAROUND(wasmtime-50): the engine aborts on these dependent defaults
        // instead of adjusting them.
        // Dependent defaults follow an explicit opt-out, as a user would expect:
        // without reference types the component model's async support (on by
        // default, unused here) must go, and without SIMD relaxed SIMD must.
        if wasm.referenceTypes == false && wasm.componentModelAsync == nil {
            unsafe wasmtime_config_wasm_component_model_async_set(raw, false)
        }
        if wasm.simd == false && wasm.relaxedSIMD == nil {
            unsafe wasmtime_config_wasm_relaxed_simd_set(raw, false)
        }
        unsafe set(consumeFuel, wasmtime_config_consume_fuel_set)
        unsafe set(epochInterruption, wasmtime_config_epoch_interruption_set)
        unsafe set(debugInfo, wasmtime_config_debug_info_set)
        unsafe set(craneliftNaNCanonicalization, wasmtime_config_cranelift_nan_canonicalization_set)
        unsafe set(craneliftDebugVerifier, wasmtime_config_cranelift_debug_verifier_set)
        unsafe set(parallelCompilation, wasmtime_config_parallel_compilation_set)
        unsafe set(memoryMayMove, wasmtime_config_memory_may_move_set)
        unsafe set(memoryInitCopyOnWrite, wasmtime_config_memory_init_cow_set)
        unsafe set(signalsBasedTraps, wasmtime_config_signals_based_traps_set)
        unsafe set(nativeUnwindInfo, wasmtime_config_native_unwind_info_set)
        unsafe set(gcSupport, wasmtime_config_gc_support_set)
        if let maxWasmStack {
            unsafe wasmtime_config_max_wasm_stack_set(raw, maxWasmStack)
        } else if let size = Config.debugBuildMaxWasmStack, asyncStackSize.map({ $0 > size }) ?? true {
            unsafe wasmtime_config_max_wasm_stack_set(raw, size)
        }
        if let asyncStackSize { unsafe wasmtime_config_async_stack_size_set(raw, asyncStackSize) }
        if let memoryReservation { unsafe wasmtime_config_memory_reservation_set(raw, memoryReservation) }
        if let memoryGuardSize { unsafe wasmtime_config_memory_guard_size_set(raw, memoryGuardSize) }
        if let memoryReservationForGrowth {
            unsafe wasmtime_config_memory_reservation_for_growth_set(raw, memoryReservationForGrowth)
        }
        if let strategy {
            let value: Int =
                switch strategy {
                case .auto: WASMTIME_STRATEGY_AUTO
                case .cranelift: WASMTIME_STRATEGY_CRANELIFT
                case .winch: WASMTIME_STRATEGY_WINCH
                }
            unsafe wasmtime_config_strategy_set(raw, wasmtime_strategy_t(value))
        }
        if let craneliftOptimizationLevel {
            let value: Int =
                switch craneliftOptimizationLevel {
                case .disabled: WASMTIME_OPT_LEVEL_NONE
                case .speed: WASMTIME_OPT_LEVEL_SPEED
                case .speedAndSize: WASMTIME_OPT_LEVEL_SPEED_AND_SIZE
                }
            unsafe wasmtime_config_cranelift_opt_level_set(raw, wasmtime_opt_level_t(value))
        }
        if let craneliftRegisterAllocator {
            let value: Int =
                switch craneliftRegisterAllocator {
                case .backtracking: WASMTIME_REGALLOC_BACKTRACKING
                case .singlePass: WASMTIME_REGALLOC_SINGLE_PASS
                }
            unsafe wasmtime_config_cranelift_regalloc_algorithm_set(raw, wasmtime_regalloc_algorithm_t(value))
        }
        if let profiler {
            let value: Int =
                switch profiler {
                case .none: WASMTIME_PROFILING_STRATEGY_NONE
                case .jitdump: WASMTIME_PROFILING_STRATEGY_JITDUMP
                case .vtune: WASMTIME_PROFILING_STRATEGY_VTUNE
                case .perfmap: WASMTIME_PROFILING_STRATEGY_PERFMAP
                }
            unsafe wasmtime_config_profiler_set(raw, wasmtime_profiling_strategy_t(value))
        }
        for flag in craneliftEnabledFlags.sorted() {
            unsafe wasmtime_config_cranelift_flag_enable(raw, flag)
        }
        for (name, value) in craneliftFlags.sorted(by: { $0.key < $1.key }) {
            unsafe wasmtime_config_cranelift_flag_set(raw, name, value)
        }
        if let target {
            do {
                unsafe try CAPI.check(wasmtime_config_target_set(raw, target), .configuration)
            } catch {
                throw WasmtimeError(.configuration, "target \"\(target)\": \(error.message)")
            }
        }
        switch cache {
        case nil: break
        case .defaultConfiguration:
            unsafe try CAPI.check(wasmtime_config_cache_config_load(raw, nil), .configuration)
        case .configurationFile(let path):
            unsafe try CAPI.check(wasmtime_config_cache_config_load(raw, path), .configuration)
        }
        if case .pooling(let pooling) = allocationStrategy {
            let poolingRaw = unsafe pooling.makeRaw()
            // Not consumed by the setter: the C API copies it.
            defer { unsafe wasmtime_pooling_allocation_config_delete(poolingRaw) }
            unsafe wasmtime_pooling_allocation_strategy_set(raw, poolingRaw)
        }
    }
}

extension PoolingAllocationConfig {
    func makeRaw() -> OpaquePointer {
        let raw = unsafe wasmtime_pooling_allocation_config_new()!
        func set<T>(_ value: T?, _ setter: (OpaquePointer, T) -> Void) {
            if let value { unsafe setter(raw, value) }
        }
        unsafe set(maxUnusedWarmSlots, wasmtime_pooling_allocation_config_max_unused_warm_slots_set)
        unsafe set(decommitBatchSize, wasmtime_pooling_allocation_config_decommit_batch_size_set)
        unsafe set(asyncStackKeepResident, wasmtime_pooling_allocation_config_async_stack_keep_resident_set)
        unsafe set(linearMemoryKeepResident, wasmtime_pooling_allocation_config_linear_memory_keep_resident_set)
        unsafe set(tableKeepResident, wasmtime_pooling_allocation_config_table_keep_resident_set)
        unsafe set(totalComponentInstances, wasmtime_pooling_allocation_config_total_component_instances_set)
        unsafe set(maxComponentInstanceSize, wasmtime_pooling_allocation_config_max_component_instance_size_set)
        unsafe set(
            maxCoreInstancesPerComponent, wasmtime_pooling_allocation_config_max_core_instances_per_component_set)
        unsafe set(maxMemoriesPerComponent, wasmtime_pooling_allocation_config_max_memories_per_component_set)
        unsafe set(maxTablesPerComponent, wasmtime_pooling_allocation_config_max_tables_per_component_set)
        unsafe set(maxTablesPerModule, wasmtime_pooling_allocation_config_max_tables_per_module_set)
        unsafe set(tableElements, wasmtime_pooling_allocation_config_table_elements_set)
        unsafe set(maxMemoriesPerModule, wasmtime_pooling_allocation_config_max_memories_per_module_set)
        unsafe set(maxMemorySize, wasmtime_pooling_allocation_config_max_memory_size_set)
        unsafe set(totalCoreInstances, wasmtime_pooling_allocation_config_total_core_instances_set)
        unsafe set(maxCoreInstanceSize, wasmtime_pooling_allocation_config_max_core_instance_size_set)
        unsafe set(totalMemories, wasmtime_pooling_allocation_config_total_memories_set)
        unsafe set(totalTables, wasmtime_pooling_allocation_config_total_tables_set)
        unsafe set(totalStacks, wasmtime_pooling_allocation_config_total_stacks_set)
        unsafe set(totalGCHeaps, wasmtime_pooling_allocation_config_total_gc_heaps_set)
        return unsafe raw
    }
}
