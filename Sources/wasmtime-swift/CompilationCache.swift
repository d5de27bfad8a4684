import ArgumentParser
import Foundation
import Wasmtime

/// Options for the on-disk cache of compiled code, shared by the commands
/// that compile modules.
///
/// The cache is Wasmtime's own: entries are keyed by a hash of the module
/// bytes, the compiler version and every engine setting that affects code,
/// so `run --fuel` and a plain `run` of one module get separate entries.
struct CacheOptions: ParsableArguments {
    /// Overrides the default cache directory, as `--cache-dir` does.
    static let environmentVariable = "WASMTIME_SWIFT_CACHE_DIR"

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp(
        "Directory of the compiled-code cache (default: $WASMTIME_SWIFT_CACHE_DIR, else $XDG_CACHE_HOME/wasmtime-swift, else ~/.cache/wasmtime-swift).",
        valueName: "dir"))
    var cacheDirectory: String?

    @Flag(name: .customLong("no-cache"), help: "Compile without reading or writing the cache.")
    var disableCache = false

    /// The directory to use, or `nil` when caching is off or no home is known.
    func directory() -> String? {
        guard !disableCache else { return nil }
        if let cacheDirectory { return cacheDirectory }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[Self.environmentVariable], !path.isEmpty { return path }
        if let path = environment["XDG_CACHE_HOME"], path.hasPrefix("/") {
            return path + "/wasmtime-swift"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.cache/wasmtime-swift"
        }
        return nil
    }

    /// Points `config` at the cache, writing the small TOML file Wasmtime
    /// reads its cache settings from into the cache directory itself.
    func apply(to config: inout Config) throws(Failure) {
        guard let directory = directory() else { return }
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        let settings = "[cache]\ndirectory = \(tomlString(absolute))\n"
        let file = absolute + "/config.toml"
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            if (try? String(contentsOfFile: file, encoding: .utf8)) != settings {
                // Atomic, so a concurrent run never reads half a file.
                try Data(settings.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            }
        } catch {
            throw Failure("cannot use cache directory \(directory) (pass --no-cache to run without it)")
        }
        config.cache = .configurationFile(file)
    }

    private func tomlString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += String(format: "\\u%04X", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
