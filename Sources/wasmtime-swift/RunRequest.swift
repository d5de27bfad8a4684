/// What `run` was asked to do, however its arguments were parsed: by
/// ArgumentParser (``Run``), or by ``RunRequest/init(quickly:)`` on the
/// start-up path.
struct RunRequest {
    var wasm: [String] = []
    var wasi: [String] = []
    var optimize: [String] = []
    var codegen: [String] = []
    var debug: [String] = []
    var directories: [DirectoryMapping] = []
    var readOnlyDirectories: [DirectoryMapping] = []
    var environment: [EnvironmentSetting] = []
    var invoke: String?
    var argv0: String?
    var preload: [Preload] = []
    var profile: String?
    var fuel: UInt64?
    var timeout: TimeoutDuration?
    var maxMemory: ByteCount?
    var maxTableElements: Int?
    var inheritNetwork = false
    var allowsNameLookup = false
    var allowPrecompiled = false
    var cacheDirectory: String?
    var disableCache = false
    var file = ""
    var arguments: [String] = []
}

extension RunRequest {
    /// Parses `run`'s arguments (after `run`) without ArgumentParser, whose
    /// reflection-driven parsing costs more than everything else a short
    /// run does. Only plainly valid command lines are taken; `nil` for
    /// anything else (help, unknown options, bad values), which then goes
    /// through ArgumentParser for its diagnostics and usage text.
    init?(quickly arguments: ArraySlice<String>) {
        var remaining = arguments[...]
        while let argument = remaining.first {
            remaining = remaining.dropFirst()
            guard argument.hasPrefix("-"), argument != "-" else {
                file = argument
                self.arguments = Array(remaining)
                guard settingsAreValid else { return nil }
                return
            }
            // `--name=value`, `--name value`, `-W value` and `-Wvalue`.
            var name = argument
            var attached: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            } else if !argument.hasPrefix("--"), argument.count > 2 {
                name = String(argument.prefix(2))
                attached = String(argument.dropFirst(2))
            }
            func value() -> String? {
                if let attached { return attached }
                guard let next = remaining.first, !next.hasPrefix("-") else { return nil }
                remaining = remaining.dropFirst()
                return next
            }
            func flag() -> Bool? { attached == nil ? true : nil }
            switch name {
            case "-W", "--wasm":
                guard let v = value() else { return nil }
                wasm.append(v)
            case "-S", "--wasi":
                guard let v = value() else { return nil }
                wasi.append(v)
            case "-O", "--optimize":
                guard let v = value() else { return nil }
                optimize.append(v)
            case "-C", "--codegen":
                guard let v = value() else { return nil }
                codegen.append(v)
            case "-D", "--debug":
                guard let v = value() else { return nil }
                debug.append(v)
            case "--dir", "--read-only-dir":
                guard let v = value(), let mapping = DirectoryMapping(argument: v) else { return nil }
                if name == "--dir" { directories.append(mapping) } else { readOnlyDirectories.append(mapping) }
            case "--env":
                guard let v = value(), let setting = EnvironmentSetting(argument: v) else { return nil }
                environment.append(setting)
            case "--invoke":
                guard let v = value() else { return nil }
                invoke = v
            case "--argv0":
                guard let v = value() else { return nil }
                argv0 = v
            case "--profile":
                guard let v = value() else { return nil }
                profile = v
            case "--preload":
                guard let v = value(), let item = try? Preload.parse(v) else { return nil }
                preload.append(item)
            case "--fuel":
                guard let v = value(), let n = UInt64(v) else { return nil }
                fuel = n
            case "--timeout":
                guard let v = value(), let duration = TimeoutDuration(argument: v) else { return nil }
                timeout = duration
            case "--max-memory":
                guard let v = value(), let size = ByteCount(argument: v) else { return nil }
                maxMemory = size
            case "--max-table-elements":
                guard let v = value(), let n = Int(v) else { return nil }
                maxTableElements = n
            case "--cache-dir":
                guard let v = value() else { return nil }
                cacheDirectory = v
            case "--inherit-network":
                guard let on = flag() else { return nil }
                inheritNetwork = on
            case "--allow-ip-name-lookup":
                guard let on = flag() else { return nil }
                allowsNameLookup = on
            case "--allow-precompiled":
                guard let on = flag() else { return nil }
                allowPrecompiled = on
            case "--no-cache":
                guard let on = flag() else { return nil }
                disableCache = on
            default: return nil
            }
        }
        return nil  // no FILE
    }

    /// `run`'s options that take a value, by every spelling but `--name=value`.
    static let valueOptions: Set<String> = [
        "-W", "--wasm", "-S", "--wasi", "-O", "--optimize", "-C", "--codegen", "-D", "--debug", "--dir",
        "--read-only-dir", "--env", "--invoke", "--argv0", "--profile", "--preload", "--fuel", "--timeout",
        "--max-memory", "--max-table-elements", "--cache-dir",
    ]

    /// The command line with `-Wkey=value` (and -S, -O, -C, -D) split into
    /// `-W key=value` before FILE: ArgumentParser reads a joined short option
    /// containing `=` as an unknown option.
    static func splittingJoinedOptions(_ arguments: [String]) -> [String] {
        guard arguments.first == "run" else { return arguments }
        var result = ["run"]
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !argument.hasPrefix("-") || argument == "--" {
                result.append(argument)
                break
            }
            if !argument.hasPrefix("--"), argument.count > 2,
                ["W", "S", "O", "C", "D"].contains(argument.dropFirst().prefix(1))
            {
                result += [String(argument.prefix(2)), String(argument.dropFirst(2))]
                continue
            }
            result.append(argument)
            if valueOptions.contains(argument), index < arguments.count {
                result.append(arguments[index])
                index += 1
            }
        }
        return result + arguments[index...]
    }

    /// Whether the `-W`/`-S`/`-O`/`-C`/`-D` lists and `--profile` are valid.
    private var settingsAreValid: Bool {
        (try? RunSettings(self)) != nil
    }
}
