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
        /// The component model (on by default; ``Component`` needs it).
        public var componentModel: Bool?
        /// The component model's `map<K, V>` type (off by default).
        public var componentModelMap: Bool?
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

    /// How hard Cranelift optimizes generated code.
    ///
    /// There is deliberately no `none` case: on the optional
    /// ``Config/craneliftOptimizationLevel`` property, `.none` would mean
    /// "unset" (Wasmtime's default, which optimizes for speed).
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
    public var asyncStackSize: Int?
    /// Code generator.
    public var strategy: Strategy?
    /// Cranelift optimization level; `nil` keeps Wasmtime's default
    /// (``OptimizationLevel/speed``). Use ``OptimizationLevel/disabled`` to
    /// turn optimization off.
    ///
    /// See [`Config::cranelift_opt_level`](https://docs.wasmtime.dev/api/wasmtime/struct.Config.html#method.cranelift_opt_level).
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
    /// Bytes of each pooled async fiber stack (see <doc:Async> and
    /// ``Config/asyncStackSize``) that stay resident when the stack goes
    /// back to the pool: Wasmtime resets that much with `memset` and
    /// returns the rest to the kernel, and never decommits the resident
    /// part. Rounded up to whole pages. Wasmtime's default is 0. Wasmtime
    /// uses it only when it zeroes async stacks on reuse
    /// (`async_stack_zeroing`, off by default and not settable through the
    /// C API of Wasmtime 50), so for now the value is passed on but changes
    /// nothing observable. See
    /// [PoolingAllocationConfig::async_stack_keep_resident](https://docs.wasmtime.dev/api/wasmtime/struct.PoolingAllocationConfig.html#method.async_stack_keep_resident).
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
    /// How many async fiber stacks the pool holds, which bounds the async
    /// calls in flight across every store of the engine (a further one
    /// fails to start with an error). Wasmtime's default is 1,000.
    public var totalStacks: UInt32?
    public var totalGCHeaps: UInt32?
    /// Creates a pooling configuration that keeps every default.
    public init() {}
}
