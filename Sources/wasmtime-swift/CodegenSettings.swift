import ArgumentParser
import Wasmtime

/// `-C` / `--codegen` and `-D` / `--debug`, with the keys of Wasmtime's CLI.
extension RunSettings {
    static let codegenHelp: [(String, String)] = [
        ("compiler=cranelift|winch", "Compiler for wasm code."),
        ("cache[=y|n]", "Use the compiled-code cache (default y; as --no-cache when n)."),
        ("cache-config=PATH", "Wasmtime cache settings file to use instead of the tool's own."),
        ("parallel-compilation[=y|n]", "Compile functions on several threads."),
        ("native-unwind-info[=y|n]", "Emit native unwind information."),
        ("cranelift-debug-verifier[=y|n]", "Run Cranelift's IR verifier."),
        ("cranelift-NAME[=VALUE]", "Set or enable the Cranelift setting NAME."),
    ]

    static let debugHelp: [(String, String)] = [
        ("debug-info[=y|n]", "Emit DWARF debug information for native debuggers.")
    ]

    mutating func applyCodegen(_ item: Item) throws {
        switch item.key {
        case "compiler":
            switch item.value {
            case "cranelift": config.strategy = .cranelift
            case "winch": config.strategy = .winch
            default: throw ValidationError("\(item.spelling): use compiler=cranelift or compiler=winch")
            }
        case "cache": usesCache = try Self.bool(item)
        case "cache-config":
            guard let path = item.value, !path.isEmpty else {
                throw ValidationError("\(item.spelling): expected cache-config=PATH")
            }
            cacheConfigurationFile = path
        case "parallel-compilation": config.parallelCompilation = try Self.bool(item)
        case "native-unwind-info": config.nativeUnwindInfo = try Self.bool(item)
        case "cranelift-debug-verifier": config.craneliftDebugVerifier = try Self.bool(item)
        case _ where item.key.hasPrefix("cranelift-") && item.key.count > "cranelift-".count:
            let name = String(item.key.dropFirst("cranelift-".count))
            if let value = item.value {
                config.craneliftFlags[name] = value
            } else {
                config.craneliftEnabledFlags.insert(name)
            }
        case "collector", "pcc", "inlining", "inlining-intra-module", "inlining-small-callee-size",
            "inlining-sum-size-threshold":
            throw ValidationError(
                "\(item.spelling) is not supported by wasmtime-swift: Wasmtime's C API has no such setting")
        default:
            throw Self.unknown(item, flag: "C")
        }
    }

    mutating func applyDebug(_ item: Item) throws {
        switch item.key {
        case "debug-info": config.debugInfo = try Self.bool(item)
        case "address-map", "logging", "log-to-files", "coredump", "debugger", "arg", "inherit-stdin",
            "inherit-stdout", "inherit-stderr", "guest-debug":
            throw ValidationError("\(item.spelling) is not supported by wasmtime-swift")
        default:
            throw Self.unknown(item, flag: "D")
        }
    }
}
