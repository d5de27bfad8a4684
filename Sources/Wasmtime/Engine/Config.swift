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
///
/// Each property names the Wasmtime 50 default it keeps when `nil` and links
/// to the matching method of Wasmtime's
/// [`Config`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html).
/// Defaults of WebAssembly features were checked against the Wasmtime 50.0.1
/// library this package installs, on x86-64 Linux. A combination Wasmtime
/// rejects makes ``Engine/init(_:)`` throw.
public struct Config: Sendable, Hashable {
    /// WebAssembly proposals to enable or disable.
    ///
    /// `nil` keeps Wasmtime's default for that proposal. Modules that use a
    /// disabled proposal fail to compile with a ``WasmtimeError`` of kind
    /// ``WasmtimeError/Kind/compilation``.
    public struct Features: Sendable, Hashable {
        /// Fixed-width SIMD: the `v128` type and its instructions.
        ///
        /// Wasmtime's default: on. Turning it off also turns off
        /// ``relaxedSIMD`` unless that is set explicitly.
        /// See [`Config::wasm_simd`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_simd).
        public var simd: Bool?
        /// Relaxed SIMD: instructions whose results may differ between
        /// hardware platforms (see ``relaxedSIMDDeterministic``).
        ///
        /// Wasmtime's default: on; it cannot be on while ``simd`` is off.
        /// See [`Config::wasm_relaxed_simd`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_relaxed_simd).
        public var relaxedSIMD: Bool?
        /// Makes relaxed SIMD results identical on every platform, at some
        /// cost in speed.
        ///
        /// Wasmtime's default: off (each platform uses its fastest lowering).
        /// See [`Config::relaxed_simd_deterministic`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.relaxed_simd_deterministic).
        public var relaxedSIMDDeterministic: Bool?
        /// Threads: shared memories in modules and atomic instructions
        /// (not the spawning of threads, which is up to the host).
        ///
        /// Wasmtime's default: on. Creating a shared memory from Swift also
        /// needs ``sharedMemory``.
        /// See [`Config::wasm_threads`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_threads).
        public var threads: Bool?
        /// Lets the host create a ``SharedMemory`` (needed with ``threads``).
        ///
        /// Wasmtime's default: off.
        /// See [`Config::shared_memory`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.shared_memory).
        public var sharedMemory: Bool?
        /// Reference types: `externref`, `funcref` and several tables per module.
        ///
        /// Wasmtime's default: on. Turning it off also turns off
        /// ``componentModelAsync`` (which needs it) unless that is set explicitly.
        /// See [`Config::wasm_reference_types`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_reference_types).
        public var referenceTypes: Bool?
        /// Garbage collection: `struct` and `array` types, `i31ref` and their
        /// instructions (see <doc:GCAndExceptions>).
        ///
        /// Wasmtime's default: on. Without ``Config/gcSupport`` modules that
        /// use GC types fail to compile.
        /// See [`Config::wasm_gc`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_gc).
        public var gc: Bool?
        /// Typed function references: non-nullable and concrete function
        /// reference types and `call_ref`.
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_function_references`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_function_references).
        public var functionReferences: Bool?
        /// Tail calls: `return_call` and `return_call_indirect`.
        ///
        /// Wasmtime's default: on with Cranelift (Winch does not support it).
        /// See [`Config::wasm_tail_call`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_tail_call).
        public var tailCall: Bool?
        /// Exception handling: tags, `throw` and `try_table`
        /// (see ``WasmException``).
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_exceptions`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_exceptions).
        public var exceptions: Bool?
        /// Multi-memory: more than one linear memory per module.
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_multi_memory`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_multi_memory).
        public var multiMemory: Bool?
        /// Multi-value: functions and blocks with more than one result.
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_multi_value`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_multi_value).
        public var multiValue: Bool?
        /// Bulk memory: `memory.copy`, `memory.fill`, passive segments.
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_bulk_memory`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_bulk_memory).
        public var bulkMemory: Bool?
        /// 64-bit memories and tables (`i64` addresses).
        ///
        /// Wasmtime's default: on (Wasmtime's own documentation of the method
        /// still says off; Wasmtime 50.0.1 compiles `(memory i64 1)` without it).
        /// See [`Config::wasm_memory64`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_memory64).
        public var memory64: Bool?
        /// Wide arithmetic: 128-bit add, subtract and multiply instructions.
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_wide_arithmetic`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_wide_arithmetic).
        public var wideArithmetic: Bool?
        /// Custom page sizes: memories with 1-byte pages instead of 64 KiB.
        ///
        /// Wasmtime's default: off.
        /// See [`Config::wasm_custom_page_sizes`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_custom_page_sizes).
        public var customPageSizes: Bool?
        /// Stack switching: continuation types and their instructions.
        ///
        /// Wasmtime's default: off. Only Cranelift on x86-64 Linux and macOS
        /// supports it.
        /// See [`Config::wasm_stack_switching`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_stack_switching).
        public var stackSwitching: Bool?
        /// Branch hinting: compile using the hints of the
        /// `metadata.code.branch_hint` custom section (never changes behavior).
        ///
        /// Wasmtime's default: off.
        /// See [`Config::wasm_branch_hinting`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_branch_hinting).
        public var branchHinting: Bool?
        /// Compact imports: the import section's grouped encodings, new in Wasmtime 50.
        ///
        /// Wasmtime's default: off.
        /// See [`Config::wasm_compact_imports`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_compact_imports).
        public var compactImports: Bool?
        /// The component model (``Component`` needs it).
        ///
        /// Wasmtime's default: on.
        /// See [`Config::wasm_component_model`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_component_model).
        public var componentModel: Bool?
        /// The component model's `map<K, V>` type.
        ///
        /// Wasmtime's default: off.
        /// See [`Config::wasm_component_model_map`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_component_model_map).
        public var componentModelMap: Bool?
        /// Async support of the component model: async lifts and lowers,
        /// `stream`, `future` and `error-context`.
        ///
        /// Wasmtime's default: on; requires ``referenceTypes``.
        /// See [`Config::wasm_component_model_async`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.wasm_component_model_async).
        public var componentModelAsync: Bool?
        /// Creates a feature set that keeps every default.
        public init() {}
    }

    /// Code generator.
    ///
    /// See [`Strategy`](https://docs.rs/wasmtime/50.0.1/wasmtime/enum.Strategy.html).
    public enum Strategy: Sendable, Hashable {
        /// Let Wasmtime choose (Cranelift on this platform).
        case auto
        /// The optimizing Cranelift compiler.
        case cranelift
        /// The fast baseline compiler Winch.
        case winch
    }

    /// How hard Cranelift optimizes generated code.
    ///
    /// There is deliberately no `none` case: on the optional
    /// ``Config/craneliftOptimizationLevel`` property, `.none` would mean
    /// "unset" (Wasmtime's default, which optimizes for speed).
    ///
    /// See [`OptLevel`](https://docs.rs/wasmtime/50.0.1/wasmtime/enum.OptLevel.html).
    public enum OptimizationLevel: Sendable, Hashable {
        /// No optimization: the fastest compilation and the slowest code
        /// (Cranelift's `opt_level = "none"`).
        case disabled
        /// Optimize for speed (Cranelift's `opt_level = "speed"`; Wasmtime's default).
        case speed
        /// Optimize for speed and code size (Cranelift's `opt_level = "speed_and_size"`).
        case speedAndSize
    }

    /// Register allocator used by Cranelift.
    ///
    /// See [`RegallocAlgorithm`](https://docs.rs/wasmtime/50.0.1/wasmtime/enum.RegallocAlgorithm.html).
    public enum RegisterAllocator: Sendable, Hashable {
        /// The backtracking allocator: slower compilation, faster code
        /// (Wasmtime's default).
        case backtracking
        /// The single-pass allocator: faster compilation, slower code.
        case singlePass
    }

    /// Native profiler integration.
    ///
    /// See [`ProfilingStrategy`](https://docs.rs/wasmtime/50.0.1/wasmtime/enum.ProfilingStrategy.html).
    public enum Profiler: Sendable, Hashable {
        /// No profiler integration (Wasmtime's default).
        case none
        /// Writes `jit-<pid>.dump` files for Linux `perf inject --jit`.
        case jitdump
        /// Registers compiled code with Intel VTune.
        case vtune
        /// Writes `/tmp/perf-<pid>.map` symbol maps for Linux `perf`.
        case perfmap
    }

    /// Where compiled code is cached on disk.
    public enum Cache: Sendable, Hashable {
        /// Wasmtime's default cache configuration file, if one exists.
        case defaultConfiguration
        /// A cache configuration file in Wasmtime's TOML format.
        case configurationFile(String)
    }

    /// How linear memories, tables and instances are allocated.
    ///
    /// See [`InstanceAllocationStrategy`](https://docs.rs/wasmtime/50.0.1/wasmtime/enum.InstanceAllocationStrategy.html).
    public enum AllocationStrategy: Sendable, Hashable {
        /// Allocate on demand (Wasmtime's default).
        case onDemand
        /// Preallocate slots in a pool, for fast instantiation.
        case pooling(PoolingAllocationConfig)
    }

    /// WebAssembly features.
    public var wasm = Features()
    /// Count fuel, so ``AnyStore/setFuel(_:)`` limits how much code runs.
    ///
    /// Instrumented code runs somewhat slower; a store starts with no fuel,
    /// so set some before calling into wasm. Running out traps with
    /// ``TrapCode/outOfFuel``.
    ///
    /// Wasmtime's default: off (the fuel accessors then throw).
    /// See [`Config::consume_fuel`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.consume_fuel).
    public var consumeFuel: Bool?
    /// Check the engine's epoch, so ``Engine/incrementEpoch()`` and
    /// ``AnyStore/withDeadline(_:resolution:_:)`` can interrupt running code.
    ///
    /// Cheaper than fuel, but not deterministic.
    ///
    /// Wasmtime's default: off.
    /// See [`Config::epoch_interruption`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.epoch_interruption).
    public var epochInterruption: Bool?
    /// Emit DWARF debug information for native debuggers (not with Winch).
    ///
    /// Wasmtime's default: off.
    /// See [`Config::debug_info`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.debug_info).
    public var debugInfo: Bool?
    /// Maximum wasm stack size in bytes. `nil` means Wasmtime's default,
    /// 512 KiB, in release builds, and 1 MiB in debug builds of this
    /// library (unless ``asyncStackSize`` is set no larger than that).
    ///
    /// The limit covers every native frame between the outermost entry
    /// into wasm and the innermost wasm frame, including the Swift frames of
    /// host functions that call back into wasm. Unoptimized (debug) Swift
    /// host-function frames take about 5 KB per host→wasm re-entry (typed
    /// host functions; more for untyped ones), against under 1 KB optimized,
    /// so with 512 KiB a debug build could nest only about 95 typed (65
    /// untyped) re-entries; the larger debug default allows about twice that.
    ///
    /// Wasm runs on the calling thread's stack, so a thread that calls into
    /// wasm needs more native stack than this plus its own frames: on a
    /// thread with a smaller stack, deep recursion reaches the thread's guard
    /// page before Wasmtime's limit and the process crashes instead of
    /// trapping. Main, Dispatch and Swift concurrency threads are large
    /// enough; lower this for threads you create with small stacks.
    ///
    /// Exceeding the limit traps with ``TrapCode/stackOverflow``.
    /// See [`Config::max_wasm_stack`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.max_wasm_stack).
    public var maxWasmStack: Int?

    /// The wasm stack limit used when ``maxWasmStack`` is `nil`, if it
    /// differs from Wasmtime's default (see ``maxWasmStack``).
    static var debugBuildMaxWasmStack: Int? {
        #if DEBUG
        1 << 20
        #else
        nil
        #endif
    }
    /// Size in bytes of the fiber stack each async call runs wasm on (see
    /// <doc:Async>); must exceed ``maxWasmStack``. Wasmtime's default is 2 MiB.
    ///
    /// The difference between the two is what host functions called from
    /// async wasm have for their own frames.
    /// See [`Config::async_stack_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.async_stack_size).
    public var asyncStackSize: Int?
    /// Code generator.
    ///
    /// Wasmtime's default: ``Strategy/auto``, which is Cranelift here.
    /// See [`Config::strategy`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.strategy).
    public var strategy: Strategy?
    /// Cranelift optimization level; `nil` keeps Wasmtime's default
    /// (``OptimizationLevel/speed``). Use ``OptimizationLevel/disabled`` to
    /// turn optimization off.
    ///
    /// See [`Config::cranelift_opt_level`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_opt_level).
    public var craneliftOptimizationLevel: OptimizationLevel?
    /// Replace every NaN that float and SIMD operations produce with one
    /// canonical NaN, for deterministic results across platforms (slower).
    ///
    /// Wasmtime's default: off (the WebAssembly specification does not require it).
    /// See [`Config::cranelift_nan_canonicalization`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_nan_canonicalization).
    public var craneliftNaNCanonicalization: Bool?
    /// Run Cranelift's IR verifier on every function (slow; for debugging
    /// Wasmtime itself).
    ///
    /// Wasmtime's default: off.
    /// See [`Config::cranelift_debug_verifier`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_debug_verifier).
    public var craneliftDebugVerifier: Bool?
    /// Cranelift register allocator.
    ///
    /// Wasmtime's default: ``RegisterAllocator/backtracking``.
    /// See [`Config::cranelift_regalloc_algorithm`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_regalloc_algorithm).
    public var craneliftRegisterAllocator: RegisterAllocator?
    /// Raw Cranelift settings, `name -> value` (for example `"opt_level": "speed"`).
    ///
    /// Not a stable interface: names and values follow Cranelift's own
    /// settings. An unknown name or a bad value makes ``Engine/init(_:)``
    /// throw. Default: empty.
    /// See [`Config::cranelift_flag_set`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_flag_set).
    public var craneliftFlags: [String: String] = [:]
    /// Raw boolean Cranelift settings (or presets) to enable.
    ///
    /// Not a stable interface, like ``craneliftFlags``. Default: empty.
    /// See [`Config::cranelift_flag_enable`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cranelift_flag_enable).
    public var craneliftEnabledFlags: Set<String> = []
    /// Compile a module's functions on several threads.
    ///
    /// Wasmtime's default: on.
    /// See [`Config::parallel_compilation`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.parallel_compilation).
    public var parallelCompilation: Bool?
    /// Virtual address space reserved for each linear memory, in bytes.
    ///
    /// With the guard region, a large reservation lets compiled code skip
    /// bounds checks; memories that stay within it never move.
    ///
    /// Wasmtime's default: 4 GiB on 64-bit hosts (10 MiB on 32-bit hosts).
    /// See [`Config::memory_reservation`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.memory_reservation).
    public var memoryReservation: UInt64?
    /// Unmapped guard region after each linear memory, in bytes; out-of-bounds
    /// accesses fault there, which lets compiled code omit bounds checks
    /// for small offsets.
    ///
    /// Wasmtime's default: 32 MiB on 64-bit hosts (64 KiB on 32-bit hosts).
    /// See [`Config::memory_guard_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.memory_guard_size).
    public var memoryGuardSize: UInt64?
    /// Extra address space, in bytes, reserved past a linear memory's size
    /// when it outgrows ``memoryReservation`` and moves, so that later
    /// growth can happen in place.
    ///
    /// Wasmtime's default: 2 GiB on 64-bit hosts (1 MiB on 32-bit hosts).
    /// See [`Config::memory_reservation_for_growth`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.memory_reservation_for_growth).
    public var memoryReservationForGrowth: UInt64?
    /// Whether linear memory may move to a new address when it grows.
    /// When `false`, a memory cannot grow beyond ``memoryReservation``.
    ///
    /// Wasmtime's default: on.
    /// See [`Config::memory_may_move`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.memory_may_move).
    public var memoryMayMove: Bool?
    /// Initialize linear memories copy-on-write from an image of the module's
    /// data segments, which makes instantiation much faster.
    ///
    /// Wasmtime's default: on.
    /// See [`Config::memory_init_cow`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.memory_init_cow).
    public var memoryInitCopyOnWrite: Bool?
    /// Use signal handlers (and guard pages) rather than explicit checks to
    /// detect out-of-bounds accesses and other traps.
    ///
    /// Turning it off makes generated code slower, and needs Cranelift's
    /// Spectre mitigations for heap and table accesses off as well.
    ///
    /// Wasmtime's default: on.
    /// See [`Config::signals_based_traps`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.signals_based_traps).
    public var signalsBasedTraps: Bool?
    /// Emit native unwind information (for example `.eh_frame`), so system
    /// unwinders and profilers can walk through wasm frames. Wasmtime's own
    /// backtraces do not need it.
    ///
    /// Wasmtime's default: on.
    /// See [`Config::native_unwind_info`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.native_unwind_info).
    public var nativeUnwindInfo: Bool?
    /// Enable GC support in the runtime. Without it, modules that use GC
    /// types fail to compile: not only ``Features/gc`` structs and arrays
    /// but also `externref` and `anyref` values.
    ///
    /// Wasmtime's default: on (the installed library is built with GC).
    /// See [`Config::gc_support`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.gc_support).
    public var gcSupport: Bool?
    /// Native profiler integration.
    ///
    /// Wasmtime's default: ``Profiler/none``.
    /// See [`Config::profiler`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.profiler).
    public var profiler: Profiler?
    /// Compile for another target triple, such as `"aarch64-apple-darwin"`;
    /// the resulting modules can only be serialized, not run here.
    ///
    /// Wasmtime's default: the host. An unknown triple makes
    /// ``Engine/init(_:)`` throw with Wasmtime's reason.
    /// See [`Config::target`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.target).
    public var target: String?
    /// On-disk cache of compiled code.
    ///
    /// Wasmtime's default: no cache (every module is compiled again).
    /// A cache configuration Wasmtime rejects makes ``Engine/init(_:)`` throw.
    /// See [`Config::cache`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.cache).
    public var cache: Cache?
    /// Allocation strategy.
    ///
    /// Wasmtime's default: ``AllocationStrategy/onDemand``.
    /// See [`Config::allocation_strategy`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.Config.html#method.allocation_strategy).
    public var allocationStrategy: AllocationStrategy?

    /// Creates a configuration that keeps every Wasmtime default.
    public init() {}
}

/// Limits of the pooling allocator; each `nil` keeps Wasmtime's default.
///
/// The pool reserves all of its slots when the engine is created, so the
/// totals bound both the address space it takes and how many instances,
/// memories, tables and stacks can be live at once; an instantiation beyond
/// them fails with a ``WasmtimeError`` of kind ``WasmtimeError/Kind/resourceLimit``.
/// The defaults below are Wasmtime 50's on 64-bit hosts.
///
/// See [`PoolingAllocationConfig`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html).
public struct PoolingAllocationConfig: Sendable, Hashable {
    /// How many previously used ("warm") slots may sit unused before the
    /// pool reuses them for other modules instead of taking fresh slots.
    ///
    /// Lower values bound the memory kept resident by idle slots.
    /// Wasmtime's default: 100.
    /// See [`max_unused_warm_slots`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_unused_warm_slots).
    public var maxUnusedWarmSlots: UInt32?
    /// How many freed slots are decommitted together in one batch
    /// (1 decommits each slot as soon as it is freed).
    ///
    /// Wasmtime's default: 1.
    /// See [`decommit_batch_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.decommit_batch_size).
    public var decommitBatchSize: Int?
    /// When Wasmtime zeroes async stacks before reusing them (its
    /// `async_stack_zeroing` setting: off by default, and not in the C API),
    /// how many bytes of each stack to zero with `memset` and keep resident
    /// instead of returning them to the operating system.
    ///
    /// Wasmtime's default: 0.
    /// See [`async_stack_keep_resident`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.async_stack_keep_resident).
    public var asyncStackKeepResident: Int?
    /// Bytes of each freed linear memory to reset with `memset` and keep
    /// resident, saving page faults when the slot is reused (Linux only).
    ///
    /// Wasmtime's default: 0.
    /// See [`linear_memory_keep_resident`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.linear_memory_keep_resident).
    public var linearMemoryKeepResident: Int?
    /// Bytes of each freed table to reset with `memset` and keep resident
    /// (Linux only).
    ///
    /// Wasmtime's default: 0.
    /// See [`table_keep_resident`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.table_keep_resident).
    public var tableKeepResident: Int?
    /// How many component instances can be live at once.
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_component_instances`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_component_instances).
    public var totalComponentInstances: UInt32?
    /// Bytes of runtime metadata one component instance may take, its core
    /// instances included; a larger component fails to instantiate.
    ///
    /// Wasmtime's default: 1 MiB.
    /// See [`max_component_instance_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_component_instance_size).
    public var maxComponentInstanceSize: Int?
    /// How many core instances one component may contain.
    ///
    /// Wasmtime's default: unlimited.
    /// See [`max_core_instances_per_component`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_core_instances_per_component).
    public var maxCoreInstancesPerComponent: UInt32?
    /// How many linear memories one component may contain, counting those
    /// of its core instances.
    ///
    /// Wasmtime's default: unlimited.
    /// See [`max_memories_per_component`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_memories_per_component).
    public var maxMemoriesPerComponent: UInt32?
    /// How many tables one component may contain, counting those of its
    /// core instances.
    ///
    /// Wasmtime's default: unlimited.
    /// See [`max_tables_per_component`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_tables_per_component).
    public var maxTablesPerComponent: UInt32?
    /// How many tables one core module may define.
    ///
    /// Wasmtime's default: 1.
    /// See [`max_tables_per_module`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_tables_per_module).
    public var maxTablesPerModule: UInt32?
    /// Maximum number of elements of any table; a table whose minimum is
    /// larger fails to instantiate, and growth stops there.
    ///
    /// Wasmtime's default: 20,000.
    /// See [`table_elements`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.table_elements).
    public var tableElements: Int?
    /// How many linear memories one core module may define.
    ///
    /// Wasmtime's default: 1.
    /// See [`max_memories_per_module`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_memories_per_module).
    public var maxMemoriesPerModule: UInt32?
    /// Maximum linear memory size in bytes; a memory whose minimum is larger
    /// fails to instantiate, and growth stops there. It cannot exceed
    /// ``Config/memoryReservation``.
    ///
    /// Wasmtime's default: 4 GiB (10 MiB on 32-bit hosts).
    /// See [`max_memory_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_memory_size).
    public var maxMemorySize: Int?
    /// How many core instances can be live at once.
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_core_instances`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_core_instances).
    public var totalCoreInstances: UInt32?
    /// Bytes of runtime metadata one core instance may take (it grows with
    /// the module's functions, globals, memories, tables and types); a
    /// larger module fails to instantiate.
    ///
    /// Wasmtime's default: 1 MiB.
    /// See [`max_core_instance_size`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.max_core_instance_size).
    public var maxCoreInstanceSize: Int?
    /// How many linear memories can be live at once; each reserves
    /// ``Config/memoryReservation`` plus guard regions of address space.
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_memories`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_memories).
    public var totalMemories: UInt32?
    /// How many tables can be live at once.
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_tables`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_tables).
    public var totalTables: UInt32?
    /// How many async execution stacks can be live at once (one per async
    /// call in progress; see <doc:Async>).
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_stacks`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_stacks).
    public var totalStacks: UInt32?
    /// How many GC heaps can be live at once (one per store that uses GC).
    ///
    /// Wasmtime's default: 1000.
    /// See [`total_gc_heaps`](https://docs.rs/wasmtime/50.0.1/wasmtime/struct.PoolingAllocationConfig.html#method.total_gc_heaps).
    public var totalGCHeaps: UInt32?
    /// Creates a pooling configuration that keeps every default.
    public init() {}
}
