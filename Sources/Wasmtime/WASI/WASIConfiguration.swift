import CWasmtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// Where standard output or error goes.
    public enum Output: Sendable {
        /// Nowhere (the default).
        case discard
        /// The host process's own stream.
        case inherit
        /// A host file, created or truncated.
        case file(String)
        /// A Swift closure, called with each chunk the guest writes.
        case handler(@Sendable (UnsafeRawBufferPointer) -> Void)
        /// An in-memory buffer the caller reads afterwards.
        case buffer(WASIOutputBuffer)
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

    func append(_ chunk: UnsafeRawBufferPointer) {
        storage.withLock { $0.append(contentsOf: chunk) }
    }
}

// MARK: - Building the C configuration

/// The `env` of a custom output stream: owns the Swift handler.
private final class OutputSink {
    let handler: @Sendable (UnsafeRawBufferPointer) -> Void
    init(_ handler: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) { self.handler = handler }
}

private let outputSinkWrite: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Int = { env, data, count in
    let sink = Unmanaged<OutputSink>.fromOpaque(env!).takeUnretainedValue()
    sink.handler(UnsafeRawBufferPointer(start: data, count: count))
    return count
}

private let outputSinkRelease: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    Unmanaged<OutputSink>.fromOpaque(env!).release()
}

extension WASIConfiguration {
    /// Builds a `wasi_config_t`; `wasmtime_context_set_wasi` consumes it.
    func makeRaw() throws(WasmtimeError) -> OpaquePointer {
        let raw = wasi_config_new()!
        do {
            try apply(to: raw)
        } catch {
            wasi_config_delete(raw)
            throw error
        }
        return raw
    }

    private func apply(to raw: OpaquePointer) throws(WasmtimeError) {
        if inheritsArguments {
            wasi_config_inherit_argv(raw)
        } else if !arguments.isEmpty {
            guard withCStrings(arguments, { wasi_config_set_argv(raw, arguments.count, $0) }) else {
                throw WasmtimeError(.configuration, "WASI arguments must be valid UTF-8 without NUL bytes")
            }
        }
        if inheritsEnvironment {
            wasi_config_inherit_env(raw)
        } else if !environment.isEmpty {
            let names = environment.map(\.name), values = environment.map(\.value)
            let ok = withCStrings(names) { n in withCStrings(values) { v in wasi_config_set_env(raw, names.count, n, v) } }
            guard ok else { throw WasmtimeError(.configuration, "WASI environment variables must be valid UTF-8") }
        }
        switch standardInput {
        case .empty: break
        case .inherit: wasi_config_inherit_stdin(raw)
        case .bytes(let bytes):
            var vec = wasm_byte_vec_t()
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { wasm_byte_vec_new(&vec, $0.count, $0.baseAddress) }
            }
            wasi_config_set_stdin_bytes(raw, &vec)  // consumes the vector
        case .file(let path):
            guard wasi_config_set_stdin_file(raw, path) else {
                throw WasmtimeError(.io, "cannot open \(path) for standard input")
            }
        }
        try apply(standardOutput, to: raw, name: "standard output",
                  inherit: wasi_config_inherit_stdout, file: wasi_config_set_stdout_file,
                  custom: wasi_config_set_stdout_custom)
        try apply(standardError, to: raw, name: "standard error",
                  inherit: wasi_config_inherit_stderr, file: wasi_config_set_stderr_file,
                  custom: wasi_config_set_stderr_custom)
        for directory in preopenedDirectories {
            guard wasi_config_preopen_dir(raw, directory.hostPath, directory.guestPath, directory.isWritable) else {
                throw WasmtimeError(.io, "cannot preopen directory \(directory.hostPath)")
            }
        }
        if inheritsNetwork { wasi_config_inherit_network(raw) }
        if allowsNameLookup { wasi_config_allow_ip_name_lookup(raw, true) }
    }

    private func apply(
        _ output: Output, to raw: OpaquePointer, name: String,
        inherit: (OpaquePointer?) -> Void,
        file: (OpaquePointer?, UnsafePointer<CChar>?) -> Bool,
        custom: (OpaquePointer?, (@convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Int)?,
                 UnsafeMutableRawPointer?, (@convention(c) (UnsafeMutableRawPointer?) -> Void)?) -> Void
    ) throws(WasmtimeError) {
        let handler: (@Sendable (UnsafeRawBufferPointer) -> Void)?
        switch output {
        case .discard: return
        case .inherit: inherit(raw); return
        case .file(let path):
            guard file(raw, path) else { throw WasmtimeError(.io, "cannot open \(path) for \(name)") }
            return
        case .handler(let body): handler = body
        case .buffer(let buffer): handler = { buffer.append($0) }
        }
        let sink = Unmanaged.passRetained(OutputSink(handler!)).toOpaque()
        custom(raw, outputSinkWrite, sink, outputSinkRelease)
    }
}

/// Lends C strings for `strings` to `body` (an array of `char *`).
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)) { body($0) }
    }
}

extension AnyStore {
    /// Gives the store's WASI guests what `configuration` grants. Replaces
    /// any earlier configuration; needed before instantiating a module that
    /// imports WASI through a linker with ``Linker/defineWASI()``.
    public func setWASI(_ configuration: WASIConfiguration) throws(WasmtimeError) {
        let raw = try configuration.makeRaw()
        // Consumes the configuration, even on failure.
        try CAPI.check(wasmtime_context_set_wasi(context, raw), .configuration)
        hasWASI = true
    }
}

extension Linker {
    /// Defines the WASI preview 1 imports (`wasi_snapshot_preview1`). They
    /// act on the WASI configuration of the store a module is instantiated in.
    public func defineWASI() throws(WasmtimeError) {
        try CAPI.check(wasmtime_linker_define_wasi(raw), .linking)
        definesWASI = true
    }
}
