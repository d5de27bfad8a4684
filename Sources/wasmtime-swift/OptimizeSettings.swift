import ArgumentParser
import Wasmtime

/// `-O` / `--optimize`: code quality and memory layout, with the keys of
/// Wasmtime's CLI.
extension RunSettings {
    static let optimizeHelp: [(String, String)] =
        [
            ("opt-level=0|1|2|s", "Optimization level of generated code (default 2)."),
            ("regalloc-algorithm=backtracking|single-pass", "Register allocator."),
            ("memory-may-move[=y|n]", "Whether linear memories may move when they grow."),
            ("memory-reservation=N", "Bytes of address space reserved for each linear memory."),
            ("memory-reservation-for-growth=N", "Bytes reserved after a memory for it to grow into."),
            ("memory-guard-size=N", "Bytes of guard pages after each linear memory."),
            ("memory-init-cow[=y|n]", "Initialize memories with copy-on-write mappings."),
            ("signals-based-traps[=y|n]", "Use host signal handlers for traps."),
            ("pooling-allocator[=y|n]", "Use the pooling allocator."),
        ] + poolingKeys.map { ("\($0)=N", "Pooling allocator limit (implies pooling-allocator).") }

    static let poolingKeys = [
        "pooling-total-core-instances", "pooling-total-memories", "pooling-total-tables", "pooling-total-stacks",
        "pooling-max-memory-size", "pooling-table-elements", "pooling-max-core-instance-size",
        "pooling-max-unused-warm-slots", "pooling-decommit-batch-size", "pooling-memory-keep-resident",
        "pooling-table-keep-resident", "pooling-max-tables-per-module", "pooling-max-memories-per-module",
        "pooling-total-gc-heaps", "pooling-total-component-instances", "pooling-async-stack-keep-resident",
        "pooling-max-component-instance-size", "pooling-max-core-instances-per-component",
        "pooling-max-memories-per-component", "pooling-max-tables-per-component",
    ]

    mutating func applyOptimize(_ item: Item) throws {
        switch item.key {
        case "opt-level":
            switch item.value {
            case "0": config.craneliftOptimizationLevel = .disabled
            case "1", "2": config.craneliftOptimizationLevel = .speed
            case "s": config.craneliftOptimizationLevel = .speedAndSize
            default: throw ValidationError("\(item.spelling): use opt-level=0, 1, 2 or s")
            }
        case "regalloc-algorithm":
            switch item.value {
            case "backtracking": config.craneliftRegisterAllocator = .backtracking
            case "single-pass": config.craneliftRegisterAllocator = .singlePass
            default: throw ValidationError("\(item.spelling): use backtracking or single-pass")
            }
        case "memory-may-move": config.memoryMayMove = try Self.bool(item)
        case "memory-reservation": config.memoryReservation = UInt64(try Self.bytes(item))
        case "memory-reservation-for-growth": config.memoryReservationForGrowth = UInt64(try Self.bytes(item))
        case "memory-guard-size": config.memoryGuardSize = UInt64(try Self.bytes(item))
        case "memory-init-cow": config.memoryInitCopyOnWrite = try Self.bool(item)
        case "signals-based-traps": config.signalsBasedTraps = try Self.bool(item)
        case "pooling-allocator":
            if try Self.bool(item) {
                if case .pooling = config.allocationStrategy {} else { config.allocationStrategy = .pooling(.init()) }
            } else {
                config.allocationStrategy = .onDemand
            }
        case _ where Self.poolingKeys.contains(item.key):
            var pooling = PoolingAllocationConfig()
            if case .pooling(let current) = config.allocationStrategy { pooling = current }
            let value = try Self.int(item)
            let count = UInt32(clamping: value)
            switch item.key {
            case "pooling-total-core-instances": pooling.totalCoreInstances = count
            case "pooling-total-memories": pooling.totalMemories = count
            case "pooling-total-tables": pooling.totalTables = count
            case "pooling-total-stacks": pooling.totalStacks = count
            case "pooling-max-memory-size": pooling.maxMemorySize = value
            case "pooling-table-elements": pooling.tableElements = value
            case "pooling-max-core-instance-size": pooling.maxCoreInstanceSize = value
            case "pooling-max-unused-warm-slots": pooling.maxUnusedWarmSlots = count
            case "pooling-decommit-batch-size": pooling.decommitBatchSize = value
            case "pooling-memory-keep-resident": pooling.linearMemoryKeepResident = value
            case "pooling-table-keep-resident": pooling.tableKeepResident = value
            case "pooling-max-tables-per-module": pooling.maxTablesPerModule = count
            case "pooling-max-memories-per-module": pooling.maxMemoriesPerModule = count
            case "pooling-total-gc-heaps": pooling.totalGCHeaps = count
            case "pooling-total-component-instances": pooling.totalComponentInstances = count
            case "pooling-async-stack-keep-resident": pooling.asyncStackKeepResident = value
            case "pooling-max-component-instance-size": pooling.maxComponentInstanceSize = value
            case "pooling-max-core-instances-per-component": pooling.maxCoreInstancesPerComponent = count
            case "pooling-max-memories-per-component": pooling.maxMemoriesPerComponent = count
            default: pooling.maxTablesPerComponent = count
            }
            config.allocationStrategy = .pooling(pooling)
        case "gc-heap-may-move", "gc-heap-reservation", "gc-heap-reservation-for-growth", "gc-heap-guard-size",
            "gc-heap-initial-size", "guard-before-linear-memory", "table-lazy-init", "pooling-memory-protection-keys",
            "pooling-max-memory-protection-keys", "memory-guaranteed-dense-image-size",
            "pooling-pagemap-scan",
            "dynamic-memory-guard-size", "static-memory-guard-size", "static-memory-forced",
            "static-memory-maximum-size", "dynamic-memory-reserved-for-growth", "gc-zeal-alloc-counter":
            throw ValidationError(
                "\(item.spelling) is not supported by wasmtime-swift: Wasmtime's C API has no such setting")
        default:
            throw Self.unknown(item, flag: "O")
        }
    }
}
