import ArgumentParser
import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options for the on-disk cache of compiled code, shared by the commands
/// that compile modules.
///
/// `run` keeps the tool's own cache (``ArtifactCache``) in the directory;
/// `inspect`, and `run -W unknown-imports-default` (which reads table types
/// that a deserialized module no longer knows), use Wasmtime's cache there.
/// Either way entries are keyed by a hash of the module bytes, the compiler
/// version and every engine setting, so `run --fuel` and a plain `run` of
/// one module get separate entries.
struct CacheOptions: ParsableArguments {
    /// Overrides the default cache directory, as `--cache-dir` does.
    static let environmentVariable = "WASMTIME_SWIFT_CACHE_DIR"

    @Option(
        name: .customLong("cache-dir"),
        help: ArgumentHelp(
            "Directory of the compiled-code cache (default: $WASMTIME_SWIFT_CACHE_DIR, else $XDG_CACHE_HOME/wasmtime-swift, else ~/.cache/wasmtime-swift).",
            valueName: "dir"))
    var cacheDirectory: String?

    @Flag(name: .customLong("no-cache"), help: "Compile without reading or writing the cache.")
    var disableCache = false

    /// The directory to use, or `nil` when caching is off or no home is known.
    func directory() -> String? {
        disableCache ? nil : Self.directory(cacheDirectory)
    }

    /// `chosen` (from `--cache-dir`), else the default location from the environment.
    static func directory(_ chosen: String?) -> String? {
        if let chosen { return chosen }
        if let path = System.environment(Self.environmentVariable), !path.isEmpty { return path }
        if let path = System.environment("XDG_CACHE_HOME"), path.hasPrefix("/") {
            return path + "/wasmtime-swift"
        }
        if let home = System.environment("HOME"), !home.isEmpty {
            return home + "/.cache/wasmtime-swift"
        }
        return nil
    }

    /// The tool's own cache in `chosen` (else the default location) for
    /// engines built from `config`, or `nil` when no location is known.
    static func artifactCache(directory chosen: String?, config: Config) throws(Failure) -> ArtifactCache? {
        guard let directory = directory(chosen) else { return nil }
        return try ArtifactCache(root: directory, config: config)
    }

    /// Points `config` at Wasmtime's cache, writing the small TOML file Wasmtime
    /// reads its cache settings from into the cache directory itself (only
    /// when it is missing or different: a warm start just reads it).
    func apply(to config: inout Config) throws(Failure) {
        guard !disableCache else { return }
        try Self.apply(directory: cacheDirectory, to: &config)
    }

    /// Points `config` at the cache in `chosen`, else the default location.
    static func apply(directory chosen: String?, to config: inout Config) throws(Failure) {
        guard let directory = directory(chosen) else { return }
        let absolute = System.absolutePath(directory)
        let settings = "[cache]\ndirectory = \(tomlString(absolute))\n"
        let file = absolute + "/config.toml"
        if (try? ModuleFile.read(file, limit: 1 << 16)) != Array(settings.utf8) {
            guard System.makeDirectories(absolute), replace(file, with: settings) else {
                throw Failure("cannot use cache directory \(directory) (pass --no-cache to run without it)")
            }
        }
        config.cache = .configurationFile(file)
    }

    /// Writes `text` to a temporary file next to `path`, then renames it
    /// over `path`, so a concurrent run never reads half a file.
    private static func replace(_ path: String, with text: String) -> Bool {
        let temporary = "\(path).\(getpid()).tmp"
        do {
            try ModuleFile.write(Array(text.utf8), to: temporary)
        } catch {
            return false
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static func tomlString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let digits = String(scalar.value, radix: 16, uppercase: true)
                escaped += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
