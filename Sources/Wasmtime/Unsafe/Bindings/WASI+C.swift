import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WASIConfiguration {
    /// Where standard output or error goes.
    @safe public enum Output: Sendable {
        /// Nowhere (the default).
        case discard
        /// The host process's own stream.
        case inherit
        /// A host file, created or truncated.
        case file(String)
        /// A Swift closure, called with each chunk the guest writes. Unsafe:
        /// the buffer is Wasmtime's and valid only during the call.
        @unsafe case handler(@Sendable (UnsafeRawBufferPointer) -> Void)
        /// An in-memory buffer the caller reads afterwards.
        case buffer(WASIOutputBuffer)
    }
}

/// The `env` of a custom output stream: owns the Swift handler.
@safe private final class OutputSink {
    let handler: @Sendable (UnsafeRawBufferPointer) -> Void
    init(_ handler: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) { unsafe self.handler = unsafe handler }
}

private let outputSinkWrite: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Int = {
    env, data, count in
    let sink = unsafe Unmanaged<OutputSink>.fromOpaque(env!).takeUnretainedValue()
    unsafe sink.handler(UnsafeRawBufferPointer(start: data, count: count))
    return count
}

private let outputSinkRelease: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<OutputSink>.fromOpaque(env!).release()
}

extension WASIConfiguration {
    /// Builds a `wasi_config_t`; `wasmtime_context_set_wasi` consumes it.
    func makeRaw() throws(WasmtimeError) -> OpaquePointer {
        let raw = unsafe wasi_config_new()!
        do {
            unsafe try apply(to: raw)
        } catch {
            unsafe wasi_config_delete(raw)
            throw error
        }
        return unsafe raw
    }

    private func apply(to raw: OpaquePointer) throws(WasmtimeError) {
        if inheritsArguments {
            unsafe wasi_config_inherit_argv(raw)
        } else if !arguments.isEmpty {
            guard unsafe withCStrings(arguments, { unsafe wasi_config_set_argv(raw, arguments.count, $0) }) else {
                throw WasmtimeError(.configuration, "WASI arguments must be valid UTF-8 without NUL bytes")
            }
        }
        if inheritsEnvironment {
            unsafe wasi_config_inherit_env(raw)
        } else if !environment.isEmpty {
            let names = environment.map(\.name)
            let values = environment.map(\.value)
            let ok = unsafe withCStrings(names) { n in
                unsafe withCStrings(values) { v in unsafe wasi_config_set_env(raw, names.count, n, v) }
            }
            guard ok else { throw WasmtimeError(.configuration, "WASI environment variables must be valid UTF-8") }
        }
        switch standardInput {
        case .empty: break
        case .inherit: unsafe wasi_config_inherit_stdin(raw)
        case .bytes(let bytes):
            var vec = unsafe wasm_byte_vec_t()
            unsafe bytes.withUnsafeBufferPointer { buffer in
                unsafe buffer.withMemoryRebound(to: CChar.self) {
                    unsafe wasm_byte_vec_new(&vec, $0.count, $0.baseAddress)
                }
            }
            unsafe wasi_config_set_stdin_bytes(raw, &vec)  // consumes the vector
        case .file(let path):
            guard unsafe wasi_config_set_stdin_file(raw, path) else {
                throw WasmtimeError(.io, "cannot open \(path) for standard input")
            }
        }
        unsafe try apply(
            standardOutput, to: raw, name: "standard output",
            inherit: wasi_config_inherit_stdout, file: wasi_config_set_stdout_file,
            custom: wasi_config_set_stdout_custom)
        unsafe try apply(
            standardError, to: raw, name: "standard error",
            inherit: wasi_config_inherit_stderr, file: wasi_config_set_stderr_file,
            custom: wasi_config_set_stderr_custom)
        for directory in preopenedDirectories {
            guard unsafe wasi_config_preopen_dir(raw, directory.hostPath, directory.guestPath, directory.isWritable)
            else {
                throw WasmtimeError(.io, "cannot preopen directory \(directory.hostPath)")
            }
        }
        if inheritsNetwork { unsafe wasi_config_inherit_network(raw) }
        if allowsNameLookup { unsafe wasi_config_allow_ip_name_lookup(raw, true) }
    }

    private func apply(
        _ output: Output, to raw: OpaquePointer, name: String,
        inherit: (OpaquePointer?) -> Void,
        file: (OpaquePointer?, UnsafePointer<CChar>?) -> Bool,
        custom: (
            OpaquePointer?, (@convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Int)?,
            UnsafeMutableRawPointer?, (@convention(c) (UnsafeMutableRawPointer?) -> Void)?
        ) -> Void
    ) throws(WasmtimeError) {
        let handler: (@Sendable (UnsafeRawBufferPointer) -> Void)?
        switch output {
        case .discard: return
        case .inherit:
            unsafe inherit(raw)
            return
        case .file(let path):
            guard unsafe file(raw, path) else { throw WasmtimeError(.io, "cannot open \(path) for \(name)") }
            return
        case .handler(let body): unsafe handler = unsafe body
        case .buffer(let buffer): unsafe handler = { unsafe buffer.append(Array($0)) }
        }
        let sink = unsafe Unmanaged.passRetained(OutputSink(handler!)).toOpaque()
        unsafe custom(raw, outputSinkWrite, sink, outputSinkRelease)
    }
}

/// Lends C strings for `strings` to `body` (an array of `char *`).
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = unsafe strings.map { unsafe strdup($0) }
    defer { for index in 0..<strings.count { unsafe free(pointers[index]) } }
    return unsafe pointers.withUnsafeMutableBufferPointer { buffer in
        unsafe buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)) {
            unsafe body($0)
        }
    }
}

extension StoreContext {
    func setWASI(_ configuration: WASIConfiguration) throws(WasmtimeError) {
        let raw = unsafe try configuration.makeRaw()
        // Consumes the configuration, even on failure.
        unsafe try CAPI.check(wasmtime_context_set_wasi(pointer, raw), .configuration)
    }
}
