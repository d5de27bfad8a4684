import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A FILE argument: a binary module, a text module, or a module precompiled
/// by `wasmtime-swift compile`.
struct ModuleFile {
    /// The path as the user wrote it.
    let path: String
    /// Whether the file is loaded as precompiled machine code. Only files
    /// named `.cwasm` (what `compile` writes) or explicitly allowed are:
    /// loading one maps and runs its code as is, so it must be trusted.
    let isPrecompiled: Bool

    init(_ path: String, allowPrecompiled: Bool = false) {
        self.path = path
        isPrecompiled = allowPrecompiled || path.hasSuffix(".cwasm")
    }

    private static let wasmMagic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
    private static let elfMagic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]

    /// The module in the binary format, translated from text when needed.
    func wasmBytes() throws(Failure) -> [UInt8] {
        let bytes = try Self.read(path)
        if bytes.starts(with: Self.wasmMagic) { return bytes }
        if bytes.starts(with: Self.elfMagic) {
            throw Failure("\(path) is a precompiled module: name it .cwasm or pass --allow-precompiled to `run`")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure("\(path) is neither a WebAssembly binary nor WebAssembly text")
        }
        do {
            return try wat2wasm(text)
        } catch {
            throw Failure(OneLine.message(error.message, file: path))
        }
    }

    /// What a FILE holds once compiled: a core module or a component.
    enum Loaded {
        case module(Module)
        case component(Component)
    }

    /// Compiles (or, for a precompiled file, loads) the module for `engine`;
    /// a component is refused with a clear message (for `--preload`).
    func load(engine: Engine, cache: ArtifactCache? = nil) throws(Failure) -> Module {
        switch try loadAny(engine: engine, cache: cache) {
        case .module(let module): return module
        case .component:
            throw Failure("\(path) is a WebAssembly component: only core modules can be used here")
        }
    }

    /// Compiles (or, for a precompiled file, loads) the module or component
    /// in the file for `engine`; with a `cache`, loads its compiled code
    /// from there when an entry exists, else compiles it and writes one.
    func loadAny(engine: Engine, cache: ArtifactCache? = nil) throws(Failure) -> Loaded {
        if isPrecompiled {
            let header = try Self.read(path, limit: 4)
            guard header.starts(with: Self.elfMagic) else {
                throw Failure("\(path) is not a precompiled module (expected the output of `wasmtime-swift compile`)")
            }
            let moduleError: WasmtimeError
            do {
                return .module(try Module.deserialize(engine: engine, file: path))
            } catch {
                moduleError = error
            }
            // Wasmtime's artifacts do not say which kind they hold: a
            // component's is refused as a module's, so try it as one.
            do {
                return .component(try Component.deserialize(engine: engine, file: path))
            } catch {
                let isComponent =
                    moduleError.message.contains("incompatible object file format")
                    && !error.message.contains("incompatible object file format")
                throw Self.precompiledFailure(isComponent ? error : moduleError, path)
            }
        }
        let bytes = try wasmBytes()
        // Version 0x0d, layer 1: the component binary format.
        let kind: ArtifactCache.Kind = bytes.count >= 8 && bytes[4] == 0x0D && bytes[6] == 0x01 ? .component : .module
        guard let cache else { return try compile(bytes, kind, engine: engine) }
        if let loaded = cache.load(bytes, kind: kind, engine: engine) { return loaded }
        let loaded = try compile(bytes, kind, engine: engine)
        let serialized: [UInt8]?
        switch loaded {
        case .module(let module): serialized = try? module.serialize()
        case .component(let component): serialized = try? component.serialize()
        }
        if let serialized { cache.store(serialized, for: bytes, kind: kind) }
        return loaded
    }

    private func compile(_ bytes: [UInt8], _ kind: ArtifactCache.Kind, engine: Engine) throws(Failure) -> Loaded {
        switch kind {
        case .component:
            do {
                return .component(try Component(engine: engine, bytes: bytes))
            } catch {
                throw Failure(error, context: "invalid component \(path)")
            }
        case .module:
            do {
                return .module(try Module(engine: engine, bytes: bytes))
            } catch {
                throw Failure(error, context: "invalid module \(path)")
            }
        }
    }

    private static func precompiledFailure(_ error: WasmtimeError, _ path: String) -> Failure {
        var failure = Failure(error, context: "cannot load precompiled module \(path)")
        if error.message.contains("fuel support") || error.message.contains("epoch") {
            failure.message +=
                " (run with --fuel only what was compiled with --consume-fuel, "
                + "and with --timeout only what was compiled with --epoch-interruption)"
        }
        return failure
    }

    /// Reads a whole file (or its first `limit` bytes), with the system's reason on failure.
    static func read(_ path: String, limit: Int = .max) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw Failure("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes {
                fread($0.baseAddress, 1, min($0.count, limit - bytes.count), file)
            }
            bytes.append(contentsOf: chunk[..<count])
            if count == 0 { break }
        }
        if ferror(file) != 0 {
            throw Failure("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Writes `bytes` to `path`, replacing it.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        guard let file = fopen(path, "wb") else {
            throw Failure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let failed = written != bytes.count
        let reason = String(cString: strerror(errno))
        if fclose(file) != 0 || failed {
            throw Failure("cannot write \(path): \(reason)")
        }
    }

    /// `path` with its extension replaced by `newExtension`.
    static func replacingExtension(of path: String, with newExtension: String) -> String {
        let name = System.fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + "." + newExtension }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex))) + "." + newExtension
    }
}
