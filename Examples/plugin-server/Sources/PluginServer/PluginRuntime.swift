import Wasmtime

/// The wasm side of the server: one engine with the pooling allocator, the
/// plugin compiled once and linked once (`InstancePre`), and one store per
/// request instantiated from it.
public final class PluginRuntime: Sendable {
    /// What a request may spend and how it is served.
    public struct Limits: Sendable {
        /// Fuel one request may burn before it is stopped (503).
        public var fuel: UInt64 = 5_000_000
        /// The plugin yields to the request's task every this many units
        /// of fuel, so a busy plugin shares its thread and notices
        /// cancellation.
        public var fuelYieldInterval: UInt64 = 20_000
        /// The largest request body the plugin may read (413 above it).
        public var bodyLimit = 16 * 1024
        /// How long the simulated backend takes for an ordinary lookup.
        public var backendDelay: Duration = .milliseconds(1)
        /// How long the backend takes for the `slow` route's lookup.
        public var slowBackendDelay: Duration = .seconds(30)
        /// Concurrent stores (pooling slots).
        public var poolSize: UInt32 = 512

        /// The defaults.
        public init() {}
    }

    /// How one request ended.
    public struct Outcome: Sendable {
        public var status: Int
        public var exchange: Exchange
    }

    public let limits: Limits
    public let stats = ServerStats()
    private let engine: Engine
    private let pre: InstancePre

    /// Compiles and links the plugin.
    public init(limits: Limits = Limits()) throws {
        self.limits = limits
        var pooling = PoolingAllocationConfig()
        pooling.totalCoreInstances = limits.poolSize
        pooling.totalMemories = limits.poolSize
        pooling.totalTables = limits.poolSize
        pooling.totalStacks = limits.poolSize
        pooling.maxMemorySize = 1 << 20
        // Reused fiber stacks stay resident up to this much (see Config docs).
        pooling.asyncStackKeepResident = 64 * 1024
        var config = Config()
        config.allocationStrategy = .pooling(pooling)
        config.consumeFuel = true
        config.memoryReservation = 1 << 20
        config.memoryGuardSize = 64 * 1024
        config.maxWasmStack = 256 * 1024
        config.asyncStackSize = 512 * 1024
        engine = try Engine(config)
        let module = try Module(engine: engine, wat: PluginGuest.wat)
        let linker = Linker(engine: engine)
        try Self.defineHostFunctions(in: linker, limits: limits)
        pre = try linker.instantiatePre(module)
    }

    /// The value the simulated backend returns for `key`.
    public static func backendValue(for key: Int32) -> Int32 {
        key &* 31 &+ 7
    }

    private static func defineHostFunctions(in linker: Linker, limits: Limits) throws {
        // Reads the whole request body (awaiting the network), returns its length.
        try linker.defineAsyncFunction("http", "body_length") {
            (caller: borrowing Caller) -> @Sendable () async throws -> Int32 in
            guard let exchange = caller.data(as: Exchange.self) else { throw PluginError.noExchange }
            return { Int32(try await exchange.receiveBody()) }
        }
        // Copies the body read by body_length into the plugin's memory.
        try linker.defineFunction("http", "body_copy") { (caller: borrowing Caller, address: Int32) in
            guard let exchange = caller.data(as: Exchange.self) else { throw PluginError.noExchange }
            try caller.memory("memory").write(exchange.receivedBytes(), at: UInt64(UInt32(bitPattern: address)))
        }
        // Appends plugin memory to the response.
        try linker.defineFunction("http", "respond") { (caller: borrowing Caller, address: Int32, count: Int32) in
            guard let exchange = caller.data(as: Exchange.self) else { throw PluginError.noExchange }
            guard count >= 0 else { throw PluginError.badLength }
            let bytes = try caller.memory("memory").read(at: UInt64(UInt32(bitPattern: address)), count: Int(count))
            exchange.write(bytes)
        }
        // The simulated slow backend: the plugin is suspended while it waits.
        let (fast, slow) = (limits.backendDelay, limits.slowBackendDelay)
        try linker.defineAsyncFunction("backend", "lookup") { (key: Int32, kind: Int32) async throws -> Int32 in
            let delay = kind == 0 ? fast : slow
            if delay > .zero { try await Task.sleep(for: delay) }
            return backendValue(for: key)
        }
    }

    /// Runs the plugin's `route` export for one request in a store of its
    /// own, within the fuel budget. Cancelling the calling task stops the
    /// plugin at its next yield or host call.
    public func run(route: String, exchange: Exchange) async throws -> Outcome {
        stats.started()
        defer { stats.finished() }
        let store = Store(engine: engine, data: exchange)
        try store.setFuel(limits.fuel)
        try store.setAsyncYieldInterval(fuel: limits.fuelYieldInterval)
        do {
            let instance = try await pre.instantiateAsync(in: store)
            let handler = try instance.function(route, Void.self, Int32.self)
            let status = try await handler.callAsync()
            stats.record(.handled)
            return Outcome(status: Int(status), exchange: exchange)
        } catch let trap as Trap where trap.code == .outOfFuel {
            stats.record(.budgetExhausted)
            throw PluginError.budgetExhausted
        } catch let trap as Trap where trap.code == .interrupt {
            stats.record(.cancelled)
            throw CancellationError()
        } catch is CancellationError {
            stats.record(.cancelled)
            throw CancellationError()
        } catch {
            stats.record(.failed)
            throw error
        }
    }
}

/// Why a request's plugin did not answer.
public enum PluginError: Error, Sendable {
    /// The plugin ran out of fuel.
    case budgetExhausted
    /// A host function ran outside a request's store.
    case noExchange
    /// The plugin passed a negative length.
    case badLength
}
