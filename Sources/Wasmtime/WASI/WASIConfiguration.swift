import Synchronization

/// What a WASI preview 1 guest may see of the host: arguments, environment,
/// standard streams, directories and network.
///
/// Nothing is granted by default: no arguments, no environment variables,
/// empty standard input, discarded output, no files, no network. Attach a
/// configuration to a store with ``AnyStore/setWASI(_:)`` and define the WASI
/// imports with ``Linker/defineWASI()``.
///
/// ```swift
/// let output = WASIOutputBuffer()
/// var wasi = WASIConfiguration()
/// wasi.arguments = ["app", "--verbose"]
/// wasi.standardOutput = .buffer(output)
/// wasi.preopenedDirectories = [.init(hostPath: "/tmp/data", guestPath: "/data", isWritable: false)]
/// try store.setWASI(wasi)
/// ```
public struct WASIConfiguration: Sendable {
    /// Where standard input comes from.
    public enum Input: Sendable {
        /// An empty stream (the default).
        case empty
        /// These bytes.
        case bytes([UInt8])
        /// The contents of a host file.
        case file(String)
        /// The host process's own standard input.
        case inherit
    }

    /// A host directory made visible to the guest.
    public struct PreopenedDirectory: Sendable, Hashable {
        /// The directory on the host.
        public var hostPath: String
        /// The path the guest uses for it, such as `/data` or `.`.
        public var guestPath: String
        /// Whether the guest may create, change and delete files in it.
        public var isWritable: Bool

        /// Creates a preopened directory.
        public init(hostPath: String, guestPath: String, isWritable: Bool = false) {
            self.hostPath = hostPath
            self.guestPath = guestPath
            self.isWritable = isWritable
        }
    }

    /// The guest's `argv`, program name first.
    public var arguments: [String] = []
    /// Passes the host process's own arguments instead of ``arguments``.
    public var inheritsArguments = false
    /// Environment variables, in order.
    public var environment: [(name: String, value: String)] = []
    /// Passes the host process's whole environment instead of ``environment``.
    public var inheritsEnvironment = false
    /// Standard input.
    public var standardInput: Input = .empty
    /// Standard output.
    public var standardOutput: Output = .discard
    /// Standard error.
    public var standardError: Output = .discard
    /// Directories the guest may open files in; nothing else of the file system is reachable.
    public var preopenedDirectories: [PreopenedDirectory] = []
    /// Lets the guest use the host's network sockets.
    public var inheritsNetwork = false
    /// Lets the guest resolve host names.
    public var allowsNameLookup = false

    /// Creates a configuration that grants nothing.
    public init() {}
}

/// Collects what a WASI guest writes to a stream, safely across threads.
public final class WASIOutputBuffer: Sendable {
    private let storage = Lock<[UInt8]>([])

    /// Creates an empty buffer.
    public init() {}

    /// The bytes written so far.
    public var bytes: [UInt8] { storage.withLock { $0 } }

    /// The bytes written so far, decoded as UTF-8.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Forgets what was written.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }

    func append(_ chunk: [UInt8]) {
        storage.withLock { $0.append(contentsOf: chunk) }
    }
}

extension AnyStore {
    /// Gives the store's WASI guests what `configuration` grants. Replaces
    /// any earlier configuration; needed before instantiating a module that
    /// imports WASI through a linker with ``Linker/defineWASI()``.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/configuration``
    ///   for arguments or environment variables that are not valid UTF-8 (or
    ///   contain NUL bytes), and of kind ``WasmtimeError/Kind/io`` when a
    ///   standard stream's file or a preopened directory cannot be opened.
    public func setWASI(_ configuration: WASIConfiguration) throws(WasmtimeError) {
        try context.setWASI(configuration)
        hasWASI = true
    }
}

extension Linker {
    /// Defines the WASI preview 1 imports (`wasi_snapshot_preview1`). They
    /// act on the WASI configuration of the store a module is instantiated in.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/linking``
    ///   when a WASI name is already defined and ``allowsShadowing`` is off.
    public func defineWASI() throws(WasmtimeError) {
        try handle.defineWASI()
        definesWASI = true
    }
}
