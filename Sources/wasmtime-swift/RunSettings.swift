import ArgumentParser
import Wasmtime

/// Everything `run` was asked for, gathered from the `-W`, `-S`, `-O`, `-C`
/// and `-D` lists (in the order given, later items winning) and the
/// tool's own long options.
struct RunSettings {
    /// What to do with imports nothing defines.
    enum UnknownImports { case fail, trap, defaultValues }

    var config = Config()
    var fuel: UInt64?
    var timeout: TimeoutDuration?
    /// How the timeout was asked for, for messages (`-W timeout=2s` or `--timeout 2s`).
    var timeoutSpelling = ""
    var fuelSpelling = ""
    var limits = StoreLimits(
        memorySize: 1 << 30, tableElements: 1_000_000, instances: 10_000,
        tables: Run.maxTables, memories: Run.maxMemories)
    var unknownImports = UnknownImports.fail
    /// `-S cli=n`: no WASI imports at all.
    var definesWASI = true
    var inheritsEnvironment = false
    var inheritsNetwork = false
    var allowsNameLookup = false
    var inheritsStandardInput = true
    var inheritsStandardOutput = true
    var inheritsStandardError = true
    /// `-S http`: refused at run time for core modules, as Wasmtime's CLI does.
    var wantsHTTP = false
    var usesCache = true
    var cacheConfigurationFile: String?
    /// `--profile guest[,PATH[,INTERVAL]]`: sample the guest in process.
    var guestProfile: GuestProfileOptions?

    /// One `KEY[=VALUE]` item of a list.
    struct Item {
        var key: String
        var value: String?
        /// `-W key=value`, for messages.
        var spelling: String
    }

    init(_ run: RunRequest) throws {
        for argument in run.wasm {
            for item in Self.items(argument, flag: "W") { try applyWasm(item) }
        }
        for argument in run.wasi {
            for item in Self.items(argument, flag: "S") { try applyWASI(item) }
        }
        for argument in run.optimize {
            for item in Self.items(argument, flag: "O") { try applyOptimize(item) }
        }
        for argument in run.codegen {
            for item in Self.items(argument, flag: "C") { try applyCodegen(item) }
        }
        for argument in run.debug {
            for item in Self.items(argument, flag: "D") { try applyDebug(item) }
        }
        // The tool's own spellings, kept from before the -W options.
        if let fuel = run.fuel {
            self.fuel = fuel
            fuelSpelling = "--fuel \(fuel)"
        }
        if let timeout = run.timeout {
            self.timeout = timeout
            timeoutSpelling = "--timeout \(timeout)"
        }
        if let size = run.maxMemory { limits.memorySize = size.bytes }
        if let elements = run.maxTableElements { limits.tableElements = elements }
        if run.inheritNetwork { inheritsNetwork = true }
        if run.allowsNameLookup { allowsNameLookup = true }
        if run.disableCache { usesCache = false }
        if let profile = run.profile {
            if profile == "guest" || profile.hasPrefix("guest,") {
                guestProfile = try GuestProfileOptions(profile)
            } else {
                config.profiler = try Self.profiler(profile)
            }
        }

        if fuel != nil { config.consumeFuel = true }
        if timeout != nil || guestProfile != nil { config.epochInterruption = true }
    }

    /// The key list for `run -W help` (and -S, -O, -C, -D), which is
    /// answered before FILE is required.
    static func helpText(for arguments: ArraySlice<String>) -> String? {
        guard arguments.first == "run", arguments.contains(where: { $0.hasSuffix("help") || $0.hasSuffix("help-long") })
        else { return nil }
        let groups: [(short: String, long: String, help: [(String, String)])] = [
            ("W", "wasm", wasmHelp), ("S", "wasi", wasiHelp), ("O", "optimize", optimizeHelp),
            ("C", "codegen", codegenHelp), ("D", "debug", debugHelp),
        ]
        var previous = ""
        for argument in arguments.dropFirst() {
            defer { previous = argument }
            if argument == "--" { return nil }
            for group in groups {
                let asked = ["help", "help-long"]
                let value: String? =
                    if ["-" + group.short, "--" + group.long].contains(previous) {
                        argument
                    } else if argument.hasPrefix("-" + group.short), argument.count > 2 {
                        String(argument.dropFirst(2)).hasPrefix("=")
                            ? String(argument.dropFirst(3)) : String(argument.dropFirst(2))
                    } else if argument.hasPrefix("--\(group.long)=") {
                        String(argument.dropFirst(group.long.count + 3))
                    } else {
                        nil
                    }
                if let value, asked.contains(value) {
                    let width = group.help.map(\.0.count).max() ?? 0
                    let lines = group.help.map { key, text in
                        "  -\(group.short) " + String(repeating: " ", count: width - key.count) + key + " -- " + text
                    }
                    return "Available -\(group.short) options:\n\n" + lines.joined(separator: "\n")
                }
            }
        }
        return nil
    }

    /// Splits `-W a=1,b` into items.
    static func items(_ argument: String, flag: String) -> [Item] {
        argument.split(separator: ",", omittingEmptySubsequences: true).map { text in
            let part = String(text)
            guard let equals = part.firstIndex(of: "=") else {
                return Item(key: part, value: nil, spelling: "-\(flag) \(part)")
            }
            return Item(
                key: String(part[..<equals]), value: String(part[part.index(after: equals)...]),
                spelling: "-\(flag) \(part)")
        }
    }

    // MARK: Values

    /// `KEY`, `KEY=y|yes|true` or `KEY=n|no|false`.
    static func bool(_ item: Item) throws -> Bool {
        switch item.value {
        case nil, "", "y", "yes", "true": return true
        case "n", "no", "false": return false
        case let value?: throw ValidationError("\(item.spelling): unknown boolean '\(value)' (use y or n)")
        }
    }

    /// A non-negative integer, with `_` allowed between digits.
    static func number(_ item: Item) throws -> UInt64 {
        guard let text = item.value?.filter({ $0 != "_" }), let value = UInt64(text) else {
            throw ValidationError("\(item.spelling): expected \(item.key)=N with a whole number N")
        }
        return value
    }

    static func int(_ item: Item) throws -> Int {
        let value = try number(item)
        guard value <= UInt64(Int.max) else { throw ValidationError("\(item.spelling): too large") }
        return Int(value)
    }

    /// Bytes, optionally with a unit (`64M`, `2GiB`).
    static func bytes(_ item: Item) throws -> Int {
        guard let text = item.value, let count = ByteCount(argument: text.filter { $0 != "_" }) else {
            throw ValidationError("\(item.spelling): expected \(item.key)=N, a number of bytes (K, M, G, T allowed)")
        }
        return count.bytes
    }

    static func unknown(_ item: Item, flag: String) -> ValidationError {
        ValidationError("unknown -\(flag) option '\(item.key)' (see -\(flag) help)")
    }

    /// A setting Wasmtime's CLI has but this tool cannot offer: accepted when
    /// it asks for the default (a boolean `=n`), refused otherwise.
    static func unsupported(_ item: Item, why: String) throws {
        if item.value == "n" || item.value == "no" || item.value == "false" { return }
        throw ValidationError("\(item.spelling) is not supported by wasmtime-swift: \(why)")
    }

    /// `--profile perfmap|jitdump|vtune` (`guest` is ``GuestProfileOptions``).
    static func profiler(_ text: String) throws -> Config.Profiler {
        switch text {
        case "perfmap": return .perfmap
        case "jitdump": return .jitdump
        case "vtune": return .vtune
        default:
            throw ValidationError(
                "--profile \(text): unknown profiling strategy (use perfmap, jitdump, vtune or guest[,path[,interval]])"
            )
        }
    }
}
