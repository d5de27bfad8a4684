import ArgumentParser

/// `-S` / `--wasi`: what the WASI preview 1 guest may use, with the keys of
/// Wasmtime's CLI.
extension RunSettings {
    static let wasiHelp: [(String, String)] = [
        ("cli[=y|n]", "Define the WASI preview 1 imports (default y); n leaves them undefined."),
        ("common[=y|n]", "Deprecated alias for cli."),
        ("inherit-env[=y|n]", "Pass every host environment variable (--env settings still win)."),
        ("inherit-network[=y|n]", "Let the guest use the host's network."),
        ("allow-ip-name-lookup[=y|n]", "Let the guest resolve host names."),
        ("tcp[=y|n]", "Accepted: preview 1 guests cannot open sockets, so there is nothing to switch."),
        ("udp[=y|n]", "Accepted: as tcp."),
        ("inherit-stdin[=y|n]", "Inherit standard input (default y; n gives the guest an empty one)."),
        ("inherit-stdout[=y|n]", "Inherit standard output (default y; n discards it)."),
        ("inherit-stderr[=y|n]", "Inherit standard error (default y; n discards it)."),
        ("preview2[=y|n]", "Accepted when y: Wasmtime's C API always implements preview 1 this way."),
        (
            "http[=y|n]",
            "Define wasi:http (outgoing requests) for components, after preview 2; refused for core modules (as Wasmtime does)."
        ),
    ]

    mutating func applyWASI(_ item: Item) throws {
        switch item.key {
        case "cli", "common": definesWASI = try Self.bool(item)
        case "inherit-env": inheritsEnvironment = try Self.bool(item)
        case "inherit-network": inheritsNetwork = try Self.bool(item)
        case "allow-ip-name-lookup": allowsNameLookup = try Self.bool(item)
        case "tcp", "udp": _ = try Self.bool(item)
        case "inherit-stdin": inheritsStandardInput = try Self.bool(item)
        case "inherit-stdout": inheritsStandardOutput = try Self.bool(item)
        case "inherit-stderr": inheritsStandardError = try Self.bool(item)
        case "preview2":
            try Self.unsupportedUnlessOn(item, why: "the C API has only the preview 2 based implementation")
        case "http": wantsHTTP = try Self.bool(item)
        case "cli-exit-with-code", "nn", "threads", "config", "keyvalue", "listenfd", "tls", "network-error-code",
            "preview0", "p3":
            try Self.unsupported(item, why: "Wasmtime's C API does not offer it")
        case "tcplisten", "cwd", "nn-graph", "config-var", "keyvalue-in-memory-data", "max-resources",
            "hostcall-fuel", "max-component-handles", "max-random-size", "max-http-fields-size",
            "http-outgoing-body-buffer-chunks", "http-outgoing-body-chunk-size":
            throw ValidationError(
                "\(item.spelling) is not supported by wasmtime-swift: Wasmtime's C API does not offer it")
        default:
            throw Self.unknown(item, flag: "S")
        }
    }
}
