import ArgumentParser
import Wasmtime

/// `-W` / `--wasm`: the semantics of WebAssembly execution, with the keys of
/// Wasmtime's CLI.
extension RunSettings {
    static let wasmHelp: [(String, String)] =
        [
            ("fuel=N", "Enable fuel with N units; running out traps."),
            ("timeout=N|Ns|Nms|..", "Maximum execution time of wasm code (a bare number is seconds)."),
            ("max-wasm-stack=N", "Maximum stack, in bytes, wasm may use before a stack overflow."),
            ("max-memory-size=N", "Maximum size, in bytes, of any linear memory (default 1GiB)."),
            ("max-table-elements=N", "Maximum elements of any table (default 1000000)."),
            ("max-instances=N", "Maximum number of instances (default 10000)."),
            ("max-tables=N", "Maximum number of tables (default 16)."),
            ("max-memories=N", "Maximum number of linear memories (default 16)."),
            ("unknown-imports-trap[=y|n]", "Define unknown function imports as functions that fail when called."),
            (
                "unknown-imports-default[=y|n]",
                "Define unknown imports as functions returning zeros and default values."
            ),
            ("unknown-exports-allow[=y|n]", "Accepted; unknown exports are always allowed here."),
            ("nan-canonicalization[=y|n]", "Canonicalize NaN values."),
            ("epoch-interruption[=y|n]", "Compile with epoch checks."),
            ("all-proposals[=y|n]", "Enable every proposal listed below."),
        ] + featureNames.map { ("\($0)[=y|n]", "Configure support for the \($0) proposal.") }
        + [("gc-support[=y|n]", "Whether any GC infrastructure is enabled.")]

    static let featureNames = [
        "bulk-memory", "multi-memory", "multi-value", "reference-types", "simd", "relaxed-simd",
        "relaxed-simd-deterministic", "tail-call", "threads", "shared-memory", "memory64", "component-model",
        "component-model-async", "function-references", "stack-switching", "gc", "custom-page-sizes",
        "wide-arithmetic", "branch-hinting", "exceptions", "extended-const",
    ]

    /// Sets the proposal `name`; `false` for a name that is not a proposal.
    static func setFeature(_ name: String, _ on: Bool, in features: inout Config.Features) -> Bool {
        switch name {
        case "bulk-memory": features.bulkMemory = on
        case "multi-memory": features.multiMemory = on
        case "multi-value": features.multiValue = on
        case "reference-types": features.referenceTypes = on
        case "simd": features.simd = on
        case "relaxed-simd": features.relaxedSIMD = on
        case "relaxed-simd-deterministic": features.relaxedSIMDDeterministic = on
        case "tail-call": features.tailCall = on
        case "threads": features.threads = on
        case "shared-memory": features.sharedMemory = on
        case "memory64": features.memory64 = on
        case "component-model": features.componentModel = on
        case "component-model-async": features.componentModelAsync = on
        case "function-references": features.functionReferences = on
        case "stack-switching": features.stackSwitching = on
        case "gc": features.gc = on
        case "custom-page-sizes": features.customPageSizes = on
        case "wide-arithmetic": features.wideArithmetic = on
        case "branch-hinting": features.branchHinting = on
        case "exceptions": features.exceptions = on
        default: return false
        }
        return true
    }

    mutating func applyWasm(_ item: Item) throws {
        switch item.key {
        case "fuel":
            fuel = try Self.number(item)
            fuelSpelling = item.spelling
        case "timeout":
            guard let text = item.value, let duration = TimeoutDuration(argument: text, allowsBareSeconds: true) else {
                throw ValidationError("\(item.spelling): expected a duration such as 2, 2s, 500ms")
            }
            timeout = duration
            timeoutSpelling = item.spelling
        case "max-wasm-stack":
            let size = try Self.int(item)
            guard size > 0 else { throw ValidationError("\(item.spelling): max_wasm_stack size cannot be zero") }
            config.maxWasmStack = size
        case "max-memory-size": limits.memorySize = try Self.bytes(item)
        case "max-table-elements": limits.tableElements = try Self.int(item)
        case "max-instances": limits.instances = try Self.int(item)
        case "max-tables": limits.tables = try Self.int(item)
        case "max-memories": limits.memories = try Self.int(item)
        case "unknown-imports-trap":
            if try Self.bool(item) { unknownImports = .trap } else if unknownImports == .trap { unknownImports = .fail }
        case "unknown-imports-default":
            if try Self.bool(item) {
                unknownImports = .defaultValues
            } else if unknownImports == .defaultValues {
                unknownImports = .fail
            }
        case "unknown-exports-allow": _ = try Self.bool(item)
        case "nan-canonicalization": config.craneliftNaNCanonicalization = try Self.bool(item)
        case "epoch-interruption": config.epochInterruption = try Self.bool(item)
        case "gc-support": config.gcSupport = try Self.bool(item)
        case "all-proposals":
            let on = try Self.bool(item)
            for name in Self.featureNames { _ = Self.setFeature(name, on, in: &config.wasm) }
        case "extended-const":
            // Always on in Wasmtime; the C API has no switch for it.
            try Self.unsupportedUnlessOn(item, why: "the extended-const proposal is always enabled")
        case "trap-on-grow-failure", "async-stack-size", "async-stack-zeroing", "wmemcheck",
            "shared-everything-threads", "component-model-more-async-builtins", "component-model-async-stackful",
            "component-model-threading", "component-model-error-context", "component-model-gc",
            "component-model-map", "component-model-memory64", "component-model-fixed-length-lists",
            "component-model-implements", "concurrency-support":
            try Self.unsupported(item, why: "Wasmtime's C API has no such setting")
        default:
            guard Self.featureNames.contains(item.key) else { throw Self.unknown(item, flag: "W") }
            _ = Self.setFeature(item.key, try Self.bool(item), in: &config.wasm)
        }
    }

    /// A setting that is always on: `=y` is accepted, `=n` refused.
    static func unsupportedUnlessOn(_ item: Item, why: String) throws {
        if try bool(item) { return }
        throw ValidationError("\(item.spelling) is not supported by wasmtime-swift: \(why)")
    }
}
